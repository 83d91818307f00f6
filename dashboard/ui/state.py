"""View state in st.session_state, seeded once from the URL and written back to it on every run.

Persistent keys (`lang`, `regions`, ...) outlive page switches; widgets use their own `w_*` keys and
copy into them, because Streamlit drops a widget's state when a page without that widget runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.i18n import DEFAULT_LANG, LANGS
from dashboard.models import Dataset
from dashboard.url_state import Notice, ViewState, parse_query_params, to_query_params

DEFAULTS: dict[str, Any] = {
    "lang": DEFAULT_LANG, "regions": [], "themes": [], "statuses": [], "keyword": "", "profile_region": None,
}


def guess_lang() -> str:
    """The language before the dataset is loaded (for a broken-dataset message)."""
    lang = st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def init_from_url(dataset: Dataset) -> None:
    if st.session_state.get("_initialised"):
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    parsed = parse_query_params(params, dataset)
    s = parsed.state
    values = {"lang": s.lang, "regions": list(s.regions), "themes": list(s.themes), "statuses": list(s.statuses),
              "keyword": s.keyword, "profile_region": s.region}
    for key, value in values.items():
        st.session_state[key] = value
    st.session_state["_notices"] = parsed.notices
    st.session_state["_initialised"] = True


def pop_notices() -> list[Notice]:
    return st.session_state.pop("_notices", [])


def current() -> ViewState:
    ss = st.session_state
    return ViewState(
        lang=ss["lang"] if ss.get("lang") in LANGS else DEFAULT_LANG, regions=tuple(ss.get("regions", ())), themes=tuple(ss.get("themes", ())),
        statuses=tuple(ss.get("statuses", ())), keyword=ss.get("keyword", ""), region=ss.get("profile_region"),
    )


def write_url(state: ViewState) -> None:
    params = to_query_params(state)
    existing = {key: st.query_params.get(key) for key in st.query_params}
    if existing != params:
        st.query_params.from_dict(params)


def set_value(key: str, value: Any) -> None:
    """Change a piece of state; its widget is re-seeded from it the next time it is drawn."""
    st.session_state[key] = value
    st.session_state.pop(f"w_{key}", None)


def redraw_widgets() -> None:
    """Forget the widgets' own state (not the view): they are drawn again from the persistent keys."""
    for key in DEFAULTS:
        if key != "lang":
            st.session_state.pop(f"w_{key}", None)


def bound(widget: Callable[..., Any], key: str, *args: Any, **kwargs: Any) -> Any:
    """Draw `widget` bound to the persistent state `key`; returns its value."""
    widget_key = f"w_{key}"
    if widget_key not in st.session_state:
        st.session_state[widget_key] = st.session_state.get(key, DEFAULTS[key])

    def copy() -> None:
        st.session_state[key] = st.session_state[widget_key]

    value = widget(*args, key=widget_key, on_change=copy, **kwargs)
    st.session_state[key] = value
    return value
