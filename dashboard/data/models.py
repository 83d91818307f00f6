"""Pydantic v2 models of the curated dataset.

Open vocabularies (themes, instruments, target groups, indicators) live in the dataset itself; the closed
ones (units, qualifiers, kinds, scopes, time bases, statuses, levels) are defined once in dashboard/data/vocab.py.
No streamlit here: these models are shared by the app, the validator and the exports.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

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
# Text the page shows: no control character (a newline only where a text may run over lines) and no blank line,
# which would end the block of HTML or Markdown the text sits in. The app escapes every text besides (text.py).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _without_control_characters(text: str) -> str:
    # checked on every text of every load (hundreds of thousands at scale): one search, and a second only where a
    # line break stands
    if _CONTROL_BUT_NEWLINE.search(text):
        raise ValueError("control character (only a line break may stand in a text)")
    if "\n" in text and _BLANK_LINE.search(text):
        raise ValueError("blank line inside a text (one paragraph only)")
    return text


def _one_line(text: str) -> str:
    if _CONTROL.search(text):
        raise ValueError("line break or control character in a one-line text (a title, name, headline or label)")
    return text


Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True),
                 AfterValidator(_without_control_characters)]
Line = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_one_line)]

Period = Annotated[str, StringConstraints(pattern=PERIOD_PATTERN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class LeftOut(Strict):
    """A number printed in a source that is deliberately not a figure: a name (科创十条, 五大产业技术研究院),
    a document or date, or context about somewhere else. Listed so that nothing charts it by mistake."""

    as_printed: Text
    quote: Text
    reason: LeftOutReason
    note_zh: Text | None = None
    note_en: Text | None = None


class Source(Strict):
    id: Code
    title_zh: Line
    title_en: Line
    publisher_zh: Line
    publisher_en: Line
    covers_zh: Text
    covers_en: Text
    citation_zh: Text
    citation_en: Text
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
    code: Code
    zh: Line
    en: Line
    core: bool
    definition_zh: Text
    definition_en: Text


class Indicator(Strict):
    code: Code
    zh: Line
    en: Line
    unit: Unit
    kind: Kind
    definition_zh: Text
    definition_en: Text
    synonyms_zh: list[Line] = Field(default_factory=list)  # other wordings sources use; the draft matches on them


class Category(Strict):
    """An entry of an open vocabulary that describes measures: a policy instrument or a target group."""

    id: Code
    name_zh: Line
    name_en: Line
    definition_zh: Text
    definition_en: Text


class Instrument(Category):
    """How a measure works (grants, loans, 科技特派员, 揭榜挂帅 …), after the EC-OECD STIP Compass."""


class TargetGroup(Category):
    """Whom a measure is for (firms, researchers, farmers …)."""


class Population(Strict):
    """What a figure counts when it is not the whole region, defined once because several figures count it."""

    id: Code
    zh: Line
    en: Line


class GlossaryTerm(Strict):
    zh: Line
    en: Line
    explanation_zh: Text
    explanation_en: Text


class Figure(Strict):
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
    scope_zh: Line | None = None
    scope_en: Line | None = None
    basis: TimeBasis
    period: Period | None = None  # defaults to the region's period; its form must suit `basis`
    step: Step | None = None  # one of a before → after pair of the same indicator in the same measure
    # a second reading of an ambiguous wording (提高了2倍: 2× or 3× the base); the note must say which is which
    alt_value: float | None = None
    quote: Text
    source: Code | None = None  # the source the quote comes from, when not the measure's
    label_zh: Line | None = None  # what exactly is counted, when a region reports an indicator more than once
    label_en: Line | None = None
    note_zh: Text | None = None
    note_en: Text | None = None
    key: bool = False  # shown on the region's overview card


class Measure(Strict):
    id: MeasureId
    title_zh: Line
    title_en: Line
    themes: list[Code] = Field(min_length=1)
    instruments: list[Code] = Field(min_length=1)
    target_groups: list[Code] = Field(min_length=1)
    status: Status  # decided from the quote's wording by the rule in dashboard/data/vocab.py (Status)
    summary_zh: Text
    summary_en: Text
    quote: Text
    source: Code | None = None  # the source the quote comes from, when not the region's
    figures: list[Figure] = Field(default_factory=list)
    # why the measure reads as it does where a reader could doubt it: a status or tag decided by judgement, a result
    # folded in from another sentence, text of the source the quote cannot hold
    note_zh: Text | None = None
    note_en: Text | None = None


class Region(Strict):
    id: RegionId
    name_zh: Line
    name_en: Line
    short_zh: Line
    short_en: Line
    level: Level
    province_zh: Line
    province_en: Line
    period: Period
    source: Code | None = None  # the region's main source; may be left out when the dataset has only one
    headline_zh: Line
    headline_en: Line
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

    def scope_words(self, figure: Figure) -> tuple[str, str]:
        """(zh, en) words for what a figure covers when it is not the whole region ("" for the whole region)."""
        population = self._populations.get(figure.population or "")
        if population is not None and not figure.scope_zh:
            return population.zh, population.en
        return figure.scope_zh or "", figure.scope_en or ""

    @property
    def sources_by_id(self) -> dict[str, Source]:
        return self._sources

    @property
    def figure_count(self) -> int:
        return self._counts[1]

    @property
    def measure_count(self) -> int:
        return self._counts[0]
