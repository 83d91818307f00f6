"""The whole view ↔ URL query parameters, checked against the dataset's vocabulary.

Values are plain comma-separated codes (the keyword `q` is free text, commas and all); nothing from the URL is ever deserialised beyond that.
An unknown or malformed value is dropped and reported as a notice, never raised: one notice per parameter, however
many of its values were dropped, and a list parameter reads at most LIST_MAX values. Numbers are ASCII digits of a
bounded length (Unicode digits such as "²" or "١" are not numbers here, and Python refuses integers of more than
4,300 digits).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from dashboard.analysis.basket import Basket, parse_basket, serialise_basket
from dashboard.analysis.frames import KEYWORD_MAX, Filters
from dashboard.analysis.home_input import CUSTOM_HOME
from dashboard.data.models import Dataset
from dashboard.data.sources import find_quote
from dashboard.data.text import shorten
from dashboard.data.vocab import STATUSES
from dashboard.i18n import DEFAULT_LANG, LANGS

SIDE_BY_SIDE_MAX = 4  # regions set side by side in columns: more would not read
PARAMS = ("lang", "regions", "themes", "instruments", "groups", "status", "q", "region", "instrument", "theme",
          "cols", "home", "peers", "basket", "find", "m", "cell", "cards", "ind", "all", "src", "quote")
CARD_PAGES_MAX = 10_000  # the Overview's pages of region cards a link may name (nine regions a page)
LIST_MAX = 1_000  # values of one list parameter a link may name; the rest are ignored with the notice
NOTICES_MAX = 8  # notices shown for one link; the rest are summed up in one more
NOTICE_VALUES = 3  # ignored values a notice names ("x0, x1, x2 …")
_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only, and short: int() never sees anything else
# a quote reference (dashboard/data/sources.py): a measure, one of its figures, or a source's left-out number
_QUOTE_REF = re.compile(r"[a-z][a-z0-9_-]{0,199}(?:\.left_out)?(?:\.[0-9]{1,6})?")
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
    quote: str | None = None  # the quote the source page highlights (a reference from dashboard/data/sources.py)

    def for_page(self, page: str) -> ViewState:
        """The view as a link to `page` carries it: without the other pages' own parameters."""
        own = PAGE_PARAMS.get(page, ())
        drop = {name for key, names in PAGE_PARAMS.items() if key != page for name in names if name not in own}
        return replace(self, **{name: _DEFAULTS[name] for name in drop})
    basket: Basket = ()  # the briefing basket (dashboard/analysis/basket.py), in the reader's order

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
    """An ignored parameter, both parts cut to a length a notice can show (escape them when shown).

    `count` values of `param` were ignored, `value` names the first few; `param` "" sums up `count` further
    parameters that got no notice of their own (NOTICES_MAX)."""

    param: str
    value: str
    count: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "param", shorten(self.param))
        object.__setattr__(self, "value", shorten(self.value, 80))

    @classmethod
    def of(cls, param: str, values: list[str]) -> Notice:
        """One notice for all the ignored values of one parameter."""
        named = ", ".join(shorten(v, 24) for v in values[:NOTICE_VALUES])
        return cls(param, named + (" …" if len(values) > NOTICE_VALUES else ""), len(values))


class _Ignored:
    """The values each parameter drops, in the order met, each distinct value once."""

    def __init__(self) -> None:
        self.by_param: dict[str, dict[str, None]] = {}

    def add(self, param: str, *values: str) -> None:
        if values:
            self.by_param.setdefault(param, {}).update(dict.fromkeys(values))

    def notices(self) -> list[Notice]:
        notices = [Notice.of(param, list(values)) for param, values in self.by_param.items()]
        if len(notices) <= NOTICES_MAX:
            return notices
        rest = notices[NOTICES_MAX - 1:]
        return [*notices[: NOTICES_MAX - 1], Notice("", "", len(rest))]


@dataclass
class ParsedState:
    state: ViewState
    notices: list[Notice] = field(default_factory=list)


def _values(raw: str | list[str]) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def _listed(raw: str | list[str]) -> tuple[list[str], list[str]]:
    """A list parameter's distinct values: the first LIST_MAX of them to read, and the rest (ignored)."""
    values = list(dict.fromkeys(_values(raw)))
    return values[:LIST_MAX], values[LIST_MAX:]


def _codes(param: str, raw: str | list[str], allowed: list[str], ignored: _Ignored, *,
           ordered: bool = False) -> tuple[str, ...]:
    known = set(allowed)
    values, rest = _listed(raw)
    kept = {value for value in values if value in known}
    ignored.add(param, *(value for value in values if value not in known), *rest)
    if ordered:  # the order is the reader's (Compare's charts, the benchmark's peers): as the link lists them
        return tuple(dict.fromkeys(value for value in values if value in known))
    # a set of filters: the vocabulary's order, so the same view always has the same URL
    return tuple(code for code in allowed if code in kept)


def _free_text(param: str, raw: str | list[str], ignored: _Ignored) -> str | None:
    """Free text (a keyword, a search): commas kept as typed; too long or with control characters → notice."""
    text = " ".join(str(item).strip() for item in raw) if isinstance(raw, list) else str(raw)
    if len(text) > KEYWORD_MAX or any(ord(ch) < 32 for ch in text):
        ignored.add(param, text)
        return None
    return text.strip()


