"""Interface text lives in the two catalogs, dashboard/i18n/zh.toml and en.toml, and only there: both hold the same
keys in the same order with the same {placeholders}, every key is used by the code, and no Python file of the app
holds Chinese text or an English sentence meant for people (string constants, read with ast: docstrings and
comments are free). Each check is also run on a planted mistake, so it is known to fail when it should."""

from __future__ import annotations

import ast
import re
import string
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.analysis import comparison
from dashboard.data import vocab
from dashboard.export import tables

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dashboard"
CODE = [*sorted(PACKAGE.rglob("*.py")), ROOT / "streamlit_app.py"]
# the packages that draw the interface: no English sentence of theirs may bypass the catalogs
INTERFACE = [p for p in CODE if p.relative_to(ROOT).parts[:2] in {
    ("dashboard", "ui"), ("dashboard", "views"), ("dashboard", "charts"), ("dashboard", "export"),
    ("dashboard", "analysis")}]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

# Chinese in Python that is not interface text: it reads Chinese source text. A whole file, or one string of it.
CHINESE_ALLOWED: dict[str, set[str] | None] = {
    "dashboard/data/numbers.py": None,  # reads numbers as printed in the sources: 万, 亿, 近, 余, 预计, measure words
    "dashboard/curation/draft.py": None,  # drafts YAML from a source: sentence ends, item markers, theme keywords
    "dashboard/data/loader.py": {" because its clause says 预计"},  # the validator's English quotes the source's word
    "dashboard/charts/style.py": {"与和及"},  # the conjunctions a long Chinese name is broken after, on a chart
}
# English in interface code that is not for people who use the app: (file, top-level name or "*" for the file)
ENGLISH_ALLOWED = {
    ("dashboard/export/images.py", "*"),  # no browser for chart images: a message for the operator (the CLI prints it)
    ("dashboard/analysis/home_input.py", "_MESSAGES"),  # patterns of the validator's English messages, read, not shown
    ("dashboard/charts/style.py", "FONT_FAMILY"),  # font names
    ("dashboard/export/docx.py", "EA_FONT"),  # a font name
    ("dashboard/export/docx.py", "_table"),  # Word's own table style name, 'Light Grid Accent 1'
}
# keys not looked up in the code: plotly.js's own English messages, which the catalogs translate
KEYS_NOT_IN_CODE = ("plotly.dictionary.",)


