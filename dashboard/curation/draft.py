"""`python -m dashboard draft SOURCE.txt -o FOLDER`: a first draft of a source's regions, in the dataset's layout.

The source is split into regions at its own headings, each region into measures at its paragraphs and numbered
items (一是, （1）, ——), and every number `numbers.find_numbers` reads becomes a figure (with its value, unit,
qualifier, a guessed kind and time basis, and suggested indicators) or, for dates, names and durations, an entry
of the source's left_out. Whatever a person must decide is written as a string starting with `TODO:`; the
validator lists each of those by file:line and otherwise checks the draft like the dataset. Pure functions apart
from `main`; no streamlit.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from dashboard.data.coverage import SourceText, read_source, unique_in
from dashboard.data.loader import (
    DEFAULT_DATASET,
    REGIONS_DIR,
    REVIEW_MARKER,
    SOURCES_DIR,
    DatasetError,
    DatasetFiles,
    load_dataset_or_raise,
)
from dashboard.data.models import Dataset, Indicator
from dashboard.data.numbers import Found, forecast_clause
from dashboard.data.vocab import KIND_BASES

_HEADING_MAX = 40  # characters: a region's heading is one short line without a full stop
_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+[、是]|[（(]\d+[）)]|——)")
_ITEM_START = re.compile(r"(?:(?<=[。；：])|^)(?:[一二三四五六七八九十]+是|[（(]\d+[）)]|——)")
_SENTENCE_END = "。；！？"
_NEW_WORDS = ("新增", "新建", "新认定", "获批", "举办", "实施", "开展", "引进", "吸引", "招揽", "组织", "推动", "促成",
              "认定", "启动", "培训", "获", "达成", "对接", "解决", "立项")
_GROWTH_WORDS = ("增长", "增速", "提高了", "下降了", "同比")
_CUMULATIVE_WORDS = ("累计", "截至目前", "目前已", "已累计")
_MONTH_SPAN = re.compile(r"(\d{1,2})[—–\-~～至](\d{1,2})月")
_LEFT_OUT_REASONS = {"date": "date", "name": "name", "duration": "duration"}
_THEME_WORDS = {  # words that suggest a theme; the person picks
    "talent": ("人才", "团队", "专家", "培训", "学员", "特派员"),
    "platform": ("平台", "实验室", "中心", "孵化器", "众创空间", "园区", "研究院", "基地"),
    "funding": ("资金", "基金", "元", "金融", "投入", "贷"),
    "reform": ("改革", "机制", "制度", "评价", "赋权", "办法"),
    "tech_transfer": ("成果转化", "技术合同", "转化", "技术交易", "对接"),
    "enterprise": ("企业", "高新技术企业", "研发活动"),
    "cooperation": ("合作", "协同", "联合", "东西部"),
    "outreach": ("科普", "乡村", "民生", "农业"),
    "management": ("项目管理", "验收", "诚信", "立项"),
}


@dataclass(frozen=True)
class Suggestion:
    code: str
    score: float  # 0..1: how much of the indicator's name (or a synonym) the words before the number share


def _todo(text: str) -> str:
    return f"{REVIEW_MARKER} {text}"


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def suggest_indicators(context: str, unit: str | None, indicators: Sequence[Indicator], limit: int = 3) -> list[Suggestion]:
    """Indicators whose name or synonyms share the most of `context` (the words around the number), of the
    number's unit first; the score is the best share of a name's character pairs found in the context, or half
    the share of the context's pairs found in the indicator's definition where that is higher."""
    words = _bigrams(context)
    scored = []
    for indicator in indicators:
        names = [indicator.name.zh, *indicator.synonyms_zh]
        share = max(len(_bigrams(name) & words) / len(_bigrams(name)) for name in names)
        share = max(share, 0.5 * len(_bigrams(indicator.definition.zh) & words) / len(words))
        if unit is not None and indicator.unit != unit:
            share *= 0.3
        if share > 0:
            scored.append(Suggestion(indicator.code, round(share, 2)))
    scored.sort(key=lambda s: -s.score)
    return scored[:limit]


def _sentence(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """The sentence around text[start:end], within [lo, hi), without its closing stop."""
    left = max((text.rfind(stop, lo, start) for stop in _SENTENCE_END), default=-1)
    left = lo if left < lo else left + 1
    rights = [i for i in (text.find(stop, end, hi) for stop in _SENTENCE_END) if i >= 0]
    return text[left : min(rights) if rights else hi]


def _clause_before(text: str, start: int, lo: int) -> str:
    return re.split(r"[。；，、,;：]", text[lo:start])[-1]


def _clause_after(text: str, end: int, hi: int) -> str:
    """The words right after a number, up to the next mark: the thing counted in 595名学员, 7个团队特派员."""
    return re.split(r"[。；，、,;：（(]", text[end:hi], maxsplit=1)[0][:12]


def _guess_time(number: Found, unit: str | None, sentence: str, clause: str, year: str | None) -> dict[str, Any]:
    """kind, basis and period from the number's unit and the words of its clause and sentence."""
    months = _MONTH_SPAN.search(sentence)
    if unit == "rank":
        kind = "rank"
    elif unit == "places" or unit == "multiple" or (unit != "percent" and any(w in clause for w in _GROWTH_WORDS)):
        kind = "change"
    elif unit in ("percent", "percentage_points", "ph", "mg_per_kg", "jin_per_mu"):
        kind = "rate" if unit in ("percent", "percentage_points") else "stock"
    elif any(word in sentence for word in _CUMULATIVE_WORDS):
        kind = "stock"
        return {"kind": kind, "basis": "cumulative", **({"period": f"..{year}"} if year else {})}
    elif any(word in clause for word in _NEW_WORDS):
        kind = "new"
    else:
        kind = "stock"
    growth = unit == "percent" and any(w in clause for w in _GROWTH_WORDS)
    basis = "span" if kind in ("new", "change") or growth else KIND_BASES[kind][0]
    out: dict[str, Any] = {"kind": kind, "basis": basis}
    if basis == "span" and months and year:
        out["period"] = f"{year}-{int(months.group(1)):02d}..{year}-{int(months.group(2)):02d}"
    elif basis == "span" and kind == "change" and unit == "places" and year:
        out["period"] = f"{int(year) - 1}..{year}"
    return out