def _single(param: str, raw: str | list[str], accept: Callable[[str], bool], ignored: _Ignored) -> str | None:
    values = _values(raw)
    if values and accept(values[0]):
        return values[0]
    ignored.add(param, ",".join(values[:NOTICE_VALUES + 1]))
    return None


def _quote_ref(dataset: Dataset, ref: str) -> bool:
    """A reference of a quote in the dataset: checked for its form before it is looked up."""
    return _QUOTE_REF.fullmatch(ref) is not None and find_quote(dataset, ref) is not None


# a matrix cell: a region id (or a province or level name, when the matrix sums regions) and a theme code
_CELL = re.compile(r"[^\x00-\x1f]{1,60}\.[a-z][a-z0-9_]{0,60}")


def parse_query_params(params: Mapping[str, str | list[str]], dataset: Dataset) -> ParsedState:
    ignored = _Ignored()
    state = ViewState()
    vocab = _Vocabulary(dataset)
    for param, raw in params.items():
        try:
            state = _parse_one(state, param, raw, vocab, ignored)
        except Exception:  # a value no rule foresaw is one more ignored value, never an error past the router
            logging.getLogger("dashboard").exception("link parameter %r", shorten(param))
            ignored.add(param, ",".join(_values(raw)[:NOTICE_VALUES + 1]))
    if state.home in state.peers:  # home is never its own peer
        state = replace(state, peers=tuple(p for p in state.peers if p != state.home))
    return ParsedState(state, ignored.notices())


class _Vocabulary:
    """The dataset's codes a link may name, listed once per parse."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.region_ids = [r.id for r in dataset.regions]
        self.instrument_ids = [i.id for i in dataset.instruments]
        self.theme_codes = [th.code for th in dataset.themes]


def _parse_one(state: ViewState, param: str, raw: str | list[str], vocab: _Vocabulary,
               ignored: _Ignored) -> ViewState:
    """`state` with one parameter of the link read into it; what it cannot read goes to `ignored`."""
    dataset, region_ids = vocab.dataset, vocab.region_ids
    if param == "lang":
        value = _single(param, raw, LANGS.__contains__, ignored)
        return replace(state, lang=value) if value else state
    if param in ("regions", "themes", "instruments", "groups", "status", "peers"):
        allowed = {"regions": region_ids, "themes": vocab.theme_codes, "instruments": vocab.instrument_ids,
                   "groups": [g.id for g in dataset.target_groups], "status": list(STATUSES),
                   "peers": region_ids}[param]
        field_name = {"groups": "target_groups", "status": "statuses"}.get(param, param)
        return replace(state, **{field_name: _codes(param, raw, allowed, ignored, ordered=param == "peers")})
    if param == "instrument":
        return replace(state, instrument=_single(param, raw, set(vocab.instrument_ids).__contains__, ignored))
    if param == "theme":
        return replace(state, theme=_single(param, raw, set(vocab.theme_codes).__contains__, ignored))
    if param == "cols":
        # the order is the reader's (left to right), not the vocabulary's; at most four columns
        known = set(region_ids)
        values, rest = _listed(raw)
        chosen = [v for v in values if v in known]
        ignored.add(param, *(v for v in values if v not in known), *chosen[SIDE_BY_SIDE_MAX:], *rest)
        return replace(state, columns=tuple(chosen[:SIDE_BY_SIDE_MAX]))
    if param in ("q", "find"):
        text = _free_text(param, raw, ignored)
        return state if text is None else replace(state, **{"keyword" if param == "q" else "find": text})
    single = {"region": dataset.regions_by_id.__contains__, "m": dataset.measures_by_id.__contains__,
              "src": dataset.sources_by_id.__contains__, "quote": lambda ref: _quote_ref(dataset, ref),
              "home": lambda v: v in dataset.regions_by_id or v == CUSTOM_HOME}
    if param in single:
        field_name = {"m": "measure", "src": "source"}.get(param, param)
        return replace(state, **{field_name: _single(param, raw, single[param], ignored)})
    if param == "ind":
        codes = _codes(param, raw, [i.code for i in dataset.indicators], ignored, ordered=True)
        # "ind=" chooses no indicator; a list of only unknown codes leaves the default
        return replace(state, indicators=codes if codes or not _values(raw) else None)
    if param == "cell":
        value = str(raw[0] if isinstance(raw, list) and raw else raw).strip()
        if _CELL.fullmatch(value):  # whether the cell is in the matrix, the Overview checks (it knows the rows)
            return replace(state, cell=value)
        ignored.add(param, value)
        return state
    if param == "cards":
        value = ",".join(_values(raw)[:2])
        if _NUMBER.fullmatch(value) and 1 <= int(value) <= CARD_PAGES_MAX:
            return replace(state, cards=int(value))  # past the last page, the Overview shows the last
        ignored.add(param, value)
        return state
    if param == "all":
        value = ",".join(_values(raw)[:2])
        if value in ("0", "1"):
            return replace(state, every=value == "1")
        ignored.add(param, value)
        return state
    if param == "basket":
        values, rest = _listed(raw)
        basket, dropped = parse_basket(values, dataset)
        ignored.add(param, *dropped, *rest)
        return replace(state, basket=basket)
    ignored.add(param, ",".join(_values(raw)[:NOTICE_VALUES + 1]))
    return state


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
