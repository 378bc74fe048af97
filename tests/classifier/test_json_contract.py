"""The JSON contract: `assess --format json`, `batch`'s files, `questions`, `compare`, `benchmark` and
`knowledge --format json` are rendered through msgspec types (classifier/contract.py), decode with them
(for every bundled profile) and validate against the published JSON Schemas in docs/schema/, which are
generated from those types and kept current."""

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
    assert decoded.schema_version == SCHEMA_VERSION == "1.10"
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


# -- compare, benchmark and knowledge ---------------------------------------------------------------------
BUNDLED = [(p.stem, str(p)) for p in sorted((ROOT / "examples").glob("*.yaml"))] + \
    [(p.stem, str(p)) for p in sorted((ROOT / "examples" / "cases").glob("cs*.yaml"))]


def _decoded_and_valid(name: str, text: str, kind):
    decoded = msgspec.json.decode(text, type=kind)
    _validator(name).validate(json.loads(text))
    return decoded


@pytest.mark.parametrize("stem,path", BUNDLED, ids=[b[0] for b in BUNDLED])
def test_every_bundled_profile_gives_compare_and_benchmark_json_that_fits_the_contract(run_cli, stem, path):
    """Each bundled profile compared with the first example (any council: every field of the profile
    differs somewhere), and benchmarked against the bundled cohort."""
    code, out, err = run_cli("compare", BUNDLED[0][1], path, "--any-council", "-f", "json")
    assert code == 0, err
    decoded = _decoded_and_valid("compare", out, contract.Comparison)
    assert decoded.schema_version == SCHEMA_VERSION and len(decoded.characteristics) == 8
    code, out, err = run_cli("benchmark", path, "-f", "json")
    assert code == 0, err
    decoded = _decoded_and_valid("benchmark", out, contract.Benchmark)
    assert decoded.schema_version == SCHEMA_VERSION and decoded.cohort.size >= 5 and decoded.techniques


def test_a_trend_of_three_fits_the_contract(run_cli):
    code, out, err = run_cli("compare", *(p for _, p in BUNDLED[:3]), "--any-council", "-f", "json")
    assert code == 0, err
    decoded = _decoded_and_valid("compare-trend", out, contract.ComparisonTrend)
    assert len(decoded.comparisons) == 2 and len(decoded.trend["overall"]) == 3
    with pytest.raises(msgspec.ValidationError):  # the two shapes are told apart: a trend is not a comparison
        msgspec.json.decode(out, type=contract.Comparison)


def test_a_comparison_of_combined_profiles_fits_the_contract(run_cli, tmp_path):
    """A profile combined from respondents: each characteristic also has `agreed` and `respondents`."""
    workshop = sorted(str(p) for p in (ROOT / "examples" / "workshop").glob("*.yaml"))
    code, _, err = run_cli("combine", *workshop, "-o", str(tmp_path / "then.yaml"))
    assert code == 0, err
    code, _, err = run_cli("combine", *workshop[:2], "-o", str(tmp_path / "now.yaml"))
    assert code == 0, err
    code, out, err = run_cli("compare", str(tmp_path / "then.yaml"), str(tmp_path / "now.yaml"), "-f", "json")
    assert code == 0, err
    decoded = _decoded_and_valid("compare", out, contract.Comparison)
    assert all(c.agreed is not msgspec.UNSET and c.respondents is not msgspec.UNSET
               for c in decoded.characteristics.values())
    assert any(c.respondents.from_ != c.respondents.to for c in decoded.characteristics.values())
    assert decoded.from_.respondents is not msgspec.UNSET and decoded.to.respondents is not msgspec.UNSET
    assert decoded.changed.respondents is not msgspec.UNSET  # a respondent left
    code, out, err = run_cli("benchmark", str(tmp_path / "then.yaml"), "-f", "json")
    assert code == 0, err
    assert _decoded_and_valid("benchmark", out, contract.Benchmark).respondents.characteristics


def test_a_withheld_cohort_figure_fits_the_contract(run_cli, tmp_path):
    """Too few councils of the cohort give a figure: its spread is withheld (`too_few`)."""
    folder = tmp_path / "cohort"
    folder.mkdir()
    for i in range(5):
        figures = "figures: {back_office_share_of_gains_pct: 40}\n" if i == 0 else ""
        (folder / f"c{i}.yaml").write_text(f"council: {{name: Council {i}, type: district}}\n"
                                           f"characteristics: {{time_scales: transitional}}\n{figures}")
    code, out, err = run_cli("benchmark", BUNDLED[0][1], "--cohort", str(folder), "-f", "json")
    assert code == 0, err
    decoded = _decoded_and_valid("benchmark", out, contract.Benchmark)
    spread = decoded.figures.back_office_share_of_gains_pct.cohort
    assert spread.too_few is True and spread.councils == 1 and spread.median is msgspec.UNSET


@pytest.mark.parametrize("topic", [None, "characteristics", "pressures", "barriers", "techniques",
                                   "case-studies",
                                   "figures", "profile-format"])
def test_the_knowledge_json_fits_the_contract(run_cli, topic):
    code, out, err = run_cli("knowledge", *([topic] if topic else []), "-f", "json")
    assert code == 0, err
    decoded = _decoded_and_valid("knowledge", out, contract.KnowledgeView)
    given = {name for name in ("characteristics", "pressures", "barriers", "techniques", "case_studies",
                               "figures", "profile_format") if getattr(decoded, name) is not msgspec.UNSET}
    assert given == ({topic.replace("-", "_")} if topic else
                     {"characteristics", "pressures", "barriers", "techniques", "case_studies", "figures"})


def test_the_cohort_contracts_refuse_output_that_does_not_fit(classifier):
    from backtofront.cohort import benchmark, compare

    loaded = profile_mod.load(ROOT / "examples" / "district-transitional.yaml")
    data = compare.compare([("a", loaded), ("b", loaded)], classifier)
    with pytest.raises(msgspec.ValidationError, match="change"):
        contract.comparison({**data, "overall": {**data["overall"], "change": "sideways"}})
    data, _ = benchmark.run(loaded, "x", None, classifier)
    with pytest.raises(msgspec.ValidationError, match="unknown field"):
        contract.benchmark({**data, "surprise": 1})
    with pytest.raises(msgspec.ValidationError, match="unknown field"):
        contract.knowledge_view({"characteristics": [], "lists": []})
