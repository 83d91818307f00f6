"""The number finder on every form it reads, the coverage check, and `python -m dashboard draft` on fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from dashboard.__main__ import main as cli
from dashboard.curation.draft import draft_dataset, score_draft, split_regions, suggest_indicators, to_yaml
from dashboard.data.coverage import read_source, uncovered
from dashboard.data.loader import DEFAULT_DATASET, load_dataset, load_dataset_or_raise
from dashboard.data.numbers import find_numbers
from dashboard.data.text import squash_whitespace

FIXTURES = Path(__file__).parent / "fixtures"
REGIONS = FIXTURES / "regions"
MINIMAL = FIXTURES / "minimal.yaml"


def only(text: str):
    found = find_numbers(squash_whitespace(text))
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- the number finder


@pytest.mark.parametrize(
    ("text", "as_printed", "value", "unit", "qualifier"),
    [
        # Arabic numerals, decimals, thousands separators, 千/万/亿
        ("新建科普画廊 142 座", "142座", 142, "count", "exact"),
        ("吸引各类专业技术人才25.6万名", "25.6万名", 256_000, "people", "exact"),
        ("合同金额 3545 万元", "3545万元", 35_450_000, "yuan", "exact"),
        ("设立 10 亿元人才发展专项资金", "10亿元", 1_000_000_000, "yuan", "exact"),
        ("服务 1,200 名师生", "1,200名", 1200, "people", "exact"),
        ("培训 3千人", "3千人", 3000, "people", "exact"),
        # Chinese numerals, with a measure word
        ("举办两届“赛道明星班”活动", "两届", 2, "count", "exact"),
        ("服务十余个省市", "十余个", 10, "count", "at_least"),
        ("引进科创企业超百家", "超百家", 100, "count", "at_least"),
        ("投入三亿五千万元", "三亿五千万元", 350_000_000, "yuan", "exact"),
        # %, 倍, 个百分点, rank, places
        ("占比达到 41.2%，高于全国", "41.2%", 41.2, "percent", "exact"),
        ("年均转化金额较试点前提高了 2 倍", "2倍", 2, "multiple", "exact"),
        ("比上年提高 3 个百分点", "3个百分点", 3, "percentage_points", "exact"),
        ("榜单中排名第17 位", "第17位", 17, "rank", "exact"),
        ("较去年上升 3 位", "3位", 3, "places", "exact"),
        # qualifiers: 近/约 approx; 余/多/超过/以上/突破 at least; 预计 expected; 最高/可达 up to
        ("建成创新平台近 400 个", "近400个", 400, "count", "approx"),
        ("分析约 6000 万道习题", "约6000万道", 60_000_000, "count", "approx"),
        ("研发机构 100 余个", "100余个", 100, "count", "at_least"),
        ("区外创新主体达到 800多家", "800多家", 800, "count", "at_least"),
        ("科技型企业突破 3000 家", "突破3000家", 3000, "count", "at_least"),
        ("实现营收 3亿以上", "3亿以上", 300_000_000, "yuan", "at_least"),
        ("交易预计超过 80 亿元", "预计超过80亿元", 8_000_000_000, "yuan", "expected_at_least"),
        ("授信额度可达 100万元", "可达100万元", 1_000_000, "yuan", "up_to"),
        ("单个项目最高 50 万元", "最高50万元", 500_000, "yuan", "up_to"),
    ],
)
def test_finder_reads_each_form(text, as_printed, value, unit, qualifier):
    found = only(text)
    assert (found.as_printed, found.value, found.qualifier, found.form) == (as_printed, pytest.approx(value),
                                                                            qualifier, "figure")
    assert found.unit == unit


def test_finder_reads_money_from_its_words():
    assert only("覆盖 3亿以上").unit is None  # no 元 and no money word right before: a person decides
    assert only("研发投入 2000 万以上").unit == "yuan"


@pytest.mark.parametrize(
    ("text", "steps", "values", "unit"),
    [
        ("比例从 68%提高到 77.8%", ["before", "after"], [68, 77.8], "percent"),
        ("增速从年初全省第 11 位提高到了第 2 位", ["before", "after"], [11, 2], "rank"),
        ("有效态由修复前的 0.18 mg/kg 降至 0.05 mg/kg", ["before", "after"], [0.18, 0.05], "mg_per_kg"),
        ("土壤的 pH 由修复前的 5.45 升高至 6.23", ["before", "after"], [5.45, 6.23], "ph"),
    ],
)
def test_finder_pairs_before_and_after(text, steps, values, unit):
    found = find_numbers(squash_whitespace(text))
    assert [f.step for f in found] == steps
    assert [f.value for f in found] == values
    assert {f.unit for f in found} == {unit}


def test_finder_reads_a_range_as_one_number_with_its_upper_end():
    (found,) = find_numbers("每家补助3—5万元")
    assert (found.as_printed, found.value, found.range_end, found.unit) == ("3—5万元", 3, 50_000, "yuan")
    (months,) = find_numbers("1—10月，全市新增")
    assert (months.form, months.as_printed) == ("date", "1—10月")


@pytest.mark.parametrize(
    ("text", "as_printed", "form"),
    [
        ("2023年，宁夏科技厅深入实施", "2023年", "date"),
        ("“2023城市科技创新竞争力 50强”", "2023", "date"),
        ("将于 2024 年 1 月 1日正式实施", "2024年", "date"),
        ("制定发布“科创十条”", "十条", "name"),
        ("聚焦三大科创高地建设", "三大", "name"),
        ("甬优“31”号实现亩产", "31", "name"),
        ("目前已连续三年服务", "三年", "duration"),
        ("集中一个月时间", "一个月", "duration"),
    ],
)
def test_finder_tells_dates_names_and_durations(text, as_printed, form):
    found = find_numbers(squash_whitespace(text))[0]
    assert (found.as_printed, found.form) == (as_printed, form)


@pytest.mark.parametrize("text", ["一是创新平台扩量提能。", "（1）打造科技人才“引力场”", "一、优化资源配置机制",
                                  "推动呼包鄂乌一体化发展", "打造一批科技领军人才", "第一时间进行实地调研",
                                  "一站式服务"])
def test_finder_skips_numbering_and_words_that_hold_a_numeral(text):
    assert find_numbers(squash_whitespace(text)) == []


# ---------------------------------------------------------------- coverage


def test_source_text_drops_page_furniture_and_maps_lines():
    source = read_source("第一段 10 个\n\n               《科技情报参考》  页脚\n3\n第二段 20 家 \n")
    assert source.squashed == "第一段10个第二段20家"
    assert [n.as_printed for n in source.numbers] == ["10个", "20家"]
    assert source.line_col(source.squashed.index("20")) == (5, 5)


def test_uncovered_numbers_are_those_no_span_reaches():
    source = read_source("甲 10 个，乙 20 家，丙 30 项。")
    first, second, third = source.numbers
    assert uncovered(source, [(first.start, first.end), (third.start - 1, third.start + 1)]) == [second]


def _complete_copy(tmp_path: Path, source_text: str, extra: str = "") -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "tiny.txt").write_text(source_text, encoding="utf-8")
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace('file: "sources/000_5dd16f904f44c7fc.txt"', 'file: "sources/tiny.txt"' + extra)
    text = text.replace("    complete: false  # a fixture takes only a few of the source's numbers\n", "")
    path = tmp_path / "dataset.yaml"
    path.write_text(text, encoding="utf-8")
    return path


TINY = "设立 10 亿元人才发展专项资金。\n吸引各类专业技术人才25.6万名、研发人员 3.79 万人。\n"


def test_coverage_reports_a_missed_number_at_its_source_line(tmp_path: Path):
    path = _complete_copy(tmp_path, TINY)
    result = load_dataset(path)
    assert [(p.file, p.line, p.col) for p in result.problems] == [(str(tmp_path / "sources" / "tiny.txt"), 2, 11)]
    assert "number '25.6万名' is neither a figure nor listed under left_out" in result.problems[0].message


def test_coverage_passes_once_the_number_is_left_out_with_a_reason(tmp_path: Path):
    left_out = ('\n    left_out:\n      - as_printed: "25.6万名"\n        quote: "吸引各类专业技术人才25.6万名"\n'
                '        reason: "context"')
    result = load_dataset(_complete_copy(tmp_path, TINY, left_out))
    assert result.ok, result.problems


def test_real_dataset_leaves_no_number_uncovered():
    result = load_dataset(DEFAULT_DATASET)
    assert not [p for p in result.problems if "neither a figure" in p.message]


# ---------------------------------------------------------------- several sources


def test_a_figure_names_its_own_source_and_its_quote_is_checked_there(tmp_path: Path):
    path = _complete_copy(tmp_path, TINY.replace("吸引各类专业技术人才25.6万名、研发人员 3.79 万人。\n", ""))
    (tmp_path / "sources" / "second.txt").write_text("2024 年，吸引各类专业技术人才25.6万名、研发人员 3.79 万人。",
                                                      encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    second = ('  - id: "second"\n    title_zh: "二"\n    title_en: "Two"\n    publisher_zh: "编"\n    publisher_en: "Ed"\n'
              '    covers_zh: "绵阳"\n    covers_en: "Mianyang"\n    citation_zh: "二"\n    citation_en: "Two"\n'
              '    file: "sources/second.txt"\n    complete: false\nthemes:')
    text = text.replace("themes:", second, 1)
    text = text.replace('            quote: "吸引各类专业技术人才25.6万名、研发人员 3.79 万人"',
                        '            quote: "吸引各类专业技术人才25.6万名、研发人员 3.79 万人"\n            source: "second"')
    path.write_text(text, encoding="utf-8")
    assert load_dataset(path).ok, load_dataset(path).problems
    path.write_text(text.replace('source: "second"', 'source: "digest"'), encoding="utf-8")
    problems = load_dataset(path).problems
    assert len(problems) == 1 and "quote not found verbatim in source 'digest'" in problems[0].message


# ---------------------------------------------------------------- the draft


@pytest.fixture(scope="module")
def dataset():
    return load_dataset_or_raise()


def test_split_regions_at_the_seed_headings():
    text = (DEFAULT_DATASET.parent / "sources" / "000_5dd16f904f44c7fc.txt").read_text(encoding="utf-8")
    headings = [h for h, _ in split_regions(read_source(text))]
    assert len(headings) == 6
    assert headings[1].startswith("四川绵阳") and headings[4].startswith("四川巴中")


def test_suggest_indicators_by_name_and_unit(dataset):
    best = suggest_indicators("建成国、省、市创新平台近400个", "count", dataset.indicators)[0]
    assert best.code == "innovation_platforms" and best.score > 0.5


def _write_draft(tmp_path: Path, region: str) -> Path:
    """The draft of one region's part of the source, written into tmp_path as a dataset folder; its entry file."""
    (tmp_path / "sources").mkdir(exist_ok=True)
    shutil.copy(REGIONS / f"{region}.txt", tmp_path / "sources" / f"{region}.txt")
    assert cli(["draft", str(tmp_path / "sources" / f"{region}.txt"), "-o", str(tmp_path), "--region", region]) == 0
    return tmp_path / "measures.yaml"


