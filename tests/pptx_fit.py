"""Does every text fit its box? Checks a PPTX with the real metrics of the fonts LibreOffice draws it with
(fc-match's Arial stand-in for Latin text, the system's CJK sans for Chinese), independent of the export's own
width table: each text box and each table cell must hold its wrapped text at the size its runs set."""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from dataclasses import dataclass
from typing import Any

from PIL import ImageFont

from dashboard.export.textfit import wrap

EMU_PER_PT = 12700
UPM = 1000  # fonts are loaded at 1000 px: widths come out in 1/1000 em


def _font_file(pattern: str) -> str:
    return subprocess.run(["fc-match", "-f", "%{file}", pattern], check=True, capture_output=True,
                          text=True).stdout.strip()


@functools.cache
def _fonts() -> dict[str, Any]:
    return {
        "latin": ImageFont.truetype(_font_file("Arial"), UPM),
        "latin_bold": ImageFont.truetype(_font_file("Arial:bold"), UPM),
        "cjk": ImageFont.truetype(_font_file("sans-serif:lang=zh-cn"), UPM),
        "cjk_bold": ImageFont.truetype(_font_file("sans-serif:lang=zh-cn:bold"), UPM),
    }


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


@functools.cache
def real_em(ch: str, bold: bool = False) -> float:
    """A character's advance in em in the face that draws it (the wider of the two where either may)."""
    fonts = _fonts()
    latin, cjk = fonts["latin_bold" if bold else "latin"], fonts["cjk_bold" if bold else "cjk"]
    if ch.isascii():
        return latin.getlength(ch) / UPM
    if _wide(ch):
        return cjk.getlength(ch) / UPM
    return max(latin.getlength(ch), cjk.getlength(ch)) / UPM


@functools.cache
def _line_em(cjk: bool) -> float:
    fonts = _fonts()
    faces = [fonts["latin"], fonts["cjk"]] if cjk else [fonts["latin"]]
    return max(sum(face.getmetrics()) / UPM for face in faces)


def paragraphs_height_pt(frame: Any, width_pt: float, default_pt: float = 18.0) -> float:
    """Points the frame's paragraphs take when wrapped in `width_pt`, with their space after."""
    total = 0.0
    for paragraph in frame.paragraphs:
        runs = paragraph.runs
        size = max((r.font.size.pt for r in runs if r.font.size is not None), default=default_pt)
        bold = any(r.font.bold for r in runs)
        text = "".join(r.text for r in runs)
        lines = wrap(text, width_pt, size, bold, measure=real_em) if text else [""]
        total += len(lines) * size * _line_em(any(_wide(ch) for ch in text))
        if paragraph.space_after is not None:
            total += paragraph.space_after.pt
    return total


@dataclass(frozen=True)
class Overflow:
    slide: int
    where: str
    needed_in: float
    box_in: float
    text: str


TOLERANCE_IN = 0.03


def overflows(deck: Any) -> list[Overflow]:
    """Every text box and table cell whose wrapped text is taller than its box."""
    found: list[Overflow] = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                frame = shape.text_frame
                width = (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT
                needed = paragraphs_height_pt(frame, width) / 72 + (frame.margin_top + frame.margin_bottom) / 914400
                box = shape.height / 914400
                if needed > box + TOLERANCE_IN:
                    found.append(Overflow(number, f"text box {shape.name}", needed, box, frame.text[:60]))
            if shape.has_table:
                found += _table_overflows(number, shape.table)
    return found


def row_needs_in(row: Any, widths: list[int]) -> float:
    """Inches the tallest cell of a table row needs, padding included."""
    needed = 0.0
    for cell, width in zip(row.cells, widths, strict=True):
        inner = (width - cell.margin_left - cell.margin_right) / EMU_PER_PT
        height = paragraphs_height_pt(cell.text_frame, inner) / 72 + (cell.margin_top + cell.margin_bottom) / 914400
        needed = max(needed, height)
    return needed


def _table_overflows(number: int, table: Any) -> list[Overflow]:
    widths = [column.width for column in table.columns]
    found = []
    for r, row in enumerate(table.rows):
        needed, box = row_needs_in(row, widths), row.height / 914400
        if needed > box + TOLERANCE_IN:
            text = " | ".join(cell.text for cell in row.cells)
            found.append(Overflow(number, f"table row {r}", needed, box, text[:60]))
    return found


def table_fill(slide: Any, top_in: float, bottom_in: float) -> float:
    """How much of the table area (top to bottom) the slide's tables fill, measured by what their rows' text
    really needs (not by the heights the export declared)."""
    used = 0.0
    for shape in slide.shapes:
        if shape.has_table:
            widths = [column.width for column in shape.table.columns]
            used += sum(row_needs_in(row, widths) for row in shape.table.rows)
    return used / (bottom_in - top_in)
