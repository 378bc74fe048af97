"""Every piece of advice the bundled profiles receive (examples/, the case councils and their answers
profiles), word for word, against tests/golden/advice.md: a reworded recommendation, flag or reason shows
here as a diff to review, whichever rule or knowledge file (knowledge/factors.yaml's responses, say) its
words come from. After checking the change: UPDATE_GOLDEN=1 make test."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from backtofront.classifier import profile as profile_mod

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "advice.md"


def _profiles() -> list[tuple[str, profile_mod.Profile]]:
    out = [(p.relative_to(ROOT).as_posix(), profile_mod.load(p))
           for p in sorted((ROOT / "examples").glob("*.yaml"))]
    for folder in (ROOT / "examples" / "cases", ROOT / "examples" / "cases" / "answers"):
        for p in sorted(folder.glob("*.yaml")):
            data = yaml.safe_load(p.read_text(encoding="utf-8"))["profile"]
            out.append((p.relative_to(ROOT).as_posix(), profile_mod.parse(data, str(p))))
    return out


def _advice(classifier) -> str:
    lines = ["# The advice every bundled profile receives",
             "", "<!-- Checked by tests/classifier/test_advice_golden.py: UPDATE_GOLDEN=1 make test -->"]
    for name, prof in _profiles():
        result = classifier.classify(prof, source=name)
        lines += ["", f"## {name}", "", f"Overall: {result.overall.marked_headline}"]
        for flag in result.flags:
            lines.append(f"- Flag [{flag.severity}] {flag.id}: {flag.message}")
        for i, rec in enumerate(result.recommendations, start=1):
            lines.append(f"{i}. [{rec.priority}] {rec.title}")
            lines.append(f"   - Action: {rec.action}")
            for why in rec.why:
                lines.append(f"   - Why: {why}")
        for item in result.to_confirm:
            lines.append(f"- To confirm: {getattr(item, 'text', item)}")
    return "\n".join(lines) + "\n"


def test_the_advice_of_every_bundled_profile_matches_its_golden_file(classifier):
    text = _advice(classifier)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), ("run UPDATE_GOLDEN=1 make test after checking the "
                                                        "change")