def _catalog(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


CATALOGS = {lang: _catalog(PACKAGE / "i18n" / f"{lang}.toml") for lang in i18n.LANGS}


# ---------------------------------------------------------------- reading catalogs and code


def entries(table: dict, prefix: str = "") -> Iterator[tuple[str, object]]:
    """(dotted key, value) of every entry of a catalog, in file order; a list is one entry."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from entries(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def placeholders(value: object) -> set[str]:
    """The {fields} of a text (or of each text of a list); `{n:one|many}` is the field n."""
    texts = value if isinstance(value, list) else [value]
    return {field.split(".")[0].split("[")[0] for text in texts if isinstance(text, str)
            for _, field, _, _ in string.Formatter().parse(text) if field}


def mismatches(one: dict, other: dict) -> list[str]:
    """What differs between two catalogs: their keys (in order), and the placeholders of each key."""
    keys, other_keys = [k for k, _ in entries(one)], [k for k, _ in entries(other)]
    if keys != other_keys:
        return [f"only in one: {k}" for k in sorted(set(keys) ^ set(other_keys))] or ["the keys' order differs"]
    other_values = dict(entries(other))
    return [f"{key}: {sorted(placeholders(value))} vs {sorted(placeholders(other_values[key]))}"
            for key, value in entries(one) if placeholders(value) != placeholders(other_values[key])]


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}


def _patterns(tree: ast.AST) -> set[int]:
    """The regular expressions given to re.*: patterns that read text, not text shown."""
    return {id(node.args[0]) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"}


def strings(path: Path) -> Iterator[tuple[str, int, str]]:
    """(top-level name, line, text) of each string constant of a file (f-string pieces too), except docstrings and
    regular expressions; the name is that of the top-level function, class or assignment holding it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _patterns(tree)
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = statement.name
        elif isinstance(statement, ast.Assign | ast.AnnAssign) and isinstance(
                target := statement.targets[0] if isinstance(statement, ast.Assign) else statement.target, ast.Name):
            name = target.id
        else:
            name = ""
        for node in ast.walk(statement):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                yield name, node.lineno, node.value


def chinese_strings(path: Path, shown: str) -> list[str]:
    allowed = CHINESE_ALLOWED.get(shown, set())
    if allowed is None:
        return []
    return [f"{shown}:{line}: {text!r}" for _, line, text in strings(path) if CJK.search(text) and text not in allowed]


WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?[,.;:!?]?")


def is_sentence(text: str) -> bool:
    """Three words of letters in a row ('Reset the filters'); not code: identifiers (scope_zh), paths, formats;
    a block of markup, style or script (several lines with < or {) is not a sentence either."""
    if "\n" in text.strip() and re.search(r"[<{]", text):
        return False
    run = 0
    for token in text.split():
        run = run + 1 if WORD.fullmatch(token) else 0
        if run >= 3:
            return True
    return False


def english_sentences(path: Path, shown: str) -> list[str]:
    if (shown, "*") in ENGLISH_ALLOWED:
        return []
    return [f"{shown}:{line}: {text!r}" for name, line, text in strings(path)
            if is_sentence(text) and (shown, name) not in ENGLISH_ALLOWED]


def _pieces(node: ast.expr) -> list[ast.expr]:
    """The pieces of a name built in code: f"bench_verdict_{v}", or "matrix_row_header_" + rows_by."""
    if isinstance(node, ast.JoinedStr):
        return [v.value if isinstance(v, ast.FormattedValue) else v for v in node.values]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _pieces(node.left) + _pieces(node.right)
    return [node]


def code_strings() -> tuple[set[str], list[re.Pattern[str]]]:
    """Every string constant of the app's code, and each name it builds as a pattern: f"bench_verdict_{v}" matches
    bench_verdict_ and a code after it."""
    constants: set[str] = set()
    patterns = []
    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr | ast.BinOp) and len(pieces := _pieces(node)) > 1 and any(
                    isinstance(p, ast.Constant) and isinstance(p.value, str) for p in pieces):
                patterns.append(re.compile("".join(re.escape(p.value) if isinstance(p, ast.Constant) else
                                                   "([a-z0-9_]*)" for p in pieces)))
    return constants, patterns


def unused(keys: list[str], constants: set[str], patterns: list[re.Pattern[str]]) -> list[str]:
    """The keys the code never names: not a string of it, nor an f-string's name built with a code (a string of
    the code or of a vocabulary, or a plural code made singular: 'instruments' → 'instrument')."""
    codes = {c for c in constants if re.fullmatch(r"[a-z0-9_]+", c)}
    codes |= {c.removesuffix("s") for c in codes} | {str(c) for c in (
        *vocab.STATUSES, *vocab.KINDS, *vocab.LEVELS, *vocab.SCOPES, *vocab.TIME_BASES, *vocab.STEPS,
        *vocab.LEFT_OUT_REASONS, *vocab.UNITS, *vocab.QUALIFIERS, *comparison.REASONS)}

    def used(key: str) -> bool:
        return key in constants or any((m := p.fullmatch(key)) and set(m.groups()) <= codes for p in patterns)

    return [key for key in keys if not used(key)]


# ---------------------------------------------------------------- the checks


def test_both_catalogs_have_the_same_keys_in_the_same_order_with_the_same_placeholders():
    assert mismatches(CATALOGS["zh"], CATALOGS["en"]) == []


def test_every_text_of_the_catalogs_fills_in():
    """A malformed field ('{n', '{n:one}', a plural without two words) fails here, not on a page."""
    for lang, catalog in CATALOGS.items():
        for key, value in entries(catalog):
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    fields = placeholders(text)
                    assert "{" not in i18n._LABELS.format(text, **dict.fromkeys(fields, 2)) or not fields, (lang, key)
                    specs = [spec for _, field, spec, _ in string.Formatter().parse(text) if field and spec]
                    assert all(len([w for w in s.split("|") if w]) == 2 for s in specs if "|" in s), (lang, key)


