"""Near-duplicate clusters: wire copies of one story, grouped by the MinHash of their text.

The import computes each article's MinHash signature (128 values). Here the signature is cut
into 32 bands of 4 values; each band is indexed as a term, so the copies of a story are found
through the index itself: two articles that share a band are candidates (almost surely when
their texts are 60 % alike), and they are one story when their signatures agree on at least
NEAR_DUPLICATE_THRESHOLD of their values (an estimate of the Jaccard similarity of their word
5-shingles). `python -m bench.clusters` measured it on copies with another headline, an agency
credit and added or dropped sentences, against other stories built from the same sentence
templates (a hard case): at 0.7 precision 1.000 and recall 0.998; at 0.6 precision 0.987 and
recall 1.000; at 0.8 recall falls to 0.944. Grouping two different stories hides one of them
from a search, so precision comes first.
"""

import hashlib
from array import array
from itertools import islice

import numpy as np
from whoosh.reading import IndexReader

BANDS = 32
ROWS = 4  # BANDS * ROWS values per signature
NEAR_DUPLICATE_THRESHOLD = 0.7
MAX_CANDIDATES = 50


def band_keys(signature: tuple[int, ...]) -> list[str]:
    """Return the index terms of a signature's bands ("3:9f2c…"): equal bands, equal terms."""
    keys = []
    for band in range(BANDS):
        values = array("I", signature[band * ROWS : (band + 1) * ROWS]).tobytes()
        keys.append(f"{band}:{hashlib.blake2b(values, digest_size=8).hexdigest()}")
    return keys


def similarity(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    """Estimate the Jaccard similarity of two texts from their signatures."""
    if not first or len(first) != len(second):
        return 0.0
    return sum(a == b for a, b in zip(first, second, strict=True)) / len(first)


def pack(signature: tuple[int, ...]) -> bytes:
    return array("I", signature).tobytes()


class ClusterFinder:
    """Find the cluster of each new article among the stored ones and those added since.

    `reader` shows the index as it was before the additions (an import opens it once, at its
    start); the articles added since are kept here, by band, so they need no index lookups.
    """

    def __init__(self, reader: IndexReader):
        self.reader = reader
        self.added: dict[str, list[tuple[str, str, bytes]]] = {}  # band key -> [(doc_id, cluster_id, packed)]
        self.added_ids: set[str] = set()
        # Column readers are costly to open over many segments: once, not per article.
        self.columns = (
            tuple(reader.column_reader(f) for f in ("doc_id", "cluster_id", "signature"))
            if reader.has_column("signature")
            else None  # an empty index
        )

    def cluster_of(self, doc_id: str, signature: tuple[int, ...]) -> str:
        """Return the cluster of the most similar copy at or above the threshold, else a new one."""
        self.added_ids.add(doc_id)
        if not signature:
            return doc_id
        keys = band_keys(signature)
        packed = pack(signature)
        best_cluster = doc_id
        candidates = [pair for pair in self._candidates(doc_id, keys) if len(pair[1]) == len(packed)]
        if candidates:  # all at once: an agency story can have dozens of candidate copies
            others = np.frombuffer(b"".join(other for _, other in candidates), dtype=np.uint32)
            scores = (others.reshape(len(candidates), -1) == np.frombuffer(packed, dtype=np.uint32)).mean(axis=1)
            best = int(scores.argmax())
            if scores[best] >= NEAR_DUPLICATE_THRESHOLD:
                best_cluster = candidates[best][0]
        for key in keys:
            copies = self.added.setdefault(key, [])
            if len(copies) < MAX_CANDIDATES:  # a band that many articles share says little more
                copies.append((doc_id, best_cluster, packed))
        return best_cluster

    def may_hold(self, doc_id: str) -> bool:
        """Tell whether `doc_id` was stored before or added since: if not, it is surely new.

        A bulk import adds one segment per batch; looking every article up in all of them
        made each batch slower than the one before.
        """
        return doc_id in self.added_ids or ("doc_id", doc_id) in self.reader

    def _candidates(self, doc_id: str, keys: list[str]):
        yield from self._stored_candidates(doc_id, keys)
        seen = set()
        for key in keys:
            for other_id, cluster_id, packed in self.added.get(key, ()):
                if other_id != doc_id and other_id not in seen:
                    seen.add(other_id)
                    yield cluster_id, packed

    def _stored_candidates(self, doc_id: str, keys: list[str]):
        if self.columns is None:
            return
        reader = self.reader
        docnums = set()
        for key in keys:  # most bands are unique to their article: a term lookup says so quickly
            if ("lsh_bands", key) in reader:
                docnums.update(islice(reader.postings("lsh_bands", key).all_ids(), MAX_CANDIDATES))
        ids, clusters, signatures = self.columns  # not stored fields: no article text to load
        for docnum in sorted(docnums)[:MAX_CANDIDATES]:
            if not reader.is_deleted(docnum) and ids[docnum] != doc_id:
                yield clusters[docnum], signatures[docnum] or b""