def test_draft_writes_the_dataset_layout_one_file_per_region(tmp_path: Path):
    out = _write_draft(tmp_path, "mianyang")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.yaml")) == [
        "measures.yaml", "regions/mianyang.yaml", "sources/src_mianyang.yaml"]
    assert yaml.safe_load((tmp_path / "regions" / "mianyang.yaml").read_text(encoding="utf-8"))["id"] == "mianyang"
    assert "regions" not in yaml.safe_load(out.read_text(encoding="utf-8"))


def test_draft_validates_except_for_its_markers_each_at_its_line(tmp_path: Path):
    out = _write_draft(tmp_path, "quzhou")
    result = load_dataset(out)
    assert result.problems and all(p.message.startswith("to decide: ") for p in result.problems)
    files = {p.file for p in result.problems}
    assert files == {str(tmp_path / "regions" / "quzhou.yaml"), str(tmp_path / "sources" / "src_quzhou.yaml")}
    markers = 0
    for file in files:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
        assert all("TODO:" in lines[p.line - 1] for p in result.problems if p.file == file)
        markers += len([line for line in lines if "TODO:" in line and not line.startswith("#")])
    assert markers == len(result.problems)  # every marker listed, once


def test_draft_refuses_to_write_over_files_or_the_dataset(tmp_path: Path, capsys):
    out = _write_draft(tmp_path, "quzhou")
    before = out.read_bytes()
    source = str(tmp_path / "sources" / "quzhou.txt")
    assert cli(["draft", source, "-o", str(tmp_path), "--region", "quzhou"]) == 2
    assert "add --force" in capsys.readouterr().err and out.read_bytes() == before
    assert cli(["draft", source, "-o", str(tmp_path), "--region", "quzhou", "--force"]) == 0
    assert cli(["draft", source, "-o", str(DEFAULT_DATASET.parent), "--force"]) == 2
    assert "refusing to write over the dataset" in capsys.readouterr().err
    assert cli(["draft", source, "-o", str(out)]) == 2  # a file, not a folder


