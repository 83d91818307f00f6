"""Read → validate → one list of problems, each with file:line:col.

`reading.py` reads the YAML into plain Python with every value's position. Pydantic then checks the shape; the
semantic pass checks codes, ids and that every quote and figure is true to the source document. With a memo, the
checks of a region (or of a source's left_out) that passed before and read nothing that changed are not run again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from dashboard import block_yaml, forks, segments
from dashboard.coverage import SourceText, read_source, uncovered
from dashboard.memo import Memo, sources_digest
from dashboard.numbers import NAME_NUMBER, ParseError, forecast_clause, parse_as_printed
from dashboard.reading import (
    REVIEW_MARKER,
    Builder,
    LazyPositions,
    PathKey,
    Positions,
    Problem,
    Unread,
    YamlLoader,
    format_path,
    gc_paused,
    position,
    read_by_items,
    read_text,
    remember_items,
)
from dashboard.text import squash_whitespace
from dashboard.vocab import KIND_BASES, PERIOD_FORMS, PERIOD_PATTERN, SCOPES

if TYPE_CHECKING:
    from pydantic import ValidationError

    from dashboard.models import Dataset, Indicator

DEFAULT_DATASET = Path(__file__).resolve().parent.parent / "data" / "measures.yaml"
SOURCES_DIR = "sources"  # a dataset's source files live in this folder next to it
PARALLEL_FROM_BYTES = 2_000_000  # below this (about 10x today's data) forking helpers costs more than it saves

# the vocabularies that tag a measure: measure key -> (top-level section, its code key, what to call an entry)
MEASURE_TAGS: dict[str, tuple[str, str, str]] = {
    "themes": ("themes", "code", "theme"),
    "instruments": ("instruments", "id", "instrument"),
    "target_groups": ("target_groups", "id", "target group"),
}
# vocabularies whose every entry must tag some measure (an unused one is a typo or a leftover)
_MUST_BE_USED = ("instruments", "target_groups")
_PERIOD_HINTS = {
    "point": "a point in time: 2023, 2023-10, 2023-start or 2023-end",
    "span": "a span: 2023, 2023-01..2023-10 or 2021..2023",
    "cumulative": "a running total: ..2023, or 2019..2023 from a known start",
}


@dataclass
class LoadResult:
    path: Path
    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.dataset is not None and not self.problems


class DatasetError(Exception):
    """Raised by `load_dataset_or_raise`; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


# ---------------------------------------------------------------- checks


def _shape_problems(raw: Any, file: str, positions: Positions) -> tuple[Dataset | None, list[Problem]]:
    # pydantic is imported here, not with this module: a large file's helpers are forked before it is (it takes a
    # fifth of a second), and they never need it
    from pydantic import ValidationError

    from dashboard.models import Dataset

    try:
        return Dataset.model_validate(raw), []
    except ValidationError as error:
        return None, _validation_problems(error, file, positions)


def _validation_problems(error: ValidationError, file: str, positions: Positions,
                         prefix: PathKey = ()) -> list[Problem]:
    """pydantic's errors as Problems, each at the position of its field (`prefix` before every path)."""
    problems = []
    for item in error.errors(include_url=False):
        loc = prefix + tuple(part for part in item["loc"]
                             if not (isinstance(part, str) and part.startswith("function-")))
        line, col = position(positions, loc)
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'"
        elif item["type"] == "missing":
            message = f"missing field '{loc[-1]}'"
        elif item["type"] == "too_short" and isinstance(item["input"], list):
            message = f"'{loc[-1]}' is empty; list at least one entry"
        elif item["type"] == "literal_error":
            expected = item["msg"].removeprefix("Input should be ")
            message = f"unknown {loc[-1]} {item['input']!r}; expected {expected}"
        problems.append(Problem(file, line, col, format_path(loc), message))
    return problems


def _items(value: Any) -> list[tuple[int, dict]]:
    """The dict items of a list, with their indexes; anything malformed was already reported by the shape check."""
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass
class _SourceFiles:
    """The sources' files as the checks read them (by source id), and the problems reading them found."""

    texts: dict[str | None, SourceText]
    names: dict[str | None, str]  # each file as problems name it
    complete: list[str | None]  # the sources whose every number must be a figure or left out
    problems: list[Problem]


