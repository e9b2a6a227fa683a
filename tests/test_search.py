from datetime import date

import pytest

from index import Article, Query, QueryError, add_documents, open_index, search
from index.queries import MAX_EXPANSIONS, parse_text, query_words


@pytest.fixture(scope="module")
def ix(pages_index):
    return open_index(pages_index)


def titles(result):
    return [hit.article.title for hit in result.hits]


def test_word_is_found_and_marked_in_the_snippet(ix):
    result = search(ix, Query("ceasefire"))
    assert titles(result) == ["Khartoum talks stall as fighting spreads"]
    assert ("Ceasefire", True) in result.hits[0].snippet


def test_accents_and_case_do_not_matter(ix):
    assert titles(search(ix, Query("AZERBAIDJAN"))) == ["Cessez-le-feu au Haut-Karabakh"]


def test_country_filter_narrows_and_facet_counts_add_up(ix):
    everything = search(ix, Query(""))
    sudan = search(ix, Query("", filters={"country": ("SD",)}))
    assert sudan.total == 1 < everything.total
    counts = {fc.value: fc.count for fc in everything.facets["country"]}
    assert counts["SD"] == sudan.total
    assert sum(fc.count for fc in everything.facets["language"]) == everything.total


def test_values_of_one_facet_are_ored_and_facets_anded(ix):
    either = search(ix, Query("", filters={"country": ("SD", "UA")}))
    assert sorted(titles(either)) == ["Khartoum talks stall as fighting spreads", "Mariupol siege enters third week"]
    both = search(ix, Query("", filters={"country": ("SD", "UA"), "language": ("en",)}))
    assert both.total == 2
    assert search(ix, Query("", filters={"country": ("SD",), "language": ("fr",)})).total == 0


def test_empty_query_lists_newest_first_with_undated_last(ix):
    days = [hit.article.published for hit in search(ix, Query("", per_page=50)).hits]
    dated = [d for d in days if d]
    assert dated == sorted(dated, reverse=True) and days[-1] is None


def test_date_range_and_undated_bucket(ix):
    result = search(ix, Query("", date_from=date(2020, 1, 1), date_to=date(2021, 12, 31)))
    assert {h.article.published.year for h in result.hits} == {2020, 2021}
    buckets = {fc.value: fc.count for fc in search(ix, Query("")).facets["date"]}
    assert buckets["undated"] == 1 and buckets["2023-05"] == 1


def test_dates_typed_in_the_query_match_as_the_date_filter_does(ix):
    # Ranges are read from the date column; the index keeps one term a date (index/schema.py).
    in_range = search(ix, Query("", date_from=date(2020, 1, 1), date_to=date(2021, 12, 31)))
    assert sorted(titles(search(ix, Query("published:[2020 to 2021]")))) == sorted(titles(in_range))
    assert {h.article.published.year for h in search(ix, Query("published:2020")).hits} == {2020}


@pytest.mark.parametrize("text", ['"open phrase', "(unclosed group", "closed) group"])
def test_malformed_query_is_a_query_error(ix, text):
    with pytest.raises(QueryError):
        search(ix, Query(text))


def test_phrase_and_paging(ix):
    assert titles(search(ix, Query('"Rapid Support Forces"'))) == ["Khartoum talks stall as fighting spreads"]
    first, second = search(ix, Query("", per_page=2)), search(ix, Query("", per_page=2, page=2))
    assert first.total == second.total == 6 and not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ceasefire OR siege", {"Khartoum talks stall as fighting spreads", "Mariupol siege enters third week"}),
        ("fighting -Khartoum", set()),  # only the Khartoum story says "fighting"
        ("siege NOT Mariupol", set()),
        (
            '"Rapid Support" OR Zelensky',
            {"Khartoum talks stall as fighting spreads", "Mariupol siege enters third week"},
        ),
        ("Mariopol~", {"Mariupol siege enters third week"}),  # fuzzy: one letter off
        ("Mariu*", {"Mariupol siege enters third week"}),
        ("(siege OR convoy) Tigray", {"Aid convoy reaches Tigray"}),
    ],
)
def test_operators_do_what_they_say(ix, text, expected):
    assert set(titles(search(ix, Query(text, per_page=50)))) == expected


def test_not_alone_lists_everything_else(ix):
    everything = search(ix, Query("", per_page=50)).total
    assert search(ix, Query("-siege", per_page=50)).total == everything - 1
    assert search(ix, Query("NOT siege", per_page=50)).total == everything - 1


