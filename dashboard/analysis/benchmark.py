"""对标 Benchmark: a home region against chosen peers. Pure functions, no streamlit.

- `suggest_peers`: regions that share the most comparable figures with home (comparison.py decides what is
  comparable), then the same province, then the same level.
- `gap_lists`: themes (or instruments) the peers use and home does not, with the peers' measures and quotes; and
  the reverse, home's distinctive ones (used by fewer than half of the peers).
- `standings`: home's figures against each peer's figure that measures the same thing (comparison.py's rule but for
  time): leads, trails, level, or cannot tell (the qualifiers' ranges overlap, or a forecast) — a verdict only when
  both periods are the same point or the very same span (`same_time`); otherwise the pair is shown with both periods
  and "时间口径不同，不作领先/落后判断".
- `compare_home`: all of it for one home, its peers and a theme filter. A home that is not in the dataset comes
  from home.py. Its charts are charts/benchmark.py; its export table export/tables.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.analysis import comparison, frames
from dashboard.analysis.home_input import CUSTOM_HOME, HomeFigures
from dashboard.data.bilingual import LANGS, Bilingual
from dashboard.data.models import Dataset
from dashboard.data.vocab import FORECAST_QUALIFIERS
from dashboard.i18n import t

PEER_LIMIT = 4  # peers suggested by default
APPROX_TOLERANCE = 0.10  # 近/约 400: taken as within 10% of 400 when deciding who leads
VERDICTS = ("leads", "trails", "level", "unclear", "time_differs")


# ---------------------------------------------------------------- peers


@dataclass(frozen=True)
class PeerSuggestion:
    region_id: str
    shared: int  # comparison groups in which both home and this region have a figure
    same_province: bool
    same_level: bool

    @property
    def score(self) -> int:
        return 3 * self.shared + 2 * self.same_province + self.same_level


def with_home(figures: pd.DataFrame, home: HomeFigures | None) -> pd.DataFrame:
    """The dataset's figures and a typed-in home's, in one frame with one row per index label."""
    if home is None or home.figures.empty:
        return figures
    return pd.concat([figures, home.figures], ignore_index=True)


def _groups(figures: pd.DataFrame) -> pd.Series:
    """The comparison group of every figure that can be compared at all (charted scope, not a 'before')."""
    rows = figures[comparison.chartable(figures) & (figures["step"] != "before")]
    return pd.Series(comparison.comparison_groups(rows), index=rows.index) if len(rows) else pd.Series(dtype=object)


def groups_by_region(figures: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Each region's comparison groups (comparison.py): what its figures could be set beside. A figure's group
    depends on that figure alone, so a dataset's map is built once and a typed-in home's added to it."""
    groups = _groups(figures)
    by_region: dict[str, set[str]] = {}
    for region_id, group in zip(figures.loc[groups.index, "region_id"], groups, strict=True):
        by_region.setdefault(region_id, set()).add(group)
    return {region_id: frozenset(found) for region_id, found in by_region.items()}


def suggest_peers(dataset: Dataset, figures: pd.DataFrame, home: str, *, province: str = "", level: str = "",
                  limit: int = PEER_LIMIT, groups: Mapping[str, frozenset[str]] | None = None) -> list[PeerSuggestion]:
    """The regions most like home: most comparable figures in common, then same province, then same level.

    `figures` holds home's figures too (for a typed-in home, its rows with region_id CUSTOM_HOME); `groups`, if
    given, is groups_by_region of those figures, already worked out. A home in the dataset brings its own
    province and level; a typed-in one may give them."""
    if home in dataset.regions_by_id:
        region = dataset.region(home)
        province, level = region.province.zh, region.level
    by_region = groups if groups is not None else groups_by_region(figures)
    home_groups = by_region.get(home, frozenset())
    found = [PeerSuggestion(r.id, len(home_groups & by_region.get(r.id, frozenset())),
                            bool(province) and r.province.zh == province, bool(level) and r.level == level)
             for r in dataset.regions if r.id != home]
    ranked = sorted((s for s in found if s.score > 0), key=lambda s: -s.score)  # stable: dataset order on ties
    return ranked[:limit]


# ---------------------------------------------------------------- gap lists


@dataclass(frozen=True)
class GapItem:
    """A theme or instrument: which peers use it, and the measures (with quotes) that show it."""

    code: str
    peers: tuple[str, ...]  # the peers that use it
    measures: pd.DataFrame  # rows of the measures frame: the peers' (a gap) or home's (distinctive)


