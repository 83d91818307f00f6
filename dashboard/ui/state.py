"""View state in st.session_state, seeded from the URL and written back to it on every run.

Persistent keys (`lang`, `regions`, ...) outlive page switches; widgets use their own `w_*` keys and
copy into them, because Streamlit drops a widget's state when a page without that widget runs.

The URL is read on the first run and again whenever it is not the one this session last wrote: that happens
when the browser goes Back or Forward (Streamlit reruns with that history entry's query) or when a link
carrying a view (the navigation, a drill-down) is followed. Every user action then makes one history entry.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.analysis.frames import Filters
from dashboard.data.models import Dataset
from dashboard.i18n import DEFAULT_LANG, LANGS
from dashboard.ui.url_state import Notice, ViewState, parse_query_params, to_query_params

DEFAULTS: dict[str, Any] = {
    "lang": DEFAULT_LANG, "regions": [], "themes": [], "statuses": [], "keyword": "", "profile_region": None,
    "instruments": [], "target_groups": [], "focus_instrument": None, "focus_theme": None, "columns": [],
    "find": "", "measure": None, "cell": None, "cards": 1, "every": False, "indicators": None, "source": None,
    "quote": None,
    "home": None, "peers": [],
    "basket": (),
}
# the filters a drill-down sets and its undo restores, and the sidebar's reset clears
FILTER_KEYS = ("regions", "themes", "instruments", "target_groups", "statuses", "keyword")


def guess_lang() -> str:
    """The language before the dataset is loaded (for a broken-dataset message)."""
    lang = st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _as_url(params: dict[str, str]) -> dict[str, list[str]]:
    return {key: [value] for key, value in params.items()}


def sync_from_url(dataset: Dataset) -> None:
    """Adopt the URL's view on the first run, and whenever the URL is not the one this session last wrote."""
    ss = st.session_state
    params = _url_params()
    offer = ss.pop("_drilldown_offer", None)
    if ss.get("_initialised") and params == ss.get("_url"):
        return
    parsed = parse_query_params(params, dataset)
    s, f = parsed.state, parsed.state.filters
    values = {"lang": s.lang, "regions": list(f.regions), "themes": list(f.themes), "statuses": list(f.statuses),
              "keyword": f.keyword, "profile_region": s.region, "instruments": list(f.instruments),
              "target_groups": list(f.target_groups), "focus_instrument": s.instrument, "focus_theme": s.theme,
              "columns": list(s.columns), "find": s.find, "measure": s.measure, "cell": s.cell, "cards": s.cards,
              "every": s.every,
              "indicators": s.indicators, "source": s.source, "quote": s.quote, "home": s.home,
              "peers": list(s.peers), "basket": s.basket}
    for key, value in values.items():
        set_value(key, value)
    ss["_indicators_for"] = s.sidebar_only().filters  # Compare's choice belongs to the filters it came with
    ss["_linked_cell"] = s.cell  # the Overview says so if its matrix has no such cell
    # Measures shows the linked measure even when the link's filters leave it out, until they change
    ss["_linked_measure"] = (s.measure, s.filters)
    ss["_notices"] = parsed.notices
    ss["_url"] = params
    ss["_initialised"] = True
    # the drill-down link just followed: remember what it replaced, for the banner's undo
    ss.pop("_drilldown", None)
    if offer and params == offer["url"]:
        ss["_drilldown"] = offer


def start_from_default() -> None:
    """The default view, as if the URL were empty, taken as this session's URL: a link that could not be read is
    not read again on the next run."""
    ss = st.session_state
    for key, value in DEFAULTS.items():
        set_value(key, list(value) if isinstance(value, list) else value)
    ss["_notices"] = []
    ss["_url"] = _url_params()
    ss["_initialised"] = True


def offer_drilldown(target: ViewState) -> dict[str, str]:
    """The query of a link that opens `target` on Measures; if it is followed next, that page names what it set."""
    params = to_query_params(target, "measures")
    st.session_state["_drilldown_offer"] = {"url": _as_url(params), "previous": current(), "target": target}
    return params


