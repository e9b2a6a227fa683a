from pipeline import ImportJob, ImportReport, prepared_articles
from pipeline.boilerplate import repeated_lines

SITE_LINE = "Get Valley Daily headlines first: download our app today"


def write_scrapes(folder, count):
    for n in range(count):
        (folder / f"story-{n}.txt").write_text(
            f"Story number {n} about the border\n\n"
            f"Officials said patrol {n} crossed the river near the checkpoint on Monday morning.\n\n"
            f"{SITE_LINE}\n"
        )


def test_line_repeated_across_a_collection_is_dropped_as_boilerplate(tmp_path):
    write_scrapes(tmp_path, 6)
    report = ImportReport("scrapes")
    articles = list(prepared_articles(ImportJob((tmp_path,), "scrapes", workers=1), report))
    assert len(articles) == 6
    for article in articles:
        assert SITE_LINE not in article.text and "crossed the river" in article.text


def test_wire_copies_keep_their_paragraphs():
    paragraph = "The agency reported that the ceasefire held overnight."
    copies = [("Ceasefire holds", [paragraph, f"Footer of outlet {n}"]) for n in range(5)]
    assert paragraph not in repeated_lines(copies)


def test_few_documents_teach_nothing():
    assert repeated_lines([("A", ["Subscribe"]), ("B", ["Subscribe"])]) == frozenset()
