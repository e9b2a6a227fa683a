"""The import run, top to bottom: survey, read, clean and tag in worker processes, write in batches.

Reading happens in this process; cleaning and tagging, the slow part, in `workers` processes;
one writer commits batches to Whoosh, so a search never waits and a killed import keeps every
batch it committed. Documents already in the index unchanged (same path, same bytes) are not
cleaned again, so running the same import again resumes it.
"""

import ctypes
import gc
import hashlib
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from index import Article, add_documents, open_index
from index.clusters import ClusterFinder
from index.store import known_source_keys
from pipeline.boilerplate import repeated_lines
from pipeline.clean import clean, scrape_lines
from pipeline.decode import UndecodableText, decode
from pipeline.errors import DocumentError
from pipeline.read import MAX_BYTES, RawDocument, read_sources
from pipeline.report import Failure, ImportReport
from pipeline.tag import tag

BATCH_SIZE = 2_000  # per commit (or COMMIT_SECONDS): bigger segments, fewer for a search to visit
COMMIT_SECONDS = 30  # commit at least this often, so a killed import loses little
# A batch's postings are held in memory until its commit (index/writing.py), about 30 bytes a
# character of text: a batch of long articles is committed early, at about 300 MB.
BATCH_CHARS = 10_000_000
# Queued in the pool: enough for the workers to go on cleaning through a whole commit, which
# takes as long as cleaning a batch; bounded in bytes too, for collections of very large pages.
IN_FLIGHT = 2 * BATCH_SIZE
IN_FLIGHT_BYTES = 256 * 2**20
# Documents go to a worker a few at a time: one at a time, the hand-over cost the writer's
# process about 0.5 ms a document (0.1 ms in chunks).
CHUNK = 16
CHUNK_BYTES = 2**20
PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies
# Workers yield the processor to the writer, the one stage that cannot be split: with as many
# workers as cores, all three shared two cores and the writer, the slowest stage, ran at 2/3.
WORKER_NICENESS = 5


@dataclass(frozen=True)
class ImportJob:
    sources: tuple[Path, ...]
    collection: str = "default"
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    max_bytes: int = MAX_BYTES
    field_map: dict[str, str] | None = None
    time_limit: float = 60.0  # seconds one document may take to clean and tag
    only: frozenset[str] | None = None  # source paths to retry; None for all
    progress: bool = False
    index_dir: Path | None = None  # the index being written: never read as a source
    batch_size: int = BATCH_SIZE  # documents per commit (or COMMIT_SECONDS, whichever comes first)
    batch_chars: int = BATCH_CHARS  # characters of text per commit, at most


def prepare(raw: RawDocument, collection: str, repeated: frozenset[str] = frozenset()) -> Article:
    """Clean and tag one document."""
    return tag(clean(raw, repeated), collection)


