"""The briefing as a Word document (python-docx): title and scope, the charts, per region its measures with
their source text and a key-figures table (scope and period), and the sources.

Word has no chart API in python-docx, so charts are pictures here (Chromium renders them); every run carries an
East Asian font (w:eastAsia) so that Word and LibreOffice draw Chinese with a CJK face rather than boxes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd

from dashboard.analysis.basket import BasketItem
from dashboard.analysis.frames import Filters
from dashboard.data.bilingual import Bilingual
from dashboard.data.models import Dataset
from dashboard.export.content import BriefingContent, basket_content, view_content
from dashboard.export.images import render_pngs
from dashboard.i18n import t

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EA_FONT = "Noto Sans CJK SC"  # Word substitutes its own CJK face where this one is missing
LATIN_FONT = "Arial"
TEXT_WIDTH_CM = 16.0  # A4 less 2.5 cm margins
ACCENT = "1F5FA8"


def to_docx_bytes(dataset: Dataset, filters: Filters, lang: str, today: date | str | None = None,
                  indicators: Sequence[str] | None = None) -> bytes:
    """The view's briefing as a Word document."""
    return content_to_docx(dataset, view_content(dataset, filters, lang, today, indicators))


def basket_to_docx_bytes(dataset: Dataset, basket: Sequence[BasketItem], chart_filters: Filters, lang: str,
                         today: date | str | None = None) -> bytes:
    """The hand-picked briefing (dashboard/analysis/basket.py) as a Word document."""
    return content_to_docx(dataset, basket_content(dataset, basket, chart_filters, lang, today))


def _fonts(element: Any) -> None:
    """Set the Latin and East Asian typefaces on a run's or a style's rPr (theme fonts would override them)."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EA_FONT)


def _run(paragraph: Any, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
         colour: str | None = None) -> Any:
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    _fonts(run._r)
    return run


def _para(doc: Any, text: str = "", style: str | None = None, **kwargs: Any) -> Any:
    paragraph = doc.add_paragraph(style=style)
    if text:
        _run(paragraph, text, **kwargs)
    return paragraph


def _heading(doc: Any, text: str, level: int) -> Any:
    """A heading that stays on the page of what follows it (a table's header row, a measure's text)."""
    heading = doc.add_heading(level=level)
    heading.paragraph_format.keep_with_next = True
    _run(heading, text)
    return heading


def _row_flags(row: Any, *, header: bool) -> None:
    """A row is never split across pages; the header row repeats at the top of every page the table runs onto
    and stays with the first data row."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", *(("w:tblHeader",) if header else ())):
        if properties.find(qn(tag)) is None:
            properties.append(OxmlElement(tag))
    if header:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _table(doc: Any, headers: list[str], rows: list[list[str]], widths_cm: list[float]) -> Any:
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Light Grid Accent 1"
    table.autofit = False  # the widths below, not whatever the longest word asks for
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _run(cell.paragraphs[0], header, bold=True, size=9.5)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = ""
            _run(cell.paragraphs[0], str(value), size=9.5)
    for index, row in enumerate(table.rows):
        _row_flags(row, header=index == 0)
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    return table


def content_to_docx(dataset: Dataset, content: BriefingContent) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    lang = content.lang
    colon = t("colon", lang)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Quote", "Caption"):
        _fonts(doc.styles[name].element)
    doc.styles["Normal"].font.size = Pt(10.5)

    _run(doc.add_heading(level=0), t("briefing_title", lang))
    _para(doc, t("app_title", lang), size=12)
    _para(doc, content.scope, size=11)
    _para(doc, t("briefing_counts", lang, measures=len(content.measures), figures=len(content.figures),
                 regions=content.measures["region_id"].nunique()) + "  ·  "
          + t("briefing_generated", lang, date=content.day), size=10, colour="666666")

    # charts: pictures (python-docx has no chart API)
    if content.charts:
        _heading(doc, t("docx_charts", lang), 1)
        images = render_pngs([(item.figure, 960, int(item.figure.layout.height or 500)) for item in content.charts],
                             scale=2)
        for item, png in zip(content.charts, images, strict=True):
            _heading(doc, item.caption, 2)
            doc.add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM))
            for n, note in enumerate(item.notes):
                _para(doc, note, size=9, colour="B3261E" if item.split and n == 0 else "444444")

    # measures with their source text, then key figures, per region
    _heading(doc, t("docx_measures", lang), 1)
    for region_id in content.region_ids:
        region = dataset.region(region_id)
        _heading(doc, region.name.text(lang), 2)
        _para(doc, region.headline.text(lang), italic=True, colour="444444")
        for _, measure in content.measures[content.measures["region_id"] == region_id].iterrows():
            _heading(doc, measure[Bilingual.column("title", lang)], 3)
            _para(doc, t("docx_status_themes", lang, status=measure["status_label"], themes=measure["theme_names"]),
                  size=9.5, colour="666666")
            _para(doc, measure[Bilingual.column("summary", lang)])
            quote = _para(doc, style="Quote")
            _run(quote, f"{t('quote', lang)}{colon}", bold=True)
            _run(quote, "“" + " ".join(measure["quote"].split()) + "”")
        rows = content.figures[content.figures["region_id"] == region_id]
        if rows.empty:
            _para(doc, t("briefing_no_figures", lang, region=region.short.text(lang)), colour="666666")
            continue
        _heading(doc, t("briefing_key_figures", lang, region=region.short.text(lang)), 3)
        rows = rows.sort_values(["key"], ascending=False, kind="stable")
        _table(doc, [t("indicator", lang), t("value", lang), t("scope_col", lang), t("time_col", lang),
                     t("as_printed", lang)],
               [[f"{r.indicator} · {r.label}" if r.label else r.indicator, r.value_label, r.scope_label,
                 r.period_label, r.as_printed] for r in rows.itertuples()], [4.6, 3.0, 3.6, 2.6, 2.2])

    # sources
    _heading(doc, t("briefing_sources", lang), 1)
    for source in content.sources:
        _para(doc, source.title.text(lang), bold=True)
        for label, value in ((t("about_citation", lang), source.citation.text(lang)),
                             (t("publisher", lang), source.publisher.text(lang)),
                             (t("covers", lang), source.covers.text(lang))):
            _para(doc, f"{label}{colon}{value}")
        _para(doc, t("source_file", lang, file=source.file))
    _para(doc, t("briefing_caveat", lang), size=9.5, colour="666666")

    props = doc.core_properties
    props.title, props.subject = t("briefing_title", lang), content.scope
    props.author = props.last_modified_by = "dashboard"
    props.created = props.modified = pd.Timestamp(content.day).to_pydatetime()
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
