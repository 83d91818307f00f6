"""Cut a dataset's text into its top-level list items (each source, each region), so that a check of an edited
file reads again only the items that changed.

The cut is made on the text, by indentation, and is only ever an optimisation: the loader falls back to reading
the whole file whenever an item does not read on its own as exactly one list entry (a multi-line flow value
that the cut split, an alias to an anchor elsewhere) or the layout is anything but plain block style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SECTIONS = ("sources", "regions")  # the long lists: everything else is a few hundred lines at any scale
# Every pattern starts with a newline, so that the regex engine looks for that character and does not try every
# position of a file of a hundred megabytes (the text is searched with a newline put in front).
_SECTION = re.compile(rf"\n({'|'.join(SECTIONS)}):[ \t]*(?:#[^\n]*)?(?=\n|\Z)")
_FIRST_CONTENT = re.compile(r"\n( *)(-(?:[ \t]|(?=\n)|\Z)|[^\s#])")  # the first line neither blank nor a comment
_END_AT_COLUMN_0 = re.compile(r"\n(?:[^\s#-]|-\S)")  # a line at column 0 that is not a list item
_ITEM_AT_COLUMN_0 = re.compile(r"\n-(?:[ \t]|(?=\n)|\Z)")  # the newline before an item of a list at column 0
_ANCHOR_BEFORE = frozenset(" \t\n[{,")  # what may stand before an anchor's `&`
_ANCHOR_NOT_AFTER = frozenset(" \t\n[]{},")  # an anchor's name starts with none of these


def _untrusted(text: str) -> bool:
    """Whether a cut on the text could read differently from the whole file: a line break other than "\n" (YAML
    counts a lone CR, NEL, U+2028 and U+2029 as line breaks, the cut does not), a directive (`%TAG` applies to
    every item), or an anchor (the same anchor in two items is an error only the whole file shows; plain text such
    as "a &b" counts too, and that file is read whole: slower, never wrong). Plain `in` and `find`: the file may be
    a hundred megabytes."""
    if any(mark in text for mark in ("\x85", "\u2028", "\u2029")) or text.startswith("%") or "\n%" in text:
        return True
    if "\r" in text and re.search(r"\r(?!\n)", text):
        return True
    at = text.find("&")
    while at >= 0:
        if (at == 0 or text[at - 1] in _ANCHOR_BEFORE) and text[at + 1 : at + 2] not in _ANCHOR_NOT_AFTER | {""}:
            return True
        at = text.find("&", at + 1)
    return False


@dataclass(frozen=True)
class Item:
    section: str
    index: int
    line: int  # 0-based line of the file where the item starts
    text: str  # the item's own lines, as a one-entry YAML list


@dataclass(frozen=True)
class Cut:
    skeleton: str  # the file with every item's lines emptied: line numbers stay those of the file
    items: tuple[Item, ...]
    rest: str  # the file without its items, exactly: what an item's checks may read besides the item

    def section(self, name: str) -> list[Item]:
        return [item for item in self.items if item.section == name]


class _NotPlain(Exception):
    """A layout the cut cannot trust."""


@dataclass(frozen=True)
class _List:
    start: int  # offset in the file of the list's first item (in the padded text: of the newline before it)
    end: int  # offset of the first line after the list
    item_start: re.Pattern  # the newline before each item's first line


def _list_under(padded: str, header: re.Match, length: int) -> _List | None:
    """The block list under a section's header (`padded` is the file with a newline put in front); None where
    there is none (empty, inline, not a list); `_NotPlain` where its layout cannot be trusted."""
    first = _FIRST_CONTENT.search(padded, header.end())
    if first is None or not first.group(2).startswith("-"):
        return None
    indent = first.group(1)
    # the list ends at the first line further left than its items (or, for items at column 0, at the first line at
    # column 0 that is not an item)
    end_pattern = _END_AT_COLUMN_0 if not indent else re.compile(rf"\n {{0,{len(indent) - 1}}}[^\s#]")
    end_match = end_pattern.search(padded, first.start())
    if indent and end_match and end_match.group(0)[1:2] == " ":
        raise _NotPlain  # a line between column 0 and the items' indentation: not plain block style
    item_start = _ITEM_AT_COLUMN_0 if not indent else re.compile(rf"\n{indent}-(?:[ \t]|(?=\n)|\Z)")
    return _List(first.start(), end_match.start() if end_match else length, item_start)


def cut(text: str) -> Cut | None:
    """The file's long lists cut into items, or None where its layout is not one this cut can trust."""
    if _untrusted(text):
        return None
    padded = "\n" + text  # offsets in `padded` are one more than in `text`; a match's newline ends the line before
    starts = list(_SECTION.finditer(padded))
    if len({match.group(1) for match in starts}) != len(starts):  # a repeated key: the whole file reads it
        return None
    spans: list[tuple[str, int, int]] = []  # (section, start, end) offsets in `text` of each item
    for match in starts:
        try:
            found = _list_under(padded, match, len(text))
        except _NotPlain:
            return None
        if found is None:
            continue  # empty, inline (`regions: []`) or not a list: read with the rest
        offsets = [m.start() for m in found.item_start.finditer(padded, found.start, found.end + 1)]
        if not offsets or offsets[0] != found.start:
            return None  # what looked like the first item is not one (`-1`, `---`)
        for start, stop in zip(offsets, [*offsets[1:], found.end], strict=True):
            spans.append((match.group(1), start, stop))
    if not spans:
        return None
    pieces, rest, items, cursor, line = [], [], [], 0, 0
    counters: dict[str, int] = {}
    for section, start, stop in spans:
        line += text.count("\n", cursor, start)
        chunk = text[start:stop]
        newlines = chunk.count("\n")
        pieces += [text[cursor:start], "\n" * newlines]
        rest.append(text[cursor:start])
        index = counters.get(section, 0)
        counters[section] = index + 1
        items.append(Item(section, index, line, chunk))
        line += newlines
        cursor = stop
    pieces.append(text[cursor:])
    rest.append(text[cursor:])
    return Cut("".join(pieces), tuple(items), "\0".join(rest))


