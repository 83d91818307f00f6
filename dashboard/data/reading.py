"""One YAML file read into plain Python by PyYAML, with the line and column of every value.

The file is composed into nodes (LibYAML's CSafeLoader where it is installed) and built into plain Python here, so
that every value keeps its position, duplicate keys are reported instead of silently keeping the last, YAML 1.1
booleans (`NO`, `on`) are reported instead of becoming bools, and timestamps stay strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # LibYAML is ~10x faster; fall back to pure Python where it is not compiled in
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

# A value a person must still decide (written by `python -m dashboard draft`): listed by file:line, and in place
# of whatever else the validator would say about that field.
REVIEW_MARKER = "TODO:"
_YAML11_BOOLS = {"y", "yes", "n", "no", "on", "off"}
_MAX_DEPTH = 50  # the dataset nests 8 levels deep
_STR_TAG = "tag:yaml.org,2002:str"

PathKey = tuple[str | int, ...]
Positions = dict[PathKey, tuple[int, int]]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.path or '(root)'}: {self.message}"


@dataclass
class ReadFile:
    """A file's value, the position of every value in it, what reading it found, and its values still to decide."""

    value: Any
    positions: Positions = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    markers: list[Problem] = field(default_factory=list)


def read_yaml(text: str, file: str) -> ReadFile:
    """The YAML text's value with positions (None for an empty text); a syntax error is the one problem of an
    unreadable file."""
    try:
        node = yaml.compose(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {error.problem or error}" + (f" ({error.context})" if error.context else "")
        return ReadFile(None, problems=[Problem(file, line, col, "", message)])
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (NUL, other controls): where it is
        # LibYAML counts the position in UTF-8 bytes, PyYAML's own reader in characters
        at = error.position
        if YamlLoader is not yaml.SafeLoader:
            at = len(text.encode()[:at].decode(errors="ignore"))
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        return ReadFile(None, problems=[Problem(file, line, col, "", f"character U+{error.character:04X} is not "
                                                                     "allowed in YAML; remove it")])
    except yaml.YAMLError as error:
        return ReadFile(None, problems=[Problem(file, 1, 1, "", f"YAML error: {error}")])
    if node is None:  # empty: the caller says what it should have held
        return ReadFile(None)
    builder = _Builder(file)
    value = builder.build(node)
    return ReadFile(value, builder.positions, builder.problems, builder.markers)


def scalar_value(tag: str, text: str) -> tuple[Any, str | None]:
    """A scalar's value from its resolved tag and text, and the problem to report, if any: a YAML 1.1 boolean
    (`NO`, `on`) stays its text and is reported, a number Python cannot read (`017`) stays its text, and
    timestamps stay as written."""
    if tag.endswith(":bool"):
        if text.lower() in _YAML11_BOOLS:
            return text, f"'{text}' is read as a YAML 1.1 boolean; quote it (\"{text}\") if a code was meant"
        return text.lower() == "true", None
    if tag.endswith(":int"):
        try:
            return int(text.replace("_", ""), 0), None
        except ValueError:
            return text, None
    if tag.endswith(":float"):
        try:
            return float(text.replace("_", "")), None
        except ValueError:
            return text, None
    if tag.endswith(":null"):
        return None, None
    return text, None


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.positions: Positions = {}
        self.problems: list[Problem] = []
        self.markers: list[Problem] = []  # values still to be decided (REVIEW_MARKER)
        self.built: set[int] = set()  # ids of the collection nodes built so far

    def problem(self, node: yaml.Node, path: PathKey, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, format_path(path), message))

    def build(self, node: yaml.Node, path: PathKey = ()) -> Any:
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.CollectionNode):
            # An alias to a list or mapping would be built again (and forever if it is recursive); so would an
            # absurd nesting depth exhaust the stack. Neither belongs in this dataset.
            if id(node) in self.built:
                self.problem(node, path, "aliases of lists and mappings are not supported; write the value out")
                return None
            if len(path) > _MAX_DEPTH:
                self.problem(node, path, f"nested more than {_MAX_DEPTH} levels deep")
                return None
            self.built.add(id(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
                if key in result:
                    first = self.positions[(*path, key)][0]
                    self.problem(key_node, (*path, key), f"duplicate key '{key}' (first defined on line {first})")
                    continue
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        value, problem = (node.value, None) if node.tag == _STR_TAG else scalar_value(node.tag, node.value)
        if problem is not None:
            self.problem(node, path, problem)
        elif type(value) is str and value.startswith(REVIEW_MARKER):
            self.markers.append(Problem(self.file, mark.line + 1, mark.column + 1, format_path(path),
                                        f"to decide: {value.removeprefix(REVIEW_MARKER).strip()}"))
        return value


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
