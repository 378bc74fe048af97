"""The command under a pseudo-terminal without starting Python again: `spawn` forks the test's own process,
which has imported the package and its libraries already, and runs the command line in the child on the
terminal's side, as the installed `backtofront` would after its start-up. A test gets an ordinary
`pexpect.spawn` (its pid is the command's: exit status, signals and Ctrl-C behave as for an installed run).
Each launch saves about a third of a second of imports; the suite makes hundreds.

What the child sets up before the command runs, as a fresh Python would: the environment given, the locale's
character type from it (only that, as Python does; the C locale coerced to C.UTF-8, PEP 538), the time zone
(TZ), sys.path (fresh_path), the signal handlers Python starts with, standard streams on the terminal
(UTF-8, surrogateescape, stderr backslashreplace, no newline translation, PYTHONUNBUFFERED followed),
sys.argv. It closes every inherited file descriptor above 2 (the test process's files, and the pipe pexpect
reads to learn that the child has started), forgets the test process's multiprocessing resource tracker and
forkserver, and ends with os._exit whatever happens, a closed terminal included, so nothing of the test
process runs twice.

What a fork cannot give, so such a run is started for real (`BIN`): an environment with another encoding or
any PYTHON* setting (is_utf8), a preexec_fn (what it sets may take effect only at exec), ignore_sighup. What
the child inherits, unlike a fresh Python: the test's active monkeypatches, the modules already imported and
the caches that earlier tests filled (knowledge loaded, templates compiled), and the hash seed; pytest's
"error" warning filters and faulthandler are taken away. So fork only what a test means to run as a user
would; a test about a first run's caches, or one that patches the package, starts the command for real
(subprocess), as the cache tests do."""

from __future__ import annotations

import faulthandler
import functools
import io
import locale
import os
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Callable

import pexpect

BIN = os.path.join(os.path.dirname(sys.executable), "backtofront")
# The environment variables that keep their value in tests: where the knowledge cache lives, and whether
# there is one. Every other BACKTOFRONT_* (the defaults a user may set) is cleared for each test (conftest).
KEPT_ENV = {"BACKTOFRONT_CACHE_DIR", "BACKTOFRONT_NO_CACHE"}
FOLLOWED = {"PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}  # PYTHON* settings the forked child follows


def environ() -> dict[str, str]:
    """os.environ as a test sees it: without the BACKTOFRONT_* settings of the person running the tests
    (KEPT_ENV aside), for a module's environment built at import, before conftest's fixture clears them."""
    return {k: v for k, v in os.environ.items() if not k.startswith("BACKTOFRONT_") or k in KEPT_ENV}


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
    """A standard stream as Python's start-up makes it on a POSIX terminal: UTF-8 (`errors` as Python
    chooses for the locale), no newline translation, line-buffered; PYTHONUNBUFFERED: written through,
    with no buffer below."""
    raw = io.FileIO(fd, "w" if writing else "r", closefd=False)
    unbuffered = writing and bool(os.environ.get("PYTHONUNBUFFERED"))
    buffered: io.RawIOBase | io.BufferedIOBase = raw if unbuffered else \
        io.BufferedWriter(raw) if writing else io.BufferedReader(raw)
    return io.TextIOWrapper(buffered, encoding="utf-8", errors=errors, newline="\n",  # type: ignore[arg-type]
                            line_buffering=raw.isatty() and not unbuffered, write_through=unbuffered)


def entry_main(args: list[str]) -> int:
    """What the installed `backtofront` runs: backtofront.entry.main with sys.argv[1:] as `args`."""
    from backtofront import entry

    return entry.main()


def _reset_multiprocessing() -> None:
    """Forget the test process's multiprocessing helpers (the resource tracker, the forkserver), whose file
    descriptors the child has closed: the command starts its own, as a fresh Python would."""
    tracker = sys.modules.get("multiprocessing.resource_tracker")
    if tracker is not None and hasattr(tracker, "_resource_tracker"):
        tracker._resource_tracker._fd = None
        tracker._resource_tracker._pid = None
    server = sys.modules.get("multiprocessing.forkserver")
    if server is not None and hasattr(server, "_forkserver"):
        for name in ("_forkserver_address", "_forkserver_alive_fd", "_forkserver_pid"):
            setattr(server._forkserver, name, None)


@functools.cache
def fresh_path() -> list[str]:
    """sys.path as the installed command starts with it: the interpreter's own, with the command's folder
    first and none of the folders pytest or `python -m` put there (tests/, the checkout), so that an import
    only those make work fails in a forked run as it would for a user."""
    import json
    import subprocess

    code = "import json, sys; print(json.dumps(sys.path))"
    found = json.loads(subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True,
                                      check=True).stdout)
    return [os.path.dirname(BIN), *found]  # -I: no script folder or current folder of its own


