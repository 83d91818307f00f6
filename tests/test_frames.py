import pandas as pd

from dashboard.analysis import frames
from dashboard.analysis.frames import Filters


def test_frames_hold_every_measure_and_figure(dataset, measures, figures):
    assert len(measures) == dataset.measure_count
    assert len(figures) == dataset.figure_count
    assert measures["measure_id"].is_unique


def test_theme_filter_keeps_measures_having_any_selected_theme(measures):
    talent = frames.filter_frame(measures, Filters(themes=("talent",)))
    assert len(talent) > 0
    assert all("talent" in themes for themes in talent["themes"])
    both = frames.filter_frame(measures, Filters(themes=("talent", "funding")))
    assert len(both) >= len(talent)
    assert all({"talent", "funding"} & set(themes) for themes in both["themes"])


def test_region_status_and_keyword_filters(measures):
    mianyang = frames.filter_frame(measures, Filters(regions=("mianyang",)))
    assert set(mianyang["region_id"]) == {"mianyang"}
    planned = frames.filter_frame(measures, Filters(statuses=("planned",)))
    assert set(planned["region_id"]) == {"hubaoewu"}
    # keyword matches Chinese quotes and English titles, ignoring case and whitespace
    lump_sum = frames.filter_frame(measures, Filters(keyword="包干制"))
    assert list(lump_sum["region_id"].unique()) == ["mianyang"]
    english = frames.filter_frame(measures, Filters(keyword="LUMP-SUM"))
    assert set(english["measure_id"]) <= set(measures["measure_id"]) and len(english) >= 1
    assert frames.filter_frame(measures, Filters(keyword="no such words anywhere")).empty


def test_theme_counts_are_a_full_grid_counting_each_theme_of_a_measure(dataset, measures):
    regions = [r.id for r in dataset.regions]
    themes = [t.code for t in dataset.themes]
    counts = frames.theme_counts(measures, regions, themes)
    assert len(counts) == len(regions) * len(themes)
    assert counts["count"].sum() == sum(len(t) for t in measures["themes"])
    bazhong_mgmt = counts[(counts.region_id == "bazhong") & (counts.theme == "management")].iloc[0]
    assert bazhong_mgmt["count"] == 4 and len(bazhong_mgmt["titles_zh"]) == 4


def test_value_labels_keep_qualifiers_and_show_both_readings_of_an_ambiguous_wording(figures):
    labels = frames.with_value_labels(figures, "zh").set_index("figure_id")["value_label"]
    mianyang = figures[(figures.region_id == "mianyang") & (figures.indicator == "tech_contract_value")]
    assert labels[mianyang["figure_id"].iloc[0]] == "预计≥80亿元"
    ambiguous = figures[figures["alt_value"].notna()]
    assert len(ambiguous) >= 1  # 宁夏 提高了2倍
    for figure_id in ambiguous["figure_id"]:
        assert "表述有歧义" in labels[figure_id] and "或" in labels[figure_id]
    en = frames.with_value_labels(ambiguous, "en")["value_label"]
    assert en.str.contains("ambiguous").all()


def test_time_and_scope_labels(figures):
    rows = pd.DataFrame({"period": ["2023", "..2023", "2023-start", "2023-01..2023-10"],
                         "basis": ["point", "cumulative", "point", "span"],
                         "scope": ["region", "programme", "subgroup", "wider_area"],
                         "scope_zh": ["", "2家试点单位", "首批", "山区26县"], "scope_en": ["", "2 pilots", "first", "26"]})
    assert list(frames.time_labels(rows, "zh")) == ["截至2023年", "截至2023年累计", "2023年初", "2023年1—10月"]
    assert list(frames.time_labels(rows, "en")) == ["as of 2023", "cumulative to 2023", "start of 2023", "Jan–Oct 2023"]
    assert list(frames.scope_labels(rows, "zh")) == ["全域", "2家试点单位", "首批", "山区26县"]
    assert set(figures["scope"]) <= {"region", "programme", "subgroup", "wider_area"}


def test_key_figures_prefer_marked_ones(figures):
    every = frames.key_figures(figures)
    assert set(every["region_id"]) == set(figures["region_id"])
    assert every.groupby("region_id").size().max() == 3
    rows = every[every["region_id"] == "mianyang"]
    assert len(rows) == 3 and rows["key"].all()
    assert every[every["region_id"] == "bazhong"].empty


