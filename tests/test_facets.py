from conftest import shared
from pipeline.clean import clean
from pipeline.facets import tag_actors, tag_countries
from pipeline.read import RawDocument


def seed_page():
    path = shared("seed", "seed-article.txt")
    return clean(RawDocument(str(path), path.read_bytes(), "text"))


def test_seed_is_about_armenia_and_azerbaijan_first(seed_expected):
    page = seed_page()
    countries = tag_countries(page.title, page.text)
    assert countries[:2] == ("AM", "AZ")
    allowed = set(seed_expected["countries"]["must"]) | set(seed_expected["countries"]["may"])
    assert set(countries) <= allowed


def test_longest_name_wins():
    assert tag_countries("", "Refugees crossed from South Sudan.") == ("SS",)


def test_name_inside_a_word_is_not_a_country():
    assert tag_countries("", "The Omanibus bill and Iranians") == ("IR",)


def test_aliases_give_one_canonical_actor():
    actors = tag_actors("", "President Ilham Aliyev spoke. Later Aliyev said the UNSC and the UN Security Council met.")
    assert [(a.name, a.type) for a in actors] == [
        ("Ilham Aliyev", "person"),
        ("United Nations Security Council", "igo"),
    ]


def test_seed_actors_from_the_list_are_found_and_boilerplate_is_not(seed_expected):
    page = seed_page()
    names = {a.name for a in tag_actors(page.title, page.text)}
    assert {"Ilham Aliyev", "Nikol Pashinyan", "Antonio Guterres", "Emmanuel Macron"} <= names
    assert not names & set(seed_expected["actors"]["must_not"])
