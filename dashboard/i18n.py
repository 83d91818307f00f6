"""zh/en labels in one place. Chinese first; every key must exist in both languages (tested)."""

from __future__ import annotations

from collections.abc import Iterable

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "app_title": "区域科创举措对比看板",
        "app_tagline": "各地区推动科技创新的举措、数字与原文出处",
        "regions_and_more": "{names}等 {n} 个地区",
        "language": "语言 / Language",
        "filters": "筛选",
        "themes": "主题",
        "themes_help": "不选即全部主题；一项举措可属多个主题，命中任一即显示。",
        "regions": "地区",
        "regions_help": "不选即全部地区。",
        "all": "全部",
        "reset": "重置筛选",
        "share_link": "分享当前视图：复制浏览器地址栏中的链接即可。",
        "page_overview": "总览",
        "page_compare": "对比",
        "page_measures": "举措库",
        "page_profile": "地区档案",
        "page_about": "数据与方法",
        "notice_ignored": "链接中的参数 {param}={value} 无法识别，已忽略。",
        "dataset_broken": "数据集未通过校验，看板暂不能显示。请修正以下问题后刷新：",
        "n_regions": "地区",
        "n_measures": "举措",
        "n_figures": "数据点",
        "n_indicators": "指标",
        "matrix_title": "各地区举措的主题分布",
        "matrix_hint": "点击格子或用右侧的选择框查看对应举措；一项举措属多个主题时在每个主题下各计一次。",
        "matrix_row_header_region": "地区",
        "matrix_row_header_province": "省份",
        "matrix_row_header_level": "层级",
        "matrix_hint_phone": "表格可左右滑动；用下面的选择框查看某一格的举措。一项举措属多个主题时在每个主题下各计一次。",
        "matrix_selected": "{region} · {theme}：{n} 项举措",
        "matrix_none_selected": "点击左侧格子或在上面的选择框中选一个格子，即可在此列出对应举措。",
        "open_in_measures": "在举措库中打开",
        "region_cards": "地区速览",
        "key_figures": "关键数字",
        "view_profile": "查看档案",
        "source_line": "来源：{source}",
        "filters_line": "主题：{themes}｜地区：{regions}",
        "measures_count_axis": "举措数",
        "theme_mix_title": "主题结构：各地区每个主题的举措数",
        "shared_title": "共有指标：两个及以上地区报告的同一指标",
        "shared_none": "所选地区与主题下，没有两个及以上地区共同报告的指标。可增加地区或放宽主题。",
        "sidebar_only_notice": "本页只按侧栏的主题与地区筛选；关键词与状态筛选只作用于举措库。",
        "validator_ok": "校验通过：{regions} 个地区、{measures} 项举措、{figures} 个数据点、{themes} 个主题、{indicators} 个指标。",
        "keyword_placeholder": "如 包干制、孵化器、特派员",
        "cell_empty": "该地区没有这一主题的举措。",
        # change over time (profile): one indicator read at two points
        "about_source_use": "本来源用于 {regions} 个地区、{figures} 个数据；{left_out} 个数字列为未收录（日期、名称等）。",
        "changes_section": "前后变化",
        "changes_caption": "同一指标在两个时点的读数（举措前后，或两个年份/两期摘要）；悬停可见两处原文。",
        "figures_section": "数据",
        "chart_mark": "图表标记",
        "also_under": "同时属于：",
        "comparability": "可比性提示",
        # honest comparison (dashboard/comparison.py)
        "not_comparable": "⚠ 口径不同，不宜直接比较",
        "split_note": "分 {n} 组，各用各的坐标轴（{reasons}）",
        "list_title": "以下数字各自口径不同，只列数值，不画长短",
        "dots_note": "数值相差悬殊：以点表示，横轴为对数刻度，请以标签为准",
        "before_after_note": "箭头：由前值指向后值",
        "indicator_picker": "比较哪些指标",
        "indicator_picker_help": "默认列出至少两个所选地区有可比数据（同一指标、单位、口径、覆盖范围和时间口径）的指标；"
        "也可加选其他共有指标，口径不同的会分组显示。",
        "indicator_picker_none": "所选地区与主题下，没有两个及以上地区可直接比较的指标；可在上方加选共有指标，分组查看。",
        "theme_mix_legend": "{region}（{n} 项，按主题计 {k} 次）",
        "theme_mix_note": "举措数反映原文对各地着墨多少，不代表投入或成效；一项举措可属多个主题，在每个主题下各计一次。",
        "region_figures_title": "各地区数据一览",
        "region_figures_hint": "每个数字附覆盖范围与时间。不同指标不画在同一坐标轴上；标为“背景”的数字描述的是更大区域，不是本地区自己的数。",
        "scope_col": "覆盖范围",
        "time_col": "时间",
        "comparison_group": "可比组",
        "ambiguous_value": "{a}或{b}（表述有歧义）",
        "briefing_measures": "{region}：举措",
        "briefing_no_figures": "原文未给出{region}的量化数据；以下为其举措。",
        "matrix_rows": "矩阵的行",
        "cell_more": "另有 {n} 项，点下方链接在举措库中查看全部。",
        "matrix_rows_province": "按省份汇总",
        "matrix_rows_level": "按层级汇总",
        "matrix_rows_region": "逐个地区",
        "default_regions_note": "共 {total} 个地区，未选择时显示原文着墨最多的 {n} 个：{names}。在侧栏“地区”中可搜索、按省份添加或更改。",
        "add_province": "按省份添加地区",
        "add_province_placeholder": "选择省份…",
        "region_option": "{name}（{province}·{level}）",
        "cards_page": "页码（共 {pages} 页，每页 9 个地区）",
        "show_all_rows": "每张图显示全部地区",
        "top_rows_note": "按数值显示前 {n} 个，共 {total} 个；勾选“每张图显示全部地区”可查看全部。",
        "about_scopes": "覆盖范围与时间口径",
        "about_left_out": "原文中未收录为数据的数字",
        "about_left_out_hint": "这些数字出现在原文中，但不是可比较的数据（名称、文件、日期、背景等），因此不画图、不导出为数据点。",
        "reason": "原因",
        "no_figures_for": "{region}没有{themes}方面的数据。",
        "no_figures_region": "{region}没有量化数据。",
        "no_measures_for": "所选条件下没有举措。",
        "value": "数值",
        "indicator": "指标",
        "region": "地区",
        "theme": "主题",
        "measure": "举措",
        "title": "标题",
        "summary": "概要",
        "status": "状态",
        "quote": "原文",
        "as_printed": "原文数字",
        "qualifier": "限定",
        "kind": "口径",
        "period": "时期",
        "unit": "单位",
        "note": "说明",
        "figures": "数据",
        "keyword": "关键词",
        "keyword_help": "空格分隔的几个词须同时出现；用 | 或单独的“或”（OR）隔开表示任一即可，如“孵化器 | 包干制”。匹配中英文标题、概要与原文。",
        "status_filter": "状态",
        "rows_shown": "共 {n} 项举措",
        "select_row_hint": "点选表格中的一行（或用上方的“打开举措”），查看完整原文与数据。",
        "no_figures": "该举措没有量化数据。",
        "choose_region": "选择地区",
        "headline": "概述",
        "measures_by_theme": "按主题分组的举措",
        "show_quotes": "显示原文",
        "compare_link": "与其他地区对比",
        "about_source": "数据来源",
        "about_citation": "引用",
        "about_themes": "主题定义",
        "about_indicators": "指标定义",
        "about_glossary": "术语表",
        "about_rules": "可比性规则",
        "about_validator": "数据校验",
        "about_add_region": "如何新增地区",
        "code": "代码",
        "definition": "定义",
        "term": "术语",
        "english": "英文",
        "explanation": "解释",
        "core_theme": "核心主题",
        "level": "层级",
        "province": "所属省份",
        "chart_source": "来源：《科技情报参考》",
        "in_view": "当前筛选中",
        "page_failed": "此页面出现意外错误，已记录在服务器日志中。请调整筛选条件或刷新页面。",
        # exports (dashboard/export.py, dashboard/ui/downloads.py)
        "keyword_line": "关键词：{keyword}",
        "part_of": "（{i}/{n}）",
        "source_file": "原文文件：{file}",
        "publisher": "发布方",
        "covers": "覆盖范围",
        "briefing_title": "区域科创举措简报",
        "briefing_counts": "{measures} 项举措 · {figures} 个数据点 · {regions} 个地区",
        "briefing_generated": "生成日期：{date}",
        "briefing_key_figures": "{region}：关键数字",
        "briefing_sources": "资料来源",
        "briefing_caveat": "可比性：带“近、约、余、超过、预计、最高”的数字不是确数；存量与当期新增、不同时期、不同统计范围的数字不宜直接比较。",
        "export_title": "下载与导出",
        "export_rows": "当前视图：{measures} 项举措，{figures} 个数据点。以下下载均按当前筛选。",
        "export_empty": "当前筛选下没有数据，可下载的表格为空。",
        "download_measures_csv": "举措表（CSV）",
        "download_figures_csv": "数据点表（CSV）",
        "download_zip": "表格与说明（ZIP）",
        "download_zip_help": "measures.csv、figures.csv 与 README.txt（出处、筛选条件、列说明、可比性提示）。",
        "download_xlsx": "Excel 工作簿（XLSX）",
        "download_xlsx_help": "工作表：measures、figures、sources、filters。",
        "download_csv_help": "UTF-8 编码，Excel 可直接打开。",
        "download_full": "完整数据集（全部地区与主题，ZIP）",
        "download_full_help": "不受筛选影响：{measures} 项举措，{figures} 个数据点，含 README。",
        "download_pptx": "简报（PPTX）",
        "download_pptx_help": "点击后生成：标题页、各图表、各地区关键数字与资料来源；需数秒。",
        "chromium_missing": "无法生成简报：图表图片需要 Chromium 浏览器，本机未找到。请安装（Debian/Ubuntu：apt-get install chromium fonts-noto-cjk），或设置环境变量 BROWSER_PATH 指向 Chrome/Chromium 可执行文件。",
        "relax_themes": "全部主题中有 {n} 项 → 清除主题筛选",
        "relax_regions": "全部地区中有 {n} 项 → 清除地区筛选",
        "relax_statuses": "不限状态时有 {n} 项 → 清除状态筛选",
        "relax_all": "不限主题、地区与状态时有 {n} 项 → 清除这些筛选",
        "open_measure": "打开举措",
        "open_measure_placeholder": "选择一项举措，查看原文与数据",
        "open_measure_help": "可用键盘操作：Tab 移到此处，输入标题中的字或用方向键选择，回车打开。",
        "matrix_pick": "选择格子（地区 · 主题）",
        "matrix_pick_placeholder": "或在左侧图中点击格子",
        "matrix_cell_option": "{region} · {theme}（{n}）",
        "drilldown_banner": "已按总览中的格子设置筛选：{filters}。",
        "drilldown_cleared": "原有的关键词与状态筛选已清除。",
        "drilldown_undo": "撤销，恢复之前的筛选",
        "navigation": "页面",
    },
    "en": {
        "app_title": "Regional Innovation Measures Dashboard",
        "app_tagline": "What Chinese regions do to drive S&T innovation — the measures, the numbers and the source sentences",
        "regions_and_more": "{names} and others, {n} regions in all",
        "language": "语言 / Language",
        "filters": "Filters",
        "themes": "Themes",
        "themes_help": "None selected means all themes; a measure can have several themes and shows if any matches.",
        "regions": "Regions",
        "regions_help": "None selected means all regions.",
        "all": "All",
        "reset": "Reset filters",
        "share_link": "Share this view: copy the link in the browser's address bar.",
        "page_overview": "Overview",
        "page_compare": "Compare",
        "page_measures": "Measures",
        "page_profile": "Region profile",
        "page_about": "Data & method",
        "notice_ignored": "The link parameter {param}={value} was not recognised and has been ignored.",
        "dataset_broken": "The dataset failed validation, so the dashboard cannot show it. Fix these problems and reload:",
        "n_regions": "Regions",
        "n_measures": "Measures",
        "n_figures": "Figures",
        "n_indicators": "Indicators",
        "matrix_title": "Measures per theme in each region",
        "matrix_hint": "Click a cell, or use the box beside the chart, to list its measures; a measure with several themes counts once under each.",
        "matrix_row_header_region": "Region",
        "matrix_row_header_province": "Province",
        "matrix_row_header_level": "Level",
        "matrix_hint_phone": "Swipe the table sideways; use the box below to list a cell's measures. A measure with several themes counts once under each.",
        "matrix_selected": "{region} · {theme}: {n} measure(s)",
        "matrix_none_selected": "Click a cell in the chart or choose one in the box above to list its measures here.",
        "open_in_measures": "Open in Measures",
        "region_cards": "Regions at a glance",
        "key_figures": "Key figures",
        "view_profile": "Open profile",
        "source_line": "Source: {source}",
        "filters_line": "Themes: {themes} | Regions: {regions}",
        "measures_count_axis": "Measures",
        "theme_mix_title": "Theme mix: measures per theme in each region",
        "shared_title": "Shared indicators: the same indicator reported by two or more regions",
        "shared_none": "No indicator is reported by two or more of the selected regions under these themes. "
        "Add regions or widen the themes.",
        "sidebar_only_notice": "This page follows the sidebar's themes and regions; the keyword and status filters "
        "apply on Measures only.",
        "validator_ok": "Validation passed: {regions} regions, {measures} measures, {figures} figures, {themes} themes, "
        "{indicators} indicators.",
        "keyword_placeholder": "e.g. lump-sum, incubator, commissioner",
        "cell_empty": "This region has no measures under this theme.",
        # change over time (profile): one indicator read at two points
        "about_source_use": "Used by {regions} region(s) and {figures} figure(s); {left_out} of its numbers are left out "
                            "(dates, names and the like).",
        "changes_section": "Change over time",
        "changes_caption": "One indicator read at two points (before and after a measure, or two years or digests); "
                           "hover for both source sentences.",
        "figures_section": "Figures",
        "chart_mark": "Chart mark",
        "also_under": "Also under: ",
        "comparability": "Comparability",
        # honest comparison (dashboard/comparison.py)
        "not_comparable": "⚠ Not directly comparable",
        "split_note": "{n} separate panels, each with its own axis ({reasons})",
        "list_title": "Each of these differs from the others: values listed, not drawn to scale",
        "dots_note": "values differ by orders of magnitude: dots on a log scale; read the labels",
        "before_after_note": "arrows point from the earlier value to the later one",
        "indicator_picker": "Indicators to compare",
        "indicator_picker_help": "By default, the indicators on which at least two selected regions have comparable "
        "figures (same indicator, unit, kind, scope and time basis). Other shared indicators can be added; figures "
        "that differ are shown in separate panels.",
        "indicator_picker_none": "No indicator has directly comparable figures for two or more of the selected regions; "
        "add a shared indicator above to see its figures in separate panels.",
        "theme_mix_legend": "{region} ({n} measures, {k} by theme)",
        "theme_mix_note": "Counts reflect how much the source wrote about each region, not effort or results; a measure "
        "with several themes counts once under each.",
        "region_figures_title": "Each region's figures",
        "region_figures_hint": "Every number with its scope and time. Different indicators never share an axis; numbers "
        "marked as context describe a wider area, not the region itself.",
        "scope_col": "Scope",
        "time_col": "Time",
        "comparison_group": "Comparison group",
        "ambiguous_value": "{a} or {b} (ambiguous wording)",
        "briefing_measures": "{region}: measures",
        "briefing_no_figures": "The source gives no figures for {region}; its measures follow.",
        "matrix_rows": "Matrix rows",
        "cell_more": "{n} more: follow the link below to see them all in Measures.",
        "matrix_rows_province": "by province",
        "matrix_rows_level": "by level",
        "matrix_rows_region": "each region",
        "default_regions_note": "{total} regions; with none chosen, the {n} the source says most about are shown: "
        "{names}. Search, add a province or change them under Regions in the sidebar.",
        "add_province": "Add the regions of a province",
        "add_province_placeholder": "Choose a province…",
        "region_option": "{name} ({province} · {level})",
        "cards_page": "Page (of {pages}, nine regions each)",
        "show_all_rows": "Show every region in each chart",
        "top_rows_note": "the top {n} by value of {total}; tick “Show every region in each chart” to see them all.",
        "about_scopes": "Scope and time basis",
        "about_left_out": "Numbers in the source that are not figures",
        "about_left_out_hint": "These numbers appear in the source but are not figures to compare (names, documents, "
        "dates, context …), so they are never charted or exported as figures.",
        "reason": "Reason",
        "no_figures_for": "No {themes} figures for {region}.",
        "no_figures_region": "No quantified figures for {region}.",
        "no_measures_for": "No measures match these filters.",
        "value": "Value",
        "indicator": "Indicator",
        "region": "Region",
        "theme": "Theme",
        "measure": "Measure",
        "title": "Title",
        "summary": "Summary",
        "status": "Status",
        "quote": "Source text",
        "as_printed": "As printed",
        "qualifier": "Qualifier",
        "kind": "Kind",
        "period": "Period",
        "unit": "Unit",
        "note": "Note",
        "figures": "Figures",
        "keyword": "Keyword",
        "keyword_help": "Words separated by spaces must all appear; separate alternatives with | or a standalone OR to match any of them, e.g. “incubator | lump-sum”. Matches Chinese and English titles, summaries and source text.",
        "status_filter": "Status",
        "rows_shown": "{n} measure(s)",
        "select_row_hint": "Select a row in the table (or use “Open a measure” above) to see its full source text and figures.",
        "no_figures": "This measure has no quantified figures.",
        "choose_region": "Choose a region",
        "headline": "Headline",
        "measures_by_theme": "Measures by theme",
        "show_quotes": "Show source text",
        "compare_link": "Compare with the other regions",
        "about_source": "Source",
        "about_citation": "Citation",
        "about_themes": "Themes",
        "about_indicators": "Indicators",
        "about_glossary": "Glossary",
        "about_rules": "Comparability rules",
        "about_validator": "Validation",
        "about_add_region": "How to add a region",
        "code": "Code",
        "definition": "Definition",
        "term": "Term",
        "english": "English",
        "explanation": "Explanation",
        "core_theme": "Core theme",
        "level": "Level",
        "province": "Province",
        "chart_source": "Source: Sci-Tech Intelligence Reference (科技情报参考)",
        "in_view": "In current view",
        "page_failed": "This page hit an unexpected error; it has been logged on the server. "
        "Try other filters or reload the page.",
        # exports (dashboard/export.py, dashboard/ui/downloads.py)
        "keyword_line": "Keyword: {keyword}",
        "part_of": " ({i}/{n})",
        "source_file": "Source file: {file}",
        "publisher": "Publisher",
        "covers": "Coverage",
        "briefing_title": "Regional innovation measures: briefing",
        "briefing_counts": "{measures} measure(s) · {figures} figure(s) · {regions} region(s)",
        "briefing_generated": "Generated on {date}",
        "briefing_key_figures": "{region}: key figures",
        "briefing_sources": "Sources",
        "briefing_caveat": "Comparability: numbers printed with about / more than / expected / up to are not exact; "
        "stocks and new-in-period numbers, different periods and different scopes should not be compared directly.",
        "export_title": "Download & export",
        "export_rows": "Current view: {measures} measure(s), {figures} figure(s). The downloads below follow "
        "the current filters.",
        "export_empty": "Nothing matches the current filters; the tables would be empty.",
        "download_measures_csv": "Measures (CSV)",
        "download_figures_csv": "Figures (CSV)",
        "download_zip": "Tables + README (ZIP)",
        "download_zip_help": "measures.csv, figures.csv and README.txt (source, filters, column meanings, "
        "comparability caveats).",
        "download_xlsx": "Excel workbook (XLSX)",
        "download_xlsx_help": "Sheets: measures, figures, sources, filters.",
        "download_csv_help": "UTF-8, opens directly in Excel.",
        "download_full": "Full dataset (all regions and themes, ZIP)",
        "download_full_help": "Ignores the filters: {measures} measures, {figures} figures, with a README.",
        "download_pptx": "Briefing pack (PPTX)",
        "download_pptx_help": "Built when clicked: title, every chart, each region's key figures and the "
        "sources; takes a few seconds.",
        "chromium_missing": "The briefing pack cannot be built: chart images need the Chromium browser, which "
        "was not found. Install it (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk) or set "
        "BROWSER_PATH to a Chrome/Chromium executable.",
        "relax_themes": "{n} in all themes → clear the theme filter",
        "relax_regions": "{n} in all regions → clear the region filter",
        "relax_statuses": "{n} with any status → clear the status filter",
        "relax_all": "{n} without the theme, region and status filters → clear them",
        "open_measure": "Open a measure",
        "open_measure_placeholder": "Choose a measure to see its source text and figures",
        "open_measure_help": "Works from the keyboard: Tab to here, type part of a title or use the arrow keys, Enter opens it.",
        "matrix_pick": "Choose a cell (region · theme)",
        "matrix_pick_placeholder": "or click a cell in the chart",
        "matrix_cell_option": "{region} · {theme} ({n})",
        "drilldown_banner": "The Overview cell set these filters: {filters}.",
        "drilldown_cleared": "The keyword and status filters that were on have been cleared.",
        "drilldown_undo": "Undo: restore the previous filters",
        "navigation": "Pages",
    },
}