def test_keyword_keeps_exactly_the_figures_of_the_measures_it_finds(measures, figures):
    for keyword in ("包干制", "incubator", "人才", "three zeros"):
        found = frames.filter_frame(measures, Filters(keyword=keyword))
        kept = frames.filter_frame(figures, Filters(keyword=keyword))
        assert set(kept["measure_id"]) <= set(found["measure_id"])
        expected = figures[figures["measure_id"].isin(found["measure_id"])]
        assert len(kept) == len(expected), keyword


def test_english_keywords_match_other_forms_of_the_word(measures):
    assert frames.keyword_terms("Incubators commissioner") == ["incubat", "commission"]
    incubation = frames.filter_frame(measures, Filters(keyword="incubator"))
    assert any("Incubation" in title for title in incubation["title_en"])
    assert frames.filter_frame(measures, Filters(keyword="包干制 lump")).shape[0] >= 1


def test_status_filter_keeps_only_the_figures_of_measures_with_that_status(measures, figures):
    planned_measures = frames.filter_frame(measures, Filters(statuses=("in_progress",)))
    planned = frames.filter_frame(figures, Filters(statuses=("in_progress",)))
    assert len(planned) == int(planned_measures["n_figures"].sum()) == 8
    assert set(planned["measure_id"]) <= set(planned_measures["measure_id"])
    assert set(planned["status"]) == {"in_progress"}
    assert frames.filter_frame(figures, Filters(statuses=("planned",))).empty  # planned measures have no figures
    # each figure carries its measure's status
    status_of = dict(zip(measures["measure_id"], measures["status"], strict=True))
    assert list(figures["status"]) == [status_of[m] for m in figures["measure_id"]]
    both = frames.filter_frame(figures, Filters(statuses=("planned", "in_progress")))
    assert len(planned) == len(both) < len(figures)
def test_keyword_alternatives_match_any_group_and_words_within_a_group_all(measures):
    assert frames.keyword_groups("孵化器 | 包干制") == [["孵化器"], ["包干制"]]
    assert frames.keyword_groups("incubators OR lump sum") == [["incubat"], ["lump", "sum"]]
    assert frames.keyword_groups("孵化器 或 包干制") == [["孵化器"], ["包干制"]]
    assert frames.keyword_groups("a ｜ b|c") == [["a"], ["b"], ["c"]]
    assert frames.keyword_groups(" | ") == []
    either = frames.filter_frame(measures, Filters(keyword="孵化器 | 包干制"))
    assert set(either["region_id"]) == {"ningxia", "mianyang"} and len(either) == 2
    assert len(frames.filter_frame(measures, Filters(keyword="孵化器 或 包干制"))) == 2
    # spaces still mean AND
    assert frames.filter_frame(measures, Filters(keyword="孵化器 包干制")).empty


def test_empty_result_names_the_filters_that_hide_matches(measures):
    filters = Filters(themes=("platform",), keyword="特派员")
    assert frames.filter_frame(measures, filters).empty
    # 特派员 finds every measure of the 科技特派员与技术服务 instrument, by its name, and any that says it
    matches = len(frames.filter_frame(measures, Filters(keyword="特派员")))
    assert matches >= len(frames.filter_frame(measures, Filters(instruments=("tech_extension",)))) > 5
    assert frames.hidden_matches(measures, filters) == [("themes", matches)]
    both = Filters(themes=("platform",), regions=("hubaoewu",), keyword="特派员")
    # neither filter alone hides the matches: clearing all of them (the keyword kept) does
    assert frames.hidden_matches(measures, both) == [("all", matches)]
    haishu = len(frames.filter_frame(measures, Filters(regions=("haishu",), keyword="特派员")))
    assert dict(frames.hidden_matches(measures, Filters(regions=("haishu",), statuses=("planned",),
                                                        keyword="特派员"))) == {"statuses": haishu}
    assert frames.hidden_matches(measures, Filters(keyword="no such words anywhere")) == []
    assert frames.hidden_matches(measures, Filters(themes=("talent",))) == []  # not empty: nothing to explain


def test_changes_over_time_pair_before_and_after(dataset, figures):
    labelled = frames.labelled_figures(figures, dataset, "zh")
    changes = frames.changes_over_time(labelled, dataset, "zh")
    share = changes[changes["indicator"] == "rd_active_share"].iloc[0]
    assert (share["before_value"], share["after_value"]) == ("68%", "77.8%")
    assert (share["before_time"], share["after_time"]) == ("2023年初", "2023年1—10月")
    assert share["direction"] == "up"
    assert set(changes["region_id"]) == {"quzhou"}  # only quzhou reports a before → after today
    ph = changes[changes["indicator"] == "soil_ph"].iloc[0]  # one period: the labels say which is which
    assert ph["before_time"] != ph["after_time"]


