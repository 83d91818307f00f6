"""Generate a valid dataset at N× today's size, for benchmarks and scale tests.

    python benchmarks/generate.py --times 100 -o /tmp/ds100/measures.yaml

The six real regions stay as they are; each further round clones them under new ids (`mianyang_x017`), with
made-up names, provinces, levels and periods (2021–2024), and every figure's value scaled by a pseudo-random
factor (0.3–3). The validator stays the judge: a scaled figure gets a rewritten `as_printed`, the sentences it
appears in are rewritten to match, and those sentences go into a generated source text per batch of rounds
(`sources/generated_003.txt`, described in `sources/generated_003.yaml`), so that quote, as_printed and value
agree. The output is in the dataset's layout (regions/<id>.yaml, sources/<id>.yaml); `--inline` writes everything into
the entry file instead.
Output depends only on --times, --seed and --batch.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from dashboard.data.coverage import read_source, uncovered, unique_in  # noqa: E402
from dashboard.data.loader import DEFAULT_DATASET, REGIONS_DIR, SOURCES_DIR, load_dataset_or_raise  # noqa: E402
from dashboard.data.numbers import ParseError, chinese_numeral_to_int, parse_as_printed  # noqa: E402
from dashboard.data.text import squash_whitespace  # noqa: E402
from dashboard.data.vocab import LEVELS  # noqa: E402

try:
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    """Writes a shared list out each time: the loader rejects YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

PROVINCES = (
    ("北京市", "Beijing"), ("天津市", "Tianjin"), ("河北省", "Hebei"), ("山西省", "Shanxi"),
    ("内蒙古自治区", "Inner Mongolia"), ("辽宁省", "Liaoning"), ("吉林省", "Jilin"), ("黑龙江省", "Heilongjiang"),
    ("上海市", "Shanghai"), ("江苏省", "Jiangsu"), ("浙江省", "Zhejiang"), ("安徽省", "Anhui"),
    ("福建省", "Fujian"), ("江西省", "Jiangxi"), ("山东省", "Shandong"), ("河南省", "Henan"),
    ("湖北省", "Hubei"), ("湖南省", "Hunan"), ("广东省", "Guangdong"), ("广西壮族自治区", "Guangxi"),
    ("海南省", "Hainan"), ("重庆市", "Chongqing"), ("四川省", "Sichuan"), ("贵州省", "Guizhou"),
    ("云南省", "Yunnan"), ("西藏自治区", "Tibet"), ("陕西省", "Shaanxi"), ("甘肃省", "Gansu"),
    ("青海省", "Qinghai"), ("宁夏回族自治区", "Ningxia"), ("新疆维吾尔自治区", "Xinjiang"),
)
# syllables of made-up place names: (hanzi, pinyin)
SYLLABLES = (
    ("青", "qing"), ("溪", "xi"), ("安", "an"), ("平", "ping"), ("宁", "ning"), ("丰", "feng"), ("泉", "quan"),
    ("阳", "yang"), ("山", "shan"), ("河", "he"), ("松", "song"), ("桥", "qiao"), ("兴", "xing"), ("华", "hua"),
    ("云", "yun"), ("海", "hai"), ("林", "lin"), ("江", "jiang"), ("东", "dong"), ("南", "nan"), ("西", "xi"),
    ("北", "bei"), ("金", "jin"), ("石", "shi"), ("白", "bai"), ("龙", "long"), ("凤", "feng"), ("清", "qing"),
    ("远", "yuan"), ("川", "chuan"), ("岭", "ling"), ("湖", "hu"), ("新", "xin"), ("德", "de"), ("昌", "chang"),
    ("永", "yong"), ("长", "chang"), ("嘉", "jia"), ("泰", "tai"), ("盛", "sheng"),
)
LEVEL_SUFFIXES = {  # level -> (zh suffix of the name, en suffix)
    "city_cluster": ("城市群", " city cluster"),
    "province_region": ("示范区", " demonstration region"),
    "prefecture_city": ("市", " City"),
    "district": ("区", " District"),
}
YEARS = (2021, 2022, 2023, 2024)
FACTOR_RANGE = (0.3, 3.0)
NARROW_UNITS = {"ph": (0.9, 1.15)}  # a pH of 16 is not data
WHOLE_UNITS = ("count", "people", "person_times", "rank", "places")