STATUS = {
    "zh": {"planned": "计划", "in_progress": "推进中", "achieved": "已取得成效"},
    "en": {"planned": "Planned", "in_progress": "In progress", "achieved": "Achieved"},
}
KIND = {
    "zh": {"stock": "存量/累计", "new": "当期新增", "rate": "比率", "rank": "排名", "change": "变化量"},
    "en": {"stock": "stock / cumulative", "new": "new in period", "rate": "rate", "rank": "rank", "change": "change"},
}
LEVEL = {
    "zh": {"city_cluster": "城市群", "province_region": "省级地区", "prefecture_city": "地级市", "district": "市辖区"},
    "en": {
        "city_cluster": "City cluster",
        "province_region": "Province-level region",
        "prefecture_city": "Prefecture-level city",
        "district": "Urban district",
    },
}
SCOPE = {
    "zh": {"region": "全域", "programme": "试点/专项", "subgroup": "部分群体", "wider_area": "更大区域（背景）"},
    "en": {"region": "whole region", "programme": "pilot / programme", "subgroup": "sub-group",
           "wider_area": "wider area (context)"},
}
BASIS = {
    "zh": {"point": "时点", "span": "时期内", "cumulative": "累计"},
    "en": {"point": "point in time", "span": "within a period", "cumulative": "cumulative"},
}
LEFT_OUT_REASON = {
    "zh": {"name": "名称中的数字", "document": "文件或条款编号", "date": "日期", "duration": "时长或届次",
           "ordinal": "序数", "context": "背景（非本地区）"},
    "en": {"name": "number in a name", "document": "document or clause number", "date": "date",
           "duration": "duration or edition", "ordinal": "ordinal", "context": "context (not the region's own)"},
}
# why figures of one indicator do not share an axis (comparison.REASONS)
REASON = {
    "zh": {"unit": "单位不同", "kind": "口径类型不同", "scope": "覆盖范围不同", "basis": "时间口径不同",
           "timing": "时间不同", "forecast": "预计值与实际值", "ambiguous": "表述有歧义"},
    "en": {"unit": "different units", "kind": "different kinds", "scope": "different scopes",
           "basis": "different time bases", "timing": "different times", "forecast": "forecast vs reported",
           "ambiguous": "ambiguous wording"},
}
UNIT_NAMES = {
    "zh": {
        "count": "个/项/家", "people": "人", "person_times": "人次", "yuan": "元", "percent": "%",
        "percentage_points": "百分点", "rank": "名次", "places": "位次", "multiple": "倍", "years": "年", "days": "天",
        "jin_per_mu": "斤/亩", "mg_per_kg": "毫克/千克", "ph": "pH",
    },
    "en": {
        "count": "count", "people": "people", "person_times": "person-times", "yuan": "yuan", "percent": "%",
        "percentage_points": "percentage points", "rank": "rank", "places": "places", "multiple": "times", "years": "years",
        "days": "days", "jin_per_mu": "jin per mu", "mg_per_kg": "mg/kg", "ph": "pH",
    },
}


