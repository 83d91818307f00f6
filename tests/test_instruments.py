"""Who uses what (instrument × region) and the side-by-side rows: pure functions over the real dataset."""

from __future__ import annotations

from dashboard.analysis import frames, instruments
from dashboard.analysis.frames import Filters

REGIONS = ["hubaoewu", "mianyang", "ningxia", "haishu", "bazhong", "quzhou"]


def test_usage_counts_is_a_full_grid_of_measure_counts(dataset, measures):
    table = instruments.usage_counts(measures, dataset, "instruments", REGIONS)
    assert list(table.index) == [i.id for i in dataset.instruments]
    assert list(table.columns) == [*REGIONS, "n_regions"]
    # a measure counts once under each of its instruments
    assert int(table[REGIONS].to_numpy().sum()) == sum(len(codes) for codes in measures["instruments"])
    # what the source says: 科技特派员 in Haishu and Quzhou, 揭榜挂帅 in Ningxia, programme rules only in Bazhong
    assert table.loc["tech_extension", "quzhou"] == 3
    assert table.loc["challenges", "ningxia"] == 1
    assert table.loc["programme_management"].to_dict() == {**dict.fromkeys(REGIONS, 0), "bazhong": 4, "n_regions": 1}
    assert table.loc["loans_credit", "n_regions"] == 1 and table.loc["loans_credit", "mianyang"] == 1


def test_usage_counts_follow_the_filters_and_the_codes_asked_for(dataset, measures):
    talent = frames.filter_frame(measures, Filters(themes=("talent",)))
    table = instruments.usage_counts(talent, dataset, "target_groups", ["mianyang", "ningxia"], ["researchers"])
    expected = {r: int(((talent.region_id == r) & talent.target_groups.map(lambda g: "researchers" in g)).sum())
                for r in ("mianyang", "ningxia")}
    assert expected == {"mianyang": 10, "ningxia": 4}
    assert table.to_dict("index") == {"researchers": {**expected, "n_regions": 2}}


def test_measures_using_an_instrument_by_region(measures):
    using = instruments.measures_using(measures, "instruments", "tech_extension", REGIONS)
    assert list(using) == ["mianyang", "ningxia", "haishu", "bazhong", "quzhou"]
    assert "haishu-tech-commissioners" in set(using["haishu"]["measure_id"])
    assert all("tech_extension" in codes for rows in using.values() for codes in rows["instruments"])
    assert instruments.measures_using(measures, "instruments", "tech_extension", ["hubaoewu"]) == {}


def test_side_by_side_rows_hold_every_measure_of_their_instrument_home_row_first(dataset, measures):
    talent = frames.filter_frame(measures, Filters(themes=("talent",)))
    columns = ["mianyang", "ningxia", "haishu"]
    rows = instruments.side_by_side(talent, columns, "instruments", [i.id for i in dataset.instruments])
    codes = [code for code, _ in rows]
    assert codes == [c for c in (i.id for i in dataset.instruments) if c in codes]  # the vocabulary's order
    homes = [m["measure_id"] for _, cells in rows for region in columns for m in cells[region] if m["primary"]]
    assert sorted(homes) == sorted(talent[talent.region_id.isin(columns)]["measure_id"])  # one home row each
    for code, cells in rows:
        assert set(cells) == set(columns)
        assert any(cells[r] for r in columns)
        for region in columns:
            cell = cells[region]
            assert all(code in m["instruments"] for m in cell)  # an empty cell means none at all
            primary = [m["primary"] for m in cell]
            assert primary == sorted(primary, reverse=True)  # home measures first
            assert all((m["instruments"][0] == code) == m["primary"] for m in cell)
    by_code = {code: {region: {m["measure_id"]: m for m in cell} for region, cell in cells.items()}
               for code, cells in rows}
    assert list(by_code["challenges"]["ningxia"]) == ["ningxia-open-competition"]
    assert by_code["challenges"]["mianyang"] == {}
    # Mianyang's 1 bn talent fund is both a grant (its first instrument, its home row) and a talent programme
    assert not by_code["talent_programmes"]["mianyang"]["mianyang-talent-fund"]["primary"]
    assert by_code["grants"]["mianyang"]["mianyang-talent-fund"]["primary"]


def test_side_by_side_by_theme_uses_the_primary_theme(dataset, measures):
    extension = frames.filter_frame(measures, Filters(instruments=("tech_extension",)))
    rows = instruments.side_by_side(extension, ["haishu", "quzhou"], "themes", [t.code for t in dataset.themes])
    by_code = dict(rows)
    assert "quzhou-industrial-commissioners" in {m["measure_id"] for m in by_code["talent"]["quzhou"]}
    assert "haishu-tech-commissioners" in {m["measure_id"] for m in by_code["outreach"]["haishu"]}


def test_glossary_terms_find_the_measures_that_use_them(dataset, measures):
    uses = frames.glossary_uses(dataset, measures)
    # a term also names the measures of the instrument it names (揭榜挂帅与竞赛, 科技特派员与技术服务): the keyword
    # matches tag names too, and a term's list is what the Measures keyword keeps
    def tagged(code: str) -> set[str]:
        return set(measures[measures["instruments"].map(lambda codes: code in codes)]["measure_id"])

    assert "ningxia-open-competition" in uses["揭榜挂帅"] and set(uses["揭榜挂帅"]) == tagged("challenges")
    assert uses["包干制"] == ["mianyang-lump-sum-funding"]
    assert uses["飞地"] == ["ningxia-shanghai-centre"]
    assert {"haishu-kechuang-china-pilot", "haishu-tech-commissioners", "quzhou-industrial-commissioners",
            "quzhou-soil-remediation", "quzhou-three-zeros"} | tagged("tech_extension") == set(uses["科技特派员"])
    assert frames.glossary_keyword("人才贷、成果贷") == "人才贷 | 成果贷"
    assert uses["人才贷、成果贷"] == ["mianyang-talent-loans"]


def test_the_filters_line_names_instruments_and_target_groups(dataset):
    line = frames.filters_subtitle(dataset, Filters(instruments=("tech_extension",), target_groups=("firms",)), "zh")
    assert "工具：科技特派员与技术服务" in line and "对象：企业" in line
    line = frames.filters_subtitle(dataset, Filters(instruments=("challenges",)), "en")
    assert "Instruments: Challenges, open calls and contests" in line


def test_an_empty_view_names_the_instrument_filter_that_hides_matches(measures):
    filters = Filters(instruments=("loans_credit",), keyword="科技特派员")
    n = len(frames.filter_frame(measures, Filters(keyword="科技特派员")))
    assert frames.hidden_matches(measures, filters) == [("instruments", n)]


def test_a_side_by_side_link_keeps_the_regions_with_the_most_measures_and_names_the_rest(measures):
    regions = ["bazhong", "haishu", "mianyang", "ningxia", "quzhou"]
    using = instruments.measures_using(measures, "instruments", "tech_extension", regions)
    assert len(using) == 5
    columns, left_out = instruments.side_by_side_columns(using, 4)
    assert "quzhou" in columns and len(columns) == 4 and columns == [r for r in regions if r in columns]
    assert left_out == [r for r in regions if r not in columns]
    kept_counts = [len(using[r]) for r in columns]
    assert all(len(using[r]) <= min(kept_counts) for r in left_out)
    assert instruments.side_by_side_columns(using, 5) == (regions, [])
