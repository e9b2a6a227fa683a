import threading
from dataclasses import replace
from datetime import date

import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.query import Term

from index import Actor, Article, IndexMissing, IndexOutdated, add_documents, get_document, open_index
from index.reading import current_searcher
from index.store import known_source_keys


def article(doc_id="a1", **changes):
    base = Article(
        doc_id=doc_id,
        title="Truce holds",
        text="The truce held overnight.",
        source_path="x.html",
        published=date(2020, 11, 10),
        countries=("AM", "AZ"),
        actors=(Actor("Nikol Pashinyan", "person"),),
    )
    return replace(base, **changes)


def test_missing_index_names_the_command_that_builds_one(tmp_path):
    with pytest.raises(IndexMissing, match="ingest.py"):
        open_index(tmp_path / "none")


def test_stored_article_comes_back_whole(tmp_path):
    ix = open_index(tmp_path, create=True)
    add_documents(ix, [article()])
    stored = get_document(ix, "a1")
    assert replace(stored, imported=None) == replace(article(), paths=("x.html",), cluster_id="a1")
    assert stored.imported is not None


def test_same_article_twice_changes_nothing(tmp_path):
    ix = open_index(tmp_path, create=True)
    first = add_documents(ix, [article(), article("a2")])
    again = add_documents(ix, [article(), article("a2")])
    assert (first.new, again.new, again.unchanged) == (2, 0, 2)
    assert ix.doc_count() == 2


def test_changed_article_is_updated_in_place(tmp_path):
    ix = open_index(tmp_path, create=True)
    add_documents(ix, [article()])
    counts = add_documents(ix, [article(title="Truce broken")])
    assert counts.updated == 1 and ix.doc_count() == 1
    assert get_document(ix, "a1").title == "Truce broken"


def test_same_article_at_two_paths_is_stored_once_listing_both(tmp_path):
    ix = open_index(tmp_path, create=True)
    counts = add_documents(ix, [article(source_key="k1"), article(source_path="copy/x.html", source_key="k2")])
    assert (counts.new, counts.duplicate, ix.doc_count()) == (1, 1, 1)
    assert get_document(ix, "a1").paths == ("x.html", "copy/x.html")
    again = add_documents(ix, [article(source_path="copy/x.html", source_key="k2")])
    assert (again.unchanged, ix.doc_count()) == (1, 1)
    assert known_source_keys(ix) == {"k1", "k2"}


def signature_of(text: str) -> tuple[int, ...]:
    from pipeline.tag import minhash

    return minhash(text)


STORY = " ".join(f"Shelling resumed near the town of Tartar on day {n}, officials said." for n in range(30))


def test_copies_of_a_story_share_a_cluster_and_other_stories_do_not(tmp_path):
    ix = open_index(tmp_path, create=True)
    original = article("wire-1", text=STORY, signature=signature_of(STORY))
    edited = STORY.replace("officials said", "local officials told reporters", 2) + " Reporting by a correspondent."
    copy = article("wire-2", text=edited, signature=signature_of(edited))
    other_text = " ".join(f"Grain exports rose in quarter {n}, traders in Buenos Aires said." for n in range(30))
    other = article("other", text=other_text, signature=signature_of(other_text))
    add_documents(ix, [original])
    add_documents(ix, [copy, other])
    assert get_document(ix, "wire-2").cluster_id == get_document(ix, "wire-1").cluster_id == "wire-1"
    assert get_document(ix, "other").cluster_id == "other"


def test_signatures_are_datasketchs_own_so_stored_articles_still_find_their_copies():
    from datasketch import MinHash

    from pipeline.tag import SHINGLE_WORDS, WORD

    words = WORD.findall(STORY.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}
    expected = MinHash(num_perm=128, seed=1)
    expected.update_batch(list(shingles))
    assert signature_of(STORY) == tuple(int(value) for value in expected.hashvalues)


