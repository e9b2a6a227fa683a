"""Generate a realistic benchmark collection: news pages with site boilerplate, wire copies, six languages.

    python -m bench.generate OUT_DIR [--count 20000] [--seed 1] [--format html|jsonl]

Every text is assembled here (no real articles): each story repeats a few sentence templates of
its own (who said what about which country), between sentences of everyday words drawn in their
real frequencies (wordfreq's lists, Zipf-distributed). Search speed depends on how many articles
hold a word; with templates alone every word would be in most articles, as in no real archive.
About 5 % of stories are wire copies republished by several outlets with small edits, 1 % of
pages are exact copies under a second path, 5 % are undated.

A page weighs what a real news page does (measured on the 190 pages of ../shared/data's dev sets:
median 107 KB of HTML and 706 elements, 3,600 characters of article text, mean 5,600): each site
has its own stylesheet, scripts, menus and footer, and each page its teasers, state blob and
comments. Until version 2 a page was 6 KB and 107 elements, which made cleaning look 6 times
cheaper than it is.
"""

import argparse
import html
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path

from wordfreq import top_n_list, word_frequency

COUNTRIES = {
    "en": ["Armenia", "Azerbaijan", "Sudan", "Ukraine", "Syria", "Yemen", "Ethiopia", "Mali", "Colombia", "Myanmar",
           "Afghanistan", "Iraq", "Libya", "Somalia", "Georgia", "Lebanon", "Niger", "Kenya", "Chad", "Israel"],
    "fr": ["l'Arménie", "l'Azerbaïdjan", "le Soudan", "l'Ukraine", "la Syrie", "le Mali", "le Niger", "la Libye"],
    "es": ["Colombia", "Venezuela", "Ucrania", "Siria", "Yemen", "Sudán", "Nicaragua", "Haití"],
    "de": ["der Ukraine", "Syrien", "dem Sudan", "Afghanistan", "Mali", "Äthiopien", "Armenien", "Libyen"],
    "ru": ["Армении", "Азербайджана", "Украины", "Сирии", "Грузии", "Казахстана", "Молдавии", "Ливии"],
    "ar": ["سوريا", "اليمن", "السودان", "ليبيا", "العراق", "لبنان", "الصومال", "فلسطين"],
}  # fmt: skip
FIRST = ["Aram", "Leyla", "Jean-Luc", "Amina", "Sergei", "Maria", "Omar", "Elena", "David", "Fatima", "Carlos",
         "Hana", "Peter", "Nadia", "Ivan", "Sofia", "Yusuf", "Claire", "Ahmed", "Irina"]  # fmt: skip
LAST = ["Petrosyan", "Mammadova", "Moreau", "Diallo", "Volkov", "Fernández", "Haddad", "Popescu", "Keller",
        "Osman", "Rojas", "Tanaka", "Novak", "Karimi", "Lindqvist", "Mensah", "Costa", "Nowak"]  # fmt: skip
ORGANISATIONS = ["the United Nations Security Council", "NATO", "the European Union", "the African Union",
                 "the International Committee of the Red Cross", "UNHCR", "Médecins Sans Frontières",
                 "the World Food Programme"]  # fmt: skip
