"""Quality of the cleaning, language and date stages on the shared dev sets, and their speed.

python -m bench.quality            # every figure
python -m bench.quality extraction # one part: extraction, language, dates
"""

import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from bench.shared_data import DATA, SCORER, available, gunzip, jsonl
from pipeline.actors import organisation_aliases, tag_actors
from pipeline.clean import clean
from pipeline.countries import tag_countries
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


def countries() -> None:
    """Country facet against the Reuters gold places, with and without its habitual "usa" label."""
    successors = {}
    for line in (DATA / "reuters" / "places-iso3166.tsv").read_text().splitlines()[1:]:
        _place, code, *rest = line.split("\t")
        successors[code] = set(rest[0].split(",")) if rest and rest[0] else set()
    stories = [s for s in jsonl(DATA / "reuters" / "gold.jsonl") if s["body"] or s["title"]]
    started = time.perf_counter()
    predicted = [tag_countries(s["title"] or "", f"{s['dateline'] or ''} {s['body'] or ''}") for s in stories]
    seconds = time.perf_counter() - started
    for label, drop in (("all labels", set()), ("without US", {"US"})):
        for facet in ("about", "mentioned"):
            tp = fp = fn = 0
            for story, tags in zip(stories, predicted, strict=True):
                gold = set(story["countries"]) - drop
                found = set(getattr(tags, facet)) - drop
                matched = {g for g in gold if g in found or successors.get(g, set()) & found}
                tp += len(matched)
                fn += len(gold - matched)
                fp += len({f for f in found if f not in gold and not any(f in successors.get(g, ()) for g in gold)})
            precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
            f1 = 2 * precision * recall / max(1e-9, precision + recall)
            print(f"countries, Reuters {len(stories):,} stories, {facet} ({label}): precision {precision:.3f}, "
                  f"recall {recall:.3f}, F1 {f1:.3f}")  # fmt: skip
    print(f"  speed: {len(stories) / seconds:,.0f} stories/s")


def actors() -> None:
    """Actor facet: the seed's expected actors, and Reuters gold people and organisations."""
    expected = json.loads((DATA / "seed" / "seed-expected.json").read_text())["actors"]
    seed_text = (DATA / "seed" / "seed-article.txt").read_text(encoding="utf-8")
    title, _, body = seed_text.partition("\n")
    found = tag_actors(title, clean(RawDocument("seed.txt", seed_text.encode(), "text")).text)
    names = {_actor_key(a.name): a for a in found}
    must_hits = sum(any(_actor_key(n) in names for n in [e["name"], *e["aliases"]]) for e in expected["must"])
    allowed = {_actor_key(n) for e in expected["must"] + expected["may"] for n in [e["name"], *e["aliases"]]}
    extra = sorted(a.name for a in found if _actor_key(a.name) not in allowed)
    print(f"actors, seed: {must_hits} of {len(expected['must'])} expected actors found; not expected: {extra}")

    stories = [s for s in jsonl(DATA / "reuters" / "gold.jsonl") if s["body"]]
    started = time.perf_counter()
    predicted = [tag_actors(s["title"] or "", f"{s['dateline'] or ''} {s['body']}") for s in stories]
    seconds = time.perf_counter() - started
    # Reuters indexed only the people of a fixed list; a predicted person off that list cannot be judged.
    indexed = (DATA / "reuters" / "all-people-strings.lc.txt").read_text().split()
    gold_people = found_people = predicted_people = right_people = judged_people = right_judged = 0
    gold_orgs = found_orgs = 0
    for story, story_actors in zip(stories, predicted, strict=True):
        people = ["-".join(a.name.lower().split()) for a in story_actors if a.type == "person"]
        if story["people"]:
            gold_people += len(story["people"])
            found_people += sum(any(p == g or p.endswith("-" + g) for p in people) for g in story["people"])
            predicted_people += len(people)
            right_people += sum(any(p == g or p.endswith("-" + g) for g in story["people"]) for p in people)
            judged = [p for p in people if any(p == g or p.endswith("-" + g) for g in indexed)]
            judged_people += len(judged)
            right_judged += sum(any(p == g or p.endswith("-" + g) for g in story["people"]) for p in judged)
        if story["orgs"]:
            keys = {k for a in story_actors if a.type != "person" for k in _organisation_keys(a.name)}
            gold_orgs += len(story["orgs"])
            found_orgs += sum(g.replace("-", "") in keys for g in story["orgs"])
    print(f"actors, Reuters people ({sum(1 for s in stories if s['people'])} stories with gold people): "
          f"recall {found_people / gold_people:.3f}; precision {right_judged / max(1, judged_people):.3f} on the "
          f"{judged_people} found people Reuters indexes, {right_people / max(1, predicted_people):.3f} on all "
          f"{predicted_people} found (most of the others are real people Reuters did not index)")  # fmt: skip
    print(f"actors, Reuters organisations: recall {found_orgs / gold_orgs:.3f}")
    print(f"  speed: {len(stories) / seconds:,.0f} stories/s")


def _actor_key(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


def _organisation_keys(name: str) -> set[str]:
    return {re.sub(r"\W", "", alias.lower()) for alias in organisation_aliases(name)}


PARTS = {
    "extraction": extraction,
    "language": language,
    "dates": dates,
    "countries": countries,
    "actors": actors,
}


def main(parts: list[str]) -> None:
    if not available():
        print(f"quality: skipped, the shared dev data is not at {DATA}")
        return
    for part in parts or PARTS:
        PARTS[part]()


if __name__ == "__main__":
    main(sys.argv[1:])
