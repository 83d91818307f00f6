"""The loader/validator: one invalid fixture per rule, every problem at the right line, and never a crash.

Each fixture in tests/fixtures/invalid/ is a copy of tests/fixtures/minimal.yaml with one defect, whose
line carries the comment `# DEFECT` (in multiple_defects.yaml: `# DEFECT(n)`). The expected line is read
from that marker, so the fixtures can be edited without renumbering the table below.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dashboard.curation.validate import main
from dashboard.data import reading
from dashboard.data.loader import DEFAULT_DATASET, LoadResult, Problem, load_dataset, summary_line

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
MINIMAL = FIXTURES / "minimal.yaml"
PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<path>\S+): (?P<message>.+)$")


def marker_line(path: Path, marker: str = "# DEFECT") -> int:
    """The 1-based number of the one line that carries `marker` as a trailing comment."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.endswith(marker)]
    assert len(lines) == 1, f"{path.name}: expected exactly one line ending in {marker!r}, found {lines}"
    return lines[0]


def minimal_copy(tmp_path: Path, name: str, old: str = "", new: str = "") -> Path:
    """minimal.yaml with `old` replaced by `new`, written to tmp_path next to a link to the real sources/."""
    text = MINIMAL.read_text(encoding="utf-8")
    if not (tmp_path / "sources").exists():
        (tmp_path / "sources").symlink_to(DEFAULT_DATASET.parent / "sources", target_is_directory=True)
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def describe(result: LoadResult) -> str:
    return "\n".join(map(str, result.problems)) or "(no problems)"


# fixture, what the message must contain
CASES = [
    ("yaml_syntax", "YAML syntax error: mapping values are not allowed"),
    ("duplicate_key", "duplicate key 'value' (first defined on line"),
    ("yaml11_bool", "'NO' is read as a YAML 1.1 boolean"),
    ("unknown_key", "unknown key 'colour'"),
    ("missing_field", "missing field 'kind'"),
    ("wrong_type", "Input should be a valid number"),
    ("unknown_theme", "unknown theme 'talnet'"),
    ("unknown_indicator", "unknown indicator 'rd_staff'"),
    ("unknown_unit", "unknown unit 'persons'"),
    ("unknown_qualifier", "unknown qualifier 'roughly'"),
    ("duplicate_region_id", "duplicate region id 'mianyang'"),
    ("duplicate_measure_id", "duplicate measure id 'mianyang-talent-fund'"),
    ("quote_not_in_source", "quote not found verbatim in source 'digest'"),
    ("as_printed_not_in_quote", "as_printed '3.79 万名' is not in the figure's quote"),
    ("value_mismatch", "value 3790 does not match as_printed '3.79 万人' (reads 37900)"),
    ("qualifier_mismatch", "qualifier 'exact' does not match as_printed '近80名' (reads 'approx')"),
    ("unit_mismatch", "unit 'count' does not match indicator 'dedicated_fund' unit 'yuan'"),
    ("source_missing", "source file not found: sources/no_such_source.txt"),
    ("source_outside_sources", "source file must be inside sources/ next to the dataset"),
    ("empty", "the dataset file is empty"),
    ("repeated_indicator_unlabelled", "'rd_personnel' is reported 2 times in this region: give each figure label_zh and label_en"),
    ("unknown_scope", "unknown scope 'city'"),
    ("scope_undescribed", "scope 'programme' needs scope_zh and scope_en"),
    ("point_given_as_span", "period '2023-01..2023-10' does not fit time basis 'point'"),
    ("kind_basis_mismatch", "a 'stock' figure cannot have time basis 'span'"),
    ("step_without_partner", "'before' figure of 'dedicated_fund' has no 'after' partner"),
    ("ambiguous_without_note", "an ambiguous figure (alt_value) needs note_zh and note_en"),
    ("wider_area_key", "a figure about a wider area is context"),
    ("name_number_charted", "'科创十条' reads as a name, not a count"),
    ("forecast_clause_exact", "because its clause says 预计"),
    ("left_out_not_in_source", "quote not found verbatim in the source: 科创二十条"),
    # instruments and target groups: closed per dataset, one or more on every measure, each entry in use
    ("unknown_instrument", "unknown instrument 'grnats'"),
    ("unknown_target_group", "unknown target group 'reserchers'"),
    ("empty_instruments", "'instruments' is empty; list at least one entry"),
    ("missing_target_groups", "missing field 'target_groups'"),
    ("instrument_listed_twice", "instrument 'grants' is listed twice"),
    ("duplicate_instrument_id", "duplicate instrument id 'grants' (first at instruments[0])"),
    ("duplicate_target_group_id", "duplicate target group id 'researchers' (first at target_groups[0])"),
    ("unused_instrument", "instrument 'loans_credit' tags no measure; use it or remove it"),
    ("unused_target_group", "target group 'farmers_rural' tags no measure; use it or remove it"),
]


