"""Pydantic v2 models of the curated dataset, with its closed vocabularies.

Open vocabularies (themes, indicators) live in the dataset itself; the closed ones
(units, qualifiers, kinds, statuses, levels) live here because code depends on them.
No streamlit here: these models are shared by the app, the validator and the exports.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
RegionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
MeasureId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

# A period is a year ("2023"), a span of months ("2023-01..2023-10"), a span of
# years ("2021..2023") or a running total up to a year ("..2023").
PERIOD_PATTERN = r"^(\d{4}|\d{4}-\d{2}\.\.\d{4}-\d{2}|\d{4}\.\.\d{4}|\.\.\d{4})$"
Period = Annotated[str, StringConstraints(pattern=PERIOD_PATTERN)]

Qualifier = Literal["exact", "approx", "at_least", "expected", "expected_at_least", "up_to"]
Kind = Literal["stock", "new", "rate", "rank", "change"]
Status = Literal["planned", "in_progress", "achieved"]
Level = Literal["city_cluster", "province_region", "prefecture_city", "district"]

# unit code -> (zh suffix, en suffix). Values are stored in these base units:
# 80亿元 is stored as 8_000_000_000 with unit "yuan".
UNITS: dict[str, tuple[str, str]] = {
    "count": ("", ""),  # counts print bare: the source says 个, 家, 项, 期 … and the chart title names the unit
    "people": ("人", " people"),
    "person_times": ("人次", " person-times"),
    "yuan": ("元", " yuan"),
    "percent": ("%", "%"),
    "percentage_points": ("个百分点", " pp"),
    "rank": ("位", ""),
    "multiple": ("倍", "×"),
    "years": ("年", " years"),
    "days": ("天", " days"),
    "jin_per_mu": ("斤/亩", " jin/mu"),
    "mg_per_kg": ("mg/kg", " mg/kg"),
    "ph": ("", ""),
}
Unit = Literal[
    "count",
    "people",
    "person_times",
    "yuan",
    "percent",
    "percentage_points",
    "rank",
    "multiple",
    "years",
    "days",
    "jin_per_mu",
    "mg_per_kg",
    "ph",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Strict):
    id: Code
    title_zh: Text
    title_en: Text
    publisher_zh: Text
    publisher_en: Text
    covers_zh: Text
    covers_en: Text
    citation_zh: Text
    citation_en: Text
    file: Text  # path relative to the dataset file


class Theme(Strict):
    code: Code
    zh: Text
    en: Text
    core: bool
    definition_zh: Text
    definition_en: Text


class Indicator(Strict):
    code: Code
    zh: Text
    en: Text
    unit: Unit
    kind: Kind
    definition_zh: Text
    definition_en: Text


class GlossaryTerm(Strict):
    zh: Text
    en: Text
    explanation_zh: Text
    explanation_en: Text


class Figure(Strict):
    indicator: Code
    value: float
    unit: Unit
    as_printed: Text
    qualifier: Qualifier
    kind: Kind
    period: Period | None = None  # defaults to the region's period
    quote: Text
    label_zh: Text | None = None  # what exactly is counted, when a region reports an indicator more than once
    label_en: Text | None = None
    note_zh: Text | None = None
    note_en: Text | None = None
    key: bool = False  # shown on the region's overview card


class Measure(Strict):
    id: MeasureId
    title_zh: Text
    title_en: Text
    themes: list[Code] = Field(min_length=1)
    status: Status
    summary_zh: Text
    summary_en: Text
    quote: Text
    figures: list[Figure] = Field(default_factory=list)


class Region(Strict):
    id: RegionId
    name_zh: Text
    name_en: Text
    short_zh: Text
    short_en: Text
    level: Level
    province_zh: Text
    province_en: Text
    period: Period
    source: Code
    headline_zh: Text
    headline_en: Text
    measures: list[Measure] = Field(min_length=1)


class Dataset(Strict):
    schema_version: Literal[1]
    sources: list[Source] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    regions: list[Region] = Field(min_length=1)

    def theme(self, code: str) -> Theme:
        return next(t for t in self.themes if t.code == code)

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def region(self, region_id: str) -> Region:
        return next(r for r in self.regions if r.id == region_id)

    @property
    def figure_count(self) -> int:
        return sum(len(m.figures) for r in self.regions for m in r.measures)

    @property
    def measure_count(self) -> int:
        return sum(len(r.measures) for r in self.regions)


def squash_whitespace(text: str) -> str:
    """The source is PDF text with line breaks inside sentences: compare without any whitespace."""
    return re.sub(r"\s+", "", text)