_TOKEN = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+")
_NUMERAL_CHARS = "0123456789.零〇一二两三四五六七八九十百千万亿"
_YEAR = re.compile(r"(?<!\d)(?<!\d\.)20[12]\d(?!\d|\.\d)")  # 2023, 2022..2023; not 12023 or 2023.5


@dataclass
class Rewrite:
    """One figure's number: the old printed form in the text, and what replaces it."""

    old: str
    new: str

    @property
    def pattern(self) -> re.Pattern[str]:
        squashed = squash_whitespace(self.old)
        body = r"\s*".join(map(re.escape, squashed))
        before = rf"(?<![{_NUMERAL_CHARS}])" if squashed[0] in _NUMERAL_CHARS else ""
        after = rf"(?![{_NUMERAL_CHARS}])" if squashed[-1] in _NUMERAL_CHARS else ""
        return re.compile(before + body + after)


def scaled_as_printed(as_printed: str, value: float, unit: str, factor: float) -> tuple[str, float] | None:
    """`as_printed` with its number scaled by `factor`, and the value it reads as; None if it cannot be done."""
    squashed = squash_whitespace(as_printed)
    if "百分之" in squashed:  # 百分之四十: left as printed
        return None
    match = _TOKEN.search(as_printed)
    if match is None:
        return None
    token = match.group()
    try:
        if token[0].isdigit():
            number = float(re.sub("[,，]", "", token))
        else:
            number = float(chinese_numeral_to_int(token))
    except (ParseError, ValueError):
        return None
    if number == 0 or value == 0:
        return None
    multiplier = value / number  # 万, 亿 or 百 after the number
    new_number = number * factor
    if unit == "percent" and number <= 100:
        new_number = min(new_number, 100.0)
    decimals = len(token.split(".")[1]) if "." in token else 0
    if decimals == 0 and (unit not in WHOLE_UNITS or multiplier > 1) and new_number < 10:
        decimals = 1
    text = f"{new_number:.{decimals}f}"
    if decimals == 0:
        text = str(max(1, round(new_number)))
    elif float(text) == 0:
        return None
    new = as_printed[: match.start()] + text + as_printed[match.end() :]
    try:
        old_reading, new_reading = parse_as_printed(as_printed), parse_as_printed(new)
    except ParseError:
        return None
    return (new, new_reading.value) if new_reading.qualifier == old_reading.qualifier else None


def forecast_clause(quote: str, as_printed: str) -> bool:
    """Mirrors the validator: does the clause leading up to the number say 预计?"""
    text, number = squash_whitespace(quote), squash_whitespace(as_printed)
    at = text.find(number)
    return at >= 0 and "预计" in re.split(r"[。；;！？]", text[:at])[-1]


def rewrite_text(text: str, rewrites: list[Rewrite]) -> str:
    """Replace each figure's printed number where it occurs, longest first, never twice in one place."""
    spans: list[tuple[int, int, str]] = []
    for rewrite in sorted(rewrites, key=lambda r: -len(squash_whitespace(r.old))):
        for match in rewrite.pattern.finditer(text):
            if all(match.end() <= start or match.start() >= end for start, end, _ in spans):
                spans.append((match.start(), match.end(), rewrite.new))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def shift_years(text: str, delta: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group()) + delta), text) if delta else text


def made_up_name(rng: random.Random, used: set[str]) -> tuple[str, str]:
    """Two syllables, or more once those are taken; never a digit, which the source's numbers would pick up."""
    length = 2
    while True:
        syllables = rng.sample(SYLLABLES, length)
        zh, en = "".join(s[0] for s in syllables), "".join(s[1] for s in syllables).capitalize()
        if zh not in used:
            used.add(zh)
            return zh, en
        length = 3


