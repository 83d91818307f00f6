from dataclasses import replace

import pytest

from dashboard.analysis.frames import Filters
from dashboard.ui.url_state import Notice, ViewState, parse_query_params, to_query_params


def test_round_trip_of_a_full_view(dataset):
    state = ViewState(lang="en", filters=Filters(regions=("mianyang", "ningxia"), themes=("talent", "funding"),
                                                 statuses=("achieved",), keyword="包干制"), region="quzhou")
    params = to_query_params(state, "profile")
    parsed = parse_query_params(params, dataset)
    assert parsed.notices == []
    # codes come back in the vocabulary's order, so one view has one URL
    assert parsed.state == ViewState(lang="en", region="quzhou", filters=Filters(
        regions=("mianyang", "ningxia"), themes=("talent", "funding"), statuses=("achieved",), keyword="包干制"))


def test_default_view_has_an_empty_query(dataset):
    assert to_query_params(ViewState(), "overview") == {}
    assert parse_query_params({}, dataset).state == ViewState()


def test_unknown_values_are_dropped_with_a_notice_and_the_rest_kept(dataset):
    parsed = parse_query_params(
        {"themes": "talent,bogus", "regions": ["mianyang", "atlantis"], "lang": "fr", "utm_source": "x"}, dataset
    )
    assert parsed.state.filters.themes == ("talent",)
    assert parsed.state.filters.regions == ("mianyang",)
    assert parsed.state.lang == "zh"
    assert Notice("themes", "bogus") in parsed.notices
    assert Notice("regions", "atlantis") in parsed.notices
    assert Notice("lang", "fr") in parsed.notices
    assert Notice("utm_source", "x") in parsed.notices


def test_malformed_values_never_raise(dataset):
    for params in ({"themes": ""}, {"q": "a" * 500}, {"q": "x\x00y"}, {"region": ""}, {"status": ",,,"},
                   {"regions": "MIANYANG"}, {"lang": ["en", "zh"]}):
        parsed = parse_query_params(params, dataset)
        assert isinstance(parsed.state, ViewState)
    assert parse_query_params({"q": "a" * 500}, dataset).notices
    assert parse_query_params({"regions": "MIANYANG"}, dataset).state.filters.regions == ()


@pytest.mark.parametrize("raw", ["人才,资金", ["人才,资金"], "a, b,c", ["a, b,c"]])
def test_keyword_keeps_its_commas(dataset, raw):
    """Only code lists are comma-separated; the keyword comes back exactly as typed."""
    text = raw[0] if isinstance(raw, list) else raw
    parsed = parse_query_params({"q": raw}, dataset)
    assert parsed.notices == []
    assert parsed.state.filters.keyword == text
    assert parse_query_params(to_query_params(parsed.state, "measures"), dataset).state.filters.keyword == text


def test_page_parameters_go_only_into_their_own_page_links(dataset):
    measure_id = dataset.regions[0].measures[0].id
    view = ViewState(lang="en", filters=Filters(themes=("talent",)), find="孵化器", measure=measure_id, cell="mianyang.talent",
                     indicators=("rd_active_share",), source="kjqbck_regional_digest", quote=measure_id)
    assert to_query_params(view, "search") == {"lang": "en", "themes": "talent", "find": "孵化器"}
    assert to_query_params(view, "measure") == {"lang": "en", "themes": "talent", "m": measure_id}
    assert to_query_params(view, "overview") == {"lang": "en", "themes": "talent", "cell": "mianyang.talent"}
    assert to_query_params(view, "compare") == {"lang": "en", "themes": "talent", "ind": "rd_active_share"}
    assert to_query_params(view, "source") == {"lang": "en", "themes": "talent", "src": "kjqbck_regional_digest",
                                               "quote": measure_id}
    assert to_query_params(view, "about") == {"lang": "en", "themes": "talent"}
    for page in ("search", "measure", "overview", "compare", "source"):
        parsed = parse_query_params(to_query_params(view, page), dataset)
        assert parsed.notices == [] and parsed.state == view.for_page(page)


def test_an_empty_indicator_choice_is_kept_and_unknown_ones_leave_the_default(dataset):
    assert parse_query_params({"ind": ""}, dataset).state.indicators == ()
    assert to_query_params(ViewState(indicators=()), "compare") == {"ind": ""}
    parsed = parse_query_params({"ind": "nonsense"}, dataset)
    assert parsed.state.indicators is None and parsed.notices == [Notice("ind", "nonsense")]


