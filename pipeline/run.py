"""The import run, top to bottom: read, clean, tag, write in batches, report."""

import traceback
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from index import Article, add_documents, open_index
from pipeline.boilerplate import repeated_lines
from pipeline.clean import clean, scrape_lines
from pipeline.decode import UndecodableText, decode
from pipeline.errors import DocumentError
from pipeline.read import MAX_BYTES, RawDocument, read_sources
from pipeline.report import Failure, ImportReport
from pipeline.tag import tag

BATCH_SIZE = 500


def prepare(raw: RawDocument, collection: str, repeated: frozenset[str] = frozenset()) -> Article:
    """Clean and tag one document."""
    return tag(clean(raw, repeated), collection)


def learn_repeated_lines(sources, max_bytes: int = MAX_BYTES) -> frozenset[str]:
    """Read the text scrapes among `sources` once for the lines their site repeats everywhere."""

    def scrapes():
        for item in read_sources(sources, max_bytes):
            if isinstance(item, RawDocument) and item.kind == "text":
                try:
                    lines = scrape_lines(decode(item.data)[0])
                except UndecodableText:
                    continue  # the import proper reports it
                if lines:
                    yield lines[0], lines[1:]

    return repeated_lines(scrapes())


def prepared_articles(
    sources, collection: str, report: ImportReport, *, max_bytes: int = MAX_BYTES, progress: bool = False
) -> Iterator[Article]:
    """Yield the article of every readable document under `sources`; record the others."""
    repeated = learn_repeated_lines(sources, max_bytes)
    items = tqdm(read_sources(sources, max_bytes), unit=" doc", disable=not progress, delay=2)
    for item in items:
        if isinstance(item, DocumentError):
            report.fail(item)
            continue
        try:
            yield prepare(item, collection, repeated)
        except DocumentError as error:
            report.fail(error)
        except Exception as error:  # a bug in a stage: record it and go on with the next document
            report.failures.append(
                Failure(item.source_path, "internal", f"internal error: {error!r}", traceback.format_exc())
            )


def run_import(
    sources, index_dir: Path, collection: str, *, max_bytes: int = MAX_BYTES, progress: bool = False
) -> ImportReport:
    """Read, clean, tag and index every document under `sources`."""
    ix = open_index(index_dir, create=True)
    report = ImportReport(collection)
    articles = prepared_articles(sources, collection, report, max_bytes=max_bytes, progress=progress)
    while batch := list(islice(articles, BATCH_SIZE)):
        counts = add_documents(ix, batch)
        report.new += counts.new
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        report.duplicate += counts.duplicate
    return report