def run_import(job: ImportJob, index_dir: Path, on_commit=None) -> ImportReport:
    """Read, clean, tag and index every document of the job's sources.

    :param on_commit: called with the report after each committed batch (the speed benchmark
        times the import with it).
    """
    ix = open_index(index_dir, create=True)
    job = replace(job, index_dir=Path(index_dir))
    report = ImportReport(job.collection, sources=[str(s) for s in job.sources], index=str(index_dir))
    batch, batch_chars, last_commit = [], 0, time.monotonic()
    with ix.reader() as before:  # copies already stored are looked up here, this import's own in memory
        clusters = ClusterFinder(before)
        for article in prepared_articles(job, report, skip=known_source_keys(ix)):
            batch.append(article)
            batch_chars += len(article.text)
            # The last commit runs after the workers are done, with one core idle: in the last
            # batch's worth of documents, batches shrink to a quarter, so that it is short.
            to_come = report.found - report.accounted() - len(batch)
            batch_size = job.batch_size if to_come >= job.batch_size else max(1, job.batch_size // 4)
            full = len(batch) >= batch_size or batch_chars >= job.batch_chars
            if full or time.monotonic() - last_commit > COMMIT_SECONDS:
                report.count(add_documents(ix, batch, clusters=clusters))
                batch, batch_chars, last_commit = [], 0, time.monotonic()
                if on_commit:
                    on_commit(report)
        report.count(add_documents(ix, batch, clusters=clusters))
    report.finish()
    return report


def prepared_articles(job: ImportJob, report: ImportReport, skip: set[str] = frozenset()) -> Iterator[Article]:
    """Yield the article of every readable document, in source order; record the others in `report`."""
    report.found, repeated = _surveyed(job)
    with tqdm(total=report.found, unit=" doc", disable=not job.progress, delay=2, dynamic_ncols=True) as bar:
        for outcome in _cleaned(job, _to_clean(job, report, skip, bar), repeated):
            bar.update()
            if isinstance(outcome, Article):
                yield outcome
            else:
                report.failures.append(outcome)
                bar.set_postfix(failed=len(report.failures), refresh=False)


def source_key(raw: RawDocument) -> str:
    """Return the hash of a document's path and content: equal keys, nothing to do again."""
    content = raw.data or repr(sorted((raw.fields or {}).items())).encode()
    return hashlib.sha1(raw.source_path.encode() + b"\0" + hashlib.sha1(content).digest()).hexdigest()[:20]


def _surveyed(job: ImportJob) -> tuple[int, frozenset[str]]:
    """Survey the sources; with workers, the taggers' lists are loaded meanwhile, to be shared."""
    if job.workers <= 1:
        return _survey(job)
    # Both take a second or two, each on one core: the survey runs in a process of its own.
    with _pool(1) as surveyor:
        survey = surveyor.submit(_survey, job)
        warm_up()  # before the workers fork, so that they share the lists
        return survey.result()


def _survey(job: ImportJob) -> tuple[int, frozenset[str]]:
    """Count the documents (for the progress bar) and learn the lines the collection's scrapes repeat."""
    count = 0

    def scrapes():
        nonlocal count
        for item in _wanted(job, read_sources(job.sources, job.max_bytes, job.field_map)):
            count += 1
            if isinstance(item, RawDocument) and item.kind == "text":
                try:
                    lines = scrape_lines(decode(item.data)[0])
                except UndecodableText:
                    continue  # the import proper reports it
                if lines:
                    yield lines[0], lines[1:]

    repeated = repeated_lines(scrapes())
    return count, repeated


def _wanted(job: ImportJob, items):
    inside_index = f"{job.index_dir.resolve()}{os.sep}" if job.index_dir else None
    for item in items:
        if inside_index and str(Path(item.source_path).resolve()).startswith(inside_index):
            continue  # the index itself, when it lives inside the folder being imported
        if job.only is None or item.source_path in job.only:
            yield item


def _to_clean(job: ImportJob, report: ImportReport, skip: set[str], bar) -> Iterator[tuple[RawDocument, str]]:
    """Yield the documents that need cleaning, with their keys; count the rest."""
    for item in _wanted(job, read_sources(job.sources, job.max_bytes, job.field_map)):
        if isinstance(item, DocumentError):
            report.fail(item)
            bar.update()
            bar.set_postfix(failed=len(report.failures), refresh=False)
            continue
        key = source_key(item)
        if key in skip:
            report.unchanged += 1  # imported before, bytes unchanged: a resumed import skips it
            bar.update()
            continue
        yield item, key


def _cleaned(job: ImportJob, documents, repeated: frozenset[str]) -> Iterator[Article | Failure]:
    """Clean and tag documents in worker processes; yield the outcomes in the documents' order."""
    if job.workers <= 1:
        for chunk, _ in _chunks(documents):
            yield from _prepare_chunk(chunk, job.collection, repeated, job.time_limit)
        return
    chunks = _chunks(documents)
    pending: deque = deque()  # (chunk, its size, its future), in the documents' order
    queued_bytes = 0
    # A worker's garbage collector would visit every object it inherited, writing to each and so
    # copying the pages the fork shared: frozen, they are left alone (half the page faults).
    gc.freeze()
    executor = _pool(job.workers)
    try:
        while True:
            while len(pending) < IN_FLIGHT // CHUNK and (queued_bytes < IN_FLIGHT_BYTES or not pending):
                chunk, size = next(chunks, ((), 0))
                if not chunk:
                    break
                queued_bytes += size
                args = (chunk, job.collection, repeated, job.time_limit)
                pending.append((chunk, size, executor.submit(_prepare_chunk, *args)))
            if not pending:
                return
            chunk, size, future = pending.popleft()
            queued_bytes -= size
            try:
                yield from future.result()
            except BrokenProcessPool:
                # A worker died (out of memory, a crash in C code): find the document that kills
                # it by running each unfinished one alone, and go on with a fresh pool.
                executor.shutdown(cancel_futures=True)
                unfinished = [*chunk, *(document for waiting, _, _ in pending for document in waiting)]
                pending.clear()
                queued_bytes = 0
                yield from (_alone(job, raw, key, repeated) for raw, key in unfinished)
                executor = _pool(job.workers)
    finally:
        executor.shutdown(cancel_futures=True)
        gc.unfreeze()


def _chunks(documents) -> Iterator[tuple[list[tuple[RawDocument, str]], int]]:
    """Group documents for the workers, with their size in bytes: up to CHUNK of them, or fewer
    adding up to CHUNK_BYTES."""
    chunk, size = [], 0
    for document in documents:
        chunk.append(document)
        size += _size(document[0])
        if len(chunk) == CHUNK or size >= CHUNK_BYTES:
            yield chunk, size
            chunk, size = [], 0
    if chunk:
        yield chunk, size


def _prepare_chunk(chunk, collection: str, repeated, time_limit: float) -> list[Article | Failure]:
    """Clean and tag documents, each within its time limit; turn every problem into a Failure.

    The whole chunk is cleaned, then tagged: each stage's code and data stay in the processor's
    caches from one document to the next, which took a tenth less CPU than a document at a time.
    """
    pages, seconds_left = [], []
    for raw, _ in chunk:
        started = time.monotonic()
        pages.append(_within_limit(raw, time_limit, time_limit, clean, raw, repeated))
        seconds_left.append(time_limit - (time.monotonic() - started))
    return [
        page if isinstance(page, Failure) else _within_limit(raw, left, time_limit, _tagged, page, collection, key)
        for (raw, key), page, left in zip(chunk, pages, seconds_left, strict=True)
    ]


def _tagged(page, collection: str, key: str) -> Article:
    return replace(tag(page, collection), source_key=key)


def _size(raw: RawDocument) -> int:
    return len(raw.data) + sum(len(value) for value in (raw.fields or {}).values())


def _alone(job: ImportJob, raw: RawDocument, key: str, repeated: frozenset[str]) -> Article | Failure:
    with _pool(1) as executor:
        try:
            return executor.submit(_prepare_chunk, [(raw, key)], job.collection, repeated, job.time_limit).result()[0]
        except BrokenProcessPool:
            return Failure(raw.source_path, "clean", "the worker cleaning it died (out of memory or a crash)")


class _TooSlow(Exception):
    """Raised by the alarm when a document takes longer than its time limit."""


_timing = threading.local()


def _alarm(signum, frame):
    if getattr(_timing, "active", False):  # an alarm that rings after the document is done is ignored
        raise _TooSlow


def _within_limit(raw: RawDocument, seconds: float, time_limit: float, stage, *args):
    """Run one stage on a document, stopped after `seconds` (what is left of its `time_limit`)."""
    # Only the main thread of a process may set an alarm (an import run from a thread goes without).
    timed = threading.current_thread() is threading.main_thread()
    try:
        if timed:
            signal.signal(signal.SIGALRM, _alarm)
            _timing.active = True
            signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-6))  # 0 would turn the alarm off
        return stage(*args)
    except _TooSlow:
        return Failure(
            raw.source_path, "clean", f"took longer than {time_limit:g} s to clean (time limit per document)"
        )
    except DocumentError as error:
        return Failure(error.source_path, error.stage, error.reason)
    except MemoryError:
        return Failure(raw.source_path, "clean", "too large to clean in memory")
    except Exception as error:  # a bug in a stage: record it with its traceback and go on
        return Failure(raw.source_path, "internal", f"internal error: {error!r}", traceback.format_exc())
    finally:
        if timed:
            _timing.active = False
            signal.setitimer(signal.ITIMER_REAL, 0)


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, initializer=_start_worker)


def _start_worker() -> None:
    """Give the writer precedence; make a worker end when the import does, even after kill -9."""
    if hasattr(os, "nice"):  # not on Windows
        os.nice(WORKER_NICENESS)
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the import died before the line above: do not linger
        os._exit(1)


def warm_up() -> None:
    """Load the taggers' lists by preparing one small document (a fresh install builds them)."""
    prepare(RawDocument("warm-up.txt", b"Warm-up\n\nPresident Ilham Aliyev met officials in Baku.", "text"), "")