def test_hyphenated_word_is_not_a_negation(ix):
    assert search(ix, Query("Cessez-le-feu")).total == 1


def test_lone_operator_is_ignored_with_a_notice(ix):
    result = search(ix, Query("siege AND"))
    assert titles(result) == ["Mariupol siege enters third week"] and "AND" in result.notice


def test_excluded_facet_value_removes_its_articles_and_other_counts_follow(ix):
    everything = search(ix, Query(""))
    without = search(ix, Query("", excluded={"country": ("SD",)}))
    sudan = {fc.value: fc.count for fc in everything.facets["country"]}["SD"]
    assert without.total == everything.total - sudan
    assert "SD" not in {fc.value for fc in without.facets["country"]}


def test_oldest_first_keeps_undated_last(ix):
    days = [hit.article.published for hit in search(ix, Query("", sort="oldest", per_page=50)).hits]
    dated = [d for d in days if d]
    assert dated == sorted(dated) and days[-1] is None and days[0] is not None


@pytest.fixture(scope="module")
def wording(tmp_path_factory):
    """Articles that say one thing in different word forms, in English and French."""
    articles = [
        ("en1", "en", "Bridge attacked at dawn", "Artillery attacked the bridge at dawn."),
        ("en2", "en", "New attacks reported", "Fresh attacks were reported near the river."),
        ("fr1", "fr", "La ville attaquée", "Les forces ont attaqué la ville dans la nuit."),
        ("fr2", "fr", "Nouvelles attaques", "Des attaques ont visé le port."),
    ]
    ix = open_index(tmp_path_factory.mktemp("wording"), create=True)
    add_documents(ix, [Article(doc_id=i, language=lang, title=t, text=x, source_path=i) for i, lang, t, x in articles])
    return ix


def ids(result):
    return sorted(hit.article.doc_id for hit in result.hits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("attacks", ["en1", "en2"]),
        ('"attacks"', ["en2"]),
        ("attacked", ["en1", "en2"]),
        ('"attacked the bridge"', ["en1"]),
        ("attaques", ["fr1", "fr2"]),
        ('"attaques"', ["fr2"]),
        ('"attaquee"', ["fr1"]),  # accents fold, in phrases too
    ],
)
def test_words_find_their_other_forms_and_phrases_only_themselves(wording, text, expected):
    assert ids(search(wording, Query(text))) == expected


def test_other_forms_of_a_word_are_marked_in_title_and_snippet(wording):
    (hit,) = search(wording, Query("attacks", filters={"language": ("en",)}, sort="oldest", group=False)).hits[:1]
    marked = [text for text, is_match in hit.snippet + hit.title if is_match]
    assert marked and all(word.lower().startswith("attack") for word in marked)
    french = search(wording, Query("attaques", filters={"language": ("fr",)})).hits
    assert {text for hit in french for text, is_match in hit.snippet if is_match} == {"attaqué", "attaques"}


@pytest.mark.parametrize(
    ("text", "understood"),
    [
        ("siege", "siege"),
        ("Siege Mariupol", "siege AND mariupol"),
        ("siege (Mariupol OR Kharkiv) -Russia", "siege AND (mariupol OR kharkiv) AND NOT russia"),
        ('"third week"~3 title:siege', '"third week"~3 AND title:siege'),
        ("sieg* ceasfire~", "sieg* AND ceasfire~"),
        ("", "every article"),
    ],
)
def test_the_result_says_how_the_query_was_read(ix, text, understood):
    assert search(ix, Query(text)).understood == understood


def test_a_query_without_results_gets_a_spelling_from_the_archive(ix):
    result = search(ix, Query("Mariupl seige"))
    assert result.total == 0 and result.suggestion == "mariupol siege"
    assert search(ix, Query(result.suggestion)).total == 1
    assert search(ix, Query("siege")).suggestion == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"talks army"~5', {"Khartoum talks stall as fighting spreads"}),  # "talks between the Sudanese army"
        ('"talks army"', set()),
        ("title:siege", {"Mariupol siege enters third week"}),
        ('source:"Test Wire"', {"Khartoum talks stall as fighting spreads", "Mariupol siege enters third week"}),
        ("actor:Taliban", {"Kabul <script>alert('title')</script> airport crowds"}),
        ("country:SD", {"Khartoum talks stall as fighting spreads"}),
        ("country:SD OR title:siege", {"Khartoum talks stall as fighting spreads", "Mariupol siege enters third week"}),
    ],
)
def test_proximity_and_field_queries(ix, text, expected):
    assert set(titles(search(ix, Query(text, per_page=50)))) == expected


