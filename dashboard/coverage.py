"""Which numbers of a source no figure covers and no left_out entry explains.

A source is read once into `SourceText`: its whitespace-free text (the form quotes are compared in), the line and
column of every character, and every number `numbers.find_numbers` reads in it. A figure
or left_out entry covers the span of its `as_printed` inside its `quote` where that quote stands in the source.
Pure functions, no streamlit; the validator, the draft and the evaluation share them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from dashboard.models import squash_whitespace
from dashboard.numbers import Found, find_numbers

_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_FURNITURE = re.compile(r"^ {10,}\S")  # a running header or footer, centred on the page
_DIGITISH = tuple("0123456789.")


@dataclass
class SourceText:
    squashed: str
    positions: list[tuple[int, int]]  # (line, column) in the file of each character of `squashed`, 1-based
    paragraphs: tuple[tuple[int, int], ...]  # spans of `squashed`, one per paragraph of the file
    _numbers: list[Found] | None = None
    _quotes: dict[str, int] = field(default_factory=dict)

    @property
    def numbers(self) -> list[Found]:
        if self._numbers is None:  # read on first use: a source only checked for quotes is never scanned
            self._numbers = find_numbers(self.squashed)
        return self._numbers

    def find_quote(self, quote: str) -> int:
        """Where the (squashed) quote starts in the source, -1 if it is not there; memoised (quotes repeat)."""
        at = self._quotes.get(quote)
        if at is None:
            at = self._quotes[quote] = self.squashed.find(quote)
        return at

    def span(self, quote: str, as_printed: str) -> tuple[int, int] | None:
        """The span of `as_printed` in the source, found inside its quote; None if either is not found."""
        quote, number = squash_whitespace(quote), squash_whitespace(as_printed)
        at = self.find_quote(quote)
        inside = _number_in(quote, number) if at >= 0 and number else -1
        return None if inside < 0 else (at + inside, at + inside + len(number))

    def line_col(self, index: int) -> tuple[int, int]:
        return self.positions[min(index, len(self.positions) - 1)] if self.positions else (1, 1)


def _number_in(text: str, number: str) -> int:
    """Where `number` stands in `text` as a whole number: '24' in '基地24', not inside '1224'; else its first place."""
    first = at = text.find(number)
    while at >= 0:
        before, after = text[at - 1 : at] if at else "", text[at + len(number) : at + len(number) + 1]
        glued_before = number[:1].isdigit() and before in _DIGITISH and before != ""
        glued_after = number[-1:].isdigit() and after in _DIGITISH and after != ""
        if not (glued_before or glued_after):
            return at
        at = text.find(number, at + 1)
    return first


def read_source(text: str) -> SourceText:
    """The source as quotes are compared with it; a PDF's page furniture (page numbers, a running header or footer
    set far in from the margin) is left out, so that a sentence across a page break reads as one."""
    chars: list[str] = []
    positions: list[tuple[int, int]] = []
    paragraphs: list[tuple[int, int]] = []
    lines = text.splitlines()
    # PDF extracts end a paragraph's last line with a space; plain text separates paragraphs by a blank line
    trailing = any(line.strip() and line[-1:].isspace() for line in lines)
    start = 0
    for line_no, line in enumerate(lines, start=1):
        if _PAGE_NUMBER.match(line) or _FURNITURE.match(line):
            continue
        for col, char in enumerate(line, start=1):
            if not char.isspace():
                chars.append(char)
                positions.append((line_no, col))
        ends = (line.strip() and line[-1:].isspace()) if trailing else not line.strip()
        if ends and len(chars) > start:
            paragraphs.append((start, len(chars)))
            start = len(chars)
    if len(chars) > start:
        paragraphs.append((start, len(chars)))
    return SourceText("".join(chars), positions, tuple(paragraphs))


def uncovered(source: SourceText, spans: list[tuple[int, int]]) -> list[Found]:
    """The numbers of the source that overlap none of `spans`."""
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    reach: list[int] = []  # the furthest end among the spans up to each index
    for _, end in ordered:
        reach.append(max(end, reach[-1]) if reach else end)
    out = []
    for number in source.numbers:
        index = bisect.bisect_left(starts, number.end) - 1  # the last span starting before the number ends
        if index < 0 or reach[index] <= number.start:
            out.append(number)
    return out
