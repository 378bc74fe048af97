"""Benchmark: cold start of `backtofront assess` and in-process time per profile.

Figures are ratios against baselines measured in the same run, so they hold across machines:
- cold start: `backtofront assess PROFILE` against `python -c "import yaml, jinja2, rich, durable.lang"`
  (importing its own dependencies); target at most 1.3. For context it also prints the floor: importing
  everything the command cannot do without (adding click, msgspec and rich's console and table, which the
  terminal report draws with), against the same baseline.
- per profile: classifying in process against building the profile's fact alone (the plain-Python part).

Run: `make bench` (or `python bench/run.py [--runs N]`)."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "district-transitional.yaml"
TARGET = 1.3


def wall(cmd: list[str], runs: int) -> float:
    """Median wall time of a command over `runs` runs, after one warm-up (file cache)."""
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per measurement (default 15)")
    parser.add_argument("--profiles", type=int, default=2000, help="profiles for the in-process figure")
    args = parser.parse_args()

    exe = str(Path(sys.executable).with_name("backtofront"))
    baseline = wall([sys.executable, "-c", "import yaml, jinja2, rich, durable.lang"], args.runs)
    floor = wall([sys.executable, "-c", "import yaml, jinja2, rich.console, rich.table, durable.lang, click, msgspec"],
                 args.runs)
    assess = wall([exe, "assess", str(PROFILE)], args.runs)
    ratio = assess / baseline
    print(f"cold start: backtofront assess {assess * 1000:.0f} ms; import of its dependencies "
          f"{baseline * 1000:.0f} ms; ratio {ratio:.2f} (target <= {TARGET})")
    print(f"floor: importing all it needs {floor * 1000:.0f} ms; ratio {floor / baseline:.2f}")

    from backtofront.classifier import facts, profile
    from backtofront.classifier.classify import Classifier

    clf = Classifier()
    loaded = profile.load(PROFILE)
    clf.classify(loaded)  # compile the rules once
    n = args.profiles
    start = time.perf_counter()
    for _ in range(n):
        facts.build(loaded, clf.kb)
    plain = (time.perf_counter() - start) / n
    start = time.perf_counter()
    for _ in range(n):
        clf.classify(loaded)
    full = (time.perf_counter() - start) / n
    print(f"per profile: classify {full * 1000:.2f} ms; building its fact alone {plain * 1000:.3f} ms; "
          f"ratio {full / plain:.0f}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
