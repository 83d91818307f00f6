"""数据与方法 About: the source and citation, definitions (themes, instruments, target groups, indicators), glossary
with links to the measures that use each term, comparability rules, the status rule, validation, adding a region."""

from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.analysis import frames
from dashboard.data.numbers import QUALIFIER_MARKS, QUALIFIER_NAMES
from dashboard.data.text import escape_markdown
from dashboard.data.vocab import SCOPES, STATUSES, TIME_BASES
from dashboard.i18n import BASIS, SCOPE, STATUS, UNIT_NAMES, t
from dashboard.ui import data as app_data
from dashboard.ui import widgets
from dashboard.ui.pages import PAGE_FILES
from dashboard.ui.url_state import ViewState, to_query_params

data, view = widgets.page_context()
lang, d = view.lang, data.dataset

RULES = {
    "zh": """
- **只把同一回事放在同一坐标轴上。** 两个数字只有在指标、单位、口径类型（存量/新增/比率/排名/变化）、覆盖范围和时间口径都一致，且都不是预计值时，才画在同一坐标轴上比较。
- **覆盖范围。** 每个数字标明它覆盖的是全域、某个试点或专项（如“2家赋权改革试点单位”）、某个群体（如“首批个人特派员”），还是比本地区更大的区域（背景，如“浙江山区26县”，从不作为本地区的数字画出）。两个地区的试点或专项不是同一群体，不作比较。
- **时间口径。** 时点数（年初、截至某时）、时期数（2023年全年、1—10月）与累计数（自试点以来）互不比较；时点数须同一年，时期数须为同一时期（时长与截止月份都相同：2022年与2023年的全年数不作比较），累计数须起止相同。
- **领先/落后只在同一时间之间判断。** 对标页只在双方时间为同一时点或完全相同的时段时判“领先”“落后”；衡量同一事物但时间不同的一对数字（如衢州1—10月的77.8%与宁夏2023年的41.2%）并列双方时间，注明“时间口径不同，不作领先/落后判断”。
- **不可比时分开显示。** 同一指标的数字口径不一致时，图表标题区注明“口径不同，不宜直接比较”，各组用各自的坐标轴；没有可比对象的数字只列数值，不画长短。每个标签旁写明覆盖范围与时间。
- **不用对数轴画条形。** 数值相差 50 倍以上时，改用带标签的点；排名、变化量、测量值也用点表示。
- **前后对比画成箭头。** 同一事项的前值与后值（如 68% → 77.8%、第11位 → 第2位）画成由前指向后的箭头。
- **保留限定词。** “近/约”记为约数（≈），“余/多/超过/突破/以上”记为下限（≥），“预计”记为预计值（句中“预计”管到的数字都算），“最高/可达”记为上限；表述有歧义的数字（如“提高了2倍”）同时给出两种读法。
- **名称里的数字不是数据。** “科创十条”“五大产业技术研究院”“三清零”等名称中的数字、文件和日期，列入来源的“未收录数字”并注明原因，不画图。
- **单位统一。** 数值以基本单位保存（25.6万名 → 256000 人，80亿元 → 8000000000 元），显示时换算为万、亿。
- **可追溯。** 每个数字都附原文句子，校验器逐条核对原文与数字；导出的数据表有“可比组”一列，同组才可直接比较。
""",
    "en": """
- **Only like with like on one axis.** Two numbers share an axis only when their indicator, unit, kind (stock, new, rate, rank, change), scope and time basis agree and neither is a forecast.
- **Scope.** Every number says what it covers: the whole region; one pilot or programme (e.g. "2 pilot institutions"); a sub-group (e.g. "first batch of individual commissioners"); or a wider area than the region (context such as "Zhejiang's 26 mountain counties", never drawn as the region's own). Two regions' pilots or programmes are different populations and are not compared.
- **Time basis.** Levels at a point in time (start of year, as of a date), flows within a period (full year 2023, Jan–Oct) and running totals (since a pilot began) are never compared with each other; points must be in the same year, spans the very same span (same length, ending in the same month: a 2022 flow is not set beside a 2023 one), running totals over the same period.
- **Leads and trails only at the same time.** The Benchmark judges a lead or a trail only when both figures are at the same point or over the very same span; a pair that measures the same thing at different times (Quzhou's January–October 77.8% beside Ningxia's 2023 41.2%) is shown with both periods and "Periods differ: no lead or trail is judged".
- **Shown apart when not comparable.** When one indicator's figures differ, the chart's title area says "Not directly comparable" and each group gets its own axis; a figure with nothing comparable is listed by value, not drawn to scale. Every label carries its scope and time.
- **No bars on a log axis.** When values differ 50-fold or more, labelled dots replace bars; ranks, changes and measurements are dots too.
- **Before and after as arrows.** Two readings of the same thing (68% → 77.8%, 11th → 2nd) are drawn as an arrow from the earlier to the later.
- **Qualifiers are kept.** 近/约 (nearly) is approximate (≈); 余/多/超过/突破/以上 (over) a lower bound (≥); 预计 expected, for every number of its clause; 最高/可达 (up to) an upper bound. An ambiguous wording (提高了2倍: 2× or 3×) shows both readings.
- **Numbers in names are not figures.** 科创十条, 五大产业技术研究院, 三清零 and the like, and document numbers and dates, are listed under the source's left-out numbers with the reason, and never charted.
- **Units are normalised.** Values are stored in base units (25.6万名 → 256,000 people; 80亿元 → 8,000,000,000 yuan) and shown scaled (万/亿 in Chinese, m/bn in English).
- **Traceable.** Every number carries its source sentence; the validator checks each against the source text. Exported figures have a comparison_group column: only figures of the same group compare directly.
""",
}
ADD_REGION = {
    "zh": """
1. 将新的来源文件放入 `data/sources/`。
2. 起草：`python -m dashboard draft data/sources/新文件.txt -o data/draft.yaml --region 地区id`。草稿按来源的标题分地区、按段落和条目（一是、（1）、——）分举措，每个数字都成为一个数据（数值、单位、限定词、口径与时间的猜测、建议的指标代码及把握程度）或一条“未收录数字”（日期、名称、时长）。
3. 审核：`python -m dashboard validate data/draft.yaml` 按 `文件:行:列` 列出每个以 `TODO:` 开头、需要人来定的字段；逐一填写（选定指标、标题、摘要、主题、政策工具与对象、状态、地区信息），删去不是成效的数字或将其移到 `left_out` 并写明原因。
4. 合并：把草稿中的 `sources` 条目和 `regions` 复制到 `data/measures.yaml`（主题、政策工具、对象与指标只是为了让草稿能单独校验而复制，不要合并）；新指标加到 `indicators`。
5. 运行 `python -m dashboard validate`：除原有检查外，来源里每个数字都必须是某个数据或某条“未收录数字”；通过后看板自动读取。在 `tests/test_dataset.py` 中登记该地区的数据点数。
""",
    "en": """
1. Put the new source document in `data/sources/`.
2. Draft: `python -m dashboard draft data/sources/NEW.txt -o data/draft.yaml --region ID`. The draft splits the source into regions at its headings and into measures at its paragraphs and items (一是, （1）, ——); every number becomes a figure (value, unit, qualifier, a guessed kind and time basis, suggested indicator codes with how sure each is) or a left-out entry (dates, names, durations).
3. Review: `python -m dashboard validate data/draft.yaml` lists, by `file:line:col`, every field starting with `TODO:` that a person must decide; fill each in (indicator, titles, summaries, themes, instruments and target groups, status, the region's facts), and drop numbers that are not results or move them to `left_out` with a reason.
4. Merge: copy the draft's `sources` entry and its `regions` into `data/measures.yaml` (its themes, instruments, target groups and indicators are copies that let the draft validate alone: do not merge them); add new indicators under `indicators`.
5. Run `python -m dashboard validate`: besides the other checks, every number of a source must be a figure or a left-out entry. Then pin the region's figure count in `tests/test_dataset.py`.
""",
}