def test_every_invalid_fixture_is_in_the_table():
    on_disk = {p.stem for p in INVALID.glob("*.yaml")} - {"multiple_defects"}
    assert on_disk == {name for name, _ in CASES}


@pytest.mark.parametrize(("name", "fragment"), CASES, ids=[name for name, _ in CASES])
def test_invalid_fixture_reports_its_defect_on_its_line(name: str, fragment: str):
    path = INVALID / f"{name}.yaml"
    expected_line = 1 if name == "empty" else marker_line(path)

    result = load_dataset(path)

    assert not result.ok
    assert result.dataset is None
    hits = [p for p in result.problems if fragment in p.message]
    assert hits, f"no problem mentions {fragment!r}:\n{describe(result)}"
    assert [p.line for p in hits] == [expected_line] * len(hits), describe(result)
    # One defect, so nothing is reported anywhere else in the file.
    assert {p.line for p in result.problems} == {expected_line}, describe(result)
    assert all(p.file == str(path) and p.col >= 1 for p in result.problems)


MULTI_DEFECTS = {
    1: "unknown theme 'talnet'",
    2: "value 1e+08 does not match as_printed '10 亿元'",
    3: "unknown key 'colour'",
    4: "'NO' is read as a YAML 1.1 boolean",
    5: "unknown indicator 'rd_staff'",
    6: "as_printed '3.79 万名' is not in the figure's quote",
}


def test_multiple_defects_are_all_reported_in_one_run():
    path = INVALID / "multiple_defects.yaml"
    expected = {(marker_line(path, f"# DEFECT({n})"), fragment) for n, fragment in MULTI_DEFECTS.items()}
    assert len({line for line, _ in expected}) == len(MULTI_DEFECTS), "each defect on its own line"

    result = load_dataset(path)

    assert not result.ok
    for line, fragment in sorted(expected):
        assert any(p.line == line and fragment in p.message for p in result.problems), (
            f"line {line}: {fragment!r} not reported:\n{describe(result)}"
        )
    assert len(result.problems) == len(MULTI_DEFECTS), describe(result)
    assert result.problems == sorted(result.problems, key=lambda p: (p.line, p.col, p.message))


# ---------------------------------------------------------------- CLI


def test_cli_lists_every_problem_as_file_line_col(capsys: pytest.CaptureFixture[str]):
    path = INVALID / "multiple_defects.yaml"

    assert main([str(path)]) == 1

    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == len(MULTI_DEFECTS)
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, line
        assert match["file"] == str(path)
    reported = {int(PROBLEM_LINE.match(line)["line"]) for line in lines}
    assert reported == {marker_line(path, f"# DEFECT({n})") for n in MULTI_DEFECTS}
    assert f"{len(MULTI_DEFECTS)} problem(s) in {path}" in err


@pytest.mark.parametrize("name", [name for name, _ in CASES])
def test_cli_fails_on_each_invalid_fixture(name: str, capsys: pytest.CaptureFixture[str]):
    path = INVALID / f"{name}.yaml"
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert out and all(PROBLEM_LINE.match(line) for line in out.splitlines()), out


def test_cli_passes_on_minimal_fixture(capsys: pytest.CaptureFixture[str]):
    assert main([str(MINIMAL)]) == 0
    out = capsys.readouterr().out
    assert out == (f"OK {MINIMAL}: 1 regions, 1 measures, 2 figures, 2 themes, 1 instruments, 1 target groups, "
                   "2 indicators\n")