@dataclass
class _Drafter:
    source: SourceText
    source_id: str
    indicators: Sequence[Indicator]
    left_out: list[dict]

    def figures(self, lo: int, hi: int, year: str | None) -> list[dict]:
        text, out = self.source.squashed, []
        for number in self.source.numbers:
            if not lo <= number.start < hi:
                continue
            quote = _sentence(text, number.start, number.end, lo, hi)
            number = unique_in(number, text, quote)
            if number.form != "figure":
                self.left_out.append({"as_printed": number.as_printed, "quote": quote,
                                      "reason": _LEFT_OUT_REASONS[number.form]})
                continue
            out.append(self.figure(number, quote, _clause_before(text, number.start, lo),
                                   _clause_after(text, number.end, hi), year))
        return out

    def figure(self, number: Found, quote: str, clause: str, after: str, year: str | None) -> dict:
        unit = number.unit
        qualifier = number.qualifier
        if qualifier is not None and forecast_clause(quote, number.as_printed):
            qualifier = {"exact": "expected", "at_least": "expected_at_least"}.get(qualifier, qualifier)
        suggestions = suggest_indicators(clause + number.as_printed + after, unit, self.indicators)
        if suggestions:
            listed = ", ".join(f"{s.code} ({s.score:.2f})" for s in suggestions)
            indicator = _todo(f"indicator — suggested: {listed}")
        else:
            indicator = _todo("indicator — none of the dataset's fits: add one under indicators")
        figure: dict[str, Any] = {
            "indicator": indicator,
            "value": number.value if number.value is not None else _todo(f"the value of '{number.as_printed}'"),
            "unit": unit or _todo(f"the unit of '{number.as_printed}'"),
            "as_printed": number.as_printed,
            "qualifier": qualifier or _todo(f"the qualifier of '{number.as_printed}'"),
            **_guess_time(number, unit, quote, clause, year),
            "scope": "region",
            "quote": quote,
        }
        if number.step:
            figure["step"] = number.step
        if number.range_end is not None:
            figure["note_zh"] = _todo(f"a range up to {number.range_end:g}: say how it is read")
            figure["note_en"] = _todo(f"a range up to {number.range_end:g}: say how it is read")
        if figure["kind"] not in KIND_BASES or figure["basis"] not in KIND_BASES[figure["kind"]]:
            figure["basis"] = _todo("the time basis")
        return figure


