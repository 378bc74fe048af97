"""Recommendation letters: one Letter built from a Result, rendered as Markdown, HTML, DOCX or PDF."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import io
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

from backtofront.classifier.errors import InputError
from backtofront.classifier.knowledge import Knowledge, list_item
from backtofront.classifier.result import Result

from . import templating
from .formats import COUNCIL_TYPES

STAGE_COLOURS = {"transactional": "#c0392b", "transitional": "#d68910", "transformational": "#1e8449"}


class LetterFormat(str, enum.Enum):
    MD = "md"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"

    @property
    def binary(self) -> bool:
        return self in (LetterFormat.DOCX, LetterFormat.PDF)


@dataclass(frozen=True)
class Options:
    sender: str | None = None
    recipient: str | None = None
    date: dt.date | None = None
    template_dir: str | Path | None = None


@dataclass
class CaseStudyRef:
    number: int
    council: str
    title: str
    summary: str


@dataclass
class Question:
    checklist: int
    checklist_title: str
    text: str
    points: list[str]
    because: str


@dataclass
class Letter:
    council: str
    council_type: str
    recipient: str
    sender: str
    date: str
    subject: str
    stage: str
    stage_id: str | None
    summary: list[str]
    strengths: list[str]
    priorities: list[str]
    actions: list  # Recommendation
    case_studies: list[CaseStudyRef]
    questions: list[Question]
    characteristics: list  # CharacteristicResult
    chart: list[dict] = field(default_factory=list)
    # Issue 10: one sentence when most stages are claimed rather than evidenced (Result.evidence_note)
    evidence_note: str | None = None


def _date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


# Which checklist questions (checklist, question number from 1) suit a result, and why.
def _question_picks(result: Result) -> list[tuple[int, int, str]]:
    picks: list[tuple[int, int, str]] = [(2, 4, "the council's broad approach is the subject of this letter")]
    if result.pressures:
        picks.append((2, 1, "the profile lists external pressures"))
        picks.append((2, 2, "the profile lists external pressures"))
    if result.barriers:
        picks.append((2, 3, "the profile lists internal barriers"))
    if "back_office_share_of_gains_pct" in result.figures:
        picks.append((1, 2, "the profile gives the back office share of gains"))
        picks.append((1, 3, "the profile gives the back office share of gains"))
    sustainability = result.characteristics.get("sustainability")
    if result.flag("windfall_risk") or (sustainability and sustainability.stage
                                         and sustainability.stage.id != "transformational"):
        picks.append((1, 4, "sustainability of savings is below transformational"))
        picks.append((2, 9, "sustainability of savings is below transformational"))
    methods_used = set(result.techniques_used)
    if not methods_used or not ({"shared_services", "informal_partnerships", "outsourcing", "joint_ventures"}
                                & (methods_used | set(result.techniques_planned))):
        picks.append((3, 1, "the council's methods are mostly or wholly internal"))
        picks.append((3, 2, "the council's methods are mostly or wholly internal"))
    if "low_change_capacity" in result.barriers:
        picks.append((3, 3, "low change management capacity is a barrier"))
    if "insufficient_cost_knowledge" in result.barriers or result.overall.stage in (None, "transactional"):
        picks.append((3, 4, "comparison with others is the basis of the next steps"))
    leadership = result.characteristics.get("management_leadership")
    if not leadership or not leadership.stage or leadership.stage.id != "transformational":
        picks.append((3, 5, "management and leadership of efficiency is below transformational"))
        picks.append((3, 7, "management and leadership of efficiency is below transformational"))
    if "absent" in result.elements.values():
        picks.append((3, 8, "the profile says an element of para 78 is lacking"))
    picks.append((2, 8, "every council should know the approach it aspires to"))
    seen, out = set(), []
    for c, q, why in picks:
        if (c, q) not in seen:
            seen.add((c, q))
            out.append((c, q, why))
    return sorted(out)


def build(result: Result, kb: Knowledge, options: Options = Options()) -> Letter:
    council = result.council["name"]
    stage_id = result.overall.stage
    stage_name = result.overall.name
    counts = {s: sum(1 for c in result.characteristics.values() if c.stage and c.stage.id == s) for s in kb.stages}
    assessed = sum(counts.values())

    summary = []
    if stage_id:
        summary.append(
            f"On the evidence of this assessment, {council} takes a {stage_name.lower()} approach to back office "
            f"efficiency. {kb.stages[stage_id].summary} ({kb.stages[stage_id].citation})")
        spread = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        if assessed == len(result.characteristics):
            summary.append(f"All eight characteristics of Table 4 were assessed: {spread}.")
        else:
            summary.append(f"Of the eight characteristics of Table 4, {assessed} were assessed: {spread}.")
    else:
        summary.append(f"No characteristic of Table 4 was assessed for {council}, so no overall stage can be given.")
    for f in result.flags:
        if f.severity in ("high", "warning") and f.id not in ("element_lacking", "strategic_characteristic_lacking"):
            summary.append(f.message)
    if stage_id != "transformational":
        summary.append("Transformational approaches are the most likely to deliver long-term, sustainable gains "
                       "(para 46); the move from transitional to transformational requires concerted leadership "
                       "and management (para 47).")

    strengths = []
    top = max((c.stage.id for c in result.characteristics.values() if c.stage), key=kb.stage_rank, default=None)
    if top and top != "transactional":
        for c in result.characteristics.values():
            if c.stage and c.stage.id == top:
                strengths.append(f"{c.name} is {c.stage.name.lower()}: “{c.stage.descriptor}” (Table 4)")
    for item in kb.four_elements.items:
        if result.elements.get(item.id) == "present":
            strengths.append(f"An element of the most effective programmes is present: {list_item(item.text)} (para 78)")
    for item in kb.strategic_characteristics.items:
        if result.strategic.get(item.id) == "present":
            strengths.append(f"A key characteristic of strategic approaches is present: {item.text.split(':')[0]} (para 36)")
    for tid in result.techniques_used:
        t = kb.techniques[tid]
        strengths.append(f"The council already uses {t.name}, which {t.sr04_sites} of the {kb.case_study_sites} "
                         f"case study sites used in SR04 (Table 5)")
    if not strengths:
        strengths.append(f"{council} has made a start: most councils begin with a transactional approach, taking "
                         "quick wins and short-term gains (paras 47-48). The assessment found no characteristic "
                         "beyond that yet, so the priorities below build the foundations.")

    priorities = [r.title for r in result.recommendations if r.priority == "high"] or \
        [r.title for r in result.recommendations[:3]]

    numbers = sorted({int(c.removeprefix("Case study ")) for r in result.recommendations for c in r.case_studies})
    case_studies = [CaseStudyRef(n, kb.case_studies[n].council, kb.case_studies[n].title, kb.case_studies[n].summary)
                    for n in numbers]

    questions = []
    for c, q, why in _question_picks(result):
        checklist = kb.checklists[c]
        question = checklist.questions[q - 1]
        questions.append(Question(c, checklist.title, question.q, question.points, why))

    chart = []
    for c in result.characteristics.values():
        rank = kb.stage_rank(c.stage.id) if c.stage else 0
        chart.append({"name": c.name, "rank": rank, "stage": c.stage.name if c.stage else "Not assessed",
                      "colour": STAGE_COLOURS.get(c.stage.id, "#999999") if c.stage else "#cccccc"})

    return Letter(
        council=council, council_type=COUNCIL_TYPES[result.council["type"]],
        recipient=options.recipient or f"The Chief Executive and the Leader, {council}",
        sender=options.sender or "The back office efficiency review team",
        date=_date(options.date or dt.date.today()),
        subject=f"Back office efficiency: where {council} stands, and the next steps",
        stage=result.overall.headline, stage_id=stage_id, summary=summary, strengths=strengths, priorities=priorities,
        actions=list(result.recommendations), case_studies=case_studies, questions=questions,
        characteristics=list(result.characteristics.values()), chart=chart, evidence_note=result.evidence_note)


def render_text(letter: Letter, fmt: LetterFormat, template_dir=None) -> str:
    name = {LetterFormat.MD: "letter.md.j2", LetterFormat.HTML: "letter.html.j2"}[fmt]
    return templating.render(name, template_dir, letter=letter)


def render_docx(letter: Letter, template_dir=None) -> bytes:
    """The letter as a Word document, from the user's letter.docx when the template folder has one.
    InputError (exit code 2) naming the file when that is not a Word file or its template fails (syntax,
    undefined name, sandbox, output size or time limit); text keeps its `<`, `>` and `&`."""
    import zipfile

    from docxtpl import DocxTemplate

    source = None
    if template_dir and (Path(template_dir) / "letter.docx").is_file():
        source = Path(template_dir) / "letter.docx"
    if source is None:
        from importlib import resources
        data = (resources.files("backtofront") / "templates" / "letter.docx").read_bytes()
    else:
        from backtofront.classifier import loading
        data = loading.read_bytes(source, limit=templating.MAX_DOCX_BYTES, what="Word template")
    env = templating.docx_environment()
    doc = DocxTemplate(io.BytesIO(data))
    try:
        doc.get_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        if source is None:
            raise
        raise InputError(f"is not a Word (.docx) document ({type(exc).__name__}); save the template from "
                         "Word as .docx", source=str(source)) from None
    try:
        with templating.time_limit(env):
            doc.render({"letter": letter}, jinja_env=env, autoescape=True)
    except InputError:
        raise
    except Exception as exc:
        if source is None and not isinstance(exc, templating.TemplateLimit):
            raise
        raise templating.docx_problem(exc, source) from None
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


PDF_HELP = ("PDF letters need WeasyPrint, an optional extra: pip install 'backtofront[pdf]' "
            "(it also needs the Pango library from your system's packages)")


def render_pdf(letter: Letter, template_dir=None) -> bytes:
    """The letter as PDF through WeasyPrint. Ctrl-C while drawing is never lost: WeasyPrint swallows a
    KeyboardInterrupt raised while it draws the SVG chart, so the interrupt is recorded and raised again
    after it returns (no file is written, exit code 130)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        raise InputError(PDF_HELP) from None
    html = render_text(letter, LetterFormat.HTML, template_dir)
    with _interrupts_kept() as interrupted:
        pdf = HTML(string=html).write_pdf()
    if interrupted:
        raise KeyboardInterrupt
    return pdf


@contextlib.contextmanager
def _interrupts_kept():
    """Record every SIGINT in the returned list (and raise KeyboardInterrupt as usual) while the block runs."""
    seen: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield seen
        return

    def on_interrupt(signum, frame):
        seen.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)


def render(letter: Letter, fmt: LetterFormat, template_dir=None) -> str | bytes:
    if fmt in (LetterFormat.MD, LetterFormat.HTML):
        return render_text(letter, fmt, template_dir)
    if fmt is LetterFormat.DOCX:
        return render_docx(letter, template_dir)
    if fmt is LetterFormat.PDF:
        return render_pdf(letter, template_dir)
    raise AssertionError(f"unhandled format {fmt}")
