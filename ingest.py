"""Bulk-import command: parse arguments, call the pipeline, write the report, exit."""

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

import settings
from pipeline import ImportReport, prepared_articles, run_import
from pipeline.read import MAX_BYTES


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Import articles (HTML pages, text scrapes) into the archive.")
    parser.add_argument("sources", nargs="+", type=Path, help="files or folders (read recursively)")
    parser.add_argument(
        "--index",
        type=Path,
        default=Path(settings.from_env()["INDEX_DIR"]),
        help="index directory (default: $INDEX_DIR or data/index)",
    )
    parser.add_argument("--collection", default="default", help="collection name every document is tagged with")
    parser.add_argument("--report", type=Path, help="where to write the JSON report (default: under the index)")
    parser.add_argument("--dry-run", action="store_true", help="clean and tag, but index nothing")
    parser.add_argument(
        "--json", action="store_true", help="with --dry-run: print one JSON object per document on stdout"
    )
    parser.add_argument("--max-bytes", type=int, default=MAX_BYTES, help="largest document read, in bytes")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Import the sources into the index and write an import report."""
    args = parse_args(argv)
    progress = not args.quiet
    try:
        if args.dry_run:
            report = ImportReport(args.collection)
            for article in prepared_articles(
                args.sources, args.collection, report, max_bytes=args.max_bytes, progress=progress
            ):
                if args.json:
                    print(json.dumps(article.to_dict(), ensure_ascii=False), flush=True)
                report.new += 1
        else:
            report = run_import(args.sources, args.index, args.collection, max_bytes=args.max_bytes, progress=progress)
        report.finish()
    except OSError as error:
        print(f"ingest: cannot use the index at {args.index}: {error}", file=sys.stderr)
        return 1
    report_path = args.report or (None if args.dry_run else args.index / "reports" / f"import-{_stamp()}.json")
    if report_path:
        report.write(report_path)
    print(report.summary(), file=sys.stderr)
    if report_path:
        print(f"report: {report_path}", file=sys.stderr)
    return 0


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


if __name__ == "__main__":
    sys.exit(main())
