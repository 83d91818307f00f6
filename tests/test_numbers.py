"""Chinese numbers as printed → (value, qualifier), and values → the labels each reader expects."""

from __future__ import annotations

import pytest

from dashboard.data.numbers import Parsed, ParseError, chinese_numeral_to_int, parse_as_printed
from dashboard.data.vocab import UNITS
from dashboard.i18n import QUALIFIER_MARKS, QUALIFIER_NAMES, format_number, format_value

# ---------------------------------------------------------------- parse_as_printed


@pytest.mark.parametrize(
    ("as_printed", "value", "qualifier"),
    [
        # arabic numbers and decimals
        ("595名学员", 595, "exact"),
        ("186人", 186, "exact"),
        ("3.79 万人", 37_900, "exact"),
        ("25.6万名", 256_000, "exact"),
        ("0.5万元", 5_000, "exact"),
        ("41.2%", 41.2, "exact"),
        ("12.5 %", 12.5, "exact"),
        ("第17位", 17, "exact"),
        # 万 and 亿 multiply the number right before them
        ("3545 万元", 35_450_000, "exact"),
        ("10 亿元", 1_000_000_000, "exact"),
        ("80亿元", 8_000_000_000, "exact"),
        ("1.5亿", 150_000_000, "exact"),
        # Chinese numerals
        ("四大平台", 4, "exact"),
        ("十项举措", 10, "exact"),
        ("两届", 2, "exact"),
        ("两千人", 2_000, "exact"),
        ("五年", 5, "exact"),
        ("二十三家", 23, "exact"),
        ("十万元", 100_000, "exact"),
        ("三亿五千万元", 350_000_000, "exact"),
        # approximate
        ("近 400 个", 400, "approx"),
        ("近80名", 80, "approx"),
        ("约6000万道", 60_000_000, "approx"),
        ("大约 30 家", 30, "approx"),
        ("100 个左右", 100, "approx"),
        # at least
        ("100 余个", 100, "at_least"),
        ("30000余名", 30_000, "at_least"),
        ("百余家", 100, "at_least"),
        ("两万余人", 20_000, "at_least"),
        ("1.2万多人", 12_000, "at_least"),
        ("超过 80 亿元", 8_000_000_000, "at_least"),
        ("亩产超千斤", 1_000, "at_least"),
        ("突破 1000 家", 1_000, "at_least"),
        ("2000万以上", 20_000_000, "at_least"),
        ("逾 50 项", 50, "at_least"),
        # expected, and expected at least
        ("预计 80 亿元", 8_000_000_000, "expected"),
        ("预计超过 80 亿元", 8_000_000_000, "expected_at_least"),
        ("预计突破千亿", 100_000_000_000, "expected_at_least"),
        ("预计 500 家以上", 500, "expected_at_least"),
        # up to
        ("最高 100 万元", 1_000_000, "up_to"),
        ("最高100万元", 1_000_000, "up_to"),
        ("可达 5 亿元", 500_000_000, "up_to"),
    ],
)
def test_parse_as_printed(as_printed: str, value: float, qualifier: str):
    assert parse_as_printed(as_printed) == Parsed(value=pytest.approx(value), qualifier=qualifier)


@pytest.mark.parametrize(
    ("as_printed", "value", "qualifier"),
    [
        # an arabic number before 千 / 百 (and then 万 / 亿) is multiplied like one before 万
        ("3千", 3_000, "exact"),
        ("3千家", 3_000, "exact"),
        ("1.5千万元", 15_000_000, "exact"),
        ("近 2 千名", 2_000, "approx"),
        ("5百余人", 500, "at_least"),
        # 千米, 千克, 千瓦 are units (km, kg, kW), not thousands
        ("12千米", 12, "exact"),
        # thousands separators, only where they clearly group digits
        ("1,200", 1_200, "exact"),
        ("1,200 人", 1_200, "exact"),
        ("12,345,678元", 12_345_678, "exact"),
        ("1,234.5 万元", 12_345_000, "exact"),
        ("超过 1,200 家", 1_200, "at_least"),
        ("1，200 人", 1_200, "exact"),
        # percent written out in words
        ("百分之四十", 40, "exact"),
        ("百分之 12.5", 12.5, "exact"),
        ("近百分之三十", 30, "approx"),
        # years written digit by digit, with 〇
        ("二〇二三", 2_023, "exact"),
        ("二〇二三年", 2_023, "exact"),
        ("二零二零年", 2_020, "exact"),
    ],
)
def test_parse_reads_multipliers_separators_percent_words_and_digit_years(as_printed: str, value: float,
                                                                          qualifier: str):
    assert parse_as_printed(as_printed) == Parsed(value=pytest.approx(value), qualifier=qualifier)


