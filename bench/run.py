"""Benchmark: every speed figure of the project as a ratio against a baseline measured in the same run,
printed beside its target and the machine's load average; exits 1 when any figure misses (or could not be
measured or judged), 0 otherwise. Not part of `make test` or CI.

Figures (`make bench`, ten minutes or more):
- cold start of `backtofront assess PROFILE --format json` and of the text report (`backtofront assess
  PROFILE`, to a pipe) against their import floors: at most 1.2 each. A floor is `python -c "import ..."`
  of the third-party modules the project's own code imports when that command runs, found in the same
  run with `python -X importtime` on the installed command (bench/floors.py): the JSON path's floor
  imports click, msgspec, yaml, jinja2 and durable's engine, not rich; the text report's adds rich.
- `backtofront letter PROFILE --format md` against `backtofront assess PROFILE --format md`: at most 1.3.
  Each cold-start pair is run in turn, A B A B ..., after warm-up runs (which also fill the user cache of
  validated knowledge and compiled rule templates, as any second run on a user's machine finds it); the
  figure is the median of the pair-by-pair ratios of CPU time (user + system, from the operating
  system's accounting of each finished run), which other work on a shared machine disturbs far less than
  wall time; wall-time ratios are printed beside it.
- classify per profile in process, over every bundled profile (examples/*.yaml, examples/cases/*.yaml),
  against the same stage rules in plain Python (bench/stage_rules.py, checked to give the classifier's
  stages by tests/classifier/test_bench_baseline.py): at most 100; the median ratio over rounds that
  alternate the two. The detail gives the rule engine's own share (durable-rules' assert of each phase's
  facts, engine.CompiledRules.run): measured at about 150 times the baseline by itself in December 2026,
  so this target cannot be met while the rules run in durable-rules.
- `batch --jobs 2` against `batch --jobs 1` on 1,000 profiles: at least 1.7 times faster on an idle
  machine; the median of the wall-time ratios of at least 15 pairs run in turn (one job, then two). The
  pairs keep the load average up themselves, so idleness is what else runs beside them: the cores the
  machine keeps busy (/proc/stat) in two seconds before each pair in which the bench runs nothing, printed
  with the load average; above IDLE_OTHERS (the median over the pairs) the figure is printed but not judged
  (it counts as a miss: the target is for two idle cores). Without /proc/stat, the load average before each
  pair decides (IDLE_LOAD). The detail gives this machine's ceiling beside it: `--jobs 1` on all the
  profiles against two `--jobs 1` runs side by side on half of them each (no workers, no shared summary:
  the most any split of the work across two processes can gain here, start-up and summaries included).
- the shortest path to the next overall stage against one classification of the same profile, in process:
  at most 5, on examples/metropolitan-transactional.yaml and on all eight characteristics transactional.
- `combine` of 50 respondents' profiles (each answering every question, five roles' worth of spread) into
  one council profile, then `assess` of that profile, against `assess PROFILE --format json` of one
  profile: target at most 4 (CPU time, pairs run in turn as for the cold start).
- the text report and the Markdown letter of a profile whose evidence note is LONG_NOTE_WORDS words,
  against the same with half as many: at most 2.5 (CPU time, pairs in turn). The work grows with the note;
  a step that grew with its square (a regular expression built from the note, a search from the text's
  start for every acronym) makes it 3 to 4.

`make bench-long` (bench/long.py) runs the 100,000-profile memory figure.

Run: `make bench`, or `python bench/run.py [--runs N] [--only cold|classify|path|batch|combine|note]`.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floors  # noqa: E402
import stage_rules  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "district-transitional.yaml"
TARGETS = {"cold_json": 1.2, "cold_text": 1.2, "letter_md": 1.3, "classify": 100, "batch": 1.7, "path": 5,
           "combine": 4.0, "long_note": 2.5}
LONG_NOTE_WORDS = 80_000  # a profile of about 600 KB, within the 1,000,000-byte limit
METROPOLITAN = ROOT / "examples" / "metropolitan-transactional.yaml"
BATCH_COUNCILS = 1000
MIN_BATCH_PAIRS = 15
IDLE_LOAD = 0.5  # one-minute load average below which a two-core machine counts as idle
# The batch pairs keep the load average up themselves, so they are judged by what else runs beside them: the
# cores the machine keeps busy (/proc/stat) in QUIET_S seconds before each pair, in which the bench runs
# nothing; idle below IDLE_OTHERS (the median over the pairs).
IDLE_OTHERS = 0.2
QUIET_S = 2.0


def load() -> str:
    """The load averages (1, 5 and 15 minutes), for printing beside a figure."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def busy_seconds() -> float | None:
    """CPU seconds every process on the machine has spent since boot (/proc/stat: all but idle and
    iowait); None where there is no /proc/stat."""
    try:
        values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def other_work(seconds: float = QUIET_S) -> float | None:
    """The cores the machine's other work keeps busy: busy_seconds over `seconds` in which this bench runs
    nothing, per second; None where there is no /proc/stat."""
    before = busy_seconds()
    time.sleep(seconds)
    after = busy_seconds()
    return None if before is None or after is None else max(0.0, after - before) / seconds