@dataclass
class _Outcome:
    """What one region's checks found: the codes it uses, the source spans its figures cover, its problems."""

    used: dict[str, set[str]]
    unsure: set[str]
    covered: dict[str, list[tuple[int, int]]]
    problems: list[Problem]


class _SemanticChecker:
    """Cross-references and truth-to-source checks. Works on the raw data, so that it reports its
    problems even where the shape check failed elsewhere in the file."""

    def __init__(self, raw: dict, file: str, base_dir: Path, positions: Positions, memo: Memo | None = None,
                 keys: dict[str, list[str]] | None = None, ahead: forks.Ahead | None = None):
        self.raw, self.file, self.base_dir, self.positions = raw, file, base_dir, positions
        self.ahead = ahead  # what other processes found for some of the regions, and where sources' numbers stand
        # what the checks of one region (or one source's left_out) found, remembered by the key of its text and
        # all else they read
        self.memo = memo
        self.region_keys, self.source_keys = (keys or {}).get("regions", []), (keys or {}).get("sources", [])
        self.held: dict[str, _Outcome] = memo.get(self.region_keys) if memo is not None else {}
        self.problems: list[Problem] = []
        self.sources: dict[str, SourceText] = {}
        self.source_files: dict[str, str] = {}  # source id -> its file, as reported in problems
        # the sources whose every number must be a figure or left out, and the spans their figures and left_out
        # cover (only sources with some: a region's outcome names the few it quotes, not thousands)
        self.complete: dict[str | None, None] = {}
        self.covered: dict[str | None, list[tuple[int, int]]] = {}
        # vocabulary section -> its codes, and which of them some measure uses
        self.vocabularies = {
            section: {_text(entry.get(key)) for _, entry in _items(raw.get(section))}
            for section, key, _ in MEASURE_TAGS.values()
        }
        self.used: dict[str, set[str]] = {section: set() for section in self.vocabularies}
        # sections with a measure whose tags could not all be read: what it meant to use is unknown, so its
        # vocabulary is not checked for unused entries (the bad tag itself is the one problem reported)
        self.unsure: set[str] = set()
        self.indicator_units = {_text(i.get("code")): i.get("unit") for _, i in _items(raw.get("indicators"))}

    def problem(self, path: PathKey, message: str) -> Problem:
        line, col = position(self.positions, path)
        return Problem(self.file, line, col, format_path(path), message)

    def add(self, path: PathKey, message: str) -> None:
        self.problems.append(self.problem(path, message))

    def unique(self, section: str, key: str, what: str) -> None:
        seen: dict[Any, int] = {}
        for index, item in _items(self.raw.get(section)):
            value = item.get(key)
            if not isinstance(value, str):  # missing or of the wrong type: reported by the shape check
                continue
            if value in seen:
                self.add((section, index, key), f"duplicate {what} '{value}' (first at {section}[{seen[value]}])")
            else:
                seen[value] = index

    def run(self) -> list[Problem]:
        self.unique("sources", "id", "source id")
        for section, key, what in MEASURE_TAGS.values():
            self.unique(section, key, f"{what} {key}")
        self.unique("indicators", "code", "indicator code")
        self.unique("glossary", "zh", "glossary term")
        self.unique("regions", "id", "region id")
        default_source, known_sources = self.read_sources(self.ahead.prepared if self.ahead else None)
        measure_ids: dict[str, PathKey] = {}
        for r_index, region in _items(self.raw.get("regions")):
            for m_index, measure in _items(region.get("measures")):
                measure_id = measure.get("id")
                m_path: PathKey = ("regions", r_index, "measures", m_index)
                if not isinstance(measure_id, str):
                    pass
                elif measure_id in measure_ids:
                    first = format_path(measure_ids[measure_id])
                    self.add((*m_path, "id"), f"duplicate measure id '{measure_id}' (first at {first})")
                else:
                    measure_ids[measure_id] = m_path
            key = self.region_keys[r_index] if r_index < len(self.region_keys) else None
            found_ahead = partial(self.ahead.outcome, r_index) if self.ahead else None
            self.take(self.remembered(key, self.held, found_ahead, self.check_region, r_index, region,
                                      default_source, known_sources))
        self.check_unused()
        self.check_left_out()
        self.check_source_coverage()
        return self.problems

    def read_source_files(self) -> _SourceFiles:
        """Each source's file, read; a file that cannot be read, or stands outside sources/, is a problem."""
        files = _SourceFiles({}, {}, [], [])
        for index, source in _items(self.raw.get("sources")):
            name = _text(source.get("file"))
            if name is None:
                continue
            try:
                # the resolved file (links followed) must stay inside sources/, whatever `..` or `/` the path says
                root = (self.base_dir / SOURCES_DIR).resolve()
                file = (self.base_dir / name).resolve()
                if root not in file.parents:
                    files.problems.append(self.problem(("sources", index, "file"), f"source file must be inside "
                                                       f"{SOURCES_DIR}/ next to the dataset: {name}"))
                    continue
                if not file.is_file():
                    files.problems.append(self.problem(("sources", index, "file"), f"source file not found: {name}"))
                    continue
                text = read_text(file)
            except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
                files.problems.append(self.problem(("sources", index, "file"),
                                                   f"cannot read source file {name}: {error}"))
                continue
            source_id = _text(source.get("id"))
            files.texts[source_id] = read_source(text)
            files.names[source_id] = str(Path(self.file).parent / name)
            if source.get("complete", True) is not False:
                files.complete.append(source_id)
        return files

    def read_sources(self, files: _SourceFiles | None = None) -> tuple[str | None, set[str | None]]:
        """Take each source's file (`files`, as another process read them, or read here); returns the source a
        region without `source:` has, and the known ids."""
        files = files if isinstance(files, _SourceFiles) else self.read_source_files()
        self.sources.update(files.texts)
        self.source_files.update(files.names)
        self.complete.update(dict.fromkeys(files.complete))
        self.problems += files.problems
        source_ids = [_text(s.get("id")) for _, s in _items(self.raw.get("sources"))]
        default_source = source_ids[0] if len(source_ids) == 1 else None
        known_sources = set(source_ids)  # looked up for every measure and figure: thousands of sources at scale
        return default_source, known_sources

    def check_region(self, r_index: int, region: dict, default_source: str | None,
                     known_sources: set[str | None]) -> None:
        """The checks that read one region and the rest of the file, never another region."""
        r_path: PathKey = ("regions", r_index)
        source_id = self.source_of(region, r_path, default_source, known_sources)
        if source_id is None and "source" not in region:
            self.add((*r_path, "source"), "missing field 'source' (the dataset has several sources: name one)")
        for m_index, measure in _items(region.get("measures")):
            m_path: PathKey = (*r_path, "measures", m_index)
            measure_source = self.source_of(measure, m_path, source_id, known_sources)
            self.check_measure(measure_source, measure, m_path, _text(region.get("period")), known_sources)
        self.check_repeated_indicators(region, r_path)

    def remembered(self, key: str | None, held: dict[str, Any], found: Callable[[], Any] | None,
                   check: Callable[..., None], *args: Any) -> _Outcome:
        """What `check(*args)` finds: held in the memo under `key`, else `found` ahead (here or by a helper), else
        checked now; remembered when it found no problem."""
        outcome = held.get(key) if key else None
        if isinstance(outcome, _Outcome):
            return outcome
        outcome = found() if found else None
        if not isinstance(outcome, _Outcome):  # not checked by a helper (or not well)
            outcome = self.checked(check, *args)
        if key and self.memo is not None and not outcome.problems:
            self.memo.put(key, outcome)
        return outcome

    def checked(self, check: Callable[..., None], *args: Any) -> _Outcome:
        """Run `check` on empty tallies and return what it found (the checker's own tallies are left as they were)."""
        kept = self.used, self.unsure, self.covered, self.problems
        self.used, self.unsure = {section: set() for section in self.vocabularies}, set()
        self.covered, self.problems = {}, []
        try:
            check(*args)
            return _Outcome(self.used, self.unsure, self.covered, self.problems)
        finally:
            self.used, self.unsure, self.covered, self.problems = kept

    def take(self, outcome: _Outcome) -> None:
        for section, codes in outcome.used.items():
            self.used[section] |= codes
        self.unsure |= outcome.unsure
        for source_id, spans in outcome.covered.items():
            if spans:
                self.covered.setdefault(source_id, []).extend(spans)
        self.problems += outcome.problems

    def source_of(self, item: dict, path: PathKey, default: str | None, known: set[str | None]) -> str | None:
        """The source an item names (`source:`), else the one it inherits; an unknown id is reported."""
        source_id = _text(item.get("source"))
        if source_id is None:
            return default
        if source_id not in known:
            self.add((*path, "source"), f"unknown source '{source_id}'")
        return source_id

    def cover(self, source_id: str | None, quote: str | None, as_printed: str | None) -> None:
        source = self.sources.get(source_id)
        if source is not None and quote and as_printed and source_id in self.complete:
            self.covered.setdefault(source_id, []).extend(source.spans(quote, as_printed))

    def check_source_coverage(self) -> None:
        """Every number of a source is a figure or a left_out entry: what a draft missed shows here."""
        indexes = {_text(s.get("id")): i for i, s in reversed(_items(self.raw.get("sources")))}  # the first's
        for source_id, spans in (self.ahead.spans() if self.ahead else {}).items():
            if source_id in self.complete and self.sources[source_id]._spans is None and isinstance(spans, list):
                self.sources[source_id]._spans = spans
        if self.memo is not None:  # where a source's numbers stand, remembered by its text
            keys = {source_id: self.memo.key("numbers", self.sources[source_id].squashed) for source_id in self.complete}
            held = self.memo.get(keys.values())
            for source_id, key in keys.items():
                if isinstance(held.get(key), list):
                    self.sources[source_id]._spans = held[key]
                else:
                    self.memo.put(key, self.sources[source_id].number_spans())
        for source_id in self.complete:
            spans = self.covered.get(source_id, [])
            source, file = self.sources[source_id], self.source_files[source_id]
            index = indexes[source_id]
            for number in uncovered(source, spans):
                line, col = source.line_col(number.start)
                self.problems.append(Problem(
                    file, line, col, f"sources[{index}]",
                    f"number '{number.as_printed}' is neither a figure nor listed under left_out of source "
                    f"'{source_id}' (as a {number.form}); quote its sentence in a figure or a left_out entry"))

    def check_unused(self) -> None:
        for section in set(_MUST_BE_USED) - self.unsure:
            _, key, what = MEASURE_TAGS[section]
            for index, entry in _items(self.raw.get(section)):
                code = entry.get(key)
                if isinstance(code, str) and code not in self.used[section]:
                    self.add((section, index, key), f"{what} '{code}' tags no measure; use it or remove it")

    def check_repeated_indicators(self, region: dict, r_path: PathKey) -> None:
        """A region reporting one indicator several times must say what each figure counts (label_zh/label_en),
        or its bars could not be told apart in a chart."""
        seen: dict[str, list[tuple[PathKey, dict]]] = {}
        for m_index, measure in _items(region.get("measures")):
            for f_index, figure in _items(measure.get("figures")):
                code = figure.get("indicator")
                if isinstance(code, str) and not code.startswith(REVIEW_MARKER):
                    seen.setdefault(code, []).append(((*r_path, "measures", m_index, "figures", f_index), figure))
        for code, entries in seen.items():
            if len(entries) < 2:
                continue
            for path, figure in entries:
                missing = [f"label_{lang}" for lang in ("zh", "en") if not figure.get(f"label_{lang}")]
                if missing:
                    self.add(path, f"'{code}' is reported {len(entries)} times in this region: give each figure "
                                   f"{' and '.join(missing)} saying what it counts")
            for lang in ("zh", "en"):
                labels = [figure.get(f"label_{lang}") for _, figure in entries]
                for (path, _), label in zip(entries, labels, strict=True):
                    if label and labels.count(label) > 1:
                        self.add((*path, f"label_{lang}"), f"label_{lang} '{label}' is used twice for '{code}'")

    def check_measure(self, source_id: str | None, measure: dict, m_path: PathKey, region_period: str | None,
                      known_sources: set[str | None]) -> None:
        for field_name, (section, _, what) in MEASURE_TAGS.items():
            codes = measure.get(field_name)
            codes = codes if isinstance(codes, list) else []
            if not codes:  # missing or empty: reported by the shape check
                self.unsure.add(section)
            for index, code in enumerate(codes):
                if isinstance(code, str) and code in self.vocabularies[section]:
                    self.used[section].add(code)
                    continue
                self.unsure.add(section)
                if isinstance(code, str):
                    self.add((*m_path, field_name, index), f"unknown {what} '{code}'")
            if len(codes) > 1:  # one code cannot be listed twice
                for code in sorted({str(c) for c in codes if codes.count(c) > 1}):
                    self.add((*m_path, field_name), f"{what} '{code}' is listed twice")
        self.check_quote(source_id, measure.get("quote"), (*m_path, "quote"))
        for f_index, figure in _items(measure.get("figures")):
            f_path = (*m_path, "figures", f_index)
            f_source = self.source_of(figure, f_path, source_id, known_sources)
            self.check_figure(f_source, figure, f_path)
            self.check_coverage(figure, f_path, region_period)
        self.check_steps(measure, m_path)

    def check_figure(self, source_id: str | None, figure: dict, f_path: PathKey) -> None:
        code, unit = figure.get("indicator"), figure.get("unit")
        if isinstance(code, str) and code not in self.indicator_units:
            self.add((*f_path, "indicator"), f"unknown indicator '{code}'")
        elif isinstance(code, str) and unit is not None and self.indicator_units[code] != unit:
            self.add((*f_path, "unit"), f"unit '{unit}' does not match indicator '{code}' unit '{self.indicator_units[code]}'")
        quote, as_printed = _text(figure.get("quote")), _text(figure.get("as_printed"))
        self.check_quote(source_id, quote, (*f_path, "quote"))
        self.cover(source_id, quote, as_printed)
        if as_printed is None:
            return
        if quote is not None and squash_whitespace(as_printed) not in squash_whitespace(quote):
            self.add((*f_path, "as_printed"), f"as_printed '{as_printed}' is not in the figure's quote")
        try:
            parsed = parse_as_printed(as_printed)
        except ParseError as error:
            self.add((*f_path, "as_printed"), str(error))
            return
        value, qualifier = figure.get("value"), figure.get("qualifier")
        if isinstance(value, str):  # `1e9` (YAML 1.1 wants `1.0e+9`) or "1000": the schema accepts it as a float
            try:
                value = float(value)
            except ValueError:
                value = None  # reported by the shape check
        if isinstance(value, int | float) and not isinstance(value, bool):
            if abs(parsed.value - value) > 1e-9 * max(1.0, abs(parsed.value)):
                self.add((*f_path, "value"), f"value {value:g} does not match as_printed '{as_printed}' (reads {parsed.value:g})")
        expected = parsed.qualifier
        if quote is not None and forecast_clause(quote, as_printed):  # 预计超过80亿元，同比增长100%: both forecasts
            expected = {"exact": "expected", "at_least": "expected_at_least"}.get(parsed.qualifier, parsed.qualifier)
        if isinstance(qualifier, str) and qualifier != expected:
            reads = f"reads '{expected}'" + (" because its clause says 预计" if expected != parsed.qualifier else "")
            self.add((*f_path, "qualifier"), f"qualifier '{qualifier}' does not match as_printed '{as_printed}' ({reads})")

    def check_coverage(self, figure: dict, f_path: PathKey, region_period: str | None) -> None:
        """What a figure covers and when: the facts the comparison rule relies on must agree with each other."""
        scope, kind, basis = figure.get("scope"), figure.get("kind"), figure.get("basis")
        if scope in SCOPES and scope != "region":
            missing = [key for key in ("scope_zh", "scope_en") if not _text(figure.get(key))]
            if missing:
                self.add((*f_path, "scope"), f"scope '{scope}' needs {' and '.join(missing)} saying what it covers")
        if scope == "wider_area" and figure.get("key") is True:
            self.add((*f_path, "key"), "a figure about a wider area is context, not one of the region's key figures")
        if isinstance(kind, str) and isinstance(basis, str) and kind in KIND_BASES and basis not in KIND_BASES[kind]:
            allowed = " or ".join(KIND_BASES[kind])
            self.add((*f_path, "basis"), f"a '{kind}' figure cannot have time basis '{basis}' (expected {allowed})")
        period = _text(figure.get("period")) or region_period
        if (basis in PERIOD_FORMS and period and re.match(PERIOD_PATTERN, period)  # a malformed one: shape check
                and not re.match(PERIOD_FORMS[basis], period)):
            where = (*f_path, "period") if figure.get("period") else (*f_path, "basis")
            self.add(where, f"period '{period}' does not fit time basis '{basis}' "
                            f"({_PERIOD_HINTS[basis]})")
        if figure.get("alt_value") is not None and not (figure.get("note_zh") and figure.get("note_en")):
            self.add((*f_path, "alt_value"), "an ambiguous figure (alt_value) needs note_zh and note_en saying "
                                              "which reading is which")
        as_printed = _text(figure.get("as_printed"))
        if as_printed and NAME_NUMBER.search(squash_whitespace(as_printed)):
            self.add((*f_path, "as_printed"), f"'{as_printed}' reads as a name, not a count: list it under the "
                                               "source's left_out (reason: name) instead of as a figure")

    def check_steps(self, measure: dict, m_path: PathKey) -> None:
        """A 'before' needs its 'after' (same indicator, same measure), and the other way round: one pair each."""
        pairs: dict[Any, dict[str, list[tuple[PathKey, dict]]]] = {}
        for f_index, figure in _items(measure.get("figures")):
            step = figure.get("step")
            if isinstance(step, str):
                key = figure.get("indicator")
                pairs.setdefault(key, {}).setdefault(step, []).append(((*m_path, "figures", f_index), figure))
        for code, steps in pairs.items():
            for step, other in (("before", "after"), ("after", "before")):
                for path, _figure in steps.get(step, [])[1:]:
                    self.add((*path, "step"), f"a second '{step}' for '{code}' in this measure")
                if step in steps and other not in steps:
                    self.add((*steps[step][0][0], "step"), f"'{step}' figure of '{code}' has no '{other}' partner "
                                                           "in the same measure")

    def check_left_out(self) -> None:
        held = self.memo.get(self.source_keys) if self.memo is not None else {}
        for s_index, source in _items(self.raw.get("sources")):
            key = self.source_keys[s_index] if s_index < len(self.source_keys) else None
            found_ahead = partial(self.ahead.source_outcome, s_index) if self.ahead else None
            self.take(self.remembered(key, held, found_ahead, self.check_source_left_out, s_index, source))

    def check_source_left_out(self, s_index: int, source: dict) -> None:
        """A source's left_out entries: each quote in the source, each number in its quote."""
        source_id = _text(source.get("id"))
        text = self.sources.get(source_id)
        for l_index, item in _items(source.get("left_out")):
            path: PathKey = ("sources", s_index, "left_out", l_index)
            quote, as_printed = _text(item.get("quote")), _text(item.get("as_printed"))
            self.cover(source_id, quote, as_printed)
            if text is not None and quote is not None and text.find_quote(squash_whitespace(quote)) < 0:
                self.add((*path, "quote"), f"quote not found verbatim in the source: {quote.strip()[:40]}…")
            if quote and as_printed and squash_whitespace(as_printed) not in squash_whitespace(quote):
                self.add((*path, "as_printed"), f"as_printed '{as_printed}' is not in its quote")

    def check_quote(self, source_id: Any, quote: Any, path: PathKey) -> None:
        source = self.sources.get(source_id)
        if source is not None and isinstance(quote, str) and source.find_quote(squash_whitespace(quote)) < 0:
            self.add(path, f"quote not found verbatim in source '{source_id}': {quote.strip()[:40]}…")


