"""Builds templates/letter.docx, the Word template of the recommendation letter (docxtpl syntax).

A4, a running header with the council and the date (not on page 1, which keeps room for a letterhead),
"Page N of M" in the footer, every format a named style (so a council restyles the letter in Word's style
gallery, not paragraph by paragraph), table header rows repeated on every page, and the chart as an image
(`{{ chart }}`, drawn by render/charts.py). Councils may edit the result in Word (letterhead, fonts,
wording) and pass their copy with --template-dir. Run: python tools/make_letter_docx.py"""

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "letter.docx"
BLUE = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x55, 0x55, 0x55)


def _figure(doc, image: str, caption: str) -> None:
    """A picture the template is given as `image` (where it is given one), and its caption."""
    doc.add_paragraph(f"{{%p if {image} %}}")
    doc.add_paragraph(f"{{{{ {image} }}}}", style="Chart")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph(caption, style="Letter Small")


def _chart(doc, condition: str) -> None:
    """The chart and its caption, in the template where `condition` (a Jinja test) holds."""
    doc.add_paragraph(f"{{%p if {condition} %}}")
    _figure(doc, "chart", "The eight characteristics of Table 4: the stage each has reached, against the "
                          "council's target.")
    doc.add_paragraph("{%p endif %}")

def _style(doc, name: str, base: str = "Normal", size: float | None = None, colour=None, bold=None,
           italic=None, before: float | None = None, after: float | None = None, keep_next=None,
           page_break=None, line: float | None = None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    if size:
        style.font.size = Pt(size)
    if colour is not None:
        style.font.color.rgb = colour
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    pf = style.paragraph_format
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if keep_next is not None:
        pf.keep_with_next = keep_next
    if page_break is not None:
        pf.page_break_before = page_break
    if line is not None:
        pf.line_spacing = line
    return style


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _no_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    tr_pr.append(cant)


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.4), Cm(2)
    section.different_first_page_header_footer = True

    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].font.color.rgb = BLUE
        doc.styles[name].font.name = "Arial"
    # the letter's title, on page 1 under the sender and the date: single-spaced, close to both
    doc.styles["Heading 1"].font.size = Pt(14)
    title = doc.styles["Heading 1"].paragraph_format
    title.space_before, title.space_after, title.line_spacing = Pt(2), Pt(3), 1.0
    doc.styles["Heading 2"].font.size = Pt(12.5)
    doc.styles["Heading 2"].paragraph_format.line_spacing = 1.0
    doc.styles["Heading 3"].font.size = Pt(11)

    _style(doc, "Letterhead Space", before=60, after=0)
    _style(doc, "Letter Meta", size=9, colour=GREY, after=0, line=1.0)
    _style(doc, "Letter Small", size=8.5, colour=GREY, italic=True, line=1.0)
    _style(doc, "Running Header", base="Header", size=8, colour=GREY, after=0)
    _style(doc, "Chart", after=2, line=1.0)
    _style(doc, "Body Start", base="Heading 2", page_break=True)
    _style(doc, "Annex Heading", base="Heading 2", page_break=True)
    _style(doc, "Sign Off", keep_next=True, before=6)
    _style(doc, "Signature Space", keep_next=True, before=0, after=34)
    # The letter's last list (the case studies to read) stays with the sign-off: never a sign-off alone.
    _style(doc, "Closing Bullet", base="List Bullet", keep_next=True)
    # Page 1, which is also the one-page brief (`letter --brief`): 10 pt as the body, but single-spaced and
    # with less space between paragraphs (its headings 12 pt, as the PDF letter's), so that the longest page 1
    # (a shortest path of ten moves, five priorities, a sentence saying the assessment is old) leaves room
    # for the chart and, in the brief, the sign-off and the reading note (tests/render/test_office.py)
    _style(doc, "Page One Heading", base="Heading 2", size=12, before=4)
    _style(doc, "Page One Text", line=1.0, after=2)
    _style(doc, "Page One Bullet", base="List Bullet", line=1.0)
    _style(doc, "Page One Number", base="List Number", line=1.0)
    _style(doc, "Path Heading", bold=True, keep_next=True, before=1, after=1, line=1.0)
    _style(doc, "Request", before=2, after=2, line=1.0)
    lead_in = doc.styles.add_style("Lead In", WD_STYLE_TYPE.CHARACTER)   # a paragraph's bold opening words
    lead_in.base_style = doc.styles["Default Paragraph Font"]
    lead_in.font.bold = True
    # the brief's signature space, one line (0.4 cm) as the PDF brief's: it goes into a cabinet paper
    _style(doc, "Brief Signature Space", keep_next=True, before=0, after=0)
    _style(doc, "Table Text", size=8.5, after=0)
    _style(doc, "Table Heading", size=8.5, bold=True, after=0)

    # Headers and footers: page 1 keeps a blank header (the letterhead's place); later pages carry the
    # council and the date. Every page is numbered "Page N of M".
    head = section.header.paragraphs[0]
    head.text = "{{ letter.council }}\t\t{{ letter.date }}"
    head.style = doc.styles["Running Header"]
    for footer in (section.footer, section.first_page_footer):
        p = footer.paragraphs[0]
        p.style = doc.styles["Running Header"]
        p.add_run("Page ")
        _field(p, "PAGE")
        p.add_run(" of ")
        _field(p, "NUMPAGES")

    # the brief goes into a cabinet paper, under the paper's own heading: no room kept for a letterhead
    # (render/letter.py, docx_brief_page, gives it the PDF brief's page margins too)
    doc.add_paragraph("{%p if not letter.brief %}")
    doc.add_paragraph("", style="Letterhead Space")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("From: {{ letter.sender }}", style="Letter Meta")
    doc.add_paragraph("To: {{ letter.recipient }}", style="Letter Meta")
    doc.add_paragraph("Date: {{ letter.date }}{% if letter.assessed_on %} · Assessment dated: "
                      "{{ letter.assessed_on }}{% endif %}", style="Letter Meta")
    doc.add_heading("{{ letter.subject }}", level=1)
    doc.add_paragraph("{{ letter.salutation }}", style="Page One Text")
    doc.add_paragraph("Where the council stands: {{ letter.stage }}", style="Page One Heading")
    doc.add_paragraph("{%p for para in letter.summary %}")
    doc.add_paragraph("{{ para }}", style="Page One Text")
    doc.add_paragraph("{%p endfor %}")
    # Page 1, in order: the stage, the first shortest path, what the reader is asked to do, the priorities
    # with owner and timing, the chart with its legend. Everything else starts on page 2.
    doc.add_paragraph("{%p if letter.progress %}")
    doc.add_paragraph("{{ letter.progress_heading }}:", style="Path Heading")
    doc.add_paragraph("{%p for line in letter.progress %}")
    doc.add_paragraph("{{ line }}", style="Page One Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if letter.path %}")
    doc.add_paragraph("{{ letter.path_heading }}:", style="Path Heading")
    doc.add_paragraph("{%p for move in letter.path %}")
    doc.add_paragraph("{{ move }}", style="Page One Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    request = doc.add_paragraph(style="Request")   # its lead in bold, as the PDF and Markdown letters have it
    request.add_run("What we ask of you:", style="Lead In")
    request.add_run(" {{ letter.request }}")
    doc.add_paragraph("Priorities", style="Page One Heading")
    doc.add_paragraph("{%p for p in letter.page_one %}")
    doc.add_paragraph("{{ p.text }} Suggested owner: {{ p.owner }}; by: {{ p.by_when | lower }}.",
                      style="Page One Number")
    doc.add_paragraph("{%p endfor %}")
    # the chart on page 1 where it fits (chart_on_page_one), else first on page 2: never alone on a page
    _chart(doc, "chart_on_page_one")

    doc.add_paragraph("{%p if not letter.brief %}")
    doc.add_paragraph("Where the council stands, in more detail", style="Body Start")
    _chart(doc, "not chart_on_page_one")
    doc.add_paragraph("{%p for para in letter.details %}")
    doc.add_paragraph("{{ para }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if letter.evidence_note %}")
    doc.add_paragraph("{{ letter.evidence_note }}")
    doc.add_paragraph("{%p endif %}")
    # the note the reading markers refer to, once per letter (None when the letter carries no marker); the
    # one-page brief gives it as small print under the signature
    doc.add_paragraph("{%p if letter.reading_note and not letter.brief %}")
    doc.add_paragraph("{{ letter.reading_note }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if letter.held_note %}")
    doc.add_paragraph("{{ letter.held_note }}")
    doc.add_paragraph("{%p endif %}")
    # A profile combined from several respondents: who answered, the spread by role and the agreed stages
    doc.add_paragraph("{%p if letter.respondents %}")
    doc.add_heading("The respondents", level=2)
    doc.add_paragraph("{{ letter.respondents }}")
    _figure(doc, "spread", "Each person's stage for each characteristic, one mark per person, by role; a "
                           "black bar marks the stage agreed afterwards.")
    doc.add_paragraph("{%p for row in letter.spread_rows %}")
    doc.add_paragraph("{{ row[0] }}: {{ row[1:-2] | join('; ') }}. Combined: {{ row[-2] }}. Agreed: {{ "
                      "row[-1] }}.",
                      style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for d in letter.disagreements %}")
    doc.add_paragraph("Answered differently: {{ d }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("The priorities in detail", level=2)
    doc.add_paragraph("{%p for p in letter.body %}")
    doc.add_heading("{{ p.number }}. {{ p.title }}", level=3)
    doc.add_paragraph("{{ p.action }}")
    doc.add_paragraph("{%p if p.why %}")
    doc.add_paragraph("{{ p.why }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ p.citations | join(', ') }}{% if p.reading %}. Read: {{ p.reading | join('; ') }}"
                      "{% endif %}.", style="Letter Small")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if letter.to_confirm %}")
    doc.add_heading("To confirm", level=2)
    doc.add_paragraph("Some advice would rest on facts this assessment was not told, so it is not given yet:")
    doc.add_paragraph("{%p for t in letter.to_confirm %}")
    doc.add_paragraph("{{ t }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if letter.context %}")
    doc.add_heading("{{ letter.context_heading }}", level=2)
    doc.add_paragraph("{{ letter.context_lead }}")
    doc.add_paragraph("{%p for line in letter.context %}")
    doc.add_paragraph("{{ line }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Strengths", level=2)
    doc.add_paragraph("{%p for s in letter.strengths %}")
    doc.add_paragraph("{{ s }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not letter.strengths %}")
    doc.add_paragraph("The assessment found no strength to report yet: no characteristic is ahead of the "
                      "council's overall stage, and the assessment records none of the elements of para 78 "
                      "or the characteristics of para 36.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if letter.findings %}")
    doc.add_heading("Also found", level=2)
    doc.add_paragraph("{%p for f in letter.findings %}")
    doc.add_paragraph("{{ f }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if letter.case_studies %}")
    doc.add_heading("Case studies to read", level=2)
    doc.add_paragraph("{%p for cs in letter.case_studies %}")
    doc.add_paragraph("Case study {{ cs.number }}: {{ cs.title }} ({{ cs.council }}), {{ cs.why }}",
                      style="Closing Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("The improvement plan in the annex lists every action, with a suggested owner and "
                      "timing.",
                      style="Sign Off")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Yours sincerely,", style="Sign Off")
    doc.add_paragraph("{%p if letter.brief %}")
    doc.add_paragraph("", style="Brief Signature Space")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("", style="Signature Space")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ letter.sender }}")

    doc.add_paragraph("{%p if not letter.brief %}")
    doc.add_paragraph("Annex: improvement plan", style="Annex Heading")
    doc.add_paragraph("Owners and timings are suggestions for the council to confirm.", style="Letter Small")
    # Portrait A4 (17 cm between the margins) holds the eight columns of the HTML and Markdown letters, each
    # its own: priority, effort, the suggested owner and the timing apart. Each column is wide enough for its
    # longest word in 8.5 pt type (Arial, or the wider DejaVu Sans that LibreOffice puts in its place) plus
    # the cell margins, narrowed to ANNEX_CELL_MARGIN, so that no word is broken: the Citation column holds
    # "Recommendations,", the Action column "knowledge/awareness", the owner "management"
    # (tests/render/test_new_user_words.py).
    heads = ("#", "Action", "Why", "Priority", "Effort", "Suggested owner", "By when", "Citation")
    cells = ("{{ row.number }}", "{{ row.action }}", "{{ row.why }}", "{{ row.priority }}",
             "{{ row.effort }}",
             "{{ row.owner }}", "{{ row.by_when }}", "{{ row.citations }}")
    widths = (Cm(0.6), Cm(3.05), Cm(3.55), Cm(1.5), Cm(1.45), Cm(2.25), Cm(1.6), Cm(3.0))
    plan = _table(doc, heads, cells, widths, "{%tr for row in letter.plan %}")
    _cell_margins(plan, ANNEX_CELL_MARGIN)

    doc.add_heading("Questions for the overview and scrutiny committee", level=2)
    doc.add_paragraph("{{ letter.questions_lead }}", style="Letter Small")
    doc.add_paragraph("{%p for q in letter.questions %}")
    doc.add_paragraph("{{ q.text }}{% for p in q.points %} {{ p }}{% endfor %} "
                      "(Checklist {{ q.checklist }})", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("Appendix: the eight characteristics (Table 4)", level=2)
    heads = ("Characteristic", "Current stage", "Evidence", "Target")
    cells = ("{{ c.name }}",
             "{{ c.stage_words }}",
             ("{% if c.stage %}{{ c.basis_words }}{% if c.provisional %}, "
              "provisional{% endif %}{% if c.override %}; reason: {{ c.override.reason }}{% elif c.evidence "
              "%}; evidence: {{ c.evidence }}{% endif %}{% else %}–{% endif %}"),
             ("{% if c.id in letter.targets %}{{ letter.targets[c.id].words }}{% elif c.stage %}"
              "Already transformational{% else %}Assess first{% endif %}"))
    _table(doc, heads, cells, (Cm(3.5), Cm(5), Cm(3.5), Cm(5)), "{%tr for c in letter.characteristics %}")
    doc.add_paragraph("{%p if letter.notes %}")
    doc.add_paragraph("Assessor's notes: {{ letter.notes }}")
    doc.add_paragraph("{%p endif %}")
    # The council's answers, each with its stage and the evidence note given with it (user text, escaped by
    # docxtpl like every value).
    doc.add_paragraph("{%p if letter.answers %}")
    doc.add_heading("Appendix: the council's answers", level=2)
    doc.add_paragraph("{{ letter.answers_lead }}")
    doc.add_paragraph("{%p for c in letter.answers %}")
    doc.add_heading("{{ c.name }}", level=3)
    doc.add_paragraph("{%p for a in c.answers %}")
    doc.add_paragraph("{{ a.question }} {{ a.answer }}{% if a.stage %} ({{ a.stage }}{% if a.decided %}; "
                      "decided the stage{% endif %}){% endif %}.{% if a.evidence %} Evidence: "
                      "{{ a.evidence }}{% endif %}{% if a.justification %} Why not applicable: "
                      "{{ a.justification }}{% endif %}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")
    # Every acronym the letter shows, the user's words and the report's quotations included.
    doc.add_paragraph("{%p if letter.abbreviations and not letter.brief %}")
    doc.add_heading("Abbreviations", level=2)
    doc.add_paragraph("{%p for word, words in letter.abbreviations %}")
    doc.add_paragraph("{{ word }}: {{ words }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    # The one-page brief: the reading note and the list as small print under the signature.
    doc.add_paragraph("{%p if letter.reading_note and letter.brief %}")
    doc.add_paragraph("{{ letter.reading_note }}", style="Letter Small")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if letter.abbreviations and letter.brief %}")
    doc.add_paragraph("Abbreviations: {% for word, words in letter.abbreviations %}{{ word }}: {{ words }}"
                      "{{ '; ' if not loop.last else '.' }}{% endfor %}", style="Letter Small")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if not letter.brief %}")
    doc.add_paragraph("Source: Audit Commission, Back to front: efficiency of back office functions in local "
                      "government (October 2008).", style="Letter Small")
    doc.add_paragraph("{%p endif %}")

    _british_english(doc)
    props = doc.core_properties
    props.language = "en-GB"
    props.author = props.last_modified_by = "backtofront"
    props.title = "Back office efficiency letter"
    props.subject = "Back office efficiency"
    props.comments = "Written by backtofront from the Audit Commission's report Back to front (2008)."
    props.keywords = "back office efficiency; local government"
    doc.save(OUT)
    print(f"wrote {OUT}")


