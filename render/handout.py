"""Printable handouts of a case-study council for a class, one case to an A4 page, in Markdown, HTML or
PDF (through the same sandboxed templates and WeasyPrint as letters):

- **full**: each characteristic's evidence quoted with its case study and paragraph, Table 4's words at
  its stage, the reason, and whether the report's words settle it or it is the assessment's reading;
  then the overall stage and what the report says of it;
- **worksheet**: the questions: each characteristic's evidence (the stages' names withheld) and Table
  4's three descriptions to tick, with room for the student's reason; then the overall stage;
- **model**: the worksheet with each answer, marked or discussed, and its reason.
"""

from __future__ import annotations

from backtofront.classifier import knowledge as knowledge_mod
from backtofront.classifier import reference as reference_mod
from backtofront.classifier.errors import InputError

KINDS = ("full", "worksheet", "model")
TITLES = {"full": "Case notes", "worksheet": "Worksheet", "model": "Model answers"}


def context(number: int, kind: str) -> dict:
    """What a handout template receives: `case` (number, title, council, type, para), `kind`, `heading`,
    `questions` (each: name, evidence, place, options [(stage, Table 4 words)], stage, marked, reason),
    and `source`. A worksheet names no paragraph (`para` None, `place` the case study alone): the
    paragraph a case study sits under is the report's description of a stage. Raises InputError for a case
    study without a bundled profile."""
    from .formats import COUNCIL_TYPES

    if kind not in KINDS:
        raise InputError(f"no handout {kind!r}: choose full, worksheet or model")
    ref = reference_mod.reference(number)
    kb = knowledge_mod.load()
    cs = kb.case_studies[number]
    asking = kind != "full"
    questions = []
    for q in ref.questions:
        if q.key == reference_mod.OVERALL:
            options = [(s, kb.stages[s].summary.split(". ")[0].rstrip(".") + ".")
                       for s in reference_mod.STAGES]
            evidence = None if asking else q.evidence
        else:
            options = [(s, kb.characteristics[q.key].descriptors[s]) for s in reference_mod.STAGES]
            evidence = reference_mod.withhold_stage(q.evidence) if asking and q.evidence else q.evidence
        # a worksheet comes before the answer: the paragraph a case study sits under (para 48 is the
        # report's description of the transactional approach) would give the stage away
        place = f"Case study {ref.number}" if kind == "worksheet" else q.place
        questions.append({"name": q.name, "evidence": evidence, "place": place, "options": options,
                          "stage": q.stage, "marked": q.graded, "reason": q.reason,
                          "descriptor": q.descriptor})
    return {"kind": kind, "heading": TITLES[kind],
            "case": {"number": number, "title": reference_mod.withhold_stage(cs.title) if asking
                     else cs.title,
                     "council": cs.council, "type": COUNCIL_TYPES.get(cs.council_type or "",
                                                                      "type not stated"),
                     "para": None if kind == "worksheet" else cs.para},
            "questions": questions,
            "source": "Audit Commission, Back to front: efficiency of back office functions in local "
                      "government (October 2008), Table 4 and the case studies."}


def render(number: int, kind: str, fmt: str) -> str | bytes:
    """The handout for case study `number` as `fmt` (md, html or pdf: bytes), through the handout's format
    registry (render/output_format.py). Raises InputError when PDF needs WeasyPrint and it is missing."""
    from .output_format import HANDOUT

    return HANDOUT.render(fmt, number, kind)


def as_markdown(number: int, kind: str) -> str:
    """The handout (`kind`: full, worksheet or model) for case study `number` as Markdown."""
    from . import templating

    return templating.render("handout.md.j2", **context(number, kind))


def as_html(number: int, kind: str) -> str:
    """The handout as HTML (one case to an A4 page when printed)."""
    from . import templating

    return templating.render("handout.html.j2", **context(number, kind))


def as_pdf(number: int, kind: str) -> bytes:
    """The handout as tagged PDF, through WeasyPrint (InputError when it is missing)."""
    html = as_html(number, kind)
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        from .letter import PDF_HELP
        raise InputError(PDF_HELP.replace("PDF letters", "PDF handouts")) from None
    from .letter import PDF_VARIANT

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)  # tagged, as letters are
