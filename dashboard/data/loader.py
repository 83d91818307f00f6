"""Read → validate → one list of problems, each with file:line:col in the file that holds it.

A dataset is an entry file (`measures.yaml`: vocabularies, indicators, glossary, sources, and any regions written
inline), one file per region in `regions/<region id>.yaml` beside it (read in file-name order, after the inline
ones), and optionally one file per source in `sources/<source id>.yaml` (a source's metadata and left_out, next to
its text). Every file is read by PyYAML (`reading.py`); pydantic checks its shape; the semantic checks test codes,
ids and that every quote and figure is true to the source document. A region file's checks read only that file,
the entry file and the sources, so each is checked on its own (in several processes when many are new) and its
result kept in the cache (`cache.py`) under the key of all it read. The checks across files (duplicate ids,
unused vocabulary entries, every number of a source accounted for) run on every load over the per-file results.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboard.data.cache import Cache
from dashboard.data.coverage import SourceText, read_source, uncovered
from dashboard.data.numbers import NAME_NUMBER, ParseError, forecast_clause, parse_as_printed
from dashboard.data.reading import (
    REVIEW_MARKER,
    PathKey,
    Positions,
    Problem,
    ReadFile,
    format_path,
    position,
    read_yaml,
)
from dashboard.data.text import squash_whitespace
from dashboard.data.vocab import KIND_BASES, PERIOD_FORMS, PERIOD_PATTERN, SCOPES

if TYPE_CHECKING:
    from pydantic import ValidationError

    from dashboard.data.models import Dataset, Indicator

__all__ = ["DEFAULT_DATASET", "REVIEW_MARKER", "DatasetError", "LoadResult", "Problem", "load_dataset"]

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "data" / "measures.yaml"
SOURCES_DIR = "sources"  # a dataset's source texts (and optional source files) live in this folder next to it
REGIONS_DIR = "regions"  # one file per region, named by its id
PARALLEL_FROM = 48  # new region files below this are checked in this process: starting helpers costs more
MAX_FILE_BYTES = 24 * 2**20  # a region is tens of kilobytes, 600 inline 17 MB; a file past this is refused unread

# the vocabularies that tag a measure: measure key -> (top-level section, its code key, what to call an entry)
MEASURE_TAGS: dict[str, tuple[str, str, str]] = {
    "themes": ("themes", "code", "theme"),
    "instruments": ("instruments", "id", "instrument"),
    "target_groups": ("target_groups", "id", "target group"),
}
# vocabularies whose every entry must be used (an unused one is a typo or a leftover): section, key, what, unused
_MUST_BE_USED = (("instruments", "id", "instrument", "tags no measure"),
                 ("target_groups", "id", "target group", "tags no measure"),
                 ("populations", "id", "population", "is the population of no figure"))
_LABEL_KEYS = ("label_zh", "label_en")  # a figure's label in the file (models.Figure.label)
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
    key: str | None = None  # a key of everything the dataset was built from (for what is derived from it)
    checked: list[str] = field(default_factory=list)  # the region files read and checked afresh (not cached)

    @property
    def ok(self) -> bool:
        return self.dataset is not None and not self.problems


class DatasetError(Exception):
    """Raised by `load_dataset_or_raise`; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


# ---------------------------------------------------------------- the files of a dataset


@dataclass(frozen=True)
class DatasetFiles:
    entry: Path
    sources: tuple[Path, ...]  # sources/*.yaml
    regions: tuple[Path, ...]  # regions/*.yaml

    @classmethod
    def of(cls, entry: Path) -> DatasetFiles:
        return cls(entry, _yaml_files(entry.parent / SOURCES_DIR), _yaml_files(entry.parent / REGIONS_DIR))

    def every_file(self) -> list[Path]:
        """Every file the dataset is read from: the entry, the region files and all under sources/."""
        sources = self.entry.parent / SOURCES_DIR
        texts = sorted(p for p in sources.rglob("*") if p.is_file()) if sources.is_dir() else []
        return [self.entry, *self.regions, *texts]


def _yaml_files(folder: Path) -> tuple[Path, ...]:
    return tuple(sorted(folder.glob("*.yaml"))) if folder.is_dir() else ()


