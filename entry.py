"""The `backtofront` command's entry point: Ctrl-C handled from the first line.

Only the standard library is imported before the handler is in place, so an interrupt while click, rich
or the rules engine are still importing ends with exit 130 and one line, like one during a command."""

import sys


def interrupted() -> int:
    """Say so in one line; return the exit code for an interrupt (130)."""
    try:
        sys.stderr.write("Interrupted.\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return 130


def _from_interrupt(exc: BaseException) -> bool:
    """Whether `exc` was raised while handling a KeyboardInterrupt: Ctrl-C during an import can surface
    as another error (a RuntimeError from a class being built, say) with the interrupt as its cause."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def main() -> int:
    """Import and run the command line; returns its exit code."""
    try:
        from backtofront.cli import main as run

        code = run()
    except KeyboardInterrupt:
        code = interrupted()
    except Exception as exc:
        if not _from_interrupt(exc):
            raise
        code = interrupted()
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # only exiting is left: a late Ctrl-C changes nothing
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
