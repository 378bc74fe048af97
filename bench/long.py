"""Benchmark (long): memory over 100,000 profiles classified in one process.

Classifies the bundled profiles in turn (the examples, the case councils with stated stages and as
answers profiles, so the judge phase runs too) and prints the resident set size (RSS, from
/proc/self/statm) at the start (after the first 1,000 profiles, once every rule set is compiled and every
first-use cost paid), every tenth of the way, and at the end. Target: flat, the end at most 5 per cent
(and at most 8 MB) above the start. Exits 1 when it misses.

Run: `make bench-long`, or `python bench/long.py [--profiles N]`.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import profile_datas

WARMUP = 1000
GROWTH_PCT, GROWTH_MB = 5.0, 8.0


def rss_mb() -> float:
    """The process's resident set size now, in MB."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000, help="profiles to classify (100,000)")
    args = parser.parse_args()

    from backtofront.classifier import profile
    from backtofront.classifier.classify import Classifier
    from backtofront.render.formats import Format, render

    clf = Classifier()
    profiles = [profile.parse(d, f"bundled profile {i}") for i, d in enumerate(profile_datas())]
    for i in range(WARMUP):
        render(clf.classify(profiles[i % len(profiles)]), Format.JSON)
    gc.collect()
    start = rss_mb()
    print(f"RSS at the start (after {WARMUP:,} profiles): {start:.1f} MB", flush=True)
    began = time.perf_counter()
    step = max(args.profiles // 10, 1)
    for i in range(args.profiles):
        render(clf.classify(profiles[i % len(profiles)]), Format.JSON)
        if (i + 1) % step == 0 and i + 1 < args.profiles:
            print(f"  after {i + 1:,} profiles: {rss_mb():.1f} MB", flush=True)
    gc.collect()
    end = rss_mb()
    took = time.perf_counter() - began
    limit = min(start * (1 + GROWTH_PCT / 100), start + GROWTH_MB)
    met = end <= limit
    print(f"RSS at the end (after {args.profiles:,} more profiles, {took:.0f} s): {end:.1f} MB")
    print(f"{'ok  ' if met else 'MISS'}  memory over {args.profiles:,} profiles: {end - start:+.1f} MB "
          f"(target: flat, the end at most {limit:.1f} MB)")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