def split_regions(source: SourceText) -> list[tuple[str | None, list[tuple[int, int]]]]:
    """(heading, paragraph spans) per region: a heading is a short paragraph without a full stop that is not a
    numbered section (一、); text before the first heading, or a source without headings, is one region."""
    text, regions = source.squashed, []
    heading, body = None, []
    for start, end in source.paragraphs:
        paragraph = text[start:end]
        if end - start <= _HEADING_MAX and "。" not in paragraph and not _ENUMERATION.match(paragraph):
            if heading is not None or body:
                regions.append((heading, body))
            heading, body = paragraph, []
            heading_span = (start, end)
            body.append(heading_span)  # its own numbers (四措并举) go to left_out with the rest
        else:
            body.append((start, end))
    if heading is not None or body:
        regions.append((heading, body))
    return regions


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph cut at its numbered items (一是, （1）, ——); an introduction before the first is an item too."""
    cuts = [start] + [start + m.start() for m in _ITEM_START.finditer(text[start:end]) if m.start() > 0] + [end]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def _title(text: str) -> str:
    first = re.split(r"[。；，：]", text)[0]
    return _ITEM_START.sub("", first)[:30] or text[:30]


def _categories(text: str, entries: Sequence[Any]) -> list[str]:
    """Instruments or target groups whose Chinese name shares the most character pairs with the text (at most 3)."""
    words = _bigrams(text)
    scored = sorted(((len(_bigrams(e.name.zh) & words) / len(_bigrams(e.name.zh)), e.id) for e in entries),
                    reverse=True)
    return [code for score, code in scored[:3] if score > 0]


def _themes(text: str) -> list[str]:
    hits = Counter({code: sum(text.count(w) for w in words) for code, words in _THEME_WORDS.items()})
    return [code for code, count in hits.most_common(3) if count]


def draft_dataset(source_text: str, source_file: str, reference: Dataset,
                  region_ids: Sequence[str] = ()) -> dict[str, Any]:
    """The draft as plain data: the reference's themes and indicators, one source and its regions."""
    source = read_source(source_text)
    source_id = "src_" + re.sub(r"[^a-z0-9_]", "_", Path(source_file).stem.lower()).strip("_")
    drafter = _Drafter(source, source_id, reference.indicators, [])
    text, regions = source.squashed, []
    for r_index, (heading, paragraphs) in enumerate(split_regions(source)):
        given = region_ids[r_index] if r_index < len(region_ids) else None
        rid = given or f"region{r_index + 1}"
        lo, hi = paragraphs[0][0], paragraphs[-1][1]
        years = Counter(n.as_printed[:4] for n in source.numbers
                        if n.form == "date" and lo <= n.start < hi and re.match(r"(19|20)\d\d", n.as_printed))
        year = years.most_common(1)[0][0] if years else None
        measures = []
        for p_start, p_end in paragraphs:
            if text[p_start:p_end] == heading:
                drafter.figures(p_start, p_end, year)  # a heading's numbers: left_out, or a figure to review
                continue
            for start, end in _items(text, p_start, p_end):
                quote = text[start:end].rstrip(_SENTENCE_END)
                if len(quote) < 8:
                    continue
                suggested = _themes(quote)
                measures.append({
                    "id": f"{rid}-m{len(measures) + 1}",
                    "title_zh": _todo(f"a short title — the item opens: {_title(quote)}"),
                    "title_en": _todo("title in English"),
                    "themes": [_todo(f"themes — suggested: {', '.join(suggested) or 'none'}")],
                    "instruments": [_todo("instruments — suggested: "
                                          + (", ".join(_categories(quote, reference.instruments)) or "none"))],
                    "target_groups": [_todo("target groups — suggested: "
                                            + (", ".join(_categories(quote, reference.target_groups)) or "none"))],
                    "status": _todo("planned, in_progress or achieved"),
                    "summary_zh": _todo("one or two sentences in Chinese"),
                    "summary_en": _todo("the same in English"),
                    "quote": quote,
                    "figures": drafter.figures(start, end, year),
                })
        name = heading or "(no heading)"
        regions.append({
            "id": rid if given else _todo(f"region id (lowercase ascii) for: {name}"),
            "name_zh": _todo(f"full name — heading: {name}"),
            "name_en": _todo("name in English"),
            "short_zh": _todo("short name"),
            "short_en": _todo("short name in English"),
            "level": _todo("city_cluster, province_region, prefecture_city or district"),
            "province_zh": _todo("province"),
            "province_en": _todo("province in English"),
            "period": year or _todo("the year the figures describe"),
            "source": source_id,
            "headline_zh": _todo("one-line headline"),
            "headline_en": _todo("headline in English"),
            "measures": measures or [_todo("this part of the source has no measure")],
        })
    source_entry = {
        "id": source_id,
        **{key: _todo(key.replace("_", " ")) for key in ("title_zh", "title_en", "publisher_zh", "publisher_en",
                                                         "covers_zh", "covers_en", "citation_zh", "citation_en")},
        "file": source_file,
        "left_out": drafter.left_out,
    }
    return {
        "schema_version": 1,
        "sources": [source_entry],
        "themes": [t.model_dump(exclude_defaults=True) for t in reference.themes],
        "instruments": [i.model_dump(exclude_defaults=True) for i in reference.instruments],
        "target_groups": [g.model_dump(exclude_defaults=True) for g in reference.target_groups],
        "indicators": [i.model_dump(exclude_defaults=True) for i in reference.indicators],
        "regions": regions,
    }