def join_list(items: Iterable[str], lang: str) -> str:
    """'绵阳、宁夏' / 'Mianyang, Ningxia'."""
    return ("、" if lang == "zh" else ", ").join(items)


def t(key: str, lang: str, **kwargs: object) -> str:
    text = LABELS[lang][key]
    return text.format(**kwargs) if kwargs else text


def pick(obj: object, field: str, lang: str) -> str:
    """The zh or en variant of a bilingual field: pick(region, "name", "en") → region.name_en."""
    return getattr(obj, f"{field}_{lang}")


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def format_period(period: str, lang: str, basis: str | None = None) -> str:
    """A period as a reader says it, with its time basis where that changes the meaning.

    '2023' → 2023年 / 2023 (as of 2023 for a point); '2023-01..2023-10' → 2023年1—10月 / Jan–Oct 2023;
    '..2023' → 截至2023年累计 / cumulative to 2023; '2023-start' → 2023年初 / start of 2023."""
    zh = lang == "zh"
    if period.startswith(".."):
        year = period[2:]
        return f"截至{year}年累计" if zh else f"cumulative to {year}"
    if ".." in period:
        start, end = period.split("..")
        if "-" in start:
            (y1, m1), (y2, m2) = start.split("-"), end.split("-")
            if y1 == y2:
                text = f"{y1}年{int(m1)}—{int(m2)}月" if zh else f"{_MONTHS[int(m1) - 1]}–{_MONTHS[int(m2) - 1]} {y1}"
            else:
                text = (f"{y1}年{int(m1)}月—{y2}年{int(m2)}月" if zh
                        else f"{_MONTHS[int(m1) - 1]} {y1}–{_MONTHS[int(m2) - 1]} {y2}")
        else:
            text = f"{start}—{end}年" if zh else f"{start}–{end}"
        if basis == "cumulative":
            return f"{text}累计" if zh else f"cumulative {text}"
        return text
    year, _, rest = period.partition("-")
    if rest == "start":
        return f"{year}年初" if zh else f"start of {year}"
    if rest == "end":
        return f"{year}年底" if zh else f"end of {year}"
    text = (f"{year}年{int(rest)}月" if zh else f"{_MONTHS[int(rest) - 1]} {year}") if rest else (
        f"{year}年" if zh else year)
    if basis == "point":
        return f"截至{text}" if zh else f"as of {text}"
    return text
