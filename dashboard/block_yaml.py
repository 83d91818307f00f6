"""A fast reader for the plain block YAML that datasets are written in, or None for anything else.

Composing a 600-region file into PyYAML nodes (each with its marks) and building them into Python takes about
2 s; most of that is making a Python object for every event and node. This reader goes line by line over the
shapes a dataset uses — block mappings with identifier keys, block sequences (indented or not), one-line plain,
single- and double-quoted scalars, and one-line flow sequences of scalars, with comments — and builds the same
plain data the reading code builds from nodes, in about a third of the time. It keeps no positions: a caller
that needs one (to report a problem) reads the file the slow way.

It is an accelerator, never a second opinion: it answers None for anything it does not read exactly as PyYAML
does — anchors, tags, block scalars, multi-line scalars, flow mappings, tabs, document markers, unusual
characters — and for anything the reading code reports (a duplicate key, a YAML 1.1 boolean, a value still to
be decided, a syntax error), so that the slow reader runs and says what is wrong, with the line and column.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from dashboard.scalars import REVIEW_MARKER, scalar_value

# a key is an identifier of at most 1,024 characters: LibYAML takes nothing longer as a key
_LINE = re.compile(r"^( *)(?:(-)( +|$))?(?:([A-Za-z_][A-Za-z0-9_]{0,1023}):(?: +|$))?(.*)$", re.M)
_DOCUMENT_MARKS = ("---", "...", "%")  # at a line's start: a document marker or a directive
# characters PyYAML's reader refuses, and those it takes as line breaks or strips
_UNSAFE = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"(?: *| +#.*)$')  # a comment after a value needs a space before it
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: *| +#.*)$")
_FLOW_ITEM = re.compile(r""" *("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,\[\]{}#"'&*!|>%@`:?]*?) *(,|\])""")
_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`")
_MAX_DEPTH = 40  # the dataset nests 8 deep; deeper files go to the reader that reports depth


class _NotPlain(Exception):
    """The text holds something this reader does not read exactly as PyYAML does."""


def read(text: str) -> dict | None:
    """The file's top-level mapping as plain Python, or None where only the slow reader can say."""
    return _read(text, list_root=False, cache={}, depth=1)


def read_list(text: str, cache: dict[str, str] | None = None, depth: int = 1) -> list | None:
    """A text whose top level is a block list (items of a file's list cut out on their own), or None. `depth` is
    how deep the list stands in its file (2 for a list under a top-level key), so that nesting is limited as in the
    whole file. Items of one file read one by one can share a `cache` of the strings their values stand for."""
    return _read(text, list_root=True, cache={} if cache is None else cache, depth=depth)


def _read(text: str, list_root: bool, cache: dict[str, str], depth: int) -> Any:
    if REVIEW_MARKER in text or _UNSAFE.search(text):
        return None
    try:
        return _Reader(text, cache).document(list_root, depth)
    except (_NotPlain, RecursionError, ValueError, OverflowError):  # whatever else the reader trips on: the slow one
        return None


class _Reader:
    def __init__(self, text: str, cache: dict[str, str]):
        if text.startswith(_DOCUMENT_MARKS) or any(f"\n{mark}" in text for mark in _DOCUMENT_MARKS):
            raise _NotPlain
        # (indent, dash, content column, key, rest) of every line that is not blank or a comment
        rows = [(len(indent), dash, len(indent) + 1 + len(gap) if dash else len(indent), key, rest)
                for indent, dash, gap, key, rest in _LINE.findall(text)
                if key or dash or (rest and rest[0] != "#")]
        self.rows = rows
        self.count = len(rows)
        self.cache = cache  # a line's value text -> the string it stands for

    def document(self, list_root: bool, depth: int) -> Any:
        if not self.rows:
            raise _NotPlain
        indent, dash, _content, key, _rest = self.rows[0]
        if list_root and dash:
            value, index = self.sequence(0, indent, depth=depth)
        elif not list_root and indent == 0 and key and not dash:
            value, index = self.mapping(0, 0, first=False, depth=depth)
        else:
            raise _NotPlain
        if index != self.count:
            raise _NotPlain
        return value

    def mapping(self, index: int, column: int, first: bool, depth: int) -> tuple[dict, int]:
        """The block mapping whose keys stand at `column`, from row `index`; `first` if row `index` is a dash
        line whose content is this mapping's first key."""
        if depth > _MAX_DEPTH:
            raise _NotPlain
        rows, count, cache = self.rows, self.count, self.cache
        result: dict[str, Any] = {}
        while index < count:
            indent, dash, _content, key, rest = rows[index]
            if first:
                first = False
            elif indent != column or dash:
                break
            if not key or key in result:
                raise _NotPlain
            index += 1
            if rest and rest[0] != "#":  # a continuation line below ends the mapping: the reader refuses
                value = cache.get(rest)  # most values were seen before (codes, units, words)
                result[key] = value if value is not None else self.scalar(rest)
                continue
            if index < count:
                below, below_dash = rows[index][0], rows[index][1]
                if below > column or (below == column and below_dash):
                    result[key], index = self.block(index, depth + 1)
                    continue
            result[key] = None
        if index < count and rows[index][0] > column:
            raise _NotPlain
        return result, index

    def sequence(self, index: int, column: int, depth: int) -> tuple[list, int]:
        if depth > _MAX_DEPTH:
            raise _NotPlain
        rows, count = self.rows, self.count
        result: list[Any] = []
        while index < count:
            indent, dash, content, key, rest = rows[index]
            if indent != column or not dash:
                break
            if key:
                value, index = self.mapping(index, content, first=True, depth=depth + 1)
                result.append(value)
            else:
                if not rest or rest[0] in "-#":
                    raise _NotPlain  # a value on the lines below, or a sequence in a sequence on one line
                result.append(self.scalar(rest))
                index += 1
            if index < count and rows[index][0] > column:
                raise _NotPlain
        return result, index

    def block(self, index: int, depth: int) -> tuple[Any, int]:
        indent, dash, _content, key, _rest = self.rows[index]
        if dash:
            return self.sequence(index, indent, depth)
        if key:
            return self.mapping(index, indent, first=False, depth=depth)
        raise _NotPlain  # a scalar on its own line below its key

    def scalar(self, text: str) -> Any:
        """One line's value: plain, quoted, or a flow sequence of those."""
        cached = self.cache.get(text)
        if cached is not None:
            return cached
        head = text[0]
        if head == '"':
            match = _DOUBLE.match(text)
            if match is None:
                raise _NotPlain
            value: Any = _unescape(match.group(1))
        elif head == "'":
            match = _SINGLE.match(text)
            if match is None:
                raise _NotPlain
            value = match.group(1).replace("''", "'")
        elif head == "[":
            return self.flow(text)
        else:
            value = self.plain(text)
            if value is None:  # null is not cached (None means "not seen")
                return None
        if type(value) is str:
            self.cache[text] = value
        return value

    def plain(self, text: str) -> Any:
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut]
        text = text.rstrip(" ")
        if (text[0] in _PLAIN_START and (text[0] not in "-?:" or len(text) == 1 or text[1] == " ")) \
                or ": " in text or text.endswith(":"):
            raise _NotPlain
        return _resolved(text)

    def flow(self, text: str) -> list:
        end = text.rfind("]")
        tail = text[end + 1 :].strip(" ")
        if end < 0 or (tail and tail[0] != "#"):
            raise _NotPlain
        body = text[: end + 1]
        if body.replace(" ", "") == "[]":
            return []
        items: list[Any] = []
        position, length = 1, len(body)
        while position < length:
            match = _FLOW_ITEM.match(body, position)
            if match is None:
                raise _NotPlain
            item = match.group(1)
            if not item:
                raise _NotPlain  # an empty entry, or a trailing comma
            if item[0] == '"':
                items.append(_unescape(item[1:-1]))
            elif item[0] == "'":
                items.append(item[1:-1].replace("''", "'"))
            else:
                if item[0] == "-" and (len(item) == 1 or item[1] == " "):
                    raise _NotPlain
                items.append(_resolved(item))
            position = match.end()
            if match.group(2) == "]":
                break
        if position != length:
            raise _NotPlain
        return items


_RESOLVER = yaml.resolver.Resolver()
_MEMO_LIMIT = 100_000
_plain_memo: dict[str, Any] = {}  # a plain scalar -> its typed value: the same codes and units, thousands of times


def _resolved(text: str) -> Any:
    """A plain scalar's value, typed as the reading code types it (PyYAML's implicit tags)."""
    try:
        return _plain_memo[text]
    except KeyError:
        pass
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    value, problem = scalar_value(tag, text)
    if problem is not None:
        raise _NotPlain
    if len(_plain_memo) < _MEMO_LIMIT:
        _plain_memo[text] = value
    return value


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body

    def replace(match: re.Match) -> str:
        code = match.group(1)
        if len(code) > 1:
            point = int(code[1:], 16)
            if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
                raise _NotPlain  # LibYAML refuses a surrogate or an out-of-range code point
            return chr(point)
        if code not in _ESCAPES:
            raise _NotPlain
        return _ESCAPES[code]

    return _ESCAPE.sub(replace, body)