@pytest.mark.parametrize(
    ("as_printed", "value"),
    [
        ("1,2345", 1),  # not digit grouping: the number stops at the comma
        ("1,20", 1),
        ("平台 6 个，基地 400 个", 6),  # a full-width comma between two numbers is punctuation
    ],
)
def test_parse_keeps_commas_that_do_not_group_digits(as_printed: str, value: float):
    assert parse_as_printed(as_printed).value == value


def test_parse_reads_the_first_number_and_ignores_line_breaks():
    assert parse_as_printed("建成平台近 400 个，基地 6 个") == Parsed(400, "approx")
    assert parse_as_printed("3.\n79 万\n人") == Parsed(37_900, "exact")  # PDF text breaks lines anywhere


def test_parse_returns_floats():
    parsed = parse_as_printed("186人")
    assert isinstance(parsed.value, float)


@pytest.mark.parametrize("as_printed", ["", "   ", "若干", "大量人才", "%", "第位"])
def test_parse_without_a_number_fails(as_printed: str):
    with pytest.raises(ParseError, match="no number"):
        parse_as_printed(as_printed)


@pytest.mark.parametrize(
    "as_printed",
    [
        "约超过 100 个",  # approx + at_least
        "近 100 余个",  # approx + at_least
        "预计最高 100 万元",  # expected + up_to
        "最高超过 100 万元",  # up_to + at_least
        "预计约 80 亿元",  # expected + approx
    ],
)
def test_parse_conflicting_qualifiers_fail(as_printed: str):
    with pytest.raises(ParseError, match="conflicting qualifiers"):
        parse_as_printed(as_printed)


def test_parse_error_is_a_value_error():
    assert issubclass(ParseError, ValueError)


# ---------------------------------------------------------------- chinese_numeral_to_int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0),
        ("一", 1),
        ("二", 2),
        ("两", 2),
        ("四", 4),
        ("九", 9),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("百", 100),
        ("一百", 100),
        ("两百", 200),
        ("一百零五", 105),
        ("三百四十五", 345),
        ("千", 1_000),
        ("三千", 3_000),
        ("两千", 2_000),
        ("一千零五", 1_005),
        ("万", 10_000),
        ("十万", 100_000),
        ("一百万", 1_000_000),
        ("一千二百万", 12_000_000),
        ("亿", 100_000_000),
        ("十亿", 1_000_000_000),
        ("千亿", 100_000_000_000),
        ("三亿五千万", 350_000_000),
        ("一千〇五", 1_005),
        ("二〇二三", 2_023),
        ("一九九八", 1_998),
        ("二零二零", 2_020),
        ("〇", 0),
    ],
)
def test_chinese_numeral_to_int(text: str, value: int):
    assert chinese_numeral_to_int(text) == value


@pytest.mark.parametrize("text", ["四x", "12", "个", "十 二"])
def test_chinese_numeral_to_int_rejects_other_characters(text: str):
    with pytest.raises(ParseError, match="not a Chinese numeral"):
        chinese_numeral_to_int(text)


# ---------------------------------------------------------------- format_number


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (0, "0", "0"),
        (7, "7", "7"),
        (12.5, "12.5", "12.5"),
        (41.25, "41.25", "41.25"),
        (1.0, "1", "1"),
        (999, "999", "999"),
        (1_234, "1234", "1,234"),
        (9_999, "9999", "9,999"),
        (10_000, "1万", "10,000"),
        (37_900, "3.79万", "37,900"),
        (256_000, "25.6万", "256,000"),
        (999_999, "100万", "999,999"),
        (1_000_000, "100万", "1 m"),
        (6_470_000, "647万", "6.47 m"),
        (35_450_000, "3545万", "35.45 m"),
        (100_000_000, "1亿", "100 m"),
        (123_456_789, "1.23亿", "123.46 m"),
        (1_000_000_000, "10亿", "1 bn"),
        (8_000_000_000, "80亿", "8 bn"),
        (1_500_000_000_000, "15000亿", "1,500 bn"),
        (-5, "-5", "-5"),
        (-37_900, "-3.79万", "-37,900"),
    ],
)
def test_format_number(value: float, zh: str, en: str):
    assert format_number(value, "zh") == zh
    assert format_number(value, "en") == en


