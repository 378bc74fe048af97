"""Signals that stop a command the way Ctrl-C does: SIGTERM (`kill`) and SIGHUP (the terminal closed)
raise `Stopped`, a KeyboardInterrupt that carries the signal's number, so the command line exits with
128 + that number after the same clean-up as for Ctrl-C (exit 130). A signal already ignored when the
program starts (`nohup` ignores SIGHUP) stays ignored. Only the standard library is imported here: the
entry point installs this before anything else."""

from __future__ import annotations

import signal

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """Stopped by SIGTERM or SIGHUP rather than Ctrl-C. `signum`: the signal's number."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def stop_for(signum: int) -> KeyboardInterrupt:
    """The exception a stop signal raises: KeyboardInterrupt for Ctrl-C, else Stopped(signum)."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)


def raise_stopped(signum: int, frame: object) -> None:
    """A signal handler: raise the stop signal's exception."""
    raise stop_for(signum)


def ignored(signum: int) -> bool:
    """Whether `signum` is ignored in this process (as `nohup` leaves SIGHUP)."""
    return signal.getsignal(signum) == signal.SIG_IGN


def install() -> None:
    """SIGTERM and SIGHUP raise Stopped from now on, unless they are ignored."""
    for signum in STOP_SIGNALS:
        if signum != signal.SIGINT and not ignored(signum):
            signal.signal(signum, raise_stopped)


def ignore_all() -> None:
    """Ignore every stop signal from now on, and unblock them (a process started with them blocked,
    see `cohort.batch._while_workers_start`, discards any pending one): what a batch worker and its
    forkserver do, leaving stopping to the main process."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