def _start(args: list[str], env: dict[str, str], setup: Callable[[], None] | None, path: list[str]) -> None:
    """What a fresh Python's start-up would have done, in the child."""
    os.closerange(3, 1 << 16)
    faulthandler.disable()
    sys.path[:] = path
    # pytest's "error" filters are the tests', not the command's: a warning is a line on stderr, as for a user
    warnings.filters[:] = [f for f in warnings.filters if f[0] != "error"]
    _reset_multiprocessing()
    os.environ.clear()
    os.environ.update(env)
    if (env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or "C") in ("C", "POSIX") \
            and not env.get("LC_ALL"):
        os.environ["LC_CTYPE"] = "C.UTF-8"  # as Python's start-up coerces the C locale (PEP 538)
    time.tzset()
    locale.setlocale(locale.LC_ALL, "C")  # Python sets the character type from the environment, no more
    try:
        locale.setlocale(locale.LC_CTYPE, "")
    except locale.Error:
        pass
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGALRM, signal.SIGUSR1,
                   signal.SIGUSR2, signal.SIGCHLD, signal.SIGWINCH):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as Python's start-up leaves it
    sys.stdin = sys.__stdin__ = _stream(0, False, "surrogateescape")
    sys.stdout = sys.__stdout__ = _stream(1, True, "surrogateescape")
    sys.stderr = sys.__stderr__ = _stream(2, True, "backslashreplace")
    sys.argv = [BIN, *args]
    if setup is not None:
        setup()


def _child(args: list[str], env: dict[str, str], run: Callable[[list[str]], int],
           setup: Callable[[], None] | None, path: list[str]) -> None:
    """Runs in the forked child, on the terminal's side, and ends it: nothing raised here may reach the
    test process's code that called the fork (ptyprocess, pexpect, pytest), whatever the command does and
    however the terminal ends (a closed terminal makes every write fail)."""
    code = 1
    interrupted = False
    try:
        _start(args, env, setup, path)
        code = run(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int | None):
            message = exc.code
            _quietly(lambda: print(message, file=sys.stderr))
    except KeyboardInterrupt:  # as Python ends on an unhandled Ctrl-C: the traceback, killed by SIGINT
        interrupted = True
        _quietly(traceback.print_exc)
    except BaseException:  # noqa: BLE001 - as Python ends on an unhandled error: the traceback, exit 1
        code = 1
        _quietly(traceback.print_exc)
    finally:
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
            _quietly(_flush)
            if interrupted:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
                os.kill(os.getpid(), signal.SIGINT)
        finally:
            os._exit(code & 0xFF if isinstance(code, int) else 1)


def _quietly(action: Callable[[], object]) -> None:
    """`action()`, whatever it raises ignored (a closed terminal, an interrupt)."""
    try:
        action()
    except BaseException:  # noqa: BLE001 - the child is ending: nothing may escape
        pass


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        _quietly(stream.flush)


def spawn(args: list[str], *, env: dict[str, str], run: Callable[[list[str]], int] = entry_main,
          setup: Callable[[], None] | None = None, started_as: list[str] | None = None,
          preexec_fn: Callable[[], None] | None = None, **kwargs) -> pexpect.spawn:
    """`run(args)` (by default the installed command's entry point) under a new pseudo-terminal, in a fork of
    this process: pexpect.spawn's keyword arguments (dimensions, cwd, encoding, timeout, ...) as for
    `pexpect.spawn(BIN, args, env=env, **kwargs)`. `setup()` runs in the child first (to put in a test's
    question bank, say). A run a fork cannot match is started for real, as `started_as` + args (by default
    `BIN`; a `run` or `setup` of a test's own needs the command line that does the same in a fresh Python):
    an environment a fresh interpreter would read differently (see is_utf8), pexpect's `ignore_sighup`, or a
    `preexec_fn` (what it sets may take effect only at exec: the capabilities read_only.py drops, for one)."""
    for arg in args:
        arg.encode("utf-8")  # an argument no terminal could pass (a lone surrogate) fails as pexpect's would
    if preexec_fn is not None or kwargs.get("ignore_sighup") or not is_utf8(env):
        if started_as is None and (run is not entry_main or setup is not None):
            raise ValueError("this run must be started for real: give the command line that does it "
                             "(started_as)")
        command, *start = started_as or [BIN]
        return pexpect.spawn(command, [*start, *args], env=env, preexec_fn=preexec_fn, **kwargs)
    path = fresh_path()
    child = pexpect.spawn(sys.executable, [], env=env,
                          preexec_fn=lambda: _child(list(args), dict(env), run, setup, path), **kwargs)
    child.command, child.args = BIN, [BIN, *args]  # what a failing test's message names
    child.name = "<" + " ".join(["backtofront", *args]) + ">"
    return child
