"""The speed work changes nothing a user sees: every bundled profile gives byte-identical output (JSON,
text, Markdown) with the user cache of validated knowledge, question bank and compiled rule templates
(filled, then read) and without it; a damaged, stale or unwritable cache is only slower; the command
still flushes everything and keeps its exit codes when it leaves without interpreter teardown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from backtofront.classifier import cases, knowledge, profile, questions, rules
from backtofront.classifier.classify import Classifier
from backtofront.render.formats import Format, render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CASES = sorted((ROOT / "examples" / "cases").glob("*.yaml"))
ANSWERS = sorted((ROOT / "examples" / "cases" / "answers").glob("*.yaml"))
EXE = str(Path(sys.executable).with_name("backtofront"))


def _profiles() -> dict[str, profile.Profile]:
    out = {p.name: profile.load(p) for p in EXAMPLES}
    for p in CASES + ANSWERS:  # a case file holds its profile under `profile`
        out[f"{p.parent.name}/{p.name}"] = profile.parse(
            yaml.safe_load(p.read_text(encoding="utf-8"))["profile"],
                                                         str(p))
    return out


def _fresh_loads() -> None:
    for load in (knowledge.load, rules.load, questions.load, cases.stages):
        load.cache_clear()


def _outputs(profiles: dict[str, profile.Profile], formats=tuple(Format)) -> dict[str, str]:
    """Every profile in each of `formats` (every format, and the text report in colour, by default), from
    knowledge and rules loaded anew."""
    _fresh_loads()
    clf = Classifier()
    out = {}
    for name, prof in profiles.items():
        result = clf.classify(prof, source=name)
        for fmt in formats:
            out[f"{name} {fmt.value}"] = render(result, fmt, color=False, width=100)
        if Format.TEXT in formats:
            out[f"{name} text colour"] = render(result, Format.TEXT, color=True, width=120)
    return out


@pytest.fixture
def no_yaml(monkeypatch):
    """Make any reading of the packaged YAML fail: what loads now comes from the cache or not at all."""
    def refuse(*args, **kwargs):
        raise AssertionError("the packaged YAML was read although the cache holds it")

    monkeypatch.setattr(knowledge, "parse_file", refuse)
    monkeypatch.setattr(rules, "load_yaml", refuse)


@pytest.fixture(autouse=True)
def _restore_loads():
    yield
    _fresh_loads()


def test_every_bundled_profile_renders_the_same_with_and_without_the_cache(tmp_path, monkeypatch, request):
    profiles = _profiles()
    assert len(profiles) == len(EXAMPLES) + len(CASES) + len(ANSWERS) >= 28
    monkeypatch.setenv(knowledge.NO_CACHE_ENV, "1")
    monkeypatch.setenv(knowledge.CACHE_ENV, str(tmp_path))
    without = _outputs(profiles)
    assert not list(tmp_path.iterdir()), "BACKTOFRONT_NO_CACHE=1 must not write a cache"

    monkeypatch.delenv(knowledge.NO_CACHE_ENV)
    # the run that fills the cache classifies from what it has just written: its results are the JSON's
    filling = _outputs(profiles, formats=(Format.JSON,))
    assert sorted(p.name.split("-")[0] for p in tmp_path.iterdir()) == ["case", "knowledge", "questions",
                                                                         "rules"]

    request.getfixturevalue("no_yaml")
    reading = _outputs(profiles)
    assert filling == {k: v for k, v in without.items() if k.endswith(" json")}
    assert reading == without


def test_the_case_councils_stages_are_the_same_from_the_cache_as_from_their_profiles(tmp_path, monkeypatch):
    monkeypatch.setenv(knowledge.CACHE_ENV, str(tmp_path))
    expected = {n: {cid: c.stage for cid, c in case.profile.characteristics.assessed().items() if c.stage}
                for n, case in cases.load_all().items()}
    assert len(expected) == len(CASES) and all(expected.values())
    _fresh_loads()
    assert cases.stages() == expected            # built, and written
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["case"]
    _fresh_loads()
    monkeypatch.setattr(cases, "load_all", lambda: pytest.fail("the cache holds the stages"))
    assert cases.stages() == expected            # read back


def test_packaged_rule_templates_render_outside_the_sandbox_and_others_inside(tmp_path, monkeypatch):
    monkeypatch.setenv(knowledge.CACHE_ENV, str(tmp_path))
    _fresh_loads()
    packaged = rules.load(knowledge.load())
    assert all(r.trusted for r in packaged.rules)
    texts = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "rules").glob("*.yaml")}
    assert not any(r.trusted for r in rules.load_from(texts, knowledge.load()).rules)


def test_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv(knowledge.CACHE_ENV, str(tmp_path))
    prof = profile.load(EXAMPLES[0])
    expected = _outputs({"p": prof})
    for entry in tmp_path.iterdir():
        entry.write_bytes(b"\x93not msgpack of the right shape")
    assert _outputs({"p": prof}) == expected
    assert all(entry.stat().st_size > 1000 for entry in tmp_path.iterdir())  # written anew


def test_an_unwritable_cache_folder_is_only_slower(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(knowledge.CACHE_ENV, str(blocker / "cache"))
    prof = profile.load(EXAMPLES[0])
    monkeypatch.setenv(knowledge.NO_CACHE_ENV, "1")
    expected = _outputs({"p": prof})
    monkeypatch.delenv(knowledge.NO_CACHE_ENV)
    assert _outputs({"p": prof}) == expected


def test_a_cache_folder_that_cannot_be_searched_is_only_slower(tmp_path, monkeypatch, run_cli):
    """A cache folder under a parent not the user's (HOME kept under sudo): searching it fails with
    PermissionError; the command runs as without a cache, never an internal error."""
    monkeypatch.setenv(knowledge.CACHE_ENV, str(tmp_path / "cache"))
    real = Path.glob

    def refused(self, pattern, *args, **kwargs):
        if str(self).startswith(str(tmp_path)):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, pattern, *args, **kwargs)
    monkeypatch.setattr(Path, "glob", refused)
    assert knowledge.cached("k", {"a": "x"}, dict[str, str], lambda: {"a": "1"}) == {"a": "1"}
    code, out, err = run_cli("assess", str(EXAMPLES[0]), "-f", "json")
    assert code == 0 and "Internal error" not in err and '"overall"' in out


def test_an_edited_data_file_is_not_read_from_a_stale_entry(tmp_path, monkeypatch):
    monkeypatch.setenv(knowledge.CACHE_ENV, str(tmp_path))
    folder = knowledge.package_folder("knowledge")
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in knowledge.FILES}
    key = knowledge.cache_key("knowledge", texts)
    edited = dict(texts, **{"lists.yaml": texts["lists.yaml"] + "\n# edited\n"})
    assert knowledge.cache_key("knowledge", edited) != key
    built = []
    first = knowledge.cached("k", texts, dict[str, str], lambda: built.append(1) or {"a": "1"})
    again = knowledge.cached("k", texts, dict[str, str], lambda: built.append(2) or {"a": "2"})
    stale = knowledge.cached("k", edited, dict[str, str], lambda: built.append(3) or {"a": "3"})
    assert (first, again, stale, built) == ({"a": "1"}, {"a": "1"}, {"a": "3"}, [1, 3])
    assert len(list(tmp_path.glob("k-*.msgpack"))) == 1  # the stale entry is removed


def _cli(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, **{knowledge.CACHE_ENV: str(cache)})
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, check=False, timeout=120)


def test_the_command_flushes_all_its_output_and_keeps_its_exit_codes(tmp_path, classifier):
    expected = render(classifier.classify(profile.load(EXAMPLES[0]), source=str(EXAMPLES[0])), Format.JSON)
    for _ in range(2):  # filling the cache, then reading it
        done = _cli("assess", str(EXAMPLES[0]), "--format", "json", cache=tmp_path)
        assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")
    out = tmp_path / "result.json"
    done = _cli("assess", str(EXAMPLES[0]), "--format", "json", "-o", str(out), cache=tmp_path)
    assert done.returncode == 0 and out.read_text(encoding="utf-8") == expected
    assert done.stderr == f"Wrote {out}\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("council: {name: X, type: distrct}\n")
    done = _cli("assess", str(bad), cache=tmp_path)
    assert (done.returncode == 2 and "did you mean 'district'" in done.stderr
            and "Traceback" not in done.stderr)
