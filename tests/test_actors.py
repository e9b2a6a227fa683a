import pytest

from conftest import shared
from pipeline.actors import tag_actors
from pipeline.clean import clean
from pipeline.read import RawDocument


def actors(text: str, title: str = "") -> dict[str, tuple[str, str]]:
    return {a.name: (a.type, a.role) for a in tag_actors(title, text)}


def key(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


@pytest.mark.parametrize("name", ["seed-article.txt", "seed-article.html"])
def test_seed_actors_are_all_found_typed_and_nothing_unexpected(name, seed_expected):
    path = shared("seed", name)
    page = clean(RawDocument(str(path), path.read_bytes(), "html" if name.endswith("html") else "text"))
    found = {key(a.name): a for a in tag_actors(page.title, page.text)}
    for expected in seed_expected["actors"]["must"]:
        names = [key(n) for n in [expected["name"], *expected["aliases"]]]
        hit = next((found[n] for n in names if n in found), None)
        assert hit is not None, expected["name"]
        assert hit.type == expected["type"], (hit, expected["type"])
    listed = seed_expected["actors"]["must"] + seed_expected["actors"]["may"]
    allowed = {key(n) for e in listed for n in [e["name"], *e["aliases"]]}
    assert set(found) <= allowed, set(found) - allowed
    assert not set(found) & {key(n) for n in seed_expected["actors"]["must_not"]}


def test_one_person_under_every_form_of_the_name():
    text = "President Ilham Aliyev spoke on Sunday. Later Aliyev said talks failed. Ilham Aliyev left."
    assert actors(text) == {"Ilham Aliyev": ("person", "head_of_state")}


def test_one_organisation_under_every_alias():
    text = "The UN Security Council met. The United Nations Security Council, or UNSC, then voted."
    assert actors(text) == {"United Nations Security Council": ("igo", "")}


def test_a_country_is_not_an_actor():
    assert actors("The U.S. said on Monday that the US and the United States would act.") == {}


@pytest.mark.parametrize(
    "text",
    [
        "He said they would meet. She and It followed.",
        "The President said the Minister would speak.",  # titles alone
        "On Monday, in March, talks resumed. Sunday was quiet.",  # days and months
        "Speaking after the vote, Officials said Fighting Continued.",  # capitals that start sentences
    ],
)
def test_pronouns_titles_dates_and_sentence_capitals_are_never_actors(text):
    assert actors(text) == {}


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("Rapid Support Forces fighters entered the city.", "Rapid Support Forces", "militia"),
        ("The Taliban took Kabul.", "Taliban", "rebel_group"),
        ("NATO ministers met in Brussels.", "NATO", "igo"),
        ("Médecins Sans Frontières said clinics were full.", "Médecins Sans Frontières", "ngo"),
        ("Reuters reported the clashes.", "Reuters", "media"),
        ("Azerbaijani forces shelled the town.", "Azerbaijani Armed Forces", "state_forces"),
        ("Armenia’s Foreign Ministry protested.", "Ministry of Foreign Affairs of Armenia", "government"),
    ],
)
def test_each_kind_of_actor_gets_its_type(text, name, kind):
    assert actors(text).get(name, (None,))[0] == kind


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Defence Minister Sergei Shoigu visited the front.", "Sergei Shoigu", "minister"),
        ("spokesperson Vagram Pogosyan wrote on Facebook.", "Vagram Pogosyan", "spokesperson"),
        ("Gen. Abdel Fattah al-Burhan addressed troops.", "Abdel Fattah al-Burhan", "commander"),
        ("Le président Emmanuel Macron a parlé.", "Emmanuel Macron", "head_of_state"),
        ("Президент Ильхам Алиев заявил об этом.", "Ильхам Алиев", "head_of_state"),
    ],
)
def test_people_after_titles_get_their_role(text, name, role):
    assert actors(text).get(name) == ("person", role)


def test_first_name_marks_a_person_without_a_title():
    assert actors("Talks stalled, Nikol Pashinyan told reporters.") == {"Nikol Pashinyan": ("person", "")}


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("El presidente Gustavo Petro habló ayer.", "Gustavo Petro", "head_of_state"),
        ("Bundeskanzler Olaf Scholz reiste nach Kiew.", "Olaf Scholz", "head_of_government"),
        ("قال الرئيس عبد الفتاح السيسي إن المحادثات مستمرة.", "عبد الفتاح السيسي", "head_of_state"),
    ],
)
def test_titles_in_other_languages(text, name, role):
    found = actors(text)
    assert found.get(name, ("", ""))[0] == "person", found


def test_words_of_an_organisation_name_are_not_a_person():
    assert actors("Aid reached the town, the Red Cross said.") == {
        "International Committee of the Red Cross": ("ngo", "")
    }


def test_national_forces_take_their_listed_name():
    assert "Tatmadaw" in actors("Burmese troops and the Myanmar military moved in.")