_HEADER = """\
# Draft of {source} — written by `python -m dashboard draft`; review before merging.
# Every value starting with "TODO:" is for a person to decide; `python -m dashboard validate {entry}` lists them
# by file:line and checks everything else.
"""
_ENTRY_NOTE = """\
# Themes, instruments, target groups and indicators are copied from the dataset so that this folder validates on
# its own: merge only the files in sources/ and regions/ into the dataset's (see README).
"""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)


def to_yaml(draft: dict[str, Any], source_file: str) -> str:
    """The draft as one file, its regions inline."""
    return _HEADER.format(source=source_file, entry="") + _dump(draft)


def draft_files(draft: dict[str, Any], source_file: str) -> dict[str, str]:
    """The draft as the files of a dataset folder (relative path → text): the entry file, the source's file and
    one file per region, named by its id (`region<n>` while the id is still to decide)."""
    header = _HEADER.format(source=source_file, entry="measures.yaml")
    rest = {key: value for key, value in draft.items() if key not in ("sources", "regions")}
    files = {"measures.yaml": header + _ENTRY_NOTE + _dump(rest)}
    for source in draft["sources"]:
        files[f"{SOURCES_DIR}/{source['id']}.yaml"] = header + _dump(source)
    for number, region in enumerate(draft["regions"], start=1):
        name = region["id"] if not region["id"].startswith(REVIEW_MARKER) else f"region{number}"
        files[f"{REGIONS_DIR}/{name}.yaml"] = header + _dump(region)
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard draft", description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="the source text (UTF-8), best placed in FOLDER/sources/")
    parser.add_argument("-o", "--output", required=True, metavar="FOLDER",
                        help="the folder to write the draft into: measures.yaml, sources/<id>.yaml, regions/<id>.yaml")
    parser.add_argument("--force", action="store_true", help="write over draft files already in FOLDER")
    parser.add_argument("--region", action="append", default=[], metavar="ID",
                        help="id of the next region, in the order of the source's headings (repeatable)")
    parser.add_argument("--dataset", default=str(DEFAULT_DATASET),
                        help="dataset whose themes and indicators the draft uses (default: %(default)s)")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    source, folder = Path(args.source), Path(args.output)
    if folder.exists() and not folder.is_dir():
        print(f"python -m dashboard draft: error: {folder} is a file; -o names a folder to draft into", file=sys.stderr)
        return 2
    try:
        text = source.read_text(encoding="utf-8")
        reference = load_dataset_or_raise(args.dataset)
    except (OSError, UnicodeDecodeError) as error:
        print(f"python -m dashboard draft: error: cannot read {source}: {error}", file=sys.stderr)
        return 2
    except DatasetError as error:
        print(f"the dataset {args.dataset} has problems; run `python -m dashboard validate`:\n{error}", file=sys.stderr)
        return 1
    relative = Path(_relative(source, folder))
    if relative.parts[:1] != (SOURCES_DIR,):
        print(f"note: {source} is not in {SOURCES_DIR}/ inside {folder}; copy it there before validating",
              file=sys.stderr)
        relative = Path(SOURCES_DIR) / source.name
    draft = draft_dataset(text, relative.as_posix(), reference, args.region)
    files = {folder / name: content for name, content in draft_files(draft, relative.as_posix()).items()}
    curated = {p.resolve() for p in DatasetFiles.of(Path(args.dataset)).every_file()}
    if refused := [str(p) for p in files if p.resolve() in curated or p.resolve() == source.resolve()]:
        print(f"python -m dashboard draft: error: refusing to write over the dataset or the source: "
              f"{', '.join(refused)}; draft into a folder of its own", file=sys.stderr)
        return 2
    if (existing := [str(p) for p in files if p.exists()]) and not args.force:
        print(f"python -m dashboard draft: error: {', '.join(existing)} already exist(s); add --force to write over",
              file=sys.stderr)
        return 2
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    except OSError as error:
        print(f"python -m dashboard draft: error: cannot write {error.filename}: {error.strerror or error}",
              file=sys.stderr)
        return 2
    figures = sum(len(m["figures"]) for r in draft["regions"] for m in r["measures"] if isinstance(m, dict))
    print(f"wrote {folder}/: {len(draft['regions'])} region file(s), {figures} figure(s), "
          f"{len(draft['sources'][0]['left_out'])} number(s) left out", file=sys.stderr)
    return 0


