"""Builds templates/letter.docx, the Word template of the recommendation letter (docxtpl syntax).

Councils may edit the result in Word (letterhead, fonts, wording) and pass their copy with
--template-dir. Run: python tools/make_letter_docx.py"""

from pathlib import Path

from docx import Document
from docx.shared import Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "letter.docx"


def main() -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10.5)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    p = doc.add_paragraph()
    p.add_run("From: {{ letter.sender }}").add_break()
    p.add_run("To: {{ letter.recipient }}").add_break()
    p.add_run("Date: {{ letter.date }}")
    doc.add_heading("{{ letter.subject }}", level=1)
    doc.add_paragraph("Dear colleagues,")
    doc.add_heading("Where the council stands: {{ letter.stage }}", level=2)
    doc.add_paragraph("{%p for para in letter.summary %}")
    doc.add_paragraph("{{ para }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if letter.evidence_note %}")
    doc.add_paragraph("{{ letter.evidence_note }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Strengths", level=2)
    doc.add_paragraph("{%p for s in letter.strengths %}")
    doc.add_paragraph("{{ s }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Priorities", level=2)
    doc.add_paragraph("{%p for p in letter.priorities %}")
    doc.add_paragraph("{{ p }}", style="List Number")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Actions", level=2)
    doc.add_paragraph("{%p for a in letter.actions %}")
    doc.add_heading("{{ loop.index }}. {{ a.title }}", level=3)
    doc.add_paragraph("{{ a.action }}")
    meta = doc.add_paragraph()
    run = meta.add_run("Priority: {{ a.priority }}; effort: {{ a.effort }}"
                       "{% if a.target_stage %}; target stage: {{ a.target_stage }}{% endif %}. "
                       "{% if a.why %}Why: {{ a.why | join('; ') }}. {% endif %}"
                       "Citations: {{ a.citations | join(', ') }}."
                       "{% if a.case_studies %} Read: {{ a.case_studies | join(', ') }}.{% endif %}")
    run.italic = True
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Case studies to read", level=2)
    doc.add_paragraph("{%p for cs in letter.case_studies %}")
    doc.add_paragraph("Case study {{ cs.number }}: {{ cs.title }} ({{ cs.council }}). {{ cs.summary }}",
                      style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Questions for the overview and scrutiny committee", level=2)
    doc.add_paragraph("From the report's checklists:")
    doc.add_paragraph("{%p for q in letter.questions %}")
    doc.add_paragraph("{{ q.text }}{% for p in q.points %} {{ p }}{% endfor %} "
                      "(Checklist {{ q.checklist }}; asked because {{ q.because }})", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("Yours sincerely,")
    doc.add_paragraph("{{ letter.sender }}")
    doc.add_page_break()
    doc.add_heading("Appendix: the eight characteristics (Table 4)", level=2)
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Characteristic", "Current stage", "Next-stage target")):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for c in letter.characteristics %}"
    row = table.rows[2].cells
    row[0].text = "{{ c.name }}"
    row[1].text = ("{% if c.stage %}{{ c.stage.name }}: {{ c.stage.descriptor }} ({{ c.basis_words }}"
                   "{% if c.provisional %}, provisional{% endif %}{% if c.override %}; reason: {{ c.override.reason }}"
                   "{% elif c.evidence %}; evidence: {{ c.evidence }}{% endif %}){% else %}Not assessed{% endif %}")
    row[2].text = ("{% if c.next %}{{ c.next.name }}: {{ c.next.descriptor }}{% elif c.stage %}"
                   "Transformational: already reached{% else %}Assess first{% endif %}")
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("Source: Audit Commission, Back to front: efficiency of back office functions in local "
                      "government (October 2008).")
    doc.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
