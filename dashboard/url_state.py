"""The whole view ↔ URL query parameters, checked against the dataset's vocabulary.

Values are plain comma-separated codes (the keyword `q` is free text, commas and all); nothing from the URL is ever deserialised beyond that.
An unknown or malformed value is dropped and reported as a notice, never raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from dashboard.basket import Basket, parse_basket, serialise_basket
from dashboard.frames import Filters
from dashboard.i18n import DEFAULT_LANG, LANGS
from dashboard.models import Dataset
from dashboard.sources import find_quote
from dashboard.text import shorten
from dashboard.vocab import STATUSES

KEYWORD_MAX = 80
SIDE_BY_SIDE_MAX = 4  # regions set side by side in columns: more would not read
PARAMS = ("lang", "regions", "themes", "instruments", "groups", "status", "q", "region", "instrument", "theme",
          "cols", "home", "peers", "basket", "find", "m", "cell", "cards", "ind", "all", "src", "quote")
CARD_PAGES_MAX = 10_000  # the Overview's pages of region cards a link may name (nine regions a page)
CUSTOM_HOME = "custom"  # the benchmark's home typed in by the user (dashboard/benchmark.py)
# Parameters that belong to one page: a link to another page leaves them out, so a URL names only what its page
# shows (the sidebar's view, the language and the profile region travel everywhere).
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "search": ("find",), "measure": ("measure",), "measures": ("measure",), "overview": ("cell", "cards"),
    "compare": ("indicators", "every"),
    "source": ("source", "quote"),
}


@dataclass(frozen=True)
class ViewState:
    lang: str = DEFAULT_LANG
    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    keyword: str = ""
    region: str | None = None  # the region of the profile page
    instruments: tuple[str, ...] = ()  # sidebar filters: any of these instruments, any of these target groups
    target_groups: tuple[str, ...] = ()
    instrument: str | None = None  # the instrument the Instruments page (and Side by side) is about
    theme: str | None = None  # the theme Side by side is about
    columns: tuple[str, ...] = ()  # the regions Side by side sets in columns (2 to 4)
    home: str | None = None  # the benchmark's home region: a region id, or CUSTOM_HOME for one typed in
    peers: tuple[str, ...] = ()  # the benchmark's peers
    find: str = ""  # the search page's query
    measure: str | None = None  # the measure page's measure
    cell: str | None = None  # the Overview's chosen matrix cell, "row.theme"
    cards: int = 1  # the Overview's page of region cards
    every: bool = False  # Compare: every region in each chart, not only the top rows
    indicators: tuple[str, ...] | None = None  # Compare's chosen indicators; None: the default for the filters
    source: str | None = None  # the source page's document
    quote: str | None = None  # the quote the source page highlights (a reference from dashboard/sources.py)

    def for_page(self, page: str) -> ViewState:
        """The view as a link to `page` carries it: without the other pages' own parameters."""
        own = PAGE_PARAMS.get(page, ())
        drop = {name for key, names in PAGE_PARAMS.items() if key != page for name in names if name not in own}
        return replace(self, **{name: _DEFAULTS[name] for name in drop})
    basket: Basket = ()  # the briefing basket (dashboard/basket.py), in the reader's order

    def sidebar_only(self) -> ViewState:
        """The view as the chart pages use it: the sidebar's filters, no status or keyword."""
        return replace(self, statuses=(), keyword="")

    @property
    def filters(self) -> Filters:
        return Filters(regions=self.regions, themes=self.themes, statuses=self.statuses, keyword=self.keyword,
                       instruments=self.instruments, target_groups=self.target_groups)


_DEFAULTS = {name: getattr(ViewState(), name) for names in PAGE_PARAMS.values() for name in names}


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


def _free_text(param: str, raw: str | list[str], notices: list[Notice]) -> str | None:
    """Free text (a keyword, a search): commas kept as typed; too long or with control characters → notice."""
    text = " ".join(str(item).strip() for item in raw) if isinstance(raw, list) else str(raw)
    if len(text) > KEYWORD_MAX or any(ord(ch) < 32 for ch in text):
        notices.append(Notice(param, text))
        return None
    return text.strip()


def _single(param: str, raw: str | list[str], accept: Callable[[str], bool], notices: list[Notice]) -> str | None:
    value = _values(raw)[:1]
    if value and accept(value[0]):
        return value[0]
    notices.append(Notice(param, ",".join(_values(raw))))
    return None


# a matrix cell: a region id (or a province or level name, when the matrix sums regions) and a theme code
_CELL = re.compile(r"^[^\x00-\x1f]{1,60}\.[a-z][a-z0-9_]*$")


