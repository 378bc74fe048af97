"""`backtofront questions`: the question bank (knowledge/questions.yaml) as text, Markdown or JSON.

JSON is a public contract: {"questions": [{"id", "section", "characteristic", "kind", "text", "help",
"citations", "options": [{"id", "text", "stage", and for an indicator option "basis" (report | inferred),
"cite" (the place of the report its words come from) and "reasoning" (why, for inferred)}]}]}; `na` and
`dont_know` are accepted by every question and are not listed among its options. Text and Markdown show each
indicator option's basis ("the report, Table 4" or "the assessment's reading of Case study 7") and give the
note the reading marker refers to once."""

from __future__ import annotations

from backtofront.classifier.knowledge import Knowledge
from backtofront.classifier.result import READING_NOTE
from backtofront.classifier.questions import QuestionBank

from .formats import _plain, console

SECTIONS = {
    "characteristics": "Table 4 characteristics (indicator questions: they judge the stages)",
    "pressures": "Table 3: external pressures",
    "barriers": "Table 3: internal barriers",
    "techniques": "Table 5: techniques used and planned",
    "strategic_approach": "Para 36: the key characteristics of a strategic approach",
    "four_elements": "Para 78: the four elements of an effective programme",
    "leadership": "Para 89: the three elements of effective leadership",
    "figures": "Figures",
}
KINDS = {"single": "choose one", "multiple": "tick all that apply", "number": "a number"}
UNITS = {"pct": "per cent, 0-100", "gbp": "pounds"}
INTRO = ("Every question also accepts na (not applicable, with a one-line justification) and dont_know, "
         "and an evidence note. Answer in a profile as `answers: {question_id: answer}`; "
         "see `backtofront knowledge profile-format`.")


def as_json(bank: QuestionBank) -> str:
    from .terminal import json_text

    from backtofront.classifier import contract

    return json_text(contract.questions({"questions": [q.to_dict() for q in bank.questions]}))


def _kind(q) -> str:
    return KINDS[q.kind] + (f", {UNITS[q.unit]}" if q.unit else "")


def as_markdown(bank: QuestionBank, kb: Knowledge) -> str:
    out = ["# The question bank", "", INTRO, "", f"**Note:** {READING_NOTE}", ""]
    for section in bank.sections():
        out += [f"## {SECTIONS[section]}", ""]
        for q in (q for q in bank.questions if q.section == section):
            about = f"{kb.characteristics[q.characteristic].name}; " if q.characteristic else ""
            out.append(f"### {q.text}")
            out.append("")
            out.append(f"`{q.id}` ({about}{_kind(q)}; {', '.join(q.citations)})")
            out.append("")
            if q.help:
                out += [q.help, ""]
            for o in q.options:
                out.append(f"- [ ] `{o.id}`: {o.text}"
                           + (f" _({o.stage}; {q.basis_words(o)})_" if o.stage else ""))
            if q.kind == "number":
                out.append("- Figure: ____________")
            out += ["- [ ] Not applicable (justification: ____________)", "- [ ] Don't know", "",
                    "Evidence: ________________________________________________", ""]
    return "\n".join(out).rstrip() + "\n"


def as_text(bank: QuestionBank, kb: Knowledge, *, color: bool = False, width: int = 100) -> str:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    out, buffer = console(color, width)
    out.print(Text(f"The question bank: {len(bank.questions)} questions", style="bold"))
    out.print(INTRO, markup=False)
    out.print(Text(f"Note: {READING_NOTE}", style="italic"))
    for section in bank.sections():
        out.print()
        out.print(Text(SECTIONS[section], style="bold underline"))
        for q in (q for q in bank.questions if q.section == section):
            about = f"{kb.characteristics[q.characteristic].name}; " if q.characteristic else ""
            out.print()
            out.print(Padding(Text(q.text, style="bold"), (0, 0, 0, 2)))
            out.print(Padding(Text(f"{q.id} ({about}{_kind(q)}; {', '.join(q.citations)})", style="dim"),
                              (0, 0, 0, 2)))
            for o in q.options:   # "- " then the option, its wrapped lines hanging under its id
                line = Text(f"{o.id}: ") + Text(o.text)
                if o.stage:
                    line += Text(f" [{o.stage}; {q.basis_words(o)}]", style="dim")
                grid = Table.grid()
                grid.add_column(no_wrap=True)
                grid.add_column(ratio=1)
                grid.add_row("- ", line)
                out.print(Padding(grid, (0, 0, 0, 4)))
    return _plain(buffer.getvalue(), color)


