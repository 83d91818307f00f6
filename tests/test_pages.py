"""Every page under Streamlit's AppTest, parametrized from the page registry."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from dashboard.ui.pages import PAGES
from tests.conftest import FIXTURES, ROOT

APP = str(ROOT / "streamlit_app.py")
PAGE_IDS = [p.key for p in PAGES]
FILTERED_PAGE_IDS = [p.key for p in PAGES if p.filtered]


def run_page(page_key: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(next(p.file for p in PAGES if p.key == page_key))
    return at.run()


def signature(at: AppTest) -> str:
    """What a person would see, as text: charts' specs, metrics, text and tables."""
    parts = []
    for chart in at.get("plotly_chart"):
        parts.append(json.loads(chart.proto.spec)["data"].__repr__())
    parts += [f"{m.label}={m.value}" for m in at.metric]
    parts += [str(m.value) for m in [*at.markdown, *at.caption, *at.info, *at.subheader, *at.title]]
    parts += [df.value.to_csv() for df in [*at.dataframe, *at.table]]
    return "\n".join(parts)


@pytest.fixture(autouse=True)
def _real_dataset(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATASET", raising=False)


@pytest.mark.parametrize("page_key", PAGE_IDS)
def test_page_runs_without_exception_and_has_its_widgets(page_key):
    at = run_page(page_key)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert at.title, "every page has a title"
    assert at.sidebar.multiselect(key="w_themes").label == "主题"
    assert at.sidebar.multiselect(key="w_regions").label == "地区"


def test_sidebar_filters_offer_no_select_all_row():
    """Nothing chosen means all; a "Select all" / "Select N matches" row first in the list would make typing part
    of a region's name and pressing Enter choose every match."""
    at = run_page("compare")
    for key in ("w_themes", "w_regions", "w_instruments", "w_target_groups"):
        assert at.sidebar.multiselect(key=key).proto.select_all == 0, key


@pytest.mark.parametrize("page_key", FILTERED_PAGE_IDS)
def test_theme_filter_changes_what_is_shown(page_key):
    at = run_page(page_key)
    before = signature(at)
    at.sidebar.multiselect(key="w_themes").set_value(["management"]).run()
    assert not at.exception
    assert signature(at) != before
    assert at.query_params.get("themes") in (["management"], "management")


@pytest.mark.parametrize("page_key", PAGE_IDS)
def test_url_start_state_is_honoured(page_key):
    at = run_page(page_key, lang="en", themes="talent,funding", regions="mianyang,ningxia")
    assert not at.exception
    assert at.sidebar.multiselect(key="w_themes").value == ["talent", "funding"]
    assert at.sidebar.multiselect(key="w_regions").value == ["mianyang", "ningxia"]
    assert at.sidebar.multiselect(key="w_themes").label == "Themes"
    assert not at.warning and not at.error
    assert not re.search("[\u4e00-\u9fff]", at.title[0].value), at.title[0].value  # the heading in English


@pytest.mark.parametrize("page_key", PAGE_IDS)
def test_bad_url_value_gives_a_notice_not_an_exception(page_key):
    at = run_page(page_key, themes="talent,nonsense", regions="atlantis", lang="xx")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "nonsense" in notices and "atlantis" in notices and "xx" in notices
    assert at.sidebar.multiselect(key="w_themes").value == ["talent"]
    assert dict(at.query_params) == {"themes": "talent"}  # the link keeps what was read, without the bad values


def test_language_switch_changes_labels_and_titles():
    at = run_page("compare", lang="en")
    assert at.title[0].value == "Compare"
    specs = " ".join(json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart"))
    assert "Theme mix" in specs and "主题" not in specs


def test_measures_keyword_and_row_count():
    at = run_page("measures", q="包干制")
    assert not at.exception
    assert at.text_input(key="w_keyword").value == "包干制"
    table = at.dataframe[0].value
    assert len(table) == 1
    assert any("共 1 项举措" in m.value for m in at.markdown)


def test_compare_says_what_is_missing_instead_of_an_empty_chart():
    at = run_page("compare", themes="management", regions="bazhong,mianyang")
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "巴中、绵阳没有项目与诚信管理方面的数据" in infos  # measures of the theme, but no figures
    assert "没有两个及以上地区共同报告的指标" in infos


def test_profile_follows_the_url_region():
    at = run_page("profile", region="quzhou")
    assert at.selectbox(key="w_profile_region").value == "quzhou"
    assert "衢州" in at.title[0].value
    cards = " ".join(m.value for m in at.markdown).replace("\\", "")  # escaped Markdown, shown as written
    assert "77.8%" in cards and "第2位" in cards
    # repeated indicators keep their labels on the cards
    assert "有研发活动的规上工业企业占比 · 年初" in cards
    # one indicator at two points: an arrow card with both values and both times
    assert "前后变化" in [s.value for s in at.subheader]
    assert "68% → 77.8%" in cards and "第11位 → 第2位" in cards
    assert "2023年初 → 截至2023年10月" in [c.value for c in at.caption]


def test_profile_in_english_shows_each_change_with_both_periods_and_its_scope():
    at = run_page("profile", region="quzhou", lang="en")
    assert not at.exception and not at.error
    assert "Change over time" in [s.value for s in at.subheader]
    shown = " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption)]).replace("\\", "")
    assert "68% → 77.8%" in shown and "No. 11 → No. 2" in shown
    assert "start of 2023 → as of Oct 2023" in shown  # both points of the rank keep their periods
    assert "start of 2023 → Jan–Oct 2023" in shown  # the share: a point, then the January–October tally
    assert "Houzhu village pilot plot · Before remediation → 10 days into remediation" in shown  # and their scope


def test_profile_without_a_change_has_no_change_section():
    at = run_page("profile", region="mianyang", lang="en")
    assert not at.exception
    assert "Change over time" not in [s.value for s in at.subheader]


def test_broken_dataset_lists_problems_instead_of_a_traceback(monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATASET", str(FIXTURES / "broken_for_app.yaml"))
    at = run_page("overview")
    assert not at.exception
    assert "数据集未通过校验" in at.error[0].value
    problems = at.code[0].value
    assert "broken_for_app.yaml:" in problems and "unknown theme 'talnet'" in problems


def test_a_broken_edit_keeps_serving_the_last_good_dataset_with_a_banner_and_no_server_path(monkeypatch, tmp_path):
    import shutil

    data = ROOT / "data"
    shutil.copy(data / "measures.yaml", tmp_path / "measures.yaml")
    for folder in ("regions", "sources"):
        shutil.copytree(data / folder, tmp_path / folder)
    monkeypatch.setenv("DASHBOARD_DATASET", str(tmp_path / "measures.yaml"))
    before = run_page("overview")
    assert not before.exception and not before.error and not before.warning
    region = tmp_path / "regions" / "ningxia.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace('themes: ["', 'themes: ["talnet", "', 1),
                      encoding="utf-8")
    after = run_page("overview")  # another session of the same server, after the bad save
    assert not after.exception and not after.error
    assert "上一版通过校验" in after.warning[0].value
    problems = after.code[0].value
    assert problems.startswith("regions/ningxia.yaml:") and "unknown theme 'talnet'" in problems
    assert signature(after) == signature(before)  # the same page as before the edit
    assert str(tmp_path) not in problems + " ".join(str(m.value) for m in after.markdown)
    region.write_text(region.read_text(encoding="utf-8").replace('"talnet", ', ""), encoding="utf-8")
    fixed = run_page("overview")
    assert not fixed.warning and not fixed.error


def test_status_filter_counts_only_the_figures_of_those_measures():
    at = run_page("measures", status="in_progress")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "当前视图：21 项举措，8 个数据点" in captions
    planned = run_page("measures", status="planned")
    assert "当前视图：7 项举措，0 个数据点" in " ".join(c.value for c in planned.caption)

    about = run_page("about", status="in_progress")
    assert not about.exception
    indicators = next(table.value for table in about.table if "指标" in table.value.columns)
    assert indicators["当前筛选中"].astype(int).sum() == 8
def test_clicking_the_active_language_keeps_it_and_the_url_stays_valid():
    at = run_page("overview", lang="en")
    at.sidebar.segmented_control(key="w_lang").set_value(None).run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Regional Innovation Measures Dashboard"
    assert at.query_params.get("lang") in (["en"], "en")
    at.sidebar.segmented_control(key="w_lang").set_value("zh").run()
    at.sidebar.segmented_control(key="w_lang").set_value(None).run()
    assert not at.exception and not at.error
    assert at.title[0].value == "区域科创举措对比看板"
    assert "lang" not in at.query_params


def _texts(at: AppTest) -> list[str]:
    return [str(e.value) for e in [*at.markdown, *at.caption, *at.warning, *at.info, *at.success, *at.subheader,
                                   *at.title]]


def test_link_text_from_the_url_is_escaped_in_notices():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["[Session expired, click here](https://example.com/x)"] = "1"
    at.query_params["themes"] = "<b>x</b>**y**"
    at.query_params["p" * 300] = "v" * 300
    at.run()
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "Session expired" in notices
    assert "](https" not in notices and "<b>" not in notices and "**y" not in notices
    assert not re.search(r"(?<!\\)[\[<*]", notices), notices  # every bracket, tag and star is escaped
    assert "p" * 41 not in notices and "v" * 41 not in notices


@pytest.mark.parametrize("keyword", ["[x](https://example.com/x)", "**bold** <b>b</b>", "www.example.com"])
def test_keyword_from_the_url_is_escaped_on_the_measures_page(keyword):
    at = run_page("measures", q=keyword)
    assert not at.exception
    shown = " ".join(_texts(at))
    assert "](https" not in shown and "**bold" not in shown and "<b>" not in shown and "www.example" not in shown


def _select_row(at: AppTest, row: int) -> AppTest:
    table = at.dataframe[0]
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def test_a_selected_row_does_not_outlive_a_filter_that_shrinks_the_list(measures):
    at = run_page("measures")
    _select_row(at, 60)  # a measure the keyword below does not find, past the end of the shorter list
    assert not at.exception and at.main.subheader, "the selected measure's detail is shown"
    at.text_input(key="w_keyword").set_value("特派员").run()
    assert not at.exception and not at.error
    assert len(at.dataframe[0].value) == _kept(measures, "特派员")
    assert not [s for s in at.main.subheader if s.value != "下载与导出"], "no detail left over from the old list"
    # a measure still in the list stays open when the filter changes
    _select_row(at, list(at.dataframe[0].value["region"]).index("衢州"))
    kept = [s.value for s in at.main.subheader if s.value != "下载与导出"]
    at.sidebar.multiselect(key="w_regions").set_value(["quzhou"]).run()
    assert [s.value for s in at.main.subheader if s.value != "下载与导出"] == kept


def test_a_selected_row_never_shows_another_measure_after_a_filter_change():
    at = run_page("measures")
    first_title = at.dataframe[0].value.iloc[0]["title"]
    _select_row(at, 0)
    assert any(first_title.replace("“", "") in s.value.replace("\\", "").replace("“", "") for s in at.subheader)
    at.sidebar.multiselect(key="w_regions").set_value(["quzhou"]).run()
    assert not at.exception and not at.error
    details = [s.value for s in at.main.subheader if s.value != "下载与导出"]
    assert details == [], details


def test_empty_keyword_result_says_where_the_matches_are_and_clears_that_filter(measures):
    n = _kept(measures, "特派员")
    at = run_page("measures", themes="platform", q="特派员")
    assert not at.exception
    assert not at.dataframe or len(at.dataframe[0].value) == 0
    button = next(b for b in at.button if f"全部主题中有 {n} 项" in b.label)
    assert "清除主题筛选" in button.label
    button.click().run()
    assert not at.exception
    assert at.sidebar.multiselect(key="w_themes").value == []
    assert len(at.dataframe[0].value) == n
    assert "themes" not in at.query_params


def test_keyword_help_explains_how_words_combine_and_or_works():
    at = run_page("measures", q="孵化器 | 包干制")
    assert "|" in at.text_input(key="w_keyword").help
    assert len(at.dataframe[0].value) == 2
    en = run_page("measures", lang="en")
    assert "|" in en.text_input(key="w_keyword").help and "OR" in en.text_input(key="w_keyword").help


def test_a_measure_can_be_opened_from_a_selectbox_in_step_with_the_table():
    at = run_page("measures", regions="mianyang")
    ids = list(at.selectbox(key="w_measure_pick").options)
    assert len(ids) == len(at.dataframe[0].value)
    assert at.selectbox(key="w_measure_pick").value is None
    at.selectbox(key="w_measure_pick").select_index(1).run()
    assert not at.exception
    second = at.dataframe[0].value.iloc[1]["title"]
    assert any(second[:6] in s.value.replace("\\", "") for s in at.subheader)
    assert at.session_state[at.dataframe[0].key]["selection"]["rows"] == [1]
    _select_row(at, 0)
    assert at.selectbox(key="w_measure_pick").index == 0


def test_overview_cell_can_be_chosen_without_the_chart_and_the_drill_down_can_be_undone():
    at = run_page("overview", q="人才", status="achieved")
    picker = at.selectbox(key="w_cell")
    option = next(o for o in picker.options if o.startswith("巴中 · 项目与诚信管理"))
    picker.select(option).run()
    assert not at.exception
    assert any("巴中 · 项目与诚信管理：4 项举措" in m.value.replace("\\", "") for m in at.markdown)
    link = next(p for p in at.get("page_link") if p.value == "在举措库中打开")
    assert "regions=bazhong" in link.proto.query_string and "themes=management" in link.proto.query_string
    # follow the link as the browser does: its page with its query string
    at.query_params.clear()
    at.query_params.update({"regions": "bazhong", "themes": "management"})
    at.switch_page("dashboard/views/measures.py").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 4
    banner = " ".join(i.value for i in at.info)
    assert "巴中" in banner and "项目与诚信管理" in banner
    next(b for b in at.button if b.key == "drilldown_undo").click().run()
    assert at.sidebar.multiselect(key="w_regions").value == []
    assert at.text_input(key="w_keyword").value == "人才"
    assert at.query_params.get("status") in ("achieved", ["achieved"])
    assert not [b for b in at.button if b.key == "drilldown_undo"]


# find anything, link to anything


def _html(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


def _kept(measures, keyword: str) -> int:
    """How many measures the Measures keyword keeps (it matches titles, texts and tag names: frames.py)."""
    from dashboard.analysis import frames
    return len(frames.filter_frame(measures, frames.Filters(keyword=keyword)))


def test_search_finds_each_kind_and_marks_the_matched_words(measures):
    at = run_page("search", find="特派员")
    assert not at.exception and not at.error
    groups = [s.value for s in at.main.subheader]
    for kind in ("举措", "数据", "数据说明", "未收录的数字", "术语", "指标", "地区"):
        assert any(g.startswith(kind + " · ") for g in groups), groups
    hits = [m.value for m in at.main.markdown if "<mark>" in m.value]
    assert len(hits) >= 7 and all("<mark>特派员</mark>" in h for h in hits[:3])
    links = [p for p in at.get("page_link") if p.proto.page.endswith("measure")]
    assert links and all("m=" in p.proto.query_string for p in links)
    more = next(p for p in at.get("page_link") if f"在举措库中列出这 {_kept(measures, '特派员')} 项举措" in p.value)
    assert "q=%E7%89%B9%E6%B4%BE%E5%91%98" in more.proto.query_string


def test_search_in_english_and_with_alternatives(measures):
    at = run_page("search", find="incubator | lump-sum", lang="en")
    assert not at.exception
    n = _kept(measures, "incubator | lump-sum")
    assert any(s.value.startswith(f"Measures · {n}") for s in at.main.subheader), [s.value for s in at.main.subheader]
    assert any("<mark>" in m.value and "ncubat" in m.value for m in at.main.markdown)


@pytest.mark.parametrize("query", ["<b>x</b>", "[x](http://e.com)", "**人才**", "<script>alert(1)</script>"])
def test_a_search_query_from_the_url_never_becomes_markup(query):
    at = run_page("search", find=query)
    assert not at.exception
    shown = " ".join(_texts(at))
    assert not re.search(r"(?<!\\)<(b|script)|(?<!\\)\]\(http|(?<!\\)\*\*人", shown), shown
    for m in at.main.markdown:  # the results' only tags are the marks
        assert not re.search(r"<(?!/?mark>)", m.value), m.value


def test_the_sidebar_search_box_opens_the_results():
    at = run_page("overview")
    at.sidebar.text_input(key="w_find").input("揭榜挂帅")
    next(b for b in at.sidebar.get("button") if "搜索" in str(b.proto.label)).click()
    at.run()
    assert not at.exception
    assert at.title[0].value == "搜索"
    assert at.query_params.get("find") in ("揭榜挂帅", ["揭榜挂帅"])
    assert any(s.value.startswith("术语 · 1") for s in at.main.subheader)


def test_an_empty_or_unmatched_search_says_so():
    assert "输入要找的词" in run_page("search").info[0].value
    assert "没有找到" in run_page("search", find="不存在的词xyz").info[0].value


def test_a_measure_url_shows_that_measure_with_its_figures_scope_and_time(dataset):
    region = next(r for r in dataset.regions if r.id == "haishu")
    measure = next(m for m in region.measures if m.figures)
    at = run_page("measure", m=measure.id)
    assert not at.exception and not at.warning
    assert measure.title.zh in at.main.header[0].value.replace("\\", "")
    texts = " ".join(_texts(at)).replace("\\", "")
    assert measure.summary.zh[:10] in texts and measure.quote.strip()[:10] in texts
    table = at.dataframe[0].value
    assert {"scope_label", "time_label", "source_link"} <= set(table.columns)
    assert all(link.startswith("source?") and f"quote={measure.id}." in link for link in table["source_link"])
    quote_link = next(p for p in at.get("page_link") if p.value == "在原文中查看")
    assert f"quote={measure.id}" in quote_link.proto.query_string
    assert "data-copy-link" in _html(at)
    assert at.query_params.get("m") in (measure.id, [measure.id])
    # in English, and on the Measures page with that measure open
    en = run_page("measure", m=measure.id, lang="en")
    assert not en.exception and not en.error and not en.warning
    assert en.main.header[0].value.replace("\\", "") == measure.title.en
    texts = " ".join(" ".join(_texts(en)).replace("\\", "").split())
    assert " ".join(measure.summary.en.split())[:30] in texts and measure.quote.strip()[:12] in texts
    assert en.dataframe
    opened = run_page("measures", m=measure.id)
    assert not opened.exception and not opened.error
    assert opened.main.subheader[0].value.replace("\\", "").strip() == measure.title.zh


def test_an_unknown_measure_id_gives_a_notice_and_a_way_on():
    at = run_page("measure", m="no-such-measure")
    assert not at.exception and not at.error
    assert "no-such-measure" in at.warning[0].value.replace("\\", "")
    assert at.selectbox(key="measure_page_pick").value is None
    at.selectbox(key="measure_page_pick").select_index(0).run()
    assert not at.exception and at.main.header


def test_the_source_page_highlights_the_linked_quote_and_says_what_the_citation_lacks(dataset):
    measure = next(m for m in dataset.regions[1].measures if m.figures)
    at = run_page("source", quote=f"{measure.id}.1")
    assert not at.exception and not at.warning
    body = _html(at)
    assert body.count('<mark class="source-quote">') == 1 and body.count('<mark class="source-number">') == 1
    quote = re.search(r'<mark class="source-quote">(.*)</mark>', body[: body.index("</div>")], re.S).group(1)
    plain_quote = re.sub(r"<[^>]+>", "", quote)  # the sentence, with the number's own mark inside it
    assert "".join(plain_quote.split()) == "".join(measure.figures[0].quote.split())
    assert "scrollIntoView" in body
    texts = " ".join(_texts(at))
    assert "期号: 原文未载" in texts and "日期: 原文未载" in texts
    assert any(p.proto.page.endswith("measure") and f"m={measure.id}" in p.proto.query_string
               for p in at.get("page_link"))
    plain = run_page("source")
    assert "<mark" not in _html(plain) and not plain.exception


def test_the_source_text_is_escaped(tmp_path, monkeypatch):
    import shutil

    from tests.conftest import FIXTURES

    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "measures.yaml")
    shutil.copytree(FIXTURES / "sources", tmp_path / "sources")
    for file in (tmp_path / "sources").iterdir():
        file.write_text("<script>window.x=1</script><b>bold</b>\n" + file.read_text("utf-8"), "utf-8")
    monkeypatch.setenv("DASHBOARD_DATASET", str(tmp_path / "measures.yaml"))
    at = run_page("source")
    assert not at.exception
    body = _html(at)
    assert "&lt;script&gt;window.x=1&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in body
    assert "<b>bold" not in body


def test_quotes_link_to_the_source_on_measures_profile_compare_and_about():
    measures = run_page("measures", regions="mianyang")
    _select_row(measures, 0)
    assert any(p.value == "在原文中查看" for p in measures.get("page_link"))
    profile = run_page("profile", region="quzhou")
    profile.toggle(key="profile_show_quotes").set_value(True).run()
    assert any(p.value == "在原文中查看" for p in profile.get("page_link"))
    compare = run_page("compare")
    links = compare.dataframe[0].value["source_link"]
    assert len(links) and all(link.startswith("source?") and "quote=" in link for link in links)
    instruments = run_page("instruments", instrument="tech_extension")
    links = [p for p in instruments.get("page_link") if p.value == "在原文中查看"]
    assert links and all("quote=" in p.proto.query_string for p in links)
    side = run_page("side_by_side", cols="haishu,quzhou", instrument="tech_extension")
    side.toggle(key="sbs_show_quotes").set_value(True).run()
    assert any(p.value == "在原文中查看" for p in side.get("page_link"))
    about = run_page("about")
    left_out = next(df.value for df in about.dataframe if "source_link" in df.value.columns)
    assert all(".left_out." in link for link in left_out["source_link"])


def test_the_overview_cell_and_the_compare_indicators_are_in_the_url_and_restored():
    at = run_page("overview", cell="mianyang.talent")
    assert not at.exception and at.selectbox(key="w_cell").value == "mianyang.talent"
    assert any("绵阳 · 人才：" in m.value for m in at.markdown)
    at.selectbox(key="w_cell").set_value("ningxia.platform").run()
    assert at.query_params.get("cell") in ("ningxia.platform", ["ningxia.platform"])
    unknown = run_page("overview", cell="atlantis.talent")
    assert not unknown.exception and "atlantis" in unknown.warning[0].value

    at = run_page("compare", regions="mianyang,ningxia,quzhou")
    at.multiselect(key="w_indicators").set_value(["innovation_platforms"]).run()
    chosen = at.query_params.get("ind")
    chosen = chosen[0] if isinstance(chosen, list) else chosen
    assert chosen
    again = run_page("compare", regions="mianyang,ningxia,quzhou", ind=chosen)
    assert not again.exception and not again.warning
    assert len(again.multiselect(key="w_indicators").value) == 1
    assert "ind" not in run_page("compare").query_params  # the default choice keeps the link plain


def test_compare_with_every_region_never_puts_unlike_figures_on_one_axis(dataset, figures):
    """Every region, every shared indicator, from the link: each axis of the charts the page draws holds one
    comparison group, no bar stands on a log axis, and a split indicator says so in its title area."""
    from dashboard.analysis import comparison

    shared = comparison.shared_indicators(figures)
    at = run_page("compare", regions=",".join(r.id for r in dataset.regions), ind=",".join(shared))
    assert not at.exception and not at.error
    assert at.multiselect(key="w_indicators").value == shared
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    layouts = [spec["layout"] for spec in specs if spec["layout"].get("meta")]
    assert len(layouts) == len(shared)
    split = 0
    for spec in specs:
        layout = spec["layout"]
        if not layout.get("meta"):
            continue
        list_axis = layout["meta"]["list_axis"]
        groups: dict[str, set] = {}
        for trace in spec["data"]:
            axis = trace.get("xaxis") or "x"
            if trace["type"] == "bar":
                assert layout.get("xaxis" + axis[1:], {}).get("type") != "log", layout["title"]["text"]
            groups.setdefault(axis, set()).update(c[0] for c in trace.get("customdata") or () if isinstance(c, list) and c[0])
        for axis, found in groups.items():
            if axis != list_axis:
                assert len(found) == 1, (layout["title"]["text"], axis, found)
        if list_axis:
            assert layout["xaxis" + list_axis[1:]]["visible"] is False
        if len(layout["meta"]["panels"]) + len(layout["meta"]["listed"]) > 1:
            split += 1
            assert "口径不同，不宜直接比较" in layout["title"]["subtitle"]["text"], layout["title"]["text"]
    assert split >= 1


# ---------------------------------------------------------------- instruments, target groups, side by side


def _query(link) -> dict[str, list[str]]:
    from urllib.parse import parse_qs

    return parse_qs(link.proto.query_string)


def test_sidebar_instrument_and_target_group_filters_narrow_the_measures_and_go_into_the_url():
    at = run_page("measures")
    assert at.sidebar.multiselect(key="w_instruments").label == "政策工具"
    assert at.sidebar.multiselect(key="w_target_groups").label == "政策对象"
    at.sidebar.multiselect(key="w_instruments").set_value(["challenges"]).run()
    assert not at.exception
    assert set(at.dataframe[0].value["title"]) == {"“揭榜挂帅”改革关键核心技术攻关", "科创营系列活动"}
    assert at.query_params.get("instruments") in ("challenges", ["challenges"])
    at.sidebar.multiselect(key="w_target_groups").set_value(["entrepreneurs"]).run()
    assert list(at.dataframe[0].value["title"]) == ["科创营系列活动"]
    assert at.query_params.get("groups") in ("entrepreneurs", ["entrepreneurs"])


def test_instruments_page_lists_who_uses_an_instrument_with_quotes_and_figures():
    at = run_page("instruments", instrument="tech_extension", lang="en")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 16 and table.loc["Technology extension and advisory services", "n_regions"] == 5
    assert at.selectbox(key="w_focus_instrument").value == "tech_extension"
    text = " ".join(m.value.replace("\\", "") for m in at.markdown)
    assert "Used by 5 regions" in text
    assert "选派235名博士或副高以上职称的科研人员结对700家重点企业" in text  # Quzhou's quote
    # figures come with their value, scope and time
    assert "Provincial rank in R&D spending growth · As of October 2023: No. 2 · whole region · as of Oct 2023" in text
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert "Not seen in: Hohhot–Baotou–Ordos–Ulanqab" in captions
    # a measure's other instruments are named as other ones: the instrument in view is implied, not missing
    assert "Also uses:" in captions and "· Instruments:" not in captions
    link = next(p for p in at.get("page_link") if p.value == "Set these regions side by side")
    assert _query(link)["instrument"] == ["tech_extension"]
    # five regions use it and Side by side takes four: those with the most such measures (Quzhou among them), and
    # the page names the one left out (issue 24: the link silently dropped Quzhou)
    assert _query(link)["cols"] == ["bazhong,haishu,mianyang,quzhou"]
    assert "Side by side takes up to 4 regions" in captions and "Ningxia can be swapped in" in captions


def test_choosing_an_instrument_puts_it_in_the_url():
    at = run_page("instruments")
    assert not [m for m in at.markdown if "> " in m.value]
    at.selectbox(key="w_focus_instrument").select("challenges").run()
    assert not at.exception
    assert at.query_params.get("instrument") in ("challenges", ["challenges"])
    assert any("揭榜挂帅" in m.value for m in at.markdown)


def test_side_by_side_sets_regions_in_columns_with_quotes_on_demand():
    at = run_page("side_by_side", cols="haishu,quzhou", instrument="tech_extension")
    assert not at.exception
    assert at.multiselect(key="w_columns").value == ["haishu", "quzhou"]
    headers = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headers == ["### 海曙 · 4 项", "### 衢州 · 3 项"]
    quote = "选派235名博士或副高以上职称的科研人员结对700家重点企业"
    assert not any(quote in m.value for m in at.markdown)
    at.toggle(key="sbs_show_quotes").set_value(True).run()
    assert any(quote in m.value for m in at.markdown)
    # rows are themes when an instrument is chosen
    assert "##### 人才" in [m.value for m in at.markdown]


def test_side_by_side_on_a_theme_follows_the_url_and_writes_its_choices_back():
    at = run_page("side_by_side", theme="talent", cols="mianyang,ningxia,haishu")
    assert not at.exception
    rows = [m.value for m in at.markdown if m.value.startswith("##### ")]
    assert "##### 人才计划、培训与奖励" in rows and "##### 揭榜挂帅与竞赛" in rows
    at.multiselect(key="w_columns").set_value(["mianyang", "ningxia", "haishu", "quzhou"]).run()
    assert at.query_params.get("cols") in ("mianyang,ningxia,haishu,quzhou", ["mianyang,ningxia,haishu,quzhou"])
    at.selectbox(key="w_focus_theme").select("funding").run()
    assert at.query_params.get("theme") in ("funding", ["funding"])
    assert not at.exception


def test_side_by_side_names_the_region_in_every_cell_so_stacked_columns_stay_attributed():
    """Issue 24: on a phone the columns stack, and 衢州's cards followed 绵阳's with nothing to tell them apart."""
    at = run_page("side_by_side", theme="talent", cols="mianyang,quzhou")
    assert not at.exception
    rows = [m.value for m in at.markdown if m.value.startswith("##### ")]
    tags = [c.value for c in at.main.caption if c.value.startswith(":material/location_on:")]
    assert rows and tags == [":material/location_on: **绵阳**", ":material/location_on: **衢州**"] * len(rows)


def test_side_by_side_says_when_its_regions_come_from_the_sidebar():
    at = run_page("side_by_side", regions="mianyang,quzhou")
    assert not at.exception
    captions = " ".join(c.value for c in at.main.caption)
    assert "尚未选择地区" not in captions and "按侧栏所选地区并列：绵阳、衢州" in captions
    fresh = run_page("side_by_side")
    assert "尚未选择地区" in " ".join(c.value for c in fresh.main.caption)


def test_side_by_side_asks_for_a_second_region():
    at = run_page("side_by_side", cols="bazhong")
    assert not at.exception
    assert "再选一个地区" in " ".join(i.value for i in at.info)


def test_about_explains_instruments_and_links_glossary_terms_to_their_measures(measures):
    at = run_page("about")
    assert not at.exception
    tables = [tb.value for tb in at.table]
    assert any("科技特派员与技术服务" in tb.to_csv() and "STIP" not in tb.to_csv() for tb in tables)
    assert any("STIP" in m.value for m in at.markdown)
    link = next(p for p in at.get("page_link") if p.value.startswith("科技特派员（"))
    n = _kept(measures, "科技特派员")
    assert f"（{n} 项）" in link.value and _query(link) == {"q": ["科技特派员"]}
    # following it lists exactly those measures
    at.query_params.clear()
    at.query_params.update({"q": "科技特派员"})
    at.switch_page("dashboard/views/measures.py").run()
    assert len(at.dataframe[0].value) == n


def test_an_opened_measure_names_its_instruments_and_target_groups():
    at = run_page("measures", q="包干制")
    at.selectbox(key="w_measure_pick").select_index(0).run()
    assert not at.exception
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert "工具：试点与制度改革 · 对象：科研人员与科技人才" in captions
def test_the_open_measure_on_measures_is_in_the_url_and_a_link_reopens_it(dataset):
    at = run_page("measures", regions="mianyang")
    _select_row(at, 2)
    opened = at.query_params.get("m")
    opened = opened[0] if isinstance(opened, list) else opened
    assert opened == at.selectbox(key="w_measure_pick").value
    again = run_page("measures", regions="mianyang", m=opened)
    assert not again.exception and again.selectbox(key="w_measure_pick").value == opened
    assert again.session_state[again.dataframe[0].key]["selection"]["rows"] == [2]
    assert any(p.value == "在原文中查看" for p in again.get("page_link"))
    # a link whose filters leave its measure out still shows it, and says so; a filter change then closes it
    outside = run_page("measures", regions="quzhou", m=opened)
    assert not outside.exception and "不在当前筛选结果中" in outside.info[0].value
    title = dataset.measures_by_id[opened][1].title.zh
    assert any(title in s.value.replace("\\", "") for s in outside.main.subheader)
    outside.sidebar.multiselect(key="w_regions").set_value(["ningxia"]).run()
    assert "m" not in outside.query_params
    assert not any(title in s.value.replace("\\", "") for s in outside.main.subheader)


def test_about_says_what_each_source_covers():
    at = run_page("about")
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert "本来源用于 6 个地区、83 个数据；33 个数字列为未收录（日期、名称等）。" in captions
    assert any("python -m dashboard draft" in m.value for m in at.markdown)


def test_profile_shows_a_change_across_two_digests(monkeypatch, tmp_path):
    """A region with material from a second digest (another source and year) shows the change over time."""
    import shutil

    from tests.conftest import ROOT as root

    shutil.copytree(root / "data" / "sources", tmp_path / "sources")
    (tmp_path / "sources" / "second.txt").write_text("2024年，绵阳建成国、省、市创新平台近 450 个。\n", encoding="utf-8")
    text = (root / "data" / "measures.yaml").read_text(encoding="utf-8")
    second = ('  - id: "second_digest"\n    title_zh: "第二期摘要"\n    title_en: "Second digest"\n'
              '    publisher_zh: "编辑部"\n    publisher_en: "Editors"\n    covers_zh: "绵阳，2024年"\n'
              '    covers_en: "Mianyang, 2024"\n    citation_zh: "第二期"\n    citation_en: "Second issue"\n'
              '    file: "sources/second.txt"\n    left_out:\n      - as_printed: "2024年"\n'
              '        quote: "2024年，绵阳建成国、省、市创新平台近 450 个"\n        reason: "date"\n\nthemes:\n')
    text = text.replace("\nthemes:\n", "\n" + second, 1)
    shutil.copytree(root / "data" / "regions", tmp_path / "regions")
    region_file = tmp_path / "regions" / "mianyang.yaml"
    region = region_file.read_text(encoding="utf-8")
    region = region.replace('        as_printed: "近 400 个"\n',
                            '        as_printed: "近 400 个"\n        label_zh: "2023年摘要"\n'
                            '        label_en: "2023 digest"\n', 1)
    measure = ('  - id: "mianyang-platforms-2024"\n    title_zh: "创新平台（2024）"\n'
               '    title_en: "Innovation platforms (2024)"\n    themes: ["platform"]\n'
               '    instruments: ["research_infrastructure"]\n    target_groups: ["universities_institutes"]\n'
               '    status: "achieved"\n    summary_zh: "建成创新平台近450个。"\n'
               '    summary_en: "Nearly 450 platforms."\n    source: "second_digest"\n'
               '    quote: "2024年，绵阳建成国、省、市创新平台近 450 个"\n    figures:\n'
               '      - indicator: "innovation_platforms"\n        value: 450\n        unit: "count"\n'
               '        as_printed: "近 450 个"\n        qualifier: "approx"\n        kind: "stock"\n'
               '        scope: "region"\n        basis: "point"\n        period: "2024"\n'
               '        label_zh: "2024年摘要"\n        label_en: "2024 digest"\n'
               '        quote: "绵阳建成国、省、市创新平台近 450 个"\n')
    region = region.replace("\nmeasures:\n", "\nmeasures:\n" + measure, 1)
    region_file.write_text(region, encoding="utf-8")
    (tmp_path / "measures.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_DATASET", str(tmp_path / "measures.yaml"))
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))

    at = run_page("profile", region="mianyang")
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    cards = " ".join(m.value for m in at.markdown)
    assert "≈400 → ≈450" in cards
    assert "截至2023年 → 截至2024年" in [c.value for c in at.caption]
    about = run_page("about")
    captions = [c.value for c in about.caption]
    assert "本来源用于 1 个地区、1 个数据；1 个数字列为未收录（日期、名称等）。" in captions
    # the measure's quote, and its figure's, are found in the second digest, not in the region's first
    for ref in ("mianyang-platforms-2024", "mianyang-platforms-2024.1"):
        shown = run_page("source", quote=ref)
        assert not shown.exception and not shown.error
        marked = " ".join(e.proto.body for e in shown.get("html"))
        assert "<mark" in marked and "近 450 个" in marked.split("<mark", 1)[1], ref


# ---------------------------------------------------------------- benchmark


def test_benchmark_with_a_home_in_the_data_shows_gaps_figures_and_home_highlighted():
    at = run_page("benchmark", home="quzhou", peers="ningxia,mianyang,haishu")
    assert not at.exception and not at.error
    assert at.selectbox(key="w_home").value == "quzhou"
    assert at.multiselect(key="w_peers").value == ["ningxia", "mianyang", "haishu"]  # the link's order
    table = at.dataframe[0].value
    # Quzhou's Jan–Oct share beside Ningxia's 2023 level: the same thing at different times, so no verdict and no chart
    assert list(table["peer"]) == ["宁夏"] and list(table["verdict_label"]) == ["时间口径不同，不作领先/落后判断"]
    assert table.iloc[0]["home_time"] == "2023年1—10月" and table.iloc[0]["home_scope"] == "全域"
    assert table.iloc[0]["peer_time"] == "截至2023年"
    labels = [e.label for e in at.expander]
    assert any("科普与民生" in label for label in labels)  # only Haishu of the three peers has outreach measures
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(specs) == 1  # the theme mix alone
    mix = specs[0]["data"]
    assert mix[0]["name"].startswith("★ 衢州") and mix[0]["marker"]["color"] == "#c2410c"
    assert "本地区：衢州" in specs[0]["layout"]["title"]["subtitle"]["text"]
    assert at.query_params.get("home") in ("quzhou", ["quzhou"])
    assert [tab.label for tab in at.tabs] == ["按主题", "按政策工具"]


def test_benchmark_choosing_a_home_suggests_peers_and_writes_the_url():
    at = run_page("benchmark")
    assert not at.exception
    assert "先在上方选择本地区" in " ".join(i.value for i in at.info)
    at.selectbox(key="w_home").set_value("mianyang").run()
    assert not at.exception
    assert at.multiselect(key="w_peers").value == ["bazhong", "quzhou"]  # same province and level first
    assert at.query_params.get("peers") in ("bazhong,quzhou", ["bazhong,quzhou"])
    at.sidebar.multiselect(key="w_themes").set_value(["talent"]).run()
    assert "主题：人才" in [c.value for c in at.caption]
    # Mianyang has talent measures itself: no theme gap under this filter
    assert "没有差距：对标地区有的，本地区都有。" in [c.value for c in at.tabs[0].caption]
    assert [e.label for e in at.tabs[0].expander] == []  # Quzhou has talent measures too: half the peers
    assert at.query_params.get("home") in ("mianyang", ["mianyang"])


def _typed(at: AppTest, rows: list[dict], name: str = "") -> AppTest:
    at.session_state["bench_custom_rows"] = rows
    if name:
        at.session_state["bench_custom_name"] = name
    return at.run()


TYPED = {"indicator": "rd_active_share", "value": "55", "unit": "percent", "qualifier": "approx", "kind": "rate",
         "scope": "region", "scope_text": "", "basis": "point", "period": "2023", "as_printed": "", "label": ""}


def test_benchmark_with_a_typed_in_home_compares_its_figures_and_keeps_them_out_of_the_url():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["home"] = "custom"
    at.query_params["peers"] = "ningxia,quzhou"
    at.switch_page("dashboard/views/benchmark.py")
    _typed(at, [TYPED], name="[Anytown](https://example.com) <b>x</b>")
    assert not at.exception and not at.error
    assert "已使用 1 个数字" in " ".join(s.value for s in at.success)
    table = at.dataframe[-1].value  # the first is the table the figures were typed into
    # at the same point as Ningxia's 2023 level it leads; beside Quzhou's Jan–Oct tally the periods differ
    assert list(table["peer"]) == ["宁夏", "衢州 · 1—10月"]
    assert list(table["verdict_label"]) == ["领先", "时间口径不同，不作领先/落后判断"]
    assert table.iloc[0]["home_value"] == "≈55%" and table.iloc[0]["home_time"] == "截至2023年"
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    shown = json.dumps(spec["data"], ensure_ascii=False) + spec["layout"]["title"]["subtitle"]["text"]
    assert "<b>x</b>" not in shown and "&lt;b&gt;" in shown  # the typed name is text in the chart
    assert "★ [Anytown]" in shown
    assert dict(at.query_params) == {"home": "custom", "peers": "ningxia,quzhou"}
    assert "55" not in json.dumps(dict(at.query_params))


def test_benchmark_typed_in_rows_with_problems_name_the_row_and_are_not_used():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["home"] = "custom"
    at.query_params["peers"] = "ningxia"
    at.switch_page("dashboard/views/benchmark.py")
    _typed(at, [TYPED, {**TYPED, "value": "many", "unit": "people"}])
    assert not at.exception
    assert "处问题，数字尚未使用" in at.error[0].value
    problems = at.text[0].value
    assert "第 2 行 · value：不是数字" in problems and "第 2 行 · unit：" in problems
    assert "本地区与所选对标地区没有可直接比较的数字" in " ".join(i.value for i in at.info)
# ---------------------------------------------------------------- briefing basket


def test_a_measure_goes_into_the_basket_and_the_basket_stays_across_pages():
    at = run_page("measures", regions="mianyang")
    at.selectbox(key="w_measure_pick").select_index(0).run()
    measure_id = at.selectbox(key="w_measure_pick").value
    at.button(key="measures_basket").click().run()
    assert not at.exception
    assert at.query_params["basket"] == f"m:{measure_id}"
    assert at.button(key="measures_basket").label == "移出简报"
    assert [b.key for b in at.sidebar.button if b.key.startswith("basket_remove_")] == [f"basket_remove_m:{measure_id}"]
    at.switch_page(next(p.file for p in PAGES if p.key == "compare")).run()
    assert not at.exception and at.query_params["basket"] == f"m:{measure_id}"
    at.button(key="compare_basket_mix").click().run()
    assert at.query_params["basket"] == f"m:{measure_id},c:mix"
    at.sidebar.button(key="basket_up_c:mix").click().run()
    assert at.query_params["basket"] == f"c:mix,m:{measure_id}"
    at.sidebar.button(key=f"basket_remove_m:{measure_id}").click().run()
    assert at.query_params["basket"] == "c:mix"


def test_profile_adds_a_measure_and_a_bad_basket_entry_gives_a_notice():
    at = run_page("profile", region="haishu", basket="m:nope,c:rd_active_share")
    assert not at.exception
    assert any("basket" in w.value and "nope" in w.value for w in at.warning)
    button = next(b for b in at.button if b.key.startswith("profile_basket_"))
    button.click().run()
    measure_id = button.key.rsplit("_", 1)[-1]
    assert at.query_params["basket"] == f"c:rd_active_share,m:{measure_id}"


@pytest.mark.parametrize("lang, tooltip", [("zh", "下载图表（PNG）"), ("en", None)])
def test_chart_toolbar_follows_the_interface_language(lang, tooltip):
    at = run_page("compare", lang=lang)
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    if tooltip:
        assert config["locale"] == "zh-CN"
        assert config["locales"]["zh-CN"]["dictionary"]["Download plot as a png"] == tooltip
    else:
        assert "locale" not in config


def test_every_figure_card_links_to_its_sentence_in_the_source(dataset):
    quzhou = next(r for r in dataset.regions if r.id == "quzhou")
    n_figures = sum(len(m.figures) for m in quzhou.measures)
    at = run_page("profile", region="quzhou")
    assert not at.exception
    to_source = [p.proto.query_string for p in at.get("page_link") if p.proto.page.endswith("source")]
    figure_links = [q for q in to_source if re.search(r"quote=quzhou-[a-z0-9-]+\.\d+", q)]
    assert len(figure_links) == n_figures


@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
def test_every_page_keeps_the_navigation_even_when_it_has_nothing_to_show(spec):
    # (a page that called st.stop() also stopped the navigation drawn after it: search with no query,
    # a measure page without a measure)
    at = run_page(spec.key)
    assert not at.exception
    assert len(at.sidebar.get("page_link")) == sum(p.menu for p in PAGES)


def test_source_urls_for_many_quotes_equal_one_at_a_time(dataset):
    from dataclasses import replace
    from urllib.parse import parse_qs

    from dashboard.data.sources import left_out_ref
    from dashboard.ui import widgets
    from dashboard.ui.url_state import ViewState, to_query_params

    view = ViewState(lang="en").updated(regions=("mianyang", "quzhou"), themes=("talent",), keyword="人才 & 孵化+")
    source = dataset.sources[0]
    pairs = [(source.id, left_out_ref(source.id, n)) for n in range(1, len(source.left_out) + 1)]
    many = widgets.source_urls(view, pairs)
    for (source_id, ref), url in zip(pairs, many, strict=True):
        own = to_query_params(replace(view, source=source_id, quote=ref), "source")  # what one link says
        assert url.startswith("source?")
        assert parse_qs(url.split("?", 1)[1]) == {key: [value] for key, value in own.items()} == {
            "lang": ["en"], "regions": ["mianyang,quzhou"], "themes": ["talent"], "q": ["人才 & 孵化+"],
            "src": [source_id], "quote": [ref]}




def test_region_cards_come_row_by_row_so_a_phone_stacks_them_in_reading_order(dataset):
    """Streamlit stacks columns on a narrow screen: cards laid out column by column would read 1, 4, 7, 2 …"""
    at = run_page("overview")
    headings = [m.value[5:] for m in at.markdown if m.value.startswith("#### ")]
    assert headings == [r.name.zh for r in dataset.regions]


# links that crashed every page before numbers in a link were read strictly (each is one notice now)
CRASH_QUERIES = [
    {"quote": "mianyang-strategy.\u00b2"},
    {"cards": "9" * 5000},
    {"quote": "mianyang-strategy." + "9" * 5000},
    {"quote": "quzhou-three-zeros.\u0661"},
]


@pytest.mark.parametrize("page_key", PAGE_IDS)
def test_crafted_number_links_give_one_notice_each_and_the_page(page_key):
    both = {**CRASH_QUERIES[0], **CRASH_QUERIES[1]}  # two in one link: a notice for each
    for query in [*CRASH_QUERIES, both]:
        at = run_page(page_key, **query)
        assert not at.exception, (query, [e.value for e in at.exception])
        assert not at.error  # neither the page's nor the link's last-resort line
        assert len(at.warning) == len(query), (query, [w.value for w in at.warning])
        assert at.title


# odd links with nothing in them a browser could take for markup or a script (those are opened in a real browser:
# tests/test_browser_tasks.py, test_hostile_and_malformed_links_open_a_working_page)
ODD_LINKS = {  # the link, and the one notice it gives (None: none)
    "lang-None": ({"lang": "None"}, "lang=None"),
    "lang-empty": ({"lang": ""}, "lang= "),
    "repeated": ({"themes": ["talent", "funding", "talent"], "lang": ["en", "zh"]}, None),
}


@pytest.mark.parametrize("name", list(ODD_LINKS))
def test_odd_links_open_a_working_page(name):
    query, notice = ODD_LINKS[name]
    at = run_page("overview", **query)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    warnings = [w.value for w in at.warning]
    assert (warnings == []) if notice is None else (len(warnings) == 1 and notice in warnings[0]), warnings
    assert at.title
    if name == "repeated":
        assert at.sidebar.multiselect(key="w_themes").value == ["talent", "funding"]


def test_three_thousand_unknown_codes_give_one_notice_that_counts_them():
    at = run_page("overview", regions=",".join(f"x{i}" for i in range(3000)), themes="talent,bogus,bogus")
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert len(notices) == 2, notices
    assert "3000" in notices[0] and "x0\\, x1\\, x2 …" in notices[0] and "x3" not in notices[0]


def test_many_unknown_parameters_are_summed_up():
    from dashboard.ui.url_state import NOTICES_MAX

    at = run_page("overview", **{f"p{i}": "v" for i in range(300)})
    assert not at.exception
    assert len(at.warning) == NOTICES_MAX
    assert "293" in at.warning[-1].value


def test_a_failing_widget_callback_shows_our_own_line_not_a_trace(monkeypatch):
    """Streamlit runs callbacks before the page, outside its error handling."""
    from dashboard.i18n import t
    from dashboard.ui import widgets

    def broken() -> None:
        raise KeyError("w_peers")

    monkeypatch.setattr(widgets, "_reset", broken)
    at = run_page("overview", themes="talent")
    at.sidebar.button(key="reset_filters").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [t("action_failed", "zh")]
    assert at.sidebar.multiselect(key="w_themes").value == ["talent"]  # the view from before the action
    at.run()
    assert not at.error  # said once


def test_a_link_that_cannot_be_read_opens_the_default_view_with_our_own_line(monkeypatch):
    """The last resort around reading the link: whatever fails there, the app is still usable."""
    from dashboard.i18n import t
    from dashboard.ui import url_state

    def broken(params, dataset):
        raise RuntimeError("unforeseen")

    monkeypatch.setattr(url_state, "parse_query_params", broken)
    from dashboard.ui import state

    monkeypatch.setattr(state, "parse_query_params", broken)
    at = run_page("compare", themes="talent")
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [t("link_failed", "zh")]
    assert at.sidebar.multiselect(key="w_themes").value == []
    assert at.title


def test_a_bound_widget_whose_state_was_dropped_keeps_the_view():
    """The callback of a bound widget may run after Streamlit dropped the widget's own state."""

    def script() -> None:
        import streamlit as st

        from dashboard.ui import state

        st.session_state["peers"] = ["mianyang"]
        st.session_state.pop("w_peers", None)
        state.copy_widget_value("peers")
        st.write(repr(st.session_state["peers"]))

    at = AppTest.from_function(script).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.markdown[0].value == "['mianyang']"


@pytest.mark.parametrize("page_key", ["profile", "overview"])
def test_dataset_text_never_sits_in_an_html_block(page_key):
    """A blank line in a headline or a figure's name would end an HTML block and the rest would be Markdown: the
    headline and the figure cards are escaped Markdown, sized by the page style."""
    at = run_page(page_key, region="mianyang")
    assert not at.exception
    assert not [m.value[:60] for m in at.markdown if m.proto.allow_html]
    if page_key == "profile":  # the headline is there, as escaped Markdown
        assert any(m.value.startswith("以科技人才") for m in at.markdown)


def test_a_typed_in_homes_name_and_themes_stay_with_its_figures_across_pages():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["home"] = "custom"
    at.query_params["peers"] = "ningxia"
    at.switch_page("dashboard/views/benchmark.py")
    _typed(at, [TYPED])
    at.text_input(key="bench_custom_name").input("Anytown").run()
    at.multiselect(key="bench_custom_themes").set_value(["talent"]).run()
    at.switch_page("dashboard/views/overview.py").run()
    at.switch_page("dashboard/views/benchmark.py").run()
    assert not at.exception
    assert at.text_input(key="bench_custom_name").value == "Anytown"
    assert at.multiselect(key="bench_custom_themes").value == ["talent"]
    assert "Anytown" in at.dataframe[-1].value["home"].iloc[0]


def test_a_typed_in_value_out_of_its_range_is_not_used():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["home"] = "custom"
    at.query_params["peers"] = "ningxia"
    at.switch_page("dashboard/views/benchmark.py")
    _typed(at, [{**TYPED, "value": "1e308"}, {**TYPED, "value": "1000", "label": "b"}])
    assert not at.exception
    problems = at.text[0].value
    assert "第 1 行 · value：不是数字" in problems and "第 2 行 · value：超出这一单位可取的范围（0–100）" in problems


def _editor_columns(at: AppTest) -> dict:
    """The typed-in home's table: each column's header and its options' labels."""
    editor = next(e for e in at.main.get("arrow_data_frame") + at.main.get("dataframe")
                  if "indicator" in json.loads(e.proto.columns))
    return {code: (config.get("label"), [o["label"] for o in (config.get("type_config") or {}).get("options", [])])
            for code, config in json.loads(editor.proto.columns).items() if code != "_index"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_typed_in_home_table_speaks_the_interface_language_not_codes(lang):
    """Issue 24: headers `indicator, value, unit, …`, options as codes and "None" in empty cells."""
    at = run_page("benchmark", home="custom", lang=lang)
    assert not at.exception
    columns = _editor_columns(at)
    codes = {"indicator", "value", "unit", "qualifier", "kind", "scope", "scope_text", "basis", "period"}
    assert not codes & {label for label, _ in columns.values()}, columns
    for code in ("unit", "qualifier", "kind", "scope", "basis"):
        labels = columns[code][1]
        assert labels[0] == ("请选择…" if lang == "zh" else t("bench_choose", "en"))  # an empty cell, never "None"
        assert "None" not in labels
        assert lang == "en" or not {"exact", "stock", "region", "point"} & set(labels)  # English names can be codes
    assert ("全域" if lang == "zh" else "whole region") in columns["scope"][1]
    assert ("个/项/家" if lang == "zh" else "person-times") in columns["unit"][1]


def test_a_first_visit_to_the_benchmark_shows_an_example_chart():
    at = run_page("benchmark")
    assert not at.exception
    assert at.get("plotly_chart"), "a chart before home and peers are chosen"
    assert any(c.value.startswith("示例：") for c in at.main.caption)
    assert "home" not in at.query_params and "peers" not in at.query_params  # an example writes nothing


def test_a_measure_opened_in_the_picker_is_drawn_selected_in_the_table():
    """Issue 24: opening a measure with the picker left its row unselected (a drawn table keeps its own
    selection), so the table is drawn afresh with that row selected."""
    at = run_page("measures")
    before = at.dataframe[0].proto.id
    at.selectbox(key="w_measure_pick").select_index(40).run()
    assert not at.exception
    table = at.dataframe[0].proto
    assert table.id != before
    assert json.loads(table.selection_default)["selection"]["rows"] == [40]
    assert at.dataframe[0].value.iloc[40]["title"].replace("“", "") in " ".join(
        s.value.replace("\\", "").replace("“", "") for s in at.main.subheader)


def test_shared_links_keep_the_order_of_charts_and_peers_and_mark_the_linked_cell(dataset):
    """Issue 24: ind= and peers= came back re-sorted; a matrix cell opened by cell= was not marked on the chart."""
    order = ["tech_contract_value", "rd_active_share", "tech_commissioners"]
    at = run_page("compare", ind=",".join(order))
    assert not at.exception
    assert at.multiselect(key="w_indicators").value == order
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    names = [dataset.indicator(code).name.zh for code in order]
    shown = [next(i for i, title in enumerate(titles) if title.startswith(name)) for name in names]
    assert shown == sorted(shown), titles
    bench = run_page("benchmark", home="quzhou", peers="ningxia,haishu,mianyang")
    assert not bench.exception
    assert bench.multiselect(key="w_peers").value == ["ningxia", "haishu", "mianyang"]
    overview = run_page("overview", cell="mianyang.talent")
    spec = json.loads(overview.get("plotly_chart")[0].proto.spec)
    [trace] = [tr for tr in spec["data"] if tr.get("customdata")]
    assert [trace["customdata"][i] for i in trace["selectedpoints"]] == [["mianyang", "talent"]]


@pytest.mark.parametrize(("page_key", "query"), [("compare", {}), ("benchmark", {"home": "custom"}),
                                                 ("benchmark", {"home": "quzhou"}), ("measures", {}),
                                                 ("side_by_side", {})])
def test_no_multiselect_offers_an_english_select_all_row(page_key, query):
    """Issue 24: "Select all" in Compare's 比较哪些指标, Streamlit's own English label."""
    at = run_page(page_key, **query)
    assert not at.exception
    boxes = at.get("multiselect")
    assert boxes and all(box.proto.select_all == 0 for box in boxes), [b.label for b in boxes if b.proto.select_all]


def test_the_indicator_picker_never_says_all_when_none_is_chosen():
    at = run_page("compare", ind="")
    picker = at.multiselect(key="w_indicators")
    assert picker.value == [] and picker.placeholder == "选择指标…"


def test_about_in_chinese_shows_no_raw_english_validator_line():
    at = run_page("about")
    captions = " ".join(c.value for c in at.main.caption)
    assert "→ `OK" not in captions and " regions, " not in captions
    assert "python -m dashboard validate" in captions and "Upload" in captions  # named once, as Streamlit's


def test_compare_says_in_words_when_only_one_region_reports_money_or_an_indicator():
    """Issue 24: asked "which region invests most in talent" the page showed counts of measures and never said
    that only Mianyang reports talent money."""
    at = run_page("compare", themes="talent")
    assert not at.exception
    info = " ".join(i.value for i in at.main.info)
    assert "只有绵阳报告了资助、基金或信贷的金额" in info and "不是金额" in info
    en = run_page("compare", themes="talent", lang="en")
    assert "only Mianyang reports amounts of grants" in " ".join(i.value.replace("\\", "") for i in en.main.info)
    linked = run_page("compare", ind="dedicated_fund,tech_contract_value")
    warning = " ".join(w.value.replace("\\", "") for w in linked.main.warning)
    assert "“专项资金/基金规模”：所选地区中只有绵阳报告" in warning and "dedicated_fund" not in warning


def test_a_chosen_matrix_cell_lists_its_measures_at_full_width_and_the_phone_text_points_up():
    """Issue 24: the chosen cell's measures sat in a 270 px column beside a wide empty area, and the phone's text
    pointed to a chart "on the left"."""
    at = run_page("overview", cell="mianyang.talent")
    assert not at.exception
    listed = [m.value for m in at.main.markdown if m.value.startswith("- **")]
    assert listed
    in_columns = [m.value for column in at.main.columns for m in column.markdown]
    assert not set(listed) & set(in_columns)
    assert "左侧" not in t("matrix_none_selected_phone", "zh") + t("matrix_pick_placeholder_phone", "zh")



def test_a_figures_source_link_marks_the_number_inside_its_sentence(dataset):
    """Issue 24: "在原文中查看" for one figure marked a five-line sentence without pointing at the number."""
    _region, measure = dataset.measures_by_id["quzhou-three-zeros"]
    for number, figure in enumerate(measure.figures, start=1):
        at = run_page("source", quote=f"quzhou-three-zeros.{number}")
        assert not at.exception
        bodies = " ".join(h.proto.body for h in at.get("html"))
        found = re.search(r'<mark class="source-quote">.*?<mark class="source-number">(.*?)</mark>', bodies, re.S)
        assert found and re.sub(r"\s", "", found.group(1)) == re.sub(r"\s", "", figure.as_printed), figure.as_printed
    assert figure.as_printed in " ".join(c.value for c in at.main.caption).replace("\\", "")


def test_soil_cadmium_and_ph_read_as_measurements_not_stocks():
    """Issue 24: soil cadmium and pH were labelled 存量/累计 although they are measurements."""
    at = run_page("profile", region="quzhou")
    assert not at.exception
    captions = [c.value for c in at.main.caption]
    assert any("测量值" in c for c in captions)
    compare = run_page("compare", regions="quzhou,ningxia")
    table = next(df.value for df in compare.dataframe if "kind_name" in df.value.columns)
    soil = table[table["name"].str.contains("土壤")]
    assert len(soil) and set(soil["kind_name"]) == {"测量值"}