def test_cli_passes_on_the_real_dataset_by_default(capsys: pytest.CaptureFixture[str]):
    assert main([]) == 0
    out = capsys.readouterr().out.strip()
    dataset = load_dataset(DEFAULT_DATASET).dataset
    assert dataset is not None
    assert out == f"OK {DEFAULT_DATASET}: {summary_line(dataset)}"
    assert re.fullmatch(r"OK .+: 6 regions, \d+ measures, \d+ figures, \d+ themes, \d+ instruments, \d+ target groups, "
                        r"\d+ indicators", out)


# ---------------------------------------------------------------- YAML reading


def test_libyaml_loader_is_used_when_available():
    if hasattr(yaml, "CSafeLoader"):
        assert issubclass(reading.YamlLoader, yaml.CSafeLoader)
    else:  # pragma: no cover
        assert issubclass(reading.YamlLoader, yaml.SafeLoader)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_breaks_of_any_kind_give_the_same_lines(newline: str, tmp_path: Path):
    path = minimal_copy(tmp_path, "crlf.yaml", 'period: "2023"', "period: \"x\"  # DEFECT")
    line = marker_line(path)
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", newline).encode())
    assert [(p.line, p.path) for p in load_dataset(path).problems] == [(line, "regions[0].period")]


def test_invalid_utf8_is_reported_not_raised(tmp_path: Path):
    path = tmp_path / "measures.yaml"
    path.write_bytes(b"a: \xff\n")
    [problem] = load_dataset(path).problems
    assert "the dataset file is not UTF-8 text: byte 0xff" in problem.message and problem.file == str(path)
    assert (problem.line, problem.col) == (1, 4)


def test_timestamps_and_other_yaml11_scalars_stay_as_written(tmp_path: Path):
    # An unquoted date would be a datetime.date with a plain SafeLoader.
    path = minimal_copy(tmp_path, "ts.yaml", 'period: "2023"', "period: 2023-01-31")
    raw = reading.read_yaml(path.read_text(encoding="utf-8"), "ts.yaml").value
    assert raw["regions"][0]["period"] == "2023-01-31"

    result = load_dataset(path)
    assert not result.ok
    assert [p.path for p in result.problems] == ["regions[0].period"]
    assert "should match pattern" in result.problems[0].message  # a str, not a date, reached the schema


def test_builder_reads_scalars_without_yaml11_surprises():
    text = "a: 2023-10-01\nb: 2001-12-14t21:59:43.10-05:00\nc: 1_000\nd: 0x10\ne: 1.5e+3\nf: ~\ng: true\nh: 'no'\n"
    read = reading.read_yaml(text + "y: y\nn: n\n", "x")
    assert read.value == {
        "a": "2023-10-01", "b": "2001-12-14t21:59:43.10-05:00", "c": 1000, "d": 16, "e": 1500.0,
        "f": None, "g": True, "h": "no", "y": "y", "n": "n",
    }
    assert read.problems == []


@pytest.mark.parametrize("word", ["NO", "no", "Yes", "yes", "on", "On", "OFF", "off"])
def test_yaml11_booleans_are_reported_once_and_kept_as_text(word: str):
    read = reading.read_yaml(f"unit: {word}\n", "x")
    assert read.value == {"unit": word}
    assert [(p.line, p.col, p.path) for p in read.problems] == [(1, 7, "unit")]


def test_yaml11_boolean_in_place_of_a_unit_is_reported_once(tmp_path: Path):
    figure_unit = '            unit: "people"\n            as_printed'
    path = minimal_copy(tmp_path, "unit_on.yaml", figure_unit, figure_unit.replace('"people"', "on  # DEFECT"))
    result = load_dataset(path)
    assert [(p.line, p.message) for p in result.problems] == [
        (marker_line(path), "'on' is read as a YAML 1.1 boolean; quote it (\"on\") if a code was meant")
    ]


def test_display_name_replaces_the_path_in_problems():
    result = load_dataset(INVALID / "unknown_theme.yaml", display_name="measures.yaml")
    assert [p.file for p in result.problems] == ["measures.yaml"]
    assert str(result.problems[0]).startswith(f"measures.yaml:{marker_line(INVALID / 'unknown_theme.yaml')}:")