SOURCES_IN_FULL = 3  # more sources than this are listed as one table

st.title(t("page_about", lang))

st.subheader(t("about_source", lang))
used = app_data.source_use(data)
if len(d.sources) <= SOURCES_IN_FULL:  # each source's citation in full
    for source in d.sources:
        st.markdown(f"**{escape_markdown(source.title.text(lang))}** — "
                    f"{escape_markdown(source.publisher.text(lang))}")
        regions, figures = used.get(source.id, (set(), 0))
        st.caption(t("about_source_use", lang, regions=len(regions), figures=figures, left_out=len(source.left_out)))
        widgets.citation(source, lang)
        st.page_link(PAGE_FILES["source"], label=t("page_source", lang), icon=":material/description:",
                     query_params=to_query_params(replace(view, source=source.id), "source"))
else:  # a digest a year for hundreds of regions: one table, sortable, rather than thousands of lines
    st.caption(t("about_sources_table", lang, n=len(d.sources)))
    not_given = t("not_given", lang)
    st.dataframe(pd.DataFrame([{
        "title": source.title.text(lang),  # what a reader scans for first, the long coverage text last
        "link": "source?" + urlencode(to_query_params(replace(view, source=source.id), "source")),
        "regions": len(used.get(source.id, (set(), 0))[0]), "figures": used.get(source.id, (set(), 0))[1],
        "left_out": len(source.left_out), "publisher": source.publisher.text(lang),
        "issue": source.issue or not_given, "date": source.date or not_given, "covers": source.covers.text(lang),
    } for source in d.sources]), hide_index=True, width="stretch", key="about_sources", column_config={
        "title": st.column_config.TextColumn(t("source_title", lang), width="medium"),
        "publisher": t("publisher", lang), "issue": t("source_issue", lang), "date": t("source_date", lang),
        "covers": st.column_config.TextColumn(t("covers", lang), width="large"),
        "regions": t("source_use_regions", lang), "figures": t("source_use_figures", lang),
        "left_out": t("source_use_left_out", lang),
        "link": st.column_config.LinkColumn(t("page_source", lang), display_text=t("open_source_link", lang)),
    })

