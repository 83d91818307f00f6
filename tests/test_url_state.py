import pytest

from dashboard.url_state import Notice, ViewState, parse_query_params, to_query_params


def test_round_trip_of_a_full_view(dataset):
    state = ViewState(lang="en", regions=("mianyang", "ningxia"), themes=("talent", "funding"),
                      statuses=("achieved",), keyword="包干制", region="quzhou")
    params = to_query_params(state, "profile")
    parsed = parse_query_params(params, dataset)
    assert parsed.notices == []
    # codes come back in the vocabulary's order, so one view has one URL
    assert parsed.state == ViewState(lang="en", regions=("mianyang", "ningxia"), themes=("talent", "funding"),
                                     statuses=("achieved",), keyword="包干制", region="quzhou")


def test_default_view_has_an_empty_query(dataset):
    assert to_query_params(ViewState(), "overview") == {}
    assert parse_query_params({}, dataset).state == ViewState()


def test_unknown_values_are_dropped_with_a_notice_and_the_rest_kept(dataset):
    parsed = parse_query_params(
        {"themes": "talent,bogus", "regions": ["mianyang", "atlantis"], "lang": "fr", "utm_source": "x"}, dataset
    )
    assert parsed.state.themes == ("talent",)
    assert parsed.state.regions == ("mianyang",)
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
    assert parse_query_params({"regions": "MIANYANG"}, dataset).state.regions == ()


@pytest.mark.parametrize("raw", ["人才,资金", ["人才,资金"], "a, b,c", ["a, b,c"]])
def test_keyword_keeps_its_commas(dataset, raw):
    """Only code lists are comma-separated; the keyword comes back exactly as typed."""
    text = raw[0] if isinstance(raw, list) else raw
    parsed = parse_query_params({"q": raw}, dataset)
    assert parsed.notices == []
    assert parsed.state.keyword == text
    assert parse_query_params(to_query_params(parsed.state, "measures"), dataset).state.keyword == text


def test_page_parameters_go_only_into_their_own_page_links(dataset):
    measure_id = dataset.regions[0].measures[0].id
    view = ViewState(lang="en", themes=("talent",), find="孵化器", measure=measure_id, cell="mianyang.talent",
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
    state = ViewState(instruments=("grants", "tech_extension"), target_groups=("firms",), instrument="challenges",
                      theme="talent", columns=("quzhou", "mianyang"))
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
    assert s.instruments == ("grants",) and s.target_groups == () and s.instrument is None and s.theme is None
    assert s.columns == ("mianyang", "ningxia", "haishu", "bazhong")  # at most four
    assert {Notice("instruments", "tax_relief"), Notice("groups", "aliens"), Notice("instrument", "magic"),
            Notice("theme", "nonsense"), Notice("cols", "atlantis"), Notice("cols", "quzhou")} <= set(parsed.notices)


def test_benchmark_home_and_peers_round_trip_and_home_is_never_its_own_peer(dataset):
    state = ViewState(home="quzhou", peers=("mianyang", "ningxia"), themes=("talent",))
    assert to_query_params(state, "benchmark") == {"themes": "talent", "home": "quzhou", "peers": "mianyang,ningxia"}
    assert parse_query_params(to_query_params(state, "benchmark"), dataset).state == state
    parsed = parse_query_params({"home": "custom", "peers": "quzhou,atlantis"}, dataset)
    assert parsed.state.home == "custom" and parsed.state.peers == ("quzhou",)
    assert Notice("peers", "atlantis") in parsed.notices
    assert parse_query_params({"home": "quzhou", "peers": "quzhou,ningxia"}, dataset).state.peers == ("ningxia",)
    bad = parse_query_params({"home": "<b>x</b>"}, dataset)
    assert bad.state.home is None and bad.notices


def test_the_card_page_and_every_region_go_into_their_own_pages_links_only(dataset):
    state = ViewState(regions=("mianyang",), cards=3, every=True)
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