@dataclass(frozen=True)
class Split:
    """A file's list cut into parts on the offsets of its items; each text is sliced by the process that reads it,
    not all by the one that splits."""

    text: str  # the whole file
    starts: tuple[int, ...]  # offsets in `text` of the list's first item and of each later part
    end: int  # offset of the first line after the list
    item_start: re.Pattern

    @property
    def parts(self) -> int:
        return len(self.starts)

    def part(self, index: int) -> str:
        """A run of the list's items, on its own a block list."""
        return self.text[self.starts[index] : ([*self.starts[1:], self.end])[index]]

    @property
    def rest(self) -> str:
        """The file without any of the list's items (the list's key stays, with nothing under it)."""
        return self.text[: self.starts[0]] + self.text[self.end :]

    def first_index(self, part: int) -> int:
        """The index in the list of part `part`'s first item: a count of the items before it, a search of the
        list's text up to it (done by whoever needs it, in parallel with the rest)."""
        return len(self.item_start.findall(self.text, self.starts[0] - 1, self.starts[part] - 1))


def split(text: str, section: str, parts: int, head_share: float = 1.0) -> Split | None:
    """A long list's items cut into `parts` runs, the section's text shared among them in the proportions
    `head_share` : 1 : 1 …, each run on its own a block list; None where the list is short, not in block style, or
    cannot be found plainly. A few searches, whatever the file's size. The runs read on their own as they
    would in the file only where each part reads in plain block style (`block_yaml`); the caller reads the whole
    file otherwise."""
    padded = "\n" + text  # as in `cut`: an offset in `padded` of a line's newline is the line's offset in `text`
    headers = [m for m in _SECTION.finditer(padded) if m.group(1) == section]
    if len(headers) != 1 or parts < 2:
        return None
    try:
        found = _list_under(padded, headers[0], len(text))
    except _NotPlain:
        return None
    if found is None:
        return None
    start, end = found.start, found.end
    bounds = [start]
    whole = head_share + parts - 1
    for k in range(1, parts):
        at = found.item_start.search(padded, start + int((end - start) * (head_share + k - 1) / whole), end)
        if at is None or at.start() <= bounds[-1]:
            return None
        bounds.append(at.start())
    return Split(text, tuple(bounds), end, found.item_start)
