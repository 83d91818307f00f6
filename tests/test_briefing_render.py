"""The full briefing as a reader's office suite draws it: LibreOffice renders the six-region PPTX and DOCX to PDF
(tests/render.py), both in one LibreOffice run. One language only: each render takes seconds, and the layout rules are checked in both languages
on the files themselves (tests/test_briefing_layout.py). `python -m tests.render DIR` renders every briefing in
both languages as PNG pages to look at."""

from __future__ import annotations

import subprocess

import pytest
from pptx import Presentation

from dashboard import export
from dashboard.analysis.frames import Filters
from dashboard.i18n import t

from . import render

pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(not render.can_render(), reason="needs LibreOffice and poppler-utils: scripts/setup.sh "
                       "installs them (apt-get install libreoffice-impress libreoffice-writer poppler-utils)"),
    pytest.mark.skipif(export.find_chromium() is None, reason="needs Chromium for the chart pictures"),
]


@pytest.fixture(scope="module")
def full_pack(dataset, tmp_path_factory) -> dict[str, object]:
    """The full pack in Chinese as PPTX and DOCX (their bytes), and both as LibreOffice prints them."""
    made = {"full_zh": (export.to_pptx_bytes(dataset, Filters(), "zh", "2026-11-27"), ".pptx"),
            "full_docx": (export.to_docx_bytes(dataset, Filters(), "zh", "2026-11-27"), ".docx")}
    return {"pptx": made["full_zh"][0], **render.to_pdfs(made, tmp_path_factory.mktemp("briefings"))}


def _page_texts(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[: render.page_count(pdf)]


def test_full_pack_renders_one_page_per_slide_and_every_table_slide_says_whose_it_is(dataset, full_pack):
    import io

    pdf = full_pack["full_zh"]
    deck = Presentation(io.BytesIO(full_pack["pptx"]))
    assert render.page_count(pdf) == len(deck.slides)
    pages = _page_texts(pdf)
    for slide, page in zip(deck.slides, pages, strict=True):
        if slide.name.startswith("region:"):
            region = dataset.region(slide.name.split(":", 1)[1])
            assert region.short.zh in page  # its heading drawn, not pushed off the slide
            assert "来源" in page  # the footnote still on the page


def test_word_headings_are_never_stranded_from_their_table(dataset, full_pack):
    pages = _page_texts(full_pack["full_docx"])
    header = t("scope_col", "zh")  # a column of the key-figures table's header row
    for region in dataset.regions:
        heading = t("briefing_key_figures", "zh", region=region.short.zh)
        found = [n for n, page in enumerate(pages) if heading in page]
        if not any(m.figures for m in region.measures):
            assert not found
            continue
        assert len(found) == 1, heading
        page = pages[found[0]]
        assert header in page[page.index(heading):], f"{heading}: its table starts on the next page"
    # a table running onto a new page brings its header row with it
    continued = [page for page in pages if header in page]
    assert len(continued) >= sum(1 for r in dataset.regions if any(m.figures for m in r.measures))
