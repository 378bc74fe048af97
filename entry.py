"""The `backtofront` command's entry point: Ctrl-C handled from the first line.

Only the standard library is imported before the handler is in place, so an interrupt while click, rich
or the rules engine are still importing ends with exit 130 and one line, like one during a command."""

from __future__ import annotations

import sys


def interrupted() -> int:
    """Say so in one line; return the exit code for an interrupt (130)."""
    try:
        sys.stderr.write("Interrupted.\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return 130


def _from_interrupt(exc: BaseException | None) -> KeyboardInterrupt | None:
    """The KeyboardInterrupt `exc` was raised while handling, if any: Ctrl-C during an import can
    surface as another error (a RuntimeError from a class being built, say) with the interrupt as its
    cause."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def main() -> int:
    """Import and run the command line; returns its exit code."""
    from backtofront import stopping

    stopping.install()  # SIGTERM and SIGHUP stop a command as Ctrl-C does, exiting 128 + the signal
    try:
        from backtofront.cli import main as run

        code = run()
    except KeyboardInterrupt as exc:
        code = interrupted()
        code = 128 + exc.signum if isinstance(exc, stopping.Stopped) else code
    except Exception as exc:
        if not _from_interrupt(exc):
            raise
        code = interrupted()
        cause = _from_interrupt(exc)
        code = 128 + cause.signum if isinstance(cause, stopping.Stopped) else code
    import signal

    for signum in stopping.STOP_SIGNALS:  # only exiting is left: a late signal changes nothing
        signal.signal(signum, signal.SIG_IGN)
    _settle_output()
    return int(code)


def _settle_output() -> None:
    """Flush standard output and error now. One whose terminal or reader has gone (a closed terminal
    window: EIO; a closed pipe) is pointed at /dev/null, so that Python's own flush at exit cannot fail and
    turn the exit code (129 for a closed terminal) into 120."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            to_devnull(stream)


def to_devnull(stream) -> None:
    """Point `stream`'s descriptor at /dev/null: its reader or terminal has gone, and what is still written
    to it (a buffer flushed at exit) goes nowhere instead of failing. Quietly does nothing where it cannot."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