def _relative(source: Path, folder: Path) -> str:
    try:
        return str(source.resolve().relative_to(folder.resolve()))
    except ValueError:
        return source.name


# ---------------------------------------------------------------- how good a draft is, against curated figures


@dataclass(frozen=True)
class DraftScore:
    curated: int  # the region's curated figures
    drafted: int  # the draft's figures
    recovered: int  # curated figures the draft has at the same place with the same value and qualifier
    found: int  # curated figures the draft has at the same place, whatever it read
    qualifier_agrees: int  # of those found, how many have the curated qualifier
    noise: int  # draft figures at no curated figure's place
    indicator_top1: int = 0  # of those found, how many have the curated indicator as the first suggestion
    indicator_top3: int = 0  # ... among the suggestions

    @property
    def recall(self) -> float | None:
        return self.recovered / self.curated if self.curated else None  # undefined over no curated figure

    @property
    def precision(self) -> float | None:
        return (self.drafted - self.noise) / self.drafted if self.drafted else None

    @property
    def qualifier_agreement(self) -> float | None:
        return self.qualifier_agrees / self.found if self.found else None


def score_draft(source_text: str, draft: dict[str, Any], curated: Sequence[Any]) -> DraftScore:
    """Compare a draft's figures with curated ones (objects with quote, as_printed, value, qualifier), matched by
    where their as_printed stands in the source."""
    source = read_source(source_text)
    drafted = [f for r in draft["regions"] for m in r["measures"] if isinstance(m, dict) for f in m["figures"]]
    spans = [source.span(f["quote"], f["as_printed"]) for f in drafted]
    matched: set[int] = set()
    recovered = found = agrees = top1 = top3 = 0
    for figure in curated:
        span = source.span(figure.quote, figure.as_printed)
        hits = [i for i, s in enumerate(spans) if span and s and s[0] < span[1] and span[0] < s[1]]
        if not hits:
            continue
        found += 1
        matched.update(hits)
        best = drafted[hits[0]]
        same_value = isinstance(best["value"], float) and abs(best["value"] - figure.value) <= 1e-9 * max(1, figure.value)
        agrees += best["qualifier"] == figure.qualifier
        recovered += same_value and best["qualifier"] == figure.qualifier
        codes = re.findall(r"([a-z_]+) \(", best["indicator"])
        top1 += codes[:1] == [figure.indicator]
        top3 += figure.indicator in codes
    return DraftScore(len(curated), len(drafted), recovered, found, agrees, len(drafted) - len(matched), top1, top3)
