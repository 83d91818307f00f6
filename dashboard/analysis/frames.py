"""Dataset → tidy pandas frames, and the filtering every page and export shares. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.data.bilingual import LANGS, Bilingual
from dashboard.data.cache import Cache
from dashboard.data.models import Dataset
from dashboard.data.sources import left_out_ref
from dashboard.data.text import squash_whitespace
from dashboard.data.vocab import FORECAST_QUALIFIERS, LEVELS
from dashboard.i18n import LEFT_OUT_REASON, SCOPE, STATUS, format_period, format_value, join_list, t

MEASURE_COLUMNS = [
    "region_id", "region_zh", "region_en", "measure_id", "title_zh", "title_en", "themes", "primary_theme",
    "instruments", "target_groups", "status", "summary_zh", "summary_en", "quote", "n_figures", "order",
    "search_text",
]
FIGURE_COLUMNS = [
    "region_id", "region_zh", "region_en", "measure_id", "measure_zh", "measure_en", "themes", "primary_theme",
    "instruments", "target_groups", "status", "indicator", "value", "unit", "qualifier", "kind", "period",
    "as_printed", "quote", "label_zh", "label_en", "note_zh", "note_en", "key", "order", "measure_summary_zh", "measure_summary_en", "measure_quote",
    "figure_id", "scope", "population", "scope_zh", "scope_en", "basis", "step", "alt_value", "search_text",
]


KEYWORD_MAX = 80  # characters of a keyword filter, from the search box, a link or the command line


@dataclass(frozen=True)
class Filters:
    """What the user has narrowed the view to. Empty means 'all'."""

    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    keyword: str = ""
    instruments: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()

    def region_ids(self, dataset: Dataset) -> list[str]:
        return list(self.regions) or [r.id for r in dataset.regions]

    def theme_codes(self, dataset: Dataset) -> list[str]:
        return list(self.themes) or [t.code for t in dataset.themes]


def measures_frame(dataset: Dataset) -> pd.DataFrame:
    rows = []
    for region in dataset.regions:
        for measure in region.measures:
            rows.append({
                "region_id": region.id, **Bilingual.columns("region", region.short),
                "measure_id": measure.id, **Bilingual.columns("title", measure.title),
                "themes": tuple(measure.themes), "primary_theme": measure.themes[0],
                "instruments": tuple(measure.instruments), "target_groups": tuple(measure.target_groups),
                "status": measure.status,
                **Bilingual.columns("summary", measure.summary), "quote": measure.quote,
                "n_figures": len(measure.figures), "order": len(rows),
                "search_text": measure_search_text(measure, region, dataset),
            })
    return pd.DataFrame(rows, columns=MEASURE_COLUMNS)


_QUOTE_MARKS = re.compile("[“”‘’\"'「」『』]")


def search_text(*parts: str | None) -> str:
    """What a keyword is matched against, built once: the parts casefolded, then the same without whitespace
    (the source's PDF text breaks lines inside words) and without quotation marks (卡脖子技术 finds
    “卡脖子”技术)."""
    text = " ".join(part for part in parts if part).casefold()
    squashed = squash_whitespace(text)
    return f"{text}\n{squashed}\n{_QUOTE_MARKS.sub('', squashed)}"


def measure_search_text(measure, region, dataset: Dataset) -> str:
    """What the Measures keyword and the search match for a measure: its titles, summaries and quote, and the
    names, in both languages, of its region (short and full), province, themes, instruments and target groups, so
    "绵阳 人才" or "Mianyang equity" finds what the Overview counts, in either language."""
    names = [region.short, region.name, region.province, *(dataset.theme(code).name for code in measure.themes),
             *(entry.name for entry in [*map(dataset.instrument, measure.instruments),
                                        *map(dataset.target_group, measure.target_groups)])]
    return search_text(*both(measure.title), *both(measure.summary), measure.quote,
                       *(text for name in names for text in both(name)))


def both(value: Bilingual | None) -> tuple[str, ...]:
    """A value's texts, Chinese then English (none for no value)."""
    return tuple(value.text(lang) for lang in LANGS) if value is not None else ()


