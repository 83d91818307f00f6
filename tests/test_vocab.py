"""Every closed vocabulary is defined once (dashboard/data/vocab.py); every label table covers exactly its codes."""

from __future__ import annotations

from typing import get_args

import pytest

from dashboard import i18n
from dashboard.data import models, vocab
from dashboard.ui import url_state


@pytest.mark.parametrize(("codes", "table"), [
    (vocab.STATUSES, i18n.STATUS),
    (vocab.KINDS, i18n.KIND),
    (vocab.LEVELS, i18n.LEVEL),
    (vocab.UNITS, i18n.UNIT_NAMES),
    (vocab.SCOPES, i18n.SCOPE),
    (vocab.TIME_BASES, i18n.BASIS),
    (vocab.LEFT_OUT_REASONS, i18n.LEFT_OUT_REASON),
    (vocab.QUALIFIERS, i18n.QUALIFIER_NAMES),
    (vocab.QUALIFIERS, i18n.QUALIFIER_MARKS),
], ids=["status", "kind", "level", "unit", "scope", "basis", "left_out", "qualifier_names", "qualifier_marks"])
def test_label_tables_cover_exactly_the_vocabulary(codes, table):
    for lang in i18n.LANGS:
        assert tuple(table[lang]) == codes, lang


def test_value_formats_cover_exactly_the_units():
    """A value of each unit has its words ('{n}元' / '¥{n}'); places say which way a ranking moved."""
    expected = [u for u in vocab.UNITS if u != "places"] + ["places_up", "places_down"]
    for lang in i18n.LANGS:
        assert sorted(i18n.VALUE_FORMATS[lang]) == sorted(expected), lang


def test_models_and_url_parsing_use_the_one_definition():
    assert get_args(models.Figure.model_fields["scope"].annotation) == vocab.SCOPES
    assert get_args(models.Figure.model_fields["basis"].annotation) == vocab.TIME_BASES
    assert get_args(models.Measure.model_fields["status"].annotation) == vocab.STATUSES
    assert url_state.STATUSES is vocab.STATUSES


def test_kind_bases_cover_every_kind_with_known_bases():
    assert set(vocab.KIND_BASES) == set(vocab.KINDS)
    assert all(set(bases) <= set(vocab.TIME_BASES) for bases in vocab.KIND_BASES.values())
    assert set(vocab.PERIOD_FORMS) == set(vocab.TIME_BASES)