def codes_used(measures: pd.DataFrame, region_id: str, column: str = "themes") -> set[str]:
    rows = measures[measures["region_id"] == region_id]
    return {code for codes in rows[column] for code in codes}


def gap_lists(measures: pd.DataFrame, home: str, peers: Sequence[str], column: str = "themes", *,
              home_codes: Iterable[str] | None = None, vocabulary: Sequence[str] = (),
              only: Iterable[str] = ()) -> tuple[list[GapItem], list[GapItem]]:
    """(gaps, distinctive): codes of `column` (themes, instruments) that at least one peer uses and home does
    not, most-used first, with the peers' measures; and codes home uses that fewer than half of the peers use,
    with home's measures. `home_codes` replaces home's own for a home that is not in the dataset; `only` keeps
    these codes alone (a theme filter)."""
    used = set(home_codes) if home_codes is not None else codes_used(measures, home, column)
    peer_rows = measures[measures["region_id"].isin(peers)]
    exploded = peer_rows.explode(column)
    users: dict[str, tuple[str, ...]] = {
        code: tuple(p for p in peers if p in set(rows["region_id"]))
        for code, rows in exploded.groupby(column, sort=False)}
    if only:
        keep = set(only)
        users = {code: who for code, who in users.items() if code in keep}
        used &= keep
    order = {code: index for index, code in enumerate(vocabulary)}

    def having(rows: pd.DataFrame, code: str) -> pd.DataFrame:
        return rows[rows[column].map(lambda codes: code in codes)]

    gaps = [GapItem(code, who, having(peer_rows, code)) for code, who in users.items() if code not in used]
    gaps.sort(key=lambda g: (-len(g.peers), order.get(g.code, len(order))))
    home_rows = measures[measures["region_id"] == home]
    distinctive = [GapItem(code, users.get(code, ()), having(home_rows, code))
                   for code in used if len(users.get(code, ())) * 2 < len(peers) or not peers]
    distinctive.sort(key=lambda g: (len(g.peers), order.get(g.code, len(order))))
    return gaps, distinctive


# ---------------------------------------------------------------- lead / trail


def _range(value: float, qualifier: str) -> tuple[float, float]:
    """The values a printed figure allows: 近400 ±10%, 超过100 from 100 up, 最高80% up to 80."""
    if qualifier in ("at_least", "expected_at_least"):
        return value, math.inf
    if qualifier == "up_to":
        return -math.inf, value
    if qualifier == "approx":
        spread = abs(value) * APPROX_TOLERANCE
        return value - spread, value + spread
    return value, value


def verdict(home_value: float, home_qualifier: str, peer_value: float, peer_qualifier: str, kind: str) -> str:
    """'leads', 'trails', 'level' or 'unclear' (the ranges the qualifiers allow overlap, or either is a forecast).
    A rank leads by being the smaller number (第2位 leads 第11位)."""
    if home_qualifier in FORECAST_QUALIFIERS or peer_qualifier in FORECAST_QUALIFIERS:
        return "unclear"
    (h_low, h_high), (p_low, p_high) = _range(home_value, home_qualifier), _range(peer_value, peer_qualifier)
    if h_low == h_high == p_low == p_high:
        return "level"
    if h_low > p_high:
        return "trails" if kind == "rank" else "leads"
    if h_high < p_low:
        return "leads" if kind == "rank" else "trails"
    return "unclear"


def _months(period: str) -> tuple[str, str] | None:
    """A period as its first and last month ('2023-01', '2023-12'), None when a bound is not known. A year as a span
    is its twelve months; a point in time is one month ('2023-end' is December), a year-level point ('2023', a level
    reported for the year without its date) stays the year itself; a running total without its start ('..2023')
    has no known first month."""
    if period.startswith(".."):
        return None
    if ".." in period:
        start, end = period.split("..")
        return (start if "-" in start else f"{start}-01", end if "-" in end else f"{end}-12")
    if period.endswith("-end"):
        return (f"{period[:4]}-12",) * 2
    if period.endswith("-start"):
        return (f"{period[:4]}-01",) * 2
    return (period, period)


