"""Documents from public test suites nobody here wrote (JSONTestSuite, yaml-test-suite, csv-spectrum; see
tests/corpus/README.md), used as profiles, as the text of a profile, as council CSVs and as answers files:
never exit 1 and never a traceback; a refusal is one line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
JSON_DOCS = sorted((CORPUS / "JSONTestSuite" / "test_parsing").glob("*.json"))
CSV_DOCS = sorted((CORPUS / "csv-spectrum" / "csvs").glob("*.csv"))


def _yaml_docs() -> list[tuple[str, bytes]]:
    """(test id, document bytes) of every test in the vendored yaml-test-suite files, its visible
    characters turned back into what they stand for."""
    out = []
    for path in sorted((CORPUS / "yaml-test-suite" / "src").glob("*.yaml")):
        for i, test in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if "yaml" not in test:
                continue
            text = test["yaml"]
            text = text.replace("␣", " ").replace("⇔", "\ufeff").replace("↵", "").replace("←", "\r")
            text = re.sub("—*»", "\t", text)
            text = re.sub("∎\n?$", "", text)
            out.append((f"{path.stem}-{i}", text.encode("utf-8")))
    return out


YAML_DOCS = _yaml_docs()


def test_the_corpus_is_there():
    assert len(JSON_DOCS) > 80 and len(YAML_DOCS) > 35 and len(CSV_DOCS) == 12
    for licence in ("JSONTestSuite/LICENSE", "yaml-test-suite/License", "csv-spectrum/package.json"):
        assert (CORPUS / licence).stat().st_size > 0


def _one_line_or_success(code: int, err: str) -> None:
    assert code in (0, 2), err
    assert "Traceback" not in err and "Internal error" not in err
    if code == 2:  # one short line a problem (every problem of a profile is reported), the first "Error: "
        lines = err.strip().splitlines()
        assert 1 <= len(lines) <= 21 and lines[0].startswith("Error: ") and all(len(x) < 600
                                                                                for x in lines), err


@pytest.mark.parametrize("path", JSON_DOCS, ids=lambda p: p.name)
def test_json_suite_documents_as_profiles(run_cli, tmp_path, path):
    for suffix in (".json", ".yaml", ""):
        target = tmp_path / f"profile{suffix}"
        shutil.copyfile(path, target)
        code, _out, err = run_cli("assess", str(target), "-f", "json")
        _one_line_or_success(code, err)


@pytest.mark.parametrize("name,raw", YAML_DOCS, ids=[n for n, _ in YAML_DOCS])
def test_yaml_suite_documents_as_profiles(run_cli, tmp_path, name, raw):
    for suffix in (".yaml", ".json"):
        target = tmp_path / f"profile{suffix}"
        target.write_bytes(raw)
        code, _out, err = run_cli("assess", str(target), "-f", "json")
        _one_line_or_success(code, err)


@pytest.mark.parametrize("name,raw", YAML_DOCS + [(p.name, p.read_bytes()) for p in JSON_DOCS[::3]],
                         ids=[n for n, _ in YAML_DOCS] + [p.name for p in JSON_DOCS[::3]])
def test_suite_documents_as_the_text_of_a_profile_stay_text(run_cli, tmp_path, name, raw):
    text = raw.decode("utf-8", "replace")
    profile = {"council": {"name": "Corpus Council", "type": "district"}, "notes": text,
               "characteristics": {"time_scales": {"stage": "transitional", "evidence": text}}}
    target = tmp_path / "profile.json"
    target.write_text(json.dumps(profile), encoding="utf-8")
    code, out, err = run_cli("assess", str(target), "-f", "json")
    _one_line_or_success(code, err)
    if code == 0:  # accepted text comes back as written
        assert json.loads(out)["notes"] == text.translate({0xA0: " ", 0x2007: " ", 0x202F: " "})
        code, out, err = run_cli("letter", str(target), "-f", "md")
        assert code == 0, err
        # the text opens no heading, code fence, link or image: the letter's structure is the one a plain
        # note gives
        assert _structure(out) == _structure(_plain_letter(run_cli, tmp_path, profile)), name


def _structure(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if re.match(r" {0,3}(#|```|~~~)", line)] + \
        re.findall(r"(?<!\\)!?\[[^\]]*(?<!\\)\]\(", markdown)


_PLAIN: list[str] = []


def _plain_letter(run_cli, tmp_path, profile: dict) -> str:
    if _PLAIN:
        return _PLAIN[0]
    plain = {**profile, "notes": "plain", "characteristics": {"time_scales": {"stage": "transitional",
                                                                              "evidence": "plain"}}}
    target = tmp_path / "plain.json"
    target.write_text(json.dumps(plain), encoding="utf-8")
    code, out, err = run_cli("letter", str(target), "-f", "md")
    assert code == 0, err
    _PLAIN.append(out)
    return out


@pytest.mark.parametrize("path", CSV_DOCS, ids=lambda p: p.name)
def test_csv_suite_documents_as_council_csvs_and_answers_files(run_cli, tmp_path, path):
    source = tmp_path / "councils.csv"
    shutil.copyfile(path, source)
    code, _out, err = run_cli("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code in (0, 2), err
    assert "Traceback" not in err and "Internal error" not in err
    code, _out, err = run_cli("interview", "-o", str(tmp_path / "council.yaml"), "--answers", str(source),
                              "--name", "X", "--type", "district")
    assert code in (0, 2), err
    assert "Traceback" not in err and "Internal error" not in err
    if code == 2:
        assert err.startswith("Error: ") and len(err.strip().splitlines()) <= 21, err
