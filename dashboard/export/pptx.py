"""The PPTX briefing pack of the current view or of the briefing basket: title, one slide per chart (native
PowerPoint charts where the chart type allows, pictures elsewhere), per region its measures and key figures (with
scope and time), and the sources. Chromium is needed only for the charts that stay pictures."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.basket import BasketItem
from dashboard.analysis.benchmark import Benchmark, GapItem, standings_table, vocabulary_name
from dashboard.analysis.frames import Filters
from dashboard.charts.benchmark import benchmark_charts, subtitle
from dashboard.charts.briefing import BriefingChart
from dashboard.data.bilingual import Bilingual
from dashboard.data.models import Dataset
from dashboard.export.content import BriefingContent, basket_content, view_content
from dashboard.export.images import render_pngs
from dashboard.export.native import NativePlan, add_bar_panel, add_theme_mix, native_plan
from dashboard.export.tables import _as_date, _sources_in_view
from dashboard.export.textfit import PT_PER_IN, fit_text, text_height_pt
from dashboard.i18n import t

# ---------------------------------------------------------------- PPTX

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
MARGIN_IN = 0.45
PICTURE_TOP_IN, PICTURE_BOTTOM_IN = 1.0, 6.8
TABLE_TOP_IN = 1.35  # below the heading and a one-line lead
TABLE_BOTTOM_IN = SLIDE_H_IN - 0.7  # above the footnote (two lines of it, in English)
CELL_PAD_X_IN, CELL_PAD_Y_IN = 0.08, 0.06  # room between a cell's text and its borders
CAPTION_IN = 0.45  # a second table's caption on a slide
BODY_PT, HEADER_PT = 11, 11
EA_FONT = "Microsoft YaHei"  # East Asian typeface; PowerPoint/LibreOffice substitute a CJK font where absent
LATIN_FONT = "Arial"
NOTE_PT = 10
PARAGRAPH_AFTER = 0.35  # space after a paragraph, in ems of its size
ACCENT = "1F5FA8"
GREY = "666666"


TEXT_INSET_IN = 0.05  # a text box's margin on every side


def _text_height(paragraphs: Sequence[tuple], width: float) -> float:
    """Inches a text box `width` wide needs for its paragraphs ((text, size, bold, colour) tuples): wrapped with
    the fonts' widths (export/textfit.py), each with its space after, and the box's margins."""
    inner = (width - 2 * TEXT_INSET_IN) * PT_PER_IN
    points = sum(text_height_pt(text, inner, size, bold) + size * PARAGRAPH_AFTER
                 for text, size, bold, _ in paragraphs)
    return points / PT_PER_IN + 2 * TEXT_INSET_IN


def _notes_height(notes: Sequence[str], box_w: float) -> float:
    """Inches the notes under a chart take."""
    return _text_height([(note, NOTE_PT, False, "") for note in notes], box_w) if notes else 0.0


def _slide_figure(fig: go.Figure) -> go.Figure:
    """A copy for the slide image: the slide's heading already is the chart's title, so the image keeps only
    the subtitle (warnings, filters), a little off the picture's left edge."""
    copy = go.Figure(fig)
    copy.update_layout(title_text="\u200b", title_pad_l=14)
    return copy


def _chart_size(fig: go.Figure, box_w: float, box_h: float) -> tuple[int, int]:
    """CSS pixels to render at: the figure's own height, a width that fills the slide's picture box."""
    height = int(fig.layout.height or 500)
    width = int(min(1400, max(960, height * box_w / box_h)))
    return width, height


def _style_run(run: Any, size: float, *, bold: bool = False, colour: str | None = None) -> None:
    from lxml import etree
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    font = run.font
    font.size = Pt(size)
    font.bold = bold
    if colour:
        font.color.rgb = RGBColor.from_string(colour)
    font.name = LATIN_FONT
    rpr = run._r.get_or_add_rPr()
    east_asian = rpr.find(qn("a:ea"))
    if east_asian is None:
        east_asian = etree.SubElement(rpr, qn("a:ea"))
    east_asian.set("typeface", EA_FONT)


