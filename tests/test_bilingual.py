"""Dataset text in two languages: the one value type (dashboard/data/bilingual.py), the models that read their key
pairs into it, and a scan of the package that keeps every other way of choosing a language's text out."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from dashboard.data.bilingual import LANGS, Bilingual, BilingualLine, data_loc
from dashboard.data.cache import Cache
from dashboard.data.loader import DEFAULT_DATASET, load_dataset
from dashboard.data.models import Dataset, Figure, GlossaryTerm, Measure, Region, Source, Theme

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"
MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"


# ---------------------------------------------------------------- the type


def test_the_text_of_a_language():
    value = BilingualLine(zh="绵阳", en="Mianyang")
    assert (value.text("zh"), value.text("en")) == ("绵阳", "Mianyang")
    with pytest.raises(ValueError, match="unknown language"):
        value.text("fr")


def test_a_column_or_key_is_named_in_one_place():
    assert Bilingual.column("title", "zh") == "title_zh"
    assert Bilingual.column("measure_summary", "en") == "measure_summary_en"
    assert Bilingual.column("", "en") == "en"  # a vocabulary entry's bare keys
    with pytest.raises(ValueError, match="unknown language"):
        Bilingual.column("title", "fr")


def test_both_columns_of_a_value_for_a_frame_row():
    value = BilingualLine(zh="人才", en="Talent")
    assert Bilingual.columns("title", value) == {"title_zh": "人才", "title_en": "Talent"}
    assert Bilingual.columns("note", None) == {"note_zh": "", "note_en": ""}
    assert Bilingual.columns("alt", None, empty=None) == {"alt_zh": None, "alt_en": None}
    assert Bilingual.columns("titles", (["a"], ["b"])) == {"titles_zh": ["a"], "titles_en": ["b"]}
    assert list(Bilingual.columns("x", value)) == [Bilingual.column("x", lang) for lang in LANGS]


@pytest.mark.parametrize("text", ["a\nb", "a\tb", "a\x1bb", "a\u2028b", "a\x85b"])
@pytest.mark.parametrize("side", ["zh", "en"])
def test_a_one_line_value_refuses_line_breaks_and_control_characters_on_either_side(text, side):
    with pytest.raises(ValidationError, match="one-line") as error:
        BilingualLine(**{"zh": "甲", "en": "a", side: text})
    assert error.value.errors()[0]["loc"] == (side,)


@pytest.mark.parametrize("text", ["a\n\nb", "a\n \n b", "a\x00b", "a\rb"])
def test_a_longer_value_refuses_blank_lines_and_control_characters(text):
    with pytest.raises(ValidationError):
        Bilingual(zh="甲", en=text)


def test_a_longer_value_may_run_over_lines_and_both_are_stripped():
    value = Bilingual(zh=" 第一行\n第二行 ", en="one\nline two")
    assert (value.zh, value.en) == ("第一行\n第二行", "one\nline two")


@pytest.mark.parametrize("fields", [{"zh": "甲"}, {"zh": "甲", "en": ""}, {"zh": "甲", "en": "  "},
                                    {"zh": "甲", "en": "a", "fr": "b"}])
def test_both_sides_are_required_and_nothing_else(fields):
    with pytest.raises(ValidationError):
        BilingualLine(**fields)


def test_a_value_is_frozen_and_compares_by_its_texts():
    value = BilingualLine(zh="甲", en="a")
    with pytest.raises(ValidationError):
        value.zh = "乙"  # type: ignore[misc]
    assert value == BilingualLine(zh="甲", en="a") and len({value, BilingualLine(zh="甲", en="a")}) == 1


# ---------------------------------------------------------------- the models read and write the files' key pairs


def test_a_pair_of_keys_is_read_into_one_value_and_written_back_as_the_pair(dataset: Dataset):
    region = dataset.regions[0]
    assert isinstance(region.name, BilingualLine) and isinstance(region.measures[0].summary, Bilingual)
    dumped = region.model_dump(mode="json", exclude_defaults=True)
    assert list(dumped)[:8] == ["id", "name_zh", "name_en", "short_zh", "short_en", "level", "province_zh",
                                "province_en"]
    assert dumped["short_en"] == region.short.en and "short" not in dumped
    assert Region.model_validate(dumped) == region


def test_a_vocabulary_entry_keeps_its_bare_keys(dataset: Dataset):
    theme, term = dataset.themes[0], dataset.glossary[0]
    assert theme.model_dump()["zh"] == theme.name.zh and term.model_dump()["en"] == term.term.en
    assert Theme.model_validate(theme.model_dump()) == theme
    assert GlossaryTerm.model_validate(term.model_dump()) == term


def test_an_optional_pair_is_both_or_neither(dataset: Dataset):
    figure = next(f for r in dataset.regions for m in r.measures for f in m.figures if f.note and f.label)
    flat = figure.model_dump(exclude_none=True)
    assert Figure.model_validate({k: v for k, v in flat.items() if not k.startswith("note_")}).note is None
    with pytest.raises(ValidationError, match=r"note\.en"):
        Figure.model_validate({k: v for k, v in flat.items() if k != "note_en"})
    assert Figure.model_validate(figure.model_dump()) == figure  # both halves None: no note


def test_a_figures_scope_words_are_read_from_scope_zh_and_scope_en(dataset: Dataset):
    figure = next(f for r in dataset.regions for m in r.measures for f in m.figures if f.scope_text)
    dumped = figure.model_dump()
    assert (dumped["scope_zh"], dumped["scope_en"]) == (figure.scope_text.zh, figure.scope_text.en)
    assert dumped["scope"] == figure.scope  # the closed vocabulary keeps its own key


def test_a_value_given_in_code_is_taken_as_it_is():
    title = BilingualLine(zh="标题", en="Title")
    measure = Measure(id="m", title=title, themes=["t"], instruments=["i"], target_groups=["g"], status="achieved",
                      summary_zh="概要", summary_en="Summary", quote="原文")
    assert measure.title is title and measure.summary == Bilingual(zh="概要", en="Summary")


def test_an_error_location_is_mapped_back_to_the_files_keys():
    assert data_loc(Dataset, ("regions", 0, "measures", 2, "title", "en")) == ("regions", 0, "measures", 2,
                                                                              "title_en")
    assert data_loc(Dataset, ("themes", 1, "name", "zh")) == ("themes", 1, "zh")
    assert data_loc(Dataset, ("glossary", 0, "term", "en")) == ("glossary", 0, "en")
    assert data_loc(Region, ("measures", 0, "figures", 3, "scope_text", "zh")) == ("measures", 0, "figures", 3,
                                                                                 "scope_zh")
    assert data_loc(Source, ("left_out", 0, "note", "en")) == ("left_out", 0, "note_en")
    assert data_loc(Region, ("measures", 0, "figures", 3, "scope")) == ("measures", 0, "figures", 3, "scope")
    assert data_loc(Region, ("name",)) == ("name",)  # the value itself (not a dict): under the field's name
    assert data_loc(Region, ("nonsense", 0, "zh")) == ("nonsense", 0, "zh")


def _minimal(tmp_path: Path, old: str, new: str) -> Path:
    (tmp_path / "sources").symlink_to(DEFAULT_DATASET.parent / "sources", target_is_directory=True)
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "measures.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


def test_a_missing_half_is_reported_under_its_own_key_at_its_item(tmp_path: Path):
    path = _minimal(tmp_path, '        title_en: "Talent development fund"\n', "")
    [problem] = load_dataset(path).problems
    assert (problem.path, problem.message) == ("regions[0].measures[0].title_en", "missing field 'title_en'")
    assert problem.line == _line_of(path, "- id: \"mianyang-talent-fund\"")


def test_a_bad_half_is_reported_at_its_own_line(tmp_path: Path):
    path = _minimal(tmp_path, '    short_en: "Mianyang"', '    short_en: "Mian\\nyang"')
    [problem] = load_dataset(path).problems
    assert problem.path == "regions[0].short_en" and "one-line" in problem.message
    assert (problem.line, problem.col) == (_line_of(path, "short_en:"), 15)


def test_a_vocabulary_entrys_missing_half_is_named_by_its_bare_key(tmp_path: Path):
    path = _minimal(tmp_path, '    en: "Talent"\n', "")
    [problem] = load_dataset(path).problems
    assert (problem.path, problem.message) == ("themes[0].en", "missing field 'en'")


def test_a_region_taken_from_the_cache_is_the_region_that_was_checked(tmp_path: Path):
    for name in ("regions", "sources"):
        shutil.copytree(DEFAULT_DATASET.parent / name, tmp_path / name)
    shutil.copy(DEFAULT_DATASET, tmp_path / DEFAULT_DATASET.name)
    entry = tmp_path / DEFAULT_DATASET.name
    first = load_dataset(entry, cache=Cache.beside(entry))
    again = load_dataset(entry, cache=Cache.beside(entry))
    assert first.ok and again.ok and first.checked and not again.checked  # every region from the cache
    assert again.dataset == first.dataset
    assert again.dataset.region("quzhou").measures[1].figures[0].scope_text == \
        first.dataset.region("quzhou").measures[1].figures[0].scope_text


def test_the_names_of_a_section_in_one_language(dataset: Dataset):
    assert dataset.names("regions", "en", "short")["mianyang"] == "Mianyang"
    assert dataset.names("regions", "zh")["mianyang"] == dataset.region("mianyang").name.zh
    assert list(dataset.names("themes", "zh")) == [th.code for th in dataset.themes]
    assert dataset.names("instruments", "en")["grants"] == dataset.instrument("grants").name.en
    assert dataset.names("sources", "zh", "title") == {s.id: s.title.zh for s in dataset.sources}
    names = dataset.names("indicators", "en")
    names.clear()  # a copy: the next caller's is whole
    assert dataset.names("indicators", "en")


# ---------------------------------------------------------------- no other way of choosing a language


_LANGUAGE_NAMES = ("lang", "language")
_TYPE_MODULE = PACKAGE / "data" / "bilingual.py"
_NAMES_HELPER = PACKAGE / "data" / "models.py"  # Dataset.names: the one name map
_SECTIONS = ("regions", "sources", "themes", "indicators", "instruments", "target_groups", "populations", "glossary")


def _mentions_language(node: ast.AST) -> bool:
    return any((isinstance(n, ast.Name) and n.id in _LANGUAGE_NAMES)
               or (isinstance(n, ast.Attribute) and n.attr in _LANGUAGE_NAMES) for n in ast.walk(node))


def _pair_name(node: ast.AST) -> bool:
    """An attribute, key or column of one language: x.zh, x.name_en, row["title_zh"]."""
    if isinstance(node, ast.Attribute):
        return node.attr in LANGS or node.attr.endswith(tuple(f"_{lang}" for lang in LANGS))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.endswith(tuple(f"_{lang}" for lang in LANGS))
    return False


def language_problems(source: str, name: str = "<code>") -> list[str]:
    """Where code builds a name from a language code or chooses between a pair by hand."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.JoinedStr):  # f"…_{lang}": a field or column name built from a language
            for before, value in zip(node.values, node.values[1:], strict=False):
                if (isinstance(before, ast.Constant) and str(before.value).endswith("_")
                        and isinstance(value, ast.FormattedValue) and _mentions_language(value.value)):
                    problems.append(f"{where}: f-string appends _{{{ast.unparse(value.value)}}} to build a name")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "pick":
                problems.append(f"{where}: pick(…): use value.text(lang)")
            elif node.func.id == "getattr" and len(node.args) >= 2 and (
                    _mentions_language(node.args[1]) and not isinstance(node.args[1], ast.Call)):
                problems.append(f"{where}: getattr(…) with a language: use value.text(lang)")
        elif isinstance(node, ast.IfExp) and _mentions_language(node.test):
            if any(_pair_name(n) for branch in (node.body, node.orelse) for n in ast.walk(branch)):
                problems.append(f"{where}: a zh/en choice between two data fields: use value.text(lang)")
        elif isinstance(node, ast.DictComp) and name != str(_NAMES_HELPER):
            # {r.id: r.short.text(lang) for r in dataset.regions}: a name map of a section, built by hand
            section = node.generators[0].iter
            if (isinstance(section, ast.Attribute) and section.attr in _SECTIONS
                    and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute)
                    and node.value.func.attr == "text"):
                problems.append(f"{where}: a name map built by hand: use dataset.names(section, lang, field)")
    return problems


