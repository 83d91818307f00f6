import string

import pytest

from dashboard import i18n


def test_every_label_exists_in_both_languages_with_the_same_placeholders():
    assert set(i18n.LABELS["zh"]) == set(i18n.LABELS["en"])
    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}  # noqa: E731
    for key in i18n.LABELS["zh"]:
        assert fields(i18n.LABELS["zh"][key]) == fields(i18n.LABELS["en"][key]), key


@pytest.mark.parametrize("table", [i18n.STATUS, i18n.KIND, i18n.LEVEL, i18n.UNIT_NAMES])
def test_vocabulary_tables_cover_both_languages(table):
    assert set(table["zh"]) == set(table["en"])


@pytest.mark.parametrize(("period", "zh", "en"), [
    ("2023", "2023年", "2023"),
    ("2023-01..2023-10", "2023年1—10月", "Jan–Oct 2023"),
    ("..2023", "截至2023年累计", "cumulative to 2023"),
    ("2022..2023", "2022—2023年", "2022–2023"),
])
def test_format_period(period, zh, en):
    assert i18n.format_period(period, "zh") == zh
    assert i18n.format_period(period, "en") == en