def test_problem_str_format():
    assert str(Problem("f.yaml", 3, 5, "regions[0].id", "bad")) == "f.yaml:3:5: regions[0].id: bad"
    assert str(Problem("f.yaml", 1, 1, "", "empty")) == "f.yaml:1:1: (root): empty"


# ---------------------------------------------------------------- never raises


GARBAGE: dict[str, bytes] = {
    "binary": bytes(range(256)) * 8,
    "utf16": "schema_version: 1\n".encode("utf-16"),
    "control_chars": b"schema_version: \x01\x02\n",
    "yaml_list": b"- schema_version: 1\n- regions: []\n",
    "yaml_scalar": b"just some words\n",
    "only_comments": b"# nothing here\n",
    "whitespace": b"  \n\n\t\n",
    "multi_document": b"schema_version: 1\n---\nschema_version: 1\n",
    "unclosed_flow": b"regions: [\n",
    "tab_indent": b"regions:\n\t- id: x\n",
    "recursive_alias": b"&a [*a]\n",
    "recursive_map_alias": b"&a {regions: *a}\n",
    "alias_bomb": b"a: &a [x, x, x, x, x, x, x, x]\n"
    + b"".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 8)}]\n".encode() for p, c in zip("abcd", "bcde", strict=True)),
    "deep_nesting": b"[" * 900 + b"]" * 900,
    "deeper_nesting": b"[" * 5000 + b"]" * 5000,
    "complex_keys": b"? [a]\n: 1\n? [a]\n: 2\n? {b: 1}\n: 3\n",
    "null_and_int_keys": b"~: 1\n1: 2\n",
    "unknown_tags": b"!!python/object/apply:os.system [echo hi]\n",
    "non_string_codes": (
        b"schema_version: 1\nsources:\n  - id: [s]\n    file: [f]\nthemes:\n  - code: {a: 1}\n"
        b"indicators:\n  - code: [i]\n    unit: [u]\nglossary:\n  - zh: [z]\n"
        b"regions:\n  - id: [r]\n    source: {s: 1}\n    measures:\n      - id: [m]\n        themes: [[t], {u: 1}]\n"
        b"        quote: [q]\n        figures:\n          - indicator: [i]\n            unit: [u]\n"
        b"            value: [1]\n            as_printed: [2]\n            qualifier: [exact]\n"
    ),
    "wrong_containers": b"schema_version: 1\nsources: 3\nthemes: {a: 1}\nindicators: x\nregions:\n  - measures: 5\n",
    "special_floats": b"regions:\n  - measures:\n      - figures:\n          - value: .nan\n            as_printed: '1'\n"
    b"          - value: .inf\n            as_printed: '1'\n",
    "source_file_is_binary": b"sources:\n  - id: s\n    file: sources/garbage.bin\nregions:\n  - source: s\n"
    b"    measures:\n      - quote: x\n",
    "source_file_nul": b'sources:\n  - id: s\n    file: "a\\0b"\n',
    "source_file_overlong": b"sources:\n  - id: s\n    file: " + b"x" * 5000 + b"\n",
    "source_file_is_a_directory": b"sources:\n  - id: s\n    file: .\n",
}


@pytest.mark.parametrize("name", list(GARBAGE))
def test_load_dataset_never_raises_on_garbage(name: str, tmp_path: Path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "garbage.bin").write_bytes(b"\xff\xfe\x00\x81" * 16)
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(GARBAGE[name])

    result = load_dataset(path)

    assert not result.ok
    assert result.dataset is None
    assert result.problems
    for problem in result.problems:
        assert problem.file == str(path)
        assert problem.line >= 1 and problem.col >= 1
        assert str(problem).startswith(f"{path}:{problem.line}:{problem.col}: "), problem


def test_deep_nesting_is_reported_not_a_recursion_error(tmp_path: Path):
    path = tmp_path / "deep.yaml"
    path.write_bytes(GARBAGE["deep_nesting"])
    assert any("nested more than" in p.message for p in load_dataset(path).problems)


def test_a_yaml_list_is_reported_at_the_root(tmp_path: Path):
    """minimal.yaml as a one-item list instead of a mapping."""
    body = minimal_copy(tmp_path, "body.yaml").read_text(encoding="utf-8").splitlines()[2:]
    path = tmp_path / "listed.yaml"
    path.write_text("- " + "\n  ".join(body) + "\n", encoding="utf-8")
    problems = load_dataset(path).problems
    assert [(p.line, p.col, p.path) for p in problems] == [(1, 1, "")]
    assert "valid dictionary" in problems[0].message


