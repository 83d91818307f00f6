"""The whole view ↔ URL query parameters, checked against the dataset's vocabulary.

Values are plain comma-separated codes (the keyword `q` is free text, commas and all); nothing from the URL is ever deserialised beyond that.
An unknown or malformed value is dropped and reported as a notice, never raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from dashboard.basket import Basket, parse_basket, serialise_basket
from dashboard.frames import Filters
from dashboard.i18n import DEFAULT_LANG, LANGS
from dashboard.models import Dataset
from dashboard.text import shorten
from dashboard.vocab import STATUSES

KEYWORD_MAX = 80
PARAMS = ("lang", "regions", "themes", "status", "q", "region", "home", "peers", "basket")
CUSTOM_HOME = "custom"  # the benchmark's home typed in by the user (dashboard/benchmark.py)


@dataclass(frozen=True)
class ViewState:
    lang: str = DEFAULT_LANG
    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    keyword: str = ""
    region: str | None = None  # the region of the profile page
    home: str | None = None  # the benchmark's home region: a region id, or CUSTOM_HOME for one typed in
    peers: tuple[str, ...] = ()  # the benchmark's peers
    basket: Basket = ()  # the briefing basket (dashboard/basket.py), in the reader's order

    def sidebar_only(self) -> ViewState:
        """The view as the chart pages use it: the sidebar's themes and regions, no status or keyword."""
        return replace(self, statuses=(), keyword="")

    @property
    def filters(self) -> Filters:
        return Filters(regions=self.regions, themes=self.themes, statuses=self.statuses, keyword=self.keyword)


@dataclass(frozen=True)
class Notice:
    """An ignored parameter, both parts cut to a length a notice can show (escape them when shown)."""

    param: str
    value: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "param", shorten(self.param))
        object.__setattr__(self, "value", shorten(self.value))


@dataclass
class ParsedState:
    state: ViewState
    notices: list[Notice] = field(default_factory=list)


def _values(raw: str | list[str]) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def _codes(param: str, raw: str | list[str], allowed: list[str], notices: list[Notice]) -> tuple[str, ...]:
    kept: list[str] = []
    for value in _values(raw):
        if value in allowed and value not in kept:
            kept.append(value)
        elif value not in allowed:
            notices.append(Notice(param, value))
    # keep the vocabulary's order so the same view always has the same URL
    return tuple(code for code in allowed if code in kept)


def parse_query_params(params: Mapping[str, str | list[str]], dataset: Dataset) -> ParsedState:
    notices: list[Notice] = []
    state = ViewState()
    region_ids = [r.id for r in dataset.regions]
    for param, raw in params.items():
        if param == "lang":
            value = _values(raw)[:1]
            if value and value[0] in LANGS:
                state = replace(state, lang=value[0])
            else:
                notices.append(Notice(param, ",".join(_values(raw))))
        elif param == "regions":
            state = replace(state, regions=_codes(param, raw, region_ids, notices))
        elif param == "themes":
            state = replace(state, themes=_codes(param, raw, [t.code for t in dataset.themes], notices))
        elif param == "status":
            state = replace(state, statuses=_codes(param, raw, list(STATUSES), notices))
        elif param == "q":
            # free text, not a code list: its commas are kept as typed
            text = " ".join(str(item).strip() for item in raw) if isinstance(raw, list) else str(raw)
            if len(text) > KEYWORD_MAX or any(ord(ch) < 32 for ch in text):
                notices.append(Notice(param, text))
            else:
                state = replace(state, keyword=text.strip())
        elif param == "region":
            value = _values(raw)[:1]
            if value and value[0] in region_ids:
                state = replace(state, region=value[0])
            else:
                notices.append(Notice(param, ",".join(_values(raw))))
        elif param == "home":
            value = _values(raw)[:1]
            if value and (value[0] in region_ids or value[0] == CUSTOM_HOME):
                state = replace(state, home=value[0])
            else:
                notices.append(Notice(param, ",".join(_values(raw))))
        elif param == "peers":
            state = replace(state, peers=_codes(param, raw, region_ids, notices))
        elif param == "basket":
            basket, ignored = parse_basket(_values(raw), dataset)
            state = replace(state, basket=basket)
            notices.extend(Notice(param, token) for token in ignored)
        else:
            notices.append(Notice(param, ",".join(_values(raw))))
    if state.home in state.peers:  # home is never its own peer
        state = replace(state, peers=tuple(p for p in state.peers if p != state.home))
    return ParsedState(state, notices)


def to_query_params(state: ViewState) -> dict[str, str]:
    """Only what differs from the default view, so a plain link stays plain."""
    params: dict[str, str] = {}
    if state.lang != DEFAULT_LANG:
        params["lang"] = state.lang
    if state.regions:
        params["regions"] = ",".join(state.regions)
    if state.themes:
        params["themes"] = ",".join(state.themes)
    if state.statuses:
        params["status"] = ",".join(state.statuses)
    if state.keyword:
        params["q"] = state.keyword
    if state.region:
        params["region"] = state.region
    if state.home:
        params["home"] = state.home
    if state.peers:
        params["peers"] = ",".join(state.peers)
    if state.basket:
        params["basket"] = serialise_basket(state.basket)
    return params
