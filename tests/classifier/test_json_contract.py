"""The JSON contract: `assess --format json`, `batch`'s files and `questions --format json` are rendered
through msgspec types (classifier/contract.py), decode with them (for every bundled profile) and validate
against the published JSON Schemas in docs/schema/, which are generated from those types and kept current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import msgspec
import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import contract
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.result import SCHEMA_VERSION
from backtofront.render.formats import Format, render

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "docs" / "schema"
PROFILES = [(p.stem, lambda p=p: profile_mod.load(p)) for p in sorted((ROOT / "examples").glob("*.yaml"))] + \
    [(f"case{n}", lambda n=n: cases_mod.get(n).profile) for n in cases_mod.load_all()] + \
    [(f"answers{n}", lambda n=n: cases_mod.load_answers()[n].profile) for n in cases_mod.load_answers()]


def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.fixture(scope="module")
def assess_schema():
    return _validator("assess")


@pytest.mark.parametrize("name,load", PROFILES, ids=[p[0] for p in PROFILES])
def test_every_bundled_profile_gives_json_that_fits_the_contract(classifier, assess_schema, name, load):
    text = render(classifier.classify(load()), Format.JSON)
    decoded = msgspec.json.decode(text, type=contract.Assessment)
    assert decoded.schema_version == SCHEMA_VERSION == "1.6"
    assess_schema.validate(json.loads(text))


def test_the_contract_refuses_a_result_that_does_not_fit(classifier):
    data = classifier.classify(profile_mod.load(ROOT / "examples" / "district-transitional.yaml")).to_dict()
    with pytest.raises(msgspec.ValidationError, match="overall"):
        contract.assessment({**data, "overall": {**data["overall"], "stage": "excellent"}})
    with pytest.raises(msgspec.ValidationError, match="unknown field"):
        contract.assessment({**data, "surprise": 1})


def test_flag_item_is_documented_in_the_schema():
    flag = json.loads((SCHEMA_DIR / "assess.json").read_text(encoding="utf-8"))["$defs"]["Flag"]
    assert "for_each" in flag["properties"]["item"]["description"]


def test_batch_council_files_fit_the_contract(run_cli, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted((ROOT / "examples").glob("*.yaml")):
        (src / p.name).write_bytes(p.read_bytes())
    code, _, err = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 0, err
    validator = _validator("batch-council")
    files = [p for p in sorted((tmp_path / "out").glob("*.json"))
             if p.name != "summary.json" and not p.name.startswith(".")]  # the folder's manifest is hidden
    assert len(files) == 2
    for path in files:
        decoded = msgspec.json.decode(path.read_bytes(), type=contract.BatchAssessment)
        assert len(decoded.batch.profile) == 64
        validator.validate(json.loads(path.read_text(encoding="utf-8")))
    summary = (tmp_path / "out" / "summary.json").read_bytes()
    decoded = msgspec.json.decode(summary, type=contract.BatchSummary)
    assert decoded.schema_version == SCHEMA_VERSION and len(decoded.councils) == 2
    _validator("batch-summary").validate(json.loads(summary))


def test_the_question_bank_json_fits_the_contract(run_cli):
    code, out, _ = run_cli("questions", "--format", "json")
    assert code == 0
    decoded = msgspec.json.decode(out, type=contract.Questions)
    assert len(decoded.questions) > 20
    _validator("questions").validate(json.loads(out))


@pytest.mark.parametrize("name", sorted(contract.SCHEMAS))
def test_the_published_schemas_are_current(name):
    expected = json.dumps(contract.schema(name), indent=2, ensure_ascii=False) + "\n"
    assert (SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8") == expected, "run make docs"