def figures_frame(dataset: Dataset) -> pd.DataFrame:
    rows = []
    for region in dataset.regions:
        for measure in region.measures:
            measure_text = measure_search_text(measure, region, dataset)  # a keyword keeps exactly the figures of the measures it finds
            for number, figure in enumerate(measure.figures, start=1):
                rows.append({
                    "region_id": region.id, **Bilingual.columns("region", region.short),
                    "measure_id": measure.id, **Bilingual.columns("measure", measure.title),
                    "themes": tuple(measure.themes), "primary_theme": measure.themes[0],
                    "instruments": tuple(measure.instruments), "target_groups": tuple(measure.target_groups),
                    "status": measure.status,  # the measure's, so a status filter applies to figures too
                    "indicator": figure.indicator, "value": float(figure.value), "unit": figure.unit,
                    "qualifier": figure.qualifier, "kind": figure.kind, "period": figure.period or region.period,
                    "as_printed": figure.as_printed, "quote": figure.quote,
                    **Bilingual.columns("label", figure.label), **Bilingual.columns("note", figure.note),
                    "key": figure.key,
                    "order": len(rows),
                    # the measure's own text, so a keyword keeps exactly the figures of the measures it finds
                    **Bilingual.columns("measure_summary", measure.summary),
                    "measure_quote": measure.quote,
                    # what it covers and when: the facts the comparison rule needs (dashboard/analysis/comparison.py)
                    "figure_id": f"{measure.id}#{number}", "scope": figure.scope,
                    "population": figure.population or "",
                    **Bilingual.columns("scope", dataset.scope_text(figure)),
                    "basis": figure.basis,
                    "step": figure.step or "", "alt_value": figure.alt_value,
                    "search_text": measure_text,
                })
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def _has_any(tags: pd.Series, wanted: Iterable[str]) -> pd.Series:
    """Rows whose tuple of codes (themes, instruments, target groups) holds any of `wanted`."""
    wanted = set(wanted)
    return tags.map(lambda codes: bool(wanted.intersection(codes)))


