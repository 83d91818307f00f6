"""A home region that is not in the dataset, typed in or uploaded: its cells checked, then run through the
dataset's own validator (loader.check_figures), and held only in memory. Pure functions.

- `read_home_csv` / `home_figures`: an uploaded CSV or typed rows as checked home figures (`HomeFigures`).
- `parse_number`: a value cell as a number: ASCII digits only, an optional sign, thousands commas and a decimal
  part, at most MAX_DIGITS digits (Python's float() would take `1_000`, full-width `１２`, `1e308` and `inf`).
- `range_problem`: a value its unit cannot have: a percentage outside 0–100 unless the figure is a change (a growth
  rate may exceed 100% or fall below zero), a negative count or amount, a rank below 1, a pH outside 0–14.
- `validator_message`: the validator's English message for a home cell, in the interface language.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from dashboard.analysis import frames
from dashboard.data.bilingual import LANGS, Bilingual
from dashboard.data.loader import check_figures
from dashboard.data.models import Dataset
from dashboard.i18n import format_value, t

CUSTOM_HOME = "custom"  # the benchmark's home typed in by the user: its region id in every frame
MAX_UPLOAD_BYTES = 64 * 1024
MAX_ROWS = 200
HOME_COLUMNS = ["indicator", "value", "unit", "qualifier", "kind", "scope", "scope_text", "basis", "period",
                "as_printed", "label"]
REQUIRED_COLUMNS = ("indicator", "value", "unit", "kind", "scope", "basis", "period")



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
            if "expected" in fields:  # the validator's "'a', 'b' or 'c'" in the language's words: "a、b 或 c"
                fields["expected"] = (fields["expected"].replace("', '", t("choices_separator", lang))
                                      .replace(" or ", t("choices_or", lang)).replace("'", t("choices_quote", lang)))
            return t(key, lang, **fields)
    return t("bench_check_other", lang, message=message)




@dataclass(frozen=True)
class RowProblem:
    row: int  # as the person counts it: a CSV's line in a spreadsheet (header = 1), or the table's row (from 1)
    column: str  # "" for the row as a whole
    message: str


@dataclass
class HomeFigures:
    """A home region that is not in the dataset: its name and figures (as rows of the figures frame)."""

    name: str
    figures: pd.DataFrame
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def template_csv(dataset: Dataset) -> bytes:
    """The upload template: the columns, one example row per kind of time basis, and nothing else."""
    indicator = dataset.indicator("rd_active_share") if "rd_active_share" in {i.code for i in dataset.indicators} \
        else dataset.indicators[0]
    rows = [
        {"indicator": indicator.code, "value": "55", "unit": indicator.unit, "qualifier": "exact",
         "kind": indicator.kind, "scope": "region", "scope_text": "", "basis": "point", "period": "2023",
         "as_printed": "", "label": ""},
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HOME_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def read_home_csv(payload: bytes, dataset: Dataset, name: str, size: int | None = None) -> HomeFigures:
    """An uploaded CSV (UTF-8, with or without BOM; the template's columns) as checked home figures. `size`: the
    file's real size, when only its first MAX_UPLOAD_BYTES + 1 bytes were read."""
    if len(payload) > MAX_UPLOAD_BYTES:
        return _failed(name, RowProblem(0, "", f"file_too_big:{max(size or 0, len(payload)) / 1024:.1f}"))
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _failed(name, RowProblem(0, "", "not_utf8"))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip() for h in (reader.fieldnames or [])]
        records = list(reader)
    except csv.Error as error:
        return _failed(name, RowProblem(0, "", f"csv_error:{error}"))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in HOME_COLUMNS]
    if missing or unknown:
        return _failed(name, *[RowProblem(1, c, "missing_column") for c in missing],
                       *[RowProblem(1, c, "unknown_column") for c in unknown])
    rows = [{(k or "").strip(): (v if isinstance(v, str) else "") for k, v in record.items() if k is not None}
            for record in records]
    extra = [index for index, record in enumerate(records, start=2) if None in record]
    if extra:
        return _failed(name, *[RowProblem(row, "", "extra_cells") for row in extra])
    return home_figures(rows, dataset, name, first_row=2)


def _failed(name: str, *problems: RowProblem) -> HomeFigures:
    return HomeFigures(name, empty_home_frame(), list(problems))


def empty_home_frame() -> pd.DataFrame:
    return pd.DataFrame(columns=frames.FIGURE_COLUMNS)


