"""Import speed on a generated collection: documents per second, per stage, and peak memory;
then the CPU a real page of the shared dev sets costs, for comparison.

    python -m bench.speed [--count 20000] [--workers N]

The collection is generated once into bench/out/ (bench/generate.py) and reused.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import VERSION, generate
from bench.shared_data import DATA, available
from index import add_documents, open_index
from pipeline import ImportJob, ImportReport, run_import
from pipeline.clean import clean
from pipeline.read import RawDocument, read_sources
from pipeline.run import BATCH_SIZE, warm_up
from pipeline.tag import tag

OUT = Path(__file__).parent / "out"
STAGE_SAMPLE = 500
WINDOW = 5_000


def collection(count: int) -> Path:
    """Return the folder of a generated collection of `count` pages, generating it if needed."""
    folder = OUT / f"collection-{count}-v{VERSION}"
    complete = OUT / f"collection-{count}-v{VERSION}.complete"  # beside the folder: inside, it would be imported
    if not complete.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, count)
        complete.touch()
    return folder


def stages(folder: Path) -> None:
    """Time each stage alone, in this process, on a sample of the collection."""
    started = time.perf_counter()
    raws = []
    for item in read_sources([folder]):
        if isinstance(item, RawDocument):
            raws.append(item)
        if len(raws) == STAGE_SAMPLE:
            break
    read = time.perf_counter() - started
    warm_up()  # the taggers' lists are loaded first, as an import does before its workers start
    started = time.perf_counter()
    pages = [clean(raw) for raw in raws]
    cleaned = time.perf_counter() - started
    started = time.perf_counter()
    articles = [tag(page, "bench") for page in pages]
    tagged = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as index_dir:
        ix = open_index(index_dir, create=True)
        started = time.perf_counter()
        for start in range(0, len(articles), BATCH_SIZE):
            add_documents(ix, articles[start : start + BATCH_SIZE])
        indexed = time.perf_counter() - started
    n = len(raws)
    print(f"per stage, one process, {n} documents: read {n / read:,.0f} docs/s, clean {n / cleaned:,.0f} docs/s, "
          f"tag {n / tagged:,.0f} docs/s, index {n / indexed:,.0f} docs/s")  # fmt: skip


def end_to_end(folder: Path, workers: int) -> None:
    """Import the whole collection as ingest.py does; report the rate as the index grows."""
    with tempfile.TemporaryDirectory() as index_dir:
        marks = []
        cpu_before = _cpu_seconds()
        started = time.perf_counter()

        def committed(report: ImportReport) -> None:
            marks.append((report.new + report.updated + report.duplicate, time.perf_counter() - started))

        report = run_import(ImportJob((folder,), "bench", workers=workers), Path(index_dir), on_commit=committed)
        seconds = time.perf_counter() - started
        importer_cpu, workers_cpu = (after - before for after, before in zip(_cpu_seconds(), cpu_before, strict=True))
        done = report.new + report.updated + report.duplicate
        marks.append((done, seconds))
        size = sum(f.stat().st_size for f in Path(index_dir).iterdir()) / 2**20
        optimized = _optimize(Path(index_dir))
    counts = f"{report.new:,} new, {report.duplicate:,} duplicate, {len(report.failures):,} failed"
    print(f"end to end, {workers} workers: {done:,} documents in {seconds:,.1f} s = {done / seconds:,.0f} docs/s "
          f"({counts}); index {size:,.0f} MB")  # fmt: skip
    first = next((t for n, t in marks if n >= WINDOW), seconds)
    last = seconds - next((t for n, t in reversed(marks) if n <= done - WINDOW), 0.0)
    # Both cores busy all along would be 2 * seconds of CPU: what is left idle, and what each doc costs.
    busy = (importer_cpu + workers_cpu) / (seconds * os.cpu_count())
    print(f"  CPU per document: importer {importer_cpu / done * 1000:.1f} ms, "
          f"workers {workers_cpu / done * 1000:.1f} ms; cores busy {busy:.0%}")  # fmt: skip
    print(f"  first {WINDOW:,}: {WINDOW / first:,.0f} docs/s; last {WINDOW:,}: {WINDOW / last:,.0f} docs/s")
    this = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak memory: importer {this:,.0f} MB, largest worker {children:,.0f} MB (with its pages at fork)")
    print(optimized)
    for failure in report.failures:
        print(f"  failed: {failure.source_path}: {failure.reason}")


def _optimize(index_dir: Path) -> str:
    """Merge the imported index into one segment as `ingest.py --optimize` does, in a process of
    its own: its time and peak memory.

    The peak is the process's own (VmHWM): its rusage would count the pages of this process,
    which it was forked from, as its own.
    """
    code = (
        "import sys; from index import open_index, optimize; optimize(open_index(sys.argv[1])); "
        "print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')))"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(index_dir)], cwd=Path(__file__).parent.parent,
                          capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode:
        return f"  --optimize into one segment failed after {seconds:,.0f} s: {done.stderr.strip()[-300:]}"
    return f"  --optimize into one segment: {seconds:,.0f} s, peak memory {int(done.stdout) / 1024:,.0f} MB"


def real_pages(folder: Path) -> None:
    """Clean, tag and index the shared dev sets' real pages in this process: the CPU a page costs.

    Twice: the first time includes what a long import pays once (dateparser compiling a
    language's patterns took 1.7 s on the first Spanish page), the second is the steady cost.
    """
    if not available():
        print("real pages: ../shared/data is absent, skipped")
        return
    sources = [DATA / "extraction" / "html", DATA / "extraction-multilingual" / "pages"]
    raws = [item for item in read_sources(sources) if isinstance(item, RawDocument)]
    real_kb = sum(len(raw.data) for raw in raws) / len(raws) / 1024
    generated = [page.stat().st_size for page in folder.rglob("*.htm*")]
    print(f"real pages of the shared dev sets, {len(raws)} of them, {real_kb:,.0f} KB of HTML on average "
          f"(generated pages: {sum(generated) / len(generated) / 1024:,.0f} KB):")  # fmt: skip
    warm_up()
    cores = os.cpu_count() or 1
    for run in ("first time", "again"):
        started = time.process_time()
        articles = [tag(clean(raw), "bench") for raw in raws]
        prepared = time.process_time()
        with tempfile.TemporaryDirectory() as index_dir:
            add_documents(open_index(index_dir, create=True), articles)
        indexed = time.process_time()
        ms = [(end - start) * 1000 / len(raws) for start, end in ((started, prepared), (prepared, indexed))]
        print(f"  {run}: {sum(ms):,.0f} ms of CPU a page ({ms[0]:,.0f} to clean and tag, {ms[1]:,.0f} to "
              f"index), at most {cores * 1000 / sum(ms):,.0f} docs/s on {cores} cores")  # fmt: skip


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process, and by its ended child processes (the workers)."""
    this, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return this.ru_utime + this.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    folder = collection(args.count)
    end_to_end(folder, args.workers)  # first: the peak memory it reports is the import's alone
    stages(folder)
    real_pages(folder)


if __name__ == "__main__":
    main()
