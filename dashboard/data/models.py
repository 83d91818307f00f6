"""Pydantic v2 models of the curated dataset.

Open vocabularies (themes, instruments, target groups, indicators) live in the dataset itself; the closed
ones (units, qualifiers, kinds, scopes, time bases, statuses, levels) are defined once in dashboard/data/vocab.py.
No streamlit here: these models are shared by the app, the validator and the exports.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import ConfigDict, Field, PrivateAttr, StringConstraints

from dashboard.data.bilingual import Bilingual, BilingualLine, FoldsBilingual, Line, Text
from dashboard.data.vocab import (
    PERIOD_PATTERN,
    Kind,
    LeftOutReason,
    Level,
    Qualifier,
    Scope,
    Status,
    Step,
    TimeBasis,
    Unit,
)

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
RegionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
MeasureId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]

Period = Annotated[str, StringConstraints(pattern=PERIOD_PATTERN)]


class Strict(FoldsBilingual):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class LeftOut(Strict):
    """A number printed in a source that is deliberately not a figure: a name (科创十条, 五大产业技术研究院),
    a document or date, or context about somewhere else. Listed so that nothing charts it by mistake."""

    as_printed: Text
    quote: Text
    reason: LeftOutReason
    note: Bilingual | None = None


class Source(Strict):
    id: Code
    title: BilingualLine
    publisher: BilingualLine
    covers: Bilingual
    citation: Bilingual
    # what is known of the issue: the digest's issue number and date, when the source gives them (shown as
    # "not given" otherwise, never guessed)
    issue: Line | None = None
    date: Line | None = None
    file: Line  # path relative to the dataset file
    # every number of the file is a figure or a left_out entry (checked); false only for an excerpt such as a test
    # fixture that takes a few figures of a larger source
    complete: bool = True
    left_out: list[LeftOut] = Field(default_factory=list)  # numbers of the source that are not figures, and why


class Theme(Strict):
    bilingual_stems: ClassVar[dict[str, str]] = {"name": ""}  # the files' keys: zh, en

    code: Code
    name: BilingualLine
    core: bool
    definition: Bilingual


class Indicator(Strict):
    bilingual_stems: ClassVar[dict[str, str]] = {"name": ""}  # the files' keys: zh, en

    code: Code
    name: BilingualLine
    unit: Unit
    kind: Kind
    definition: Bilingual
    synonyms_zh: list[Line] = Field(default_factory=list)  # other wordings sources use; the draft matches on them


class Category(Strict):
    """An entry of an open vocabulary that describes measures: a policy instrument or a target group."""

    id: Code
    name: BilingualLine
    definition: Bilingual


class Instrument(Category):
    """How a measure works (grants, loans, 科技特派员, 揭榜挂帅 …), after the EC-OECD STIP Compass."""


class TargetGroup(Category):
    """Whom a measure is for (firms, researchers, farmers …)."""


class Population(Strict):
    """What a figure counts when it is not the whole region, defined once because several figures count it."""

    bilingual_stems: ClassVar[dict[str, str]] = {"name": ""}  # the files' keys: zh, en

    id: Code
    name: BilingualLine


class GlossaryTerm(Strict):
    bilingual_stems: ClassVar[dict[str, str]] = {"term": ""}  # the files' keys: zh, en

    term: BilingualLine
    explanation: Bilingual


class Figure(Strict):
    bilingual_stems: ClassVar[dict[str, str]] = {"scope_text": "scope"}  # the files' keys: scope_zh, scope_en

    indicator: Code
    value: float
    unit: Unit
    as_printed: Text
    qualifier: Qualifier
    kind: Kind
    scope: Scope
    # what exactly the number covers, when it is not the whole region: an id (figures with the same id count the very
    # same group, and only they may share an axis), and its words ("宁夏大学、宁夏农科院2家试点单位") unless the id is an
    # entry of the dataset's `populations`
    population: Code | None = None
    scope_text: BilingualLine | None = None
    basis: TimeBasis
    period: Period | None = None  # defaults to the region's period; its form must suit `basis`
    step: Step | None = None  # one of a before → after pair of the same indicator in the same measure
    # a second reading of an ambiguous wording (提高了2倍: 2× or 3× the base); the note must say which is which
    alt_value: float | None = None
    quote: Text
    source: Code | None = None  # the source the quote comes from, when not the measure's
    label: BilingualLine | None = None  # what exactly is counted, when a region reports an indicator more than once
    note: Bilingual | None = None
    key: bool = False  # shown on the region's overview card


class Measure(Strict):
    id: MeasureId
    title: BilingualLine
    themes: list[Code] = Field(min_length=1)
    instruments: list[Code] = Field(min_length=1)
    target_groups: list[Code] = Field(min_length=1)
    status: Status  # decided from the quote's wording by the rule in dashboard/data/vocab.py (Status)
    summary: Bilingual
    quote: Text
    source: Code | None = None  # the source the quote comes from, when not the region's
    figures: list[Figure] = Field(default_factory=list)
    # why the measure reads as it does where a reader could doubt it: a status or tag decided by judgement, a result
    # folded in from another sentence, text of the source the quote cannot hold
    note: Bilingual | None = None


class Region(Strict):
    id: RegionId
    name: BilingualLine
    short: BilingualLine
    level: Level
    province: BilingualLine
    period: Period
    source: Code | None = None  # the region's main source; may be left out when the dataset has only one
    headline: BilingualLine
    measures: list[Measure] = Field(min_length=1)


class Dataset(Strict):
    schema_version: Literal[1]
    sources: list[Source] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    instruments: list[Instrument] = Field(min_length=1)
    target_groups: list[TargetGroup] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)
    populations: list[Population] = Field(default_factory=list)
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    regions: list[Region] = Field(min_length=1)
    # lookups by key, built once (hundreds of regions: no scanning of lists on every label)
    _themes: dict[str, Theme] = PrivateAttr(default_factory=dict)
    _indicators: dict[str, Indicator] = PrivateAttr(default_factory=dict)
    _instruments: dict[str, Instrument] = PrivateAttr(default_factory=dict)
    _target_groups: dict[str, TargetGroup] = PrivateAttr(default_factory=dict)
    _regions: dict[str, Region] = PrivateAttr(default_factory=dict)
    _measures: dict[str, tuple[Region, Measure]] = PrivateAttr(default_factory=dict)
    _sources: dict[str, Source] = PrivateAttr(default_factory=dict)
    _populations: dict[str, Population] = PrivateAttr(default_factory=dict)
    _counts: tuple[int, int] = PrivateAttr(default=(0, 0))  # (measures, figures)
    _names: dict[tuple[str, str, str], dict[str, str]] = PrivateAttr(default_factory=dict)  # names() worked out

    def model_post_init(self, context: object, /) -> None:
        self._themes = {t.code: t for t in self.themes}
        self._indicators = {i.code: i for i in self.indicators}
        self._instruments = {i.id: i for i in self.instruments}
        self._target_groups = {g.id: g for g in self.target_groups}
        self._regions = {r.id: r for r in self.regions}
        self._measures = {m.id: (r, m) for r in self.regions for m in r.measures}
        self._sources = {s.id: s for s in self.sources}
        self._populations = {p.id: p for p in self.populations}
        self._counts = (sum(len(r.measures) for r in self.regions),
                        sum(len(m.figures) for r in self.regions for m in r.measures))

    def theme(self, code: str) -> Theme:
        return self._themes[code]

    def indicator(self, code: str) -> Indicator:
        return self._indicators[code]

    def instrument(self, code: str) -> Instrument:
        return self._instruments[code]

    def target_group(self, code: str) -> TargetGroup:
        return self._target_groups[code]

    def region(self, region_id: str) -> Region:
        return self._regions[region_id]

    @property
    def regions_by_id(self) -> dict[str, Region]:
        """The regions by id (`id in dataset.regions_by_id` is a lookup, not a scan)."""
        return self._regions

    @property
    def measures_by_id(self) -> dict[str, tuple[Region, Measure]]:
        """Each measure with its region, by measure id."""
        return self._measures

    def scope_text(self, figure: Figure) -> BilingualLine | None:
        """The words for what a figure covers when it is not the whole region: its own, else its population's (None
        for the whole region)."""
        population = self._populations.get(figure.population or "")
        if population is not None and figure.scope_text is None:
            return population.name
        return figure.scope_text

    def names(self, section: str, lang: str, field: str = "name") -> dict[str, str]:
        """Each entry of a section (regions, sources, themes, indicators, instruments, target_groups, populations)
        by its id or code → its `field` in `lang`: names("regions", "en", "short") → {"mianyang": "Mianyang", …}."""
        found = self._names.get((section, lang, field))
        if found is None:
            key = "code" if section in ("themes", "indicators") else "id"
            found = {getattr(entry, key): getattr(entry, field).text(lang) for entry in getattr(self, section)}
            self._names[(section, lang, field)] = found
        return dict(found)

    @property
    def sources_by_id(self) -> dict[str, Source]:
        return self._sources

    @property
    def figure_count(self) -> int:
        return self._counts[1]

    @property
    def measure_count(self) -> int:
        return self._counts[0]