def fingerprint(path: str | Path) -> tuple:
    """What the files of a dataset are now, cheaply: name, size, inode and both modification and change times
    of each. Any edit changes it, even one that puts back the modification time (`touch -r`, `cp -p`): the change
    time cannot be set."""
    stamps = []
    for file in DatasetFiles.of(Path(path)).every_file():
        try:
            s = file.stat()
        except OSError:
            continue
        stamps.append((str(file), s.st_size, s.st_ino, s.st_mtime_ns, s.st_ctime_ns))
    return tuple(stamps)


def _shown(entry_shown: str, file: Path) -> str:
    """A file of the dataset as problems name it: beside the entry file as the entry file is named."""
    return str(Path(entry_shown).parent / file.parent.name / file.name)


def read_bytes(file: Path, what: str) -> bytes:
    """A dataset file's bytes; OSError for a file that cannot be read, is not a regular file (a FIFO or a device
    would block or never end) or is larger than MAX_FILE_BYTES (refused before it is read: memory stays bounded)."""
    status = file.stat()
    if not stat.S_ISREG(status.st_mode):
        raise OSError(f"{file.name} is not a regular file")
    limit = f"a {what} file may be at most {MAX_FILE_BYTES // 2**20} MB"
    if status.st_size > MAX_FILE_BYTES:
        raise OSError(f"{file.name} is {status.st_size / 2**20:.1f} MB; {limit} (one file per region keeps each small)")
    with file.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise OSError(f"{file.name} is over {MAX_FILE_BYTES // 2**20} MB; {limit}")
    return data


