"""Benchmark: every speed figure of the project as a ratio against a baseline measured in the same run,
printed beside its target; exits 1 when any figure misses (or could not be measured), 0 otherwise.

Figures (`make bench`, a few minutes):
- cold start of `backtofront assess PROFILE --format json` against `python -c "import yaml, jinja2,
  rich.console, durable.lang"` (importing the design card's dependencies): target at most 1.2; and of the
  text report (`backtofront assess PROFILE`, to a pipe): at most 1.6. Each command is run in turn with the
  baseline, A B A B ..., after warm-up runs (which also fill the user cache of validated knowledge and
  compiled rule templates, as any second run on a user's machine finds it); the figure is the median of
  the pair-by-pair ratios of CPU time (user + system, from the operating system's accounting of each
  finished run), which other work on a shared machine disturbs far less than wall time; wall-time ratios
  are printed beside it.
- classify per profile in process against a plain-Python evaluation of the stage rules (the rules that
  decide the overall stage, evaluated condition by condition on the profile's fact) in the same process:
  target at most 700, for a profile with stated stages and for one with answers (the judge phase runs);
  the median ratio over several rounds that alternate the two.
- `batch --jobs 2` against `batch --jobs 1` on 1,000 profiles, and on 20 profiles with PDF letters:
  target at least 1.7 times faster; the median of the wall-time ratios of pairs run in turn (one job,
  then two), on a machine with two idle cores: with other work on them the figure says little. Needs the `batch` command; until it exists each figure prints "not
  measured: batch not available" and counts as a miss.

- the shortest path to the next overall stage against one classification of the same profile, in process:
  at most 5, on examples/metropolitan-transactional.yaml and on all eight characteristics transactional.
- `combine` of 50 respondents' profiles (each answering every question, five roles' worth of spread) into
  one council profile, then `assess` of that profile, against `assess PROFILE --format json` of one
  profile: target at most 4 (CPU time, pairs run in turn as for the cold start).

`make bench-long` (bench/long.py) runs the 100,000-profile memory figure.

Run: `make bench`, or `python bench/run.py [--runs N] [--only cold|classify|path|batch|combine]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "district-transitional.yaml"
ANSWERS = ROOT / "examples" / "cases" / "answers" / "cs08-croydon.yaml"
BASELINE = "import yaml, jinja2, rich.console, durable.lang"
TARGETS = {"cold_json": 1.2, "cold_text": 1.6, "classify": 700, "batch": 1.7, "combine": 4.0, "path": 5}
METROPOLITAN = ROOT / "examples" / "metropolitan-transactional.yaml"


class Figure:
    """One printed line: a figure, its target and whether it is met."""

    def __init__(self, name: str, value: float | None, target: float, at_most: bool, detail: str = "",
                 why_missing: str = ""):
        self.name, self.value, self.target, self.at_most = name, value, target, at_most
        self.detail, self.why_missing = detail, why_missing

    @property
    def met(self) -> bool:
        if self.value is None:
            return False
        return self.value <= self.target if self.at_most else self.value >= self.target

    def line(self) -> str:
        bound = f"{'<=' if self.at_most else '>='} {self.target:g}"
        if self.value is None:
            return f"MISS  {self.name}: not measured: {self.why_missing} (target {bound})"
        shown = f"{self.value:.0f}" if self.value >= 100 else f"{self.value:.2f}"
        return (f"{'ok  ' if self.met else 'MISS'}  {self.name}: {shown} (target {bound})"
                + (f"; {self.detail}" if self.detail else ""))


def run_once(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of `cmd`, its output discarded; fails loudly on a
    non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err.strip()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime


def paired(a: list[str], b: list[str], runs: int, warmup: int = 2, env: dict[str, str] | None = None
           ) -> tuple[float, float, float, float]:
    """A and B in turn, `runs` times each after `warmup` pairs: (median CPU ratio A/B, median wall ratio,
    median CPU ms of A, of B)."""
    for _ in range(warmup):
        run_once(a, env), run_once(b, env)
    cpu, wall, cpu_a, cpu_b = [], [], [], []
    for _ in range(runs):
        wa, ca = run_once(a, env)
        wb, cb = run_once(b, env)
        cpu.append(ca / cb)
        wall.append(wa / wb)
        cpu_a.append(ca)
        cpu_b.append(cb)
    return (statistics.median(cpu), statistics.median(wall), statistics.median(cpu_a) * 1000,
            statistics.median(cpu_b) * 1000)


def exe() -> str:
    return str(Path(sys.executable).with_name("backtofront"))


def cold_start(runs: int, cache: Path) -> list[Figure]:
    env = dict(os.environ, BACKTOFRONT_CACHE_DIR=str(cache))
    baseline = [sys.executable, "-c", BASELINE]
    out = []
    for key, name, extra in (("cold_json", "cold start, assess --format json", ["--format", "json"]),
                             ("cold_text", "cold start, assess (text report)", [])):
        cpu, wall, ms_a, ms_b = paired([exe(), "assess", str(PROFILE), *extra], baseline, runs, env=env)
        out.append(Figure(name, cpu, TARGETS[key], True,
                          f"CPU {ms_a:.0f} ms against {ms_b:.0f} ms for `python -c \"{BASELINE}\"`; "
                          f"wall-time ratio {wall:.2f}"))
    return out


def classify_figures(rounds: int) -> list[Figure]:
    from backtofront.classifier import profile
    from backtofront.classifier.classify import Classifier

    clf = Classifier()
    stage_rules = [er for r in clf.rules.phase("classify") if r.spec.then.stage for er in r.engine_rules]

    def plain(fact: dict) -> list[str]:
        """The stage rules in plain Python: the stages whose rule's conditions hold."""
        return [er.rule.spec.then.stage for er in stage_rules
                if all(c.holds(fact.get(c.fact)) for c in er.all)
                and (not er.any or any(c.holds(fact.get(c.fact)) for c in er.any))]

    out = []
    for label, path in (("stated stages", PROFILE), ("answers, judge phase included", ANSWERS)):
        loaded = profile.load(path) if path == PROFILE else profile.parse(_case_profile(path), str(path))
        fact = clf.classify(loaded).facts  # the classify-phase fact (stages judged from answers included)
        assert plain(fact), "the plain evaluation reaches no stage: the benchmark profile is wrong"
        ratios, per = [], []
        for _ in range(rounds):
            n = 40
            start = time.process_time()
            for _ in range(n):
                clf.classify(loaded)
            full = (time.process_time() - start) / n
            m = 4000
            start = time.process_time()
            for _ in range(m):
                plain(fact)
            base = (time.process_time() - start) / m
            ratios.append(full / base)
            per.append(full)
        out.append(Figure(f"classify per profile, {label}", statistics.median(ratios), TARGETS["classify"], True,
                          f"{statistics.median(per) * 1000:.2f} ms CPU per profile, the ratio against the "
                          "plain-Python stage rules"))
    return out


