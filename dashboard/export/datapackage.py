"""The export's own description: a Frictionless Data Package (datapackage.json, Table Schema) for the ZIP's
measures.csv and figures.csv — each column's code, type, titles in both languages, description, allowed values
and the primary key — and the typed Arrow schema the Parquet files share. Pure functions.

The closed vocabularies (unit, qualifier, kind, scope, time basis, status, step) come from dashboard/data/vocab.py,
so a new unit in the dataset's model is allowed here without a second list to update."""

from __future__ import annotations

import json
from typing import Any, get_args

import pandas as pd

from dashboard.data import vocab
from dashboard.export.tables import (
    COLUMN_DOCS,
    COLUMN_LABELS,
    FIGURE_EXPORT_COLUMNS,
    MEASURE_EXPORT_COLUMNS,
)
from dashboard.i18n import README

# Table Schema type of each column that is not a string
_TYPES = {"n_figures": "integer", "value": "number", "alt_value": "number", "key": "boolean"}
_ENUMS: dict[str, tuple[str, ...]] = {
    "status": get_args(vocab.Status), "unit": get_args(vocab.Unit), "qualifier": get_args(vocab.Qualifier),
    "kind": get_args(vocab.Kind), "scope": get_args(vocab.Scope), "basis": get_args(vocab.TimeBasis),
    "step": get_args(vocab.Step),
}
_REQUIRED = {"region_id", "measure_id", "figure_id", "status", "indicator_code", "value", "unit", "qualifier", "kind",
             "scope", "basis", "key"}
PRIMARY_KEYS = {"measures": "measure_id", "figures": "figure_id"}
PARQUET_MIME = "application/vnd.apache.parquet"


def field_descriptor(column: str, lang: str, primary_key: str | None = None) -> dict[str, Any]:
    """One Table Schema field: name (the code, as in the CSV header), type, title in the export's language and
    both titles under `titles`, description, constraints."""
    field: dict[str, Any] = {
        "name": column, "type": _TYPES.get(column, "string"), "title": COLUMN_LABELS[lang][column],
        "titles": {other: COLUMN_LABELS[other][column] for other in ("zh", "en")},
        "description": COLUMN_DOCS[lang][column],
    }
    if field["type"] == "boolean":
        field |= {"trueValues": ["true"], "falseValues": ["false"]}
    constraints: dict[str, Any] = {}
    if column in _REQUIRED:
        constraints["required"] = True
    if column in _ENUMS:
        constraints["enum"] = list(_ENUMS[column])
    if column == primary_key:
        constraints["unique"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(name: str, lang: str) -> dict[str, Any]:
    columns = MEASURE_EXPORT_COLUMNS if name == "measures" else FIGURE_EXPORT_COLUMNS
    schema: dict[str, Any] = {"fields": [field_descriptor(c, lang, PRIMARY_KEYS[name]) for c in columns],
                              "primaryKey": [PRIMARY_KEYS[name]], "missingValues": [""]}
    if name == "figures":  # every figure's measure is a row of measures.csv (the same filters keep both)
        schema["foreignKeys"] = [{"fields": ["measure_id"],
                                  "reference": {"resource": "measures", "fields": ["measure_id"]}}]
    return schema


def datapackage_json(title: str, description: str, lang: str, today: str, counts: dict[str, int]) -> bytes:
    """datapackage.json for measures.csv and figures.csv (UTF-8 with BOM, one header row of codes)."""
    resources = [{
        "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "header": True, "lineTerminator": "\r\n"},
        "description": README[lang][f"{name}_file"],
        "rows": counts[name], "schema": table_schema(name, lang),
    } for name in ("measures", "figures")]
    package = {"profile": "tabular-data-package", "name": "regional-innovation-measures", "title": title,
               "description": description, "created": f"{today}T00:00:00Z", "resources": resources}
    return json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")


def arrow_schema(columns: list[str]) -> Any:
    """The Parquet files' column types (the Table Schema types in Arrow), each field carrying its titles."""
    import pyarrow as pa

    types = {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "string": pa.string()}
    return pa.schema([pa.field(c, types[_TYPES.get(c, "string")], nullable=c not in _REQUIRED,
                               metadata={"title_zh": COLUMN_LABELS["zh"][c], "title_en": COLUMN_LABELS["en"][c],
                                         "description": COLUMN_DOCS["en"][c]})
                      for c in columns])


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """A Parquet file of an export table: typed columns under their codes (no formula guard: nothing runs a
    Parquet cell), missing text and numbers as nulls, the same rows as the CSV."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = df.copy()
    for column in frame.columns:
        if _TYPES.get(column, "string") == "string":
            # empty is missing, as in the CSV (Table Schema's missingValues [""])
            frame[column] = frame[column].map(lambda v: None if v is None or v == "" or (isinstance(v, float) and v != v)
                                              else str(v))
    table = pa.Table.from_pandas(frame, schema=arrow_schema(list(df.columns)), preserve_index=False)
    table = table.replace_schema_metadata(None)  # pandas' own metadata would pin our index and versions
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()