def _decode(data: bytes, shown: str, what: str) -> tuple[str | None, list[Problem]]:
    """The text of a file's bytes (any line break read as a newline), or the problem: where a byte that is not
    UTF-8 stands, by line and column."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = max(data.rfind(b"\n", 0, error.start), data.rfind(b"\r", 0, error.start)) + 1
        line = data.count(b"\n", 0, line_start) + 1
        col = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        return None, [Problem(shown, line, col, "", f"the {what} file is not UTF-8 text: byte 0x{data[error.start]:02x} "
                                                    "cannot be read here; save the file as UTF-8")]
    return (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text), []


def _read(file: Path, shown: str, what: str) -> tuple[bytes | None, ReadFile]:
    try:
        data = read_bytes(file, what)
    except OSError as error:
        return None, ReadFile(None, problems=[Problem(shown, 1, 1, "", f"cannot read {what} file: {error}")])
    text, problems = _decode(data, shown, what)
    if text is None:
        return None, ReadFile(None, problems=problems)
    read = read_yaml(text, shown)
    if read.value is None and not read.problems:
        read.problems.append(Problem(shown, 1, 1, "", f"the {what} file is empty"))
    return data, read


# ---------------------------------------------------------------- what a file's checks read and find


def _items(value: Any) -> list[tuple[int, dict]]:
    """The dict items of a list, with their indexes; anything malformed is reported by the shape check."""
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass
class Context:
    """What every file's checks read besides the file itself: the entry file's vocabularies and indicators, and
    the sources (their ids, and the text of each)."""

    vocabularies: dict[str, set[str | None]] = field(default_factory=dict)
    indicator_units: dict[str | None, Any] = field(default_factory=dict)
    populations: set[str | None] = field(default_factory=set)  # the ids defined under `populations`
    known_sources: set[str | None] = field(default_factory=set)
    default_source: str | None = None  # the source of a region that names none: the only one there is
    texts: dict[str | None, SourceText] = field(default_factory=dict)
    text_files: dict[str | None, str] = field(default_factory=dict)  # each source's text file, as problems name it
    complete: list[str | None] = field(default_factory=list)  # sources whose every number must be accounted for


@dataclass
class Place:
    file: str
    line: int
    col: int
    path: str


@dataclass
class Outcome:
    """What the checks of one file found: the vocabulary codes its measures use (and the vocabularies whose use
    could not all be read), the spans of the sources its figures cover, its ids and where they stand, and its
    problems. A file with no problem keeps its outcome in the cache, as JSON."""

    used: dict[str, set[str]] = field(default_factory=dict)
    unsure: set[str] = field(default_factory=set)
    covered: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    ids: list[tuple[str, str, Place]] = field(default_factory=list)  # (what, id, where)
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"used": {k: sorted(v) for k, v in self.used.items()}, "unsure": sorted(self.unsure),
                "covered": self.covered, "ids": [[what, code, vars(place)] for what, code, place in self.ids]}

    @classmethod
    def from_json(cls, data: dict) -> Outcome:
        return cls({k: set(v) for k, v in data["used"].items()}, set(data["unsure"]),
                   {k: [(a, b) for a, b in v] for k, v in data["covered"].items()},
                   [(what, code, Place(**place)) for what, code, place in data["ids"]])


class _Checker:
    """The checks of one file's content against the context: codes, ids, quotes and figures true to the source.
    Works on the raw data, so that it reports its problems even where the shape check failed."""

    def __init__(self, context: Context, file: str, positions: Positions):
        self.context, self.file, self.positions = context, file, positions
        self.outcome = Outcome()

    def place(self, path: PathKey) -> Place:
        line, col = position(self.positions, path)
        return Place(self.file, line, col, format_path(path))

    def add(self, path: PathKey, message: str) -> None:
        place = self.place(path)
        self.outcome.problems.append(Problem(place.file, place.line, place.col, place.path, message))

    def note_id(self, what: str, value: Any, path: PathKey) -> None:
        if isinstance(value, str):  # missing or of the wrong type: reported by the shape check
            self.outcome.ids.append((what, value, self.place(path)))

    def unique(self, section: Any, key: str, what: str, path: PathKey) -> None:
        for index, item in _items(section):
            self.note_id(what, item.get(key), (*path, index, key))

    def source_of(self, item: dict, path: PathKey, default: str | None) -> str | None:
        """The source an item names (`source:`), else the one it inherits; an unknown id is reported."""
        source_id = _text(item.get("source"))
        if source_id is None:
            return default
        if source_id not in self.context.known_sources:
            self.add((*path, "source"), f"unknown source '{source_id}'")
        return source_id

    def cover(self, source_id: str | None, quote: str | None, as_printed: str | None) -> None:
        source = self.context.texts.get(source_id)
        if source is not None and quote and as_printed and source_id in self.context.complete:
            self.outcome.covered.setdefault(source_id, []).extend(source.spans(quote, as_printed))

    def read_source_text(self, source: dict, path: PathKey, base_dir: Path, shown_dir: str) -> None:
        """The source's text file (`file:`, relative to the dataset's folder `base_dir`, shown as `shown_dir`) read
        into the context; a file that cannot be read, or stands outside sources/, is a problem."""
        name, source_id = _text(source.get("file")), _text(source.get("id"))
        if name is None:
            return
        try:
            # the resolved file (links followed) must stay inside sources/, whatever `..` or `/` the path says
            root = (base_dir / SOURCES_DIR).resolve()
            file = (base_dir / name).resolve()
            if root not in file.parents:
                self.add((*path, "file"), f"source file must be inside {SOURCES_DIR}/ next to the dataset: {name}")
                return
            if not file.is_file():
                self.add((*path, "file"), f"source file not found: {name}")
                return
            text, problems = _decode(read_bytes(file, "source"), str(Path(shown_dir) / name), "source")
        except (OSError, ValueError) as error:  # ValueError: a NUL in the name
            self.add((*path, "file"), f"cannot read source file {name}: {error}")
            return
        if text is None:
            self.add((*path, "file"), f"cannot read source file {name}: line {problems[0].line}, column "
                                      f"{problems[0].col}: {problems[0].message}")
            return
        self.context.texts[source_id] = read_source(text)
        self.context.text_files[source_id] = str(Path(shown_dir) / name)
        if source.get("complete", True) is not False:
            self.context.complete.append(source_id)

    def check_region(self, region: dict, r_path: PathKey) -> None:
        """The checks that read one region, the entry file and the sources, never another region."""
        self.note_id("region id", region.get("id"), (*r_path, "id"))
        source_id = self.source_of(region, r_path, self.context.default_source)
        if source_id is None and "source" not in region:
            self.add((*r_path, "source"), "missing field 'source' (the dataset has several sources: name one)")
        for m_index, measure in _items(region.get("measures")):
            m_path: PathKey = (*r_path, "measures", m_index)
            self.note_id("measure id", measure.get("id"), (*m_path, "id"))
            measure_source = self.source_of(measure, m_path, source_id)
            self.check_measure(measure_source, measure, m_path, _text(region.get("period")))
        self.check_repeated_indicators(region, r_path)

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
                missing = [key for key in _LABEL_KEYS if not figure.get(key)]
                if missing:
                    self.add(path, f"'{code}' is reported {len(entries)} times in this region: give each figure "
                                   f"{' and '.join(missing)} saying what it counts")
            for key in _LABEL_KEYS:
                labels = [figure.get(key) for _, figure in entries]
                for (path, _), label in zip(entries, labels, strict=True):
                    if label and labels.count(label) > 1:
                        self.add((*path, key), f"{key} '{label}' is used twice for '{code}'")

    def check_measure(self, source_id: str | None, measure: dict, m_path: PathKey, region_period: str | None) -> None:
        for field_name, (section, _, what) in MEASURE_TAGS.items():
            codes = measure.get(field_name)
            codes = codes if isinstance(codes, list) else []
            if not codes:  # missing or empty: reported by the shape check
                self.outcome.unsure.add(section)
            for index, code in enumerate(codes):
                if isinstance(code, str) and code in self.context.vocabularies[section]:
                    self.outcome.used.setdefault(section, set()).add(code)
                    continue
                self.outcome.unsure.add(section)
                if isinstance(code, str):
                    self.add((*m_path, field_name, index), f"unknown {what} '{code}'")
            if len(codes) > 1:  # one code cannot be listed twice
                for code in sorted({str(c) for c in codes if codes.count(c) > 1}):
                    self.add((*m_path, field_name), f"{what} '{code}' is listed twice")
        self.check_quote(source_id, measure.get("quote"), (*m_path, "quote"))
        for f_index, figure in _items(measure.get("figures")):
            f_path = (*m_path, "figures", f_index)
            f_source = self.source_of(figure, f_path, source_id)
            self.check_figure(f_source, figure, f_path)
            self.check_coverage(figure, f_path, region_period)
        self.check_steps(measure, m_path)
    def check_figure(self, source_id: str | None, figure: dict, f_path: PathKey) -> None:
        code, unit = figure.get("indicator"), figure.get("unit")
        if isinstance(code, str) and code not in self.context.indicator_units:
            self.add((*f_path, "indicator"), f"unknown indicator '{code}'")
        elif isinstance(code, str) and unit is not None and self.context.indicator_units[code] != unit:
            self.add((*f_path, "unit"), f"unit '{unit}' does not match indicator '{code}' unit '{self.context.indicator_units[code]}'")
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
        population = _text(figure.get("population"))
        if scope == "region" and population is not None:
            self.add((*f_path, "population"), "a figure about the whole region has no population; remove it, or "
                                              "give the figure the scope it covers")
        elif scope in SCOPES and scope != "region":
            if population is None:
                self.add((*f_path, "scope"), f"scope '{scope}' needs a population: an id of the group it covers, the "
                                             "same id on every figure that counts the very same group")
            if population in self.context.populations:
                self.outcome.used.setdefault("populations", set()).add(population)
            elif missing := [key for key in ("scope_zh", "scope_en") if not _text(figure.get(key))]:
                self.add((*f_path, "scope"), f"scope '{scope}' needs {' and '.join(missing)} saying what it covers "
                                             "(or a population defined under populations)")
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

    def check_left_out(self, source: dict, s_path: PathKey) -> None:
        """A source's left_out entries: each quote in the source, each number in its quote."""
        source_id = _text(source.get("id"))
        text = self.context.texts.get(source_id)
        for l_index, item in _items(source.get("left_out")):
            path: PathKey = (*s_path, "left_out", l_index)
            quote, as_printed = _text(item.get("quote")), _text(item.get("as_printed"))
            self.cover(source_id, quote, as_printed)
            if text is not None and quote is not None and text.find_quote(squash_whitespace(quote)) < 0:
                self.add((*path, "quote"), f"quote not found verbatim in the source: {quote.strip()[:40]}…")
            if quote and as_printed and squash_whitespace(as_printed) not in squash_whitespace(quote):
                self.add((*path, "as_printed"), f"as_printed '{as_printed}' is not in its quote")

    def check_quote(self, source_id: Any, quote: Any, path: PathKey) -> None:
        source = self.context.texts.get(source_id)
        if source is not None and isinstance(quote, str) and source.find_quote(squash_whitespace(quote)) < 0:
            self.add(path, f"quote not found verbatim in source '{source_id}': {quote.strip()[:40]}…")