class Figure:
    """One printed line: a figure, its target, whether it is met, and the load average it was measured at.
    `why_missing`: why there is no figure; `why_unjudged`: why a measured figure cannot judge its target
    (a busy machine): either counts as a miss."""

    def __init__(self, name: str, value: float | None, target: float, at_most: bool, detail: str = "",
                 why_missing: str = "", why_unjudged: str = ""):
        self.name, self.value, self.target, self.at_most = name, value, target, at_most
        self.detail, self.why_missing, self.why_unjudged = detail, why_missing, why_unjudged
        self.load = load()

    @property
    def met(self) -> bool:
        if self.value is None or self.why_unjudged:
            return False
        return self.value <= self.target if self.at_most else self.value >= self.target

    def line(self) -> str:
        bound = f"{'<=' if self.at_most else '>='} {self.target:g}"
        if self.value is None:
            return f"MISS  {self.name}: not measured: {self.why_missing} (target {bound}; {self.load})"
        shown = f"{self.value:.0f}" if self.value >= 100 else f"{self.value:.2f}"
        mark = "----" if self.why_unjudged else "ok  " if self.met else "MISS"
        judged = f"; not judged: {self.why_unjudged}" if self.why_unjudged else ""
        return (f"{mark}  {self.name}: {shown} (target {bound}; {self.load}{judged})"
                + (f"; {self.detail}" if self.detail else ""))


def run_once(cmd: list[str], env: dict[str, str] | None = None,
             cwd: Path | None = None) -> tuple[float, float]:
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


def run_together(cmds: list[list[str]]) -> float:
    """Wall seconds for `cmds` started together to all finish (their output discarded); fails loudly on
    a non-zero exit, as run_once does."""
    start = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for cmd in cmds]
    for proc, cmd in zip(procs, cmds, strict=True):
        _, err = proc.communicate()
        if proc.returncode != 0:
            said = err.decode(errors="replace").strip()[-500:]
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {said}")
    return time.perf_counter() - start


def exe() -> str:
    return str(Path(sys.executable).with_name("backtofront"))