def _add_text(slide: Any, left: float, top: float, width: float, height: float, paragraphs: Sequence[tuple],
              *, anchor_bottom: bool = False) -> Any:
    """paragraphs: (text, size, bold, colour) tuples. A box too small for its wrapped text grows to hold it:
    downwards, or upwards when anchored at the bottom (a footnote)."""
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches, Pt

    needed = _text_height(paragraphs, width)
    if needed > height:
        top -= (needed - height) if anchor_bottom else 0.0
        height = needed
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(TEXT_INSET_IN)
    frame.margin_top = frame.margin_bottom = Inches(TEXT_INSET_IN)
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if anchor_bottom else MSO_ANCHOR.TOP
    for index, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(size * PARAGRAPH_AFTER)
        _style_run(_run(paragraph, text), size, bold=bold, colour=colour)
    return box


def _run(paragraph: Any, text: str) -> Any:
    run = paragraph.add_run()
    run.text = text
    return run


def _footnote(dataset: Dataset, filters: Filters, lang: str) -> str:
    source = _sources_in_view(dataset, filters)[0]
    citation = source.citation.text(lang)
    return f"{t('source_line', lang, source=citation)}  ·  {t('source_file', lang, file=source.file)}"


def _page_number(slide: Any, number: int) -> None:
    from pptx.enum.text import PP_ALIGN

    box = _add_text(slide, SLIDE_W_IN - MARGIN_IN - 0.8, SLIDE_H_IN - 0.5, 0.8, 0.35, [(str(number), 9, False, GREY)])
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def to_pptx_bytes(dataset: Dataset, filters: Filters, lang: str, today: date | str | None = None,
                  indicators: Sequence[str] | None = None) -> bytes:
    """16:9 briefing pack of the view: title, one slide per chart, key figures per region, sources."""
    return content_to_pptx(dataset, view_content(dataset, filters, lang, today, indicators))


def basket_to_pptx_bytes(dataset: Dataset, basket: Sequence[BasketItem], chart_filters: Filters, lang: str,
                         today: date | str | None = None) -> bytes:
    """The hand-picked briefing (dashboard/analysis/basket.py) as a 16:9 deck."""
    return content_to_pptx(dataset, basket_content(dataset, basket, chart_filters, lang, today))


