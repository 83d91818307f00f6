"""Chinese numbers as printed → normalised values, and every number of a source text.

`parse_as_printed("预计超过 80 亿元")` gives `(8_000_000_000, "expected_at_least")`. Pure functions, no streamlit.
The way back, a value as a reader expects it (`format_value(8e9, "yuan", "zh")` → "80亿元"), is interface text:
dashboard/i18n."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import NamedTuple

from dashboard.data.text import squash_whitespace

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_PERCENT_WORDS = "百分之"  # 百分之四十 is 40 (percent), not 100
_SI_AFTER_QIAN = ("米", "克", "瓦")  # 12千米 is 12 km, not 12,000 metres

# Thousands separators only where they clearly group digits (1,200 or 1，200; not 1,20 or 1,2345).
# The lookahead only says what a number starts with; it lets the scan skip the other characters of a text fast.
_NUMBER = re.compile(
    rf"(?=[\d{_CN_NUMERAL}])"
    r"(?:(?P<arabic>\d{1,3}(?P<sep>[,，])\d{3}(?:(?P=sep)\d{3})*(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    rf"|(?P<chinese>[{_CN_NUMERAL}]+))"
)

# Words that set a qualifier; everything else around the number (第, 达到, 提高了 ...) is neutral.
_APPROX_WORDS = ("近", "约", "左右", "大约")
_AT_LEAST_WORDS = ("超过", "突破", "超", "逾", "以上")
_AT_LEAST_SUFFIXES = ("余", "多")
_EXPECTED_WORDS = ("预计",)
_UP_TO_WORDS = ("最高", "可达")
# any of them: most words printed before a number (国际科技合作基地 6 个) are none of them
_QUALIFIER_WORD = re.compile("|".join(_APPROX_WORDS + _AT_LEAST_WORDS + _EXPECTED_WORDS + _UP_TO_WORDS))


class ParseError(ValueError):
    pass


@dataclass(frozen=True)
class Parsed:
    value: float
    qualifier: str


def chinese_numeral_to_int(text: str) -> int:
    """'四' → 4, '十' → 10, '百' → 100, '二十三' → 23, '三千' → 3000; years digit by digit: '二〇二三' → 2023."""
    if len(text) > 1 and all(char in _DIGITS for char in text):
        return int("".join(str(_DIGITS[char]) for char in text))
    total, section, digit = 0, 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        elif char in _BIG_UNITS:
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[char]
            section, digit = 0, None
        else:
            raise ParseError(f"not a Chinese numeral: {text!r}")
    return total + section + (digit or 0)


def parse_as_printed(as_printed: str) -> Parsed:
    """Read the first number of a printed figure with its multiplier (万, 亿) and qualifier words."""
    text = squash_whitespace(as_printed)
    start = text.find(_PERCENT_WORDS)
    start = start + len(_PERCENT_WORDS) if start >= 0 else 0
    match = _NUMBER.search(text, start)
    if match is None:
        raise ParseError(f"no number in {as_printed!r}")
    number_start, number_end = match.span()
    prefix, rest = text[:number_start], text[number_end:]
    arabic = match.group("arabic")
    if arabic:
        value = float(arabic.replace(",", "").replace("，", ""))
        if rest[:1] in ("百", "千") and not rest[1:].startswith(_SI_AFTER_QIAN):
            value *= _SMALL_UNITS[rest[0]]
            rest = rest[1:]
        if rest[:1] in _BIG_UNITS:
            value *= _BIG_UNITS[rest[0]]
            rest = rest[1:]
    else:
        value = float(chinese_numeral_to_int(match.group("chinese")))

    flags = set()
    # where the words before the number hold no qualifier word, only the words after it can set one
    worded = bool(prefix) and _QUALIFIER_WORD.search(prefix) is not None
    if (worded and any(w in prefix for w in _APPROX_WORDS)) or "左右" in rest:
        flags.add("approx")
    if (worded and any(w in prefix for w in _AT_LEAST_WORDS)) or rest.startswith(_AT_LEAST_SUFFIXES) or "以上" in rest:
        flags.add("at_least")
    if worded and any(w in prefix for w in _EXPECTED_WORDS):
        flags.add("expected")
    if worded and any(w in prefix for w in _UP_TO_WORDS):
        flags.add("up_to")
    return Parsed(value=value, qualifier=_combine_qualifiers(flags, as_printed))


def _combine_qualifiers(flags: set[str], as_printed: str) -> str:
    if not flags:
        return "exact"
    if flags == {"expected", "at_least"}:
        return "expected_at_least"
    if len(flags) > 1:
        raise ParseError(f"conflicting qualifiers {sorted(flags)} in {as_printed!r}")
    return next(iter(flags))


# ---------------------------------------------------------------- finding every number of a text
# One finder for the draft, the coverage check and the evaluation: it reads a whitespace-free text (the form the
# validator compares quotes in) and returns each number with the words that belong to it, as a figure would print
# it. Enumerations (一是, 一、, （1）) are structure, not numbers; a Chinese numeral counts only with a measure word.

# a numeral that names something rather than counts it: 五大产业技术研究院, “科创十条”, “三清零”, 四大工程
NAME_NUMBER = re.compile(r"[一二三四五六七八九十两]+(大|条|清零)")
# measure words after which a number is a count, longest first
_COUNTERS = ("人次", "场次", "个月", "个", "家", "项", "名", "人", "位", "期", "届", "支", "座", "块", "场", "次", "所", "篇",
             "件", "套", "款", "台", "条", "道", "类", "种", "户", "村", "亩", "斤", "大", "强", "年", "天", "月",
             "日", "措", "唯", "县")
_UNIT_WORDS = ("%", "％", "个百分点", "倍", "mg/kg", "元", *_COUNTERS)
_UNIT_SUFFIX = re.compile(
    r"(?P<mult>[百千](?![米克瓦]))?(?P<big>[万亿])?(?P<more>余|多)?"
    r"(?P<unit>" + "|".join(_UNIT_WORDS) + r")?(?P<tail>以上|左右)?"
)
# The first characters of what follows a Chinese numeral that counts (余/多 or a measure word). A Chinese numeral
# takes in every numeral character after it, so its suffix has no 百/千/万/亿: one character tells that most
# numerals of a text (一体化, 万众) are words, without reading a suffix.
_COUNTED_AFTER = frozenset(word[0] for word in ("余", "多", *_UNIT_WORDS))
_PREFIX = re.compile(r"(?:预计(?:超过|突破|达到|达)?|超过|突破|最高(?:可达)?|可达|大约|近|约|超|逾|共)$")
_PAIR_LINK = re.compile(r"(?:提高|提升|上升|升高|增长|增加|增|下降|降低|减少|降)?了?(?:到|至)了?")
# no link is longer (a verb of two characters, 了, 到 or 至, 了): numbers further apart are not linked
_LONGEST_LINK = 5
_RANGE_LINK = ("-", "—", "–", "－", "~", "～", "至")
_NEW_WORDS = ("新增", "新建", "新认定", "获批", "举办", "实施", "开展", "引进", "吸引", "招揽", "组织", "推动", "促成",
              "认定", "启动", "培训", "同比")
_UNITS_BY_SUFFIX = {"%": "percent", "％": "percent", "个百分点": "percentage_points", "倍": "multiple",
                    "mg/kg": "mg_per_kg", "元": "yuan", "人次": "person_times", "名": "people", "人": "people",
                    "年": "years", "天": "days", "个月": None, "斤": "jin_per_mu"}
_DURATION_UNITS = ("years", "days")
_MONEY_WORDS = ("营收", "收入", "投入", "资金", "金额", "投资", "经费", "产值", "销售")
_YEAR = re.compile(r"(19|20)\d\d")
_SENTENCE_END = re.compile(r"[。；;！？]")
_CLAUSE_END = re.compile(r"[。；，,;]")


@dataclass(frozen=True)
class Found:
    """One number of a text: where it is, as printed (with its qualifier words, multiplier and unit) and read."""

    start: int  # the span of `as_printed` in the searched text
    end: int
    as_printed: str
    value: float | None  # None where the words do not read as one value (conflicting qualifiers)
    qualifier: str | None
    unit: str | None  # a guess from the measure word: None for a bare number
    # "figure"; or what the source's left_out would call it: "date" (a year, month or day: a period, not a figure),
    # "name" (科创十条, 甬优“31”号) or "duration" (连续三年, 一个月)
    form: str
    step: str | None = None  # "before" / "after" in 从68%提高到77.8%
    range_end: float | None = None  # the upper end of 3—5家


class _Number(NamedTuple):
    """A Found while the numbers of a text are read and linked: a tuple is several times cheaper to make than a frozen
    dataclass, and where only the spans are wanted no Found is made at all."""

    start: int
    end: int
    as_printed: str
    value: float | None
    qualifier: str | None
    unit: str | None
    form: str
    step: str | None = None
    range_end: float | None = None


assert _Number._fields == tuple(field.name for field in fields(Found))  # Found(*number) takes them in this order


def forecast_clause(quote: str, as_printed: str) -> bool:
    """Whether the sentence leading up to the number says 预计 (expected): the qualifier reaches every number
    of its clause, not only the first ('预计超过80亿元，同比增长100%')."""
    text, number = squash_whitespace(quote), squash_whitespace(as_printed)
    at = text.find(number)
    if at < 0 or text.find("预计", 0, at) < 0:  # most quotes say no 预计 before the number: no sentence to cut
        return False
    sentence = _SENTENCE_END.split(text[:at])[-1]
    return "预计" in sentence


def _is_structure(before: str, after: str, chinese: bool) -> bool:
    """一是, 一、, （1）, 第一时间: numbering and set phrases, not numbers of the text (`before` and `after` are the
    characters around the number)."""
    if before in ("（", "(") and after in ("）", ")"):
        return True
    if chinese:
        return after in ("是", "、") or (before == "第" and after not in ("位", "名"))
    return False


def find_numbers(text: str, read: bool = True) -> list[Found]:
    """Every number of `text` (whitespace already removed), in order; with read=False only where each is (value,
    qualifier and form are not worked out), which is all a coverage check needs."""
    return [Found(*number) for number in _numbers(text, read)]


def number_spans(text: str) -> list[tuple[int, int]]:
    """Where the numbers of `text` are: the spans of `find_numbers(text, read=False)`, without making a Found of
    each."""
    return [(number.start, number.end) for number in _numbers(text, read=False)]


def _numbers(text: str, read: bool) -> list[_Number]:
    """The numbers `find_numbers` returns, as tuples."""
    found: list[_Number] = []
    taken = 0  # where the last number found ends
    for match in _NUMBER.finditer(text):
        number_start, number_end = match.span()
        if number_start < taken:  # 百分之四十 read again from inside
            continue
        chinese = match.group("chinese")
        after = text[number_end : number_end + 1]
        # 一体化, 一线, 一站式: a numeral counts only with a measure word (or after 百分之); most are told by the
        # character after them, before reading a suffix
        if chinese and after not in _COUNTED_AFTER and not text.endswith(_PERCENT_WORDS, 0, number_start):
            continue
        before = text[number_start - 1 : number_start] if number_start else ""
        if _is_structure(before, after, bool(chinese)):
            continue
        suffix = _UNIT_SUFFIX.match(text, number_end)
        unit_word = suffix.group("unit") or ""
        if chinese and not (unit_word or suffix.group("more") or text.endswith(_PERCENT_WORDS, 0, number_start)):
            continue
        end = suffix.end()
        # qualifier words only widen the span leftwards: a coverage check (read=False) does without them
        prefix = _PREFIX.search(text, max(0, number_start - 6), number_start) if read else None
        start = prefix.start() if prefix else number_start
        rank = before == "第" and unit_word in ("位", "名")
        if rank:
            start = number_start - 1
        if text.startswith(_PERCENT_WORDS, number_start - len(_PERCENT_WORDS)):
            start, unit_word = number_start - len(_PERCENT_WORDS), "%"
        as_printed = text[start:end]
        if read:
            found.append(_read(text, start, end, as_printed, match, unit_word, rank, plain=end == number_end))
        else:
            found.append(_Number(start, end, as_printed, None, None, "rank" if rank else None, "figure"))
        taken = end
    return _link_pairs(text, found)


def _read(text: str, start: int, end: int, as_printed: str, match: re.Match, unit_word: str, rank: bool,
          plain: bool) -> _Number:
    number = match.group(0)
    is_year = bool(_YEAR.fullmatch(number)) and (plain or (unit_word == "年" and end == match.end() + 1))
    before = text[max(0, start - 2) : start]
    quoted = before.endswith(("“", "\"", "「")) and text[match.end() : match.end() + 1] in ("”", "\"", "」")
    if is_year or unit_word in ("月", "日"):
        form = "date"
    elif quoted or NAME_NUMBER.match(text, match.start()) or unit_word in ("强", "大", "措", "唯"):
        form = "name"
    else:
        form = "figure"
    context = text[max(0, start - 8) : start]
    if rank:
        unit = "rank"
    elif unit_word == "位" and text.endswith(("上升", "提升", "下降", "前移"), 0, match.start()):
        unit = "places"
    elif unit_word == "斤":
        unit = "jin_per_mu" if "亩" in text[max(0, start - 4) : start] else "count"
    else:
        unit = _UNITS_BY_SUFFIX.get(unit_word, "count" if unit_word else None)
    if unit is None and "pH" in context:
        unit = "ph"
    elif unit is None and ("万" in as_printed or "亿" in as_printed) and any(word in context for word in _MONEY_WORDS):
        unit = "yuan"
    if form == "figure" and (unit in _DURATION_UNITS or unit_word == "个月"):
        form = "duration"
    try:
        parsed = parse_as_printed(as_printed)
        value, qualifier = parsed.value, parsed.qualifier
    except ParseError:
        value, qualifier = None, None
    return _Number(start, end, as_printed, value, qualifier, unit, form)


def _link_pairs(text: str, found: list[_Number]) -> list[_Number]:
    """从68%提高到77.8%, 由0.18mg/kg降至0.05mg/kg: a before → after pair; 3—5家, 1—10月: a range."""
    out: list[_Number] = []
    index = 0
    while index < len(found):
        item = found[index]
        nxt = found[index + 1] if index + 1 < len(found) else None
        if nxt is None or nxt.start - item.end > _LONGEST_LINK:  # most numbers stand apart: nothing links them
            out.append(item)
            index += 1
            continue
        between = text[item.end : nxt.start]
        if between in _RANGE_LINK and (item.unit is None or item.unit == nxt.unit or nxt.form == "date"):
            form = "date" if nxt.form == "date" else item.form
            as_printed = text[item.start : nxt.end]
            out.append(_Number(item.start, nxt.end, as_printed, item.value, item.qualifier, nxt.unit, form,
                               range_end=nxt.value))
            index += 2
            continue
        if _PAIR_LINK.fullmatch(between) and _opens_a_change(text, item.start):
            unit = item.unit or nxt.unit
            out += [item._replace(step="before", unit=unit), nxt._replace(step="after", unit=nxt.unit or unit)]
            index += 2
            continue
        out.append(item)
        index += 1
    return out


def _opens_a_change(text: str, start: int) -> bool:
    """Whether the clause before a number says 从 or 由 (从68%提高到77.8%)."""
    clause = _CLAUSE_END.split(text[max(0, start - 12) : start])[-1]
    return "从" in clause or "由" in clause
