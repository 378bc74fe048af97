"""User text (a council's name, evidence, notes) printed into Markdown renders as itself and never opens a
block of its own (templating.markdown_text): backslashes, backticks and blank lines too. Checked as a reader
sees it, through a CommonMark renderer, in a paragraph, a list item and a table cell; property tests draw
the same examples every `make test` (the ci profile is derandomized) and new ones under `make fuzz`."""

from __future__ import annotations

import html
import json
import re

from backtofront.render.plain import markdown_cell
from backtofront.render.templating import markdown_text
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

RENDER = MarkdownIt("commonmark").enable("table")
# what user text must never make: a block of its own, or inline markup (a line break it typed, with two
# spaces before it, may show as one)
BLOCKS = re.compile(r"<(h\d|ul|ol|li|pre|blockquote|hr|table|tr|td|th|p|div)\b")
INLINE = re.compile(r"<(em|strong|code|a|img)\b")

# text as users type it: any printable character, line breaks and blank lines, and the characters Markdown
# gives meaning to, often
text = st.lists(st.one_of(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    st.sampled_from(list("\\`*_[]()<>&#|!~-+=.:0123456789 \n\t") + ["\n\n", "```", "    ", "&amp;", "\\\n"])),
    max_size=40).map("".join)


def words(fragment: str) -> str:
    """What a reader sees: the text of the HTML, tags removed, whitespace as single spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def seen(typed: str) -> str:
    return " ".join(typed.split())


def blocks(rendered: str) -> list[str]:
    return [m.group(1) for m in BLOCKS.finditer(rendered)]


@given(text)
@example("C:\\Temp\\`code` *not* \\*emphasis\\*")
@example("first paragraph\n\nsecond paragraph")
@example("line\n\n# heading")
@example("a\n\n    indented code")
@example("tail \\")
@example("`` two ticks `` and \\` one")
@example("x\n   \n- a list")
@example("&copy; &#169; <b>")
@example("    \n0")
def test_user_text_in_a_paragraph_is_itself_and_one_paragraph(typed):
    rendered = RENDER.render(f"Evidence: {markdown_text(typed)}\n")
    assert blocks(rendered) == ["p"], rendered
    assert not INLINE.search(rendered), rendered
    assert words(rendered) == seen(f"Evidence: {typed}")


@given(text)
@example("item\n\n- another item")
@example("one\n\n\n  two")
def test_user_text_in_a_list_item_stays_in_the_item(typed):
    rendered = RENDER.render(f"- Answer. Evidence: {markdown_text(typed)}\n- Next answer.\n")
    assert blocks(rendered).count("li") == 2 and "ul" in blocks(rendered), rendered
    assert not set(blocks(rendered)) - {"ul", "li", "p"}, rendered
    assert not INLINE.search(rendered), rendered
    assert words(rendered) == seen(f"Answer. Evidence: {typed} Next answer.")


@given(text)
@example("a | b")
@example("a \\| b")
@example("back\\slash\n\nand a row")
def test_user_text_in_a_table_cell_stays_in_its_cell(typed):
    rendered = RENDER.render(f"| Characteristic | Evidence |\n|---|---|\n| Time scales | "
                             f"{markdown_text(markdown_cell(typed))} |\n")
    assert blocks(rendered).count("td") == 2, rendered
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.S)
    assert words(cells[1]) == seen(typed)
    assert not INLINE.search(rendered), rendered


def test_a_council_name_evidence_and_notes_print_as_written_in_the_letter_and_the_report(run_cli, tmp_path):
    name = "Back\\slash `Tick` Council"
    evidence = "See C:\\Reports\\2008 and `the minutes`\n\nthen # not a heading"
    notes = "First point\n\n\n- not a list\n\n```\nnot code"
    path = tmp_path / "p.json"
    path.write_text(json.dumps({
        "council": {"name": name, "type": "district"}, "notes": notes,
        "characteristics": {"time_scales": {"stage": "transitional", "evidence": evidence}},
        "answers": {"planning_monitoring_targets": {"answer": "tailored", "evidence": evidence}}}),
        encoding="utf-8")
    for args in (("letter", "-f", "md"), ("assess", "-f", "md", "--all")):
        code, out, err = run_cli(args[0], str(path), *args[1:])
        assert code == 0, err
        rendered = RENDER.render(out)
        text = words(rendered)
        assert seen(name) in text and seen(evidence) in text and seen(notes) in text, args
        assert "<code>" not in rendered and "<pre>" not in rendered, args
        assert "not a heading</h" not in rendered and "<li>not a list" not in rendered, args
