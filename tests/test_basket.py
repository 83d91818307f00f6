"""The briefing basket (parse, serialise, reorder, URL) and the hand-picked briefing it builds, as PPTX with
native charts and as Word, tested on the files themselves."""

from __future__ import annotations

import io
from datetime import date

import pytest

from dashboard import export
from dashboard.analysis import basket
from dashboard.analysis.basket import BasketItem
from dashboard.analysis.frames import Filters
from dashboard.charts import briefing, style
from dashboard.export.content import basket_content
from dashboard.export.native import add_bar_panel, native_plan
from dashboard.ui.url_state import Notice, ViewState, parse_query_params, to_query_params

TODAY = date(2026, 11, 28)
M1, M2 = "mianyang-tech-matchmaking", "hubaoewu-demo-zone"
PICKED = (BasketItem.chart("mix"), BasketItem.measure(M1), BasketItem.chart("tech_contract_value"),
          BasketItem.measure(M2), BasketItem.chart("rd_active_share"))
needs_chromium = pytest.mark.skipif(export.find_chromium() is None, reason="needs Chromium for chart pictures")

# ---------------------------------------------------------------- the basket itself


def test_parse_keeps_order_and_ignores_bad_entries(dataset):
    tokens = ["c:rd_active_share", f"m:{M1}", "m:no-such-measure", "x:mix", "mix", f"m:{M1}", "c:mix", "c:bogus"]
    kept, ignored = basket.parse_basket(tokens, dataset)
    assert kept == (BasketItem.chart("rd_active_share"), BasketItem.measure(M1), BasketItem.chart("mix"))
    assert ignored == ["m:no-such-measure", "x:mix", "mix", f"m:{M1}", "c:bogus"]


def test_parse_keeps_at_most_basket_max(dataset):
    ids = [m.id for r in dataset.regions for m in r.measures]
    kept, ignored = basket.parse_basket([f"m:{i}" for i in ids], dataset)
    assert len(kept) == min(len(ids), basket.BASKET_MAX) and len(ignored) == len(ids) - len(kept)


def test_toggle_and_move():
    a, b, c = BasketItem.measure("a"), BasketItem.chart("b"), BasketItem.chart("mix")
    items = basket.toggle(basket.toggle(basket.toggle((), a), b), c)
    assert items == (a, b, c)
    assert basket.move(items, c, -1) == (a, c, b)
    assert basket.move(items, a, -1) == items  # already first
    assert basket.move(items, c, +1) == items  # already last
    assert basket.toggle(items, b) == (a, c)
    assert basket.serialise_basket(items) == "m:a,c:b,c:mix"
    assert basket.measure_ids(items) == ["a"] and basket.chart_ids(items) == ["b", "mix"]


def test_basket_round_trips_through_the_url_in_the_readers_order(dataset):
    state = ViewState(lang="en", basket=(BasketItem.chart("rd_active_share"), BasketItem.measure(M1)))
    params = to_query_params(state, "compare")
    assert params["basket"] == f"c:rd_active_share,m:{M1}"
    parsed = parse_query_params(params, dataset)
    assert parsed.state == state and parsed.notices == []


def test_a_bad_basket_entry_is_ignored_with_a_notice(dataset):
    parsed = parse_query_params({"basket": f"m:{M1},m:<script>,c:"}, dataset)
    assert parsed.state.basket == (BasketItem.measure(M1),)
    assert parsed.notices == [Notice("basket", "m:<script>, c:", 2)]  # one notice for the parameter


# ---------------------------------------------------------------- what the briefing holds


def test_basket_content_groups_measures_by_region_in_the_readers_order(dataset):
    items = (BasketItem.measure(M2), BasketItem.measure(M1), BasketItem.measure("hubaoewu-integration-notice"),
             BasketItem.chart("rd_active_share"), BasketItem.chart("mix"))
    content = basket_content(dataset, items, Filters(), "zh", TODAY)
    assert content.region_ids == ["hubaoewu", "mianyang"]
    assert list(content.measures["measure_id"]) == [M2, "hubaoewu-integration-notice", M1]
    assert set(content.figures["measure_id"]) <= {M2, M1, "hubaoewu-integration-notice"}
    assert len(content.figures) == sum(len(m.figures) for r in dataset.regions for m in r.measures
                                       if m.id in (M1, M2, "hubaoewu-integration-notice"))
    assert [c.key for c in content.charts] == ["rd_active_share", "mix"]  # the basket's order, not the page's
    assert "3" in content.scope and "2" in content.scope


# ---------------------------------------------------------------- native charts


def _comparable_chart(dataset, figures):
    """Two regions' commissioners made comparable (same scope), one with a qualifier: a bar panel."""
    rows = figures[figures["indicator"] == "tech_commissioners"].copy()
    rows["scope"] = "region"
    rows.loc[rows.index[0], "qualifier"] = "approx"
    fig = briefing.plots.build_compare_figure(rows, dataset, "zh", title="t", subtitle="s")
    return briefing.BriefingChart("t", fig, kind="compare", key="tech_commissioners", data=rows,
                                  colours=style.region_colours(dataset, rows["region_id"]))