@pytest.mark.parametrize("text", ["a*", "*", "*siege*", "ceasefire OR ab*", "title:ab*"])
def test_wildcards_that_would_read_the_whole_vocabulary_are_refused_with_a_reason(ix, text):
    with pytest.raises(QueryError, match="too short: a prefix needs at least 3 letters"):
        search(ix, Query(text))


def test_a_prefix_stands_for_its_most_frequent_words_only(tmp_path):
    words = [f"abc{n:04d}" for n in range(MAX_EXPANSIONS + 50)]
    ix = open_index(tmp_path, create=True)
    add_documents(ix, [Article(doc_id=w, title=w, text=f"{w} {words[0]}", source_path=w) for w in words])
    with ix.searcher() as searcher:
        query, _ = parse_text(searcher, "abc*")
        expanded = query_words(searcher, query).exact
    assert len(expanded) == MAX_EXPANSIONS and words[0] in expanded  # the word in every article is kept
    assert search(ix, Query("abc*", group=False)).total == len(words)


@pytest.fixture(scope="module")
def phrasing(tmp_path_factory):
    """Articles holding a phrase's words, its word pairs, or the phrase itself, in title or text."""
    articles = [
        ("whole", "Night of shelling", "Families fled their homes at night."),
        ("pairs", "Roads closed", "They fled their village, and their homes burned."),  # both pairs, not the phrase
        ("title", "Fled their homes", "Nobody knows how many."),
        ("across", "Thousands fled", "Their homes were shelled."),  # title ends, text begins: no phrase
    ]
    ix = open_index(tmp_path_factory.mktemp("phrasing"), create=True)
    add_documents(ix, [Article(doc_id=i, language="en", title=t, text=x, source_path=i) for i, t, x in articles])
    return ix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"fled their homes"', ["title", "whole"]),  # three words: in a row, not merely both pairs
        ('"their homes"', ["across", "pairs", "title", "whole"]),
        ('"fled their"', ["pairs", "title", "whole"]),  # "Thousands fled" + "Their homes" do not join
        ('title:"fled their"', ["title"]),
        ('"fled their homes" -title:fled', ["whole"]),
        ('"fled their homes"~5', ["pairs", "title", "whole"]),  # proximity: words near each other
    ],
)
def test_phrases_match_their_words_in_a_row_within_one_field(phrasing, text, expected):
    assert ids(search(phrasing, Query(text, group=False))) == expected


@pytest.mark.parametrize("text", ["siege", "talks OR fighting", "talks fighting", "sieg*", "Mariopol~"])
def test_relevance_scores_are_whooshs_bm25f(ix, text):
    with ix.searcher() as searcher:
        query, _ = parse_text(searcher, text)
        expected = {searcher.stored_fields(n)["doc_id"]: s for s, n in searcher.search(query, limit=None).top_n}
    hits = search(ix, Query(text, per_page=50, group=False)).hits
    assert {hit.article.doc_id: hit.score for hit in hits} == pytest.approx(expected, rel=1e-4)


def test_snippet_comes_from_where_the_words_are_however_long_the_text(tmp_path):
    filler = "Nothing of note happened in the valley that week. " * 2_000  # 100,000 characters
    text = f"{filler}A ceasefire was signed. {filler}The ceasefire held, and a second ceasefire followed. {filler}"
    ix = open_index(tmp_path, create=True)
    add_documents(ix, [Article(doc_id="long", language="en", title="Valley news", text=text, source_path="long")])
    (hit,) = search(ix, Query("ceasefire")).hits
    marked_words = [piece for piece, is_match in hit.snippet if is_match]
    assert marked_words == ["ceasefire", "ceasefire", "ceasefire"]  # the busiest passage, then the other
    assert "A ceasefire was signed." in "".join(piece for piece, _ in hit.snippet)


def test_a_date_range_leaves_out_undated_articles(ix):
    until_2021 = search(ix, Query("", date_to=date(2021, 12, 31), per_page=50))
    assert until_2021.total and all(hit.article.published for hit in until_2021.hits)
    assert all(hit.article.published <= date(2021, 12, 31) for hit in until_2021.hits)
