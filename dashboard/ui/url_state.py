"""The whole view ↔ URL query parameters, checked against the dataset's vocabulary.

Values are plain comma-separated codes (the keyword `q` is free text, commas and all); nothing from the URL is ever deserialised beyond that.
An unknown or malformed value is dropped and reported as a notice, never raised: one notice per parameter, however
many of its values were dropped, and a list parameter reads at most LIST_MAX values. Numbers are ASCII digits of a
bounded length (Unicode digits such as "²" or "١" are not numbers here, and Python refuses integers of more than
4,300 digits).

PARAMS is the table of parameters: each names the view's field it holds, its parser (one per family: codes of a
vocabulary, a single code, a number, a flag, free text…) and how the view writes it, in the order links write them.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from dashboard.analysis.basket import Basket, parse_basket, serialise_basket
from dashboard.analysis.frames import KEYWORD_MAX, Filters
from dashboard.analysis.home_input import CUSTOM_HOME
from dashboard.data.models import Dataset
from dashboard.data.sources import find_quote
from dashboard.data.text import shorten
from dashboard.data.vocab import STATUSES
from dashboard.i18n import DEFAULT_LANG, LANGS

SIDE_BY_SIDE_MAX = 4  # regions set side by side in columns: more would not read
CARD_PAGES_MAX = 10_000  # the Overview's pages of region cards a link may name (nine regions a page)
LIST_MAX = 1_000  # values of one list parameter a link may name; the rest are ignored with the notice
NOTICES_MAX = 8  # notices shown for one link; the rest are summed up in one more
NOTICE_VALUES = 3  # ignored values a notice names ("x0, x1, x2 …")
_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only, and short: int() never sees anything else
# a quote reference (dashboard/data/sources.py): a measure, one of its figures, or a source's left-out number
_QUOTE_REF = re.compile(r"[a-z][a-z0-9_-]{0,199}(?:\.left_out)?(?:\.[0-9]{1,6})?")
# a matrix cell: a region id (or a province or level name, when the matrix sums regions) and a theme code
_CELL = re.compile(r"[^\x00-\x1f]{1,60}\.[a-z][a-z0-9_]{0,60}")
# Parameters that belong to one page: a link to another page leaves them out, so a URL names only what its page
# shows (the sidebar's view, the language and the profile region travel everywhere).
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "search": ("find",), "measure": ("measure",), "measures": ("measure",), "overview": ("cell", "cards"),
    "compare": ("indicators", "every"),
    "source": ("source", "quote"),
}
_FILTER_FIELDS = frozenset(f.name for f in fields(Filters))


@dataclass(frozen=True)
class ViewState:
    lang: str = DEFAULT_LANG
    # the sidebar's filters (regions, themes, instruments, target groups) and the Measures' (statuses, keyword)
    filters: Filters = field(default_factory=Filters)
    region: str | None = None  # the region of the profile page
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
    basket: Basket = ()  # the briefing basket (dashboard/analysis/basket.py), in the reader's order

    def updated(self, **changes: Any) -> ViewState:
        """The view with `changes`: a field of Filters (regions=…, keyword=…) changes its filters."""
        own = {name: changes.pop(name) for name in _FILTER_FIELDS & changes.keys()}
        return replace(self, filters=replace(changes.pop("filters", self.filters), **own), **changes)

    def value(self, name: str) -> Any:
        """A field of the view or of its filters, by name."""
        return getattr(self.filters if name in _FILTER_FIELDS else self, name)

    def for_page(self, page: str) -> ViewState:
        """The view as a link to `page` carries it: without the other pages' own parameters."""
        own = PAGE_PARAMS.get(page, ())
        drop = {name for key, names in PAGE_PARAMS.items() if key != page for name in names if name not in own}
        return replace(self, **{name: _DEFAULTS[name] for name in drop})

    def sidebar_only(self) -> ViewState:
        """The view as the chart pages use it: the sidebar's filters, no status or keyword."""
        return self.updated(statuses=(), keyword="")


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


Raw = str | list[str]  # a parameter as Streamlit gives it: its one value, or one per repeat in the link
Drop = Callable[..., None]  # takes the values of the parameter being read that it ignores
Parse = Callable[[Raw, Dataset, Drop], Any]