def cold_start(runs: int, cache: Path) -> list[Figure]:
    """The cold-start figures: assess --format json and the text report against their import floors, and
    letter --format md against assess --format md."""
    env = dict(os.environ, BACKTOFRONT_CACHE_DIR=str(cache))
    json_cmd = [exe(), "assess", str(PROFILE), "--format", "json"]
    text_cmd = [exe(), "assess", str(PROFILE)]
    md_cmd = [exe(), "assess", str(PROFILE), "--format", "md"]
    letter_cmd = [exe(), "letter", str(PROFILE), "--format", "md"]
    for cmd in (json_cmd, text_cmd, letter_cmd):  # fills the cache before the imports are read
        run_once(cmd, env)
    out = []
    for key, name, cmd in (("cold_json", "cold start, assess --format json", json_cmd),
                           ("cold_text", "cold start, assess (text report)", text_cmd)):
        modules = floors.floor_modules(cmd, env)
        floor = floors.floor_command(modules)
        cpu, wall, ms_a, ms_b = paired(cmd, floor, runs, env=env)
        out.append(Figure(name, cpu, TARGETS[key], True,
                          f"CPU {ms_a:.0f} ms against {ms_b:.0f} ms for its floor `{floor[-1]}`; "
                          f"wall-time ratio {wall:.2f}; median of {runs} pairs"))
        print(out[-1].line(), flush=True)
    cpu, wall, ms_a, ms_b = paired(letter_cmd, md_cmd, runs, env=env)
    out.append(Figure("cold start, letter --format md against assess --format md", cpu, TARGETS["letter_md"],
                      True, f"CPU {ms_a:.0f} ms against {ms_b:.0f} ms; wall-time ratio {wall:.2f}; "
                      f"median of {runs} pairs"))
    print(out[-1].line(), flush=True)
    return out


def bundled_profiles() -> list[Path]:
    """The bundled profiles the classify figure runs over (and tests/classifier/test_bench_baseline.py checks
    the plain-Python rules on): examples/*.yaml and examples/cases/*.yaml."""
    return sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "examples" / "cases").glob("*.yaml"))


