"""How a plain scalar's resolved YAML tag and its text become a dataset value: one rule for every reader."""

from __future__ import annotations

from typing import Any

# A value a person must still decide (written by `python -m dashboard draft`): listed by file:line, and in place
# of whatever else the validator would say about that field.
REVIEW_MARKER = "TODO:"
_YAML11_BOOLS = {"y", "yes", "n", "no", "on", "off"}


def scalar_value(tag: str, text: str) -> tuple[Any, str | None]:
    """A scalar's value from its resolved tag and text, and the problem to report, if any: a YAML 1.1 boolean
    (`NO`, `on`) stays its text and is reported, a number Python cannot read (`017`) stays its text, and
    timestamps stay as written."""
    if tag.endswith(":bool"):
        if text.lower() in _YAML11_BOOLS:
            return text, f"'{text}' is read as a YAML 1.1 boolean; quote it (\"{text}\") if a code was meant"
        return text.lower() == "true", None
    if tag.endswith(":int"):
        try:
            return int(text.replace("_", ""), 0), None
        except ValueError:
            return text, None
    if tag.endswith(":float"):
        try:
            return float(text.replace("_", "")), None
        except ValueError:
            return text, None
    if tag.endswith(":null"):
        return None, None
    return text, None
