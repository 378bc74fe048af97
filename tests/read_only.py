"""Permissions that bind a child process even when the tests run as root (in a container, say), whom a
read-only folder does not stop: the child then starts without the capabilities that override file
permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER), as any other user would be."""

from __future__ import annotations

import ctypes
import os

PR_CAPBSET_DROP = 24
OVERRIDES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _drop() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in OVERRIDES:
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def child_options() -> dict:
    """Keyword arguments for subprocess or pexpect: a child bound by folder permissions."""
    return {"preexec_fn": _drop} if os.geteuid() == 0 else {}
