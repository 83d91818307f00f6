"""A typed-in or uploaded home's cells: numbers in ASCII digits only, values within what their unit allows, one size
limit stated with the file's real size, and every message in the interface language."""

from __future__ import annotations

import re

import pytest

from dashboard.analysis import home_input
from dashboard.i18n import t

ROW = {"indicator": "rd_active_share", "value": "55", "unit": "percent", "qualifier": "exact", "kind": "rate",
       "scope": "region", "basis": "point", "period": "2023"}


@pytest.mark.parametrize("text", ["1_000", "１２", "1e308", "1E3", "inf", "nan", "-inf", "0x10", "1,2", "12,34,567",
                                  "١٢", "²", "5 5", "55%", "1" * 16, "", "+", "."])
def test_only_plain_ascii_numbers_are_numbers(text):
    assert home_input.parse_number(text) is None


@pytest.mark.parametrize(("text", "value"), [("55", 55.0), ("1,200,000", 1_200_000.0), ("-3.5", -3.5),
                                             ("+7", 7.0), ("0.25", 0.25), ("9" * 15, float("9" * 15))])
def test_plain_numbers_read_as_written(text, value):
    assert home_input.parse_number(text) == value


@pytest.mark.parametrize(("value", "unit", "kind"), [(1000, "percent", "rate"), (-55, "percent", "rate"),
                                                     (100.5, "percent", "rate"), (-3, "count", "stock"),
                                                     (-1, "yuan", "new"), (0, "rank", "rank"), (15, "ph", "stock")])
def test_a_value_outside_its_units_range_is_refused(value, unit, kind):
    assert home_input.range_problem(value, unit, kind).startswith("out_of_range:")


@pytest.mark.parametrize(("value", "unit", "kind"), [(0, "percent", "rate"), (100, "percent", "rate"),
                                                     (250, "percent", "change"), (-20, "percent", "change"),
                                                     (0, "count", "stock"), (1, "rank", "rank"),
                                                     (-3, "places", "change"), (-1.5, "percentage_points", "change")])
def test_a_value_its_unit_and_kind_allow_passes(value, unit, kind):
    assert home_input.range_problem(value, unit, kind) is None


@pytest.mark.parametrize(("cells", "column"), [({"value": "1e308"}, "value"), ({"value": "1000"}, "value"),
                                               ({"value": "-55"}, "value"), ({"value": "1_000"}, "value"),
                                               ({"value": "１２"}, "value"),
                                               ({"indicator": "innovation_platforms", "unit": "count",
                                                 "kind": "stock", "value": "-3"}, "value")])
def test_typed_home_rows_out_of_range_or_not_ascii_are_refused_with_their_row(dataset, cells, column):
    home = home_input.home_figures([{**ROW, **cells}], dataset, "Anytown")
    assert not home.ok and home.figures.empty
    assert (1, column) in {(p.row, p.column) for p in home.problems}


def test_the_range_is_said_in_the_interface_language(dataset):
    (problem,) = home_input.home_figures([{**ROW, "value": "1000"}], dataset, "A").problems
    assert home_input.problem_text(problem, "zh") == "第 1 行 · value：超出这一单位可取的范围（0–100）"
    assert home_input.problem_text(problem, "en").endswith("outside what this unit allows (0–100)")


def test_a_file_too_big_says_its_real_size(dataset):
    size = 300 * 1024 + 512
    payload = b"x" * (home_input.MAX_UPLOAD_BYTES + 1)  # what the page reads of it
    (problem,) = home_input.read_home_csv(payload, dataset, "T", size=size).problems
    text = home_input.problem_text(problem, "zh")
    assert "300.5 KB" in text and "上限 64 KB" in text
    assert "64.0 KB" in home_input.problem_text(home_input.read_home_csv(payload, dataset, "T").problems[0], "en")


BAD_ROWS = [{"indicator": "nope"}, {"unit": "count"}, {"unit": "furlongs"}, {"qualifier": "maybe"}, {"kind": "bogus"},
            {"scope": "bogus"}, {"scope": "programme"}, {"basis": "bogus"}, {"period": "abc"},
            {"basis": "cumulative"}, {"kind": "change"}, {"as_printed": "60%"}, {"as_printed": "约55%"},
            {"label": "a\nb"}]


@pytest.mark.parametrize("cells", BAD_ROWS, ids=range(len(BAD_ROWS)))
def test_the_validators_messages_are_said_in_chinese_in_the_chinese_interface(dataset, cells):
    home = home_input.home_figures([{**ROW, **cells}], dataset, "A")
    assert home.problems
    for problem in home.problems:
        text = home_input.problem_text(problem, "zh")
        message = text.split("：", 1)[1]
        assert not message.startswith(t("bench_check_other", "zh", message="")), text  # each one is known
        # the only Latin letters left are the codes the person typed or may type
        assert " or " not in message and "does not" not in message
        words = set(re.findall(r"[A-Za-z_]{4,}", message))
        typed = {w for v in {**ROW, **cells}.values() for w in re.findall(r"[A-Za-z_]{4,}", v)}
        allowed = typed | set(re.findall(r"[A-Za-z_]{4,}", " ".join(
            ["point span cumulative stock rate rank change region programme subgroup wider_area exact approx "
             "at_least expected expected_at_least up_to count people person_times yuan percent percentage_points "
             "places multiple years days jin_per_mu mg_per_kg start end scope_text label rd_active_share"])))
        assert words <= allowed, (text, words - allowed)


def test_an_unknown_validator_message_is_still_shown_and_said_to_be_the_validators():
    assert home_input.validator_message("something new", "en") == "something new"
    assert home_input.validator_message("something new", "zh") == t("bench_check_other", "zh", message="something new")
