"""Command line: `python -m dashboard export …` (the app's downloads, same bytes) and `python -m dashboard validate`.

    python -m dashboard export --theme talent --theme funding --region mianyang --format xlsx -o out.xlsx
    python -m dashboard export --theme talent,funding --format csv --shape measures --lang en
    python -m dashboard export --format parquet --shape figures               (typed columns, for analysts)
    python -m dashboard export --instrument tech_extension --target-group farmers_rural --format csv
    python -m dashboard export --full --format zip
    python -m dashboard export --theme talent --format docx --lang en     (a Word briefing; pptx has native charts)
    python -m dashboard validate [PATH]
    python -m dashboard draft data/sources/NEW.txt -o data/draft.yaml [--region ID ...]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from dashboard import export
from dashboard.analysis.frames import KEYWORD_MAX, Filters
from dashboard.data.loader import DEFAULT_DATASET, REGIONS_DIR, SOURCES_DIR, DatasetError, load_dataset_or_raise
from dashboard.data.vocab import STATUSES
from dashboard.i18n import LANGS

FORMATS = ("csv", "parquet", "xlsx", "zip", "pptx", "docx")
SHAPES = ("measures", "figures")


def _codes(values: Sequence[str] | None) -> list[str]:
    """Repeated flags and comma-separated lists alike: --theme a --theme b,c → [a, b, c] (first order, no repeats)."""
    out: list[str] = []
    for value in values or []:
        for part in value.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def _unknown(what: str, flag: str, given: list[str], valid: list[str]) -> list[str]:
    unknown = [code for code in given if code not in valid]
    if not unknown:
        return []
    return [f"unknown {what} {', '.join(repr(c) for c in unknown)} for {flag}; valid {what} codes: {', '.join(valid)}"]


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard export",
        description="Export the dashboard's data for a selection of themes, regions, instruments and target "
        "groups (no filter = everything).",
    )
    parser.add_argument("--theme", action="append", metavar="CODE",
                        help="theme code; repeat the flag or separate codes with commas (default: all themes)")
    parser.add_argument("--region", action="append", metavar="ID",
                        help="region id; repeat the flag or separate ids with commas (default: all regions)")
    parser.add_argument("--instrument", action="append", metavar="ID",
                        help="policy instrument id; repeat the flag or separate ids with commas (default: all)")
    parser.add_argument("--target-group", action="append", metavar="ID",
                        help="target group id; repeat the flag or separate ids with commas (default: all)")
    parser.add_argument("--status", action="append", metavar="STATUS",
                        help=f"measure status ({', '.join(STATUSES)}); repeatable (default: all)")
    parser.add_argument("--keyword", default="", help="keep measures whose titles, summaries or quotes contain it")
    parser.add_argument("--format", required=True, choices=FORMATS, help="file format")
    parser.add_argument("--shape", choices=SHAPES,
                        help="for --format csv or parquet: one row per measure or per figure (default: figures)")
    parser.add_argument("--headers", default="codes", choices=export.HEADERS,
                        help="csv/xlsx column headers, one row: the stable column 'codes', or 'labels' in --lang "
                        "(xlsx: a 'columns' sheet maps labels to codes); zip and parquet always use the codes "
                        "(default: codes)")
    parser.add_argument("--lang", default="zh", choices=LANGS, help="language of labels and slides (default: zh)")
    parser.add_argument("--full", action="store_true", help="the full dataset, ignoring any filter")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="output file, '-' for stdout (default: the app's file name, in the current folder); "
                        "never the dataset, nor a file in its regions/ or sources/ folder")
    parser.add_argument("--force", action="store_true", help="write over an output file that exists")
    parser.add_argument("--dataset", default=str(DEFAULT_DATASET), help="dataset YAML (default: %(default)s)")
    parser.add_argument("--date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="date printed in the files and their name (default: today)")
    return parser


def export_main(argv: Sequence[str]) -> int:
    parser = _export_parser()
    args = parser.parse_args(list(argv))
    themes, regions, statuses = _codes(args.theme), _codes(args.region), _codes(args.status)
    instruments, target_groups = _codes(args.instrument), _codes(args.target_group)
    if args.full and (themes or regions or statuses or instruments or target_groups or args.keyword):
        parser.error("--full exports everything; drop --theme/--region/--instrument/--target-group/--status/"
                     "--keyword or drop --full")
    if args.shape and args.format not in ("csv", "parquet"):
        parser.error("--shape only applies to --format csv or parquet (zip and xlsx hold both tables)")
    if len(args.keyword) > KEYWORD_MAX:
        parser.error(f"--keyword is longer than {KEYWORD_MAX} characters")
    try:
        dataset = load_dataset_or_raise(args.dataset)
    except DatasetError as error:
        print(f"the dataset {args.dataset} has problems; run `python -m dashboard validate`:\n{error}",
              file=sys.stderr)
        return 1
    problems = (_unknown("theme", "--theme", themes, [t.code for t in dataset.themes])
                + _unknown("region", "--region", regions, [r.id for r in dataset.regions])
                + _unknown("instrument", "--instrument", instruments, [i.id for i in dataset.instruments])
                + _unknown("target group", "--target-group", target_groups, [g.id for g in dataset.target_groups])
                + _unknown("status", "--status", statuses, list(STATUSES)))
    if problems:
        parser.error("\n  ".join(problems))

    if args.output and args.output != "-":  # checked before building: a briefing pack takes a while to render
        if not Path(args.output).parent.is_dir():
            return _cannot_write(args.output, f"the folder {Path(args.output).parent} does not exist")
        if reason := _refused(Path(args.output), Path(args.dataset), args.force):
            return _cannot_write(args.output, reason)

    filters = Filters(regions=tuple(regions), themes=tuple(themes), statuses=tuple(statuses),
                      keyword=args.keyword.strip(), instruments=tuple(instruments),
                      target_groups=tuple(target_groups))
    today = args.date or date.today()
    try:
        payload, kind = _build(dataset, filters, args.format, args.shape or "figures", args.lang, today, args.headers)
    except export.ChartRenderError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    name = export.export_filename(kind, filters, args.format, today, full=args.full, lang=args.lang)
    if args.output == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return 0
    target = Path(args.output) if args.output else Path(name)
    if reason := _refused(target, Path(args.dataset), args.force):
        return _cannot_write(str(target), reason)
    try:
        target.write_bytes(payload)
    except OSError as error:
        return _cannot_write(str(target), error.strerror or str(error))
    print(f"wrote {target} ({len(payload):,} bytes)", file=sys.stderr)
    return 0


def _refused(target: Path, dataset: Path, force: bool) -> str | None:
    """Why an export may not write `target`: the curated data (the dataset's entry file, anything in its regions/ or
    sources/ folder, for the given and the default dataset) never, even with --force; any other file that exists,
    only with --force. None: it may."""
    where = target.resolve()
    for entry in {dataset.resolve(), DEFAULT_DATASET.resolve()}:
        if where == entry:
            return "it is the dataset; write the export somewhere else"
        for folder in (REGIONS_DIR, SOURCES_DIR):
            if where.is_relative_to(entry.parent / folder):
                return f"it is in the dataset's {folder}/ folder; write the export somewhere else"
    if (target.exists() or target.is_symlink()) and not force:
        return "the file exists; add --force to write over it"
    return None


def _cannot_write(target: str, reason: str) -> int:
    """One line on stderr and exit code 2, like a usage error: the output path is the user's to fix."""
    print(f"python -m dashboard export: error: cannot write {target}: {reason}", file=sys.stderr)
    return 2


def _build(dataset, filters: Filters, fmt: str, shape: str, lang: str, today: date,
           headers: str = "labels") -> tuple[bytes, str]:
    if fmt == "csv":
        table = export.measures_table if shape == "measures" else export.figures_table
        return export.to_csv_bytes(table(dataset, filters, lang), lang if headers == "labels" else None), shape
    if fmt == "parquet":
        table = export.measures_table if shape == "measures" else export.figures_table
        return export.to_parquet_bytes(table(dataset, filters, lang)), shape
    if fmt == "zip":
        return export.to_zip_bytes(dataset, filters, lang, today), "data"
    if fmt == "xlsx":
        return export.to_xlsx_bytes(dataset, filters, lang, today, headers), "data"
    if fmt == "docx":
        return export.to_docx_bytes(dataset, filters, lang, today), "briefing"
    return export.to_pptx_bytes(dataset, filters, lang, today), "briefing"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = "export | validate | draft"
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "export":
        return export_main(rest)
    if command == "validate":
        from dashboard.curation.validate import main as validate_main

        return validate_main(rest)
    if command == "draft":
        from dashboard.curation.draft import main as draft_main

        return draft_main(rest)
    print(f"python -m dashboard: unknown command {command!r}; expected {commands}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
