"""Near-duplicate clusters: wire copies of one story, grouped by the MinHash of their text.

The import computes each article's MinHash signature (128 values), stored in a column. Here the
signature is cut into 32 bands of 4 values, each hashed to one number: two articles that share
a band are candidates (almost surely when their texts are 60 % alike), and they are one story
when their signatures agree on at least NEAR_DUPLICATE_THRESHOLD of their values (an estimate
of the Jaccard similarity of their word 5-shingles). `python -m bench.clusters` measured it on
copies with another headline, an agency credit and added or dropped sentences, against other
stories built from the same sentence templates (a hard case): at 0.7 precision 1.000 and recall
0.985; at 0.6 precision 1.000 and recall 0.999; at 0.8 recall falls to 0.911 (on the generator
of 2026-12; earlier, easier copies gave 0.998 at 0.7 and a precision of 0.987 at 0.6). Grouping
two different stories hides one of them from a search, so precision comes first.

The bands are held in memory, in sorted arrays, not indexed as words: 32 words an article,
each found in no other, were two fifths of the words an import wrote and a fifth of its
writing time.
"""

from array import array

import numpy as np
from whoosh.reading import IndexReader

BANDS = 32
ROWS = 4  # BANDS * ROWS values per signature
SIGNATURE_BYTES = BANDS * ROWS * 4
NEAR_DUPLICATE_THRESHOLD = 0.7
MAX_CANDIDATES = 50
RECENT_KEYS = 32_000  # band hashes of about 1,000 articles held in a dict before filing them in arrays
MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (2^64 / golden ratio) that spreads bits


def band_hashes(signatures: np.ndarray) -> np.ndarray:
    """Return the hash of every band of every signature: (n, 128) uint32 in, (n, 32) int64 out.

    Equal bands, equal hashes; the band's number is hashed too, so band 3 of one article never
    meets band 5 of another. Unequal bands that collide only add a candidate, compared anyway.
    """
    values = signatures.reshape(len(signatures), BANDS, ROWS).astype(np.uint64)
    hashes = np.tile(np.arange(BANDS, dtype=np.uint64), (len(signatures), 1))
    for row in range(ROWS):
        hashes = (hashes ^ values[:, :, row]) * MIX
        hashes ^= hashes >> np.uint64(29)
    return hashes.view(np.int64)