TITLES = ["President", "Foreign Minister", "Defence Minister", "Prime Minister", "spokesman", "General"]
TEMPLATES = {
    "en": [
        "{title} {person} said on {day} that talks with {country} would resume within a week.",
        "Shelling hit the outskirts of the capital of {country} overnight, residents and local officials said.",
        "{org} called for an immediate halt to the fighting and for safe passage for civilians.",
        "Aid convoys carrying food and medicine were turned back at two checkpoints near the border with {country}.",
        "More than {number} people have fled their homes since the fighting began, according to {org}.",
        "{person}, who leads the delegation, told reporters that a ceasefire depended on the withdrawal of troops.",
        "Diplomats from {country} and its neighbours met behind closed doors for a third day of negotiations.",
        "The {adjective} forces said they had repelled an attack, a claim that could not be independently verified.",
        "Sanctions imposed last year have cut exports sharply, economists in {country} said on {day}.",
        "Election officials said turnout was low in districts where fighting had continued until the vote.",
    ],
    "fr": [
        "Le {title_fr} {person} a déclaré {day_fr} que les pourparlers avec {country} reprendraient dans la semaine.",
        "Des tirs d'artillerie ont visé la périphérie de la capitale pendant la nuit, selon des habitants.",
        "Les convois humanitaires ont été bloqués à deux points de contrôle près de la frontière avec {country}.",
        "Plus de {number} personnes ont fui leurs foyers depuis le début des combats, selon les Nations unies.",
        "Les diplomates se sont réunis à huis clos pour une troisième journée de négociations difficiles.",
    ],
    "es": [
        "El {title_es} {person} afirmó {day_es} que las conversaciones con {country} se reanudarán esta semana.",
        "Los bombardeos alcanzaron las afueras de la capital durante la noche, según vecinos y autoridades locales.",
        "Más de {number} personas han huido de sus hogares desde el inicio de los combates, según Naciones Unidas.",
        "Los convoyes de ayuda fueron detenidos en dos puestos de control cerca de la frontera con {country}.",
        "Los diplomáticos se reunieron a puerta cerrada durante una tercera jornada de negociaciones.",
    ],
    "de": [
        "{title_de} {person} erklärte am {day_de}, die Gespräche mit {country} würden diese Woche fortgesetzt.",
        "In der Nacht wurden die Vororte der Hauptstadt beschossen, berichteten Anwohner und örtliche Behörden.",
        "Mehr als {number} Menschen sind nach Angaben der Vereinten Nationen seit Beginn der Kämpfe geflohen.",
        "Hilfskonvois mit Lebensmitteln und Medikamenten wurden an zwei Kontrollpunkten zurückgewiesen.",
        "Die Diplomaten trafen sich hinter verschlossenen Türen zu einem dritten Verhandlungstag.",
    ],
    "ru": [
        "Президент {person} заявил, что переговоры с представителями {country} возобновятся на этой неделе.",
        "Ночью обстрелу подверглись окраины столицы, сообщили местные жители и представители властей.",
        "По данным ООН, более {number} человек покинули свои дома с начала боевых действий.",
        "Гуманитарные конвои с продовольствием и лекарствами были остановлены на двух блокпостах.",
        "Дипломаты встретились за закрытыми дверями на третий день сложных переговоров.",
    ],
    "ar": [
        "قال الرئيس {person} إن المحادثات مع {country} ستستأنف خلال الأسبوع الجاري.",
        "تعرضت ضواحي العاصمة لقصف مدفعي خلال الليل بحسب سكان ومسؤولين محليين.",
        "فر أكثر من {number} شخص من منازلهم منذ بدء القتال بحسب الأمم المتحدة.",
        "أعيدت قوافل المساعدات المحملة بالغذاء والدواء عند نقطتي تفتيش قرب الحدود.",
        "اجتمع الدبلوماسيون خلف أبواب مغلقة في اليوم الثالث من المفاوضات الصعبة.",
    ],
}
HEADLINES = {
    "en": ["Talks with {country} resume as shelling continues", "Aid convoys stopped near {country} border",
           "{org_short} calls for halt to fighting", "Thousands flee as clashes spread",
           "Ceasefire holds in {country}"],
    "fr": ["Reprise des pourparlers avec {country}", "Des convois humanitaires bloqués", "Des milliers de déplacés"],
    "es": ["Se reanudan las conversaciones con {country}", "Miles de desplazados por los combates"],
    "de": ["Gespräche mit {country} gehen weiter", "Tausende auf der Flucht vor den Kämpfen"],
    "ru": ["Переговоры возобновятся на этой неделе", "Тысячи людей покинули дома"],
    "ar": ["استئناف المحادثات الأسبوع الجاري", "آلاف النازحين بسبب القتال"],
}  # fmt: skip
CHROME = {
    "en": ("Home", "World", "Politics", "Share on Facebook", "Share on Twitter", "Advertisement",
           "Follow us on Telegram", "Click to comment", "Most read", "Subscribe to our newsletter", "About us"),
    "fr": ("Accueil", "Monde", "Politique", "Partager sur Facebook", "Partager sur Twitter", "Publicité",
           "Suivez-nous sur Telegram", "Cliquez pour commenter", "Les plus lus", "Abonnez-vous", "À propos"),
    "es": ("Inicio", "Mundo", "Política", "Compartir en Facebook", "Compartir en Twitter", "Publicidad",
           "Síguenos en Telegram", "Haz clic para comentar", "Lo más leído", "Suscríbete", "Quiénes somos"),
    "de": ("Startseite", "Welt", "Politik", "Auf Facebook teilen", "Auf Twitter teilen", "Anzeige",
           "Folgen Sie uns auf Telegram", "Zum Kommentieren klicken", "Meistgelesen", "Newsletter", "Über uns"),
    "ru": ("Главная", "Мир", "Политика", "Поделиться в Facebook", "Поделиться в Twitter", "Реклама",
           "Подписывайтесь на наш Telegram", "Нажмите, чтобы прокомментировать", "Самое читаемое", "Рассылка", "О нас"),
    "ar": ("الرئيسية", "العالم", "سياسة", "شارك على فيسبوك", "شارك على تويتر", "إعلان",
           "تابعونا على تيليغرام", "انقر للتعليق", "الأكثر قراءة", "النشرة البريدية", "من نحن"),
}  # fmt: skip
LANGUAGE_SHARE = [("en", 70), ("fr", 8), ("es", 7), ("de", 6), ("ru", 5), ("ar", 4)]
WIRE_SHARE, EXACT_COPY_SHARE, UNDATED_SHARE = 0.05, 0.01, 0.05
OUTLETS = 50
EVERYDAY_SHARE = 0.6  # of sentences: everyday words; the rest are the story's own templates
VOCABULARY_SIZE = 30_000  # most frequent words of each language
VERSION = 2  # in the names of generated folders: a new version is generated afresh
PARAGRAPHS = [3, 5, 7, 9, 11, 13, 15, 18, 22, 28, 40, 70]  # an article's, drawn evenly