def clone_region(region: dict, round_no: int, width: int, source_id: str, rng: random.Random,
                 used_names: set[str], vary_values: bool = True) -> tuple[dict, list[str]]:
    """A copy of `region` under a new id and name, with varied level, province, period and values.
    Returns the region and the sentences its quotes now need in the source."""
    suffix = f"x{round_no:0{width}d}"
    name_zh, name_en = made_up_name(rng, used_names)
    province_zh, province_en = rng.choice(PROVINCES)
    level = rng.choice(LEVELS)
    level_zh, level_en = LEVEL_SUFFIXES[level]
    year = rng.choice(YEARS)
    delta = year - int(region["period"][:4])
    names = {"zh": (region["short_zh"], name_zh), "en": (region["short_en"], name_en)}

    def rename(text: str, lang: str) -> str:
        old, new = names[lang]
        return shift_years(text, delta).replace(old, new)

    def shift_period(period: str | None) -> str | None:
        return shift_years(period, delta) if period else period

    # pass 1: the new printed numbers; a figure whose rewrite would not validate keeps its number
    figures = [(m_index, f) for m_index, m in enumerate(region["measures"]) for f in m.get("figures", [])]
    factors: dict[tuple[int, str], float] = {}
    low, high = FACTOR_RANGE
    for m_index, figure in figures:
        lo, hi = NARROW_UNITS.get(figure["unit"], (low, high))
        key = (m_index, figure["indicator"])  # a before/after pair moves together
        if key not in factors:
            factors[key] = math.exp(rng.uniform(math.log(lo), math.log(hi))) if vary_values else 1.0
    frozen: set[str] = set()  # squashed as_printed whose figures keep their number
    for _attempt in range(len(figures) + 1):
        plans: list[tuple[dict, str, float]] = []
        for m_index, figure in figures:
            old = figure["as_printed"]
            scaled = None if squash_whitespace(old) in frozen else scaled_as_printed(
                old, figure["value"], figure["unit"], factors[(m_index, figure["indicator"])])
            plans.append((figure, *(scaled or (old, figure["value"]))))
        rewrites = [Rewrite(figure["as_printed"], new) for figure, new, _ in plans]

        def requote(text: str, rewrites: list[Rewrite] = rewrites) -> str:
            return rename(rewrite_text(text, rewrites), "zh")

        broken = set()
        for figure, new, _value in plans:
            quote = requote(figure["quote"])
            old_forecast = forecast_clause(figure["quote"], figure["as_printed"])
            if squash_whitespace(new) not in squash_whitespace(quote) or forecast_clause(quote, new) != old_forecast:
                broken.add(squash_whitespace(figure["as_printed"]))
        if not broken - frozen:
            break
        frozen |= broken
    else:  # pragma: no cover - every number frozen is the original text, which validates
        raise RuntimeError(f"cannot vary the figures of {region['id']}")

    new_figures = {id(figure): (new, value) for figure, new, value in plans}
    sentences: list[str] = []
    measures = []
    for measure in region["measures"]:
        quote = requote(measure["quote"])
        sentences.append(quote)
        out_figures = []
        for figure in measure.get("figures", []):
            new, value = new_figures[id(figure)]
            clone = {key: (rename(v, key[-2:]) if key.endswith(("_zh", "_en")) else v) for key, v in figure.items()}
            clone.update(as_printed=new, value=value, quote=requote(figure["quote"]))
            if figure.get("alt_value") is not None:  # keep the other reading's distance (提高了2倍: 2× or 3×)
                clone["alt_value"] = value + figure["alt_value"] - figure["value"]
            if figure.get("period"):
                clone["period"] = shift_period(figure["period"])
            sentences.append(clone["quote"])
            out_figures.append(clone)
        out = {key: (rename(v, key[-2:]) if key.endswith(("_zh", "_en")) else v) for key, v in measure.items()}
        out.update(id=f"{measure['id']}-{suffix}", quote=quote)
        if out_figures:
            out["figures"] = out_figures
        measures.append(out)
    clone = {key: (rename(v, key[-2:]) if key.endswith(("_zh", "_en")) else v) for key, v in region.items()}
    clone.update(
        id=f"{region['id']}_{suffix}",
        name_zh=f"{province_zh}{name_zh}{level_zh}",
        name_en=f"{name_en}{level_en}, {province_en}",
        short_zh=name_zh,
        short_en=name_en,
        level=level,
        province_zh=province_zh,
        province_en=province_en,
        period=shift_period(region["period"]),
        source=source_id,
        measures=measures,
    )
    return clone, sentences


def generated_source(batch: int, first_round: int, last_round: int, seed: int) -> dict:
    return {
        "id": f"generated_{batch:03d}",
        "title_zh": f"基准测试生成文本（第{batch}批）",
        "title_en": f"Generated benchmark text (batch {batch})",
        "publisher_zh": "benchmarks/generate.py 生成",
        "publisher_en": "Generated by benchmarks/generate.py",
        "covers_zh": f"第{first_round}–{last_round}轮复制的地区；数值经随机缩放，并非真实数据。",
        "covers_en": f"Regions cloned in rounds {first_round}–{last_round}; values randomly scaled, not real data.",
        "citation_zh": f"benchmarks/generate.py 生成（seed {seed}），非真实文献。",
        "citation_en": f"Generated by benchmarks/generate.py (seed {seed}); not a real document.",
        "file": f"{SOURCES_DIR}/generated_{batch:03d}.txt",
    }