def path_figures(rounds: int) -> list[Figure]:
    """The shortest path to the next overall stage (classifier/paths.py), searched from nothing (a new
    PathFinder, so no memo from earlier profiles), against one classification of the same profile in the
    same process: at most 5 times, on the metropolitan example and on a profile with all eight
    characteristics transactional; the median ratio over rounds that alternate the two."""
    from backtofront.classifier import profile
    from backtofront.classifier.classify import Classifier
    from backtofront.classifier.paths import PathFinder

    clf = Classifier()
    all_transactional = profile.parse({"council": {"name": "All transactional", "type": "district"},
                                       "characteristics": dict.fromkeys(clf.kb.characteristics, "transactional")},
                                      "all transactional")
    out = []
    for label, loaded in (("metropolitan example", profile.load(METROPOLITAN)),
                          ("all eight transactional", all_transactional)):
        result = clf.classify(loaded)
        ranks = {cid: result.facts[f"stage.{cid}"] for cid in clf.kb.characteristics}
        targets = {cid: t.stage for cid, t in result.targets.items()}
        assert result.next_stage_path is not None, "the benchmark profile has no path: it is wrong"
        ratios, per = [], []
        for _ in range(rounds):
            n = 40
            start = time.process_time()
            for _ in range(n):
                clf.classify(loaded)
            full = (time.process_time() - start) / n
            start = time.process_time()
            for _ in range(n):
                PathFinder(clf.kb, clf.rules).next_stage_path(ranks, result.overall.stage, targets, result.facts)
            search = (time.process_time() - start) / n
            ratios.append(search / full)
            per.append(search)
        out.append(Figure(f"shortest path to the next stage, {label}", statistics.median(ratios), TARGETS["path"],
                          True, f"{statistics.median(per) * 1000:.2f} ms CPU per search, the ratio against one "
                          "classification"))
    return out


def _case_profile(path: Path) -> dict:
    """The profile inside a bundled case council's file (its `profile` key)."""
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["profile"]


def batch_available() -> bool:
    proc = subprocess.run([exe(), "batch", "--help"], check=False, capture_output=True, text=True)
    return proc.returncode == 0 and "--jobs" in proc.stdout


def profile_datas() -> list[dict]:
    """The bundled profiles as plain data: the examples, and the case councils with stated stages and as
    answers profiles."""
    import yaml

    datas = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    for folder in (ROOT / "examples" / "cases", ROOT / "examples" / "cases" / "answers"):
        datas += [_case_profile(p) for p in sorted(folder.glob("*.yaml"))]
    return datas


def write_profiles(folder: Path, n: int) -> None:
    """`n` distinct profiles in `folder`: the bundled ones in turn, each council renamed."""
    import yaml

    datas = profile_datas()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        data = dict(datas[i % len(datas)])
        data["council"] = dict(data["council"], name=f"{data['council']['name']} {i:05d}")
        (folder / f"council-{i:05d}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def batch_figures(runs: int) -> list[Figure]:
    names = ("batch --jobs 2 against --jobs 1, 1,000 profiles", "batch --jobs 2 against --jobs 1, 20 PDF letters")
    load = os.getloadavg()[0]
    if load > 1.0:
        print(f"note: load average {load:.1f} before the batch figures; they need two idle cores to mean much",
              flush=True)
    if not batch_available():
        return [Figure(n, None, TARGETS["batch"], False, why_missing="batch not available") for n in names]
    out = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        many, few = Path(tmp) / "many", Path(tmp) / "few"
        write_profiles(many, 1000)
        write_profiles(few, 20)
        for name, folder, extra in ((names[0], many, []), (names[1], few, ["--letters", "pdf"])):
            if extra:
                try:
                    import weasyprint  # noqa: F401
                except ImportError:
                    out.append(Figure(name, None, TARGETS["batch"], False, why_missing="WeasyPrint not installed"))
                    continue
            ratios, walls = [], {1: [], 2: []}
            try:
                for _ in range(runs):  # one job, then two, in turn: each pair gives a ratio
                    pair = {}
                    for jobs in (1, 2):
                        dest = Path(tmp) / f"out-{jobs}"
                        shutil.rmtree(dest, ignore_errors=True)
                        pair[jobs], _ = run_once([exe(), "batch", str(folder), "-o", str(dest), "--jobs", str(jobs),
                                                  *extra])
                        walls[jobs].append(pair[jobs])
                    ratios.append(pair[1] / pair[2])
            except RuntimeError as exc:
                out.append(Figure(name, None, TARGETS["batch"], False, why_missing=f"batch failed: {exc}"))
                continue
            one, two = statistics.median(walls[1]), statistics.median(walls[2])
            out.append(Figure(name, statistics.median(ratios), TARGETS["batch"], False,
                              f"median of {runs} pairs; wall {one:.1f} s with one job, {two:.1f} s with two "
                              "(a speed-up: wall time, the figure parallel work is for)"))
    return out


def write_respondents(folder: Path, n: int) -> list[str]:
    """`n` respondents' profiles of one council, each answering every question of the bank, their stages
    spread over the three, roles in turn."""
    import yaml

    from backtofront.classifier import questions

    bank = questions.load()
    roles = ("officer", "councillor", "staff", "assessor")
    paths = []
    for i in range(n):
        answers = {}
        for q in bank.questions:
            if q.kind == "number":
                answers[q.id] = 10 + i % 3
            elif q.kind == "multiple":
                answers[q.id] = [o.id for o in q.options[: 1 + i % len(q.options)]]
            else:
                answers[q.id] = {"answer": q.options[(i + len(q.id)) % len(q.options)].id, "evidence": f"note {i}"}
        path = folder / f"r{i:02d}.yaml"
        path.write_text(yaml.safe_dump({"council": {"name": "Bench DC", "type": "district"},
                                        "respondent": {"name": f"Respondent {i}", "role": roles[i % 4]},
                                        "answers": answers}), encoding="utf-8")
        paths.append(str(path))
    return paths


def combine_figures(runs: int, cache: Path) -> list[Figure]:
    """`combine` of 50 respondents then `assess` of the result, against `assess` of one profile."""
    env = dict(os.environ, BACKTOFRONT_CACHE_DIR=str(cache))
    with tempfile.TemporaryDirectory(prefix="bench-combine-") as tmp:
        folder = Path(tmp)
        files = write_respondents(folder, 50)
        combined = folder / "council.yaml"
        script = (f"{exe()} combine {' '.join(files)} -o {combined} 2>/dev/null && "
                  f"{exe()} assess {combined} --format json")
        cpu, wall, a_ms, b_ms = paired(["sh", "-c", script], [exe(), "assess", str(PROFILE), "--format", "json"],
                                       max(3, runs // 3), env=env)
    return [Figure("combine 50 respondents + assess / assess one profile", cpu, TARGETS["combine"], True,
                   f"wall {wall:.2f}; {a_ms:.0f} ms against {b_ms:.0f} ms CPU")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command for the cold start (15)")
    parser.add_argument("--rounds", type=int, default=9, help="rounds of the in-process figure (9)")
    parser.add_argument("--batch-runs", type=int, default=3, help="pairs of batch runs, one job then two (3)")
    parser.add_argument("--only", choices=["cold", "classify", "path", "batch", "combine"], help="one group of figures")
    args = parser.parse_args()

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        if args.only in (None, "cold"):
            figures += cold_start(args.runs, Path(cache))
        for fig in figures:
            print(fig.line(), flush=True)
        if args.only in (None, "classify"):
            more = classify_figures(args.rounds)
            figures += more
            for fig in more:
                print(fig.line(), flush=True)
        if args.only in (None, "path"):
            more = path_figures(args.rounds)
            figures += more
            for fig in more:
                print(fig.line(), flush=True)
        if args.only in (None, "combine"):
            more = combine_figures(args.runs, Path(cache))
            figures += more
            for fig in more:
                print(fig.line(), flush=True)
        if args.only in (None, "batch"):
            more = batch_figures(args.batch_runs)
            figures += more
            for fig in more:
                print(fig.line(), flush=True)
    missed = [f for f in figures if not f.met]
    print(f"{len(figures) - len(missed)} of {len(figures)} figures meet their targets")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