def generate(out_dir: Path, count: int, seed: int = 1, fmt: str = "html") -> list[Path]:
    """Write `count` generated articles into `out_dir`; return the paths written."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    outlets = [_outlet(rng, n) for n in range(OUTLETS)]
    articles = []
    while len(articles) < count:
        story = _story(rng)
        copies = rng.randint(3, 12) if rng.random() < WIRE_SHARE else 1
        for copy in range(min(copies, count - len(articles))):
            articles.append(_edited(rng, story) if copy else story)
    if fmt == "jsonl":
        path = out_dir / "articles.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n, article in enumerate(articles):
                outlet = outlets[n % OUTLETS]
                record = {"url": _url(outlet, article, n), "title": article["title"], "source": outlet["name"],
                          "text": "\n\n".join(article["paragraphs"]),
                          "published": str(article["day"] or "")}  # fmt: skip
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return [path]
    paths = []
    by_language = {code: [o for o in outlets if o["language"] == code] or outlets for code, _ in LANGUAGE_SHARE}
    for n, article in enumerate(articles):
        outlet = rng.choice(by_language[article["language"]])
        folder = out_dir / outlet["slug"] / (str(article["day"].year) if article["day"] else "undated")
        folder.mkdir(parents=True, exist_ok=True)
        page = _page(rng, outlet, article, n)
        path = folder / f"{n:06d}.html"
        path.write_text(page, encoding="utf-8")
        paths.append(path)
        if rng.random() < EXACT_COPY_SHARE:
            (folder / f"{n:06d}-copy.html").write_text(page, encoding="utf-8")
    return paths


def _outlet(rng: random.Random, n: int) -> dict:
    language = rng.choices([code for code, _ in LANGUAGE_SHARE], [w for _, w in LANGUAGE_SHARE])[0]
    word = rng.choice(["Ledger", "Dispatch", "Monitor", "Courier", "Herald", "Observer", "Tribune", "Post", "Wire"])
    region = rng.choice(["Caucasus", "Sahel", "Levant", "Balkan", "Horn", "Andes", "Delta", "Steppe", "Gulf"])
    name = f"{region} {word} {n}"
    outlet = {"name": name, "slug": name.lower().replace(" ", "-"), "language": language,
              "style": rng.randrange(4), "cards": rng.randint(10, 34),
              "comments": rng.choice([0, 0, 3, 8, 15])}  # fmt: skip
    return {**outlet, **_site(rng, outlet)}


def _site(rng: random.Random, outlet: dict) -> dict:
    """Return the chrome every page of a site shares: stylesheet, scripts, menu and footer HTML."""
    home, world, politics, *_ = CHROME[outlet["language"]]
    words = _vocabulary(outlet["language"]).words[:2000]
    css = "".join(
        f".{rng.choice(words)}-{i}{{margin:{rng.randint(0, 40)}px;color:#{rng.randrange(16**6):06x};"
        f"font:{rng.randint(10, 30)}px/1.{rng.randint(2, 8)} sans-serif;"
        f"display:{rng.choice(['block', 'flex', 'grid'])}}}"
        for i in range(rng.randint(60, 900))
    )
    config = json.dumps({"ads": [{"slot": f"div-gpt-{i}", "sizes": [[300, 250], [728, 90]], "targeting":
                                  {"section": rng.choice(words), "kw": rng.sample(words, 8)}}
                                 for i in range(rng.randint(10, 300))]})  # fmt: skip
    sections = []
    for i in range(rng.randint(6, 16)):
        links = _links(rng, words, f"/{i}", rng.randint(4, 18))
        section = rng.choice([world, politics])
        sections.append(f'<li class="menu-item"><a href="/{i}">{section}</a><ul class="sub-menu">{links}</ul></li>')
    columns = []
    for i in range(rng.randint(3, 6)):
        links = _links(rng, words, f"/f/{i}", rng.randint(6, 18))
        columns.append(f'<div class="footer-col"><h4>{rng.choice([home, world, politics])}</h4><ul>{links}</ul></div>')
    icons = "".join(f'<a class="share-{i}" href="#"><svg viewBox="0 0 24 24"><path d="M{i} 2h20v20H{i}z"/>'
                    f'<path d="M6 {i}l6 6 6-6"/></svg></a>' for i in range(rng.randint(3, 8)))  # fmt: skip
    return {"css": css, "config": config, "menu": "".join(sections), "footer": "".join(columns), "icons": icons}


def _links(rng: random.Random, words: list[str], path: str, count: int) -> str:
    """A menu's or footer's list items: `count` links under `path`, each named by a word."""
    return "".join(f'<li><a href="{path}/{j}">{html.escape(rng.choice(words).title())}</a></li>' for j in range(count))


def _story(rng: random.Random) -> dict:
    language = rng.choices([code for code, _ in LANGUAGE_SHARE], [w for _, w in LANGUAGE_SHARE])[0]
    slots = {
        "country": rng.choice(COUNTRIES[language]),
        "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "title": rng.choice(TITLES),
        "org": rng.choice(ORGANISATIONS),
        "org_short": rng.choice(["UN", "NATO", "EU", "African Union"]),
        "adjective": rng.choice(["Azerbaijani", "Armenian", "Sudanese", "Ukrainian", "Russian", "Syrian"]),
        "day": rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
        "day_fr": "lundi", "day_es": "el martes", "day_de": "Mittwoch",
        "title_fr": "président", "title_es": "presidente", "title_de": "Präsident",
    }  # fmt: skip
    topic = rng.sample(TEMPLATES[language], k=rng.randint(1, 3))  # what this story keeps saying
    paragraphs = []
    for _ in range(rng.choice(PARAGRAPHS)):
        slots["number"] = f"{rng.randint(2, 300) * 100:,}"
        sentences = [_everyday(rng, language) if rng.random() < EVERYDAY_SHARE else rng.choice(topic).format(**slots)
                     for _ in range(rng.randint(2, 4))]  # fmt: skip
        paragraphs.append(" ".join(sentences))
    day = None if rng.random() < UNDATED_SHARE else date(1995, 1, 1) + timedelta(days=rng.randrange(30 * 365))
    title = rng.choice(HEADLINES[language]).format(**slots)
    return {"language": language, "title": title, "paragraphs": paragraphs, "day": day, "id": rng.randrange(10**9)}


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cumulative: list[float]  # running total of the words' frequencies, for random.choices


@cache
def _vocabulary(language: str) -> Vocabulary:
    words = [word for word in top_n_list(language, VOCABULARY_SIZE) if word.isalpha()]
    return Vocabulary(words, list(accumulate(word_frequency(word, language) for word in words)))


def _everyday(rng: random.Random, language: str) -> str:
    """A sentence of everyday words, each as frequent as in the language's real text."""
    vocabulary = _vocabulary(language)
    words = rng.choices(vocabulary.words, cum_weights=vocabulary.cumulative, k=rng.randint(6, 22))
    return " ".join(words).capitalize() + "."


