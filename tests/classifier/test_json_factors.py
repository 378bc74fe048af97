"""`assess -f json` carries the Table 3 pressures and barriers recorded for the council, as the text and
Markdown reports list them under "Pressures and barriers recorded for the council (Table 3)": in Table 3's
order whatever the profile's, each with the recommendation that responds to it; [] for none, null where not
recorded."""

from __future__ import annotations

import json

from backtofront.classifier import contract
from backtofront.classifier import profile as profile_mod
from backtofront.render import formats

COUNCIL = {"name": "Test Council", "type": "district"}


def classify(classifier, **sections):
    return classifier.classify(profile_mod.parse({"council": COUNCIL, **sections}))


def test_the_json_lists_the_factors_in_table_3_order_with_their_responses(classifier, kb):
    # given in reverse of Table 3's order
    result = classify(classifier, pressures=["public_expectations", "csr07"],
                      barriers=["insufficient_cost_knowledge", "existing_contracts"])
    data = json.loads(formats.as_json(result))
    contract.assessment(data)   # fits the published shape
    assert [p["id"] for p in data["pressures"]] == ["csr07", "public_expectations"]
    assert [b["id"] for b in data["barriers"]] == ["existing_contracts", "insufficient_cost_knowledge"]
    assert data["pressures"][0]["name"] == kb.pressures["csr07"].name == "CSR07"
    ranks = {r.id: i for i, r in enumerate(result.recommendations, start=1)}
    for kind in ("pressure", "barrier"):
        for item in data[f"{kind}s"]:
            own = ranks.get(f"{kind}_{item['id']}")
            if own is not None:
                assert item["recommendation"] == own
            else:   # merged into other advice: that advice's rank, named in its `covers`
                rec = result.recommendations[item["recommendation"] - 1]
                assert f"{kind}_{item['id']}" in rec.covers


def test_none_is_empty_and_not_recorded_is_null(classifier):
    data = classify(classifier, pressures=[]).to_dict()
    assert data["pressures"] == [] and data["barriers"] is None
    contract.assessment(data)


def test_the_json_and_the_markdown_agree(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: Test Council, type: district}\n"
                    "pressures: [public_expectations, sr04]\nbarriers: [risk_aversion]\n", encoding="utf-8")
    code, md, _ = run_cli("assess", str(path), "-f", "md")
    assert code == 0
    code, out, _ = run_cli("assess", str(path), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == "1.10"
    line = next(x for x in md.splitlines() if x.startswith("- External pressures:"))
    # Table 3's order in the Markdown too: SR04 before public expectations
    assert line.index("SR04") < line.index("public expectations")
    assert [p["id"] for p in data["pressures"]] == ["sr04", "public_expectations"]
    for p in data["pressures"]:
        if p["recommendation"]:
            assert f"recommendation {p['recommendation']}" in line