def parse_query_params(params: Mapping[str, str | list[str]], dataset: Dataset) -> ParsedState:
    notices: list[Notice] = []
    state = ViewState()
    region_ids = [r.id for r in dataset.regions]
    instrument_ids = [i.id for i in dataset.instruments]
    theme_codes = [th.code for th in dataset.themes]
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
            state = replace(state, themes=_codes(param, raw, theme_codes, notices))
        elif param == "instruments":
            state = replace(state, instruments=_codes(param, raw, instrument_ids, notices))
        elif param == "groups":
            state = replace(state, target_groups=_codes(param, raw, [g.id for g in dataset.target_groups], notices))
        elif param == "instrument":
            state = replace(state, instrument=_single(param, raw, set(instrument_ids).__contains__, notices))
        elif param == "theme":
            state = replace(state, theme=_single(param, raw, set(theme_codes).__contains__, notices))
        elif param == "cols":
            # the order is the reader's (left to right), not the vocabulary's; at most four columns
            chosen = list(dict.fromkeys(v for v in _values(raw) if v in region_ids))
            notices += [Notice(param, v) for v in dict.fromkeys(_values(raw)) if v not in region_ids]
            if len(chosen) > SIDE_BY_SIDE_MAX:
                notices.append(Notice(param, ",".join(chosen[SIDE_BY_SIDE_MAX:])))
            state = replace(state, columns=tuple(chosen[:SIDE_BY_SIDE_MAX]))
        elif param == "status":
            state = replace(state, statuses=_codes(param, raw, list(STATUSES), notices))
        elif param in ("q", "find"):
            text = _free_text(param, raw, notices)
            if text is not None:
                state = replace(state, **{"keyword" if param == "q" else "find": text})
        elif param == "region":
            state = replace(state, region=_single(param, raw, dataset.regions_by_id.__contains__, notices))
        elif param == "home":
            state = replace(state, home=_single(param, raw, lambda v: v in dataset.regions_by_id or v == CUSTOM_HOME,
                                                notices))
        elif param == "peers":
            state = replace(state, peers=_codes(param, raw, region_ids, notices))
        elif param == "m":
            state = replace(state, measure=_single(param, raw, dataset.measures_by_id.__contains__, notices))
        elif param == "src":
            state = replace(state, source=_single(param, raw, dataset.sources_by_id.__contains__, notices))
        elif param == "quote":
            state = replace(state, quote=_single(param, raw, lambda ref: find_quote(dataset, ref) is not None, notices))
        elif param == "ind":
            codes = _codes(param, raw, [i.code for i in dataset.indicators], notices)
            # "ind=" chooses no indicator; a list of only unknown codes leaves the default
            state = replace(state, indicators=codes if codes or not _values(raw) else None)
        elif param == "cell":
            value = str(raw[0] if isinstance(raw, list) and raw else raw).strip()
            if _CELL.match(value):  # whether the cell is in the matrix, the Overview checks (it knows the rows)
                state = replace(state, cell=value)
            else:
                notices.append(Notice(param, value))
        elif param == "cards":
            value = ",".join(_values(raw))
            if value.isascii() and value.isdigit() and 1 <= int(value) <= CARD_PAGES_MAX:
                state = replace(state, cards=int(value))  # past the last page, the Overview shows the last
            else:
                notices.append(Notice(param, value))
        elif param == "all":
            value = ",".join(_values(raw))
            if value in ("0", "1"):
                state = replace(state, every=value == "1")
            else:
                notices.append(Notice(param, value))
        elif param == "basket":
            basket, ignored = parse_basket(_values(raw), dataset)
            state = replace(state, basket=basket)
            notices.extend(Notice(param, token) for token in ignored)
        else:
            notices.append(Notice(param, ",".join(_values(raw))))
    if state.home in state.peers:  # home is never its own peer
        state = replace(state, peers=tuple(p for p in state.peers if p != state.home))
    return ParsedState(state, notices)


# view field → its URL parameter, in the order links write them (lang, ind and basket are written apart)
_PARAM_OF_FIELD = (
    ("regions", "regions"), ("themes", "themes"), ("instruments", "instruments"), ("target_groups", "groups"),
    ("statuses", "status"), ("keyword", "q"), ("region", "region"), ("instrument", "instrument"), ("theme", "theme"),
    ("columns", "cols"), ("home", "home"), ("peers", "peers"), ("find", "find"), ("measure", "m"), ("cell", "cell"),
    ("source", "src"), ("quote", "quote"),
)


def to_query_params(state: ViewState, page: str) -> dict[str, str]:
    """The query of a link to `page`: only what differs from the default view, so a plain link stays plain."""
    state = state.for_page(page)
    params: dict[str, str] = {}
    if state.lang != DEFAULT_LANG:
        params["lang"] = state.lang
    for name, param in _PARAM_OF_FIELD:
        value = getattr(state, name)
        if value:
            params[param] = value if isinstance(value, str) else ",".join(value)
    if state.cards > 1:
        params["cards"] = str(state.cards)
    if state.every:
        params["all"] = "1"
    if state.indicators is not None:  # an empty choice is a choice: "ind=" (no indicator), unlike the default
        params["ind"] = ",".join(state.indicators)
    if state.basket:
        params["basket"] = serialise_basket(state.basket)
    return params
