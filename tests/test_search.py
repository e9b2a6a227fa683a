from datetime import date

import pytest

from index import Query, QueryError, open_index, search


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
