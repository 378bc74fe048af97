"""The text report's hanging indent (render/formats.py `hanging`) draws exactly what a two-column rich grid
draws (prefix unwrapped, body folded): every character and every style, at every width, so the faster
drawing changes nothing a reader sees."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from rich.padding import Padding
from rich.text import Text

from backtofront.render.formats import _grid, console, hanging

WORDS = st.text(alphabet=st.sampled_from("ab xy-\n\t漢é"), max_size=120)
STYLES = st.sampled_from(["", "bold", "dim", "red", "italic underline"])


@st.composite
def parts(draw):
    def part(text_strategy):
        text = draw(text_strategy)
        if draw(st.booleans()):
            return text.replace("[", "(")   # a str: read as rich markup, as a grid's cell reads it
        styled = Text(text, style=draw(STYLES))
        if draw(st.booleans()):
            styled += Text(draw(text_strategy), style=draw(STYLES))
        return styled
    return part(st.text(alphabet="ab: -[]0123456789", max_size=20)), part(WORDS)


@given(parts(), st.integers(min_value=4, max_value=130), st.booleans(), st.sampled_from([0, 2, 4]))
@example(("Next stage: ", "x" * 200), 20, True, 4)
@example(("a prefix wider than the width: ", "body"), 20, False, 0)
@example(("- ", ""), 40, False, 2)
@example(("1. ", Text("[high] ", style="dim") + Text("Take organisational change to the next stage")),
         40, True, 2)
def test_hanging_draws_what_the_grid_draws(prefix_body, width, color, indent):
    prefix, body = prefix_body
    drawn = []
    for renderable in (hanging(prefix, body), _grid(prefix, body)):
        out, buffer = console(color, width)
        out.print(Padding(renderable, (0, 0, 0, indent)))
        drawn.append(buffer.getvalue())
    assert drawn[0] == drawn[1]
