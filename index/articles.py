"""One article for reading: its text with the words of a search marked, and its other copies."""

from dataclasses import dataclass

from whoosh.index import Index
from whoosh.query import Term

from index.document import Article
from index.errors import QueryError
from index.queries import parse_text, query_words
from index.reading import current_searcher
from index.snippets import MatchedWords, Segments, marked
from index.store import article_from


@dataclass(frozen=True)
class ArticleView:
    article: Article
    title: Segments
    paragraphs: tuple[Segments, ...]
    copies: tuple[Article, ...]  # the other copies of the story (its cluster), oldest first


def read_article(ix: Index, doc_id: str, query_text: str = "") -> ArticleView | None:
    """Return the article with `doc_id` ready to read, the words of `query_text` marked; None if absent."""
    searcher = current_searcher(ix)
    docnum = searcher.document_number(doc_id=doc_id)
    if docnum is None:
        return None
    article = article_from(searcher.stored_fields(docnum))
    words = _words_of(searcher, query_text)
    paragraphs = tuple(marked(p, article.language, words) for p in article.text.split("\n\n") if p.strip())
    copies = [
        article_from(searcher.stored_fields(n))
        for n in searcher.docs_for_query(Term("cluster_id", article.cluster_id))
        if n != docnum
    ]
    copies.sort(key=lambda copy: (copy.published is None, copy.published or 0, copy.source))
    return ArticleView(article, marked(article.title, article.language, words), paragraphs, tuple(copies))


def _words_of(searcher, query_text: str) -> MatchedWords:
    if not query_text.strip():
        return MatchedWords()
    try:
        query, _ = parse_text(searcher, query_text)
    except QueryError:
        return MatchedWords()  # a link with a broken query still shows the article
    return query_words(searcher, query)
