"""数据与方法 About: the source and citation, definitions, glossary, comparability rules, validation, adding a region."""

import pandas as pd
import streamlit as st

from dashboard import frames
from dashboard.i18n import UNIT_NAMES, pick, t
from dashboard.numbers import QUALIFIER_MARKS, QUALIFIER_NAMES
from dashboard.text import escape_markdown
from dashboard.ui import widgets

data, view = widgets.page_context()
lang, d = view.lang, data.dataset

RULES = {
    "zh": """
- **只比同一指标。** 只有两个及以上地区报告了同一指标代码，才会并排比较；口径不同的数字使用不同指标。
- **保留限定词。** “近”记为约数（≈），“余/多/超过/突破/以上”记为下限（≥），“预计”记为预计值，“最高/可达”记为上限；图表标签照此显示。
- **单位统一。** 数值以基本单位保存（25.6万名 → 256000 人，80亿元 → 8000000000 元），显示时按中文习惯换算为万、亿。
- **口径与时期。** 每个数据标明口径（存量/累计、当期新增、比率、排名、变化量）和时期；同一指标的数据口径不同时，条形以斜纹区分并在副标题说明，口径或时期不同都会在图下提示。
- **只把数量画成条形。** 各地区自有数据图只画个数、人数、人次和金额；比率、排名、变化量以文字列在图下，以免名次或比例被当作“越长越多”。
- **数值悬殊时用对数刻度。** 最大值超过最小值 50 倍时，横轴改为对数刻度并在副标题注明。
- **可追溯。** 每个数字都附原文句子，校验器逐条核对原文与数字。
""",
    "en": """
- **Only like with like.** Figures are set side by side only when two or more regions report the same indicator code; numbers with different scopes get different indicators.
- **Qualifiers are kept.** 近 (nearly) is stored as approximate (≈); 余/多/超过/突破/以上 (over, more than) as a lower bound (≥); 预计 as expected; 最高/可达 (up to) as an upper bound. Chart labels show them.
- **Units are normalised.** Values are stored in base units (25.6万名 → 256,000 people; 80亿元 → 8,000,000,000 yuan) and shown scaled (万/亿 in Chinese, m/bn in English).
- **Kind and period.** Every figure says whether it is a stock, new in the period, a rate, a rank or a change, and for which period. Where one indicator's figures differ in kind, the bars are hatched and the subtitle says which is which; a note appears under a chart whose figures differ in kind or period.
- **Only amounts are drawn as bars.** The charts of each region's own figures show counts, people, person-times and yuan; shares, ranks and changes are listed as text under them, so a rank or a share is never read as "longer is more".
- **Log scale for very different sizes.** When the largest value is 50 or more times the smallest, the value axis is logarithmic and the subtitle says so.
- **Traceable.** Every number carries its source sentence; the validator checks each sentence and number against the source text.
""",
}
ADD_REGION = {
    "zh": """
1. 将新的来源文件放入 `data/sources/`，并在 `data/measures.yaml` 的 `sources` 中登记。
2. 在 `regions` 下新增一个地区（`id` 用小写英文），逐条录入举措；每个数字写明 `as_printed`（原文数字）与 `quote`（原文句子）。
3. 尽量复用已有指标代码；确需新指标时在 `indicators` 中定义。
4. 运行 `python -m dashboard.validate`，按 `文件:行:列` 提示修正直至通过；看板会自动读取修改后的文件。
5. 在 `tests/test_dataset.py` 中登记该地区的数据点数。
""",
    "en": """
1. Put the new source document in `data/sources/` and register it under `sources` in `data/measures.yaml`.
2. Add the region under `regions` (a lowercase ascii `id`) with its measures; give every number its `as_printed` text and its `quote` (the source sentence).
3. Reuse existing indicator codes where the figure measures the same thing; define new ones under `indicators` only when none fits.
4. Run `python -m dashboard.validate` and fix what it reports (`file:line:col`) until it passes; the dashboard picks up the edited file by itself.
5. Pin the region's figure count in `tests/test_dataset.py`.
""",
}

st.title(t("page_about", lang))

st.subheader(t("about_source", lang))
for source in d.sources:
    st.markdown(f"**{escape_markdown(pick(source, 'title', lang))}** — {escape_markdown(pick(source, 'publisher', lang))}")
    st.markdown(escape_markdown(pick(source, "covers", lang)))
    st.markdown(f"{t('about_citation', lang)}: {escape_markdown(pick(source, 'citation', lang))}  \n"
                f"{escape_markdown(f'data/{source.file}')}")

st.subheader(t("about_rules", lang))
st.markdown(RULES[lang])
st.table(pd.DataFrame({
    t("code", lang): list(QUALIFIER_NAMES[lang]),
    t("qualifier", lang): list(QUALIFIER_NAMES[lang].values()),
    t("chart_mark", lang): [QUALIFIER_MARKS[lang][code].strip() or "—" for code in QUALIFIER_NAMES[lang]],
}).set_index(t("code", lang)))

# the definitions say how much of the current selection each theme and indicator covers
in_view = frames.filter_frame(data.measures, view.filters)
figures_in_view = frames.filter_frame(data.figures, view.filters)
theme_use = in_view["themes"].explode().value_counts()
indicator_use = figures_in_view["indicator"].value_counts()

st.subheader(t("about_themes", lang))
st.table(pd.DataFrame([{
    t("code", lang): th.code, t("theme", lang): getattr(th, lang), t("core_theme", lang): "✓" if th.core else "",
    t("in_view", lang): ("✓ " if th.code in view.themes else "") + str(int(theme_use.get(th.code, 0))),
    t("definition", lang): getattr(th, f"definition_{lang}"),
} for th in d.themes]).set_index(t("code", lang)))

st.subheader(t("about_indicators", lang))
st.table(pd.DataFrame([{
    t("code", lang): i.code, t("indicator", lang): getattr(i, lang), t("unit", lang): UNIT_NAMES[lang][i.unit],
    t("in_view", lang): int(indicator_use.get(i.code, 0)), t("definition", lang): getattr(i, f"definition_{lang}"),
} for i in d.indicators]).set_index(t("code", lang)))

st.subheader(t("about_glossary", lang))
st.table(pd.DataFrame([{
    t("term", lang): g.zh, t("english", lang): g.en, t("explanation", lang): getattr(g, f"explanation_{lang}"),
} for g in d.glossary]).set_index(t("term", lang)))

st.subheader(t("about_validator", lang))
st.success(t("validator_ok", lang, regions=len(d.regions), measures=d.measure_count, figures=d.figure_count,
             themes=len(d.themes), indicators=len(d.indicators)), icon=":material/verified:")
st.caption(f"`python -m dashboard.validate` → `OK data/measures.yaml: {data.summary}`")

st.subheader(t("about_add_region", lang))
st.markdown(ADD_REGION[lang])
