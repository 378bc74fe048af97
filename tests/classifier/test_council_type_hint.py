"""A council type written as the council calls itself ("borough") gets the types it may mean, not a guess."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("written", ["borough", "Borough council", "borough_council"])
def test_a_borough_is_told_which_type_it_may_be(run_cli, tmp_path, written):
    path = tmp_path / "b.yaml"
    path.write_text(f"council: {{name: X, type: {written}}}\n", encoding="utf-8")
    code, _, err = run_cli("assess", str(path))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "a borough council in a shire county is district, a London borough london_borough" in err
    assert "did you mean" not in err
