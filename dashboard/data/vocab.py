"""The closed vocabularies, each defined once, as a `Literal`.

The models (and so the validator), URL parsing, labels (dashboard/i18n/__init__.py, dashboard/data/numbers.py) and the
exports all derive their lists from here; tests check that every label table covers exactly these codes.
Open vocabularies (themes, indicators, glossary) live in the dataset itself.
"""

from __future__ import annotations

from typing import Literal, get_args

# A measure's status, read from what the source says of the action itself (About shows the same rule):
# - achieved (已取得成效): the source reports the action done (a one-off act completed: 建成、新建、建立、设立、发布、
#   出台/制定 a rule now in force, 成功举办 an event, 获批、认定) or a result the source ties to it (实现、成功、累计…,
#   a number of things done), even when the work goes on and the result is interim (1—10月).
# - in_progress (推进中): the source reports the action as started or going on but no result of its own: launched
#   (启动、试点、推行), issued as a plan or agenda whose tasks still lie ahead (印发 a notice, 列入 a list), kept up or
#   deepened (实施 a strategy, 持续、深化、推进、探索、优化、推广、加强、严格开展, a recurring series of events), stated as
#   an aim (努力、确保、营造、打造…品牌), about to happen (即将、将于), or, in a plan, a thing that already exists and is
#   being built out (建设 a designated centre, as against 创建; 加快、深入推广).
# - planned (计划): the source only sets the action as a task to do (a plan's 创建、布局建设、建设 something new,
#   支持…组建、组织…开展) and reports nothing of it begun.
# Results the source reports for a whole region without tying them to an action (a city ranking, a city-wide
# turnover) are figures of the region's umbrella measure and do not make it achieved; the measure's note says so.
Status = Literal["planned", "in_progress", "achieved"]
Level = Literal["city_cluster", "province_region", "prefecture_city", "district"]
Qualifier = Literal["exact", "approx", "at_least", "expected", "expected_at_least", "up_to"]
# What a number is: a level (stock), a flow within its period (new), a share, a rank, or a change of one of them.
Kind = Literal["stock", "new", "rate", "rank", "change"]
# What a number covers: the whole region; named pilot units or one programme; a sub-group (a first batch,
# rural commissioners only); or context about a wider area than the region, which is never charted as its own.
Scope = Literal["region", "programme", "subgroup", "wider_area"]
# How a number sits in time: a level at a point (年初, 截至2023年底), a flow within a span (2023年, 1—10月),
# or a running total since a start (累计, since a pilot began).
TimeBasis = Literal["point", "span", "cumulative"]
# A period is a year ("2023"), a month ("2023-10"), the start or end of a year ("2023-start", "2023-end"),
# a span of months ("2023-01..2023-10"), a span of years ("2021..2023") or a running total up to a year
# ("..2023"). Which forms a figure may use depends on its time basis.
PERIOD_PATTERN = r"^(\d{4}(-\d{2}|-start|-end)?|\d{4}-\d{2}\.\.\d{4}-\d{2}|\d{4}\.\.\d{4}|\.\.\d{4})$"
PERIOD_FORMS: dict[str, str] = {  # time basis -> the period forms it admits
    "point": r"^\d{4}(-\d{2}|-start|-end)?$",
    "span": r"^(\d{4}|\d{4}-\d{2}\.\.\d{4}-\d{2}|\d{4}\.\.\d{4})$",
    "cumulative": r"^(\d{4})?\.\.\d{4}$",
}
# One of a pair of readings of the same thing before and after (68% → 77.8%, 第11位 → 第2位).
Step = Literal["before", "after"]
# Why a number printed in a source is not a figure of the dataset.
LeftOutReason = Literal["name", "document", "date", "duration", "ordinal", "context"]
# Values are stored in these base units: 80亿元 is 8_000_000_000 "yuan" (their words: dashboard/i18n/*.toml).
Unit = Literal[
    "count", "people", "person_times", "yuan", "percent", "percentage_points", "rank", "places", "multiple",
    "years", "days", "jin_per_mu", "mg_per_kg", "ph",
]

STATUSES: tuple[str, ...] = get_args(Status)
LEVELS: tuple[str, ...] = get_args(Level)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
KINDS: tuple[str, ...] = get_args(Kind)
SCOPES: tuple[str, ...] = get_args(Scope)
TIME_BASES: tuple[str, ...] = get_args(TimeBasis)
STEPS: tuple[str, ...] = get_args(Step)
LEFT_OUT_REASONS: tuple[str, ...] = get_args(LeftOutReason)
UNITS: tuple[str, ...] = get_args(Unit)

FORECAST_QUALIFIERS = ("expected", "expected_at_least")  # a forecast is never set beside a reported number
CHARTED_SCOPES = ("region", "programme", "subgroup")  # wider_area is context, never drawn as the region's own
AMOUNT_UNITS = ("count", "people", "person_times", "yuan")  # what a bar's length may stand for
# units of a measured level (a concentration, acidity, a yield): such a figure reads as a measurement, not a stock
MEASUREMENT_UNITS = ("mg_per_kg", "ph", "jin_per_mu")
# which time bases each kind admits: a flow lives in a span, a level at a point or as a running total
KIND_BASES: dict[str, tuple[str, ...]] = {
    "stock": ("point", "cumulative"),
    "new": ("span",),
    "rate": ("point", "span"),
    "rank": ("point", "span"),
    "change": ("span",),
}
