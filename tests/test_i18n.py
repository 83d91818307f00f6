import pytest

from dashboard import i18n

# both catalogs hold the same keys with the same placeholders: tests/test_catalogs.py


@pytest.mark.parametrize(("period", "zh", "en"), [
    ("2023", "2023年", "2023"),
    ("2023-01..2023-10", "2023年1—10月", "Jan–Oct 2023"),
    ("..2023", "截至2023年累计", "cumulative to 2023"),
    ("2022..2023", "2022—2023年", "2022–2023"),
])
def test_format_period(period, zh, en):
    assert i18n.format_period(period, "zh") == zh
    assert i18n.format_period(period, "en") == en


def test_english_counts_read_singular_for_one_and_plural_otherwise():
    from dashboard.i18n import LABELS, t

    assert t("rows_shown", "en", n=1) == "1 measure" and t("rows_shown", "en", n=6700) == "6,700 measures"
    assert t("search_in_measures", "en", n=1).startswith("List this 1 measure in")
    assert t("briefing_counts", "en", measures=2, figures=1, regions=0) == "2 measures · 1 figure · 0 regions"
    assert t("briefing_counts", "zh", measures=2, figures=1, regions=0) == "2 项举措 · 1 个数据点 · 0 个地区"
    # "(s)" is left only where the count is not a number the text is given
    assert [key for key, text in LABELS["en"].items() if "(s)" in text] == ["indicators_not_in_view"]
