"""Render a briefing (PPTX, DOCX) the way a reader opens it: LibreOffice to PDF, poppler to one PNG per page.

Used by tests/test_briefing_render.py, and by hand to look at every page:

    .venv/bin/python -m tests.render OUT_DIR        (every briefing, both languages, as PDF + PNGs)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def can_render() -> bool:
    return office() is not None and shutil.which("pdftoppm") is not None and shutil.which("pdfinfo") is not None


def to_pdfs(files: dict[str, tuple[bytes, str]], out_dir: Path) -> dict[str, Path]:
    """Each file (stem → bytes, suffix) as LibreOffice prints it, all in one LibreOffice run (it takes seconds to
    start). A private profile per call, so runs in parallel do not collide."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-") as work:
        sources = []
        for stem, (data, suffix) in files.items():
            source = Path(work) / f"{stem}{suffix}"
            source.write_bytes(data)
            sources.append(str(source))
        subprocess.run([office(), f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *sources], check=True, capture_output=True, timeout=240)
    pdfs = {stem: out_dir / f"{stem}.pdf" for stem in files}
    for stem, pdf in pdfs.items():
        if not pdf.exists():
            raise RuntimeError(f"LibreOffice wrote no PDF for {stem}{files[stem][1]}")
    return pdfs


def to_pdf(data: bytes, suffix: str, out_dir: Path, stem: str) -> Path:
    """The file as LibreOffice prints it."""
    return to_pdfs({stem: (data, suffix)}, out_dir)[stem]


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def to_pngs(pdf: Path, dpi: int = 60) -> list[Path]:
    """One PNG per page, `<stem>-<n>.png` beside the PDF."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(pdf.with_suffix(""))], check=True,
                   capture_output=True, timeout=240)
    return sorted(pdf.parent.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def briefings(lang: str) -> dict[str, tuple[bytes, str]]:
    """Every briefing the app makes, in `lang`: the full pack (all regions), the basket's PPTX and DOCX, the view's
    DOCX and the benchmark section. Name → (bytes, suffix)."""
    from dashboard import export
    from dashboard.analysis import basket, benchmark, frames
    from dashboard.analysis.frames import Filters
    from dashboard.data.loader import DEFAULT_DATASET, load_dataset_or_raise

    dataset = load_dataset_or_raise(DEFAULT_DATASET)
    today = "2026-11-27"
    everything = Filters()
    picked = basket.parse_basket(["m:mianyang-talent-fund", "c:mix", "m:haishu-chokepoint-projects",
                                  "c:tech_contract_value", "m:quzhou-three-zeros"], dataset)[0]
    measures = frames.measures_frame(dataset)
    bench = benchmark.compare_home(dataset, measures, frames.figures_frame(dataset), "quzhou",
                                   ("mianyang", "ningxia", "haishu"))
    return {
        f"full_{lang}": (export.to_pptx_bytes(dataset, everything, lang, today), ".pptx"),
        f"full_docx_{lang}": (export.to_docx_bytes(dataset, everything, lang, today), ".docx"),
        f"basket_{lang}": (export.basket_to_pptx_bytes(dataset, picked, everything, lang, today), ".pptx"),
        f"basket_docx_{lang}": (export.basket_to_docx_bytes(dataset, picked, everything, lang, today), ".docx"),
        f"benchmark_{lang}": (export.to_benchmark_pptx_bytes(dataset, measures, bench, lang, today), ".pptx"),
    }


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "briefings")
    out.mkdir(parents=True, exist_ok=True)
    files = {name: made for lang in ("zh", "en") for name, made in briefings(lang).items()}
    for name, (data, suffix) in files.items():
        (out / f"{name}{suffix}").write_bytes(data)
    for name, pdf in to_pdfs(files, out).items():
        pngs = to_pngs(pdf)
        print(f"{name}{files[name][1]}: {len(files[name][0]):,} bytes, {page_count(pdf)} pages → "
              f"{pngs[0].parent}/{pdf.stem}-*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
