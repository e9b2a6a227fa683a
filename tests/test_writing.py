"""The import's fast paths write exactly what Whoosh's own would: same terms, same statistics."""

import gc

import pytest
from whoosh.fields import TEXT
from whoosh.writing import SegmentWriter

from index import add_documents, open_index
from index.schema import SCHEMA
from index.writing import BulkWriter
from pipeline.clean import clean
from pipeline.read import RawDocument, read_sources
from pipeline.run import prepare
from tests.conftest import ROOT

TRICKY = (
    "Café ÜMIT İstanbul ΟΔΟΣ Ærø straße ﬁnance naïve résumé: the U.S. paid 3.5 million; U.S.A. "
    "attacks attacked attacking — 東京で会談 — Переговоры в Москве, атаки атаковали — بغداد والبصرة"
)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """The cleaned text of every page of the demo collection (eight languages), and a tricky one."""
    pages = [item for item in read_sources([ROOT / "demo" / "pages"]) if isinstance(item, RawDocument)]
    assert len(pages) >= 20
    return [TRICKY, *(clean(page).text for page in pages)]


@pytest.mark.parametrize("field", ["title", "body", "stem_en", "stem_ru", "stem_fr", "stem_de", "stem_ar"])
def test_words_index_as_the_fields_analyzer_does(field, texts):
    words = SCHEMA[field]
    for text in texts:
        # TEXT.index is Whoosh's own way: the field's analyzer, a token object per word
        assert sorted(words.index(text)) == sorted(TEXT.index(words, text))


def _documents(texts) -> list[dict]:
    return [
        {"doc_id": str(n), "title": text[:60], "body": text, "stem_en": text, "country": "AM,AZ"[: 2 + 3 * (n % 2)]}
        for n, text in enumerate(texts)
    ]


def _postings(ix) -> list:
    with ix.reader() as reader:
        return [
            (field, term, list(reader.postings(field, term).items_as("weight")), _stats(reader, field, term))
            for field, term in reader.all_terms()
        ]


def test_bulk_writer_writes_the_same_postings_and_statistics_as_whoosh(tmp_path, texts):
    written = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("bulk", BulkWriter)):
        ix = open_index(tmp_path / name, create=True)
        writer = writer_class(ix)
        for fields in _documents(texts):
            writer.add_document(**fields)
        writer.commit()
        written[name] = _postings(ix)
    assert len(written["bulk"]) > 1_000
    assert written["bulk"] == written["whoosh"]


@pytest.mark.parametrize("limitmb", [128, 0.05])  # 0.05: the merged postings spill to disk in runs
def test_bulk_writer_merges_segments_as_whoosh_does(tmp_path, texts, limitmb):
    """Segments written in three commits, one document replaced, then merged into one."""
    documents = _documents(texts)
    thirds = [documents[start::3] for start in range(3)]
    written = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("bulk", BulkWriter)):
        ix = open_index(tmp_path / name, create=True)
        for third in thirds:
            writer = writer_class(ix)
            for fields in third:
                writer.update_document(**fields)
            writer.commit()
        writer = writer_class(ix, limitmb=limitmb)
        writer.update_document(**{**documents[0], "body": "replaced"})
        writer.commit(optimize=True)
        assert ix.doc_count_all() == len(documents)  # merged: the replaced copy is gone
        written[name] = _postings(ix)
    assert len(written["bulk"]) > 1_000
    assert written["bulk"] == written["whoosh"]


def test_the_cycle_collector_is_paused_while_a_batch_is_written_then_resumed(tmp_path):
    pages = [item for item in read_sources([ROOT / "demo" / "pages"]) if isinstance(item, RawDocument)]
    articles = [prepare(page, "demo") for page in pages]
    ix = open_index(tmp_path, create=True)
    collector_on = []

    def batch(fail: bool = False):
        for article in articles:
            collector_on.append(gc.isenabled())
            yield article
        if fail:
            raise RuntimeError("a batch that fails half-way")

    assert add_documents(ix, batch()).new == len(articles)
    assert collector_on == [False] * len(articles) and gc.isenabled()
    with pytest.raises(RuntimeError):
        add_documents(ix, batch(fail=True))
    assert gc.isenabled()


def _stats(reader, field, term):
    info = reader.term_info(field, term)
    return info.doc_frequency(), info.weight(), info.min_length(), info.max_length(), info.max_weight()


def test_segment_files_are_read_in_place_from_the_map_as_whoosh_would_read_a_copy(pages_index):
    import io
    import pickle

    from index.storage import MappedFile, _ViewReader

    ix = open_index(pages_index)
    with ix.reader() as reader:
        postings = reader.leaf_readers()[0][0]._terms._postfile  # a compound segment's postings
        assert isinstance(postings, MappedFile) and not isinstance(postings.file, io.BytesIO)
        assert reader.doc_count() >= 5 and list(reader.postings("body", b"ceasefire").all_ids())

    data = pickle.dumps({"terms": ["a", "b"] * 50}, 2) + b"line one\nline two\n" + bytes(range(256))
    for file in (io.BytesIO(data), _ViewReader(memoryview(data))):
        steps = [pickle.load(file), file.tell(), file.readline(), file.read(3), file.seek(-10, io.SEEK_END)]
        steps += [file.read(), file.read(5), file.seek(4), file.seek(2, io.SEEK_CUR), file.read(4)]
        if isinstance(file, io.BytesIO):
            expected = steps
    assert steps == expected