st.subheader(t("about_rules", lang))
st.markdown(RULES[lang])
st.table(pd.DataFrame({
    t("code", lang): list(QUALIFIER_NAMES[lang]),
    t("qualifier", lang): list(QUALIFIER_NAMES[lang].values()),
    t("chart_mark", lang): [QUALIFIER_MARKS[lang][code].strip() or "—" for code in QUALIFIER_NAMES[lang]],
}).set_index(t("code", lang)))

st.subheader(t("about_status", lang))
st.markdown(t("about_status_rule", lang))
status_use = data.measures["status"].value_counts()
st.table(pd.DataFrame([{
    t("code", lang): code, t("status", lang): STATUS[lang][code], t("n_measures", lang): int(status_use.get(code, 0)),
} for code in STATUSES]).set_index(t("code", lang)))

st.subheader(t("about_scopes", lang))
st.table(pd.DataFrame(
    [{t("code", lang): code, t("scope_col", lang): SCOPE[lang][code], t("time_col", lang): ""} for code in SCOPES]
    + [{t("code", lang): code, t("scope_col", lang): "", t("time_col", lang): BASIS[lang][code]}
       for code in TIME_BASES]
).set_index(t("code", lang)))

# the definitions say how much of the current selection each theme and indicator covers
in_view = frames.filter_frame(data.measures, view.filters)
figures_in_view = frames.filter_frame(data.figures, view.filters)
theme_use = in_view["themes"].explode().value_counts()
indicator_use = figures_in_view["indicator"].value_counts()

st.subheader(t("about_themes", lang))
st.table(pd.DataFrame([{
    t("code", lang): th.code, t("theme", lang): th.name.text(lang), t("core_theme", lang): "✓" if th.core else "",
    t("in_view", lang): ("✓ " if th.code in view.themes else "") + str(int(theme_use.get(th.code, 0))),
    t("definition", lang): th.definition.text(lang),
} for th in d.themes]).set_index(t("code", lang)))