def same_time(home_basis: str, home_period: str, peer_basis: str, peer_period: str) -> bool:
    """Whether two figures' periods are the same point or the very same span, the only pairs given a verdict.

    Not the comparison rule's looser 'same reference year' for points ('2023' and '2023-10' share an axis but are
    not the same point): a lead or a trail is a claim about two moments or two spans, so they must coincide. A span
    given as a year and the same year's twelve months coincide; a running total whose start is not given does not
    coincide with anything."""
    if home_basis != peer_basis:
        return False
    home, peer = _bounds(home_basis, home_period), _bounds(peer_basis, peer_period)
    return home is not None and home == peer


def _bounds(basis: str, period: str) -> tuple[str, str] | None:
    if basis == "span" and ".." not in period and "-" not in period:  # a year's flow: its twelve months
        return (f"{period}-01", f"{period}-12")
    return _months(period)


STANDING_COLUMNS = ["group", "indicator", "home_index", "peer_index", "peer_region_id", "verdict", "comparable"]


def _timeless_groups(figures: pd.DataFrame) -> pd.Series:
    """What a figure measures, whatever its time: its comparison key without basis and timing (so a Jan–Oct share
    and a year's share of the same population are one pair, shown apart by their periods)."""
    rows = figures[comparison.chartable(figures) & (figures["step"] != "before")]
    if not len(rows):
        return pd.Series(dtype=object)
    keys = [replace(key, basis="", timing="").code for key in comparison.comparison_keys(rows)]
    return pd.Series(keys, index=rows.index, dtype="object")


def standings(figures: pd.DataFrame, home: str, peers: Sequence[str]) -> pd.DataFrame:
    """Every pair of a home figure and a peer figure that measure the same thing, with its verdict.

    Same indicator, unit, kind, scope, reported-not-forecast (comparison.py): a 'before' reading is not home's current
    figure, and an ambiguous wording has a key of its own, so never pairs. The verdict (leads, trails, level, cannot
    tell) is given only when both periods are the same point or the very same span (`same_time`); any other pair is
    'time_differs', shown with both periods and no lead or trail. `comparable` says whether the pair may also share a
    chart axis (the same comparison group); `group` is home's comparison group."""
    mine = figures[figures["region_id"].isin([home, *peers])]
    timeless = _timeless_groups(mine)
    rows = mine.loc[timeless.index].assign(_what=timeless, _group=comparison.comparison_groups(mine.loc[timeless.index]))
    home_rows, peer_rows = rows[rows["region_id"] == home], rows[rows["region_id"].isin(peers)]
    pairs = home_rows.reset_index().merge(peer_rows.reset_index(), on="_what", suffixes=("_h", "_p"))
    timed = [same_time(hb, str(hp), pb, str(pp)) for hb, hp, pb, pp in
             zip(pairs["basis_h"], pairs["period_h"], pairs["basis_p"], pairs["period_p"], strict=True)]
    out = pd.DataFrame({
        "group": pairs["_group_h"], "indicator": pairs["indicator_h"], "home_index": pairs["index_h"],
        "peer_index": pairs["index_p"], "peer_region_id": pairs["region_id_p"],
        "verdict": [verdict(hv, hq, pv, pq, k) if same else "time_differs" for hv, hq, pv, pq, k, same in
                    zip(pairs["value_h"], pairs["qualifier_h"], pairs["value_p"], pairs["qualifier_p"],
                        pairs["kind_h"], timed, strict=True)],
        "comparable": (pairs["_group_h"] == pairs["_group_p"]).astype(bool),
    }, columns=STANDING_COLUMNS)
    peer_order = {p: i for i, p in enumerate(peers)}
    return out.sort_values(["indicator", "peer_region_id"], key=lambda c: c.map(peer_order)
                           if c.name == "peer_region_id" else c, kind="stable").reset_index(drop=True)


