"""Work on a council's own templates, done in a forked child bounded in memory and time.

A user's template (--template-dir) is data: the sandbox (render/templating.py) bounds each text it builds
and the time it runs, but a loop can still keep what it builds (`xs.append("a" * 4_000_000)`) until the
machine runs out of memory. `in_child` forks, gives the child's address space at most MEMORY_BUDGET_BYTES
more than it started with and its render at most TIME_LIMIT_S seconds, and hands the result back through a
pipe. A breach is one InputError (exit code 2) naming the template. Where the system cannot fork (Windows),
the work runs in this process with the sandbox's own bounds only.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import time
import warnings
from collections.abc import Callable
from typing import TypeVar

from backtofront.classifier.errors import InputError

MEMORY_BUDGET_BYTES = 512 << 20   # a letter's render needs some megabytes beyond what the process holds
TIME_LIMIT_S = 30.0               # beyond the template's own TIME_LIMIT_S: the parent's last resort
T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(os, "pipe")


def _address_space() -> int:
    """This process's virtual memory in bytes (Linux's /proc; 0 where it cannot be read)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(write_end: int, work: Callable[[], object]) -> None:  # pragma: no cover - runs in the child
    """Run `work` and write ("ok", value), ("raise", the exception it raised), ("error", that exception in
    words when it cannot be pickled) or ("memory", None) to `write_end`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent answers Ctrl-C and ends this process
    import resource

    used = _address_space()
    if used:
        limit = used + MEMORY_BUDGET_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = int(TIME_LIMIT_S) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        outcome: tuple[str, object] = ("ok", work())
    except MemoryError:
        outcome = ("memory", None)
    except Exception as exc:  # noqa: BLE001 - raised again in the parent, as it was raised here
        outcome = ("raise", exc)
    try:
        data = pickle.dumps(outcome)
    except Exception:  # noqa: BLE001 - an exception that cannot travel: told in one line
        raised = outcome[1]
        data = pickle.dumps(("error", f"{type(raised).__name__}: {raised}"[:300]))
    view = memoryview(data)
    while view:
        view = view[os.write(write_end, view):]


def in_child(work: Callable[[], T], *, source: str | None, fix: str = "simplify the template") -> T:
    """`work()`'s value (text or bytes), computed in a forked child with at most MEMORY_BUDGET_BYTES more
    memory and TIME_LIMIT_S seconds; an exception it raises (an InputError, an OSError) is raised here as
    it was (its traceback left behind). InputError (exit code 2) naming `source`, ending with `fix`, when
    the child runs out of memory or time or ends without an answer. Ctrl-C in the parent ends the child
    first. Without fork, `work()` here."""
    if not can_fork():
        return work()
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a process with threads may deadlock the child: the child here
        # runs only the render, bounded in time, and ends with os._exit
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            os.close(read_end)
            _child(write_end, work)
        except BaseException:  # noqa: BLE001 - anything else: the parent reports an ending without answer
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        data, timed_out = _read_all(read_end, time.monotonic() + TIME_LIMIT_S)
    except BaseException:
        _end(pid)
        raise
    finally:
        os.close(read_end)
    if timed_out:
        _end(pid)
        raise InputError(f"the template ran for more than {TIME_LIMIT_S:g} seconds; {fix}", source=source)
    _, status = os.waitpid(pid, 0)
    kind, value = "", None
    with contextlib.suppress(Exception):
        kind, value = pickle.loads(data)
    if kind == "ok":
        return value  # type: ignore[return-value]
    if kind == "raise" and isinstance(value, Exception):
        raise value
    if kind == "error":
        raise InputError(f"the template could not be rendered ({value}); {fix}", source=source)
    out_of_time = os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)
    if kind != "memory" and out_of_time:
        raise InputError(f"the template ran for more than {TIME_LIMIT_S:g} seconds; {fix}", source=source)
    raise InputError(f"the template needs more than {MEMORY_BUDGET_BYTES >> 20:,} MB of memory; {fix}",
                     source=source)


def _read_all(fd: int, deadline: float) -> tuple[bytes, bool]:
    """Everything written to `fd` until its writer closes it, and whether `deadline` passed first."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"".join(chunks), True
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)


def _end(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
