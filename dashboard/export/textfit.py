"""How much room text takes on a slide: widths from font metrics, lines by wrapping as an office suite does,
heights from the line spacing. Pure functions, no fonts needed at run time.

Latin widths are DejaVu Sans's (what LibreOffice draws for Arial where Arial is absent; wider than Arial, so a box
sized by them holds the text in PowerPoint too); every other character counts a full em, as a CJK face draws it.
Line height is the CJK face's (Noto Sans CJK: 1.448 em) for text with CJK characters, the Latin face's (DejaVu
Sans: 1.164 em; Arial: 1.15 em) for text without."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable

# advance widths of ASCII 32..126 in 1/1000 em, DejaVu Sans regular and bold
_REGULAR = [318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636,
            636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295,
            295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838,
            500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521,
            392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838]
_BOLD = [348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696,
         696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775,
         637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675,
         716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924,
         645, 652, 582, 712, 365, 712, 838]
LINE_EM = 1.45  # line height in em of text with CJK characters
LINE_EM_LATIN = 1.17  # of text without
PT_PER_IN = 72.0

# a line may break after a space or a hyphen, and before or after any wide (CJK) character
_TOKEN = re.compile(r"[\x21-\x7e]+ *| +|.", re.DOTALL)


def char_em(ch: str, bold: bool = False) -> float:
    code = ord(ch)
    if 32 <= code <= 126:
        return (_BOLD if bold else _REGULAR)[code - 32] / 1000
    return 1.0


def text_em(text: str, bold: bool = False, measure: Callable[[str, bool], float] = char_em) -> float:
    return sum(measure(ch, bold) for ch in text)


def _tokens(paragraph: str) -> list[str]:
    """Unbreakable pieces: a Latin word with its trailing spaces, or one other character."""
    return _TOKEN.findall(paragraph)


def wrap(text: str, width_pt: float, size_pt: float, bold: bool = False,
         measure: Callable[[str, bool], float] = char_em) -> list[str]:
    """The lines `text` takes in a box `width_pt` wide at `size_pt`: greedy, breaking after spaces and around CJK
    characters; a word longer than a line is broken where it must be. `measure`: a character's width in em (the
    tests pass real font metrics)."""
    room = width_pt / size_pt  # in em
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for token in _tokens(paragraph):
            width = text_em(token.rstrip(" "), bold, measure)
            if used + width > room and line:
                lines.append(line.rstrip(" "))
                line, used = "", 0.0
                token = token.lstrip(" ")
                width = text_em(token.rstrip(" "), bold, measure)
            while width > room:  # a word wider than the box: the office suite breaks it anywhere
                cut = _fit(token, room, bold, measure)
                lines.append(token[:cut])
                token = token[cut:]
                width = text_em(token.rstrip(" "), bold, measure)
            line += token
            used += text_em(token, bold, measure)
        lines.append(line.rstrip(" "))
    return lines


def _fit(token: str, room: float, bold: bool, measure: Callable[[str, bool], float]) -> int:
    used = 0.0
    for n, ch in enumerate(token):
        used += measure(ch, bold)
        if used > room:
            return max(n, 1)
    return len(token)


def line_em(text: str) -> float:
    """A line's height in em: a CJK character brings the CJK face's taller line."""
    return LINE_EM if any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text) else LINE_EM_LATIN


def text_height_pt(text: str, width_pt: float, size_pt: float, bold: bool = False) -> float:
    """Points the wrapped text takes, top to bottom, without the box's margins."""
    return len(wrap(text, width_pt, size_pt, bold)) * size_pt * line_em(text)


def fit_text(text: str, width_pt: float, size_pt: float, height_pt: float, ellipsis: str = "…") -> str:
    """The longest start of `text` that fits the box, ending in `ellipsis` when cut (the caller keeps the full
    text elsewhere: a slide's notes)."""
    if text_height_pt(text, width_pt, size_pt) <= height_pt:
        return text
    max_lines = max(1, math.floor(height_pt / (size_pt * line_em(text))))
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix whose wrapped lines fit
        mid = (lo + hi + 1) // 2
        if len(wrap(text[:mid].rstrip() + ellipsis, width_pt, size_pt)) <= max_lines:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ellipsis
