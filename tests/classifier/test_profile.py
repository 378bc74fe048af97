"""Every bad profile gets one clear message: file, key path, bad value, valid choices, did-you-mean."""

from __future__ import annotations

import json

import pytest
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError


def _error(tmp_path, text: str | bytes, name: str = "p.yaml") -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(InputError) as info:
        profile_mod.load(path)
    return str(info.value)


COUNCIL = "council: {name: X, type: district}\n"


def test_minimal_profile_loads(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(COUNCIL)
    p = profile_mod.load(path)
    assert p.council.name == "X" and p.characteristics.assessed() == {}


def test_json_profile_has_the_same_shape(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"council": {"name": "X", "type": "county"},
                                "characteristics": {
                                    "time_scales": {"stage": "transitional", "evidence": "e"}}}))
    p = profile_mod.load(path)
    assert p.characteristics.assessed()["time_scales"].evidence == "e"


def test_misspelt_stage(tmp_path):
    msg = _error(tmp_path, COUNCIL + "characteristics: {efficiency_policy: transitionl}\n")
    assert msg.startswith(f"{tmp_path / 'p.yaml'}: characteristics.efficiency_policy: 'transitionl' is not "
                          "valid")
    assert "choose one of transactional, transitional, transformational" in msg
    assert "(did you mean 'transitional'?)" in msg


def test_unknown_characteristic(tmp_path):
    msg = _error(tmp_path, COUNCIL + "characteristics: {efficiency_polcy: transitional}\n")
    assert "characteristics.efficiency_polcy: unknown key 'efficiency_polcy'" in msg
    assert "valid keys: efficiency_policy, service_transformation" in msg
    assert "(did you mean 'efficiency_policy'?)" in msg


def test_unknown_barrier_in_list(tmp_path):
    msg = _error(tmp_path, COUNCIL + "barriers: [existing_contracts, risk_aversoin]\n")
    assert "barriers.1: 'risk_aversoin' is not valid" in msg
    assert "(did you mean 'risk_aversion'?)" in msg


def test_unknown_council_type(tmp_path):
    msg = _error(tmp_path, "council: {name: X, type: distrct}\n")
    assert "council.type: 'distrct' is not valid; choose one of district, county, unitary" in msg
    assert "did you mean 'district'" in msg


def test_unknown_top_level_key(tmp_path):
    msg = _error(tmp_path, COUNCIL + "pressure: [sr04]\n")
    assert "pressure: unknown key 'pressure'" in msg and "did you mean 'pressures'" in msg


def test_wrong_type(tmp_path):
    msg = _error(tmp_path, COUNCIL + "figures: {back_office_share_of_gains_pct: lots}\n")
    assert "figures.back_office_share_of_gains_pct: 'lots'" in msg


def test_out_of_range_figure(tmp_path):
    msg = _error(tmp_path, COUNCIL + "figures: {back_office_share_of_gains_pct: 140}\n")
    assert msg.endswith("figures.back_office_share_of_gains_pct: 140: must be at most 100")


def test_empty_council_name(tmp_path):
    assert _error(tmp_path, "council: {name: '', type: county}\n").endswith("council.name: '': must not be "
                                                                            "empty")


def test_missing_council(tmp_path):
    assert "council: required key is missing" in _error(tmp_path, "pressures: [sr04]\n")


def test_repeated_pressure(tmp_path):
    assert "listed more than once: sr04" in _error(tmp_path, COUNCIL + "pressures: [sr04, sr04]\n")


def test_yaml_syntax_error(tmp_path):
    msg = _error(tmp_path, COUNCIL + "pressures: [sr04\n")
    assert "YAML error at line" in msg


def test_json_syntax_error(tmp_path):
    assert "JSON syntax error at line 1" in _error(tmp_path, '{"council": ', name="p.json")


def test_empty_file(tmp_path):
    assert "is empty" in _error(tmp_path, "  \n")


def test_binary_file(tmp_path):
    assert "binary file" in _error(tmp_path, b"\x89PNG\x00\x01")


def test_not_utf8(tmp_path):
    assert "not UTF-8" in _error(tmp_path, b"council: \xff\xfe\n")


def test_not_a_mapping(tmp_path):
    assert "expected a mapping" in _error(tmp_path, "- just\n- a list\n")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        profile_mod.load(tmp_path / "nope.yaml")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        profile_mod.load(tmp_path)


def test_unsafe_yaml_is_refused(tmp_path):
    msg = _error(tmp_path, "!!python/object/apply:os.system ['echo hi']\n")
    assert "YAML error" in msg


def test_one_short_line_for_each_problem_the_first_first(tmp_path):
    msg = _error(tmp_path, COUNCIL + "characteristics: {time_scales: soon}\nbarriers: [nope]\n")
    first, second = msg.splitlines()
    assert "characteristics.time_scales: 'soon' is not valid" in first
    assert "barriers.0: 'nope' is not valid" in second


def test_wrong_shape_for_a_stage(tmp_path):
    msg = _error(tmp_path, COUNCIL + "characteristics: {time_scales: 3}\n")
    assert msg.endswith("characteristics.time_scales: 3: expected one of transactional, transitional, "
                        "transformational or a mapping, found a number")


def test_impossible_date(tmp_path):
    assert _error(tmp_path, COUNCIL + "assessed_on: 2008-13-45\n").endswith(
        "YAML error at line 2 column 14: 2008-13-45 is not a real date (there is no month 13)")


def test_date_in_another_form(tmp_path):
    # day-first 31/03/2008 is read: test_uk_dates
    msg = _error(tmp_path, COUNCIL + "assessed_on: March 31 2008\n")
    assert ("assessed_on: 'March 31 2008' is not a date: write it as YYYY-MM-DD (2008-03-31) or "
            "DD/MM/YYYY" in msg)


def test_a_respondent_named_twice_however_typed(tmp_path):
    """One person's name typed twice (case, spacing, an invisible character) is one respondent named
    twice, as combine compares names."""
    text = COUNCIL + ("respondents:\n  - {name: Ann Smith, answers: {}}\n"
                      "  - {name: \"ANN\\u200b  SMITH\", answers: {}}\n")
    assert "respondents: a respondent is named twice" in _error(tmp_path, text)
    path = tmp_path / "ok.yaml"
    path.write_text(COUNCIL + "respondents:\n  - {name: Ann Smith, answers: {}}\n"
                    "  - {name: Ann Smyth, answers: {}}\n")
    assert [r.name for r in profile_mod.load(path).respondents] == ["Ann Smith", "Ann Smyth"]
