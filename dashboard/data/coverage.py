"""Which numbers of a source no figure covers and no left_out entry explains.

A source is read once into `SourceText`: its whitespace-free text (the form quotes are compared in), the line and
column of every character, and every number `numbers.find_numbers` reads in it. A figure
or left_out entry covers the span of its `as_printed` inside its `quote` where that quote stands in the source.
Pure functions, no streamlit; the validator, the draft and the evaluation share them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from dashboard.data.numbers import Found, find_numbers, number_spans
from dashboard.data.text import squash_whitespace

_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_FURNITURE = re.compile(r"^ {10,}\S")  # a running header or footer, centred on the page
_DIGITISH = tuple("0123456789.")  # a tuple of characters: the empty string is not in it


def page_furniture(line: str) -> bool:
    """A line that is the page's, not the text's: a page number or a running header or footer. Quotes are read
    across it, as if the page did not break."""
    return bool(_PAGE_NUMBER.match(line) or _FURNITURE.match(line))


@dataclass
class SourceText:
    squashed: str
    lines: list[tuple[int, int, str]]  # (offset in `squashed`, line number, text) of each line of the file kept
    paragraphs: tuple[tuple[int, int], ...]  # spans of `squashed`, one per paragraph of the file
    _numbers: list[Found] | None = None
    _spans: list[tuple[int, int]] | None = None
    _quotes: dict[str, list[int]] = field(default_factory=dict)

    @property
    def numbers(self) -> list[Found]:
        if self._numbers is None:  # read on first use: a source only checked for quotes is never scanned
            self._numbers = find_numbers(self.squashed)
        return self._numbers

    def number_spans(self) -> list[tuple[int, int]]:
        """Where the numbers are, without reading their values: all the coverage check needs until one is missed."""
        if self._spans is None:
            if self._numbers is not None:
                self._spans = [(n.start, n.end) for n in self._numbers]
            else:
                self._spans = number_spans(self.squashed)
        return self._spans

    def quote_starts(self, quote: str) -> list[int]:
        """Every place the (squashed) quote starts in the source; memoised (figures of a measure share quotes)."""
        starts = self._quotes.get(quote)
        if starts is None:
            starts, at = [], self.squashed.find(quote) if quote else -1
            while at >= 0:
                starts.append(at)
                at = self.squashed.find(quote, at + 1)
            self._quotes[quote] = starts
        return starts

    def find_quote(self, quote: str) -> int:
        """Where the (squashed) quote first starts in the source, -1 if it is not there."""
        starts = self.quote_starts(quote)
        return starts[0] if starts else -1

    def spans(self, quote: str, as_printed: str) -> list[tuple[int, int]]:
        """The spans of `as_printed` in the source, inside its quote wherever the quote stands (a sentence printed
        twice is read the same both times); empty if either is not found."""
        quote, number = squash_whitespace(quote), squash_whitespace(as_printed)
        inside = _number_in(quote, number) if number else -1
        if inside < 0:
            return []
        return [(at + inside, at + inside + len(number)) for at in self.quote_starts(quote)]

    def span(self, quote: str, as_printed: str) -> tuple[int, int] | None:
        """The first of `spans`, or None."""
        found = self.spans(quote, as_printed)
        return found[0] if found else None

    def line_col(self, index: int) -> tuple[int, int]:
        """The 1-based line and column in the file of the character at `index` of `squashed`."""
        if not self.lines:
            return (1, 1)
        offset, line_no, line = self.lines[max(0, bisect.bisect_right([o for o, _, _ in self.lines], index) - 1)]
        seen = offset
        for col, char in enumerate(line, start=1):
            if not char.isspace():
                if seen == index:
                    return (line_no, col)
                seen += 1
        return (line_no, len(line) or 1)


def _number_in(text: str, number: str) -> int:
    """Where `number` stands in `text` as a whole number: '24' in '基地24', not inside '1224'; else its first place."""
    first = at = text.find(number)
    # only a number that starts (ends) with a digit can be glued to a digit before (after) it
    digit_first, digit_last = number[:1].isdigit(), number[-1:].isdigit()
    while at >= 0:
        before, after = text[at - 1 : at] if at else "", text[at + len(number) : at + len(number) + 1]
        glued_before = digit_first and before in _DIGITISH
        glued_after = digit_last and after in _DIGITISH
        if not (glued_before or glued_after):
            return at
        at = text.find(number, at + 1)
    return first


def read_source(text: str) -> SourceText:
    """The source as quotes are compared with it; a PDF's page furniture (page numbers, a running header or footer
    set far in from the margin) is left out, so that a sentence across a page break reads as one."""
    parts: list[str] = []
    kept: list[tuple[int, int, str]] = []
    paragraphs: list[tuple[int, int]] = []
    lines = text.splitlines()
    # PDF extracts end a paragraph's last line with a space; plain text separates paragraphs by a blank line
    trailing = any(line.strip() and line[-1:].isspace() for line in lines)
    start = length = 0
    for line_no, line in enumerate(lines, start=1):
        if page_furniture(line):
            continue
        # not the memoised squash_whitespace: lines are read once; str.split drops the same (Unicode) whitespace
        # as its regular expression, several times faster
        squashed = "".join(line.split())
        kept.append((length, line_no, line))
        parts.append(squashed)
        length += len(squashed)
        ends = (line.strip() and line[-1:].isspace()) if trailing else not line.strip()
        if ends and length > start:
            paragraphs.append((start, length))
            start = length
    if length > start:
        paragraphs.append((start, length))
    return SourceText("".join(parts), kept, tuple(paragraphs))


def unique_in(number: Found, text: str, quote: str) -> Found:
    """The number with as much of the words before it as makes its as_printed occur once in its quote
    ('“科创十条”“人才十条”': 科创十条 and 人才十条), so that it points at the one place meant."""
    start = number.start
    while quote.count(text[start : number.end]) > 1 and start > 0 and not text[start - 1].isdigit():
        start -= 1
    return replace(number, start=start, as_printed=text[start : number.end]) if start != number.start else number


def uncovered(source: SourceText, spans: list[tuple[int, int]]) -> list[Found]:
    """The numbers of the source that overlap none of `spans` (read in full only when one is found)."""
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    reach: list[int] = []  # the furthest end among the spans up to each index
    for _, end in ordered:
        reach.append(max(end, reach[-1]) if reach else end)
    def missed(start: int, end: int) -> bool:
        index = bisect.bisect_left(starts, end) - 1  # the last span starting before the number ends
        return index < 0 or reach[index] <= start

    if not any(missed(start, end) for start, end in source.number_spans()):
        return []
    return [number for number in source.numbers if missed(number.start, number.end)]
