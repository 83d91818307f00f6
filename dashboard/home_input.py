"""A typed-in or uploaded home region's cells, before and after the dataset's own validator. Pure functions.

- `parse_number`: a value cell as a number: ASCII digits only, an optional sign, thousands commas and a decimal
  part, at most MAX_DIGITS digits (Python's float() would take `1_000`, full-width `１２`, `1e308` and `inf`).
- `range_problem`: a value its unit cannot have: a percentage outside 0–100 unless the figure is a change (a growth
  rate may exceed 100% or fall below zero), a negative count or amount, a rank below 1, a pH outside 0–14.
- `validator_message`: the validator's English message for a home cell, in the interface language.
"""

from __future__ import annotations

import re

from dashboard.i18n import t

MAX_DIGITS = 15  # 999 trillion: more than any regional figure, and still exact as a float
_NUMBER = re.compile(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
# (lowest, highest) a value of the unit may take; None: no bound. Units not listed are counts or amounts (≥ 0).
BOUNDS: dict[str, tuple[float | None, float | None]] = {
    "percent": (0, 100), "percentage_points": (None, None), "places": (None, None), "rank": (1, None),
    "ph": (0, 14),
}
UNBOUNDED_KINDS = ("change",)  # a change (growth, a rise in rank) may be negative or above 100%


def parse_number(text: str) -> float | None:
    """'1,200,000' → 1200000.0; None for anything that is not plainly a number in ASCII digits."""
    if not _NUMBER.fullmatch(text) or sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        return None
    return float(text.replace(",", ""))


def value_bounds(unit: str, kind: str) -> tuple[float | None, float | None]:
    if kind in UNBOUNDED_KINDS:
        return None, None
    return BOUNDS.get(unit, (0, None))


def range_problem(value: float, unit: str, kind: str) -> str | None:
    """'out_of_range:0–100' when `value` is outside what its unit and kind allow, else None."""
    low, high = value_bounds(unit, kind)
    if (low is not None and value < low) or (high is not None and value > high):
        shown = [f"{bound:g}" if bound is not None else "" for bound in (low, high)]
        return f"out_of_range:{shown[0]}–{shown[1]}" if high is not None else f"out_of_range:≥ {shown[0]}"
    return None


# The validator's messages for loose figures (loader.check_figures), each with the label that says it in the
# interface's languages; a message not listed here is shown as the validator wrote it, after a line saying so.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), key) for pattern, key in (
    (r"unknown (?P<what>indicator|unit|kind|qualifier|scope|basis) '(?P<value>.*?)'(?:; expected (?P<expected>.*))?$",
     "bench_check_unknown"),
    (r"unit '(?P<unit>.*)' does not match indicator '(?P<indicator>.*)' unit '(?P<expected>.*)'$",
     "bench_check_unit"),
    (r"a '(?P<kind>.*)' figure cannot have time basis '(?P<basis>.*)' \(expected (?P<expected>.*)\)$",
     "bench_check_kind_basis"),
    (r"period '(?P<period>.*)' does not fit time basis '(?P<basis>.*)' \(.*\)$", "bench_check_period"),
    (r"String should match pattern", "bench_check_period_form"),
    (r"value (?P<value>.*) does not match as_printed '(?P<printed>.*)' \(reads (?P<reads>.*)\)$",
     "bench_check_value_printed"),
    (r"qualifier '(?P<qualifier>.*)' does not match as_printed '(?P<printed>.*)' \(reads '(?P<reads>.*)'\)$",
     "bench_check_qualifier_printed"),
    (r"scope '(?P<scope>.*)' needs scope_text", "bench_check_scope_text"),
    (r"'(?P<indicator>.*)' is reported (?P<n>\d+) times in this region", "bench_check_repeated"),
    (r"line break or control character", "bench_check_one_line"),
    (r"control character|blank line", "bench_check_control"),
))


def validator_message(message: str, lang: str) -> str:
    """The validator's message in `lang` (the validator writes English)."""
    for pattern, key in _MESSAGES:
        if found := pattern.search(message):
            fields = {k: v or "" for k, v in found.groupdict().items()}
            if "what" in fields:
                fields["what"] = t(f"bench_field_{fields['what']}", lang)
            if lang == "zh" and "expected" in fields:  # "'a', 'b' or 'c'" → "a、b 或 c"
                fields["expected"] = fields["expected"].replace("', '", "、").replace(" or ", " 或 ").replace("'", "")
            return t(key, lang, **fields)
    return message if lang == "en" else t("bench_check_other", lang, message=message)