def test_index_of_another_version_is_refused_with_the_way_out(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, Schema

    whoosh_index.create_in(tmp_path, Schema(doc_id=ID(stored=True)))
    with pytest.raises(IndexOutdated, match="import the collections again"):
        open_index(tmp_path)


def test_index_of_the_version_that_indexed_minhash_bands_opens_and_its_copies_are_found(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import KEYWORD

    from index.schema import SCHEMA

    earlier = SCHEMA.copy()
    earlier.add("lsh_bands", KEYWORD)  # written until 2026-12, now retired
    whoosh_index.create_in(tmp_path, earlier)
    add_documents(open_index(tmp_path), [article("wire-1", text=STORY, signature=signature_of(STORY))])
    copy = STORY.replace("officials said", "the ministry said", 3)
    add_documents(open_index(tmp_path), [article("wire-2", text=copy, signature=signature_of(copy))])
    assert get_document(open_index(tmp_path), "wire-2").cluster_id == "wire-1"


def test_one_searcher_is_reused_until_a_commit_lands(tmp_path):
    ix = open_index(tmp_path, create=True)
    add_documents(ix, [article()])
    first = current_searcher(ix)
    assert current_searcher(ix) is first
    add_documents(ix, [article("a2")])
    assert current_searcher(ix) is not first
    assert get_document(ix, "a2") is not None


def test_each_thread_has_a_searcher_of_its_own(tmp_path):
    ix = open_index(tmp_path, create=True)
    add_documents(ix, [article()])
    other = []
    thread = threading.Thread(target=lambda: other.append(current_searcher(ix)))
    thread.start()
    thread.join()
    assert other[0] is not current_searcher(ix)


def test_many_small_commits_do_not_pile_up_segments(tmp_path):
    ix = open_index(tmp_path, create=True)
    for n in range(25):
        add_documents(ix, [article(f"a{n}")])
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) < 10 and reader.doc_count() == 25


def test_index_is_whooshs_own_format_with_small_and_large_posting_blocks(tmp_path):
    # The writer leaves blocks of few postings uncompressed (index/writing.py); Whoosh reads both.
    ix = open_index(tmp_path, create=True)
    add_documents(ix, [article(f"a{n}", text=f"The truce held overnight in village{n}.") for n in range(40)])
    ix = open_index(tmp_path)
    assert [type(segment.codec()) for segment in ix._segments()] == [W3Codec]
    with ix.searcher() as searcher:
        assert len(searcher.search(Term("body", "truce"), limit=None)) == 40  # one block of 40 postings
        assert [hit["doc_id"] for hit in searcher.search(Term("body", "village7"))] == ["a7"]


def test_an_import_finds_copies_among_the_articles_it_added_before_and_after_filing_them(tmp_path):
    import random

    from index.clusters import RECENT_KEYS, ClusterFinder

    rng = random.Random(7)
    signatures = [tuple(rng.getrandbits(32) for _ in range(128)) for _ in range(RECENT_KEYS // 32 + 100)]

    def copy_of(signature):  # a fifth of the values differ: similarity 0.8, above the threshold
        return tuple(rng.getrandbits(32) if i % 5 == 0 else value for i, value in enumerate(signature))

    ix = open_index(tmp_path, create=True)
    with ix.reader() as reader:
        finder = ClusterFinder(reader)
        assert [finder.cluster_of(f"a{n}", s) for n, s in enumerate(signatures)] == [
            f"a{n}" for n in range(len(signatures))
        ]
        assert finder.cluster_of("copy-of-a5", copy_of(signatures[5])) == "a5"  # filed in the arrays
        assert finder.cluster_of("copy-of-last", copy_of(signatures[-1])) == f"a{len(signatures) - 1}"  # recent
        assert finder.cluster_of("copy-of-copy", copy_of(signatures[5])) == "a5"
        assert finder.cluster_of("unrelated", tuple(rng.getrandbits(32) for _ in range(128))) == "unrelated"