def home_figures(rows: Sequence[dict], dataset: Dataset, name: str, *, first_row: int = 1) -> HomeFigures:
    """Typed or uploaded rows (text cells, HOME_COLUMNS) → home figures, checked like the dataset's own.

    Blank rows are skipped; every problem names its row and column. Nothing is kept unless all rows pass."""
    if len(rows) > MAX_ROWS:
        return _failed(name, RowProblem(first_row + MAX_ROWS, "", f"too_many_rows:{MAX_ROWS}"))
    problems: list[RowProblem] = []
    loose: list[dict] = []
    numbers: list[int] = []
    generated: set[int] = set()
    for offset, raw in enumerate(rows):
        cells = {k: _cell(raw.get(k)) for k in HOME_COLUMNS}
        if not any(cells.values()):
            continue
        number = first_row + offset
        for column in REQUIRED_COLUMNS:
            if not cells[column]:
                problems.append(RowProblem(number, column, "empty"))
        value = parse_number(cells["value"])
        if cells["value"] and value is None:
            problems.append(RowProblem(number, "value", "not_a_number"))
        elif value is not None and (out := range_problem(value, cells["unit"], cells["kind"])):
            problems.append(RowProblem(number, "value", out))
        figure = {key: cells[key] for key in ("indicator", "unit", "kind", "scope", "basis", "period") if cells[key]}
        figure["qualifier"] = cells["qualifier"] or "exact"
        figure["value"] = value if value is not None else 0.0
        if cells["scope_text"]:
            figure["scope_zh"] = figure["scope_en"] = cells["scope_text"]
        if figure.get("scope", "region") != "region":  # home's own group: never the same as a dataset region's
            figure["population"] = "home_" + hashlib.sha256(cells["scope_text"].encode()).hexdigest()[:12]
        if cells["label"]:
            figure["label_zh"] = figure["label_en"] = cells["label"]
        if cells["as_printed"]:
            figure["as_printed"] = figure["quote"] = cells["as_printed"]
        else:  # nothing printed to check against: the value as the dashboard would write it
            generated.add(len(loose))
            unit = figure.get("unit", "count")
            try:
                figure["as_printed"] = figure["quote"] = format_value(figure["value"], unit, "zh")
            except KeyError:  # an unknown unit: reported by the check below
                figure["as_printed"] = figure["quote"] = cells["value"] or "0"
        loose.append(figure)
        numbers.append(number)
    for problem in check_figures(loose, dataset.indicators, file="home"):
        index, column = _split_path(problem.path)
        if index in generated and "as_printed" in problem.message:
            continue  # the as_printed was ours, not the person's
        if column in ("scope_zh", "scope_en"):
            column = "scope_text"
        elif column in ("label_zh", "label_en"):
            column = "label"
        # the dataset's two language fields are one column here
        message = problem.message.replace("scope_zh and scope_en", "scope_text").replace("label_zh and label_en",
                                                                                         "label")
        problem_row = RowProblem(numbers[index], column, message)
        if problem_row not in problems:
            problems.append(problem_row)
    problems = _dedupe_missing(problems)
    problems.sort(key=lambda p: (p.row, HOME_COLUMNS.index(p.column) if p.column in HOME_COLUMNS else -1))
    if problems:
        return HomeFigures(name, empty_home_frame(), problems)
    return HomeFigures(name, _home_frame(loose, numbers, generated, name), [])


def _dedupe_missing(problems: list[RowProblem]) -> list[RowProblem]:
    """An empty required cell is said once, not again as pydantic's 'missing field'."""
    empty = {(p.row, p.column) for p in problems if p.message == "empty"}
    return [p for p in problems if not ((p.row, p.column) in empty and p.message.startswith("missing field"))]


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _split_path(path: str) -> tuple[int, str]:
    """'[3].unit' → (3, 'unit'); '[3]' → (3, '')."""
    head, _, column = path.partition(".")
    return int(head.strip("[]")), column


def _home_frame(figures: list[dict], numbers: list[int], generated: set[int], name: str) -> pd.DataFrame:
    rows = []
    for index, (figure, number) in enumerate(zip(figures, numbers, strict=True)):
        rows.append({
            "region_id": CUSTOM_HOME, **Bilingual.columns("region", (name, name)), "measure_id": CUSTOM_HOME,
            **{Bilingual.column("measure", lang): t("bench_home_measure", lang) for lang in LANGS},
            "themes": (), "primary_theme": "", "status": "", "indicator": figure["indicator"],
            "value": float(figure["value"]), "unit": figure["unit"], "qualifier": figure["qualifier"],
            "kind": figure["kind"], "period": figure["period"],
            "as_printed": "" if index in generated else figure["as_printed"], "quote": "",
            # the typed-in label and scope words stand in both languages
            **Bilingual.columns("label", (figure.get("label_zh", ""), figure.get("label_en", ""))),
            **Bilingual.columns("note", None), "key": False, "order": 10**9 + index,
            **Bilingual.columns("measure_summary", None), "measure_quote": "", "figure_id": f"{CUSTOM_HOME}#{number}",
            "scope": figure["scope"], "population": figure.get("population", ""),
            **Bilingual.columns("scope", (figure.get("scope_zh", ""), figure.get("scope_en", ""))),
            "basis": figure["basis"],
            "step": "", "alt_value": None, "search_text": "",
        })
    return pd.DataFrame(rows, columns=frames.FIGURE_COLUMNS)


def problem_text(problem: RowProblem, lang: str) -> str:
    """'第 3 行 · unit：…' / 'Row 3 · unit: …' — plain text (show it with st.text or escaped)."""
    code, _, detail = problem.message.partition(":")
    if code in ("empty", "not_a_number", "missing_column", "unknown_column", "extra_cells", "not_utf8",
                "file_too_big", "too_many_rows", "csv_error", "out_of_range"):
        message = t(f"bench_problem_{code}", lang, detail=detail, limit=MAX_UPLOAD_BYTES // 1024)
    else:  # the dataset validator's own words, in the interface language
        message = validator_message(problem.message, lang)
    where = t("bench_row", lang, row=problem.row) if problem.row else t("bench_file", lang)
    if problem.column:
        where += f" · {problem.column}"
    return f"{where}{t('colon', lang)}{message}"


