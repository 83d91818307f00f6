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

# One match for each line that is neither blank nor a comment (the lookahead after the indentation skips those):
# its indentation, a dash with the spaces after it, a key, and the value text, which is '' where nothing or only a
# comment follows. A key is an identifier of at most 1,024 characters: LibYAML takes nothing longer as a key.
_LINE = re.compile(r"^( *+)(?!#|$)(- ++|-$|)(?:([A-Za-z_][A-Za-z0-9_]{0,1023}+):(?: ++|$)|)(?:#.*|(.*))$", re.M)
# Characters PyYAML's reader refuses, and those it takes as line breaks or strips. A text is not searched for them
# whole: a line's indentation, dash and key hold none of them (`_LINE` takes only spaces, a dash and identifier
# characters there), so they can only be in a value text, searched the first time it is read, or in a comment,
# from a '#' to the line's end.
_UNSAFE_CHARACTER = "[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
_UNSAFE = re.compile(_UNSAFE_CHARACTER)
_UNSAFE_COMMENT = re.compile("#.*" + _UNSAFE_CHARACTER)
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
    return _read(text, list_root=False, cache=None, depth=1)


def read_list(text: str, cache: dict[str, str] | None = None, depth: int = 1) -> list | None:
    """A text whose top level is a block list (items of a file's list cut out on their own), or None. `depth` is
    how deep the list stands in its file (2 for a list under a top-level key), so that nesting is limited as in the
    whole file. Items of one file read one by one can share a `cache` of the strings their values stand for."""
    return _read(text, list_root=True, cache=cache, depth=depth)


def _read(text: str, list_root: bool, cache: dict[str, str] | None, depth: int) -> Any:
    if REVIEW_MARKER in text or _UNSAFE_COMMENT.search(text):
        return None
    try:
        return _Reader(text, cache).document(list_root, depth)
    except (_NotPlain, RecursionError, ValueError, OverflowError):  # whatever else the reader trips on: the slow one
        return None


_UNSEEN = object()  # a value text not read yet (None is a value)


class _Reader:
    """Reads the rows `_LINE` gives, one for each line that is not blank or a comment. Each row read is a key or a
    dash line: any other line (a scalar on its own, a document marker, a directive) leaves the reading unfinished,
    which is refused. A line's indentation is kept as the run of spaces itself rather than measured: two runs of
    spaces compare as their lengths do, so a column is such a run too."""

    def __init__(self, text: str, cache: dict[str, str] | None):
        self.rows: list[tuple[str, str, str, str]] = _LINE.findall(text)  # (indent, dash, key, value text)
        self.count = len(self.rows)
        self.cache = cache  # a line's value text -> the string it stands for, shared by the items of one file
        # a line's value text -> its value, for anything but a flow sequence (a new list each time): most values
        # are seen many times (codes, units, words, numbers)
        self.seen: dict[str, Any] = {}

    def document(self, list_root: bool, depth: int) -> Any:
        if not self.rows:
            raise _NotPlain
        indent, dash, key, _text = self.rows[0]
        if list_root and dash:
            value, index = self.sequence(0, indent, depth=depth)
        elif not list_root and not indent and key and not dash:
            value, index = self.mapping(0, indent, first=False, depth=depth)
        else:
            raise _NotPlain
        if index != self.count:
            raise _NotPlain
        return value

    def mapping(self, index: int, column: str, first: bool, depth: int) -> tuple[dict, int]:
        """The block mapping whose keys stand at `column`, from row `index`; `first` if row `index` is a dash
        line whose content is this mapping's first key."""
        if depth > _MAX_DEPTH:
            raise _NotPlain
        rows, count, seen = self.rows, self.count, self.seen
        result: dict[str, Any] = {}
        while index < count:
            indent, dash, key, text = rows[index]
            if indent != column or dash:
                if not first:
                    break
                first = False  # the dash line's key stands at `column` too, after the dash
            if not key or key in result:
                raise _NotPlain
            index += 1
            if text:  # a continuation line below ends the mapping: the reader refuses
                value = seen.get(text, _UNSEEN)
                result[key] = value if value is not _UNSEEN else self.scalar(text)
                continue
            if index < count:
                below, below_dash, below_key, _text = rows[index]
                if below > column or (below == column and below_dash):
                    if below_dash:
                        result[key], index = self.sequence(index, below, depth + 1)
                    elif below_key:
                        result[key], index = self.mapping(index, below, first=False, depth=depth + 1)
                    else:
                        raise _NotPlain  # a scalar on its own line below its key
                    continue
            result[key] = None
        if index < count and rows[index][0] > column:
            raise _NotPlain
        return result, index

    def sequence(self, index: int, column: str, depth: int) -> tuple[list, int]:
        if depth > _MAX_DEPTH:
            raise _NotPlain
        rows, count, seen = self.rows, self.count, self.seen
        result: list[Any] = []
        while index < count:
            indent, dash, key, text = rows[index]
            if indent != column or not dash:
                break
            if key:  # the item's content starts after the dash and its spaces
                value, index = self.mapping(index, indent + " " * len(dash), first=True, depth=depth + 1)
                result.append(value)
            else:
                if not text or text[0] == "-":
                    raise _NotPlain  # a value on the lines below, or a sequence in a sequence on one line
                value = seen.get(text, _UNSEEN)
                result.append(value if value is not _UNSEEN else self.scalar(text))
                index += 1
            if index < count and rows[index][0] > column:
                raise _NotPlain
        return result, index

    def scalar(self, text: str) -> Any:
        """One line's value text read, and kept for the next time it is seen (a list is not: each is a new one)."""
        cache = self.cache
        value = cache.get(text) if cache is not None else None  # a text in the cache was read before, and searched
        if value is None:
            value = self.read_scalar(text)
            if type(value) is list:
                return value
            if cache is not None and type(value) is str:
                cache[text] = value
        self.seen[text] = value
        return value

    def read_scalar(self, text: str) -> Any:
        """One line's value text: plain, quoted, or a flow sequence of those."""
        if not text.isprintable() and _UNSAFE.search(text):  # Python prints none of them: most texts need no search
            raise _NotPlain
        head = text[0]
        if head == '"':
            match = _DOUBLE.match(text)
            if match is None:
                raise _NotPlain
            return _unescape(match.group(1))
        if head == "'":
            match = _SINGLE.match(text)
            if match is None:
                raise _NotPlain
            return match.group(1).replace("''", "'")
        if head == "[":
            return self.flow(text)
        cut = text.find(" #")  # a plain scalar ends before a comment, and without the spaces before either
        plain = (text[:cut] if cut >= 0 else text).rstrip(" ")
        if (head in _PLAIN_START and (head not in "-?:" or len(plain) == 1 or plain[1] == " ")) \
                or ": " in plain or plain[-1] == ":":
            raise _NotPlain
        return _resolved(plain)

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
# the resolver's patterns by the first character of the scalars they are tried on (None: on any scalar)
_IMPLICIT = _RESOLVER.yaml_implicit_resolvers
_plain_memo: dict[str, Any] = {}  # a plain scalar -> its typed value: the same codes and units, thousands of times


def _resolved(text: str) -> Any:
    """A plain scalar's value, typed as the reading code types it (PyYAML's implicit tags)."""
    if text[:1] not in _IMPLICIT and None not in _IMPLICIT:  # no pattern to try: a string, as `scalar_value` says
        return text
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