def _edited(rng: random.Random, story: dict) -> dict:
    """Return a wire copy: another headline, an agency credit, one sentence changed."""
    paragraphs = list(story["paragraphs"])
    paragraphs[0] = f"({rng.choice(['Reuters', 'AFP', 'AP', 'dpa'])}) - {paragraphs[0]}"
    paragraphs[-1] = paragraphs[-1] + " The situation remained tense, witnesses said."
    return {**story, "title": story["title"] + rng.choice(["", " - officials", " (update)"]), "paragraphs": paragraphs,
            "id": rng.randrange(10**9)}  # fmt: skip


def _url(outlet: dict, article: dict, n: int) -> str:
    day = article["day"]
    dated = f"{day:%Y/%m/%d}/" if day else ""
    return f"https://{outlet['slug']}.example/{dated}story-{article['id']}-{n}/"


def _page(rng: random.Random, outlet: dict, article: dict, n: int) -> str:
    language = outlet["language"]
    chrome = CHROME[language]
    home, world, politics, share_fb, share_tw, advert, telegram, comment, most_read, newsletter, about = chrome
    e = html.escape
    url = _url(outlet, article, n)
    day = article["day"]
    meta_date = f'<meta property="article:published_time" content="{day}T08:00:00+00:00">' if day else ""
    time_tag = f'<time datetime="{day}">{day:%d.%m.%Y}</time>' if day and outlet["style"] != 3 else ""
    body = [f"<p>{e(p)}</p>" for p in article["paragraphs"]]
    for at in range(len(body) // 2, len(body), 6):  # an ad slot every few paragraphs from the middle on
        body.insert(at, f'<div class="ad-slot"><span>{advert}</span><div id="div-gpt-{at}"></div></div>')
    teasers = [_teaser(rng, language) for _ in range(outlet["cards"])]
    cards = "".join(f'<div class="card"><a href="{t["url"]}"><img src="/img/{t["id"]}.jpg" alt="" loading="lazy">'
                    f'<h3>{e(t["title"])}</h3></a><p class="dek">{e(t["dek"])}</p>'
                    f'<span class="time">{t["day"]}</span></div>' for t in teasers)  # fmt: skip
    most = "".join(f'<li><a href="{t["url"]}">{e(t["title"])}</a></li>' for t in teasers[:8])
    comments = "".join(f'<div class="comment"><span class="comment-author">{e(rng.choice(FIRST))}</span>'
                       f"<p>{e(_everyday(rng, language))}</p></div>" for _ in range(outlet["comments"]))  # fmt: skip
    ld = json.dumps({"@type": "NewsArticle", "headline": article["title"], "publisher": {"name": outlet["name"]},
                     **({"datePublished": str(day)} if day and outlet["style"] == 1 else {})})  # fmt: skip
    # What a server-rendered site hands its scripts: the article again and every teaser.
    state = json.dumps({"props": {"article": {"title": article["title"], "body": article["paragraphs"]},
                                  "teasers": teasers}}, ensure_ascii=False).replace("</", "<\\/")  # fmt: skip
    direction = ' dir="rtl"' if language == "ar" else ""
    return f"""<!doctype html>
<html lang="{language}"{direction}><head><meta charset="utf-8">
<title>{e(article["title"])} - {e(outlet["name"])}</title>
<link rel="canonical" href="{url}"><meta property="og:site_name" content="{e(outlet["name"])}">
<meta property="og:title" content="{e(article["title"])}">{meta_date}
<script type="application/ld+json">{ld}</script>
<style>{outlet["css"]}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}gtag('js',1);</script>
<script>window.adConfig={outlet["config"]};</script>
</head><body class="style-{outlet["style"]}">
<div class="cookie-banner">This site uses cookies to improve your experience. <button>OK</button></div>
<header class="site-header"><span class="date-line">{date.today():%A %d %B %Y}</span>
<a class="logo" href="/">{e(outlet["name"])}</a><nav class="main-nav"><ul class="menu">{outlet["menu"]}</ul></nav>
<form class="search" action="/search"><input name="q"><button>Search</button></form></header>
<div class="breadcrumbs"><a href="/">{home}</a> &rsaquo; <a href="/world">{world}</a></div>
<main><article class="entry"><h1>{e(article["title"])}</h1>
<div class="byline">{e(rng.choice(FIRST))} {e(rng.choice(LAST))} {time_tag}</div>
<div class="share">{outlet["icons"]}<a href="#">{share_fb}</a> <a href="#">{share_tw}</a></div>
<figure><img src="/img/{n}.jpg" alt=""><figcaption>Representational Image</figcaption></figure>
<div class="entry-content">{"".join(body)}
<p class="promo">{telegram}</p></div>
<div class="tags"><a href="/tag/1">{world}</a> <a href="/tag/2">{politics}</a></div></article>
<section class="related"><h2>{most_read}</h2><div class="cards">{cards}</div></section>
<div class="comments"><a href="#respond">{comment}</a>{comments}<form><textarea></textarea></form></div></main>
<aside class="sidebar"><h3>{most_read}</h3><ol>{most}</ol><h3>{newsletter}</h3><form><input type="email"></form></aside>
<footer><div class="footer-cols">{outlet["footer"]}</div><a href="/about">{about}</a> <a href="/privacy">Privacy</a>
&copy; {e(outlet["name"])} <a href="#top">To Top</a></footer>
<script id="__NEXT_DATA__" type="application/json">{state}</script></body></html>
"""


def _teaser(rng: random.Random, language: str) -> dict:
    """A link to another story, as related and most-read lists show it."""
    country = rng.choice(COUNTRIES[language])
    title = rng.choice(HEADLINES[language]).format(country=country, org_short=rng.choice(["UN", "NATO", "EU"]))
    day = date(1995, 1, 1) + timedelta(days=rng.randrange(30 * 365))
    number = rng.randrange(10**6)
    return {"id": number, "url": f"/story/{number}", "title": title, "dek": _everyday(rng, language), "day": str(day)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("html", "jsonl"), default="html")
    args = parser.parse_args()
    print(f"wrote {len(generate(args.out_dir, args.count, args.seed, args.format)):,} files to {args.out_dir}")


if __name__ == "__main__":
    main()