def test_changes_over_time_across_two_years(dataset, figures):
    """The same indicator of a region in two periods (two digests, say) is a change; a forecast is not."""
    row = figures[(figures["region_id"] == "mianyang") & (figures["indicator"] == "innovation_platforms")].iloc[0]
    later = row.copy()
    later["period"], later["value"], later["figure_id"], later["order"] = "2024", 450.0, "x", row["order"] + 1
    forecast = later.copy()
    forecast["period"], forecast["qualifier"] = "2025", "expected"
    two = pd.DataFrame([row, later, forecast])
    changes = frames.changes_over_time(frames.labelled_figures(two, dataset, "en"), dataset, "en")
    assert len(changes) == 1
    assert (changes.iloc[0]["before_value"], changes.iloc[0]["after_value"]) == ("≈400", "≈450")
    assert (changes.iloc[0]["before_time"], changes.iloc[0]["after_time"]) == ("as of 2023", "as of 2024")


def test_source_use_counts_regions_and_figures_per_source(dataset):
    second = dataset.sources[0].model_copy(update={"id": "second"})
    region = dataset.region("mianyang")
    measure = region.measures[1]
    moved = measure.model_copy(update={"figures": [f.model_copy(update={"source": "second"}) for f in measure.figures]})
    mianyang = region.model_copy(update={"measures": [region.measures[0], moved]})
    two = dataset.model_copy(update={"sources": [*dataset.sources, second], "regions": [mianyang]})
    use = frames.source_use(two)
    assert use["second"] == ({"mianyang"}, len(measure.figures))
    assert use[dataset.sources[0].id] == ({"mianyang"}, len(region.measures[0].figures))


def test_filter_by_instrument_and_target_group(dataset):
    measures = frames.measures_frame(dataset)
    extension = frames.filter_frame(measures, Filters(instruments=("tech_extension",)))
    assert len(extension) and all("tech_extension" in codes for codes in extension["instruments"])
    assert "quzhou-industrial-commissioners" in set(extension.measure_id)
    rural = frames.filter_frame(measures, Filters(instruments=("tech_extension",), target_groups=("farmers_rural",)))
    assert set(rural.measure_id) == {"haishu-tech-commissioners", "haishu-common-prosperity-fund",
                                     "haishu-rice-crayfish", "quzhou-soil-remediation"}
    either = frames.filter_frame(measures, Filters(instruments=("equity_funds", "loans_credit")))
    assert set(either.measure_id) == {"mianyang-talent-equity-fund", "mianyang-talent-loans"}
    figures = frames.filter_frame(frames.figures_frame(dataset), Filters(instruments=("loans_credit",)))
    assert set(figures.measure_id) == {"mianyang-talent-loans"}


def test_a_keyword_matches_across_quotation_marks(dataset, measures):
    # the source writes “卡脖子”技术; a reader, and the glossary term, write 卡脖子技术
    found = frames.filter_frame(measures, frames.Filters(keyword="卡脖子技术"))
    assert "hubaoewu" in set(found["region_id"])
    assert frames.glossary_uses(dataset, measures)["卡脖子技术"]


def test_records_are_what_to_dict_gives(dataset):
    """frames.records reads column by column; the rows must be exactly pandas' own, types included."""
    for frame in (frames.figures_frame(dataset), frames.measures_frame(dataset)):
        ours, theirs = frames.records(frame), frame.to_dict("records")
        assert len(ours) == len(theirs) == len(frame)
        for mine, pandas_row in zip(ours, theirs, strict=True):
            assert list(mine) == list(pandas_row)
            for key, value in pandas_row.items():
                assert type(mine[key]) is type(value), key
                assert mine[key] == value or (value != value and mine[key] != mine[key]), key  # NaN is NaN
    assert frames.records(frames.figures_frame(dataset).iloc[0:0]) == []


def test_regions_reporting_money_put_in_and_an_indicator(figures):
    talent = frames.filter_frame(figures, Filters(themes=("talent",)))
    assert frames.regions_reporting(talent, money_in=True) == ["mianyang"]  # Quzhou's 647万元 is a turnover
    assert set(frames.regions_reporting(figures, indicator="tech_contract_value")) == {"mianyang", "ningxia",
                                                                                        "quzhou"}
    assert frames.regions_reporting(figures, indicator="no_such_indicator") == []
