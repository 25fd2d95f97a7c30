"""The written report as a Word draft (.docx), and the check of an edited draft against its workbook.

The draft is laid out as a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP): the
issuing body and the number line on the left, the national motto and the place and date on the
right, “BÁO CÁO” and its subject, the sections, the table of the resolution's targets, then “Nơi
nhận” and the signature block. Times New Roman 14, A4, margins 20/20/30/15 mm. A Word template
(``--template``) gives its own styles instead.

Every figure is a content control (``w:sdt``) whose tag says where it comes from —
``xl|<sentence>|<figure>``, e.g. ``xl|members|DV_NU/DV_TONG`` — and whose title names it for the
officer; Word keeps both when the text around is edited, and :func:`check_report` reads them back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..core.narrate import BLANK, Facts, Piece, Said, draft, figure_label, figure_text
from ..definition import Definition
from ..messages import msg
from ..narrative import SPEC, Figure
from .atomic import atomic_path
from .furniture import MOTTO, executive, place_line

TAG = "xl"
FONT = "Times New Roman"
TABLE_WIDTHS = (10, 49, 24, 22, 17, 18, 25)  # mm: the 165 mm between the margins


def facts_of(path: str | Path, defn: Definition, registry=None, targets: Iterable = ()) -> Facts:
    """What a child's or a consolidated workbook says, for its report."""
    from ..core.compare import review
    from ..core.derive import derive
    from ..validation import read_one
    from .template import filling_of

    sub = read_one(path, defn)
    filling = filling_of(defn, sub, registry, list(targets))
    values = derive(defn, sub.values)
    seen = review(defn, values, filling.meta, filling.hidden, filling.applied)
    resolutions = sorted({j.applied.resolution for j in seen.judgements if j.applied.judged and j.applied.resolution})
    names = {"unit": str(sub.meta.get("unit_name") or ""), "parent": str(sub.meta.get("parent_name") or ""),
             "resolution": "; ".join(resolutions)}
    units, counted = _units(Path(path), defn, sub.unit)
    return Facts(defn, values, seen, names, units, counted, dict(filling.meta))


def _units(path: Path, defn: Definition, parent: str) -> tuple[dict[str, tuple[int, int]], int | None]:
    """From a consolidated workbook's “Chi tiết đơn vị”: per indicator, how many of the units
    have it above zero now, of how many units (a single unit's workbook has no such sheet)."""
    import io

    from python_calamine import CalamineWorkbook

    from .parent import DETAIL_FIRST_ROW, DETAIL_SHEET
    from .preflight import preflight

    data = path.read_bytes()  # the sheet was not among those the map needed: it passes the preflight too
    if DETAIL_SHEET not in preflight(path, data, read={DETAIL_SHEET}, large=frozenset({DETAIL_SHEET})).sheets:
        return {}, None
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = book.get_sheet_by_name(DETAIL_SHEET).to_python()
    heads = [str(c) for c in rows[2]] if len(rows) > 2 else []
    units = [r for r in rows[DETAIL_FIRST_ROW:] if r and r[0] not in ("", None, parent)]
    found = {}
    for col, head in enumerate(heads):
        code, _, period = head.partition("|")
        if period == defn.current.code and code in defn.indicators:
            above = sum(1 for r in units if col < len(r) and isinstance(r[col], int | float) and r[col] > 0)
            found[code] = (above, len(units))
    return found, len(units)


# -- writing -------------------------------------------------------------------------------------------


def write_report(facts: Facts, output: str | Path, lang: str = "vi", template: str | Path | None = None) -> Path:
    """The draft of ``facts``'s report, written atomically to ``output``."""
    import docx

    narrative = facts.defn.narrative
    if narrative is None:
        from ..errors import DefinitionError

        raise DefinitionError(facts.defn.source, "report.no_narrative")
    doc = docx.Document(str(template)) if template else docx.Document()
    if template:
        _clear(doc)
    else:
        _style(doc)
    writer = _Draft(doc, facts, lang)
    writer.header()
    writer.title(narrative.title[lang])
    for section, paragraphs in draft(narrative, facts, lang):
        if section.title[lang]:
            writer.heading(section.title[lang], section.level)
        for said in paragraphs:
            writer.paragraph(said)
        if section.table == "targets":
            writer.targets_table()
    writer.end()
    writer.closing()
    output = Path(output)
    with atomic_path(output) as tmp:
        doc.save(str(tmp))
    return output