def classify_figures(rounds: int) -> list[Figure]:
    """classify per profile over every bundled profile against bench/stage_rules.py, in this process."""
    from backtofront.classifier import profile
    from backtofront.classifier.classify import Classifier

    clf = Classifier()
    loaded = [profile.load(p) for p in bundled_profiles()]
    for one in loaded:  # the baseline is the same rules: it gives the classifier's overall stage
        reached = stage_rules.stages(one)[1]
        assert (reached[-1] if reached else None) == clf.classify(one).overall.stage, one.council.name
    from backtofront.classifier import engine

    # the rule engine's own share: durable-rules' assert of the profile's facts, phase by phase, which any
    # classify through the engine pays (the ratio cannot fall below its share)
    in_engine = [0.0]
    engine_run = engine.CompiledRules.run

    def timed_run(self, fact):
        start = time.process_time()
        try:
            return engine_run(self, fact)
        finally:
            in_engine[0] += time.process_time() - start
    ratios, per, base_per, engine_per = [], [], [], []
    for _ in range(rounds):
        n = 2
        in_engine[0] = 0.0
        engine.CompiledRules.run = timed_run
        start = time.process_time()
        try:
            for _ in range(n):
                for one in loaded:
                    clf.classify(one)
        finally:
            engine.CompiledRules.run = engine_run
        full = (time.process_time() - start) / (n * len(loaded))
        engine_per.append(in_engine[0] / (n * len(loaded)))
        m = 400
        start = time.process_time()
        for _ in range(m):
            for one in loaded:
                stage_rules.stages(one)
        base = (time.process_time() - start) / (m * len(loaded))
        ratios.append(full / base)
        per.append(full)
        base_per.append(base)
    fig = Figure(f"classify per profile, {len(loaded)} bundled profiles", statistics.median(ratios),
                 TARGETS["classify"], True,
                 f"{statistics.median(per) * 1000:.2f} ms CPU per profile against "
                 f"{statistics.median(base_per) * 1e6:.1f} µs for the plain-Python stage rules "
                 f"(bench/stage_rules.py); median of {rounds} rounds; the rule engine alone "
                 f"(durable-rules, engine.CompiledRules.run) {statistics.median(engine_per) * 1e6:.0f} µs, "
                 f"{statistics.median(engine_per) / statistics.median(base_per):.0f} times the baseline")
    print(fig.line(), flush=True)
    return [fig]


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
                                       "characteristics": dict.fromkeys(clf.kb.characteristics,
                                                                        "transactional")},
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
                PathFinder(clf.kb, clf.rules).next_stage_path(ranks, result.overall.stage, targets,
                                                              result.facts)
            search = (time.process_time() - start) / n
            ratios.append(search / full)
            per.append(search)
        out.append(Figure(f"shortest path to the next stage, {label}", statistics.median(ratios),
                          TARGETS["path"], True,
                          f"{statistics.median(per) * 1000:.2f} ms CPU per search, the ratio against one "
                          "classification"))
        print(out[-1].line(), flush=True)
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

    datas = [yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "examples").glob("*.yaml"))]
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
    """`batch --jobs 2` against `--jobs 1` on BATCH_COUNCILS profiles: `runs` pairs (at least
    MIN_BATCH_PAIRS), one job then two, in turn, the load average read before each pair."""
    name = f"batch --jobs 2 against --jobs 1, {BATCH_COUNCILS:,} profiles"
    if not batch_available():
        return [Figure(name, None, TARGETS["batch"], False, why_missing="batch not available")]
    runs = max(runs, MIN_BATCH_PAIRS)
    ratios, walls, loads, others, ceilings = [], {1: [], 2: []}, [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        many = Path(tmp) / "many"
        write_profiles(many, BATCH_COUNCILS)
        halves = [Path(tmp) / "half-1", Path(tmp) / "half-2"]
        for i, half in enumerate(halves):
            half.mkdir()
            for profile in sorted(many.iterdir())[i::2]:
                shutil.copy(profile, half / profile.name)
        try:
            for n in range(runs):
                loads.append(os.getloadavg()[0])
                if (quiet := other_work()) is not None:
                    others.append(quiet)
                pair = {}
                for jobs in (1, 2):
                    dest = Path(tmp) / f"out-{jobs}"
                    shutil.rmtree(dest, ignore_errors=True)
                    pair[jobs], _ = run_once([exe(), "batch", str(many), "-o", str(dest),
                                              "--jobs", str(jobs)])
                    walls[jobs].append(pair[jobs])
                ratios.append(pair[1] / pair[2])
                outs = [Path(tmp) / f"out-{half.name}" for half in halves]
                for out in outs:
                    shutil.rmtree(out, ignore_errors=True)
                side_by_side = run_together([[exe(), "batch", str(half), "-o", str(out), "--jobs", "1"]
                                             for half, out in zip(halves, outs, strict=True)])
                ceilings.append(pair[1] / side_by_side)
                beside = f", other work {others[-1]:.2f} cores" if others else ""
                print(f"  pair {n + 1} of {runs}: {pair[1]:.1f} s with one job, {pair[2]:.1f} s with two, "
                      f"{ratios[-1]:.2f}; halves side by side {side_by_side:.1f} s, {ceilings[-1]:.2f} (load "
                      f"{loads[-1]:.2f} before it{beside})", flush=True)
        except RuntimeError as exc:
            return [Figure(name, None, TARGETS["batch"], False, why_missing=f"batch failed: {exc}")]
    one, two = statistics.median(walls[1]), statistics.median(walls[2])
    busy = statistics.median(loads)
    detail = (f"median of {runs} pairs; wall {one:.1f} s with one job, {two:.1f} s with two; this machine's "
              f"ceiling (two one-job runs side by side on half the profiles each) "
              f"{statistics.median(ceilings):.2f}; load before the pairs {min(loads):.2f} to "
              f"{max(loads):.2f}, median {busy:.2f}")
    if others:  # what else ran beside the pairs, which the bench's own load does not disturb
        beside = statistics.median(others)
        detail += f"; other work beside the pairs {beside:.2f} cores (median)"
        unjudged = (f"the machine was busy (other work kept {beside:.2f} cores busy beside the pairs, above "
                    f"{IDLE_OTHERS}): the target is for two idle cores") if beside > IDLE_OTHERS else ""
    else:
        unjudged = (f"the machine was busy (median load {busy:.2f} above {IDLE_LOAD}): the target is for two "
                    "idle cores") if busy > IDLE_LOAD else ""
    fig = Figure(name, statistics.median(ratios), TARGETS["batch"], False, detail, why_unjudged=unjudged)
    print(fig.line(), flush=True)
    return [fig]


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
                answers[q.id] = {"answer": q.options[(i + len(q.id)) % len(q.options)].id,
                                 "evidence": f"note {i}"}
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
        cpu, wall, a_ms, b_ms = paired(["sh", "-c", script],
                                       [exe(), "assess", str(PROFILE), "--format", "json"],
                                       max(3, runs // 3), env=env)
    fig = Figure("combine 50 respondents + assess / assess one profile", cpu, TARGETS["combine"], True,
                 f"wall {wall:.2f}; {a_ms:.0f} ms against {b_ms:.0f} ms CPU")
    print(fig.line(), flush=True)
    return [fig]


def long_note_figures(runs: int, cache: Path) -> list[Figure]:
    """The text report and the Markdown letter of a profile with a LONG_NOTE_WORDS-word evidence note,
    against the same with half as many words."""
    import yaml

    env = dict(os.environ, BACKTOFRONT_CACHE_DIR=str(cache))
    out = []
    with tempfile.TemporaryDirectory(prefix="bench-note-") as tmp:
        paths = {}
        for words in (LONG_NOTE_WORDS, LONG_NOTE_WORDS // 2):
            data = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
            note = " ".join(f"Review{i} of the SR04 gains." if i % 50 == 0 else f"word{i}"
                            for i in range(words))
            data["characteristics"]["efficiency_policy"] = {"stage": "transitional", "evidence": note}
            paths[words] = Path(tmp) / f"note-{words}.yaml"
            paths[words].write_text(yaml.safe_dump(data, width=10**9), encoding="utf-8")
        for name, args in (("text report", ["assess"]), ("letter --format md", ["letter", "--format", "md"])):
            long_cmd, half_cmd = ([exe(), *args[:1], str(paths[w]), *args[1:]]
                                  for w in (LONG_NOTE_WORDS, LONG_NOTE_WORDS // 2))
            cpu, wall, a_ms, b_ms = paired(long_cmd, half_cmd, max(3, runs // 3), warmup=1, env=env)
            out.append(Figure(f"{name} of a {LONG_NOTE_WORDS:,}-word note / half as many words", cpu,
                              TARGETS["long_note"], True,
                              f"wall {wall:.2f}; {a_ms:.0f} ms against {b_ms:.0f} ms CPU"))
            print(out[-1].line(), flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="pairs of runs of each cold-start figure (15)")
    parser.add_argument("--rounds", type=int, default=9, help="rounds of the classify figure (9)")
    parser.add_argument("--batch-runs", type=int, default=MIN_BATCH_PAIRS,
                        help=f"pairs of batch runs, one job then two (at least {MIN_BATCH_PAIRS})")
    parser.add_argument("--only", choices=["cold", "classify", "path", "batch", "combine", "note"],
                        help="one group of figures")
    args = parser.parse_args()

    print(f"{os.cpu_count()} cores; {load()} at the start", flush=True)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        if args.only in (None, "cold"):
            figures += cold_start(args.runs, Path(cache))
        if args.only in (None, "classify"):
            figures += classify_figures(args.rounds)
        if args.only in (None, "path"):
            figures += path_figures(args.rounds)
        if args.only in (None, "combine"):
            figures += combine_figures(args.runs, Path(cache))
        if args.only in (None, "note"):
            figures += long_note_figures(args.runs, Path(cache))
        if args.only in (None, "batch"):
            figures += batch_figures(args.batch_runs)
    print("\nSummary (one run):")
    for fig in figures:
        print(fig.line())
    missed = [f for f in figures if not f.met]
    print(f"{len(figures) - len(missed)} of {len(figures)} figures meet their targets ({load()} at the end)")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