def _values(raw: Raw) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def _listed(raw: Raw) -> tuple[list[str], list[str]]:
    """A list parameter's distinct values: the first LIST_MAX of them to read, and the rest (ignored)."""
    values = list(dict.fromkeys(_values(raw)))
    return values[:LIST_MAX], values[LIST_MAX:]


def _named(raw: Raw) -> str:
    """A parameter's values as a notice names them when it cannot read any."""
    return ",".join(_values(raw)[:NOTICE_VALUES + 1])


def _scalar(raw: Raw) -> str:
    """The value of a parameter that takes one; a second value stays in it, so a list never reads as one value."""
    return ",".join(_values(raw)[:2])


# The parsers, one per family of parameters. Each reads a parameter's raw value against the dataset and returns
# the view's value, or None for the field's default; what it cannot read it passes to `drop`, for the notice.

def _codes(vocabulary: Callable[[Dataset], Iterable[str]], *, ordered: bool = False, most: int = LIST_MAX) -> Parse:
    """A list of codes of `vocabulary`: a set of filters in the vocabulary's order, so the same view always has the
    same URL; or, `ordered`, the reader's order as the link lists them (Compare's charts, the benchmark's peers,
    Side by side's columns left to right), at most `most` of them."""

    def parse(raw: Raw, dataset: Dataset, drop: Drop) -> tuple[str, ...]:
        allowed = list(vocabulary(dataset))
        known = set(allowed)
        values, rest = _listed(raw)
        kept = [value for value in values if value in known]
        drop(*(value for value in values if value not in known), *kept[most:], *rest)
        if ordered:
            return tuple(kept[:most])
        chosen = set(kept)
        return tuple(code for code in allowed if code in chosen)

    return parse


def _one(accept: Callable[[Dataset, str], bool]) -> Parse:
    """A single code that `accept` knows (a list's first value)."""

    def parse(raw: Raw, dataset: Dataset, drop: Drop) -> str | None:
        values = _values(raw)
        if values and accept(dataset, values[0]):
            return values[0]
        drop(_named(raw))
        return None

    return parse


def _number(low: int, high: int) -> Parse:
    """A whole number from `low` to `high`, in ASCII digits."""

    def parse(raw: Raw, dataset: Dataset, drop: Drop) -> int | None:
        value = _scalar(raw)
        if _NUMBER.fullmatch(value) and low <= int(value) <= high:
            return int(value)
        drop(value)
        return None

    return parse


def _flag(raw: Raw, dataset: Dataset, drop: Drop) -> bool | None:
    """On or off: "1" or "0"."""
    value = _scalar(raw)
    if value in ("0", "1"):
        return value == "1"
    drop(value)
    return None


def _free_text(raw: Raw, dataset: Dataset, drop: Drop) -> str | None:
    """Free text (a keyword, a search): commas kept as typed; too long or with control characters → notice."""
    text = " ".join(str(item).strip() for item in raw) if isinstance(raw, list) else str(raw)
    if len(text) > KEYWORD_MAX or any(ord(ch) < 32 for ch in text):
        drop(text)
        return None
    return text.strip()


def _cell(raw: Raw, dataset: Dataset, drop: Drop) -> str | None:
    """A matrix cell of the form "row.theme"; whether the matrix has it, the Overview checks (it knows the rows)."""
    value = str(raw[0] if isinstance(raw, list) and raw else raw).strip()
    if _CELL.fullmatch(value):
        return value
    drop(value)
    return None


def _quote_ref(dataset: Dataset, ref: str) -> bool:
    """A reference of a quote in the dataset: checked for its form before it is looked up."""
    return _QUOTE_REF.fullmatch(ref) is not None and find_quote(dataset, ref) is not None


_INDICATOR_CODES = _codes(lambda d: [i.code for i in d.indicators], ordered=True)


def _indicators(raw: Raw, dataset: Dataset, drop: Drop) -> tuple[str, ...] | None:
    """Compare's indicators: "ind=" chooses no indicator; a list of only unknown codes leaves the default."""
    codes = _INDICATOR_CODES(raw, dataset, drop)
    return codes if codes or not _values(raw) else None


def _basket(raw: Raw, dataset: Dataset, drop: Drop) -> Basket:
    values, rest = _listed(raw)
    basket, dropped = parse_basket(values, dataset)
    drop(*dropped, *rest)
    return basket