def content_to_pptx(dataset: Dataset, content: BriefingContent) -> bytes:
    """Charts are native PowerPoint charts where the chart type allows (export/native.py) and pictures where it
    does not (those need Chromium); measures and key figures per region as tables; the sources last."""
    lang, day, footnote = content.lang, content.day, content.footnote
    box_w = SLIDE_W_IN - 2 * MARGIN_IN
    deck = _new_deck()
    blank = deck.slide_layouts[6]
    measures, figures = content.measures, content.figures

    # title
    slide = deck.slides.add_slide(blank)
    _add_text(slide, 0.8, 1.7, SLIDE_W_IN - 1.6, 1.2, [(t("briefing_title", lang), 36, True, ACCENT)])
    _add_text(slide, 0.8, 2.9, SLIDE_W_IN - 1.6, 2.6, [
        (t("app_title", lang), 18, False, "333333"),
        (content.scope, 16, False, "333333"),
        (t("briefing_counts", lang, measures=len(measures), figures=len(figures),
           regions=measures["region_id"].nunique()), 14, False, GREY),
        (t("briefing_generated", lang, date=day), 14, False, GREY),
    ])
    _add_text(slide, 0.8, SLIDE_H_IN - 1.1, SLIDE_W_IN - 1.6, 0.6, [(footnote, 10, False, GREY)], anchor_bottom=True)

    _chart_slides(deck, dataset, content.charts, lang, footnote)

    # per region: its measures, then its key figures with what each covers and when, flowing over as few slides
    # as they fill
    title, summary = Bilingual.column("title", lang), Bilingual.column("summary", lang)
    for region_id in content.region_ids:
        region = dataset.region(region_id)
        short = region.short.text(lang)
        region_measures = measures[measures["region_id"] == region_id]
        rows = figures[figures["region_id"] == region_id]
        lead = f"{region.name.text(lang)} · {region.headline.text(lang)}"
        blocks = [TableBlock(
            t("briefing_measures", lang, region=short),
            [t("measure", lang), t("status", lang), t("themes", lang), t("summary", lang)],
            [[r[title], r["status_label"], r["theme_names"], r[summary].strip()]
             for _, r in region_measures.iterrows()],
            widths=[3.0, 1.15, 2.0, 6.28])]
        if rows.empty:
            lead += "  " + t("briefing_no_figures", lang, region=short)
        else:
            rows = rows.sort_values(["key"], ascending=False, kind="stable")
            blocks.append(TableBlock(
                t("briefing_key_figures", lang, region=short),
                [t("indicator", lang), t("value", lang), t("scope_col", lang), t("time_col", lang),
                 t("as_printed", lang)],
                [[f"{r.indicator} · {r.label}" if r.label else r.indicator, r.value_label, r.scope_label,
                  r.period_label, r.as_printed] for r in rows.itertuples()],
                widths=[3.9, 2.4, 2.6, 1.9, 1.63], bold=[bool(k) for k in rows["key"]]))
        _flow_tables(deck, blocks, lead, footnote, lang, group=f"region:{region_id}")

    # sources
    slide = deck.slides.add_slide(blank)
    _add_text(slide, MARGIN_IN, 0.3, box_w, 0.6, [(t("briefing_sources", lang), 22, True, ACCENT)])
    colon = t("colon", lang)
    paragraphs: list[tuple] = []
    for source in content.sources:
        paragraphs += [
            (source.title.text(lang), 16, True, "222222"),
            (f"{t('about_citation', lang)}{colon}{source.citation.text(lang)}", 13, False, "333333"),
            (f"{t('publisher', lang)}{colon}{source.publisher.text(lang)}", 13, False, "333333"),
            (f"{t('covers', lang)}{colon}{source.covers.text(lang)}", 13, False, "333333"),
            (t("source_file", lang, file=source.file), 13, False, "333333"),
        ]
    paragraphs += [(t("briefing_caveat", lang), 12, False, GREY),
                   (t("briefing_generated", lang, date=day) + "  ·  " + content.scope, 11, False, GREY)]
    _add_text(slide, MARGIN_IN, 1.1, box_w, 5.8, paragraphs)
    _page_number(slide, len(deck.slides))

    return _save(deck, t("briefing_title", lang), content.scope, day)


def _new_deck() -> Any:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    return deck


