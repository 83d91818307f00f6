"""The source documents: which quote a link names, and where that quote sits in the document's text.

A quote is named by a reference, never by its text (nothing from a URL is ever highlighted as given):
`<measure id>` for a measure's quote, `<measure id>.<n>` for its n-th figure, `<source id>.left_out.<n>` for the
n-th number the source leaves out. Pure functions, no Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.coverage import page_furniture
from dashboard.data.models import Dataset, Source


@dataclass(frozen=True)
class Quote:
    ref: str
    kind: str  # "measure", "figure" or "left_out"
    source_id: str
    text: str
    measure_id: str | None = None
    region_id: str | None = None
    printed: str | None = None  # a figure's number as printed: the page points at it inside its sentence


def measure_ref(measure_id: str, figure_number: int | None = None) -> str:
    """The reference of a measure's quote, or of its figure number `figure_number` (from 1)."""
    return measure_id if figure_number is None else f"{measure_id}.{figure_number}"


def left_out_ref(source_id: str, number: int) -> str:
    return f"{source_id}.left_out.{number}"


def figure_ref(figure_id: str) -> str:
    """A figures frame's `figure_id` ('measure#2') as a quote reference ('measure.2')."""
    return figure_id.replace("#", ".")


def find_quote(dataset: Dataset, ref: str) -> Quote | None:
    """The quote a reference names, or None for anything else (a lookup, never a scan)."""
    parts = ref.split(".")
    if len(parts) == 3 and parts[1] == "left_out" and parts[2].isdigit():
        source = dataset.sources_by_id.get(parts[0])
        number = int(parts[2])
        if source is None or not 1 <= number <= len(source.left_out):
            return None
        return Quote(ref, "left_out", source.id, source.left_out[number - 1].quote)
    if len(parts) > 2 or (len(parts) == 2 and not parts[1].isdigit()):
        return None
    found = dataset.measures_by_id.get(parts[0])
    if found is None:
        return None
    region, measure = found
    measure_source = measure.source or region.source  # a measure may come from another digest than its region
    if len(parts) == 1:
        return Quote(ref, "measure", measure_source, measure.quote, measure.id, region.id)
    number = int(parts[1])
    if not 1 <= number <= len(measure.figures):
        return None
    figure = measure.figures[number - 1]
    return Quote(ref, "figure", figure.source or measure_source, figure.quote, measure.id, region.id,
                 figure.as_printed)


def source_path(dataset_path: Path, source: Source) -> Path:
    return Path(dataset_path).parent / source.file


def readable_text(text: str) -> str:
    """The document as lines to read: the PDF extract's blank lines between its lines dropped, line ends trimmed."""
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` sits in `text` as (start, end), ignoring whitespace (the PDF text breaks lines inside
    sentences) and the page's running footer and number between two pages, as the validator does; None when it is
    not there. A quote across a page break spans the footer too."""
    kept, at = [], 0
    for line in text.splitlines(keepends=True):
        if not page_furniture(line.rstrip("\r\n")):
            kept += [at + i for i, ch in enumerate(line) if not ch.isspace()]
        at += len(line)
    squashed = "".join(text[i] for i in kept)
    needle = re.sub(r"\s+", "", quote)
    at = squashed.find(needle) if needle else -1
    if at < 0:
        return None
    return kept[at], kept[at + len(needle) - 1] + 1