def standings_table(pairs: pd.DataFrame, figures: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """The pairs as a reader sees them: indicator, home's value, scope and time, the peer's, and the verdict."""
    columns = ["indicator", "home_value", "home_scope", "home_time", "peer", "peer_value", "peer_scope", "peer_time",
               "verdict", "verdict_label", "group"]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    # labelled over the regions' figures, so a repeated indicator keeps the label that tells its figures apart
    regions = set(figures.loc[pairs["home_index"], "region_id"]) | set(pairs["peer_region_id"])
    labelled = frames.labelled_figures(figures[figures["region_id"].isin(regions)], dataset, lang)
    home = labelled.loc[pairs["home_index"]].reset_index(drop=True)
    peer = labelled.loc[pairs["peer_index"]].reset_index(drop=True)
    return pd.DataFrame({
        "indicator": home["name"], "home_value": home["value_label"], "home_scope": home["scope_label"],
        "home_time": home["time_label"],
        # a peer reporting the indicator more than once: its label says which of them this is
        "peer": [f"{region} · {label}" if label else region
                 for region, label in zip(peer[Bilingual.column("region", lang)], peer[Bilingual.column("label", lang)],
                                          strict=True)],
        "peer_value": peer["value_label"],
        "peer_scope": peer["scope_label"], "peer_time": peer["time_label"], "verdict": pairs["verdict"].values,
        "verdict_label": [t(f"bench_verdict_{v}", lang) for v in pairs["verdict"]], "group": pairs["group"].values,
    }, columns=columns)


def chart_indicators(pairs: pd.DataFrame) -> list[str]:
    """The indicators on which home has a comparable figure beside a peer's (one comparison group: they may share
    an axis), in the order of `pairs`."""
    if "comparable" in pairs:
        pairs = pairs[pairs["comparable"].astype(bool)]
    return list(dict.fromkeys(pairs["indicator"]))



def vocabulary_name(dataset: Dataset, vocabulary: str, code: str, lang: str) -> str:
    if vocabulary == "themes":
        return dataset.theme(code).name.text(lang)
    lookup = getattr(dataset, "instrument", None)
    try:
        return lookup(code).name.text(lang) if lookup else code
    except KeyError:
        return code



# ---------------------------------------------------------------- the whole comparison, and its charts


@dataclass(frozen=True)
class Benchmark:
    """Home against its peers under a theme filter: what the page shows and the exports write."""

    home: str
    peers: tuple[str, ...]
    themes: tuple[str, ...]
    figures: pd.DataFrame  # the dataset's figures under the theme filter, with a typed-in home's
    pairs: pd.DataFrame  # standings()
    gaps: dict[str, tuple[list[GapItem], list[GapItem]]]  # vocabulary ('themes', 'instruments') → gap lists
    home_names: dict[str, str]  # lang → home's name

    def home_name(self, lang: str) -> str:
        return self.home_names[lang]


def vocabularies(measures: pd.DataFrame) -> list[str]:
    """The measure vocabularies a gap list can be drawn from: themes, and instruments once the data has them."""
    return [c for c in ("themes", "instruments") if c in measures.columns]


def compare_home(dataset: Dataset, measures: pd.DataFrame, figures: pd.DataFrame, home: str,
                 peers: Sequence[str], themes: Sequence[str] = (), *, custom: HomeFigures | None = None,
                 custom_codes: dict[str, Iterable[str]] | None = None) -> Benchmark:
    """Everything the benchmark shows for one home, its peers and a theme filter (empty: all themes).

    A typed-in home (home == CUSTOM_HOME) brings its figures in `custom` and the themes or instruments it
    says it uses in `custom_codes`."""
    peers = tuple(p for p in peers if p != home and p in dataset.regions_by_id)
    filters = frames.Filters(themes=tuple(themes))
    shown_measures = frames.filter_frame(measures, filters)
    shown_figures = frames.filter_frame(figures, filters)
    if home == CUSTOM_HOME:
        shown_figures = with_home(shown_figures, custom)
        name = custom.name if custom is not None else ""
        names = {lang: name or t("bench_custom_name_default", lang) for lang in LANGS}
        mine = shown_figures["region_id"] == CUSTOM_HOME  # an unnamed home is called 本地区 / Home region
        columns = {lang: Bilingual.column("region", lang) for lang in LANGS}
        shown_figures = shown_figures.assign(**{column: shown_figures[column].where(~mine, names[lang])
                                                for lang, column in columns.items()})
    else:
        region = dataset.region(home)
        names = {lang: region.short.text(lang) for lang in LANGS}
    vocab = {"themes": [th.code for th in dataset.themes if not themes or th.code in themes],
             "instruments": [i.id for i in getattr(dataset, "instruments", [])]}
    gaps = {}
    for column in vocabularies(measures):
        declared = None
        if home == CUSTOM_HOME:
            declared = set((custom_codes or {}).get(column, ()))
        gaps[column] = gap_lists(shown_measures, home, peers, column, home_codes=declared, vocabulary=vocab[column],
                                 only=themes if column == "themes" else ())
    pairs = standings(shown_figures, home, peers) if peers else pd.DataFrame(columns=STANDING_COLUMNS)
    return Benchmark(home, peers, tuple(themes), shown_figures, pairs, gaps, names)