# ---------------------------------------------------------------- entry points


def load_dataset(path: str | Path = DEFAULT_DATASET, display_name: str | None = None,
                 remember: bool = False, workers: int = 1) -> LoadResult:
    """Load and check the dataset; never raises for bad content, returns every problem instead.

    With `remember`, the items (sources, regions) that read and check cleanly are kept in the dataset's
    `.cache/`, and a later load of an edited file reads and checks again only the items that changed. With
    `workers` above 1, a large file is read and checked in that many processes (forked: for a command, not a
    server)."""
    path = Path(path)
    with gc_paused():
        return _load_dataset(path, display_name, Memo(path) if remember else None, workers)


def _load_dataset(path: Path, display_name: str | None, memo: Memo | None, workers: int) -> LoadResult:
    file = display_name or str(path)
    ahead: forks.Ahead | None = None
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as error:
        return LoadResult(path, None, [Problem(file, 1, 1, "", f"cannot read dataset: {error}")])
    shared = workers > 1 and len(text) >= PARALLEL_FROM_BYTES  # worth reading and checking in several processes
    by_items = read_by_items(text, file, memo, unread_from=0.5 if shared else None) if memo is not None else None
    # most items changed, or a first check: the file is read whole, then its items are remembered
    unread = by_items if isinstance(by_items, Unread) else None
    if isinstance(by_items, tuple) and memo is not None:  # read item by item: it had no YAML-level problem
        raw, positions, cut = by_items
        read_problems, markers, keys = [], [], _check_keys(cut, path, memo)
    elif (plain := _read_plain(text, file, path.parent, workers if shared else 1,
                               positions := LazyPositions(text, file))) is not None:
        (raw, ahead), read_problems, markers = plain, [], []
        keys = _remember(unread, raw, path, memo)
    else:
        try:
            node = yaml.compose(text, Loader=YamlLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            message = f"YAML syntax error: {error.problem or error}" + (f" ({error.context})" if error.context else "")
            return LoadResult(path, None, [Problem(file, line, col, "", message)])
        except yaml.YAMLError as error:
            return LoadResult(path, None, [Problem(file, 1, 1, "", f"YAML error: {error}")])
        if node is None:
            return LoadResult(path, None, [Problem(file, 1, 1, "", "the dataset file is empty")])
        builder = Builder(file, markers=REVIEW_MARKER in text)
        raw = builder.build(node)
        positions, read_problems, markers, keys = builder.positions, builder.problems, builder.markers, None
    try:
        dataset, shape = _shape_problems(raw, file, positions)
        problems = read_problems + shape
        if isinstance(raw, dict):
            problems += _SemanticChecker(raw, file, path.parent, positions, memo, keys, ahead).run()
    finally:  # helpers are stopped whatever happened here
        if ahead is not None:
            ahead.close()
    flagged = {p.path for p in read_problems}  # a YAML 1.1 boolean is reported once, not again as a bad value
    problems = read_problems + [p for p in problems[len(read_problems) :] if p.path not in flagged]
    if markers:  # a field still to be decided is reported as that, not as whatever its value breaks
        decided = tuple(m.path for m in markers)
        problems = markers + [p for p in problems if not _under(p.path, decided)]
    problems.sort(key=lambda p: (p.line, p.col, p.message))
    if memo is not None:
        memo.save()
    return LoadResult(path, dataset if not problems else None, problems)


def _read_plain(text: str, file: str, base_dir: Path, workers: int, positions: LazyPositions
                ) -> tuple[dict, forks.Ahead | None] | None:
    """A file in plain block style (with nothing the reader would report) read fast: shared with forked helpers,
    which check their regions too, when `workers` is above 1; None for any other file."""
    if workers > 1:
        # one `positions` for every check this process runs: a problem composes the file for its lines once
        context = {"file": file, "base_dir": base_dir, "positions": positions}
        shared = forks.read_split(text, workers, partial(_prepare_share, **context),
                                  partial(_check_share, **context))
        if shared is not None:
            return shared
    fast = block_yaml.read(text)
    return (fast, None) if fast is not None else None


def _prepare_share(rest: dict, *, file: str, base_dir: Path, positions: LazyPositions) -> _SourceFiles:
    """While the helpers read their regions: the sources' files, read for this process's checks and for theirs;
    and pydantic, imported for the shape check to come."""
    files = _SemanticChecker(rest, file, base_dir, positions).read_source_files()
    import dashboard.models  # noqa: F401

    return files


def _check_share(regions: list, first: int, rest: dict, files: _SourceFiles, share: int, shares: int, *, file: str,
                 base_dir: Path, positions: LazyPositions) -> forks.Found:
    """A share of the work on a file read by several processes (share 0 is this process's, the others forked
    helpers'): the checks of a run of regions (their indexes from `first`), which read only the region and the rest
    of the file; and the checks of a share of the sources' left_out entries, and where the numbers of a share of
    the complete sources stand."""
    checker = _SemanticChecker(rest, file, base_dir, positions)
    default_source, known_sources = checker.read_sources(files)
    outcomes = {first + offset: checker.checked(checker.check_region, first + offset, region, default_source,
                                                known_sources)
                for offset, region in enumerate(regions) if isinstance(region, dict)}
    left_out = {index: checker.checked(checker.check_source_left_out, index, source)
                for index, source in _items(rest.get("sources"))[share::shares]}
    spans = {source_id: checker.sources[source_id].number_spans() for source_id in list(checker.complete)[share::shares]}
    return outcomes, left_out, spans


def _remember(unread: Unread | None, raw: dict, path: Path, memo: Memo | None) -> dict[str, list[str]] | None:
    """For a file read whole because most of its items were not in the memo: keep its items, and return the keys
    its checks are kept under."""
    if unread is None or memo is None:
        return None
    remember_items(unread, raw, memo)
    return _check_keys(unread.cut, path, memo)


def _check_keys(cut: segments.Cut, path: Path, memo: Memo) -> dict[str, list[str]]:
    """The memo's key for the checks of each region and of each source's left_out: the item's text, and all else
    those checks read (the rest of the file, every source entry, the source files); none if a source cannot be read."""
    try:
        context = hashlib.sha256(cut.rest.encode() + sources_digest(path))
    except OSError:
        return {}
    for item in cut.section("sources"):
        context.update(item.text.encode() + b"\0")
    return {section: [memo.key("check", context.digest(), item.text) for item in cut.section(section)]
            for section in segments.SECTIONS}


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith((f"{p}.", f"{p}[")) for p in prefixes)


