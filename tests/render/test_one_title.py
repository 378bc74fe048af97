"""A recommendation has one title everywhere: `assess`, `compare` and `batch` all give the technique advice
as "Use lean/business process improvement (BPI)" (the acronym spelled out, as a reader needs it)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"
TITLE = "Use lean/business process improvement (BPI)"


def _write(tmp_path: Path, name: str, used: list[str], assessed_on: str) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    # an explicit no: a technique in no list would be asked about, not advised on
    data["techniques"] = {"used": used, "planned": [],
                          "not_used": [t for t in ("lean_bpi", "ict") if t not in used]}
    data["assessed_on"] = assessed_on
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_title_spells_out_the_acronym(classify):
    result = classify({"characteristics": {"time_scales": "transitional"},
                       "techniques": {"used": ["procurement"], "planned": [],
                                      "not_used": ["lean_bpi", "ict"]}})
    titles = {r.id: r.title for r in result.recommendations}
    assert titles["technique_lean_bpi"] == TITLE
    assert titles["technique_ict"] == "Use information and communications technology (ICT)"


def test_assess_compare_and_batch_give_the_same_title(run_cli, tmp_path):
    old = _write(tmp_path, "old.yaml", ["procurement"], "2007-03-31")
    new = _write(tmp_path, "new.yaml", ["procurement", "lean_bpi"], "2008-03-31")
    code, out, err = run_cli("assess", str(old), "--all")
    assert code == 0, err
    assert TITLE in out and "Use lean/BPI" not in out
    code, out, err = run_cli("compare", str(old), str(new))
    assert code == 0, err
    assert TITLE in " ".join(out.split()) and "Use lean/BPI" not in out
    code, out, err = run_cli("compare", str(old), str(new), "-f", "json")
    assert code == 0, err
    closed = {r["id"]: r["title"] for r in json.loads(out)["closed_recommendations"]}
    assert closed["technique_lean_bpi"] == TITLE
    folder = tmp_path / "councils"
    folder.mkdir()
    (folder / "old.yaml").write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_cli("batch", str(folder), "-o", str(tmp_path / "results"), "-j", "1")
    assert code == 0, err
    result = json.loads((tmp_path / "results" / "old.json").read_text(encoding="utf-8"))
    titles = {r["id"]: r["title"] for r in result["recommendations"]}
    assert titles["technique_lean_bpi"] == TITLE