def test_a_comparable_panel_becomes_a_native_bar_chart_with_qualifiers_on_its_labels(dataset, figures):
    from pptx import Presentation

    item = _comparable_chart(dataset, figures)
    plan = native_plan(item, dataset, "zh")
    assert plan is not None and len(plan.panels) == 1 and plan.listed == []
    panel = plan.panels[0]
    assert panel.values == sorted(panel.values, reverse=True)
    assert any(label.startswith("≈") for label in panel.labels)
    assert all(label.endswith("人") for label in panel.labels) and panel.number_format == '0"人"'
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    chart = add_bar_panel(slide, panel, 0.5, 0.5, 9, 3, ea_font="Noto Sans CJK SC", latin_font="Arial")
    # drawn bottom-up: the largest value is the last category, on top
    assert list(chart.plots[0].categories) == panel.categories[::-1]
    assert list(chart.plots[0].series[0].values) == panel.values[::-1]
    labels = [p.data_label.text_frame.text for p in chart.plots[0].series[0].points]
    assert labels == panel.labels[::-1]
    assert chart.value_axis.minimum_scale == 0  # bars from zero


def test_before_after_and_listed_figures_are_not_drawn_as_native_bars(dataset):
    items = {i.key: i for i in briefing.briefing_items(dataset, Filters(), "zh")}
    assert native_plan(items["rd_active_share"], dataset, "zh") is None  # an arrow: stays a picture
    listed = native_plan(items["tech_contract_value"], dataset, "zh")  # nothing comparable: a table, no bars
    assert listed.panels == [] and any("预计" in value for _, value in listed.listed)
    assert items["tech_contract_value"].notes[0] == "⚠ 口径不同，不宜直接比较"


# ---------------------------------------------------------------- the files


@pytest.fixture(scope="module")
def picked_pptx(dataset):
    return export.basket_to_pptx_bytes(dataset, PICKED, Filters(), "zh", TODAY)


@needs_chromium
def test_hand_picked_pptx_has_native_charts_and_a_measures_slide_per_region(dataset, picked_pptx):
    from pptx import Presentation

    deck = Presentation(io.BytesIO(picked_pptx))
    slides = list(deck.slides)
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    charts = [s.chart for slide in slides for s in slide.shapes if s.has_chart]
    pictures = [s for slide in slides for s in slide.shapes if s.shape_type == 13]
    assert charts and charts[0].plots[0].categories[0] == dataset.themes[0].name.zh  # the theme mix, native
    assert len(pictures) == 1  # only the before → after chart
    assert texts[1].startswith("主题结构") and texts[2].startswith("技术合同") and texts[3].startswith("有研发活动")
    assert "⚠ 口径不同，不宜直接比较" in texts[2]
    assert any(t.startswith("呼包鄂乌：举措") for t in texts) and any(t.startswith("绵阳：举措") for t in texts)
    assert any("绵阳：关键数字" in t for t in texts)  # on the measures slide when it fits there
    assert "手选简报" in texts[0]


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hand_picked_docx_has_headings_quotes_tables_and_sources(dataset, lang):
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(export.basket_to_docx_bytes(dataset, PICKED, Filters(), lang, TODAY)))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    measure = next(m for r in dataset.regions for m in r.measures if m.id == M1)
    title = measure.title.text(lang)
    assert ("Heading 3", title) in headings
    assert [h for h in headings if h[0] == "Heading 1"] == [
        ("Heading 1", export.docx.t(k, lang)) for k in ("docx_charts", "docx_measures", "briefing_sources")]
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert any(" ".join(measure.quote.split()) in q for q in quotes)
    assert len(doc.inline_shapes) == 3  # the three chosen charts
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[2:4] == [export.docx.t("scope_col", lang), export.docx.t("time_col", lang)]
    assert any("140" in c.text for row in table.rows for c in row.cells)
    # every run names an East Asian font, so LibreOffice does not draw boxes
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert all(r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs)


@needs_chromium
def test_cli_docx_and_pptx_of_a_filtered_view(dataset, tmp_path, monkeypatch):
    from docx import Document
    from pptx import Presentation

    from dashboard import __main__ as cli

    monkeypatch.chdir(tmp_path)
    assert cli.main(["export", "--region", "mianyang,ningxia", "--format", "docx", "--lang", "en",
                     "--date", "2026-11-28"]) == 0
    doc = Document(str(tmp_path / "briefing_mianyang-ningxia_en_2026-11-28.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert dataset.region("mianyang").name.en in headings and dataset.region("ningxia").name.en in headings
    assert len(doc.tables) == 2  # a key-figures table per region
    assert cli.main(["export", "--region", "mianyang,ningxia", "--format", "pptx", "--date", "2026-11-28"]) == 0
    deck = Presentation(str(tmp_path / "briefing_mianyang-ningxia_zh_2026-11-28.pptx"))
    assert any(s.has_chart for slide in deck.slides for s in slide.shapes)