def test_minimal_copy_helper_is_valid(tmp_path: Path):
    assert load_dataset(minimal_copy(tmp_path, "ok.yaml")).ok


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path):
    result = load_dataset(tmp_path / "nope.yaml")
    assert not result.ok
    assert [p.line for p in result.problems] == [1]
    assert "cannot read dataset" in result.problems[0].message


@pytest.mark.parametrize("value", ["1e8", '"100000000"', "100_000_000"])
def test_value_written_as_exponent_or_string_is_still_checked_against_as_printed(value: str, tmp_path: Path):
    """`1e8` is a string to YAML 1.1 but a float to the schema: it must not slip past the as_printed check."""
    path = minimal_copy(tmp_path, "exp.yaml", "value: 1000000000", f"value: {value}  # DEFECT")
    result = load_dataset(path)
    assert [(p.line, p.message) for p in result.problems] == [
        (marker_line(path), "value 1e+08 does not match as_printed '10 亿元' (reads 1e+09)")
    ]


@pytest.mark.parametrize("value", ["1e9", "1.0e+9", '"1000000000"'])
def test_value_written_as_exponent_or_string_passes_when_it_matches(value: str, tmp_path: Path):
    assert load_dataset(minimal_copy(tmp_path, "exp.yaml", "value: 1000000000", f"value: {value}")).ok


def test_alias_of_a_mapping_is_reported(tmp_path: Path):
    path = tmp_path / "alias.yaml"
    path.write_bytes(b"a: &x {b: 1}\nc: *x\n")
    result = load_dataset(path)
    # LibYAML gives an alias the node (and so the position) of its anchor.
    assert [p.path for p in result.problems if "aliases" in p.message] == ["c"]


def test_unreadable_source_file_is_reported_on_its_line(tmp_path: Path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "garbage.bin").write_bytes(b"\xff\xfe\x00\x81")
    path = tmp_path / "source_binary.yaml"
    path.write_bytes(GARBAGE["source_file_is_binary"])
    hits = [p for p in load_dataset(path).problems if p.path == "sources[0].file"]
    assert [(p.line, p.message.split(":")[0]) for p in hits] == [(3, "cannot read source file sources/garbage.bin")]


OUTSIDE = "source file must be inside sources/ next to the dataset"


@pytest.mark.parametrize("file", ["../../etc/passwd", "/etc/passwd", "sources/../ds.yaml", "ds.yaml", "sources",
                                  "sources/link_out.txt"])
def test_source_file_outside_sources_is_refused_on_its_line(file: str, tmp_path: Path):
    """Whatever the path says, the file it resolves to (links followed) must be inside <dataset dir>/sources/."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "link_out.txt").symlink_to("/etc/passwd")
    path = tmp_path / "ds.yaml"
    path.write_text(f'sources:\n  - id: s\n    file: "{file}"\nregions:\n  - source: s\n    measures:\n'
                    f"      - quote: root\n", encoding="utf-8")
    hits = [p for p in load_dataset(path).problems if p.path == "sources[0].file"]
    assert [(p.line, p.message) for p in hits] == [(3, f"{OUTSIDE}: {file}")]
    # nothing was read from the file: its quote is not checked against it
    assert not [p for p in load_dataset(path).problems if "quote not found" in p.message]


def test_source_file_inside_sources_is_read(tmp_path: Path):
    (tmp_path / "sources" / "sub").mkdir(parents=True)
    (tmp_path / "sources" / "sub" / "doc.txt").write_text("a root sentence", encoding="utf-8")
    path = tmp_path / "ds.yaml"
    path.write_text('sources:\n  - id: s\n    file: "sources/sub/../sub/doc.txt"\nregions:\n  - source: s\n'
                    "    measures:\n      - quote: not there\n", encoding="utf-8")
    problems = load_dataset(path).problems
    assert not [p for p in problems if p.path == "sources[0].file"]
    assert [p.path for p in problems if "quote not found" in p.message] == ["regions[0].measures[0].quote"]
