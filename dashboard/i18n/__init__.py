"""Interface text. Every word a person reads lives in the two catalogs beside this file: zh.toml (Chinese, the
default) and en.toml (English), with the same keys in the same order; change a label there, not here.

This module reads them and offers `t(key, lang, **fields)` for a label, the closed vocabularies' names as mappings
(`STATUS[lang][code]` …), and the formats whose words the catalogs give: `join_list`, `kind_name`, `format_period`,
`format_number`, `format_value`. Dataset text (names, titles, summaries) comes from the dataset, not from here."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dashboard.data.vocab import MEASUREMENT_UNITS

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
CATALOGS: dict[str, dict[str, Any]] = {
    lang: tomllib.loads((Path(__file__).parent / f"{lang}.toml").read_text(encoding="utf-8")) for lang in LANGS}


def _table(name: str) -> dict[str, dict[str, Any]]:
    return {lang: CATALOGS[lang][name] for lang in LANGS}


LABELS = _table("labels")  # t(key, lang)
STATUS = _table("status")
KIND = _table("kind")
LEVEL = _table("level")
SCOPE = _table("scope")
BASIS = _table("basis")
LEFT_OUT_REASON = _table("left_out_reason")
REASON = _table("reason")  # why figures of one indicator do not share an axis (comparison.REASONS)
UNIT_NAMES = _table("unit")
QUALIFIER_NAMES = _table("qualifier")
QUALIFIER_MARKS = _table("qualifier_mark")
VALUE_FORMATS = _table("value")  # a value with its unit: '{n}元' / '¥{n}'
COLUMN_TITLES = _table("column_title")  # an export column's title
COLUMN_DOC_TEXT = _table("column_doc")  # an export column's description ({codes}: export/tables.py fills it in)
README = _table("readme")  # README.txt of a ZIP export
PLOTLY = _table("plotly")  # Plotly's own words: the chart toolbar's tooltips (ui/widgets.plotly_locale)


def kind_name(kind: str, unit: str, lang: str) -> str:
    """A figure's kind in words; a measured level (soil cadmium, pH, a yield) is a measurement, not a stock."""
    return t("kind_measurement", lang) if unit in MEASUREMENT_UNITS else KIND[lang][kind]


def join_list(items: Iterable[str], lang: str) -> str:
    """'绵阳、宁夏' / 'Mianyang, Ningxia'."""
    return t("list_separator", lang).join(items)


class _Labels(string.Formatter):
    """str.format, and `{n:measure|measures}`: the word for a count, singular for one (never "measure(s)")."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_LABELS = _Labels()


def t(key: str, lang: str, **kwargs: object) -> str:
    text = LABELS[lang][key]
    return _LABELS.format(text, **kwargs) if kwargs else text




def format_period(period: str, lang: str, basis: str | None = None) -> str:
    """A period as a reader says it, with its time basis where that changes the meaning.

    '2023' → 2023年 / 2023 (as of 2023 for a point); '2023-01..2023-10' → 2023年1—10月 / Jan–Oct 2023;
    '..2023' → 截至2023年累计 / cumulative to 2023; '2023-start' → 2023年初 / start of 2023."""
    words = CATALOGS[lang]["period"]
    say = lambda key, **fields: _LABELS.format(words[key], **fields)  # noqa: E731
    month = lambda number: words["months"][int(number) - 1]  # noqa: E731
    if period.startswith(".."):
        return say("cumulative_to", year=period[2:])
    if ".." in period:
        start, end = period.split("..")
        if "-" in start:
            (y1, m1), (y2, m2) = start.split("-"), end.split("-")
            text = (say("months_of_year", year=y1, month1=month(m1), month2=month(m2)) if y1 == y2 else
                    say("months_across_years", year1=y1, month1=month(m1), year2=y2, month2=month(m2)))
        else:
            text = say("years", year1=start, year2=end)
        return say("cumulative", period=text) if basis == "cumulative" else text
    year, _, rest = period.partition("-")
    if rest == "start":
        return say("year_start", year=year)
    if rest == "end":
        return say("year_end", year=year)
    text = say("month", year=year, month=month(rest)) if rest else say("year", year=year)
    return say("as_of", period=text) if basis == "point" else text


def _trim(number: float, digits: int = 2, grouping: bool = True) -> str:
    text = f"{number:,.{digits}f}" if grouping and abs(number) >= 1000 else f"{number:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: float, lang: str, compact: bool = False) -> str:
    """Scale a plain number the way each reader expects: 80亿 / 8 bn, 25.6万 / 256,000 (256k when compact)."""
    scales = number_scales(lang, compact)
    # Round on the scale the value falls in first, then choose the scale of the rounded value:
    # 99,999,999 is 9999.9999万, which rounds to 1亿 (not 10000万).
    scale = _scale(value, scales)[0]
    rounded = round(value / scale, 2) * scale
    scale, suffix = _scale(rounded, scales)
    return f"{_trim(rounded / scale, grouping=CATALOGS[lang]['number']['thousands_separator'])}{suffix}"


def number_scales(lang: str, compact: bool = False) -> tuple[tuple[float, str], ...]:
    """(from, word) for each scale of a large number, largest first, down to (1, ''): 亿, 万 / bn, m (k when compact)."""
    words = CATALOGS[lang]["number"]
    return (*((s["from"], s["word"]) for s in (*words["scales"], *(words["compact_scales"] if compact else ()))),
            (1.0, ""))


def _scale(value: float, scales: tuple[tuple[float, str], ...]) -> tuple[float, str]:
    return next((scale for scale in scales if abs(value) >= scale[0]), scales[-1])


def format_value(value: float, unit: str, lang: str, qualifier: str = "exact", kind: str | None = None) -> str:
    """'预计≥80亿元', '≈400个', '41.2%', '第17位', '上升3位'; 'exp. ≥¥8 bn', 'No. 17', 'up 3 places'."""
    formats = VALUE_FORMATS[lang]
    if unit == "places" or (unit == "rank" and kind == "change"):  # places gained (+) or lost (−) in a ranking
        body = _LABELS.format(formats["places_up" if value >= 0 else "places_down"], n=_trim(abs(value)))
    elif unit == "rank":
        body = _LABELS.format(formats["rank"], n=_trim(value))
    else:
        body = _LABELS.format(formats[unit], n=format_number(value, lang))
    return QUALIFIER_MARKS[lang][qualifier] + body
