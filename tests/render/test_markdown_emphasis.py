"""User text cannot make emphasis in Markdown: every `*` and `_` of it gets a backslash
(templating.markdown_text), while the product's own Markdown (headings, bold labels, the compare table's
**DOWN**) is Markup and stays as it is. Checked as a reader sees it: through a Markdown renderer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backtofront.render.templating import markdown_text
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "*Bold* _council_"


@pytest.mark.parametrize("text, expected", [
    (HOSTILE, "\\*Bold\\* \\_council\\_"),
    ("**strong** __words__", "\\*\\*strong\\*\\* \\_\\_words\\_\\_"),
    ("snake_case", "snake\\_case"),
    ("* item", "\\* item"),
    ("***", "\\*\\*\\*"),
    ("___", "\\_\\_\\_"),
    ("already \\* escaped", "already \\\\\\* escaped"),   # the user's backslash, then the star's
])
def test_stars_and_underscores_get_a_backslash(text, expected):
    assert markdown_text(text) == expected


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def _profile(tmp_path: Path) -> Path:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({
        "council": {"name": HOSTILE, "type": "district"}, "notes": "An _assessor's_ *note*",
        "characteristics": {"time_scales": {"stage": "transitional", "evidence": "**loud** __evidence__"},
                            "efficiency_policy": "transactional"}}), encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [("assess", "-f", "markdown", "--all"), ("letter", "-f", "md"),
                                  ("letter", "-f", "md", "--brief")])
def test_hostile_names_print_as_written(run_cli, tmp_path, args):
    code, out, err = run_cli(args[0], str(_profile(tmp_path)), *args[1:])
    assert code == 0, err
    assert "\\*Bold\\* \\_council\\_" in out and HOSTILE not in out
    html = _html(out)
    assert HOSTILE in html                      # the reader sees the stars and underscores
    assert "<em>Bold</em>" not in html and "<em>council</em>" not in html
    assert "<strong>loud</strong>" not in html and "<em>note</em>" not in html
    assert "<strong>" in html                   # the product's own bold labels are still bold


def test_compare_keeps_its_own_bold(run_cli, tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    base = {"council": {"name": HOSTILE, "type": "district"}}
    old.write_text(json.dumps({**base, "assessed_on": "2008-01-01",
                               "characteristics": {"time_scales": "transitional"}}), encoding="utf-8")
    new.write_text(json.dumps({**base, "assessed_on": "2009-01-01",
                               "characteristics": {"time_scales": "transactional"}}), encoding="utf-8")
    code, out, err = run_cli("compare", str(old), str(new), "-f", "md")
    assert code == 0, err
    assert "| **DOWN** |" in out
    html = _html(out)
    assert "<strong>DOWN</strong>" in html and HOSTILE in html


@pytest.mark.parametrize("command", [("assess", "-f", "markdown", "--all"), ("letter", "-f", "md")])
@pytest.mark.parametrize("example", ["district-transitional", "metropolitan-transactional"])
def test_no_product_text_is_escaped(run_cli, command, example):
    """The bundled examples hold no `*` or `_` of their own: a backslash before one would be the product's
    Markdown passed through markdown_text as if it were user text."""
    code, out, err = run_cli(command[0], str(ROOT / "examples" / f"{example}.yaml"), *command[1:])
    assert code == 0, err
    assert "\\*" not in out and "\\_" not in out


def test_respondents_names_print_as_written(run_cli, tmp_path):
    """The respondents' section is the product's own Markdown; the names in it are the respondents' words."""
    files = []
    for src in sorted((ROOT / "examples" / "workshop").glob("*.yaml")):
        text = src.read_text(encoding="utf-8")
        if "officer" in src.name:
            text = text.replace("Ann Smith, Head of Finance", "'*Ann* _Smith_'")
        files.append(tmp_path / src.name)
        files[-1].write_text(text, encoding="utf-8")
    combined = tmp_path / "council.yaml"
    code, _, err = run_cli("combine", *map(str, files), "-o", str(combined))
    assert code == 0, err
    code, out, err = run_cli("assess", str(combined), "-f", "markdown")
    assert code == 0, err
    assert "\\*Ann\\* \\_Smith\\_ (officer)" in out
    html = _html(out)
    assert "*Ann* _Smith_" in html and "<em>Ann</em>" not in html
