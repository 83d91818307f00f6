"""Dataset text in Chinese and English: one value type, and the one place that names a language's key or column.

A model field holds a `Bilingual` (a text that may run over lines) or a `BilingualLine` (a title, name or label);
`value.text(lang)` is its text in one language. The dataset files and the frames keep one key or column per
language (`title_zh`, `title_en`; a vocabulary entry's bare `zh`, `en`): `Bilingual.column(stem, lang)` names it,
`Bilingual.columns(stem, value)` gives both for a frame row. Models whose fields are bilingual derive from
`FoldsBilingual`: it reads each pair of keys into one value (a missing or bad half reported under its own key, see
`data_loc`) and writes the pair back out again, so `model_dump()` has the files' shape.
"""

from __future__ import annotations

import re
import types
import typing
from functools import cache
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

LANGS = ("zh", "en")

# Text the page shows: no control character (a newline only where a text may run over lines) and no blank line,
# which would end the block of HTML or Markdown the text sits in. The app escapes every text besides (text.py).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _without_control_characters(text: str) -> str:
    # checked on every text of every load (hundreds of thousands at scale): one search, and a second only where a
    # line break stands
    if _CONTROL_BUT_NEWLINE.search(text):
        raise ValueError("control character (only a line break may stand in a text)")
    if "\n" in text and _BLANK_LINE.search(text):
        raise ValueError("blank line inside a text (one paragraph only)")
    return text


def _one_line(text: str) -> str:
    if _CONTROL.search(text):
        raise ValueError("line break or control character in a one-line text (a title, name, headline or label)")
    return text


Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True),
                 AfterValidator(_without_control_characters)]
Line = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_one_line)]


class Bilingual(BaseModel):
    """A text of the dataset in Chinese and English; each may run over lines (no blank line)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    zh: Text
    en: Text

    def text(self, lang: str) -> str:
        """The text in `lang` ("zh" or "en")."""
        if lang == "zh":
            return self.zh
        if lang == "en":
            return self.en
        raise ValueError(f"unknown language {lang!r}")

    @staticmethod
    def column(stem: str, lang: str) -> str:
        """The key or frame column of a value's text in `lang`: ("title", "en") → "title_en"; a vocabulary entry's
        bare stem ("", "en") → "en"."""
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        return f"{stem}_{lang}" if stem else lang

    @staticmethod
    def columns(stem: str, value: Bilingual | tuple[Any, Any] | None, empty: Any = "") -> dict[str, Any]:
        """Both columns of a value for a frame row: {"title_zh": …, "title_en": …}; `value` may also be a
        (Chinese, English) pair of anything (lists of titles, texts put together), or None (`empty` in both)."""
        if value is None:
            return {Bilingual.column(stem, lang): empty for lang in LANGS}
        if isinstance(value, tuple):
            return dict(zip((Bilingual.column(stem, lang) for lang in LANGS), value, strict=True))
        return {Bilingual.column(stem, lang): value.text(lang) for lang in LANGS}


class BilingualLine(Bilingual):
    """A one-line text in Chinese and English: a title, name, headline or label (no line break)."""

    zh: Line
    en: Line


def _bilingual_type(annotation: Any) -> tuple[type[Bilingual] | None, bool]:
    """The Bilingual class a field holds, and whether it is required (not `… | None`)."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        found, _ = _bilingual_type(inner[0]) if len(inner) == 1 else (None, False)
        return found, False
    if isinstance(annotation, type) and issubclass(annotation, Bilingual):
        return annotation, True
    return None, False


def _model_type(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly, in a list or as `… | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_type(arg)
        if found is not None:
            return found
    return None


class FoldsBilingual(BaseModel):
    """A model whose bilingual fields are read from, and written as, a pair of keys: `title` from `title_zh` and
    `title_en`. `bilingual_stems` names the pairs whose keys are not the field's name (`{"name": ""}`: `zh`, `en`)."""

    bilingual_stems: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _fold_pairs(cls, data: Any) -> Any:
        # runs on every model of every load (tens of thousands at scale): kept to a few dict operations
        pairs = _keys(cls)
        if not pairs or type(data) is not dict:
            return data
        data = data.copy()  # the file's own dict is read again by the loader's checks
        pop = data.pop
        for name, (key_zh, key_en, required) in pairs.items():
            if name in data:  # given as a value (in code): taken as it is
                continue
            zh, en = pop(key_zh, None), pop(key_en, None)
            if zh is not None and en is not None:
                data[name] = {"zh": zh, "en": en}
            elif zh is not None:
                data[name] = {"zh": zh}  # the missing half is reported under its own key (data_loc)
            elif en is not None:
                data[name] = {"en": en}
            elif required:
                data[name] = {}
        return data

    @model_serializer(mode="wrap")
    def _unfold_pairs(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        pairs = _keys(type(self))
        if not pairs or not isinstance(data, dict):
            return data
        out = {}
        for name, value in data.items():
            keys = pairs.get(name)
            if keys is None:
                out[name] = value
            elif isinstance(value, dict):
                out[keys[0]], out[keys[1]] = value.get("zh"), value.get("en")
            else:  # None, or a value serialized as something else
                out[keys[0]] = out[keys[1]] = value
        return out


@cache
def _keys(model: type[FoldsBilingual]) -> dict[str, tuple[str, str, bool]]:
    """Each bilingual field → its Chinese key, its English key, and whether it is required."""
    found = {}
    for name, info in model.model_fields.items():
        kind, required = _bilingual_type(info.annotation)
        if kind is not None:
            stem = model.bilingual_stems.get(name, name)
            found[name] = (Bilingual.column(stem, "zh"), Bilingual.column(stem, "en"), required)
    return found


def data_loc(model: type[BaseModel], loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """A pydantic error location of `model` as the keys of the data it read: ("measures", 0, "title", "en") →
    ("measures", 0, "title_en"); ("themes", 1, "name", "zh") → ("themes", 1, "zh")."""
    out: list[str | int] = []
    current: type[BaseModel] | None = model
    index = 0
    while index < len(loc):
        part = loc[index]
        index += 1
        out.append(part)
        if current is None or not isinstance(part, str):
            continue  # a list index: the items are of the same model
        info = current.model_fields.get(part)
        if info is None:
            current = None
            continue
        if issubclass(current, FoldsBilingual) and part in _keys(current):
            if index < len(loc) and loc[index] in LANGS:
                key_zh, key_en, _ = _keys(current)[part]
                out[-1] = key_zh if loc[index] == "zh" else key_en
                index += 1
            current = None
            continue
        current = _model_type(info.annotation)
    return tuple(out)