def _style(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _clear(doc) -> None:
    """A template's body emptied, its styles and page setup kept."""
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


class _Draft:
    def __init__(self, doc, facts: Facts, lang: str):
        self.doc, self.facts, self.lang = doc, facts, lang
        self.meta = facts.meta

    def text(self, key: str, **values) -> str:
        return msg(key, lang=self.lang, **values)

    def header(self) -> None:
        """Issuing body and number on the left; motto, place and date on the right."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        table = self.doc.add_table(rows=1, cols=2)
        _widths(table, (Mm(70), Mm(95)))  # the motto, 12-point bold, is 88 mm wide
        left, right = table.rows[0].cells
        parent = self.facts.names.get("parent") or BLANK  # also named among the recipients
        unit = self.facts.names.get("unit") or BLANK
        number = str(self.meta.get("report_number") or "") or "……"
        motto = MOTTO if self.lang == "vi" else (self.text("doc.motto1"), self.text("doc.motto2"))
        lines = [(left, parent.upper(), False, False, 12), (left, unit.upper(), True, False, 13),
                 (left, self.text("doc.number", number=number), False, False, 13),
                 (right, motto[0].upper(), True, False, 12), (right, motto[1], True, False, 13),
                 (right, self._place(), False, True, 14)]
        first = {left: True, right: True}
        for cell, text, bold, italic, size in lines:
            para = cell.paragraphs[0] if first[cell] else cell.add_paragraph()
            first[cell] = False
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.space_after = Pt(0)
            run = para.add_run(text)
            run.bold, run.italic, run.font.size = bold, italic, Pt(size)
            if text == motto[1]:
                run.underline = True

    def _place(self) -> str:
        if self.lang == "vi":
            return place_line(self.meta)
        day = self.meta.get("report_date")
        return self.text("doc.place", place=str(self.meta.get("place") or "") or "…………",
                         date=f"{day:%d/%m/%Y}" if hasattr(day, "strftime") else "…/…/……")

    def title(self, subject: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        for text, size in ((self.text("doc.title"), 14), (subject, 14)):
            para = self.doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.space_before = Pt(12 if text == subject else 18)
            run = para.add_run(text)
            run.bold, run.font.size = True, Pt(size)

    def heading(self, text: str, level: int) -> None:
        from docx.shared import Pt

        para = self.doc.add_paragraph()
        para.paragraph_format.space_before = Pt(12 if level == 1 else 6)
        para.paragraph_format.keep_with_next = True
        run = para.add_run(text)
        run.bold = True

    def paragraph(self, said: Said) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm

        para = self.last = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        para.paragraph_format.first_line_indent = Mm(10)
        for part in said.parts:
            if isinstance(part, Piece):
                _traced(para, part.text, f"{TAG}|{said.sentence}|{part.figure.spec}", part.label)
            else:
                para.add_run(part)

    def end(self) -> None:
        """“./.” after the last words of the body, as administrative documents end."""
        self.last.add_run("./.")

    def targets_table(self) -> None:
        """TT | Chỉ tiêu | Chỉ tiêu Nghị quyết | Thực hiện | % đạt | Đánh giá | Triển vọng."""
        from docx.shared import Mm, Pt

        judged = list(self.facts.judged.values())
        if not judged:
            return
        heads = [self.text(f"doc.col.{c}") for c in ("number", "indicator", "target", "actual", "reached",
                                                       "status", "outlook")]
        table = self.doc.add_table(rows=1, cols=len(heads))
        table.style = "Table Grid"
        _widths(table, [Mm(w) for w in TABLE_WIDTHS])
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            run = cell.paragraphs[0].add_run(text)
            run.bold, run.font.size = True, Pt(12)
        _heading_row(table.rows[0])
        for n, j in enumerate(judged, start=1):
            cells = table.add_row().cells
            code = j.indicator.code
            cells[0].paragraphs[0].add_run(str(n))
            cells[1].paragraphs[0].add_run(j.indicator.name(self.lang))
            for cell, what in zip(cells[2:], ("target", "actual", "reached", "status", "outlook"), strict=True):
                fig = Figure(code, "", what)
                text = figure_text(fig, self.facts, self.lang, table=True)
                _traced(cell.paragraphs[0], BLANK if text is None else _capital(text, what),
                        f"{TAG}|table|{fig.spec}", figure_label(fig, self.facts, self.lang), size=12)
            for cell in cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(12)
        _widths(table, [Mm(w) for w in TABLE_WIDTHS])  # the rows added take the columns' widths

    def closing(self) -> None:
        """Nơi nhận on the left, the signature block on the right."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        self.doc.add_paragraph()
        table = self.doc.add_table(rows=1, cols=2)
        _widths(table, (Mm(80), Mm(85)))
        left, right = table.rows[0].cells
        above = self.facts.names.get("parent") or BLANK
        rows = [(left, self.text("doc.recipients"), True, True, 12),
                (left, self.text("doc.recipient_above", parent=above), False, False, 11),
                (left, self.text("doc.recipient_archive"), False, False, 11),
                (right, self._executive(), True, False, 14), (right, self.text("doc.chair"), True, False, 14),
                (right, "", False, False, 14), (right, "", False, False, 14), (right, "", False, False, 14),
                (right, BLANK, True, False, 14)]
        first = {left: True, right: True}
        for cell, text, bold, italic, size in rows:
            para = cell.paragraphs[0] if first[cell] else cell.add_paragraph()
            first[cell] = False
            para.paragraph_format.space_after = Pt(0)
            if cell is right:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(text)
            run.bold, run.italic, run.font.size = bold, italic, Pt(size)

    def _executive(self) -> str:
        said = executive(self.meta)
        if self.lang == "vi":
            return said
        return self.text("doc.exec_committee" if "CHẤP HÀNH" in said else "doc.standing_committee")


def _heading_row(row) -> None:
    """The table's first row repeated at the top of every page it runs over."""
    from docx.oxml import OxmlElement

    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:tblHeader"))


def _widths(table, widths) -> None:
    """Fixed column widths, as Word reads them (each cell) and LibreOffice (the grid)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _capital(text: str, what: str) -> str:
    return text[:1].upper() + text[1:] if what in ("status", "outlook") else text


def _traced(paragraph, text: str, tag: str, title: str, size: int | None = None) -> None:
    """``text`` in a content control tagged ``tag`` (Word keeps tag and title through edits)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sdt, props, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
    for name, value in (("w:alias", title[:255]), ("w:tag", tag[:64])):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        props.append(element)
    run, t = OxmlElement("w:r"), OxmlElement("w:t")
    if size:
        props_run, sz = OxmlElement("w:rPr"), OxmlElement("w:sz")
        sz.set(qn("w:val"), str(size * 2))  # half-points
        props_run.append(sz)
        run.append(props_run)
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    content.append(run)
    sdt.append(props)
    sdt.append(content)
    paragraph._p.append(sdt)


# -- checking ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Changed:
    """A figure of the draft that the workbook no longer says."""

    sentence: str
    paragraph: str
    label: str
    written: str
    now: str


def traced(path: str | Path) -> list[tuple[str, str, str]]:
    """(tag, text of the figure, text of its paragraph) of every traced figure of a draft."""
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(str(path))
    found = []
    for para in doc.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in para.iter(qn("w:t")))
        for sdt in para.iter(qn("w:sdt")):
            tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
            if tag is not None and str(tag.get(qn("w:val"))).startswith(TAG + "|"):
                found.append((tag.get(qn("w:val")), "".join(t.text or "" for t in sdt.iter(qn("w:t"))), text))
    return found


def check_report(path: str | Path, facts: Facts, lang: str = "vi") -> list[Changed]:
    """Every traced figure of a draft whose text is no longer what the workbook says."""
    changed = []
    for tag, written, paragraph in traced(path):
        _, sentence, spec = tag.split("|", 2)
        fig = _figure_of(spec, facts.defn)
        if fig is None:
            continue
        table = sentence == "table"
        now = figure_text(fig, facts, lang, table=table)
        now = BLANK if now is None else (_capital(now, fig.what) if table else now)
        if now.strip() != written.strip():
            changed.append(Changed(sentence, paragraph, figure_label(fig, facts, lang), written, now))
    return changed


def _figure_of(spec: str, defn: Definition) -> Figure | None:
    found = SPEC.match(spec)
    if not found or (found["code"] and found["code"] not in defn.indicators):
        return None
    if found["fact"]:
        return Figure(fact=found["fact"])
    return Figure(found["code"], found["period"] or "", found["what"] or "value", found["other"] or "")
