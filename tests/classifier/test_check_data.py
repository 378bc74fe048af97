"""loading.check_data answers exactly as its long walk does: the quick walk (one search of all the text at
once) only ever says "nothing wrong" where the long walk, which keeps each value's key path for the
message, finds nothing either; aliases, a container inside itself, deep nesting and every kind of
problem character included."""

from __future__ import annotations

import math

from backtofront.classifier import loading
from hypothesis import example, given
from hypothesis import strategies as st

# one character of each kind check_data refuses (and the joiner, refused only outside a word), beside
# plain text and the tab the quick search joins texts with
PROBLEMS = ["\ud800", "\x00", "\x1b", "\x7f", "\x85", "\u202e", "\u2028", "\U000e0041", "\ufdd0",
            "\U0010ffff", "\u200d", "\u200c"]
texts = st.text(max_size=12) | st.builds(lambda a, c, b: a + c + b, st.text(max_size=4),
                                         st.sampled_from([*PROBLEMS, "\t", "\u00a0", "é"]),
                                         st.text(max_size=4))
scalars = (texts | st.integers() | st.integers(min_value=2 ** 1000, max_value=2 ** 1002) | st.booleans()
           | st.none() | st.floats(allow_nan=True, allow_infinity=True))
keys = texts | st.integers(0, 3) | st.booleans() | st.none()
data = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(keys, inner, max_size=4), max_leaves=25)


def deep(levels: int):
    value: object = "leaf"
    for _ in range(levels):
        value = {"k": [value]}
    return value


shared = {"a": "x"}
looped: list = []
looped.append(looped)


@given(data)
@example({"council": {"name": "Ynys\u00a0Môn", "type": "district"}})
@example({"name": "a\u200db"})                  # a joiner inside a word: judged by its own text
@example({"a": shared, "b": shared})           # a YAML alias: the same mapping twice
@example(looped)                               # a list inside itself
@example(deep(16))                             # 32 levels: the most a profile may nest
@example(deep(17))
@example({"x": [float("inf")]})
@example({1: "a"})
def test_the_quick_check_agrees_with_the_long_walk(value):
    assert loading.check_data(value) == loading._first_problem(value)


def test_the_quick_check_passes_what_a_profile_usually_holds():
    value = {"council": {"name": "Example District Council", "type": "district"},
             "answers": {f"Q{i}": {"answer": "yes", "evidence": "Minutes\tof 3 March"} for i in range(50)},
             "figures": {"gains": 1.5, "share": math.pi}}
    assert loading._plainly_fine(value)
    assert loading.check_data(value) is None
