"""Defaults shared by the command line and the library are defined once (backtofront/defaults.py); only
BACKTOFRONT_MIN_COHORT, BACKTOFRONT_JOBS and BACKTOFRONT_TOP read the environment, through their options
(shown in --help), and a bad value is a usage error (exit 2, one line). The safety limits read no
environment."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from backtofront import defaults
from backtofront.cohort import batch as batch_mod
from backtofront.cohort import benchmark as benchmark_mod

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")


def _cohort(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "cohort"
    folder.mkdir()
    for i in range(n):
        (folder / f"c{i}.yaml").write_text(f"council: {{name: Council {i}, type: unitary}}\n"
                                           "characteristics: {time_scales: transitional}\n")
    return folder


def test_the_library_and_the_command_share_one_minimum_cohort(run_cli):
    assert inspect.signature(benchmark_mod.benchmark).parameters["min_cohort"].default == defaults.MIN_COHORT
    assert inspect.signature(benchmark_mod.run).parameters["min_cohort"].default == defaults.MIN_COHORT
    code, out, _ = run_cli("benchmark", "--help")
    assert code == 0 and f"default: {defaults.MIN_COHORT}" in out


def test_the_minimum_cohort_from_the_environment(run_cli, tmp_path, monkeypatch):
    folder = _cohort(tmp_path, 3)
    code, _, err = run_cli("benchmark", EXAMPLE, "--cohort", str(folder))
    assert code == 2 and "fewer than 5" in err
    monkeypatch.setenv("BACKTOFRONT_MIN_COHORT", "3")
    code, out, err = run_cli("benchmark", EXAMPLE, "--cohort", str(folder), "-f", "json")
    assert code == 0, err
    # the option still wins over the environment
    code, _, err = run_cli("benchmark", EXAMPLE, "--cohort", str(folder), "--min-cohort", "4")
    assert code == 2 and "fewer than 4" in err
    monkeypatch.setenv("BACKTOFRONT_MIN_COHORT", "none")
    code, _, err = run_cli("benchmark", EXAMPLE, "--cohort", str(folder))
    assert code == 2 and "BACKTOFRONT_MIN_COHORT" in err and "Traceback" not in err


def test_jobs_from_the_environment(run_cli, tmp_path, monkeypatch):
    folder = _cohort(tmp_path, 2)
    monkeypatch.setenv("BACKTOFRONT_JOBS", "two")
    code, _, err = run_cli("batch", str(folder), "-o", str(tmp_path / "out"))
    assert code == 2 and "BACKTOFRONT_JOBS" in err and "Traceback" not in err
    monkeypatch.setenv("BACKTOFRONT_JOBS", "0")
    code, _, err = run_cli("batch", str(folder), "-o", str(tmp_path / "out"))
    assert code == 2 and "BACKTOFRONT_JOBS=0: give 1 or more worker processes" in err
    monkeypatch.setenv("BACKTOFRONT_JOBS", "1")
    seen = []
    real = batch_mod.command
    monkeypatch.setattr(batch_mod, "command", lambda *a, **k: seen.append(k["jobs"]) or real(*a, **k))
    code, _, err = run_cli("batch", str(folder), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert seen == [1]


def _detailed(text: str) -> int:
    """How many recommendations a text report details: the numbered items under its "Recommendations"."""
    detail = text.split("\nRecommendations\n", 1)[1]
    return len(re.findall(r"^ {0,3}\d+\. ", detail, flags=re.M))


def test_top_from_the_environment(run_cli, monkeypatch):
    from backtofront.classifier.classify import Classifier
    from backtofront.classifier.profile import load
    from backtofront.render import formats

    result = Classifier().classify(load(EXAMPLE))
    assert inspect.signature(formats.shown_recommendations).parameters["top"].default == defaults.TOP
    assert len(result.recommendations) > 3
    code, out, err = run_cli("assess", EXAMPLE)
    assert code == 0, err
    page_one = _detailed(out)
    assert page_one == len(formats.page_one(list(result.recommendations)))
    monkeypatch.setenv("BACKTOFRONT_TOP", "1")
    code, out, err = run_cli("assess", EXAMPLE)
    assert code == 0 and _detailed(out) == 1, err
    # the option still wins over the environment, and --all typed beats the environment's default
    code, out, err = run_cli("assess", EXAMPLE, "--top", "2")
    assert code == 0 and _detailed(out) == 2, err
    code, out, err = run_cli("assess", EXAMPLE, "--all")
    assert code == 0 and _detailed(out) == len(result.recommendations), err
    # typed together, --top and --all are still a usage error
    code, _, err = run_cli("assess", EXAMPLE, "--all", "--top", "2")
    assert code == 2 and "not both" in err
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("BACKTOFRONT_TOP", bad)
        code, out, err = run_cli("assess", EXAMPLE)
        assert code == 2 and out == "" and len(err.splitlines()) == 1, err
        assert "BACKTOFRONT_TOP" in err and "Traceback" not in err


def test_help_names_the_environment_variables(run_cli):
    assert "env var: BACKTOFRONT_MIN_COHORT" in " ".join(run_cli("benchmark", "--help")[1].split())
    assert "env var: BACKTOFRONT_JOBS" in " ".join(run_cli("batch", "--help")[1].split())
    assert "env var: BACKTOFRONT_TOP" in " ".join(run_cli("assess", "--help")[1].split())


def test_only_the_shared_defaults_read_the_environment():
    """The package reads BACKTOFRONT_MIN_COHORT, BACKTOFRONT_JOBS and BACKTOFRONT_TOP (defaults.py) and the
    cache's two variables; no other BACKTOFRONT_* variable, so no safety limit can be raised from outside."""
    names = set()
    for path in ROOT.glob("**/*.py"):
        if any(part in {"tests", "bench", "build"} or part.startswith(".")
               for part in path.relative_to(ROOT).parts):
            continue
        names |= set(re.findall(r"(?<![_A-Z])BACKTOFRONT_[A-Z_]+", path.read_text(encoding="utf-8")))
    assert names == {"BACKTOFRONT_MIN_COHORT", "BACKTOFRONT_JOBS", "BACKTOFRONT_TOP", "BACKTOFRONT_CACHE_DIR",
                     "BACKTOFRONT_NO_CACHE"}


def test_a_users_settings_never_reach_a_test(run_cli, tmp_path):
    """tests/conftest.py clears BACKTOFRONT_* for each test (the cache's variables aside)."""
    import os

    assert not {k for k in os.environ if k.startswith("BACKTOFRONT_")} - {"BACKTOFRONT_CACHE_DIR",
                                                                          "BACKTOFRONT_NO_CACHE"}