def left_out_for(text: str, regions: list[dict]) -> list[dict]:
    """The numbers of a generated source that none of its figures quotes (dates, names, numbers of a measure's
    wider sentence), as left_out entries: so the coverage check runs on the generated sources as on the real one."""
    source = read_source(text)
    figures = [f for r in regions for m in r["measures"] for f in m.get("figures", [])]
    spans = [span for f in figures for span in source.spans(f["quote"], f["as_printed"])]
    out = []
    for number in uncovered(source, spans):
        line = squash_whitespace(text.splitlines()[source.line_col(number.start)[0] - 1])
        number = unique_in(number, source.squashed, line)
        out.append({"as_printed": number.as_printed, "quote": line, "reason": "context",
                    "note_zh": "生成：复制的句子中不是其数字的数字。",
                    "note_en": "Generated: a number of the cloned sentence that is not one of its figures."})
    return out


def generate(output: str | Path, times: int, seed: int = 7, batch: int = 1,
             base: str | Path = DEFAULT_DATASET, inline: bool = False) -> Path:
    """Write a dataset of `times` × the base dataset's regions to the entry file `output`, in the dataset's layout
    (one file per region in regions/, one per source in sources/ beside its text), or with everything `inline` in
    the entry file."""
    if times < 1:
        raise ValueError("--times must be at least 1")
    base = Path(base)
    dataset = load_dataset_or_raise(base)
    raw: dict[str, Any] = dataset.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    output = Path(output)
    sources_dir = output.parent / SOURCES_DIR
    sources_dir.mkdir(parents=True, exist_ok=True)
    for source in raw["sources"]:  # the real sources come along, so the real regions still validate
        target = output.parent / source["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base.parent / source["file"], target)
    width = max(3, len(str(times - 1)))
    used_names = {r["short_zh"] for r in raw["regions"]}
    originals = list(raw["regions"])
    for first in range(1, times, batch):
        last = min(first + batch, times) - 1
        number = (first - 1) // batch + 1
        source = generated_source(number, first, last, seed)
        sentences: list[str] = []
        for round_no in range(first, last + 1):
            for region in originals:
                rng = random.Random(f"{seed}:{round_no}:{region['id']}")
                clone, quotes = clone_region(region, round_no, width, source["id"], rng, used_names)
                raw["regions"].append(clone)
                sentences += quotes
        text = "\n".join(dict.fromkeys(sentences)) + "\n"
        (output.parent / source["file"]).write_text(text, encoding="utf-8")
        source["left_out"] = left_out_for(text, [r for r in raw["regions"] if r.get("source") == source["id"]])
        raw["sources"].append(source)
    header = (f"# Generated by benchmarks/generate.py --times {times} --seed {seed} --batch {batch}: "
              "cloned regions with scaled values; not real data.\n")
    if inline:
        output.write_text(header + _dump(raw), encoding="utf-8")
        return output
    for folder, items in ((REGIONS_DIR, raw.pop("regions")), (SOURCES_DIR, raw.pop("sources"))):
        (output.parent / folder).mkdir(parents=True, exist_ok=True)
        for item in items:
            (output.parent / folder / f"{item['id']}.yaml").write_text(header + _dump(item), encoding="utf-8")
    output.write_text(header + _dump(raw), encoding="utf-8")
    return output


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--times", type=int, default=10, help="size as a multiple of today's data (default: 10)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the pseudo-random variation (default: 7)")
    parser.add_argument("--batch", type=int, default=1,
                        help="cloning rounds per generated source file (default: 1, a digest of six regions each)")
    parser.add_argument("-o", "--output", required=True, help="the entry file to write; regions/ and sources/ go next to it")
    parser.add_argument("--inline", action="store_true", help="every region and source in the entry file itself")
    parser.add_argument("--check", action="store_true", help="validate the result and exit 1 if it is invalid")
    args = parser.parse_args(argv)
    path = generate(args.output, args.times, args.seed, args.batch, inline=args.inline)
    if args.check:
        from dashboard.data.loader import load_dataset, summary_line

        result = load_dataset(path)
        if not result.ok or result.dataset is None:
            print("\n".join(map(str, result.problems[:50])), file=sys.stderr)
            return 1
        print(f"OK {path}: {summary_line(result.dataset)}")
    else:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