def drilldown() -> dict | None:
    """The drill-down that set the current filters, while they are still the ones it set."""
    done = st.session_state.get("_drilldown")
    if done and done["target"].filters != current().filters:
        st.session_state.pop("_drilldown", None)
        return None
    return done


def undo_drilldown() -> None:
    done = st.session_state.pop("_drilldown", None)
    if done:
        previous = done["previous"]
        for key in FILTER_KEYS:
            value = getattr(previous.filters, key)
            set_value(key, list(value) if isinstance(value, tuple) else value)


def pop_notices() -> list[Notice]:
    return st.session_state.pop("_notices", [])


def current() -> ViewState:
    ss = st.session_state
    filters = Filters(
        regions=tuple(ss.get("regions", ())), themes=tuple(ss.get("themes", ())),
        statuses=tuple(ss.get("statuses", ())), keyword=ss.get("keyword", ""),
        instruments=tuple(ss.get("instruments", ())), target_groups=tuple(ss.get("target_groups", ())),
    )
    return ViewState(
        lang=ss["lang"] if ss.get("lang") in LANGS else DEFAULT_LANG, filters=filters,
        region=ss.get("profile_region"), instrument=ss.get("focus_instrument"),
        theme=ss.get("focus_theme"), columns=tuple(ss.get("columns", ())),
        find=ss.get("find", ""), measure=ss.get("measure"), cell=ss.get("cell"), cards=int(ss.get("cards", 1)),
        every=bool(ss.get("every", False)),
        indicators=None if ss.get("indicators") is None else tuple(ss["indicators"]), source=ss.get("source"),
        quote=ss.get("quote"), home=ss.get("home"), peers=tuple(ss.get("peers", ())),
        basket=tuple(ss.get("basket", ())),
    )


def write_url(state: ViewState, page: str) -> None:
    """Put the view of `page` into the URL (one history entry) unless it is there already."""
    params = to_query_params(state, page)
    if _url_params() != _as_url(params):
        st.query_params.from_dict(params)
    st.session_state["_url"] = _as_url(params)


def set_value(key: str, value: Any) -> None:
    """Change a piece of state; its widget is re-seeded from it the next time it is drawn."""
    st.session_state[key] = value
    if key == "lang":  # the language switch is always drawn, so its widget state is set rather than dropped
        st.session_state["w_lang"] = value
    else:
        st.session_state.pop(f"w_{key}", None)


def redraw_widgets() -> None:
    """Forget the widgets' own state (not the view): they are drawn again from the persistent keys."""
    for key in DEFAULTS:
        if key != "lang":
            st.session_state.pop(f"w_{key}", None)


def callback(function: Callable[..., Any]) -> Callable[..., None]:
    """`function` as a widget callback: Streamlit runs callbacks before the page, outside its error handling, so a
    failure is logged and said in our own words on the page (action_failed), never in Streamlit's error box."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            function(*args, **kwargs)
        except Exception:
            logging.getLogger("dashboard").exception("callback %s failed", getattr(function, "__name__", "?"))
            st.session_state["_action_failed"] = True

    return run


def pop_action_failed() -> bool:
    """Whether a callback failed since the last run (and forget it)."""
    return bool(st.session_state.pop("_action_failed", False))


def copy_widget_value(key: str) -> None:
    """The callback of a bound widget: its value into the persistent state. Streamlit may have dropped the
    widget's own state by then (quick typing while another page's run cleans up): the state stays as it was."""
    ss = st.session_state
    ss[key] = ss.get(f"w_{key}", ss.get(key, DEFAULTS[key]))


def bound(widget: Callable[..., Any], key: str, *args: Any, **kwargs: Any) -> Any:
    """Draw `widget` bound to the persistent state `key`; returns its value."""
    widget_key = f"w_{key}"
    if widget_key not in st.session_state:
        st.session_state[widget_key] = st.session_state.get(key, DEFAULTS[key])
    value = widget(*args, key=widget_key, on_change=callback(copy_widget_value), args=(key,), **kwargs)
    st.session_state[key] = value
    return value
