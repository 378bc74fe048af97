"""Imported first, and only, by batch's forkserver (see `batch._context`): the server, and every worker
forked from it, ignores Ctrl-C, SIGTERM and SIGHUP from the start. The main process handles them for
the batch: it drops the councils not started and lets the workers finish those in hand, whole; a worker
interrupted while still starting would print a traceback instead. The server is started with those
signals blocked (`batch._while_workers_start`), so one sent before this runs is discarded here. The
classifier's modules are imported here once, rather than in every worker."""

from backtofront import stopping

stopping.ignore_all()

from backtofront.classifier import classify  # noqa: E402, F401 - after ignore_all, and only to load it
from backtofront.cohort import batch  # noqa: E402, F401