def _unknown(raw: Raw, dataset: Dataset, drop: Drop) -> None:
    drop(_named(raw))


def _region_ids(dataset: Dataset) -> list[str]:
    return [r.id for r in dataset.regions]


def _theme_codes(dataset: Dataset) -> list[str]:
    return [th.code for th in dataset.themes]


def _instrument_ids(dataset: Dataset) -> list[str]:
    return [i.id for i in dataset.instruments]


def _joined(value: str | tuple[str, ...] | None) -> str | None:
    """A code, a text or a list of codes as the URL writes it; left out when empty."""
    if not value:
        return None
    return value if isinstance(value, str) else ",".join(value)


@dataclass(frozen=True)
class Param:
    """One URL parameter: the view's field it holds (of the view or of its filters), how a link's value is read,
    and how the view's value is written (None: left out of the link)."""

    name: str
    field: str
    parse: Parse
    write: Callable[[Any], str | None] = _joined


# Every parameter a link may carry, in the order links write them.
PARAMS: tuple[Param, ...] = (
    Param("lang", "lang", _one(lambda d, v: v in LANGS), lambda lang: None if lang == DEFAULT_LANG else lang),
    Param("regions", "regions", _codes(_region_ids)),
    Param("themes", "themes", _codes(_theme_codes)),
    Param("instruments", "instruments", _codes(_instrument_ids)),
    Param("groups", "target_groups", _codes(lambda d: [g.id for g in d.target_groups])),
    Param("status", "statuses", _codes(lambda d: STATUSES)),
    Param("q", "keyword", _free_text),
    Param("region", "region", _one(lambda d, v: v in d.regions_by_id)),
    Param("instrument", "instrument", _one(lambda d, v: v in _instrument_ids(d))),
    Param("theme", "theme", _one(lambda d, v: v in _theme_codes(d))),
    Param("cols", "columns", _codes(_region_ids, ordered=True, most=SIDE_BY_SIDE_MAX)),
    Param("home", "home", _one(lambda d, v: v in d.regions_by_id or v == CUSTOM_HOME)),
    Param("peers", "peers", _codes(_region_ids, ordered=True)),
    Param("find", "find", _free_text),
    Param("m", "measure", _one(lambda d, v: v in d.measures_by_id)),
    Param("cell", "cell", _cell),
    Param("src", "source", _one(lambda d, v: v in d.sources_by_id)),
    Param("quote", "quote", _one(_quote_ref)),
    Param("cards", "cards", _number(1, CARD_PAGES_MAX), lambda page: str(page) if page > 1 else None),
    Param("all", "every", _flag, lambda every: "1" if every else None),
    # an empty choice is a choice: "ind=" (no indicator), unlike the default
    Param("ind", "indicators", _indicators, lambda codes: None if codes is None else ",".join(codes)),
    Param("basket", "basket", _basket, lambda basket: serialise_basket(basket) if basket else None),
)
_PARAM_NAMED = {param.name: param for param in PARAMS}


def parse_query_params(params: Mapping[str, Raw], dataset: Dataset) -> ParsedState:
    ignored = _Ignored()
    changes: dict[str, Any] = {}
    for name, raw in params.items():
        param = _PARAM_NAMED.get(name)
        drop = functools.partial(ignored.add, name)
        try:
            value = param.parse(raw, dataset, drop) if param else _unknown(raw, dataset, drop)
        except Exception:  # a value no rule foresaw is one more ignored value, never an error past the router
            logging.getLogger("dashboard").exception("link parameter %r", shorten(name))
            drop(_named(raw))
            continue
        if param and value is not None:
            changes[param.field] = value
    state = ViewState().updated(**changes)
    if state.home in state.peers:  # home is never its own peer
        state = replace(state, peers=tuple(p for p in state.peers if p != state.home))
    return ParsedState(state, ignored.notices())


def to_query_params(state: ViewState, page: str) -> dict[str, str]:
    """The query of a link to `page`: only what differs from the default view, so a plain link stays plain."""
    state = state.for_page(page)
    params: dict[str, str] = {}
    for param in PARAMS:
        text = param.write(state.value(param.field))
        if text is not None:
            params[param.name] = text
    return params
