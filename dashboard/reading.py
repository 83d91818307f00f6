"""A dataset's YAML read into plain Python, with the line and column of every value.

A file in plain block style is read by `block_yaml`, fast and without positions; anything else, and any file or
item with a problem, is composed into nodes (LibYAML's CSafeLoader where present) and built into plain Python by
hand, so that every value keeps its position, duplicate keys are caught, YAML 1.1 booleans (`NO`, `on`) are
reported instead of silently becoming bools, and timestamps stay strings. Positions of a file read fast are found
the slow way when a problem asks for one. A file can also be read item by item (`read_by_items`), each source and
region that has not changed since the last clean read taken from the memo.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from dashboard import block_yaml, segments
from dashboard.memo import Memo
from dashboard.scalars import REVIEW_MARKER, scalar_value

try:  # LibYAML is ~10x faster; fall back to pure Python where it is not compiled in
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class YamlLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Resolves each plain scalar's implicit tag once per distinct text.

    PyYAML matches every plain scalar against its implicit-type patterns in Python, even under LibYAML; a
    dataset repeats the same few hundred keys and codes, so a memo of text → tag saves most of that. A quoted
    scalar is always a string."""

    _memo: ClassVar[dict[str, str]] = {}
    _MEMO_LIMIT: ClassVar[int] = 200_000

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        tag = self._memo.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._memo) < self._MEMO_LIMIT:
                self._memo[value] = tag
        return tag


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large acyclic structure.

    Reading a 600-region file creates ~1 million objects, none in a cycle; the collector's repeated full
    passes over them cost as much as the parse itself (measured: 5.8 s → 3.0 s in-process at 100×)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

def read_text(path: Path) -> str:
    """A file's text as `Path.read_text(encoding="utf-8")` gives it (line breaks \r\n and \r read as \n), in a fifth
    of the time for a large file: text mode decodes and translates chunk by chunk. Raises OSError or
    UnicodeDecodeError."""
    text = path.read_bytes().decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


PathKey = tuple[str | int, ...]
_MAX_DEPTH = 50  # the dataset nests 8 levels deep
_STR_TAG = "tag:yaml.org,2002:str"

@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.path or '(root)'}: {self.message}"