def _british_english(doc) -> None:
    """The letter is in British English (en-GB) throughout: the default run language of the styles (Word's
    spelling checker and screen readers read it), and the theme's font language."""
    for part in (doc.styles.element, doc.settings.element):
        for lang in part.iter(qn("w:lang"), qn("w:themeFontLang")):
            for attr in ("w:val", "w:eastAsia"):
                if lang.get(qn(attr), "").startswith("en-"):
                    lang.set(qn(attr), "en-GB")
    for part in doc.part.package.iter_parts():   # Word 2010's copy of the styles, kept as raw XML
        if str(part.partname).endswith("stylesWithEffects.xml"):
            part._blob = part.blob.replace(b'"en-US"', b'"en-GB"')


ANNEX_CELL_MARGIN = Cm(0.1)  # left and right, in the improvement plan (Word's default is 0.19 cm)


def _cell_margins(table, margin) -> None:
    """The table's left and right cell margins (w:tblCellMar), for every cell."""
    props = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(margin.twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    later = [props.find(qn(f"w:{name}")) for name in ("tblLook", "tblCaption", "tblDescription")]
    later = [el for el in later if el is not None]
    if later:  # the schema's order: tblCellMar comes before tblLook, tblCaption and tblDescription
        later[0].addprevious(mar)
    else:
        props.append(mar)


def _table(doc, heads, cells, widths, loop: str):
    table = doc.add_table(rows=4, cols=len(heads))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heads):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles["Table Heading"]
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].text = loop
    for cell, text in zip(table.rows[2].cells, cells):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles["Table Text"]
    _no_split(table.rows[2])
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid Word and LibreOffice lay the table out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    return table


if __name__ == "__main__":
    main()