def filter_frame(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows of the selected regions whose measure has any of the selected themes, any of the selected instruments
    and any of the selected target groups (and status, keyword)."""
    mask = pd.Series(True, index=frame.index)
    if filters.regions:
        mask &= frame["region_id"].isin(filters.regions)
    for tags in ("themes", "instruments", "target_groups"):
        if getattr(filters, tags):
            mask &= _has_any(frame[tags], getattr(filters, tags))
    if filters.statuses:
        mask &= frame["status"].isin(filters.statuses)
    if filters.keyword.strip():
        mask &= keyword_mask(frame, filters.keyword)
    return frame[mask]


_ENGLISH_SUFFIXES = ("ations", "ation", "ions", "ion", "ors", "or", "ers", "er", "ing", "es", "s")


def keyword_terms(keyword: str) -> list[str]:
    """Words of a search, English ones cut to their stem so 'incubator' also finds 'Incubation platforms'."""
    terms = []
    for word in keyword.casefold().split():
        if word.isascii() and word.isalpha():
            for suffix in _ENGLISH_SUFFIXES:
                if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                    word = word[: -len(suffix)]
                    break
        terms.append(word)
    return terms


# '|' (or its full-width twin) anywhere, or OR / 或 standing as a word of their own, separate alternatives
_ALTERNATIVES = re.compile(r"[|｜]|(?:(?<=\s)|^)(?:OR|或)(?=\s|$)")


def keyword_groups(keyword: str) -> list[list[str]]:
    """A search as alternatives of words: '孵化器 | 包干制 试点' → [['孵化器'], ['包干制', '试点']].

    A measure matches when it holds every word of at least one alternative."""
    return [terms for part in _ALTERNATIVES.split(keyword) if (terms := keyword_terms(part))]


def keyword_mask(frame: pd.DataFrame, keyword: str) -> pd.Series:
    """Rows whose search text holds every word of at least one alternative (vectorised: no per-row Python)."""
    groups = keyword_groups(keyword)
    if not groups:
        return pd.Series(True, index=frame.index)
    text = frame["search_text"]
    mask = pd.Series(False, index=frame.index)
    for terms in groups:
        group = pd.Series(True, index=frame.index)
        for term in terms:
            group &= text.str.contains(term, regex=False)
        mask |= group
    return mask


NARROWING_FILTERS = ("themes", "regions", "instruments", "target_groups", "statuses")


def hidden_matches(frame: pd.DataFrame, filters: Filters) -> list[tuple[str, int]]:
    """Why a view is empty: each narrowing filter (theme, region, instrument, target group, status) that, cleared
    on its own, would show rows, with how many; [('all', n)] when only clearing all of them (the keyword kept)
    would; [] otherwise."""
    active = [name for name in NARROWING_FILTERS if getattr(filters, name)]
    if not active or not filter_frame(frame, filters).empty:
        return []
    found = [(name, len(filter_frame(frame, replace(filters, **{name: ()})))) for name in active]
    found = [(name, n) for name, n in found if n]
    if found or len(active) == 1:
        return found
    n = len(filter_frame(frame, replace(filters, **dict.fromkeys(active, ()))))
    return [("all", n)] if n else []


def theme_counts(measures: pd.DataFrame, region_ids: Sequence[str], theme_codes: Sequence[str]) -> pd.DataFrame:
    """Long frame region × theme → measure count and titles. A measure counts once under each of its themes."""
    exploded = measures.explode("themes")
    exploded = exploded[exploded["themes"].isin(theme_codes) & exploded["region_id"].isin(region_ids)]
    cells = {key: group for key, group in exploded.groupby(["region_id", "themes"], sort=False)}
    empty = exploded.iloc[0:0]
    rows = []
    for region_id in region_ids:
        for code in theme_codes:
            cell = cells.get((region_id, code), empty)
            rows.append({
                "region_id": region_id, "theme": code, "count": len(cell),
                **{Bilingual.column("titles", lang): list(cell[Bilingual.column("title", lang)]) for lang in LANGS},
                "measure_ids": list(cell["measure_id"]),
            })
    return pd.DataFrame(rows, columns=["region_id", "theme", "count", "titles_zh", "titles_en", "measure_ids"])


def group_theme_counts(counts: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """Region × theme counts summed into groups of regions (a province, a level) for a matrix that stays readable
    at hundreds of regions: the same columns, `region_id` holding the group's name, and `members` its regions."""
    rows = counts.assign(group=counts["region_id"].map(groups))
    out = []
    for (group, theme), cell in rows.groupby(["group", "theme"], sort=True):
        out.append({
            "region_id": group, "theme": theme, "count": int(cell["count"].sum()),
            **{column: [x for titles in cell[column] for x in titles]
               for column in (Bilingual.column("titles", lang) for lang in LANGS)},
            "measure_ids": [x for ids in cell["measure_ids"] for x in ids],
            "members": list(cell["region_id"]),
        })
    theme_order = {code: index for index, code in enumerate(dict.fromkeys(counts["theme"]))}
    frame = pd.DataFrame(out, columns=[*counts.columns, "members"])
    return frame.sort_values(["region_id", "theme"], key=lambda c: c.map(theme_order) if c.name == "theme" else c,
                             kind="stable").reset_index(drop=True)


def label_repeats(names: pd.Series, rows: pd.DataFrame, lang: str) -> pd.Series:
    """Tell apart rows that would share a name: '宁夏' → '宁夏 · 新建重点实验室' (the validator requires the labels)."""
    repeated = names.duplicated(keep=False)
    if not repeated.any():
        return names
    return names.where(~repeated, names + " · " + rows[Bilingual.column("label", lang)])


def with_value_labels(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add `value_label`: the value as a reader expects it, qualifier and unit included ('≈400个').

    A wording with two readings shows both ('2倍或3倍（表述有歧义）'): the data does not pick one."""
    labels = []
    alts = figures["alt_value"] if "alt_value" in figures else pd.Series([None] * len(figures), index=figures.index)
    for v, u, q, k, alt in zip(figures["value"], figures["unit"], figures["qualifier"], figures["kind"], alts,
                               strict=True):
        label = format_value(v, u, lang, q, k)
        if alt is not None and not pd.isna(alt):
            label = t("ambiguous_value", lang, a=label, b=format_value(alt, u, lang, q, k))
        labels.append(label)
    return figures.assign(value_label=labels)


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts, as DataFrame.to_dict("records") gives them, read column by column: about 3× faster on
    these wide, Arrow-backed frames, which pandas would otherwise read cell by cell."""
    columns = list(frame.columns)
    return [dict(zip(columns, row, strict=True)) for row in zip(*(frame[c].tolist() for c in columns), strict=True)]


def labelled_figures(figures: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """Figures with what a reader sees, for any number of regions at once: `name` (the indicator, with the
    label that tells a region's repeats apart), `value_label`, `scope_label` and `time_label`."""
    names = figures["indicator"].map(dataset.names("indicators", lang))
    repeated = figures.duplicated(["region_id", "indicator"], keep=False)
    names = names.where(~repeated, names + " · " + figures[Bilingual.column("label", lang)])
    return with_value_labels(figures, lang).assign(name=names, scope_label=scope_labels(figures, lang),
                                                   time_label=time_labels(figures, lang))


def time_labels(figures: pd.DataFrame, lang: str) -> pd.Series:
    """'截至2023年累计', '2023年1—10月', '2023年初' — each figure's period read with its time basis."""
    return pd.Series([format_period(p, lang, b) for p, b in zip(figures["period"], figures["basis"], strict=True)],
                     index=figures.index, dtype="object")


def scope_labels(figures: pd.DataFrame, lang: str) -> pd.Series:
    """What each figure covers: its own description, or 'whole region' / 'wider area (context)'."""
    return pd.Series([text if scope != "region" and text else SCOPE[lang][scope]
                      for scope, text in zip(figures["scope"], figures[Bilingual.column("scope", lang)], strict=True)],
                     index=figures.index, dtype="object")


def key_figures(figures: pd.DataFrame, limit: int = 3) -> pd.DataFrame:
    """Each region's first `limit` figures, those marked `key` first, in one pass over all regions."""
    # ordered on the three columns it needs, then the whole rows taken once (the frame is wide)
    ordered = figures[["region_id", "key", "order"]].sort_values(["key", "order"], ascending=[False, True])
    picked = ordered.groupby("region_id", sort=False).head(limit).sort_values(["region_id", "key", "order"],
                                                                              ascending=[True, False, True])
    return figures.loc[picked.index]


def theme_names(dataset: Dataset, codes: Sequence[str], lang: str) -> str:
    """'人才、资金与金融' — theme codes as names in one language."""
    names = dataset.names("themes", lang)
    return join_list([names.get(c, c) for c in codes], lang)


def category_names(dataset: Dataset, section: str, codes: Sequence[str], lang: str) -> str:
    """'财政资助与专项资金、科技特派员与技术服务' — instrument or target-group codes (section `instruments` or
    `target_groups`) as names in one language."""
    names = dataset.names(section, lang)
    return join_list([names.get(c, c) for c in codes], lang)


SUBTITLE_REGIONS = 8  # region names a chart's subtitle lists before it says how many more


def filters_subtitle(dataset: Dataset, filters: Filters, lang: str) -> str:
    """'主题：人才｜地区：绵阳、宁夏' — the same line the pages put under every chart title."""
    themes = theme_names(dataset, filters.themes, lang) if filters.themes else t("all", lang)
    short = dataset.names("regions", lang, "short")
    names = [short.get(r, r) for r in filters.regions]
    if len(names) > SUBTITLE_REGIONS:  # dozens of regions: the first few and how many in all
        regions = t("regions_and_more", lang, names=join_list(names[:SUBTITLE_REGIONS], lang), n=len(names))
    else:
        regions = join_list(names, lang) if names else t("all", lang)
    text = t("filters_line", lang, themes=themes, regions=regions)
    separator = t("filter_separator", lang)
    for section in ("instruments", "target_groups"):
        if getattr(filters, section):
            names = category_names(dataset, section, getattr(filters, section), lang)
            text += separator + t(f"{section}_line", lang, names=names)
    if filters.statuses:
        text += separator + join_list([STATUS[lang].get(s, s) for s in filters.statuses], lang)
    if filters.keyword.strip():
        text += separator + t("keyword_line", lang, keyword=filters.keyword.strip())
    return text


def glossary_keyword(term: str) -> str:
    """The Measures search that finds a glossary term: '人才贷、成果贷' → '人才贷 | 成果贷' (either one)."""
    return " | ".join(part.strip() for part in re.split(r"[、/]", term) if part.strip())


def glossary_uses(dataset: Dataset, measures: pd.DataFrame) -> dict[str, list[str]]:
    """Each glossary term → the ids of the measures whose search text (titles, summaries, quote, tag names)
    contains it: exactly what the Measures page lists for glossary_keyword(term)."""
    return {g.term.zh: list(filter_frame(measures, Filters(keyword=glossary_keyword(g.term.zh)))["measure_id"])
            for g in dataset.glossary}


DEFAULT_REGIONS = 8  # with more regions than this and none chosen, the chart pages show a default selection


def default_regions(measures: pd.DataFrame, limit: int = DEFAULT_REGIONS) -> list[str]:
    """The regions the source says most about (most measures), in dataset order: a small, sensible default."""
    counts = measures.groupby("region_id", sort=False).size()
    first_seen = measures.groupby("region_id", sort=False)["order"].min()
    top = sorted(counts.index, key=lambda r: (-counts[r], first_seen[r]))[:limit]
    return sorted(top, key=lambda r: first_seen[r])


def regions_by_province(dataset: Dataset, lang: str) -> list[str]:
    """Region ids ordered by province, then level, then name: a picker's list reads as groups."""
    levels = {code: index for index, code in enumerate(LEVELS)}
    return [r.id for r in sorted(dataset.regions, key=lambda r: (r.province.text(lang), levels.get(r.level, 99),
                                                                  r.short.text(lang)))]


CHANGE_COLUMNS = ["region_id", "indicator", "name", "before_value", "after_value", "before_time", "after_time",
                  "scope_label", "direction", "before_quote", "after_quote"]
_SAME_THING = ["region_id", "indicator", "unit", "kind", "scope", "population"]


def changes_over_time(labelled: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """One indicator of one region read at two points: a measure's before → after pair (68% → 77.8%, 第11位 →
    第2位), or the same thing (indicator, unit, kind, scope) reported for two periods (2022 → 2023, say from two
    digests). `labelled` comes from labelled_figures; forecasts are not set against reported numbers."""
    rows = []
    steps = labelled[labelled["step"] != ""]
    for _, pair in steps.groupby(["measure_id", "indicator"], sort=False):
        before, after = pair[pair["step"] == "before"], pair[pair["step"] == "after"]
        if len(before) == 1 and len(after) == 1:
            rows.append((before.iloc[0], after.iloc[0]))
    plain = labelled[(labelled["step"] == "") & ~labelled["qualifier"].isin(FORECAST_QUALIFIERS)]
    for _, group in plain.groupby(_SAME_THING, sort=False):
        if group["period"].nunique() < 2:
            continue
        ordered = group.assign(_when=group["period"].map(_period_end)).sort_values(["_when", "order"])
        for (_, a), (_, b) in zip(ordered.iterrows(), ordered.iloc[1:].iterrows(), strict=False):
            if a["period"] != b["period"]:
                rows.append((a, b))
    names = dataset.names("indicators", lang)
    out = [{
        "region_id": a["region_id"], "indicator": a["indicator"], "name": names.get(a["indicator"], a["indicator"]),
        "before_value": a["value_label"], "after_value": b["value_label"], **_when(a, b, lang), "scope_label": a["scope_label"] if a["scope"] != "region" else "",
        "direction": _direction(a, b), "before_quote": a["quote"], "after_quote": b["quote"],
    } for a, b in rows]
    return pd.DataFrame(out, columns=CHANGE_COLUMNS)


def _when(before: pd.Series, after: pd.Series, lang: str) -> dict[str, str]:
    """The two points' times; where both fall in one period (before and after a remediation), their labels."""
    label = Bilingual.column("label", lang)
    if before["time_label"] == after["time_label"] and before[label] and after[label]:
        return {"before_time": before[label], "after_time": after[label]}
    return {"before_time": before["time_label"], "after_time": after["time_label"]}


def _period_end(period: str) -> tuple[int, int]:
    """When a period ends, for ordering: '2023-start' before '2023-10' before '2023' and '..2023'."""
    end = period.split("..")[-1]
    year, _, rest = end.partition("-")
    month = {"start": 0, "end": 12, "": 12}.get(rest)
    return int(year), month if month is not None else int(rest)


def _direction(before: pd.Series, after: pd.Series) -> str:
    """'up' or 'down' in value ('same' if equal); for a rank a smaller number is the better place, said as is."""
    if after["value"] == before["value"]:
        return "same"
    return "up" if after["value"] > before["value"] else "down"


def source_use(dataset: Dataset) -> dict[str, tuple[set[str], int]]:
    """Per source id: the regions that quote it and how many figures come from it (a figure's source is its own,
    else its measure's, else its region's, else the dataset's only source)."""
    only = dataset.sources[0].id if len(dataset.sources) == 1 else None
    out: dict[str, tuple[set[str], int]] = {s.id: (set(), 0) for s in dataset.sources}
    for region in dataset.regions:
        for measure in region.measures:
            measure_source = measure.source or region.source or only
            if measure_source in out:
                out[measure_source][0].add(region.id)
            for figure in measure.figures:
                source = figure.source or measure_source
                if source in out:
                    regions, count = out[source]
                    regions.add(region.id)
                    out[source] = (regions, count + 1)
    return out


def left_out_frame(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Every number the sources leave out (dates, names, durations …): what it says, why it is left out, a note,
    its sentence, and the source id and quote reference that link to that sentence."""
    return pd.DataFrame([{
        "as_printed": item.as_printed, "reason": LEFT_OUT_REASON[lang][item.reason],
        "note": item.note.text(lang) if item.note else "",
        "quote": item.quote, "source_id": source.id, "ref": left_out_ref(source.id, number),
    } for source in dataset.sources for number, item in enumerate(source.left_out, start=1)],
        columns=["as_printed", "reason", "note", "quote", "source_id", "ref"])


_TAG_COLUMNS = ("themes", "instruments", "target_groups")  # tuples of codes: Parquet gives them back as arrays


def dataset_frames(dataset: Dataset, key: str | None, cache: Cache | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The measures and figures frames of a checked dataset: from the cache's Parquet files where it holds them for
    this very dataset (`key`: the load's key of everything it was built from), else built and kept there."""
    frames: list[pd.DataFrame] = []
    for name, build in (("measures", measures_frame), ("figures", figures_frame)):
        entry = f"{key}-{name}" if cache is not None and key else None
        frame = cache.read_frame(entry) if entry else None
        if frame is not None and list(frame.columns) == (MEASURE_COLUMNS if name == "measures" else FIGURE_COLUMNS):
            for column in _TAG_COLUMNS:
                frame[column] = frame[column].map(tuple)
        else:
            frame = build(dataset)
            if entry:
                cache.write_frame(entry, frame)
        frames.append(frame)
    return frames[0], frames[1]


# instruments through which money is put in (the dataset's codes): their measures' yuan figures are amounts invested
FUNDING_INSTRUMENTS = ("grants", "equity_funds", "loans_credit")


def regions_reporting(figures: pd.DataFrame, *, indicator: str | None = None,
                      money_in: bool = False) -> list[str]:
    """The regions (in row order) with a figure of `indicator`, or (`money_in`) an amount in yuan of a measure that
    puts money in (grants, funds, credit): who can be compared at all. The Compare page says in words when that is
    one region or none ("only Mianyang reports money for talent")."""
    rows = figures
    if indicator is not None:
        rows = rows[rows["indicator"] == indicator]
    if money_in:
        rows = rows[(rows["unit"] == "yuan") & _has_any(rows["instruments"], FUNDING_INSTRUMENTS)]
    return list(dict.fromkeys(rows["region_id"]))