def check_figures(figures: list[dict], indicators: Iterable[Indicator], file: str = "figures") -> list[Problem]:
    """Loose figures (not from a dataset file: typed or uploaded by a person) checked as the dataset's own are:
    shape and closed vocabularies, known indicator and its unit, kind against time basis, period against time
    basis, scope texts, an `as_printed` that reads back as its value and qualifier, labels for a repeated
    indicator. Each problem's path is `[index].field` (index into `figures`)."""
    from pydantic import ValidationError

    from dashboard.models import Figure

    checker = _SemanticChecker({"indicators": [{"code": i.code, "unit": i.unit} for i in indicators]}, file,
                               Path("."), {})
    problems: list[Problem] = []
    for index, figure in enumerate(figures):
        try:
            Figure.model_validate(figure)
        except ValidationError as error:
            problems += _validation_problems(error, file, {}, (index,))
        checker.check_figure(None, figure, (index,))
        checker.check_coverage(figure, (index,), None)
    checker.check_repeated_indicators({"measures": [{"figures": figures}]}, ())
    # the repeat check speaks of measures[0].figures[i]: the same index
    return problems + [replace(p, path=re.sub(r"^measures\[0\]\.figures", "", p.path)) for p in checker.problems]


def load_dataset_or_raise(path: str | Path = DEFAULT_DATASET) -> Dataset:
    result = load_dataset(path)
    if not result.ok:
        raise DatasetError(result.problems)
    assert result.dataset is not None
    return result.dataset


def summary_line(dataset: Dataset) -> str:
    return (
        f"{len(dataset.regions)} regions, {dataset.measure_count} measures, {dataset.figure_count} figures, "
        f"{len(dataset.themes)} themes, {len(dataset.instruments)} instruments, "
        f"{len(dataset.target_groups)} target groups, {len(dataset.indicators)} indicators"
    )
