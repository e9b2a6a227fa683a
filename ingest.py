"""Bulk-import command: parse arguments, call the pipeline, write the report, exit."""

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path

import settings
from index import delete_collection, list_collections, open_index, optimize
from index.errors import IndexMissing, IndexOutdated
from pipeline import ImportJob, ImportReport, prepared_articles, run_import
from pipeline.formats import RECORD_FIELDS
from pipeline.read import MAX_BYTES, container_of
from pipeline.run import BATCH_SIZE


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Import articles (HTML, text scrapes, WARC, JSON Lines, CSV, feeds, zip/tar) into the archive."
    )
    parser.add_argument("sources", nargs="*", type=Path, help="files or folders (read recursively)")
    parser.add_argument("--index", type=Path, default=Path(settings.from_env()["INDEX_DIR"]),
                        help="index directory (default: $INDEX_DIR or data/index)")  # fmt: skip
    parser.add_argument("--collection", default="default", help="collection name every document is tagged with")
    parser.add_argument("--report", type=Path, help="where to write the JSON report (default: under the index)")
    parser.add_argument("--dry-run", action="store_true", help="clean and tag, but index nothing")
    parser.add_argument("--json", action="store_true", help="with --dry-run: print one JSON object per document")
    parser.add_argument("--workers", type=_positive, default=os.cpu_count() or 1,
                        help="worker processes that clean and tag (default: the number of cores)")  # fmt: skip
    parser.add_argument("--map", type=_field_map, metavar="FIELD=COLUMN,...",
                        help="export columns to read: title=headline,text=body,published=date,url=link")  # fmt: skip
    parser.add_argument("--max-bytes", type=_positive, default=MAX_BYTES, help="largest document read, in bytes")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds one document may take to clean")
    parser.add_argument("--retry-failed", type=Path, metavar="REPORT", help="re-run only the failures of a report")
    parser.add_argument("--list-collections", action="store_true", help="list the collections and their sizes")
    parser.add_argument("--delete-collection", metavar="NAME", help="delete every document of a collection")
    parser.add_argument("--batch-size", type=_positive, default=BATCH_SIZE,
                        help="documents per commit (a killed import loses at most one batch)")  # fmt: skip
    parser.add_argument("--optimize", action="store_true",
                        help="merge the index into one segment (after a big import: faster searches)")  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if not (args.sources or args.retry_failed or args.list_collections or args.delete_collection or args.optimize):
        parser.error("give SOURCES to import, or --retry-failed, --list-collections, --delete-collection or --optimize")
    return args


def main(argv: list[str] | None = None) -> int:
    """Import the sources into the index and write an import report."""
    args = parse_args(argv)
    try:
        if args.list_collections:
            for name, count in list_collections(open_index(args.index)):
                print(f"{count:>9,}  {name}")
            return 0
        if args.delete_collection:
            deleted = delete_collection(open_index(args.index), args.delete_collection)
            print(f"deleted {deleted:,} documents of collection {args.delete_collection!r}", file=sys.stderr)
            return 0
        if args.optimize and not (args.sources or args.retry_failed):
            return _optimize(args.index)
        job = _job(args)
        report = _dry_run(job, args.json) if args.dry_run else run_import(job, args.index)
        if args.optimize and not args.dry_run:
            _optimize(args.index)
    except (IndexMissing, IndexOutdated, ValueError) as error:
        print(f"ingest: {error}", file=sys.stderr)
        return 1 if not isinstance(error, ValueError) else 2
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


def _job(args: argparse.Namespace) -> ImportJob:
    common = {"workers": args.workers, "max_bytes": args.max_bytes, "field_map": args.map,
              "time_limit": args.time_limit, "progress": not args.quiet, "batch_size": args.batch_size}  # fmt: skip
    if not args.retry_failed:
        return ImportJob(tuple(args.sources), args.collection, **common)
    try:
        failed = json.loads(args.retry_failed.read_text(encoding="utf-8"))
        paths = [failure["source_path"] for failure in failed["failures"]]
        collection = failed["collection"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"cannot read the report {args.retry_failed}: {error}") from None
    sources = tuple(dict.fromkeys(Path(container_of(path)) for path in paths))
    return ImportJob(sources, collection, only=frozenset(paths), **common)


def _dry_run(job: ImportJob, as_json: bool) -> ImportReport:
    report = ImportReport(job.collection, sources=[str(s) for s in job.sources])
    for article in prepared_articles(job, report):
        if as_json:
            print(json.dumps(article.to_dict(), ensure_ascii=False), flush=True)
        report.new += 1
    report.finish()
    return report


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def _field_map(value: str) -> dict[str, str]:
    # "title=headline,text=body" -> {"title": "headline", "text": "body"}
    pairs = [pair.split("=", 1) for pair in value.split(",") if pair.strip()]
    known = set(RECORD_FIELDS)
    if any(len(pair) != 2 or pair[0].strip() not in known or not pair[1].strip() for pair in pairs):
        raise argparse.ArgumentTypeError(f"expected FIELD=COLUMN pairs with FIELD one of {', '.join(sorted(known))}")
    return {field.strip(): column.strip() for field, column in pairs}


def _optimize(index_dir: Path) -> int:
    segments = optimize(open_index(index_dir))
    print(f"merged {segments:,} segments into one", file=sys.stderr)
    return 0


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


if __name__ == "__main__":
    sys.exit(main())
