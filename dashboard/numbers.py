"""Chinese numbers as printed ↔ normalised values, and back to labels a reader expects.

`parse_as_printed("预计超过 80 亿元")` gives `(8_000_000_000, "expected_at_least")`;
`format_value(8e9, "yuan", "zh")` gives `"80亿元"`. Pure functions, no streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.models import squash_whitespace
from dashboard.vocab import UNIT_SUFFIXES

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_PERCENT_WORDS = "百分之"  # 百分之四十 is 40 (percent), not 100
_SI_AFTER_QIAN = ("米", "克", "瓦")  # 12千米 is 12 km, not 12,000 metres

# Thousands separators only where they clearly group digits (1,200 or 1，200; not 1,20 or 1,2345).
_NUMBER = re.compile(
    r"(?P<arabic>\d{1,3}(?P<sep>[,，])\d{3}(?:(?P=sep)\d{3})*(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    rf"|(?P<chinese>[{_CN_NUMERAL}]+)"
)

# Words that set a qualifier; everything else around the number (第, 达到, 提高了 ...) is neutral.
_APPROX_WORDS = ("近", "约", "左右", "大约")
_AT_LEAST_WORDS = ("超过", "突破", "超", "逾", "以上")
_AT_LEAST_SUFFIXES = ("余", "多")
_EXPECTED_WORDS = ("预计",)
_UP_TO_WORDS = ("最高", "可达")


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
    prefix, rest = text[: match.start()], text[match.end() :]
    if match.group("arabic"):
        value = float(re.sub("[,，]", "", match.group("arabic")))
        if rest[:1] in ("百", "千") and not rest[1:].startswith(_SI_AFTER_QIAN):
            value *= _SMALL_UNITS[rest[0]]
            rest = rest[1:]
        if rest[:1] in _BIG_UNITS:
            value *= _BIG_UNITS[rest[0]]
            rest = rest[1:]
    else:
        value = float(chinese_numeral_to_int(match.group("chinese")))

    flags = set()
    if any(w in prefix for w in _APPROX_WORDS) or "左右" in rest:
        flags.add("approx")
    if any(w in prefix for w in _AT_LEAST_WORDS) or rest.startswith(_AT_LEAST_SUFFIXES) or "以上" in rest:
        flags.add("at_least")
    if any(w in prefix for w in _EXPECTED_WORDS):
        flags.add("expected")
    if any(w in prefix for w in _UP_TO_WORDS):
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


# ---------------------------------------------------------------- display

QUALIFIER_MARKS = {
    "zh": {"exact": "", "approx": "≈", "at_least": "≥", "expected": "预计", "expected_at_least": "预计≥", "up_to": "最高"},
    "en": {"exact": "", "approx": "≈", "at_least": "≥", "expected": "exp. ", "expected_at_least": "exp. ≥", "up_to": "up to "},
}
QUALIFIER_NAMES = {
    "zh": {"exact": "确数", "approx": "约数（近/约）", "at_least": "下限（余/超过/以上）", "expected": "预计",
           "expected_at_least": "预计下限（预计超过）", "up_to": "上限（最高/可达）"},
    "en": {"exact": "exact", "approx": "approximate (近/约)", "at_least": "at least (余/超过/以上)",
           "expected": "expected (预计)", "expected_at_least": "expected, at least (预计超过)",
           "up_to": "up to (最高/可达)"},
}


def _trim(number: float, digits: int = 2, grouping: bool = True) -> str:
    text = f"{number:,.{digits}f}" if grouping and abs(number) >= 1000 else f"{number:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: float, lang: str, compact: bool = False) -> str:
    """Scale a plain number the way each reader expects: 80亿 / 8 bn, 25.6万 / 256,000 (256k when compact)."""
    if lang == "zh":  # Chinese readers group by 万 and 亿, without thousands separators
        scales = ((1e8, "亿"), (1e4, "万"), (1.0, ""))
    else:
        scales = ((1e9, " bn"), (1e6, " m"), *(((1e3, "k"),) if compact else ()), (1.0, ""))
    # Round on the scale the value falls in first, then choose the scale of the rounded value:
    # 99,999,999 is 9999.9999万, which rounds to 1亿 (not 10000万).
    scale = _scale(value, scales)[0]
    rounded = round(value / scale, 2) * scale
    scale, suffix = _scale(rounded, scales)
    return f"{_trim(rounded / scale, grouping=lang != 'zh')}{suffix}"


def _scale(value: float, scales: tuple[tuple[float, str], ...]) -> tuple[float, str]:
    return next((scale for scale in scales if abs(value) >= scale[0]), scales[-1])


def format_value(value: float, unit: str, lang: str, qualifier: str = "exact", kind: str | None = None) -> str:
    """'预计≥80亿元', '≈400个', '41.2%', '第17位', '上升3位'; 'exp. ≥¥8 bn', 'No. 17', 'up 3 places'."""
    zh_suffix, en_suffix = UNIT_SUFFIXES[unit]
    if unit == "places" or (unit == "rank" and kind == "change"):  # places gained (+) or lost (−) in a ranking
        up = value >= 0
        if lang == "zh":
            body = f"{'上升' if up else '下降'}{_trim(abs(value))}位"
        else:
            body = f"{'up' if up else 'down'} {_trim(abs(value))} places"
    elif unit == "rank":
        body = f"第{_trim(value)}位" if lang == "zh" else f"No. {_trim(value)}"
    elif unit == "yuan" and lang == "en":
        body = f"¥{format_number(value, lang)}"
    else:
        body = format_number(value, lang) + (zh_suffix if lang == "zh" else en_suffix)
    return QUALIFIER_MARKS[lang][qualifier] + body