def similarity(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    """Estimate the Jaccard similarity of two texts from their signatures."""
    if not first or len(first) != len(second):
        return 0.0
    return sum(a == b for a, b in zip(first, second, strict=True)) / len(first)


def pack(signature: tuple[int, ...]) -> bytes:
    return array("I", signature).tobytes()


class _Bands:
    """Band hashes and the rows (articles) holding them: which rows share a band.

    Most are filed in arrays sorted by hash, found by binary search; rows added one at a time
    wait in a dict until RECENT_KEYS hashes have gathered, as sorting the arrays again for
    each article would cost more than the search saves.
    """

    def __init__(self):
        self.keys = np.empty(0, dtype=np.int64)
        self.rows = np.empty(0, dtype=np.int64)
        self.recent: dict[int, list[int]] = {}  # hash -> rows, not yet filed

    def file(self, keys: np.ndarray, rows: np.ndarray) -> None:
        keys, rows = np.concatenate([self.keys, keys]), np.concatenate([self.rows, rows])
        order = np.argsort(keys, kind="stable")  # each hash's rows stay in the order they came
        self.keys, self.rows = keys[order], rows[order]

    def add(self, keys: list[int], row: int) -> None:
        for key in keys:
            self.recent.setdefault(key, []).append(row)
        if len(self.recent) >= RECENT_KEYS:
            pairs = [(key, row) for key, rows in self.recent.items() for row in rows]
            self.file(np.array([key for key, _ in pairs], dtype=np.int64), np.array([row for _, row in pairs]))
            self.recent.clear()

    def rows_of(self, keys: list[int]) -> list[list[int]]:
        """Return the rows holding each hash, in the order they came; a band that many share
        says little more than its first MAX_CANDIDATES."""
        starts = np.searchsorted(self.keys, keys, side="left").tolist()
        ends = np.searchsorted(self.keys, keys, side="right").tolist()
        return [
            [*self.rows[start : min(end, start + MAX_CANDIDATES)].tolist(), *self.recent.get(key, ())][:MAX_CANDIDATES]
            for key, start, end in zip(keys, starts, ends, strict=True)
        ]


class ClusterFinder:
    """Find the cluster of each new article among the stored ones and those added since.

    `reader` shows the index as it was before the additions (an import opens it once, at its
    start); the stored signatures are read from it once, at the first article, and the articles
    added since are kept here. Both are kept compactly (about 1 KB an article added, half
    that stored), as an import of a million articles keeps them all.
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
        self._stored: _Bands | None = None  # rows are document numbers of `reader`
        self._ids: list[str] = []  # per added article (row)
        self._clusters: list[str] = []
        self._signatures: list[bytes] = []
        self._added = _Bands()

    def cluster_of(self, doc_id: str, signature: tuple[int, ...]) -> str:
        """Return the cluster of the most similar copy at or above the threshold, else a new one."""
        self.added_ids.add(doc_id)
        packed = pack(signature)
        if len(packed) != SIGNATURE_BYTES:
            return doc_id
        vector = np.frombuffer(packed, dtype=np.uint32)
        keys = band_hashes(vector[np.newaxis])[0].tolist()
        best_cluster = doc_id
        candidates = [*self._stored_candidates(doc_id, keys), *self._added_candidates(doc_id, keys)]
        if candidates:  # all at once: an agency story can have dozens of candidate copies
            others = np.frombuffer(b"".join(other for _, other in candidates), dtype=np.uint32)
            scores = (others.reshape(len(candidates), -1) == vector).mean(axis=1)
            best = int(scores.argmax())
            if scores[best] >= NEAR_DUPLICATE_THRESHOLD:
                best_cluster = candidates[best][0]
        self._added.add(keys, len(self._ids))
        self._ids.append(doc_id)
        self._clusters.append(best_cluster)
        self._signatures.append(packed)
        return best_cluster

    def may_hold(self, doc_id: str) -> bool:
        """Tell whether `doc_id` was stored before or added since: if not, it is surely new.

        A bulk import adds one segment per batch; looking every article up in all of them
        made each batch slower than the one before.
        """
        return doc_id in self.added_ids or ("doc_id", doc_id) in self.reader

    def _added_candidates(self, doc_id: str, keys: list[int]):
        """Yield (cluster, signature) of the added articles sharing a band, each once, in the order added."""
        for row in dict.fromkeys(row for rows in self._added.rows_of(keys) for row in rows):
            if self._ids[row] != doc_id:
                yield self._clusters[row], self._signatures[row]

    def _stored_candidates(self, doc_id: str, keys: list[int]):
        docnums = sorted({docnum for rows in self._stored_bands().rows_of(keys) for docnum in rows})
        if docnums:
            ids, clusters, signatures = self.columns  # columns: no article text to load
            for docnum in docnums[:MAX_CANDIDATES]:
                if ids[docnum] != doc_id:
                    yield clusters[docnum], signatures[docnum]

    def _stored_bands(self) -> _Bands:
        """Read the stored signatures once and file their bands (an index of 100,000 articles: a second)."""
        if self._stored is None:
            self._stored = _Bands()
            docnums, packed = [], []
            for docnum, signature in enumerate(self.columns[2] if self.columns else ()):
                if len(signature or b"") == SIGNATURE_BYTES and not self.reader.is_deleted(docnum):
                    docnums.append(docnum)
                    packed.append(signature)
            if docnums:
                signatures = np.frombuffer(b"".join(packed), dtype=np.uint32).reshape(len(docnums), -1)
                self._stored.file(band_hashes(signatures).ravel(), np.repeat(np.array(docnums), BANDS))
        return self._stored