def as_csv(bank: QuestionBank) -> str:
    """A blank answers sheet: the columns question_id, question, answer, evidence, justification (the
    workbook's contract, docs/workbook.md), then options (what each answer cell takes), one row a
    question, for `interview --answers` to read back."""
    import csv
    import io

    from backtofront.classifier.workbook import SHEET_COLUMNS, answers_sheet_rows

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SHEET_COLUMNS)
    for qid, text, options in answers_sheet_rows(bank):
        writer.writerow([qid, text, "", "", "", options])
    return buffer.getvalue()


def british_english(doc) -> None:
    """A Word document in British English throughout (WCAG 2.2's language of the page, and Word's spelling
    checker): the styles' run language, the theme's font language and the document's language property."""
    from docx.oxml.ns import qn

    for part in (doc.styles.element, doc.settings.element):
        for lang in part.iter(qn("w:lang"), qn("w:themeFontLang")):
            for attr in ("w:val", "w:eastAsia"):
                if lang.get(qn(attr), "").startswith("en-"):
                    lang.set(qn(attr), "en-GB")
    doc.core_properties.language = "en-GB"


def as_docx(bank: QuestionBank, kb: Knowledge) -> bytes:
    """The questions on paper for a workshop (Word): each with a box to tick per option, Not applicable
    and Don't know, and ruled room for evidence; the Table 4 descriptors under each characteristic."""
    import io

    from docx import Document
    from docx.shared import Pt

    doc = Document()
    british_english(doc)
    doc.core_properties.title = "Back to front: questionnaire"
    doc.add_heading("Back to front: questionnaire", 0)
    doc.add_paragraph("Council: ______________________   Council type: ______________")
    doc.add_paragraph("Respondent: ___________________   Role (officer, councillor, staff, assessor): "
                      "__________")
    doc.add_paragraph("Tick one box for each question (tick all that apply where it says so), and note your "
                      "evidence. The questions are drawn from the Audit Commission's report Back to front "
                      "(2008); the citation is beside each.")
    box = "\u2610"
    for section in bank.sections():
        doc.add_heading(SECTIONS[section], 1)
        shown: set[str] = set()
        for q in (q for q in bank.questions if q.section == section):
            if q.characteristic and q.characteristic not in shown:
                shown.add(q.characteristic)
                ch = kb.characteristics[q.characteristic]
                doc.add_heading(f"{ch.name} ({ch.citation})", 2)
                for stage, text in ch.descriptors.items():
                    doc.add_paragraph(f"{stage.capitalize()}: {text}", style="List Bullet")
            doc.add_paragraph().add_run(q.text).bold = True
            doc.add_paragraph(f"{q.id} ({_kind(q)}; {', '.join(q.citations)})").runs[0].font.size = Pt(8)
            for o in q.options:
                doc.add_paragraph(f"{box} {o.text}")
            if q.kind == "number":
                doc.add_paragraph("Figure: ____________")
            doc.add_paragraph(f"{box} Not applicable (justification: ______________________)")
            doc.add_paragraph(f"{box} Don't know")
            doc.add_paragraph("Evidence: " + "_" * 60 + "\n" + "_" * 70)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render(fmt: str, *, color: bool = False, width: int = 100) -> str | bytes:
    """The packaged bank in `fmt` (text | json | md | csv | xlsx | docx; the last two as bytes), through
    the questions' format registry (render/output_format.py)."""
    from .output_format import QUESTIONS

    return QUESTIONS.render(fmt, color=color, width=width)


def _bank() -> QuestionBank:
    from backtofront.classifier import questions as questions_mod

    return questions_mod.load()


def _kb() -> Knowledge:
    from backtofront.classifier import knowledge as knowledge_mod

    return knowledge_mod.load()


def bank_text(*, color: bool = False, width: int = 100) -> str:
    """`questions`: the bank for the terminal, `width` columns (`as_text`)."""
    return as_text(_bank(), _kb(), color=color, width=width)


def bank_json(**_options) -> str:
    """`questions -f json`: the public JSON (`as_json`)."""
    return as_json(_bank())


def bank_markdown(**_options) -> str:
    """`questions -f md`: on paper, with boxes to tick (`as_markdown`)."""
    return as_markdown(_bank(), _kb())


def bank_csv(**_options) -> str:
    """`questions -f csv`: a blank answers sheet (`as_csv`)."""
    return as_csv(_bank())


def bank_xlsx(**_options) -> bytes:
    """`questions -f xlsx`: the questionnaire workbook (classifier/workbook.py; layout: docs/workbook.md)."""
    from backtofront.classifier import workbook

    return workbook.write(_bank(), _kb())


def bank_docx(**_options) -> bytes:
    """`questions -f docx`: the paper questionnaire in Word (`as_docx`)."""
    return as_docx(_bank(), _kb())