# ---------------------------------------------------------------- shape


def _validation_problems(error: ValidationError, model: type, file: str, positions: Positions,
                         prefix: PathKey = ()) -> list[Problem]:
    """pydantic's errors (of validating a `model`) as Problems, each at the position of its field in the file
    (`prefix` before every path): the half of a bilingual pair under its own key (`title_en`)."""
    from dashboard.data.bilingual import data_loc

    problems = []
    for item in error.errors(include_url=False):
        loc = prefix + data_loc(model, tuple(part for part in item["loc"]
                                             if not (isinstance(part, str) and part.startswith("function-"))))
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


def _shaped(model: type, value: Any, file: str, positions: Positions) -> tuple[Any, list[Problem]]:
    from pydantic import ValidationError

    try:
        return model.model_validate(value), []
    except ValidationError as error:
        return None, _validation_problems(error, model, file, positions)


def _finished(read: ReadFile, problems: list[Problem]) -> list[Problem]:
    """A file's problems: what reading found first; a YAML 1.1 boolean reported once, not again as a bad value;
    a field still to be decided reported as that, not as whatever its value breaks."""
    flagged = {p.path for p in read.problems}
    problems = read.problems + [p for p in problems if p.path not in flagged]
    if read.markers:
        decided = tuple(m.path for m in read.markers)
        problems = read.markers + [p for p in problems if not _under(p.path, decided)]
    return problems


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith((f"{p}.", f"{p}[")) for p in prefixes)