def test_draft_once_decided_is_valid(tmp_path: Path, dataset):
    out = _write_draft(tmp_path, "mianyang")
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    draft["sources"] = [yaml.safe_load((tmp_path / "sources" / "src_mianyang.yaml").read_text(encoding="utf-8"))]
    draft["regions"] = [yaml.safe_load((tmp_path / "regions" / "mianyang.yaml").read_text(encoding="utf-8"))]
    for folder in ("sources", "regions"):
        for file in (tmp_path / folder).glob("*.yaml"):
            file.unlink()
    indicators = {i.code: i for i in dataset.indicators}
    source = draft["sources"][0]
    source.update({k: "已定" for k, v in source.items() if isinstance(v, str) and v.startswith("TODO:")})
    for region in draft["regions"]:
        region.update(name_zh="绵阳市", name_en="Mianyang", short_zh="绵阳", short_en="Mianyang",
                      level="prefecture_city", province_zh="四川省", province_en="Sichuan", headline_zh="标题",
                      headline_en="Headline")
        for measure in region["measures"]:
            measure.update(title_zh="标题", title_en="Title", themes=["talent"], status="achieved",
                           summary_zh="摘要", summary_en="Summary", instruments=[dataset.instruments[0].id],
                           target_groups=[dataset.target_groups[0].id])
            for figure in measure["figures"]:  # the first suggestion of the figure's unit, as a reviewer might
                suggested = figure["indicator"].partition("suggested: ")[2].split(" ")[0]
                code = suggested or next(c for c, i in indicators.items() if i.unit == figure["unit"])
                figure.update(indicator=code, unit=indicators[code].unit, label_zh=figure["as_printed"],
                              label_en=figure["as_printed"])
                figure["value"] = figure["value"]
    out.write_text(to_yaml(draft, "x"), encoding="utf-8")
    result = load_dataset(out)
    # a wrong unit is the reviewer stand-in's guess; the draft carries every instrument and target group, which
    # tag measures only once merged into the dataset
    assert [p for p in result.problems if "unit" not in p.message and "tags no measure" not in p.message] == []


