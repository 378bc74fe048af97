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


def main() -> int:
    """Import and run the command line; returns its exit code."""
    try:
        from backtofront.cli import main as run

        code = run()
    except KeyboardInterrupt:
        code = interrupted()
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # only exiting is left: a late Ctrl-C changes nothing
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
