"""classifier/errors.py: one input's problems, listed at most MAX_PROBLEMS, and counted in words."""

from __future__ import annotations

import pytest
from backtofront.classifier.errors import MAX_PROBLEMS, InputError, raise_all


@pytest.mark.parametrize(("found", "complete", "words", "last"), [
    (1, True, "", "p0"),
    (2, True, "1 more problem", "p1"),
    (MAX_PROBLEMS, True, f"{MAX_PROBLEMS - 1} more problems", f"p{MAX_PROBLEMS - 1}"),
    (MAX_PROBLEMS + 1, True, f"{MAX_PROBLEMS} more problems", "and 1 more problem"),
    (MAX_PROBLEMS + 30, True, f"{MAX_PROBLEMS + 29} more problems", "and 30 more problems"),
    (MAX_PROBLEMS + 30, False, "more problems",
     "and more problems: fix these and check it again to see the rest"),
])
def test_problems_beyond_the_first_are_counted_as_listed(found, complete, words, last):
    with pytest.raises(InputError) as caught:
        raise_all([f"p{i}" for i in range(found)], "f.yaml", complete=complete)
    assert caught.value.problems[-1] == last
    assert len(caught.value.problems) == min(found, MAX_PROBLEMS + 1)
    assert caught.value.more_words() == words
