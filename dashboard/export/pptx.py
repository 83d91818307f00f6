"""The PPTX briefing pack of the current view or of the briefing basket: title, one slide per chart (native
PowerPoint charts where the chart type allows, pictures elsewhere), per region its measures and key figures (with
scope and time), and the sources. Chromium is needed only for the charts that stay pictures."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.basket import BasketItem
from dashboard.benchmark import Benchmark, GapItem, benchmark_charts, standings_table, subtitle, vocabulary_name
from dashboard.briefing import BriefingChart
from dashboard.export.content import BriefingContent, basket_content, view_content
from dashboard.export.images import render_pngs
from dashboard.export.native import NativePlan, add_bar_panel, add_theme_mix, native_plan
from dashboard.export.tables import _as_date, _sources_in_view, display_width
from dashboard.frames import Filters
from dashboard.i18n import t
from dashboard.models import Dataset

# ---------------------------------------------------------------- PPTX

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
MARGIN_IN = 0.45
PICTURE_TOP_IN, PICTURE_BOTTOM_IN = 1.0, 6.85
TABLE_ROWS_PER_SLIDE = 10
MEASURE_ROWS_PER_SLIDE = 10
EA_FONT = "Microsoft YaHei"  # East Asian typeface; PowerPoint/LibreOffice substitute a CJK font where absent
LATIN_FONT = "Arial"
NOTE_PT = 10
ACCENT = "1F5FA8"
GREY = "666666"


def _notes_height(notes: Sequence[str], box_w: float) -> float:
    """Inches the notes under a chart take: wrapped lines estimated from their display width."""
    if not notes:
        return 0.0
    per_line = box_w * 72 / NOTE_PT * 2 * 0.95  # display-width units (a Chinese character counts 2) per line
    lines = sum(math.ceil(display_width(note) / per_line) for note in notes)
    return min(0.1 + lines * NOTE_PT * 1.45 / 72, 2.2)


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
    """paragraphs: (text, size, bold, colour) tuples."""
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if anchor_bottom else MSO_ANCHOR.TOP
    for index, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(size * 0.35)
        _style_run(_run(paragraph, text), size, bold=bold, colour=colour)
    return box


def _run(paragraph: Any, text: str) -> Any:
    run = paragraph.add_run()
    run.text = text
    return run


def _footnote(dataset: Dataset, filters: Filters, lang: str) -> str:
    source = _sources_in_view(dataset, filters)[0]
    citation = getattr(source, f"citation_{lang}")
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
    """The hand-picked briefing (dashboard/basket.py) as a 16:9 deck."""
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

    # per region: its measures, then its key figures with what each covers and when
    for region_id in content.region_ids:
        region = dataset.region(region_id)
        short = getattr(region, f"short_{lang}")
        region_measures = measures[measures["region_id"] == region_id]
        rows = figures[figures["region_id"] == region_id]
        lead = f"{getattr(region, f'name_{lang}')} · {getattr(region, f'headline_{lang}')}"
        _add_table_slides(
            deck, region_measures, MEASURE_ROWS_PER_SLIDE, t("briefing_measures", lang, region=short),
            lead + ("  " + t("briefing_no_figures", lang, region=short) if rows.empty else ""),
            [t("measure", lang), t("status", lang), t("themes", lang), t("summary", lang)],
            lambda chunk: [[r[f"title_{lang}"], r["status_label"], r["theme_names"],
                            _one_line(r[f"summary_{lang}"], lang)] for _, r in chunk.iterrows()],
            widths=[3.3, 1.3, 2.3, 5.53], footnote=footnote, lang=lang, size=11)
        if rows.empty:
            continue
        _add_table_slides(
            deck, rows.sort_values(["key"], ascending=False, kind="stable"), TABLE_ROWS_PER_SLIDE,
            t("briefing_key_figures", lang, region=short), lead,
            [t("indicator", lang), t("value", lang), t("scope_col", lang), t("time_col", lang), t("as_printed", lang)],
            lambda chunk: [[f"{r.indicator} · {r.label}" if r.label else r.indicator, r.value_label, r.scope_label,
                            r.period_label, r.as_printed] for r in chunk.itertuples()],
            widths=[3.9, 2.4, 2.6, 1.9, 1.63], footnote=footnote, lang=lang, bold_key=True)

    # sources
    slide = deck.slides.add_slide(blank)
    _add_text(slide, MARGIN_IN, 0.3, box_w, 0.6, [(t("briefing_sources", lang), 22, True, ACCENT)])
    colon = "：" if lang == "zh" else ": "
    paragraphs: list[tuple] = []
    for source in content.sources:
        paragraphs += [
            (getattr(source, f"title_{lang}"), 16, True, "222222"),
            (f"{t('about_citation', lang)}{colon}{getattr(source, f'citation_{lang}')}", 13, False, "333333"),
            (f"{t('publisher', lang)}{colon}{getattr(source, f'publisher_{lang}')}", 13, False, "333333"),
            (f"{t('covers', lang)}{colon}{getattr(source, f'covers_{lang}')}", 13, False, "333333"),
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
        _add_text(slide, MARGIN_IN, SLIDE_H_IN - 0.5, box_w - 0.9, 0.35, [(footnote, 9, False, GREY)])
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
        _add_table(slide, [t("list_title", lang), t("value", lang)], [list(row) for row in plan.listed], top=y,
                   widths=[box_w - 3.0, 3.0], key_rows=[False] * len(plan.listed), size=11)
        y += listed_h
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

    names = {r.id: getattr(r, f"short_{lang}") for r in dataset.regions}
    for vocabulary, (gaps, distinctive) in bench.gaps.items():
        vocab = t(f"bench_vocab_{vocabulary}", lang)
        for title, listed in ((t("bench_slide_gaps", lang, vocab=vocab), gaps),
                              (t("bench_slide_distinct", lang, vocab=vocab), distinctive)):
            rows = _gap_rows(dataset, vocabulary, listed, names, bench.home_name(lang), lang)
            if rows.empty:
                continue
            _add_table_slides(
                deck, rows, MEASURE_ROWS_PER_SLIDE, title, line,
                [t(f"bench_vocab_{vocabulary}", lang).capitalize(), t("region", lang),
                 t("measure", lang), t("quote", lang)],
                lambda chunk: [[r.item, r.region, r.measure, _one_line(r.quote, lang, 60 if lang == "zh" else 110)]
                               for r in chunk.itertuples()],
                widths=[2.2, 1.5, 3.0, 5.73], footnote=footnote, lang=lang, size=10)

    table = standings_table(bench.pairs, bench.figures, dataset, lang)
    if len(table):
        _add_table_slides(
            deck, table.assign(key=False), TABLE_ROWS_PER_SLIDE, t("bench_slide_figures", lang), line,
            [t("indicator", lang), t("bench_home_value", lang), t("bench_peer", lang), t("bench_peer_value", lang),
             t("bench_verdict", lang)],
            lambda chunk: [[r.indicator, f"{r.home_value} · {r.home_scope} · {r.home_time}", r.peer,
                            f"{r.peer_value} · {r.peer_scope} · {r.peer_time}", r.verdict_label]
                           for r in chunk.itertuples()],
            widths=[3.3, 3.1, 1.4, 3.1, 1.53], footnote=footnote, lang=lang, size=11)
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
                         "measure": getattr(m, f"title_{lang}"), "quote": m.quote.strip(), "key": False})
        if item.measures.empty:
            rows.append({"item": label, "region": home_name, "measure": "—", "quote": "", "key": False})
    return pd.DataFrame(rows, columns=["item", "region", "measure", "quote", "key"])


def _add_table_slides(deck: Any, rows: pd.DataFrame, per_slide: int, title: str, lead: str, headers: list[str],
                      to_cells: Callable[[pd.DataFrame], list[list[str]]], *, widths: list[float], footnote: str,
                      lang: str, size: float = 12, bold_key: bool = False) -> None:
    """A table over as many slides as it needs, balanced, each with its heading ('（1/2）'), lead and footnote."""
    box_w = SLIDE_W_IN - 2 * MARGIN_IN
    chunks = _balanced_chunks(rows, per_slide)
    for number, chunk in enumerate(chunks, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        heading = title + (t("part_of", lang, i=number, n=len(chunks)) if len(chunks) > 1 else "")
        _add_text(slide, MARGIN_IN, 0.3, box_w, 0.6, [(heading, 22, True, ACCENT)])
        _add_text(slide, MARGIN_IN, 0.85, box_w, 0.5, [(lead, 12, False, GREY)])
        cells = to_cells(chunk)
        key_rows = [bool(k) for k in chunk["key"]] if bold_key else [False] * len(cells)
        _add_table(slide, headers, cells, top=1.5, widths=widths, key_rows=key_rows, size=size)
        _add_text(slide, MARGIN_IN, SLIDE_H_IN - 0.5, box_w - 0.9, 0.35, [(footnote, 9, False, GREY)])
        _page_number(slide, len(deck.slides))


def _balanced_chunks(rows: pd.DataFrame, per_slide: int) -> list[pd.DataFrame]:
    """Rows split over slides in balanced parts: 21 rows → 11 + 10 rather than 11 + 10 + 0."""
    size = math.ceil(len(rows) / math.ceil(len(rows) / per_slide))
    return [rows.iloc[i : i + size] for i in range(0, len(rows), size)]


def _one_line(text: str, lang: str, limit: int | None = None) -> str:
    """The first sentence of a summary, cut to what one table row holds."""
    limit = limit or (34 if lang == "zh" else 72)  # what one line of the summary column holds at 11 pt
    first = re.split(r"(?<=[。！？])|(?<=\. )", text.strip())[0].strip()
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _add_table(slide: Any, headers: list[str], cells: list[list[str]], *, top: float, widths: list[float],
               key_rows: list[bool], size: float = 12) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    n_rows = len(cells) + 1
    row_h = 0.4
    shape = slide.shapes.add_table(n_rows, len(headers), Inches(MARGIN_IN), Inches(top), Inches(sum(widths)),
                                   Inches(row_h * n_rows))
    table = shape.table
    for index, width in enumerate(widths):
        table.columns[index].width = Inches(width)
    for r in range(n_rows):
        table.rows[r].height = Inches(row_h)
    for c, header in enumerate(headers):
        cell = table.cell(0, c)
        cell.text = ""
        _style_run(_run(cell.text_frame.paragraphs[0], header), 12, bold=True, colour="FFFFFF")
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(ACCENT)
    for r, row in enumerate(cells, start=1):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            cell.margin_top = cell.margin_bottom = Pt(3)
            _style_run(_run(cell.text_frame.paragraphs[0], str(value)), size, bold=(c == 1 and key_rows[r - 1]),
                       colour="222222")
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string("F3F6FA" if r % 2 else "FFFFFF")

