"""The fast block-style reader: for any text, either None or exactly what the PyYAML reading code builds from it
without a problem; and a file read fast reports the same problems, at the same lines, as one read slowly."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from dashboard import block_yaml
from dashboard.loader import load_dataset
from dashboard.reading import Builder, YamlLoader

from .conftest import FIXTURES, ROOT

DATA = ROOT / "data" / "measures.yaml"
ALL_FILES = [DATA, *sorted(FIXTURES.glob("*.yaml")), *sorted((FIXTURES / "invalid").glob("*.yaml"))]


def _strict(a: Any, b: Any) -> bool:
    """Equal, with equal types all the way down (True is not 1, 1 is not 1.0) and keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_strict(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_strict(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _slow(text: str) -> Any:
    """What the PyYAML reading code builds, or a string saying why it builds nothing clean."""
    try:
        node = yaml.compose(text, Loader=YamlLoader)
    except yaml.YAMLError:
        return "error"
    if node is None:
        return "empty"
    builder = Builder("f")
    value = builder.build(node)
    return "problems" if builder.problems or builder.markers else value


def _agrees(text: str) -> bool:
    fast = block_yaml.read(text)
    return fast is None or _strict(fast, _slow(text))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_dataset_file_reads_as_pyyaml_reads_it(path: Path):
    assert _agrees(path.read_text(encoding="utf-8"))


def test_the_dataset_and_the_fixtures_take_the_fast_way():
    """Otherwise the tests above would pass with a reader that always says None."""
    fast = [p.name for p in ALL_FILES if block_yaml.read(p.read_text(encoding="utf-8")) is not None]
    assert DATA.name in fast and "minimal.yaml" in fast
    assert len(fast) >= len(ALL_FILES) - 5  # only the files with a YAML-level problem go the slow way
    assert block_yaml.read(DATA.read_text(encoding="utf-8")) == yaml.safe_load(DATA.read_text(encoding="utf-8"))


READ_FAST = {
    "double-quoted escapes": 'a: "x\\ty\\n\\"q\\" \\\\ \\u4e2d \\x41 \\/ \\U0001F600"\n',
    "single-quoted": "a: 'it''s # not a comment'\n",
    "comments": "# head\na: 1 # one\n  # indented comment\nb: 'x'  # two\nc:   # nothing\n",
    "flow lists": 'a: [1, two, "thr,ee", \'fo]ur\', 2.5, null, true]\nb: []\nc: [ x ,y ]\n',
    "nulls and empties": "a:\nb: ~\nc: null\nd: ''\ne: \"\"\n",
    "numbers and words": "a: -5\nb: 1_000\nc: 0x1F\nd: 017\ne: 1e5\nf: .5\ng: 2023-01-01\nh: 12:30\n",
    "plain oddities": "a: C# and F#\nb: http://x.org/a:b\nc: a - b\nd: -x\ne: ?y\nf: :z\ng: trailing   \n",
    "indentless and indented lists": "a:\n- x\n- k: 1\n  l:\n  - 2\nb:\n    - 3\n    -   m: 4\n        n: 5\n",
    "deep nesting": "a:\n  b:\n    c:\n    - d:\n        e: [1]\n",
    "chinese text": "title: 《科技情报参考》：区域“科创”举措\nnote: 近 5 万人，约 1.2 亿元\n",
    "no final newline": "a: 1\nb: [x]",
    "key of 1024 characters": "x: 1\n" + "k" * 1024 + ": 2\n",
    "escapes at the edges of unicode": 'a: "\\ud7ff\\ue000\\U0010ffff"\n',
}


@pytest.mark.parametrize("text", READ_FAST.values(), ids=READ_FAST.keys())
def test_what_the_fast_reader_reads_is_what_pyyaml_reads(text: str):
    fast = block_yaml.read(text)
    assert fast is not None
    assert _strict(fast, _slow(text))


LEFT_TO_PYYAML = {
    "anchor and alias": "a: &x 1\nb: *x\n",
    "tag": "a: !!str 5\n",
    "block scalar": "a: |\n  line\n",
    "folded scalar": "a: >-\n  line\n",
    "multi-line plain": "a: one\n  two\n",
    "multi-line quoted": 'a: "one\n  two"\n',
    "flow mapping": "a: {b: 1}\n",
    "nested flow": "a: [[1], 2]\n",
    "multi-line flow": "a: [1,\n  2]\n",
    "tab": "a:\t1\n",
    "carriage return": "a: 1\r\nb: 2\r\n",
    "line separator": "a: x\u2028y\n",
    "document marker": "---\na: 1\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "value on the lines below a dash": "a:\n-\n  b: 1\n",
    "list in a list": "a:\n- - 1\n",
    "duplicate key": "a: 1\na: 2\n",
    "yaml 1.1 boolean": "a: yes\n",
    "value to decide": "a: 'TODO: who'\n",
    "unknown escape": 'a: "\\q"\n',
    "key with a space": "a b: 1\n",
    "quoted key": '"a": 1\n',
    "colon space in plain": "a: b: c\n",
    "comment glued to a quote": "a: 'x'# c\n",
    "stray deeper line": "a: 1\n  b: 2\n",
    "less indented key": "a:\n    b: 1\n  c: 2\n",
    "root list": "- a\n",
    "empty": "",
    "trailing comma": "a: [1, 2,]\n",
    "control character": "a: x\x07y\n",
    "byte order mark": "\ufeffa: 1\n",
    "escaped surrogate": 'a: "\\ud800"\n',
    "escaped surrogate in a flow list": 'a: ["\\U0000dfff"]\n',
    "escape beyond unicode": 'a: "\\U00110000"\n',
    "escape far beyond unicode": 'a:\n- x: "\\Uffffffff"\n',
    "key longer than 1024 characters": "x: 1\n" + "k" * 1025 + ": 2\n",
    "key longer than 1024 characters after a dash": "a:\n- " + "k" * 1025 + ": 1\n",
}


@pytest.mark.parametrize("text", LEFT_TO_PYYAML.values(), ids=LEFT_TO_PYYAML.keys())
def test_anything_else_is_left_to_pyyaml(text: str):
    assert block_yaml.read(text) is None


def test_a_list_item_on_its_own_reads_as_one_entry():
    text = "  - id: x\n    themes: [a, b]\n    figures:\n    - v: 1\n"
    assert block_yaml.read_list(text) == [{"id": "x", "themes": ["a", "b"], "figures": [{"v": 1}]}]
    assert block_yaml.read_list("a: 1\n") is None
    assert block_yaml.read("  - id: x\n") is None


_NOISE = [" ", "  ", "-", "- ", ":", ": ", "#", " #", "'", '"', "[", "]", "{", ",", "&", "*", "!", "|", ">", "?",
          "%", "\\", "\t", "\n", "\n  ", "yes", "~", "0", "1.5", "TODO:", "\u2028", "---"]


def _mutate(lines: list[str], rng: random.Random) -> str:
    lines = list(lines)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(lines))
        line = lines[at]
        action = rng.randrange(6)
        if action == 0 and line:  # a character dropped
            cut = rng.randrange(len(line))
            lines[at] = line[:cut] + line[cut + 1 :]
        elif action == 1:  # a piece of YAML syntax put in
            cut = rng.randint(0, len(line))
            lines[at] = line[:cut] + rng.choice(_NOISE) + line[cut:]
        elif action == 2:  # indentation changed
            lines[at] = " " * rng.randint(0, 8) + line.lstrip(" ")
        elif action == 3:  # a line repeated
            lines.insert(at, line)
        elif action == 4:  # a line dropped
            del lines[at]
        else:  # two lines swapped
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        if not lines:
            lines = [""]
    return "\n".join(lines)


def test_mutated_files_read_as_pyyaml_reads_them_or_not_at_all():
    """3,000 seeded random edits of the dataset's first regions and of a fixture: never a different reading."""
    rng = random.Random(20261128)
    bases = [DATA.read_text(encoding="utf-8").splitlines()[:400],
             (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").splitlines()]
    read_fast = 0
    for _ in range(3000):
        text = _mutate(rng.choice(bases), rng)
        fast = block_yaml.read(text)
        if fast is not None:
            read_fast += 1
            assert _strict(fast, _slow(text)), text
    assert read_fast > 300  # the fuzz reaches the fast reader, not only its refusals


def test_a_file_read_fast_reports_what_a_file_read_slowly_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The positions of a file read fast are found again when a problem asks: same messages, same lines."""
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(FIXTURES / "sources", tmp_path / "sources")
    checked = 0
    for path in sorted((FIXTURES / "invalid").glob("*.yaml")):
        if block_yaml.read(path.read_text(encoding="utf-8")) is None:
            continue
        fast = [str(p) for p in load_dataset(path).problems]
        with monkeypatch.context() as slow_only:
            slow_only.setattr(block_yaml, "read", lambda text: None)
            slow = [str(p) for p in load_dataset(path).problems]
        assert fast == slow and fast, path.name
        checked += 1
    assert checked >= 30