@pytest.mark.parametrize(
    ("value", "zh", "en", "en_compact"),
    [
        # rounding that reaches the next scale moves to that scale: never 10000万 or 1,000 m
        (99_999_999, "1亿", "100 m", "100 m"),
        (99_999_999.999, "1亿", "100 m", "100 m"),
        (9_999.999, "1万", "10,000", "10k"),
        (999_999.999, "100万", "1 m", "1 m"),
        (999_999, "100万", "999,999", "1 m"),
        (999.999, "1000", "1,000", "1k"),
        (999_999_999, "10亿", "1 bn", "1 bn"),
        (-99_999_999, "-1亿", "-100 m", "-100 m"),
        # and what does not round up stays on its scale
        (9_999, "9999", "9,999", "10k"),
        (99_994_999, "9999.5万", "99.99 m", "99.99 m"),
        (99_950_000, "9995万", "99.95 m", "99.95 m"),
    ],
)
def test_format_number_rounds_before_choosing_the_scale(value: float, zh: str, en: str, en_compact: str):
    assert format_number(value, "zh") == zh
    assert format_number(value, "en") == en
    assert format_number(value, "en", compact=True) == en_compact


def test_format_number_zh_never_uses_thousands_separators():
    for value in (1_234, 12_345_678, 35_450_000, 1.5e12, 9.99e15):
        assert "," not in format_number(value, "zh")


# ---------------------------------------------------------------- format_value


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "zh", "en"),
    [
        # scaled money
        (8e9, "yuan", "exact", "80亿元", "¥8 bn"),
        (6_470_000, "yuan", "exact", "647万元", "¥6.47 m"),
        (1e9, "yuan", "exact", "10亿元", "¥1 bn"),
        (35_450_000, "yuan", "exact", "3545万元", "¥35.45 m"),
        (500, "yuan", "exact", "500元", "¥500"),
        # percent and rank
        (41.2, "percent", "exact", "41.2%", "41.2%"),
        (3.5, "percentage_points", "exact", "3.5个百分点", "3.5 pp"),
        (17, "rank", "exact", "第17位", "No. 17"),
        # other units
        (400, "count", "exact", "400", "400"),
        (37_900, "people", "exact", "3.79万人", "37,900 people"),
        (1_200, "person_times", "exact", "1200人次", "1,200 person-times"),
        (2, "multiple", "exact", "2倍", "2×"),
        (5, "years", "exact", "5年", "5 years"),
        (30, "days", "exact", "30天", "30 days"),
        (1_000, "jin_per_mu", "exact", "1000斤/亩", "1,000 jin/mu"),
        (0.3, "mg_per_kg", "exact", "0.3mg/kg", "0.3 mg/kg"),
        (6.5, "ph", "exact", "6.5", "6.5"),
        # qualifiers
        (400, "count", "approx", "≈400", "≈400"),
        (100, "count", "at_least", "≥100", "≥100"),
        (8e9, "yuan", "expected", "预计80亿元", "exp. ¥8 bn"),
        (8e9, "yuan", "expected_at_least", "预计≥80亿元", "exp. ≥¥8 bn"),
        (1e6, "yuan", "up_to", "最高100万元", "up to ¥1 m"),
        (2e7, "yuan", "at_least", "≥2000万元", "≥¥20 m"),
        (17, "rank", "approx", "≈第17位", "≈No. 17"),
    ],
)
def test_format_value(value: float, unit: str, qualifier: str, zh: str, en: str):
    assert format_value(value, unit, "zh", qualifier) == zh
    assert format_value(value, unit, "en", qualifier) == en


def test_format_value_defaults_to_exact():
    assert format_value(8e9, "yuan", "zh") == "80亿元"
    assert format_value(8e9, "yuan", "en") == "¥8 bn"


@pytest.mark.parametrize("unit", list(UNITS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_format_value_handles_every_unit_and_qualifier(unit: str, lang: str):
    for qualifier, mark in QUALIFIER_MARKS[lang].items():
        label = format_value(1234.5, unit, lang, qualifier)
        assert label.startswith(mark)
        assert label.strip()


def test_qualifier_vocabularies_agree():
    qualifiers = {"exact", "approx", "at_least", "expected", "expected_at_least", "up_to"}
    for lang in ("zh", "en"):
        assert set(QUALIFIER_MARKS[lang]) == qualifiers
        assert set(QUALIFIER_NAMES[lang]) == qualifiers


@pytest.mark.parametrize(
    ("as_printed", "unit", "zh"),
    [
        ("预计超过 80 亿元", "yuan", "预计≥80亿元"),
        ("近 400 个", "count", "≈400"),
        ("最高 100 万元", "yuan", "最高100万元"),
        ("3.79 万人", "people", "3.79万人"),
        ("100 余个", "count", "≥100"),
    ],
)
def test_parse_then_format_round_trip(as_printed: str, unit: str, zh: str):
    parsed = parse_as_printed(as_printed)
    assert format_value(parsed.value, unit, "zh", parsed.qualifier) == zh