@pytest.mark.parametrize(("param", "value"), [
    ("m", "no-such-measure"), ("m", "<b>x</b>"), ("quote", "no-such.1"), ("quote", "[x](http://e.com)"),
    ("src", "nope"), ("cell", "mianyang|talent"), ("cell", "x" * 100 + ".talent"), ("find", "x" * 200),
    ("find", "a\x00b"),
])
def test_unknown_ids_and_malformed_page_parameters_are_dropped_with_a_notice(dataset, param, value):
    parsed = parse_query_params({param: value}, dataset)
    assert parsed.notices and parsed.state == ViewState()


def test_instruments_target_groups_and_the_side_by_side_view_round_trip(dataset):
    state = ViewState(filters=Filters(instruments=("grants", "tech_extension"), target_groups=("firms",)),
                      instrument="challenges", theme="talent", columns=("quzhou", "mianyang"))
    params = to_query_params(state, "side_by_side")
    assert params == {"instruments": "grants,tech_extension", "groups": "firms", "instrument": "challenges",
                      "theme": "talent", "cols": "quzhou,mianyang"}
    parsed = parse_query_params(params, dataset)
    assert parsed.notices == [] and parsed.state == state  # the columns keep the reader's order
    assert parsed.state.filters.instruments == ("grants", "tech_extension")
    assert parsed.state.filters.target_groups == ("firms",)


def test_bad_instrument_group_and_column_values_are_dropped_with_a_notice(dataset):
    parsed = parse_query_params({"instruments": "grants,tax_relief", "groups": "aliens", "instrument": "magic",
                                 "theme": "nonsense", "cols": "mianyang,atlantis,ningxia,haishu,bazhong,quzhou"},
                                dataset)
    s = parsed.state
    assert s.filters.instruments == ("grants",) and s.filters.target_groups == ()
    assert s.instrument is None and s.theme is None
    assert s.columns == ("mianyang", "ningxia", "haishu", "bazhong")  # at most four
    assert {Notice("instruments", "tax_relief"), Notice("groups", "aliens"), Notice("instrument", "magic"),
            Notice("theme", "nonsense"), Notice("cols", "atlantis, quzhou", 2)} <= set(parsed.notices)


def test_benchmark_home_and_peers_round_trip_and_home_is_never_its_own_peer(dataset):
    state = ViewState(home="quzhou", peers=("mianyang", "ningxia"), filters=Filters(themes=("talent",)))
    assert to_query_params(state, "benchmark") == {"themes": "talent", "home": "quzhou", "peers": "mianyang,ningxia"}
    assert parse_query_params(to_query_params(state, "benchmark"), dataset).state == state
    parsed = parse_query_params({"home": "custom", "peers": "quzhou,atlantis"}, dataset)
    assert parsed.state.home == "custom" and parsed.state.peers == ("quzhou",)
    assert Notice("peers", "atlantis") in parsed.notices
    assert parse_query_params({"home": "quzhou", "peers": "quzhou,ningxia"}, dataset).state.peers == ("ningxia",)
    bad = parse_query_params({"home": "<b>x</b>"}, dataset)
    assert bad.state.home is None and bad.notices


def test_the_card_page_and_every_region_go_into_their_own_pages_links_only(dataset):
    state = ViewState(filters=Filters(regions=("mianyang",)), cards=3, every=True)
    assert to_query_params(state, "overview") == {"regions": "mianyang", "cards": "3"}
    assert to_query_params(state, "compare") == {"regions": "mianyang", "all": "1"}
    assert to_query_params(state, "measures") == {"regions": "mianyang"}
    for page in ("overview", "compare"):
        parsed = parse_query_params(to_query_params(state, page), dataset)
        assert parsed.notices == [] and parsed.state == state.for_page(page)
    assert to_query_params(ViewState(cards=1, every=False), "overview") == {}


@pytest.mark.parametrize(("param", "value"), [("cards", "0"), ("cards", "-2"), ("cards", "2.5"), ("cards", "x"),
                                              ("cards", "99999"), ("cards", "３"), ("all", "yes"), ("all", "")])
def test_a_bad_card_page_or_every_region_flag_is_dropped_with_a_notice(dataset, param, value):
    parsed = parse_query_params({param: value}, dataset)
    assert parsed.state == ViewState() and parsed.notices == [Notice(param, value)]


