"""Quotes named by reference, and found in the source text whatever its line breaks."""

from __future__ import annotations

import html

import pytest

from dashboard.data import sources
from dashboard.data.coverage import page_furniture
from dashboard.data.text import marked
from tests.conftest import ROOT


def test_every_quote_of_the_dataset_is_found_in_its_source(dataset):
    texts = {s.id: sources.readable_text(sources.source_path(ROOT / "data" / "measures.yaml", s).read_text("utf-8"))
             for s in dataset.sources}
    refs = [sources.measure_ref(m.id) for r in dataset.regions for m in r.measures]
    refs += [sources.measure_ref(m.id, n) for r in dataset.regions for m in r.measures
             for n in range(1, len(m.figures) + 1)]
    refs += [sources.left_out_ref(s.id, n) for s in dataset.sources for n in range(1, len(s.left_out) + 1)]
    for ref in refs:
        quote = sources.find_quote(dataset, ref)
        assert quote is not None, ref
        span = sources.locate(texts[quote.source_id], quote.text)
        assert span is not None, ref
        found = texts[quote.source_id][span[0]:span[1]]
        # a quote across a page break spans the running footer and page number, which it leaves out
        found = "\n".join(line for line in found.splitlines() if not page_furniture(line))
        assert "".join(found.split()) == "".join(quote.text.split())


def test_a_figure_reference_names_that_figure(dataset):
    region = next(r for r in dataset.regions if any(m.figures for m in r.measures))
    measure = next(m for m in region.measures if m.figures)
    quote = sources.find_quote(dataset, f"{measure.id}.1")
    assert quote.kind == "figure" and quote.text == measure.figures[0].quote and quote.region_id == region.id
    assert sources.figure_ref(f"{measure.id}#1") == f"{measure.id}.1"


@pytest.mark.parametrize("ref", ["", "nope", "nope.1", "x.left_out.1", "kjqbck_regional_digest.left_out.0",
                                 "kjqbck_regional_digest.left_out.999", "mianyang-strategy.0",
                                 "mianyang-strategy.999", "mianyang-strategy.a", "a.b.c.d", "<b>x</b>"])
def test_anything_else_is_no_quote(dataset, ref):
    assert sources.find_quote(dataset, ref) is None


def test_locate_ignores_line_breaks_and_says_when_the_quote_is_not_there():
    text = "前文。科技特\n派员下沉\n服务。后文"
    start, end = sources.locate(text, "科技特派员下沉服务。")
    assert text[start:end] == "科技特\n派员下沉\n服务。"
    assert sources.locate(text, "不存在") is None
    assert sources.locate(text, "") is None


def test_readable_text_drops_the_blank_lines_of_the_extract():
    assert sources.readable_text("第一行 \n\n \n第二行\n\n") == "第一行\n第二行"


def test_the_marked_source_escapes_the_text_around_the_mark():
    text = "<script>x</script> 引文 & <b>"
    out = marked(text, [sources.locate(text, "引文")], html.escape)
    assert out == "&lt;script&gt;x&lt;/script&gt; <mark>引文</mark> &amp; &lt;b&gt;"
