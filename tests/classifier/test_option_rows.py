"""An indicator option quoting Table 4 quotes its own characteristic's row: never another row's words said
as this characteristic's (a sustainability answer quoting the time scales row's "Development of longer-term
plans for specific efficiency projects" as sustainability's transitional wording)."""

import re

from backtofront.classifier import questions as questions_mod


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def test_each_table_4_option_quotes_its_own_characteristics_row(kb):
    bank = questions_mod.load()
    wrong = []
    for q in bank.questions:
        if not q.characteristic:
            continue
        row = _squash(" ".join(kb.characteristics[q.characteristic].descriptors.values()))
        for o in q.options:
            if o.stage and o.quote and q.place(o) == "Table 4" and _squash(o.quote) not in row:
                wrong.append(f"{q.id}.{o.id}")
    assert wrong == []
