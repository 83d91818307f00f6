"""The search index and its matching: every kind of thing is found, the measures agree with the Measures
keyword, and snippets mark the matched words without letting any text become markup."""

from __future__ import annotations

import re
import time

import pytest

from dashboard.analysis import frames, search
from dashboard.data.text import escape_markdown, marked


@pytest.fixture(scope="module")
def index(dataset, measures):
    return search.build_index(dataset, measures)


@pytest.mark.parametrize(("query", "kind", "title"), [
    ("包干制", "measure", "试点科研经费“包干制”"),
    ("lump-sum", "measure", "试点科研经费“包干制”"),
    ("59名", "figure", "海曙 · 科技特派员：59名"),
    ("不计入此数", "note", "海曙 · 科技特派员：59名"),
    ("科创十条", "left_out", "科创十条（名称中的数字）"),
    ("揭榜挂帅", "glossary", "揭榜挂帅"),
    ("science-and-technology commissioner", "glossary", "科技特派员"),
    ("科技金融", "theme", None),
    ("财政资助", "instrument", "财政资助与专项资金"),
    ("firms", "target_group", "企业"),
    ("incubator", "indicator", None),
    ("衢州", "region", "衢州（浙江省）"),
])
def test_each_kind_of_thing_is_found_in_either_language(index, query, kind, title):
    results = search.search(index, query)
    assert kind in results.groups, {k: len(v) for k, v in results.groups.items()}
    if title:
        assert title in list(results.groups[kind]["title_zh"])


@pytest.mark.parametrize("query", ["孵化器", "incubator", "特派员 首批", "孵化器 | 包干制", "人才 OR 资金", "xyz不存在"])
def test_the_measures_found_are_exactly_the_rows_the_measures_keyword_keeps(index, measures, query):
    found = search.search(index, query).groups.get("measure")
    kept = frames.filter_frame(measures, frames.Filters(keyword=query))
    assert (list(found["key"]) if found is not None else []) == list(kept["measure_id"])


def _ids(measures, **tags) -> set[str]:
    """The measures of a region and/or holding a theme, instrument or target group, from the tags themselves."""
    keep = measures
    if "region" in tags:
        keep = keep[keep["region_id"] == tags.pop("region")]
    for column, code in tags.items():
        keep = keep[keep[column].map(lambda codes, code=code: code in codes)]
    return set(keep["measure_id"])


@pytest.mark.parametrize(("zh", "en", "tags"), [
    ("绵阳", "Mianyang", {"region": "mianyang"}),
    ("四川省", "Sichuan Province", {"region": "mianyang"}),
    ("绵阳 人才", "Mianyang talent", {"region": "mianyang", "themes": "talent"}),
    ("衢州 科技特派员与技术服务", "Quzhou technology extension",
     {"region": "quzhou", "instruments": "tech_extension"}),
    ("投资基金与股权投资", "investment funds and equity", {"instruments": "equity_funds"}),
    ("农民与农村", "farmers and rural areas", {"target_groups": "farmers_rural"}),
])
def test_a_measure_is_found_by_its_region_theme_instrument_and_target_group_in_either_language(
        index, measures, zh, en, tags):
    """Issue 24: "绵阳" found 1 of 绵阳's measures and "绵阳 人才" 1 while "Mianyang talent" found 8."""
    expected = _ids(measures, **tags)
    assert expected
    for query in (zh, en):
        found = set(search.search(index, query).groups["measure"]["key"])
        assert expected <= found, (query, expected - found)
        kept = set(frames.filter_frame(measures, frames.Filters(keyword=query))["measure_id"])
        assert kept == found  # the Measures keyword follows the same rule
    # the two languages agree
    assert set(search.search(index, zh).groups["measure"]["key"]) == set(search.search(index, en).groups["measure"]["key"])


def test_region_and_word_together_find_the_measure_the_issue_names(index):
    found = search.search(index, "绵阳 基金").groups["measure"]
    assert "发布3亿元人才股权投资基金" in set(found["title_zh"])


def test_groups_come_in_a_fixed_order_and_an_empty_query_finds_nothing(index):
    results = search.search(index, "人才")
    assert list(results.groups) == [k for k in search.KINDS if k in results.groups]
    assert results.total == sum(len(rows) for rows in results.groups.values()) > 10
    assert search.search(index, "   ").total == 0
    assert search.search(index, "|").total == 0


def test_each_result_links_to_a_page_that_shows_it(index, dataset):
    pages = {"measure", "measures", "compare", "about", "profile", "source", "instruments"}
    assert set(index["page"]) <= pages
    measure_rows = index[index["kind"] == "measure"]
    assert all(row["target"] == {"measure": row["key"]} for row in measure_rows.to_dict("records"))
    left_out = index[index["kind"] == "left_out"].iloc[0]
    assert left_out["page"] == "source" and left_out["target"]["quote"] == left_out["key"]


def test_snippet_marks_the_words_and_matches_across_line_breaks():
    piece, spans = search.snippet(("nothing here", "一段很长的文字" * 10 + "科技\n特派员下沉服务" + "后文" * 40), "特派员")
    assert piece.startswith("…") and piece.endswith("…")
    assert [piece[s:e] for s, e in spans] == ["特派员"]
    piece, spans = search.snippet(("科技特\n派员",), "特派员")
    assert [piece[s:e] for s, e in spans] == ["特 派员"]  # whitespace folded, the words still marked
    assert search.snippet(("abc",), "xyz") == ("", [])
    piece, spans = search.snippet(("Incubation platforms and incubators",), "incubator")
    assert [piece[s:e].lower() for s, e in spans] == ["incubat", "incubat"]


@pytest.mark.parametrize("text", ["<b>bold</b> 特派员", "[x](http://e.com) 特派员", "**特派员** `x` $y$",
                                  "<script>alert(1)</script>特派员<img src=x onerror=1>"])
def test_snippets_never_turn_text_into_markup(text):
    piece, spans = search.snippet((text,), "特派员 | <b> | [x] | **")
    shown = marked(piece, spans, escape_markdown)
    assert shown.count("<mark>") == len(spans) >= 1
    without_marks = shown.replace("<mark>", "").replace("</mark>", "")
    assert not re.search(r"(?<!\\)[<\[*`$]", without_marks), without_marks


def test_a_query_that_is_markup_is_matched_as_text(index):
    for query in ("<b>", "[x](http://e.com)", "**", "\\", ".*", "(", "特派员)"):
        search.search(index, query)  # never raises (no regex from the query)
        search.match_spans("a<b>**(x)", query)
    assert search.match_spans("a<b>c", "<b>") == [(1, 4)]


def test_search_is_fast_on_a_hundred_times_the_data(dataset, measures):
    """600 regions' worth of rows: the index is built once, each query is a vectorised scan."""
    index = search.build_index(dataset, measures)
    big = index.loc[index.index.repeat(100)].reset_index(drop=True)
    start = time.perf_counter()
    for query in ("孵化器", "特派员 首批", "incubator | lump-sum"):
        search.search(big, query)
    assert (time.perf_counter() - start) / 3 < 1.0
