"""The models' text rules: no control character anywhere, no blank line in a text, no line break in a one-line text
(a blank line would end the HTML or Markdown block a text sits in on the page, and what follows would be markup)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from dashboard.data.loader import DEFAULT_DATASET, load_dataset
from dashboard.data.models import Figure, GlossaryTerm, Region

PAYLOAD = "x\n\n[点这里](http://evil.example/p) ![i](http://evil.example/x.png)"


def _region(dataset, **changes) -> dict:
    return {**dataset.regions[0].model_dump(exclude_none=True), **changes}


@pytest.mark.parametrize("field", ["headline_zh", "name_en", "short_zh", "province_en"])
@pytest.mark.parametrize("text", [PAYLOAD, "a\nb", "a\tb", "a\x1bb", "a\u2028b", "a\x85b"])
def test_a_one_line_text_refuses_line_breaks_and_control_characters(dataset, field, text):
    with pytest.raises(ValidationError, match="one-line"):
        Region.model_validate(_region(dataset, **{field: text}))


def test_a_measure_title_and_a_figure_label_are_one_line_too(dataset):
    region = _region(dataset)
    measure = region["measures"][0]
    with pytest.raises(ValidationError, match=r"measures\.0\.title\.en"):
        Region.model_validate({**region, "measures": [{**measure, "title_en": PAYLOAD}]})
    figure = next(f for r in dataset.regions for m in r.measures for f in m.figures).model_dump(exclude_none=True)
    with pytest.raises(ValidationError, match="one-line"):
        Figure.model_validate({**figure, "label_zh": PAYLOAD})
    with pytest.raises(ValidationError, match="one-line"):
        GlossaryTerm.model_validate({"zh": "a\n\nb", "en": "a", "explanation_zh": "a", "explanation_en": "b"})


@pytest.mark.parametrize("text", [PAYLOAD, "a\n \n b", "a\x00b", "a\rb"])
def test_a_longer_text_refuses_blank_lines_and_control_characters(dataset, text):
    region = _region(dataset)
    measure = region["measures"][0]
    with pytest.raises(ValidationError, match=r"summary\.zh"):
        Region.model_validate({**region, "measures": [{**measure, "summary_zh": text}]})


def test_a_longer_text_may_run_over_lines(dataset):
    region = _region(dataset)
    measure = region["measures"][0]
    checked = Region.model_validate({**region, "measures": [{**measure, "summary_zh": "第一行\n第二行"}]})
    assert checked.measures[0].summary.zh == "第一行\n第二行"


def test_the_validator_refuses_a_headline_that_would_end_its_block(tmp_path: Path):
    data = DEFAULT_DATASET.parent
    shutil.copy(DEFAULT_DATASET, tmp_path / DEFAULT_DATASET.name)
    shutil.copytree(data / "regions", tmp_path / "regions")
    shutil.copytree(data / "sources", tmp_path / "sources")
    region = tmp_path / "regions" / "mianyang.yaml"
    lines = region.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("headline_zh:"))
    lines[number - 1] = 'headline_zh: "x\\n\\n[点这里](http://evil.example/p) ![i](http://evil.example/x.png)"'
    region.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_dataset(tmp_path / DEFAULT_DATASET.name)
    assert not result.ok
    found = [p for p in result.problems if "headline_zh" in p.path]
    assert found and found[0].line == number and "one-line" in found[0].message, result.problems
