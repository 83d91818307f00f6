"""The briefing decks' layout, checked on their bytes with real font metrics (tests/pptx_fit.py): no text box or
table cell overflows at the size it sets, table slides are more than half full except a region's (or a list's)
last, summaries are whole (never cut with '…' where a slide has room; cut only when no slide could hold them, with
the full text in the slide's notes)."""

from __future__ import annotations

import io

import pytest

from dashboard import export
from dashboard.analysis import basket, benchmark, frames
from dashboard.analysis.frames import Filters
from dashboard.export import pptx as pptx_writer

from .pptx_fit import overflows, table_fill

TODAY = "2026-11-27"
needs_chromium = pytest.mark.skipif(export.find_chromium() is None, reason="needs Chromium for the chart pictures")


@pytest.fixture(scope="module")
def decks(dataset) -> dict[str, object]:
    if export.find_chromium() is None:
        pytest.skip("needs Chromium for the chart pictures")
    from pptx import Presentation

    picked = basket.parse_basket(["m:mianyang-talent-fund", "c:mix", "m:haishu-chokepoint-projects",
                                  "c:tech_contract_value", "m:quzhou-three-zeros"], dataset)[0]
    measures = frames.measures_frame(dataset)
    bench = benchmark.compare_home(dataset, measures, frames.figures_frame(dataset), "quzhou",
                                   ("mianyang", "ningxia", "haishu"))
    out = {}
    for lang in ("zh", "en"):
        out[f"full_{lang}"] = export.to_pptx_bytes(dataset, Filters(), lang, TODAY)
        out[f"basket_{lang}"] = export.basket_to_pptx_bytes(dataset, picked, Filters(), lang, TODAY)
        out[f"benchmark_{lang}"] = export.to_benchmark_pptx_bytes(dataset, measures, bench, lang, TODAY)
    return {name: Presentation(io.BytesIO(data)) for name, data in out.items()}


NAMES = [f"{kind}_{lang}" for kind in ("full", "basket", "benchmark") for lang in ("zh", "en")]


@needs_chromium
@pytest.mark.parametrize("name", NAMES)
def test_no_text_overflows_its_box(decks, name):
    problems = overflows(decks[name])
    assert not problems, "\n".join(f"slide {p.slide} {p.where}: needs {p.needed_in:.2f} in, has {p.box_in:.2f} in: "
                                   f"{p.text}" for p in problems[:10])


@needs_chromium
@pytest.mark.parametrize("name", NAMES)
def test_table_slides_are_half_full_except_each_groups_last(decks, name):
    slides = list(decks[name].slides)
    table_slides = [(n, s) for n, s in enumerate(slides, start=1) if s.name.startswith(("region:", "bench:"))]
    assert table_slides
    for (number, slide), following in zip(table_slides, [*table_slides[1:], (None, None)], strict=True):
        last_of_group = following[1] is None or following[1].name != slide.name
        fill = table_fill(slide, pptx_writer.TABLE_TOP_IN, pptx_writer.TABLE_BOTTOM_IN)
        assert last_of_group or fill >= 0.5, f"slide {number} ({slide.name}) is {fill:.0%} full"


def _cells(slide) -> list[str]:
    return [cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_summary_is_whole_on_its_slide_or_in_its_notes(dataset, decks, lang):
    slides = list(decks[f"full_{lang}"].slides)
    cells = {text for slide in slides for text in _cells(slide)}
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide)
    for region in dataset.regions:
        for measure in region.measures:
            summary = measure.summary.text(lang).strip()
            assert summary in cells or summary in notes, measure.id
    for slide in slides:
        for text in _cells(slide):
            if text.endswith("…"):  # cut only where no slide could hold it, the full text in the notes
                assert slide.has_notes_slide and text[:-1] in slide.notes_slide.notes_text_frame.text


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_full_pack_has_one_flow_per_region_and_fewer_slides_than_rows_per_slide_gave(dataset, decks, lang):
    deck = decks[f"full_{lang}"]
    groups = [s.name for s in deck.slides if s.name.startswith("region:")]
    assert list(dict.fromkeys(groups)) == [f"region:{r.id}" for r in dataset.regions]
    # a region with few measures and figures has them on one slide (before: a measures slide and a figures slide)
    assert groups.count("region:bazhong") == 1
    counts = {r: groups.count(f"region:{r}") for r in dict.fromkeys(groups)}
    assert all(n <= 4 for n in counts.values()), counts


def test_a_row_taller_than_any_slide_is_cut_with_its_full_text_in_the_notes():
    from pptx import Presentation

    deck = Presentation()
    text = "很长的概要。" * 400
    block = pptx_writer.TableBlock("标题", ["举措", "概要"], [["一项", text], ["二项", "短"]], widths=[3.0, 9.43])
    pptx_writer._flow_tables(deck, [block], "导语", "脚注", "zh", group="region:test")
    slides = list(deck.slides)
    cut = [c for s in slides for c in _cells(s) if c.endswith("…")]
    assert len(cut) == 1 and text.startswith(cut[0][:-1]) and len(cut[0]) < len(text)
    assert text in slides[0].notes_slide.notes_text_frame.text
    assert not overflows(deck)


# ---------------------------------------------------------------- Word


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_tables_repeat_their_header_keep_rows_whole_and_their_heading(dataset, lang):
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(export.to_docx_bytes(dataset, Filters(), lang, TODAY)))
    body = list(doc.element.body.iterchildren())
    tables = [n for n, element in enumerate(body) if element.tag == qn("w:tbl")]
    assert len(tables) == sum(1 for r in dataset.regions if any(m.figures for m in r.measures))
    for n in tables:
        rows = body[n].findall(qn("w:tr"))
        assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeats on every page
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
        header_paragraphs = rows[0].findall(f".//{qn('w:p')}")
        assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in header_paragraphs)
        heading = body[n - 1]  # the table's heading keeps with it
        assert heading.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")).startswith("Heading")
        assert heading.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