def _save(deck: Any, title: str, subject: str, day: str) -> bytes:
    """The deck's bytes, with fixed properties: the same view on the same day gives the same file."""
    deck.core_properties.title = title
    deck.core_properties.subject = subject
    stamp = pd.Timestamp(day).to_pydatetime()
    deck.core_properties.created = deck.core_properties.modified = stamp
    deck.core_properties.last_modified_by = deck.core_properties.author = "dashboard"
    deck.core_properties.revision = 1
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _chart_slides(deck: Any, dataset: Dataset, charts: Sequence[BriefingChart], lang: str, footnote: str, *,
                  native: bool = True) -> None:
    """One slide per chart: its caption as the heading, the chart, its notes, the footnote and page number.

    Charts are native PowerPoint charts where the chart type allows (export/native.py) and pictures where it
    does not, or where `native` is off (a chart whose colours carry meaning the native form drops)."""
    from pptx.util import Inches

    box_w, box_h = SLIDE_W_IN - 2 * MARGIN_IN, PICTURE_BOTTOM_IN - PICTURE_TOP_IN
    plans = {id(item): native_plan(item, dataset, lang) if native else None for item in charts}
    as_pictures = [item for item in charts
                   if plans[id(item)] is None and (item.kind == "compare" or not native)]
    sizes = {id(item): _chart_size(item.figure, box_w, box_h) for item in as_pictures}
    pictures = dict(zip((id(item) for item in as_pictures), render_pngs(
        [(_slide_figure(item.figure), *sizes[id(item)]) for item in as_pictures], scale=2), strict=True)) \
        if as_pictures else {}
    blank = deck.slide_layouts[6]
    for item in charts:
        slide = deck.slides.add_slide(blank)
        _add_text(slide, MARGIN_IN, 0.3, box_w, 0.6, [(item.caption, 22, True, ACCENT)])
        notes_h = _notes_height(item.notes, box_w)
        top, avail_h = PICTURE_TOP_IN, box_h - notes_h
        if item.kind == "theme_mix" and native:
            _add_text(slide, MARGIN_IN, 0.85, box_w, 0.4, [(item.subtitle, 11, False, GREY)])
            add_theme_mix(slide, item, dataset, lang, MARGIN_IN, top + 0.35, box_w, avail_h - 0.75,
                          ea_font=EA_FONT, latin_font=LATIN_FONT)
            _add_text(slide, MARGIN_IN, top + avail_h - 0.4, box_w, 0.4, [(t("theme_mix_note", lang), 10, False, GREY)])
            used_h = avail_h
        elif plans[id(item)] is not None:
            used_h = _native_compare(slide, item, plans[id(item)], top, box_w, avail_h, lang)
        else:
            width, height = sizes[id(item)]
            scale = min(box_w / width, avail_h / height)
            pic_w, used_h = width * scale, height * scale
            slide.shapes.add_picture(io.BytesIO(pictures[id(item)]), Inches(MARGIN_IN + (box_w - pic_w) / 2),
                                     Inches(top), Inches(pic_w), Inches(used_h))
        if item.notes:
            _add_text(slide, MARGIN_IN, top + used_h + 0.05, box_w, notes_h,
                      [(note, NOTE_PT, False, "B3261E" if item.split and n == 0 else "444444")
                       for n, note in enumerate(item.notes)])
        _add_text(slide, MARGIN_IN, SLIDE_H_IN - 0.5, box_w - 0.9, 0.35, [(footnote, 9, False, GREY)],
              anchor_bottom=True)
        _page_number(slide, len(deck.slides))


PANEL_TITLE_IN = 0.32
ROW_IN = 0.42  # a bar and its gap on a native chart


def _native_compare(slide: Any, item: BriefingChart, plan: NativePlan, top: float, box_w: float, avail_h: float,
                    lang: str) -> float:
    """The panels of an indicator as native bar charts, stacked, each under its own title; the figures with
    nothing comparable as a table below. Returns the height used."""
    _add_text(slide, MARGIN_IN, 0.85, box_w, 0.4, [(item.subtitle, 11, False, GREY)])
    top += 0.3
    listed_h = 0.4 * (len(plan.listed) + 1) if plan.listed else 0.0
    wanted = [PANEL_TITLE_IN + 0.45 + ROW_IN * len(p.categories) for p in plan.panels]
    room = max(avail_h - 0.3 - listed_h - 0.1 * len(plan.panels), 1.0)
    shrink = min(1.0, room / sum(wanted)) if wanted else 1.0
    y = top
    for panel, height in zip(plan.panels, wanted, strict=True):
        height *= shrink
        _add_text(slide, MARGIN_IN, y, box_w, PANEL_TITLE_IN, [(panel.title, 12, True, "333333")])
        add_bar_panel(slide, panel, MARGIN_IN, y + PANEL_TITLE_IN * shrink, box_w,
                      height - PANEL_TITLE_IN * shrink, ea_font=EA_FONT, latin_font=LATIN_FONT)
        y += height + 0.1
    if plan.listed:
        y += _add_table(slide, [t("list_title", lang), t("value", lang)], [list(row) for row in plan.listed], top=y,
                        widths=[box_w - 3.0, 3.0], key_rows=[False] * len(plan.listed), size=11)
    return y - top + 0.3


