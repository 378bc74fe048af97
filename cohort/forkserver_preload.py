"""Imported first, and only, by batch's forkserver (see `batch._context`): the server, and every worker
forked from it, ignores Ctrl-C from the start. The main process handles Ctrl-C for the batch: it drops
the councils not started and lets the workers finish those in hand, whole; a worker interrupted while
still starting would print a traceback instead. The classifier's modules are imported here once,
rather than in every worker."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)

from backtofront.classifier import classify  # noqa: F401
from backtofront.cohort import batch  # noqa: F401
