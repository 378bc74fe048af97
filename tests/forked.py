"""The command under a pseudo-terminal without starting Python again: `spawn` forks the test's own
process, which has imported the package and its libraries already, and runs the command line in the child
on the terminal's side, as the installed `backtofront` would after its start-up. A test gets an ordinary
`pexpect.spawn` (its pid is the command's: exit status, signals and Ctrl-C behave as for an installed run).

Python's own start-up is what a fork skips, so a run that depends on it is started for real: one whose
environment gives another text encoding than UTF-8 or holds a PYTHON* setting (is_utf8), and one with a
preexec_fn (what it sets may take effect only at exec). Each launch saves about a
third of a second of imports; the suite makes hundreds.

What the child sets up before the command runs, as a fresh interpreter would: the environment given (and
the locale from it), the working directory, the signal handlers Python starts with, standard streams on the
terminal (UTF-8; stderr with backslashreplace), sys.argv. It closes every inherited file descriptor above 2
(the test process's own files, and the pipe pexpect reads to learn that the child has started), and ends with
os._exit, so nothing of the test process runs twice."""

from __future__ import annotations

import io
import locale
import os
import signal
import sys
import traceback
from collections.abc import Callable

import pexpect

BIN = os.path.join(os.path.dirname(sys.executable), "backtofront")
FOLLOWED = {"PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}  # PYTHON* settings the forked child follows


def is_utf8(env: dict[str, str]) -> bool:
    """Whether a fresh interpreter started with `env` would start as the forked child does: a UTF-8 locale
    (or the C locale, which Python's start-up coerces to C.UTF-8 when LC_ALL is unset, PEP 538), and no
    PYTHON* setting that changes its start-up (the encoding, UTF-8 mode, the module path), given or taken
    away, other than PYTHONUNBUFFERED, which the child follows, and PYTHONDONTWRITEBYTECODE."""
    if {n for n in (*env, *os.environ) if n.startswith("PYTHON")} - FOLLOWED:
        return False
    if not env.get("LC_ALL") and (env.get("LC_CTYPE") or env.get("LANG") or "C") in ("C", "POSIX"):
        return True
    setting = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    return setting.lower().replace("-", "").endswith(".utf8")


def _stream(fd: int, writing: bool, errors: str) -> io.TextIOWrapper:
    """A standard stream as Python's start-up makes it (PYTHONUNBUFFERED: written through)."""
    raw = io.FileIO(fd, "w" if writing else "r", closefd=False)
    buffered: io.BufferedIOBase = io.BufferedWriter(raw) if writing else io.BufferedReader(raw)
    return io.TextIOWrapper(buffered, encoding="utf-8", errors=errors, line_buffering=raw.isatty(),
                            write_through=writing and bool(os.environ.get("PYTHONUNBUFFERED")))


def entry_main(args: list[str]) -> int:
    """What the installed `backtofront` runs: backtofront.entry.main with sys.argv[1:] as `args`."""
    from backtofront import entry

    return entry.main()


def _child(args: list[str], env: dict[str, str], run: Callable[[list[str]], int],
           setup: Callable[[], None] | None) -> None:
    """Runs in the forked child, on the terminal's side; never returns."""
    code = 1
    try:
        os.closerange(3, 1 << 16)
        os.environ.clear()
        os.environ.update(env)
        if (env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or "C") in ("C", "POSIX") \
                and not env.get("LC_ALL"):
            os.environ["LC_CTYPE"] = "C.UTF-8"  # as Python's start-up coerces the C locale (PEP 538)
        try:
            locale.setlocale(locale.LC_ALL, "")
        except locale.Error:
            pass
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGALRM, signal.SIGUSR1,
                       signal.SIGUSR2, signal.SIGCHLD, signal.SIGWINCH):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as Python's start-up leaves it
        sys.stdin = sys.__stdin__ = _stream(0, False, "strict")
        sys.stdout = sys.__stdout__ = _stream(1, True, "strict")
        sys.stderr = sys.__stderr__ = _stream(2, True, "backslashreplace")
        sys.argv = [BIN, *args]
        if setup is not None:
            setup()
        code = run(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int | None):
            print(exc.code, file=sys.stderr)
    except KeyboardInterrupt:  # as Python ends on an unhandled Ctrl-C: killed by SIGINT
        _flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except BaseException:  # noqa: BLE001 - as Python ends on an unhandled error: the traceback, exit 1
        traceback.print_exc()
        code = 1
    _flush()
    os._exit(code & 0xFF if isinstance(code, int) else 1)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass


def spawn(args: list[str], *, env: dict[str, str], run: Callable[[list[str]], int] = entry_main,
          setup: Callable[[], None] | None = None, preexec_fn: Callable[[], None] | None = None,
          **kwargs) -> pexpect.spawn:
    """`run(args)` (by default the installed command's entry point) under a new pseudo-terminal, in a fork of
    this process: pexpect.spawn's keyword arguments (dimensions, cwd, encoding, timeout, ...) as for
    `pexpect.spawn(BIN, args, env=env, **kwargs)`. `setup()` runs in the child first (to put in a test's
    question bank, say). An environment that a fresh interpreter would read differently (see is_utf8) gets a
    real start of `BIN` instead, for a `run` of entry_main; any other `run` needs a UTF-8 one. So does a
    `preexec_fn` (pexpect's): what it sets may take effect only at exec (the capabilities read_only.py drops,
    for one)."""
    if preexec_fn is not None or not is_utf8(env):
        if run is not entry_main or setup is not None:
            raise ValueError("a forked run needs a UTF-8 environment and no preexec_fn: start it for real")
        return pexpect.spawn(BIN, args, env=env, preexec_fn=preexec_fn, **kwargs)
    return pexpect.spawn(sys.executable, [], env=env,
                         preexec_fn=lambda: _child(list(args), dict(env), run, setup), **kwargs)