st.subheader(t("about_instruments", lang))
st.markdown(t("about_tags_intro", lang))
for section, title, chosen in (("instruments", None, view.instruments),
                               ("target_groups", "about_target_groups", view.target_groups)):
    if title:
        st.subheader(t(title, lang))
    use = in_view[section].explode().value_counts()
    st.table(pd.DataFrame([{
        t("code", lang): entry.id, t(section.removesuffix("s"), lang): entry.name.text(lang),
        t("in_view", lang): ("✓ " if entry.id in chosen else "") + str(int(use.get(entry.id, 0))),
        t("definition", lang): entry.definition.text(lang),
    } for entry in getattr(d, section)]).set_index(t("code", lang)))

st.subheader(t("about_indicators", lang))
st.table(pd.DataFrame([{
    t("code", lang): i.code, t("indicator", lang): i.name.text(lang), t("unit", lang): UNIT_NAMES[lang][i.unit],
    t("in_view", lang): int(indicator_use.get(i.code, 0)), t("definition", lang): i.definition.text(lang),
} for i in d.indicators]).set_index(t("code", lang)))

st.subheader(t("about_glossary", lang))
uses = app_data.glossary_uses(data)
st.table(pd.DataFrame([{
    t("term", lang): g.term.zh, t("english", lang): g.term.en, t("glossary_used_by", lang): len(uses[g.term.zh]),
    t("explanation", lang): g.explanation.text(lang),
} for g in d.glossary]).set_index(t("term", lang)))
used = [g for g in d.glossary if uses[g.term.zh]]
if used:  # each term opens Measures searching for it: the same search that counted its measures above
    st.markdown(f"**{t('glossary_links', lang)}**")
    st.caption(t("glossary_links_hint", lang))
    slots = st.columns(4)
    for index, g in enumerate(used):
        target = replace(ViewState(lang=lang), keyword=frames.glossary_keyword(g.term.zh))
        slots[index % 4].page_link(PAGE_FILES["measures"], query_params=to_query_params(target, "measures"),
                                   label=escape_markdown(t("glossary_link", lang, term=g.term.zh, n=len(uses[g.term.zh]))))

st.subheader(t("about_left_out", lang))
st.caption(t("about_left_out_hint", lang))
left_out = app_data.left_out(data, lang)
if len(d.sources) > SOURCES_IN_FULL:  # tens of thousands of numbers at scale: one source's at a time
    titles = d.names("sources", lang, "title")
    chosen = st.selectbox(t("left_out_of_source", lang, n=len(d.sources)), options=list(titles),
                          format_func=titles.get, key="about_left_out_source")
    left_out = left_out[left_out["source_id"] == chosen]
if len(left_out):  # each with a link to its sentence in the source
    st.dataframe(left_out.assign(source_link=widgets.source_urls(view, zip(left_out["source_id"], left_out["ref"],
                                                                          strict=True))).drop(columns=["source_id", "ref"]),
                 hide_index=True, width="stretch", key="about_left_out",
                 column_config={"as_printed": t("as_printed", lang), "reason": t("reason", lang),
                                "note": t("note", lang), "quote": st.column_config.TextColumn(t("quote", lang),
                                                                                               width="large"),
                                "source_link": widgets.source_link_column(lang)})

st.subheader(t("about_validator", lang))
st.success(t("validator_ok", lang, regions=len(d.regions), measures=d.measure_count, figures=d.figure_count,
             themes=len(d.themes), instruments=len(d.instruments), target_groups=len(d.target_groups),
             indicators=len(d.indicators)), icon=":material/verified:")
# the command's own output is English (a maintainer's tool): named here, not pasted into the page
st.caption(t("validator_command", lang, command="`python -m dashboard validate`"))
st.caption(t("streamlit_english_note", lang))

st.subheader(t("about_add_region", lang))
st.markdown(ADD_REGION[lang])
