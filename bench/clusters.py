"""Choose the near-duplicate threshold: how well copies of a story and other stories are told apart.

    python -m bench.clusters

Wire copies come from bench/generate.py (another headline, an agency credit, an added sentence);
other stories there are built from the same sentence templates, which makes them look alike: a
hard case. For each threshold: precision and recall of "same story" over every pair of articles
that share a MinHash band (the only pairs the index compares) and every true pair of copies.
"""

import random
from itertools import combinations

import numpy as np

from bench.generate import _edited, _story
from index.clusters import band_hashes, similarity
from pipeline.tag import minhash

STORIES = 600
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def main() -> None:
    rng = random.Random(3)
    articles = []  # (story number, signature)
    for number in range(STORIES):
        story = _story(rng)
        for copy in range(rng.randint(2, 6) if number % 3 == 0 else 1):
            paragraphs = (_edited(rng, story) if copy else story)["paragraphs"]
            if copy % 2 == 0 and len(paragraphs) > 4:  # an outlet that cut a paragraph and added its own
                paragraphs = [*paragraphs[:-2], paragraphs[-1], "Our correspondent contributed to this report."]
            text = "\n\n".join(paragraphs)
            articles.append((number, minhash(text)))
    candidates = set()
    by_band: dict[int, list[int]] = {}
    hashes = band_hashes(np.array([signature for _, signature in articles], dtype=np.uint32))
    for i, keys in enumerate(hashes.tolist()):
        for key in keys:
            by_band.setdefault(key, []).append(i)
    for members in by_band.values():
        candidates.update(combinations(members, 2))
    true_pairs = {(i, j) for i, j in combinations(range(len(articles)), 2) if articles[i][0] == articles[j][0]}
    print(f"clusters: {len(articles):,} articles, {len(true_pairs):,} pairs of copies, "
          f"{len(candidates):,} pairs sharing a band")  # fmt: skip
    scores = {pair: similarity(articles[pair[0]][1], articles[pair[1]][1]) for pair in candidates | true_pairs}
    for threshold in THRESHOLDS:
        found = {pair for pair in candidates if scores[pair] >= threshold}
        right = len(found & true_pairs)
        precision, recall = right / max(1, len(found)), right / len(true_pairs)
        print(f"  threshold {threshold:.1f}: precision {precision:.3f}, recall {recall:.3f}")


if __name__ == "__main__":
    main()
