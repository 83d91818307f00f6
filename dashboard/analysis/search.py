"""Search across everything: measures, figures, notes, numbers left out, glossary terms, policy instruments,
target groups, themes, indicators and regions, in Chinese and English. Pure functions, no Streamlit.

One index (a frame, one row per thing) is built once per dataset. A query means what the Measures keyword means
(frames.keyword_groups: words separated by spaces must all appear; `|`, `｜`, `OR` or `或` separate alternatives),
matched by the same vectorised frames.keyword_mask, so the measures a search finds are exactly the rows the
Measures keyword keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.frames import both, keyword_groups, keyword_mask, search_text
from dashboard.data.bilingual import Bilingual
from dashboard.data.models import Dataset
from dashboard.data.sources import left_out_ref, measure_ref
from dashboard.i18n import LEFT_OUT_REASON, t

# the groups of results, in the order a page shows them
KINDS = ("measure", "figure", "note", "left_out", "glossary", "instrument", "target_group", "theme", "indicator",
         "region")
COLUMNS = ["kind", "key", "region_id", "title_zh", "title_en", "texts_zh", "texts_en", "page", "target",
           "search_text"]


def _row(kind: str, key: str, title_zh: str, title_en: str, texts_zh: tuple, texts_en: tuple, page: str,
         target: dict, region_id: str = "", text: str | None = None) -> dict:
    """One searchable thing: its titles, the texts a snippet may come from (the reader's language first), the
    page that shows it and the view there (ViewState fields)."""
    texts_zh = tuple(t for t in texts_zh if t)
    texts_en = tuple(t for t in texts_en if t)
    return {"kind": kind, "key": key, "region_id": region_id, **Bilingual.columns("title", (title_zh, title_en)),
            **Bilingual.columns("texts", (texts_zh, texts_en)), "page": page, "target": target,
            "search_text": text if text is not None else search_text(title_zh, title_en, *texts_zh, *texts_en)}


def build_index(dataset: Dataset, measures: pd.DataFrame) -> pd.DataFrame:
    """Every searchable thing of the dataset, one row each. `measures` is frames.measures_frame(dataset): its
    search text is reused, so the search and the Measures keyword cannot disagree."""
    rows: list[dict] = []
    measure_text = dict(zip(measures["measure_id"], measures["search_text"], strict=True))
    indicator_regions: dict[str, set[str]] = {}
    for region in dataset.regions:
        rows.append(_row("region", region.id, t("in_brackets", "zh", text=region.short.zh, detail=region.province.zh),
                         t("in_brackets", "en", text=region.short.en, detail=region.province.en),
                         (region.name.zh, region.headline.zh), (region.name.en, region.headline.en), "profile",
                         {"region": region.id}, region.id))
        for measure in region.measures:
            to_measure = {"measure": measure.id}
            rows.append(_row("measure", measure.id, measure.title.zh, measure.title.en,
                             (measure.summary.zh, measure.quote), (measure.summary.en, measure.quote), "measure",
                             to_measure, region.id, measure_text[measure.id]))
            for number, figure in enumerate(measure.figures, start=1):
                indicator = dataset.indicator(figure.indicator)
                indicator_regions.setdefault(figure.indicator, set()).add(region.id)
                title_zh = f"{region.short.zh} · {indicator.name.zh}{t('colon', 'zh')}{figure.as_printed}"
                title_en = f"{region.short.en} · {indicator.name.en}{t('colon', 'en')}{figure.as_printed}"
                key = measure_ref(measure.id, number)
                label, scope = both(figure.label) or ("", ""), both(figure.scope_text) or ("", "")
                rows.append(_row("figure", key, title_zh, title_en, (label[0], scope[0], figure.quote),
                                 (label[1], scope[1], figure.quote), "measure", to_measure, region.id,
                                 # its own words, not its region's name (a region's name finds the region)
                                 search_text(*both(indicator.name), figure.as_printed, *label, *scope, figure.quote)))
                if figure.note is not None:
                    rows.append(_row("note", key, title_zh, title_en, (figure.note.zh,), (figure.note.en,),
                                     "measure", to_measure, region.id))
    for source in dataset.sources:
        for number, item in enumerate(source.left_out, start=1):
            key = left_out_ref(source.id, number)
            note = both(item.note) or ("", "")
            rows.append(_row("left_out", key,
                             t("in_brackets", "zh", text=item.as_printed, detail=LEFT_OUT_REASON["zh"][item.reason]),
                             t("in_brackets", "en", text=item.as_printed, detail=LEFT_OUT_REASON["en"][item.reason]),
                             (note[0], item.quote), (note[1], item.quote), "source",
                             {"source": source.id, "quote": key}))
    for term in dataset.glossary:
        rows.append(_row("glossary", term.term.zh, term.term.zh, term.term.en, (term.explanation.zh, term.term.en),
                         (term.explanation.en, term.term.zh), "about", {}))
    for entry in dataset.instruments:  # how a measure works: its own page lists who uses it
        rows.append(_row("instrument", entry.id, entry.name.zh, entry.name.en, (entry.definition.zh,),
                         (entry.definition.en,), "instruments", {"instrument": entry.id}))
    for entry in dataset.target_groups:  # whom a measure is for: the measures for them
        rows.append(_row("target_group", entry.id, entry.name.zh, entry.name.en, (entry.definition.zh,),
                         (entry.definition.en,), "measures",
                         {"target_groups": (entry.id,), "instruments": (), "themes": (), "regions": (),
                          "statuses": (), "keyword": ""}))
    for theme in dataset.themes:
        rows.append(_row("theme", theme.code, theme.name.zh, theme.name.en, (theme.definition.zh,),
                         (theme.definition.en,), "measures",
                         {"themes": (theme.code,), "regions": (), "statuses": (), "keyword": ""}))
    for indicator in dataset.indicators:
        # an indicator two regions report opens on Compare; any other is explained on About
        shared = len(indicator_regions.get(indicator.code, ())) >= 2
        rows.append(_row("indicator", indicator.code, indicator.name.zh, indicator.name.en,
                         (indicator.definition.zh,), (indicator.definition.en,), "compare" if shared else "about",
                         {"indicators": (indicator.code,), "regions": (), "themes": ()} if shared else {}))
    return pd.DataFrame(rows, columns=COLUMNS)


@dataclass(frozen=True)
class Results:
    query: str
    groups: dict[str, pd.DataFrame]  # kind → its matching rows, in the index's order; only kinds with hits

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.groups.values())


def search(index: pd.DataFrame, query: str) -> Results:
    """The rows that match `query`, grouped by kind (an empty query finds nothing)."""
    if not keyword_groups(query):
        return Results(query, {})
    hits = index[keyword_mask(index, query)]
    groups = {kind: rows for kind, rows in hits.groupby("kind", sort=False)}
    return Results(query, {kind: groups[kind] for kind in KINDS if kind in groups})


def _pattern(query: str) -> re.Pattern | None:
    """The query's words as one pattern that also matches across the source's line breaks."""
    terms = sorted({term for group in keyword_groups(query) for term in group}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(r"\s*".join(map(re.escape, term)) for term in terms), re.IGNORECASE)


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words occur in `text`, as (start, end) pairs."""
    pattern = _pattern(query)
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()] if pattern else []


def snippet(texts: tuple[str, ...], query: str, width: int = 90) -> tuple[str, list[tuple[int, int]]]:
    """An excerpt of the first text where the query's words occur, about `width` characters around the first
    match, and where the words are in it; ('', []) when no text shows them. Whitespace is folded to spaces."""
    for text in texts:
        text = re.sub(r"\s+", " ", str(text)).strip()
        spans = match_spans(text, query)
        if not spans:
            continue
        start = max(0, spans[0][0] - width // 3)
        end = min(len(text), start + width)
        start = max(0, min(start, end - width))
        piece = text[start:end]
        shifted = [(max(s, start) - start, min(e, end) - start) for s, e in spans if e > start and s < end]
        if start > 0:
            piece, shifted = "…" + piece, [(s + 1, e + 1) for s, e in shifted]
        if end < len(text):
            piece += "…"
        return piece, shifted
    return "", []