def _package_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p != _TYPE_MODULE)


@pytest.mark.parametrize("path", _package_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_code_outside_the_type_builds_a_name_from_a_language(path: Path):
    assert language_problems(path.read_text(encoding="utf-8"), str(path)) == []


@pytest.mark.parametrize("code", [
    'x = row[f"title_{lang}"]',
    'x = getattr(region, f"short_{view.lang}")',
    'x = getattr(theme, lang)',
    'x = pick(region, "short", lang)',
    'x = f"{field}_{language}"',
    'x = region.name_zh if lang == "zh" else region.name_en',
    'x = theme.zh if view.lang == "zh" else theme.en',
    'x = row["texts_en" if lang == "zh" else "texts_zh"]',
    'names = {r.id: r.short.text(lang) for r in dataset.regions}',
])
def test_the_scan_finds_each_old_way(code: str):
    assert language_problems(code)


@pytest.mark.parametrize("code", [
    'x = "：" if lang == "zh" else ": "',  # interface text: the catalogs' business
    'x = t(f"bench_vocab_{vocabulary}", lang)',
    'x = row[Bilingual.column("title", lang)]',
    'x = getattr(m, Bilingual.column("title", lang))',  # a frame row read by itertuples
    'x = region.short.text(lang)',
    'x = {lang: region.short.text(lang) for lang in LANGS}',  # not a name map: one value in each language
])
def test_the_scan_leaves_the_one_way_alone(code: str):
    assert language_problems(code) == []


def test_no_code_chooses_by_comparing_the_language_outside_the_type():
    """Text comes from a value or a catalog, and a width or a size that differs by language from a {zh:…, en:…}
    table: nothing else asks `lang == "zh"`."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "bilingual.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and "lang" in node.left.id
                    and any(isinstance(c, ast.Constant) and c.value in LANGS for c in node.comparators)):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []
