"""Quality of the cleaning, language and date stages on the shared dev sets, and their speed.

python -m bench.quality            # every figure
python -m bench.quality extraction # one part: extraction, language, dates
"""

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from bench.shared_data import DATA, SCORER, available, gunzip, jsonl
from pipeline.clean import clean
from pipeline.language import detect_language, supported_languages
from pipeline.read import RawDocument
from pipeline.tag import tag


def extraction() -> None:
    """Score main-text extraction with the shared scorer; time each stage per document."""
    for name, folder in (("English news", "extraction"), ("multilingual", "extraction-multilingual")):
        gold = jsonl(DATA / folder / "gold.jsonl")
        raws = [RawDocument(g["file"], gunzip(DATA / folder / g["file"]), "html") for g in gold]
        started = time.perf_counter()
        pages = [clean(raw) for raw in raws]
        clean_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for page in pages:
            tag(page, "bench")
        tag_seconds = time.perf_counter() - started
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as pred:
            for page in pages:
                pred.write(json.dumps({"source_path": page.source_path, "text": page.text}) + "\n")
        scored = subprocess.run(
            [sys.executable, str(SCORER), str(DATA / folder / "gold.jsonl"), pred.name, "--json"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        scores = json.loads(scored.stdout)
        figures = scores.get("text") or scores["snippets"]
        Path(pred.name).unlink()
        methods = Counter(page.extraction_method for page in pages)
        print(f"extraction, {name} ({len(pages)} pages): precision {figures['precision']:.3f}, "
              f"recall {figures['recall']:.3f}, F1 {figures['f1']:.3f}; methods {dict(methods)}")  # fmt: skip
        print(f"  speed: clean {len(pages) / clean_seconds:.0f} docs/s, tag {len(pages) / tag_seconds:.0f} docs/s")


def language() -> None:
    """Accuracy of the language stage on sentences of 50 languages and on whole pages."""
    supported = set(supported_languages())
    right = total = 0
    wrong_by_language = Counter()
    started = time.perf_counter()
    for path in sorted((DATA / "language" / "sentences").glob("*.txt")):
        if path.stem not in supported:
            continue
        for sentence in path.read_text(encoding="utf-8").split("\n"):
            if sentence.strip():
                total += 1
                if detect_language(sentence)[0] == path.stem:
                    right += 1
                else:
                    wrong_by_language[path.stem] += 1
    seconds = time.perf_counter() - started
    weakest = ", ".join(f"{code} {100 - n / 2:.1f} %" for code, n in wrong_by_language.most_common(4))
    print(f"language, sentences: {right / total:.2%} of {total:,} right ({total / seconds:,.0f} sentences/s); "
          f"weakest: {weakest}")  # fmt: skip
    gold = jsonl(DATA / "extraction-multilingual" / "gold.jsonl")
    pages = [clean(RawDocument(g["file"], gunzip(DATA / "extraction-multilingual" / g["file"]), "html")) for g in gold]
    started = time.perf_counter()
    found = [detect_language(page.text, page.declared_language)[0] for page in pages]
    seconds = time.perf_counter() - started
    right = sum(code == g["lang"] for code, g in zip(found, gold, strict=True))
    print(f"language, whole pages: {right} of {len(pages)} right ({len(pages) / seconds:,.0f} articles/s)")


def dates() -> None:
    """Exact-day accuracy of the date stage on pages with a verified publication day."""
    today = date.today()
    folder = DATA / "dates"
    gold, urls = json.loads((folder / "gold.json").read_text()), json.loads((folder / "urls.json").read_text())
    cases = [(name, gunzip(folder / "pages" / name), urls.get(name), day) for name, day in gold.items()]
    seed = DATA / "seed"
    seed_day = json.loads((seed / "seed-expected.json").read_text())["published"]["seed-article.html"]
    cases.append(("seed-article.html", (seed / "seed-article.html").read_bytes(), None, seed_day))
    multilingual = DATA / "extraction-multilingual"
    cases_ml = [(g["file"], gunzip(multilingual / g["file"]), g["url"], g["date"])
                for g in jsonl(multilingual / "gold.jsonl") if g.get("date")]  # fmt: skip
    for name, group in (("news pages with verified days and the seed", cases), ("multilingual pages", cases_ml)):
        right, sources, misses = 0, Counter(), []
        for path, data, url, day in group:
            published = clean(RawDocument(path, data, "html", url=url), today=today).published
            sources[published.source] += 1
            if str(published.day) == day:
                right += 1
            else:
                misses.append(f"{Path(path).name[:20]}: {published.day} (gold {day})")
        print(f"dates, {name}: {right} of {len(group)} exact ({right / len(group):.1%}); sources {dict(sources)}")
        for miss in misses:
            print(f"  missed {miss}")


PARTS = {"extraction": extraction, "language": language, "dates": dates}


def main(parts: list[str]) -> None:
    if not available():
        print(f"quality: skipped, the shared dev data is not at {DATA}")
        return
    for part in parts or PARTS:
        PARTS[part]()


if __name__ == "__main__":
    main(sys.argv[1:])
