"""Defaults shared by the command line and the library, each defined once here (this module imports
nothing, so reading it costs nothing).

Only these defaults may come from the environment, through the matching command-line option (click's
`envvar=`, shown in --help): BACKTOFRONT_MIN_COHORT (`benchmark --min-cohort`), BACKTOFRONT_JOBS (`batch
--jobs`) and BACKTOFRONT_TOP (`assess --top`). The safety limits (file sizes, time limits) are constants of
their modules that no environment variable can raise."""

# The smallest cohort `benchmark` compares a council with, so that no single council can be identified
# (the report's own figures are of cohorts of councils, para 18).
MIN_COHORT = 5
MIN_COHORT_ENV = "BACKTOFRONT_MIN_COHORT"

# `batch` worker processes: None means one a core (never more than the councils nor twice the cores).
JOBS: int | None = None
JOBS_ENV = "BACKTOFRONT_JOBS"


# How many recommendations the text and Markdown reports of `assess` detail: None means the letter's page-1
# priorities (as many as are high priority, three to five: render/formats.py's page_one); JSON has them all.
TOP: int | None = None
TOP_ENV = "BACKTOFRONT_TOP"