# ---------------------------------------------------------------- one region file


def check_region_file(context: Context, file: Path, shown: str, data: bytes) -> tuple[Any, Outcome]:
    """A region file (its bytes `data`) read and checked against the context: its Region (None where its shape is
    wrong) and what the checks found, every problem in this file."""
    from dashboard.data.models import Region

    text, problems = _decode(data, shown, "region")
    if text is None:
        return None, Outcome(unsure={section for section, _, _, _ in _MUST_BE_USED}, problems=problems)
    read = read_yaml(text, shown)
    checker = _Checker(context, shown, read.positions)
    if not isinstance(read.value, dict):  # what its measures use is unknown: no vocabulary entry is called unused
        checker.outcome.unsure = {section for section, _, _, _ in _MUST_BE_USED}
    if read.value is None:
        checker.outcome.problems = read.problems or [Problem(shown, 1, 1, "", "the region file is empty")]
        return None, checker.outcome
    if not isinstance(read.value, dict):
        checker.outcome.problems = [*read.problems, Problem(
            shown, 1, 1, "", "a region file holds one region: a mapping with id, name_zh, name_en, … measures")]
        return None, checker.outcome
    region, problems = _shaped(Region, read.value, shown, read.positions)
    checker.check_region(read.value, ())
    region_id = read.value.get("id")
    if isinstance(region_id, str) and region_id != file.stem:
        checker.add(("id",), f"region id '{region_id}' does not match its file name {file.name} "
                             f"(name the file {region_id}.yaml, or fix the id)")
    checker.outcome.problems = _finished(read, problems + checker.outcome.problems)
    return (region if not checker.outcome.problems else None), checker.outcome


_worker_context: Context | None = None


def _set_worker_context(context: Context) -> None:
    global _worker_context
    _worker_context = context


def _check_in_worker(jobs: list[tuple[Path, str, bytes]]) -> list[tuple[Any, Outcome]]:
    """A helper process's share: its region files checked."""
    assert _worker_context is not None
    return [check_region_file(_worker_context, *job) for job in jobs]