def test_the_module_reads_the_catalogs():
    assert i18n.CATALOGS == CATALOGS
    assert i18n.LABELS["zh"] is i18n.CATALOGS["zh"]["labels"]


def test_every_key_is_used_by_the_code():
    constants, patterns = code_strings()
    keys = [key for key, _ in entries(CATALOGS["zh"]) if not key.startswith(KEYS_NOT_IN_CODE)
            and key.split(".")[0] not in KEYED_BY_CODES]
    assert unused([key.rsplit(".", 1)[-1] for key in keys], constants, patterns) == []


EXPORT_COLUMNS = tables.MEASURE_EXPORT_COLUMNS + tables.FIGURE_EXPORT_COLUMNS
# tables keyed by a vocabulary's codes or the export's columns, not by names in the code: each names exactly those
KEYED_BY_CODES = {
    "status": vocab.STATUSES, "kind": vocab.KINDS, "level": vocab.LEVELS, "scope": vocab.SCOPES,
    "basis": vocab.TIME_BASES, "left_out_reason": vocab.LEFT_OUT_REASONS, "unit": vocab.UNITS,
    "qualifier": vocab.QUALIFIERS, "qualifier_mark": vocab.QUALIFIERS, "reason": comparison.REASONS,
    "value": (*(u for u in vocab.UNITS if u != "places"), "places_up", "places_down"),
    "column_title": EXPORT_COLUMNS, "column_doc": EXPORT_COLUMNS,
}


@pytest.mark.parametrize("table", ["reason", "column_title", "column_doc"])  # the rest: tests/test_vocab.py
def test_tables_keyed_by_codes_name_exactly_those(table):
    assert set(CATALOGS["zh"][table]) == set(KEYED_BY_CODES[table])


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_chinese_text_in_python(path: Path):
    assert chinese_strings(path, str(path.relative_to(ROOT))) == []


@pytest.mark.parametrize("path", INTERFACE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_english_sentence_in_interface_code(path: Path):
    assert english_sentences(path, str(path.relative_to(ROOT))) == []


# ---------------------------------------------------------------- the checks fail when they should


def test_a_key_missing_from_one_catalog_or_with_other_placeholders_is_found():
    zh = {"labels": {"a": "{n} 项", "b": "共 {n} 个"}, "unit": {"yuan": "元"}}
    en = {"labels": {"a": "{n} {n:item|items}", "b": "{count} in all"}, "unit": {}}
    assert mismatches(zh, en) == ["only in one: unit.yuan"]
    en["unit"]["yuan"] = "yuan"
    assert mismatches(zh, en) == ["labels.b: ['n'] vs ['count']"]
    assert mismatches({"labels": {"a": "", "b": ""}}, {"labels": {"b": "", "a": ""}}) == ["the keys' order differs"]


def test_an_unused_key_is_found():
    constants = {"page_overview", "leads", "instruments"}
    patterns = [re.compile(r"bench_verdict_([a-z0-9_]*)"), re.compile(r"sbs_rows_([a-z0-9_]*)")]
    assert unused(["page_overview", "bench_verdict_leads", "bench_verdict_nothing", "sbs_rows_instrument",
                   "sbs_rows_theme", "old_label"], constants, patterns) == [
        "bench_verdict_nothing", "sbs_rows_theme", "old_label"]


def test_chinese_and_english_planted_in_code_are_found(tmp_path: Path):
    planted = tmp_path / "planted.py"
    planted.write_text('"""文档字符串可以写中文 and English sentences."""\nimport re\n\n'
                       'TITLE = "区域看板"  # 注释也可以\nSPLIT = re.compile("[、，]")\n\n\n'
                       'def label(lang):\n    """Docstrings are free."""\n'
                       '    return f"{lang}: Reset all the filters" if lang else "scope_zh and scope_en"\n')
    assert chinese_strings(planted, "dashboard/views/planted.py") == ["dashboard/views/planted.py:4: '区域看板'"]
    assert chinese_strings(planted, "dashboard/data/numbers.py") == []  # a reader of Chinese sources
    assert english_sentences(planted, "dashboard/views/planted.py") == [
        "dashboard/views/planted.py:10: ': Reset all the filters'"]