def to_benchmark_pptx_bytes(dataset: Dataset, measures: pd.DataFrame, bench: Benchmark, lang: str,
                            today: date | str | None = None) -> bytes:
    """The benchmark as a briefing section: a section title, the charts (home highlighted), the gap and
    distinctive lists with the source text, and the comparable figures with scope and period. Needs Chromium."""
    items = benchmark_charts(dataset, measures, bench, lang)
    deck = _new_deck()
    day = _as_date(today)
    in_view = tuple(r for r in (bench.home, *bench.peers) if r in dataset.regions_by_id)
    footnote = _footnote(dataset, Filters(regions=in_view), lang)
    line = subtitle(dataset, bench, lang)

    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _add_text(slide, 0.8, 1.9, SLIDE_W_IN - 1.6, 1.2,
              [(t("bench_title", lang, home=bench.home_name(lang)), 34, True, ACCENT)])
    _add_text(slide, 0.8, 3.1, SLIDE_W_IN - 1.6, 2.4, [
        (line, 16, False, "333333"), (t("bench_figures_hint", lang), 12, False, GREY),
        (t("briefing_generated", lang, date=day), 14, False, GREY)])
    _add_text(slide, 0.8, SLIDE_H_IN - 1.1, SLIDE_W_IN - 1.6, 0.6, [(footnote, 10, False, GREY)], anchor_bottom=True)
    _chart_slides(deck, dataset, items, lang, footnote, native=False)  # home's highlight lives in the colours

    names = dataset.names("regions", lang, "short")
    for vocabulary, (gaps, distinctive) in bench.gaps.items():
        vocab = t(f"bench_vocab_{vocabulary}", lang)
        for title, listed in ((t("bench_slide_gaps", lang, vocab=vocab), gaps),
                              (t("bench_slide_distinct", lang, vocab=vocab), distinctive)):
            rows = _gap_rows(dataset, vocabulary, listed, names, bench.home_name(lang), lang)
            if rows.empty:
                continue
            _flow_tables(deck, [TableBlock(
                title, [t(f"bench_vocab_{vocabulary}", lang).capitalize(), t("region", lang), t("measure", lang),
                        t("quote", lang)],
                [[r.item, r.region, r.measure, " ".join(r.quote.split())] for r in rows.itertuples()],
                widths=[2.2, 1.5, 3.0, 5.73], size=10)], line, footnote, lang, group=f"bench:{title}")

    table = standings_table(bench.pairs, bench.figures, dataset, lang)
    if len(table):
        title = t("bench_slide_figures", lang)
        _flow_tables(deck, [TableBlock(
            title, [t("indicator", lang), t("bench_home_value", lang), t("bench_peer", lang),
                    t("bench_peer_value", lang), t("bench_verdict", lang)],
            [[r.indicator, f"{r.home_value} · {r.home_scope} · {r.home_time}", r.peer,
              f"{r.peer_value} · {r.peer_scope} · {r.peer_time}", r.verdict_label] for r in table.itertuples()],
            widths=[3.3, 3.1, 1.4, 3.1, 1.53])], line, footnote, lang, group=f"bench:{title}")
    return _save(deck, t("bench_title", lang, home=bench.home_name(lang)), line, day)


