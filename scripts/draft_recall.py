"""How much of each region's curated figures a draft recovers, from the seed cut into one source per region.

    PYTHONPATH=. .venv/bin/python scripts/draft_recall.py

For each region: the dataset without that region supplies the themes and indicators, its single-region source
(tests/fixtures/regions/ID.txt, cut from the seed at its headings) is drafted, and the draft's figures are matched
with the curated ones by where their as_printed stands. Prints a Markdown table.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.curation.draft import draft_dataset, score_draft  # noqa: E402
from dashboard.data.loader import load_dataset_or_raise  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "regions"


def _pct(value: float | None) -> str:
    return "undefined (0 curated)" if value is None else f"{value:.0%}"


def main() -> int:
    dataset = load_dataset_or_raise()
    print("| region | curated | drafted | recovered (value + qualifier) | recall | precision | qualifier agreement "
          "| indicator: first suggestion / among 3 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    totals = [0] * 8
    for region in dataset.regions:
        text = (FIXTURES / f"{region.id}.txt").read_text(encoding="utf-8")
        rest = dataset.model_copy(update={"regions": [r for r in dataset.regions if r.id != region.id]})
        draft = draft_dataset(text, f"sources/{region.id}.txt", rest, [region.id])
        curated = [f for m in region.measures for f in m.figures]
        score = score_draft(text, draft, curated)
        for i, n in enumerate((score.curated, score.drafted, score.recovered, score.found, score.qualifier_agrees,
                               score.noise, score.indicator_top1, score.indicator_top3)):
            totals[i] += n
        precision = _pct(score.precision) if score.curated else f"— ({score.drafted} drafted)"
        print(f"| {region.id} | {score.curated} | {score.drafted} | {score.recovered} | {_pct(score.recall)} | "
              f"{precision} | {_pct(score.qualifier_agreement)} | {score.indicator_top1} / {score.indicator_top3} |")
    curated, drafted, recovered, found, agrees, noise, top1, top3 = totals
    print(f"| all | {curated} | {drafted} | {recovered} | {recovered / curated:.0%} | "
          f"{(drafted - noise) / drafted:.0%} | {agrees / found:.0%} | {top1 / found:.0%} / {top3 / found:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