CRASH_LINKS = [
    {"quote": "mianyang-strategy.\u00b2"},  # a Unicode digit passes str.isdigit() and fails int()
    {"quote": "mianyang-strategy." + "1" * 5000},  # Python refuses integer strings over 4,300 digits
    {"cards": "9" * 5000},
    {"cards": "\u0661"},  # an Arabic-Indic one
    {"quote": "quzhou-three-zeros.\u0661"},
    {"quote": "kjqbck_regional_digest.left_out.\u00b2"},
    {"cards": "1_0"}, {"cards": "+3"}, {"cards": "\uff13"}, {"cards": "1e3"},
]


@pytest.mark.parametrize("params", CRASH_LINKS, ids=range(len(CRASH_LINKS)))
def test_numbers_in_a_link_are_ascii_digits_of_bounded_length_and_anything_else_is_a_notice(dataset, params):
    parsed = parse_query_params(params, dataset)
    (param,) = params
    assert [n.param for n in parsed.notices] == [param]
    assert parsed.state.quote is None and parsed.state.cards == 1


def test_a_unicode_digit_never_names_a_figure(dataset):
    assert parse_query_params({"quote": "quzhou-three-zeros.1"}, dataset).state.quote == "quzhou-three-zeros.1"
    assert parse_query_params({"quote": "quzhou-three-zeros.\u0661"}, dataset).state.quote is None
    assert parse_query_params({"cards": "3"}, dataset).state.cards == 3


def test_one_notice_per_parameter_however_many_values_it_drops(dataset):
    codes = "mianyang," + ",".join(f"x{i}" for i in range(3000)) + ",x1,x1"
    parsed = parse_query_params({"regions": codes, "themes": "talent,bogus,bogus"}, dataset)
    assert parsed.state.filters.regions == ("mianyang",)
    assert parsed.notices == [Notice("regions", "x0, x1, x2 …", 3000), Notice("themes", "bogus", 1)]


def test_a_list_parameter_reads_at_most_its_cap_of_values(dataset):
    from dashboard.ui.url_state import LIST_MAX

    codes = [f"bogus{i}" for i in range(LIST_MAX)] + ["mianyang"]
    parsed = parse_query_params({"regions": ",".join(codes), "basket": ",".join(["m:x"] * 5 + codes)}, dataset)
    assert parsed.state.filters.regions == ()  # past the cap: not read
    # the basket: "m:x" once (repeats are one value), the bogus codes, and the two values past the cap
    assert [(n.param, n.count) for n in parsed.notices] == [("regions", LIST_MAX + 1), ("basket", LIST_MAX + 2)]


def test_many_unknown_parameters_are_summed_up_in_one_notice(dataset):
    from dashboard.ui.url_state import NOTICES_MAX

    parsed = parse_query_params({f"p{i}": "v" for i in range(5000)}, dataset)
    assert len(parsed.notices) == NOTICES_MAX
    assert parsed.notices[-1] == Notice("", "", 5000 - NOTICES_MAX + 1)



def test_a_links_order_of_indicators_and_peers_is_kept(dataset):
    """Issue 24: Compare's ind= and the benchmark's peers= came back re-sorted by the vocabulary."""
    parsed = parse_query_params({"ind": "tech_contract_value,rd_active_share,tech_commissioners",
                                 "peers": "quzhou,haishu,mianyang", "regions": "quzhou,haishu"}, dataset).state
    assert parsed.indicators == ("tech_contract_value", "rd_active_share", "tech_commissioners")
    assert parsed.peers == ("quzhou", "haishu", "mianyang")
    assert parsed.filters.regions == ("haishu", "quzhou")  # a filter is a set: the vocabulary's order, one URL per view
    params = to_query_params(parsed, "compare")
    assert params["ind"] == "tech_contract_value,rd_active_share,tech_commissioners"
    assert parse_query_params({"ind": "rd_active_share,nope,rd_active_share"}, dataset).state.indicators == (
        "rd_active_share",)


def test_every_field_of_the_view_and_its_filters_has_one_parameter():
    from dataclasses import fields

    from dashboard.ui.url_state import PARAMS

    names = [f.name for f in fields(ViewState) if f.name != "filters"] + [f.name for f in fields(Filters)]
    assert sorted(param.field for param in PARAMS) == sorted(names)
    assert len({param.name for param in PARAMS}) == len(PARAMS)


def test_updated_changes_the_filters_by_the_names_of_their_fields():
    view = ViewState(lang="en").updated(regions=("mianyang",), keyword="x", measure="m")
    assert view == ViewState(lang="en", filters=Filters(regions=("mianyang",), keyword="x"), measure="m")
    assert view.sidebar_only() == replace(view, filters=Filters(regions=("mianyang",)))