def _check_region_files(context: Context, jobs: list[tuple[Path, str, bytes]], workers: int
                        ) -> list[tuple[Any, Outcome]]:
    """Each job's region and outcome: in helper processes where many files are new, else here."""
    if workers <= 1 or len(jobs) < PARALLEL_FROM:
        return [check_region_file(context, *job) for job in jobs]
    size = max(1, len(jobs) // (workers * 4))
    shares = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    with ProcessPoolExecutor(workers, initializer=_set_worker_context, initargs=(context,)) as pool:
        return [item for share in pool.map(_check_in_worker, shares) for item in share]


# ---------------------------------------------------------------- the dataset


def load_dataset(path: str | Path = DEFAULT_DATASET, display_name: str | None = None, cache: Cache | None = None,
                 workers: int = 1) -> LoadResult:
    """Load and check the dataset; never raises for bad content, returns every problem instead.

    With a `cache`, a region file whose bytes, and all else its checks read, are unchanged since it last checked
    cleanly is taken from the cache; with `workers` above 1, many new region files are checked in that many
    processes."""
    # reading builds a million small objects and no cycle: the cyclic collector's passes over them would cost as
    # much as the reading itself
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_dataset(Path(path), display_name or str(path), cache, workers)
    finally:
        if enabled:
            gc.enable()


def _load_dataset(path: Path, shown: str, cache: Cache | None, workers: int) -> LoadResult:
    files = DatasetFiles.of(path)
    entry_data, entry = _read(path, shown, "dataset")
    if entry.value is None or entry_data is None:
        return LoadResult(path, None, entry.problems)
    if not isinstance(entry.value, dict):
        from dashboard.data.models import Dataset

        return LoadResult(path, None, entry.problems + _shaped(Dataset, entry.value, shown, entry.positions)[1])
    raw: dict = entry.value
    reads = {shown: entry}
    context = Context(
        vocabularies={section: {_text(e.get(key)) for _, e in _items(raw.get(section))}
                      for section, key, _ in MEASURE_TAGS.values()},
        indicator_units={_text(i.get("code")): i.get("unit") for _, i in _items(raw.get("indicators"))},
        populations={_text(p.get("id")) for _, p in _items(raw.get("populations"))})
    entry_checker = _Checker(context, shown, entry.positions)
    # the sources: those written in the entry file, then one per file of sources/*.yaml (taken from the cache where
    # nothing its checks read changed)
    context_key = hashlib.sha256(entry_data + _sources_digest(path)).digest() if cache is not None else b""
    sources: list[tuple[dict, _Checker, PathKey, bool]] = [(s, entry_checker, ("sources", i), False)
                                                           for i, s in _items(raw.get("sources"))]
    source_models: list = []
    failed = {"sources": False, "regions": False}  # a file whose source or region could not be taken
    file_checkers: list[tuple[_Checker, str | None]] = []  # each source file's checks, and its cache key
    for file in files.sources:
        file_shown = _shown(shown, file)
        try:
            key = cache.key("source", context_key, file.name, file.read_bytes()) if cache is not None else None
        except OSError:
            key = None
        held = _held(cache, key, "Source")
        if held is not None:
            checker = _Checker(context, file_shown, {})
            checker.outcome = held[1]
            file_checkers.append((checker, None))
            source_models.append(held[0])
            sources.append(({"id": held[0].id, "file": held[0].file, "complete": held[0].complete}, checker, (), True))
            continue
        _, read = _read(file, file_shown, "source")
        reads[file_shown] = read
        checker = _Checker(context, file_shown, read.positions)
        file_checkers.append((checker, key))
        if isinstance(read.value, dict):
            sources.append((read.value, checker, (), False))
            source, shape = _shaped(_model("Source"), read.value, file_shown, read.positions)
            checker.outcome.problems += shape
            if source is not None:
                source_models.append(source)
            failed["sources"] |= source is None
            if isinstance(read.value.get("id"), str) and read.value["id"] != file.stem:
                checker.add(("id",), f"source id '{read.value['id']}' does not match its file name {file.name}")
        else:
            failed["sources"] = True
            if read.value is not None:
                checker.add((), "a source file holds one source: a mapping with id, title_zh, … file")
    source_ids = [_text(s.get("id")) for s, _, _, _ in sources]
    context.known_sources = set(source_ids)
    context.default_source = source_ids[0] if len(source_ids) == 1 else None
    for source, checker, s_path, held in sources:
        if not held:
            checker.note_id("source id", source.get("id"), (*s_path, "id"))
        checker.read_source_text(source, s_path, path.parent, str(Path(shown).parent))
    for section, key, what in MEASURE_TAGS.values():
        entry_checker.unique(raw.get(section), key, f"{what} {key}", (section,))
    entry_checker.unique(raw.get("indicators"), "code", "indicator code", ("indicators",))
    entry_checker.unique(raw.get("populations"), "id", "population id", ("populations",))
    entry_checker.unique(raw.get("glossary"), "zh", "glossary term", ("glossary",))
    for index, region in _items(raw.get("regions")):
        entry_checker.check_region(region, ("regions", index))
    for source, checker, s_path, held in sources:
        if not held:
            checker.check_left_out(source, s_path)
    by_id = {model.id: model for model in source_models}
    for checker, key in file_checkers:
        source_id = next((code for what, code, _ in checker.outcome.ids if what == "source id"), None)
        if cache is not None and key and not checker.outcome.problems and source_id in by_id:
            cache.write_json(key, {"value": _compact(by_id[source_id]), "outcome": checker.outcome.to_json()})

    # the region files: each taken from the cache where nothing it reads changed, else read and checked
    regions: list[tuple[Any, Outcome]] = []
    keys: list[str | None] = []
    jobs: list[tuple[int, tuple[Path, str, bytes]]] = []
    for file in files.regions:
        file_shown = _shown(shown, file)
        try:
            data = read_bytes(file, "region")
        except OSError as error:
            regions.append((None, Outcome(unsure={section for section, _, _, _ in _MUST_BE_USED},
                                          problems=[Problem(file_shown, 1, 1, "", f"cannot read region file: {error}")])))
            keys.append(None)
            continue
        key = cache.key("region", context_key, file.name, data) if cache is not None else None
        held = _held(cache, key, "Region")
        regions.append(held or (None, Outcome()))
        keys.append(key)
        if held is None:
            jobs.append((len(regions) - 1, (file, file_shown, data)))
    for (index, _), found in zip(jobs, _check_region_files(context, [job for _, job in jobs], workers), strict=True):
        regions[index] = found
        if cache is not None and found[0] is not None and keys[index] is not None:
            cache.write_json(keys[index], {"value": _compact(found[0]), "outcome": found[1].to_json()})

    # the shape of the entry file, with the sources and regions of their own files in place
    from dashboard.data.models import Dataset

    shaped = dict(raw)
    for section, taken in (("sources", source_models), ("regions", [r for r, _ in regions if r is not None])):
        inline = raw.get(section, [])
        if getattr(files, section) and isinstance(inline, list):  # anything else is for the shape check to report
            shaped[section] = inline + taken
    dataset, shape = _shaped(Dataset, shaped, shown, entry.positions)
    failed["regions"] = any(region is None for region, _ in regions)
    shape = [p for p in shape if not failed.get(p.path)]  # "regions is empty" where a region file failed

    # the checks across files
    outcomes = [entry_checker.outcome, *(c.outcome for c, _ in file_checkers), *(o for _, o in regions)]
    problems = _across_files(outcomes, context, raw, entry_checker, [s for s, _, _, _ in sources], cache)
    by_file: dict[str, list[Problem]] = {file_shown: [] for file_shown in reads}
    for problem in shape + [p for o in outcomes for p in o.problems] + problems:
        by_file.setdefault(problem.file, []).append(problem)
    ordered: list[Problem] = []
    for file_shown, found in by_file.items():
        found = _finished(reads[file_shown], found) if file_shown in reads else found
        ordered += sorted(found, key=lambda p: (p.line, p.col, p.message))
    result_key = cache.key("dataset", context_key, *(k or "" for k in keys)) if cache is not None else None
    if cache is not None:
        cache.prune()
    return LoadResult(path, dataset if not ordered else None, ordered, result_key,
                      [job[0].name for _, job in jobs])


def _model(name: str) -> type:
    """A model class of `dashboard.models`, imported when first needed (pydantic takes a fifth of a second)."""
    from dashboard.data import models

    return getattr(models, name)


def _compact(model: Any) -> Any:
    """A checked source or region as JSON-ready data for the cache: what it holds, its defaults left out."""
    return model.model_dump(mode="json", exclude_defaults=True)


def _held(cache: Cache | None, key: str | None, model: str) -> tuple[Any, Outcome] | None:
    """A file's checked value (a `model`) and outcome as the cache holds them, or None (never held, or not in the
    shape expected: then the file is read and checked again)."""
    if cache is None or key is None:
        return None
    held = cache.read_json(key)
    if not isinstance(held, dict):
        return None
    from pydantic import ValidationError

    try:
        return _model(model).model_validate(held["value"]), Outcome.from_json(held["outcome"])
    except (ValidationError, KeyError, TypeError, ValueError):
        return None


def _sources_digest(path: Path) -> bytes:
    """sha256 of every file under the dataset's sources/ folder (subfolders too), with its relative path."""
    digest = hashlib.sha256()
    folder = path.parent / SOURCES_DIR
    for file in sorted(folder.rglob("*")) if folder.is_dir() else ():
        try:
            if file.is_file():
                digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
        except OSError:  # reported by the check that reads it; this key just never matches
            digest.update(os.urandom(16))
    return digest.digest()


def _across_files(outcomes: list[Outcome], context: Context, raw: dict, entry: _Checker, sources: list[dict],
                  cache: Cache | None) -> list[Problem]:
    """Ids unique across every file, every vocabulary entry in use, every number of a complete source a figure
    or a left_out entry."""
    problems: list[Problem] = []
    first: dict[tuple[str, str], Place] = {}
    for outcome in outcomes:
        for what, code, place in outcome.ids:
            seen = first.setdefault((what, code), place)
            if seen is not place:
                item = re.sub(r"\.\w+$", "", seen.path)  # the item the first id stands in
                where = item if seen.file == place.file else f"{seen.file}:{seen.line} ({item or 'the file'})"
                problems.append(Problem(place.file, place.line, place.col, place.path,
                                        f"duplicate {what} '{code}' (first at {where})"))
    used: dict[str, set[str]] = {}
    unsure: set[str] = set()
    covered: dict[str, list[tuple[int, int]]] = {}
    for outcome in outcomes:
        for section, codes in outcome.used.items():
            used.setdefault(section, set()).update(codes)
        unsure |= outcome.unsure
        for source_id, spans in outcome.covered.items():
            covered.setdefault(source_id, []).extend(spans)
    for section, key, what, verb in _MUST_BE_USED:
        if section in unsure:
            continue
        for index, item in _items(raw.get(section)):
            code = item.get(key)
            if isinstance(code, str) and code not in used.get(section, set()):
                place = entry.place((section, index, key))
                problems.append(Problem(place.file, place.line, place.col, place.path,
                                        f"{what} '{code}' {verb}; use it or remove it"))
    indexes = {_text(s.get("id")): i for i, s in reversed(list(enumerate(sources)))}  # the first's
    for source_id in dict.fromkeys(context.complete):
        source, file = context.texts[source_id], context.text_files[source_id]
        key = cache.key("numbers", source.squashed) if cache is not None else None
        held = cache.read_json(key) if cache is not None and key is not None else None
        if isinstance(held, list) and all(isinstance(s, list) and len(s) == 2 for s in held):
            source._spans = [(a, b) for a, b in held]
        elif cache is not None and key is not None:
            cache.write_json(key, source.number_spans())
        for number in uncovered(source, covered.get(source_id, [])):
            line, col = source.line_col(number.start)
            problems.append(Problem(
                file, line, col, f"sources[{indexes[source_id]}]",
                f"number '{number.as_printed}' is neither a figure nor listed under left_out of source "
                f"'{source_id}' (as a {number.form}); quote its sentence in a figure or a left_out entry"))
    return problems


def check_figures(figures: list[dict], indicators: Iterable[Indicator], file: str = "figures") -> list[Problem]:
    """Loose figures (not from a dataset file: typed or uploaded by a person) checked as the dataset's own are:
    shape and closed vocabularies, known indicator and its unit, kind against time basis, period against time
    basis, scope texts, an `as_printed` that reads back as its value and qualifier, labels for a repeated
    indicator. Each problem's path is `[index].field` (index into `figures`)."""
    from pydantic import ValidationError

    from dashboard.data.models import Figure

    checker = _Checker(Context(indicator_units={i.code: i.unit for i in indicators}), file, {})
    problems: list[Problem] = []
    for index, figure in enumerate(figures):
        try:
            Figure.model_validate(figure)
        except ValidationError as error:
            problems += _validation_problems(error, Figure, file, {}, (index,))
        checker.check_figure(None, figure, (index,))
        checker.check_coverage(figure, (index,), None)
    checker.check_repeated_indicators({"measures": [{"figures": figures}]}, ())
    # the repeat check speaks of measures[0].figures[i]: the same index
    return problems + [replace(p, path=re.sub(r"^measures\[0\]\.figures", "", p.path))
                       for p in checker.outcome.problems]


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