@pytest.mark.parametrize("region", ["mianyang", "ningxia", "haishu", "quzhou"])
def test_draft_recovers_nine_in_ten_curated_figures(region: str, dataset):
    text = (REGIONS / f"{region}.txt").read_text(encoding="utf-8")
    rest = dataset.model_copy(update={"regions": [r for r in dataset.regions if r.id != region]})
    draft = draft_dataset(text, f"sources/{region}.txt", rest, [region])
    curated = [f for m in dataset.region(region).measures for f in m.figures]
    score = score_draft(text, draft, curated)
    assert score.recall >= 0.9, score
    assert score.qualifier_agreement >= 0.9, score


@pytest.mark.parametrize("region", ["hubaoewu", "bazhong"])
def test_recall_over_no_curated_figure_is_undefined(region: str, dataset):
    text = (REGIONS / f"{region}.txt").read_text(encoding="utf-8")
    score = score_draft(text, draft_dataset(text, "sources/x.txt", dataset, [region]), [])
    assert score.recall is None and score.qualifier_agreement is None


def test_draft_refuses_an_unreadable_source(tmp_path: Path, capsys):
    assert cli(["draft", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "d")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_suggest_indicators_reads_synonyms_and_the_words_after_the_number(dataset):
    # 新建自治区重点实验室 5 个: 重点实验室 is a synonym of innovation_platforms, not its name
    best = suggest_indicators("新建自治区重点实验室5个", "count", dataset.indicators)[0]
    assert (best.code, best.score) == ("innovation_platforms", 1.0)
    plain = dataset.indicator("innovation_platforms").model_copy(update={"synonyms_zh": []})
    others = [i for i in dataset.indicators if i.code != "innovation_platforms"]
    without = suggest_indicators("新建自治区重点实验室5个", "count", [plain, *others], limit=len(others) + 1)
    assert all(s.score < 1.0 for s in without if s.code == "innovation_platforms")
    # the thing counted follows the number: 595名学员
    assert suggest_indicators("招揽595名学员", "people", dataset.indicators)[0].code == "people_trained"