def _gap_rows(dataset: Dataset, vocabulary: str, items: Sequence[GapItem], names: dict[str, str], home_name: str,
              lang: str) -> pd.DataFrame:
    """One row per measure behind a gap or distinctive item (a typed-in home's declared item: one row, no quote)."""
    rows = []
    for item in items:
        name = vocabulary_name(dataset, vocabulary, item.code, lang)
        label = f"{name} ({len(item.peers)})"
        for m in item.measures.itertuples():
            rows.append({"item": label, "region": names.get(m.region_id, home_name),
                         "measure": getattr(m, Bilingual.column("title", lang)), "quote": m.quote.strip(),
                         "key": False})
        if item.measures.empty:
            rows.append({"item": label, "region": home_name, "measure": "—", "quote": "", "key": False})
    return pd.DataFrame(rows, columns=["item", "region", "measure", "quote", "key"])


@dataclass
class TableBlock:
    """A table for the slides: its caption, header, rows of text, column widths (inches), text size, and which
    rows carry a bold second column (a region's key figures)."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]
    size: float = BODY_PT
    bold: list[bool] | None = None


def _cell_height(text: str, width_in: float, size: float, bold: bool = False) -> float:
    """Inches a cell needs: its wrapped text at `size` plus the padding above and below."""
    inner = (width_in - 2 * CELL_PAD_X_IN) * PT_PER_IN
    return text_height_pt(text, inner, size, bold) / PT_PER_IN + 2 * CELL_PAD_Y_IN


def _row_height(cells: Sequence[str], widths: Sequence[float], size: float, bold_column: int | None = None) -> float:
    return max(_cell_height(str(text), width, size, c == bold_column) for c, (text, width)
               in enumerate(zip(cells, widths, strict=True)))


def _fit_row(cells: list[str], widths: list[float], size: float, room: float) -> tuple[list[str], list[str]]:
    """A row taller than a whole slide: its longest cell cut to the room with '…' (the full text goes in the
    slide's notes). Returns the cells and the full texts that were cut."""
    longest = max(range(len(cells)), key=lambda c: len(str(cells[c])))
    inner_w = (widths[longest] - 2 * CELL_PAD_X_IN) * PT_PER_IN
    inner_h = (room - 2 * CELL_PAD_Y_IN) * PT_PER_IN
    cut = fit_text(str(cells[longest]), inner_w, size, inner_h)
    return [*cells[:longest], cut, *cells[longest + 1:]], [str(cells[longest])]


def _flow_tables(deck: Any, blocks: Sequence[TableBlock], lead: str, footnote: str, lang: str, *, group: str) -> None:
    """Tables one after another over as few slides as they fill: each slide takes rows while they fit at their
    wrapped height, a table continues on the next slide under its header ('(cont.)'), and the next table starts
    on the same slide when its caption, header and first row fit. So every slide but the group's last is more
    than half full. Each slide is named `group` (a region, or one benchmark list)."""
    box_w = SLIDE_W_IN - 2 * MARGIN_IN
    lead_h = _text_height([(lead, 12, False, GREY)], box_w)
    top = max(TABLE_TOP_IN, 0.85 + lead_h + 0.05)
    room = TABLE_BOTTOM_IN - top
    slide: Any = None
    y = top
    for block in blocks:
        bold_col = 1 if block.bold else None
        header_h = _row_height(block.headers, block.widths, HEADER_PT, bold_column=0) + 0.02
        rows: list[tuple[list[str], bool, list[str]]] = []
        for n, cells in enumerate(block.rows):
            key = bool(block.bold and block.bold[n])
            if _row_height(cells, block.widths, block.size, bold_col if key else None) > room - header_h - CAPTION_IN:
                cells, cut = _fit_row(list(cells), block.widths, block.size, room - header_h - CAPTION_IN)
            else:
                cut = []
            rows.append((list(cells), key, cut))
        heights = [_row_height(c, block.widths, block.size, bold_col if k else None) for c, k, _ in rows]
        start, continued = 0, False
        while start < len(rows):
            caption_h = CAPTION_IN if slide is not None and y > top else 0.0
            if slide is None or y + caption_h + header_h + heights[start] > TABLE_BOTTOM_IN:
                heading = block.caption + (t("continued", lang) if continued else "")
                slide = _table_slide(deck, heading, lead, footnote, group)
                y, caption_h = top, 0.0
            if caption_h:
                _add_text(slide, MARGIN_IN, y + 0.05, box_w, CAPTION_IN - 0.05,
                          [(block.caption + (t("continued", lang) if continued else ""), 14, True, ACCENT)])
                y += caption_h
            end, used = start, header_h
            while end < len(rows) and y + used + heights[end] <= TABLE_BOTTOM_IN:
                used += heights[end]
                end += 1
            chunk = rows[start:end]
            _add_table(slide, block.headers, [c for c, _, _ in chunk], top=y, widths=block.widths,
                       key_rows=[k for _, k, _ in chunk], size=block.size,
                       heights=[header_h, *heights[start:end]])
            cut = [text for _, _, texts in chunk for text in texts]
            if cut:
                _notes(slide, cut)
            y += used + 0.15
            start, continued = end, True


def _table_slide(deck: Any, heading: str, lead: str, footnote: str, group: str) -> Any:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    slide._element.cSld.set("name", group)  # which region or list the slide belongs to
    box_w = SLIDE_W_IN - 2 * MARGIN_IN
    _add_text(slide, MARGIN_IN, 0.3, box_w, 0.6, [(heading, 22, True, ACCENT)])
    _add_text(slide, MARGIN_IN, 0.85, box_w, 0.4, [(lead, 12, False, GREY)])
    _add_text(slide, MARGIN_IN, SLIDE_H_IN - 0.5, box_w - 0.9, 0.35, [(footnote, 9, False, GREY)],
              anchor_bottom=True)
    _page_number(slide, len(deck.slides))
    return slide


def _notes(slide: Any, texts: Sequence[str]) -> None:
    """Full texts a table cell could not hold, in the slide's notes (the presenter sees them; nothing is lost)."""
    frame = slide.notes_slide.notes_text_frame
    frame.text = "\n\n".join([frame.text, *texts] if frame.text else texts)


def _add_table(slide: Any, headers: list[str], cells: list[list[str]], *, top: float, widths: list[float],
               key_rows: list[bool], size: float = BODY_PT, heights: list[float] | None = None) -> float:
    """A table whose rows are as tall as their wrapped text (`heights`, or measured here), every cell padded and
    its text centred vertically, so a number sits level with its label. Returns the table's height."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches

    if heights is None:
        heights = [_row_height(headers, widths, HEADER_PT, bold_column=0) + 0.02,
                   *(_row_height(row, widths, size, 1 if key else None) for row, key in zip(cells, key_rows,
                                                                                          strict=True))]
    n_rows = len(cells) + 1
    shape = slide.shapes.add_table(n_rows, len(headers), Inches(MARGIN_IN), Inches(top), Inches(sum(widths)),
                                   Inches(sum(heights)))
    table = shape.table
    for index, width in enumerate(widths):
        table.columns[index].width = Inches(width)
    for r, height in enumerate(heights):
        table.rows[r].height = Inches(height)
    for r, row in enumerate([headers, *cells]):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            cell.margin_left = cell.margin_right = Inches(CELL_PAD_X_IN)
            cell.margin_top = cell.margin_bottom = Inches(CELL_PAD_Y_IN)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.text_frame.word_wrap = True
            if r == 0:
                _style_run(_run(cell.text_frame.paragraphs[0], str(value)), HEADER_PT, bold=True, colour="FFFFFF")
                fill = ACCENT
            else:
                _style_run(_run(cell.text_frame.paragraphs[0], str(value)), size,
                           bold=(c == 1 and key_rows[r - 1]), colour="222222")
                fill = "F3F6FA" if r % 2 else "FFFFFF"
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(fill)
    return sum(heights)
