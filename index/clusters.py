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
RECENT_KEYS = 32_000  # band keys of about 1,000 articles held in a dict before filing them in arrays


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
    start); the articles added since are kept here, so they need no index lookups. They are
    kept compactly (about 1 KB an article: band keys in sorted arrays, signatures as bytes), as
    an import of a million articles keeps them all.
    """

    def __init__(self, reader: IndexReader):
        self.reader = reader
        self.added_ids: set[str] = set()
        # Column readers are costly to open over many segments: once, not per article.
        self.columns = (
            tuple(reader.column_reader(f) for f in ("doc_id", "cluster_id", "signature"))
            if reader.has_column("signature")
            else None  # an empty index
        )
        self._ids: list[str] = []  # per added article ("row")
        self._clusters: list[str] = []
        self._signatures: list[bytes] = []
        self._keys = np.empty(0, dtype=np.int64)  # hashes of the added articles' band keys, sorted
        self._rows = np.empty(0, dtype=np.int64)  # the row of each key
        self._recent: dict[int, list[int]] = {}  # band key hash -> rows, not yet in the arrays

    def cluster_of(self, doc_id: str, signature: tuple[int, ...]) -> str:
        """Return the cluster of the most similar copy at or above the threshold, else a new one."""
        self.added_ids.add(doc_id)
        if not signature:
            return doc_id
        terms = band_keys(signature)
        keys = [hash(term) for term in terms]  # this process's own hashes, never stored
        packed = pack(signature)
        best_cluster = doc_id
        candidates = [
            (cluster, other)
            for cluster, other in (*self._stored_candidates(doc_id, terms), *self._added(doc_id, keys))
            if len(other) == len(packed)
        ]
        if candidates:  # all at once: an agency story can have dozens of candidate copies
            others = np.frombuffer(b"".join(other for _, other in candidates), dtype=np.uint32)
            scores = (others.reshape(len(candidates), -1) == np.frombuffer(packed, dtype=np.uint32)).mean(axis=1)
            best = int(scores.argmax())
            if scores[best] >= NEAR_DUPLICATE_THRESHOLD:
                best_cluster = candidates[best][0]
        self._remember(doc_id, best_cluster, packed, keys)
        return best_cluster

    def may_hold(self, doc_id: str) -> bool:
        """Tell whether `doc_id` was stored before or added since: if not, it is surely new.

        A bulk import adds one segment per batch; looking every article up in all of them
        made each batch slower than the one before.
        """
        return doc_id in self.added_ids or ("doc_id", doc_id) in self.reader

    def _remember(self, doc_id: str, cluster: str, packed: bytes, keys: list[int]) -> None:
        row = len(self._ids)
        self._ids.append(doc_id)
        self._clusters.append(cluster)
        self._signatures.append(packed)
        for key in keys:
            self._recent.setdefault(key, []).append(row)
        if len(self._recent) >= RECENT_KEYS:
            self._file_recent()

    def _file_recent(self) -> None:
        """Move the recent keys into the sorted arrays; stable sorts keep each key's rows in order."""
        pairs = sorted((key, row) for key, rows in self._recent.items() for row in rows)
        keys = np.concatenate([self._keys, np.array([key for key, _ in pairs], dtype=np.int64)])
        rows = np.concatenate([self._rows, np.array([row for _, row in pairs], dtype=np.int64)])
        order = np.argsort(keys, kind="stable")  # two sorted runs: merged in one pass
        self._keys, self._rows = keys[order], rows[order]
        self._recent.clear()

    def _added(self, doc_id: str, keys: list[int]):
        """Yield (cluster, signature) of the added articles sharing a band, each once."""
        wanted = np.array(keys, dtype=np.int64)
        starts = np.searchsorted(self._keys, wanted, side="left")
        ends = np.searchsorted(self._keys, wanted, side="right")
        rows = {}  # ordered: the rows of each band in the order they were added
        for key, start, end in zip(keys, starts.tolist(), ends.tolist(), strict=True):
            # A band that many articles share says little more: its first MAX_CANDIDATES do.
            filed = self._rows[start : min(end, start + MAX_CANDIDATES)].tolist()
            rows.update(dict.fromkeys([*filed, *self._recent.get(key, ())][:MAX_CANDIDATES]))
        for row in rows:
            if self._ids[row] != doc_id:
                yield self._clusters[row], self._signatures[row]

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