class Builder:
    def __init__(self, file: str, markers: bool = True, depth: int = 0):
        self.file = file
        self.depth = depth  # how deep in the file the node built from path () stands
        self.has_markers = markers  # whether the text holds REVIEW_MARKER at all: most files never do
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.built: set[int] = set()  # ids of the collection nodes built so far
        self.markers: list[Problem] = []  # values still to be decided (REVIEW_MARKER)

    def problem(self, node: yaml.Node, path: PathKey, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, format_path(path), message))

    def build(self, node: yaml.Node, path: PathKey = ()) -> Any:
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if type(node) is yaml.ScalarNode and node.tag == _STR_TAG:  # most nodes: take the shortest way
            if self.has_markers and node.value.startswith(REVIEW_MARKER):
                self.marker(node, path)
            return node.value
        if isinstance(node, yaml.CollectionNode):
            # An alias to a list or mapping would be built again (and forever if it is recursive); so would an
            # absurd nesting depth exhaust the stack. Neither belongs in this dataset.
            if id(node) in self.built:
                self.problem(node, path, "aliases of lists and mappings are not supported; write the value out")
                return None
            if len(path) + self.depth > _MAX_DEPTH:
                self.problem(node, path, f"nested more than {_MAX_DEPTH} levels deep")
                return None
            self.built.add(id(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            positions = self.positions
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
                if key in result:
                    first = positions[(*path, key)][0]
                    self.problem(key_node, (*path, key), f"duplicate key '{key}' (first defined on line {first})")
                    continue
                if type(value_node) is yaml.ScalarNode and value_node.tag == _STR_TAG:  # inlined build()
                    mark = value_node.start_mark
                    positions[(*path, key)] = (mark.line + 1, mark.column + 1)
                    result[key] = value_node.value
                    if self.has_markers and value_node.value.startswith(REVIEW_MARKER):
                        self.marker(value_node, (*path, key))
                else:
                    result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.build_scalar(node, path)

    def build_scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        value, problem = scalar_value(node.tag, node.value)
        if problem is not None:
            self.problem(node, path, problem)
        elif type(value) is str and value.startswith(REVIEW_MARKER):  # an unquoted marker (quoted ones take the
            self.marker(node, path)  # short way in build)
        return value

    def marker(self, node: yaml.Node, path: PathKey) -> None:
        mark = node.start_mark
        self.markers.append(Problem(self.file, mark.line + 1, mark.column + 1, format_path(path),
                                    f"to decide: {node.value.removeprefix(REVIEW_MARKER).strip()}"))  # str, and timestamps kept as written


class LazyPositions:
    """Positions of a file read without them (`block_yaml`), found by reading it again with PyYAML the first time a
    problem asks for one: a clean file never pays for them."""

    def __init__(self, text: str, file: str):
        self.text, self.file = text, file
        self._positions: dict[PathKey, tuple[int, int]] | None = None

    def _all(self) -> dict[PathKey, tuple[int, int]]:
        if self._positions is None:
            builder = Builder(self.file, markers=False)
            try:
                builder.build(yaml.compose(self.text, Loader=YamlLoader))
            except yaml.YAMLError:  # the fast reader never takes what PyYAML refuses; were it to, lines say 1:1
                pass
            self._positions = builder.positions
        return self._positions

    def __contains__(self, path: PathKey) -> bool:
        return path in self._all()

    def __getitem__(self, path: PathKey) -> tuple[int, int]:
        return self._all()[path]


class ItemPositions:
    """Positions of a file read item by item: the rest of the file's own, and each item's kept apart, relative to
    the item and found (by reading the item's text again with PyYAML) only when a problem in that item asks."""

    def __init__(self, base: dict[PathKey, tuple[int, int]]):
        self.base = base
        self.items: dict[tuple[str, int], list] = {}  # (section, index) -> [first line - 1, text or positions]

    def add(self, section: str, index: int, line: int, text: str) -> None:
        self.items[(section, index)] = [line, text]

    def _item(self, path: PathKey) -> tuple[int, dict[PathKey, tuple[int, int]]] | None:
        entry = self.items.get(path[:2]) if len(path) >= 2 else None  # type: ignore[arg-type]
        if entry is None:
            return None
        if isinstance(entry[1], str):
            builder = Builder("", markers=False, depth=2)  # the item stands at (section, index)
            builder.build(yaml.compose(entry[1], Loader=YamlLoader).value[0])
            entry[1] = builder.positions
        return entry[0], entry[1]

    def __contains__(self, path: PathKey) -> bool:
        item = self._item(path)
        return path[2:] in item[1] if item else path in self.base

    def __getitem__(self, path: PathKey) -> tuple[int, int]:
        item = self._item(path)
        if item is None:
            return self.base[path]
        line, col = item[1][path[2:]]
        return item[0] + line, col


Positions = dict[PathKey, tuple[int, int]] | ItemPositions | LazyPositions


def format_path(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def position(positions: Positions, path: PathKey) -> tuple[int, int]:
    """The position of the deepest existing node on `path` (a missing field points at its parent)."""
    for cut in range(len(path), -1, -1):
        if path[:cut] in positions:
            return positions[path[:cut]]
    return (1, 1)


@dataclass(frozen=True)
class Unread:
    """Most items are not in the memo: reading the whole file is faster (and can be shared among processes); the
    caller then keeps the items with `remember_items`."""

    cut: segments.Cut
    keys: list[str]  # each item's memo key


def read_by_items(text: str, file: str, memo: Memo, unread_from: float | None = None
                  ) -> tuple[dict, ItemPositions, segments.Cut] | Unread | None:
    """The file read item by item, each unchanged item taken from the memo; None where only reading the whole
    file can say what it holds or what is wrong with it (a syntax error, a duplicate key, a value to decide), and
    `Unread` where more than the share `unread_from` of the items would have to be read."""
    cut = segments.cut(text)
    if cut is None:
        return None
    try:
        node = yaml.compose(cut.skeleton, Loader=YamlLoader)
    except yaml.YAMLError:
        return None
    builder = Builder(file, markers=REVIEW_MARKER in cut.skeleton)
    raw = builder.build(node) if isinstance(node, yaml.MappingNode) else None
    sections = {item.section for item in cut.items}
    # each cut section must be a key of the rest with nothing under it: a header swallowed by a quoted value or a
    # flow collection is not one
    if (not isinstance(raw, dict) or builder.problems or builder.markers
            or any(s not in raw or raw[s] is not None for s in sections)):
        return None
    positions = ItemPositions(builder.positions)
    keys = [memo.key("item", item.section, item.text) for item in cut.items]
    held = memo.get(keys)
    if unread_from is not None and sum(key not in held for key in keys) > unread_from * len(keys):
        return Unread(cut, keys)
    cache: dict[str, str] = {}
    for item, key in zip(cut.items, keys, strict=True):
        entry = held.get(key)
        if not (isinstance(entry, tuple) and len(entry) == 1):
            entry = read_item(item, file, cache)
            if entry is None:
                return None
            memo.put(key, entry)
        value = entry[0]
        if item.index == 0:
            raw[item.section] = []
            positions.base[(item.section,)] = (item.line + 1, len(item.text) - len(item.text.lstrip(" ")) + 1)
        raw[item.section].append(value)
        positions.add(item.section, item.index, item.line, item.text)
    return raw, positions, cut


def remember_items(unread: Unread, raw: dict, memo: Memo) -> None:
    """Keep in the memo each item of a file read whole, as it would have been read on its own (the same reader
    reads both ways: `block_yaml` goes line by line); nothing where the cut and the reading disagree on a count."""
    for section in segments.SECTIONS:
        values = raw.get(section)
        if len(unread.cut.section(section)) != (len(values) if isinstance(values, list) else 0):
            return
    for item, key in zip(unread.cut.items, unread.keys, strict=True):
        memo.put(key, (raw[item.section][item.index],))


def read_item(item: segments.Item, file: str, cache: dict[str, str] | None = None) -> tuple[Any] | None:
    """One item's value (as a 1-tuple), if it reads cleanly on its own; its positions are found when needed. Items
    of one file can share a `cache` of the strings their values stand for."""
    fast = block_yaml.read_list(item.text, cache, depth=2)  # the item's list is a top-level key's value
    if fast is not None:
        return (fast[0],) if len(fast) == 1 else None
    try:
        node = yaml.compose(item.text, Loader=YamlLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 1:
        return None
    builder = Builder(file, markers=REVIEW_MARKER in item.text, depth=2)  # the item stands at (section, index)
    value = builder.build(node.value[0])
    if builder.problems or builder.markers:
        return None
    return (value,)
