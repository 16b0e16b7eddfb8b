"""Issue 4: the web interface and JSON API, in process (FastAPI TestClient).

Two indexes: the session's `fake_index` over the real corpus (whatever themes corpus/themes.toml
holds), and a tiny one built here from texts that contain HTML and a catalogue entry that looks
like a spreadsheet formula, with its own two themes."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote

import pytest
from conftest import BuiltIndex
from docx import Document as DocxDocument
from fastapi.testclient import TestClient

from ingest.embed import create_embedder
from ingest.models import Document, DocumentMeta, Heading
from kennisbank.settings import Settings
from search.indexer import ingest
from search.ingest_hooks import no_progress
from web.app import create_app
from web.document_view import table_of_contents
from web.export import CSV_COLUMNS

QUESTION = "hoe voorkom je dat kinderen thuis komen te zitten?"
DUTCH = re.compile(r"\b(de|het|een|is|niet|geen|moet|tussen|onbekende?|ongeldige?|te lang|typ|kies)\b", re.I)

HOSTILE_TEXT = """1 Inleiding

Thuiszitters zijn leerlingen die langer dan vier weken niet naar school gaan. De school meldt
verzuim van thuiszitters direct bij de leerplichtambtenaar. Een kwaadwillende tekst bevat soms
code zoals <script>alert(1)</script> of opmaak als <b>vet gedrukt</b>; de kennisbank toont die
letterlijk en voert niets uit. Verzuim vraagt om een snelle reactie van school en ouders.

2 Het wijkteam

Het wijkteam werkt samen met de school wanneer een thuiszitter hulp thuis nodig heeft. De
jeugdprofessional van het wijkteam sluit aan bij het overleg op school. Zo krijgt de thuiszitter
op tijd de juiste hulp, en komt de leerling weer naar school.
"""

FORMULA_TEXT = """Het wijkteam en de school maken afspraken over de ondersteuning van leerlingen met verzuim.
De school bespreekt elke thuiszitter met het wijkteam. Het wijkteam komt elke maand naar school.
"""

CATALOG = """
[[document]]
id = "gevaarlijk"
file = "gevaarlijk.txt"
title = "Tekst met <b>opmaak</b> & <script>alert(2)</script>"
type = "notitie"
organisation = "Test & Co"
year = 2024
source = "testcorpus"

[[document]]
id = "formule"
file = "formule.txt"
title = "=HYPERLINK(\\"http://example.invalid\\",\\"klik\\")"
type = "factsheet"
organisation = "+31 Gemeente"
year = 2020
source = "testcorpus"
"""

THEMES = """
[[theme]]
slug = "thuiszitters"
label = "Thuiszitters"
description = "Leerlingen die niet naar school gaan: thuiszitters en verzuim."
keywords = ["thuiszitter", "thuiszitters", "verzuim", "leerplichtambtenaar"]

[[theme]]
slug = "wijkteam"
label = "Wijkteam en school"
description = "Samenwerking tussen het wijkteam en de school."
keywords = ["wijkteam", "jeugdprofessional"]
"""


GLOSSARY = """
[[term]]
term = "LPA"
expansion = "leerplichtambtenaar"
"""


# An everyday word for a word of the texts; the alternative carries markup that must stay text.
THESAURUS = """
[woorden]
verzuim = ["spijbelen", "<i>brossen</i>"]
wijkteam = ["buurtploeg"]
jeugdprofessional = ["buurtploeg"]
"""


def _ingest(corpus: Path, index: Path) -> None:
    ingest(
        [corpus],
        index,
        create_embedder("fake"),
        catalog_path=corpus / "catalog.toml",
        themes_path=corpus / "themes.toml",
        progress=no_progress,
    )


@pytest.fixture(scope="module")
def hostile_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "gevaarlijk.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (corpus / "formule.txt").write_text(FORMULA_TEXT, encoding="utf-8")
    (corpus / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    (corpus / "themes.toml").write_text(THEMES, encoding="utf-8")
    (corpus / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    (corpus / "thesaurus.toml").write_text(THESAURUS, encoding="utf-8")
    _ingest(corpus, base / "index")
    return Settings(index_dir=base / "index", corpus_dir=corpus, embedder="fake")


@pytest.fixture(scope="module")
def client(fake_index: BuiltIndex) -> TestClient:
    return TestClient(create_app(fake_index.settings), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def hostile(hostile_settings: Settings) -> TestClient:
    return TestClient(create_app(hostile_settings), raise_server_exceptions=False)


def main_html(html: str) -> str:
    """The page's <main>: what the route rendered, without the shared header and footer."""
    m = re.search(r"<main\b.*?</main>", html, re.S)
    assert m, "page has no <main>"
    return m.group(0)


def error_text(r) -> str:  # type: ignore[no-untyped-def]
    if r.headers["content-type"].startswith("application/json"):
        return r.json()["detail"]
    m = re.search(r'<div class="melding fout" role="alert">(.*?)</div>', r.text, re.S)
    assert m, "error page without its message box"
    return html.unescape(re.sub(r"<[^>]+>", " ", m.group(1)))


def articles(html: str) -> list[str]:
    return re.findall(r'<article class="passage".*?</article>', html, re.S)


# -- search ------------------------------------------------------------------------------------
def test_home_page_has_one_labelled_search_box_and_filters(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = main_html(r.text)
    assert html.count('type="search"') == 1
    assert '<label for="q"' in html and 'id="q" name="q"' in html
    for name in ("theme", "type", "organisation", "year", "kind"):
        assert f'<label for="f-{name}">' in html and f'name="{name}"' in html
    themes = client.get("/api/themes").json()
    for t in themes:
        assert f'<option value="{t["slug"]}">' in html
    assert not articles(html)


def test_search_shows_passages_grouped_per_theme_with_citation_marks_and_context_link(client: TestClient) -> None:
    api = client.get("/api/search", params={"q": QUESTION}).json()
    assert not api["weak"] and api["hits"]
    html = main_html(client.get("/", params={"q": QUESTION}).text)
    # the groups in the API's order, each a section with its passages
    headings = re.findall(r'<section class="groep"[^>]*>\s*<h2[^>]*>(.*?) <span', html)
    assert headings == [g["label"].replace("'", "&#39;") for g in api["groups"]]
    shown = articles(html)
    assert len(shown) == sum(len(g["chunk_ids"]) for g in api["groups"]) >= len(api["hits"])
    by_id = {h["chunk_id"]: h for h in api["hits"]}
    for art in shown:
        chunk_id = re.search(r'data-chunk-id="([^"]+)"', art).group(1)
        hit = by_id[chunk_id]
        cit = hit["citation"]
        assert cit["title"].replace("'", "&#39;").replace("&", "&amp;") in art
        for piece in (cit["organisation"], str(cit["year"] or ""), cit["page"], cit["section"]):
            assert piece.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;") in art
        assert ">lees in context</a>" in art
        link = re.search(r'<a class="context" href="([^"]+)"', art).group(1)
        assert unquote(link.replace("&amp;", "&")) == unquote(hit["context_url"])
        assert f'data-bewaar="{chunk_id}"' in art
        if hit["answer_sentences"]:
            assert "<mark>" in art


def test_search_page_starts_with_the_key_sentences_and_numbered_references(client: TestClient) -> None:
    api = client.get("/api/search", params={"q": QUESTION}).json()
    assert 3 <= len(api["answer"]) <= 5
    html = main_html(client.get("/", params={"q": QUESTION}).text)
    kern = html.index("Kern van het antwoord")
    assert kern < html.index('<article class="passage"')
    for key in api["answer"]:
        n = key["reference"]
        assert f'href="#treffer-{n}"' in html and f'id="treffer-{n}"' in html
        passage = next(h for h in api["hits"] if h["rank"] == n)
        assert key["chunk_id"] == passage["chunk_id"]
        assert " ".join(key["text"].split()) in " ".join(passage["text"].split())


def test_a_question_without_a_good_match_says_so_and_suggests_themes(client: TestClient) -> None:
    api = client.get("/api/search", params={"q": "xqzvbn plorkt"}).json()
    assert api["weak"] and api["answer"] == []
    html = main_html(client.get("/", params={"q": "xqzvbn plorkt"}).text)
    assert "Geen passage sluit goed aan bij deze vraag" in html
    assert not articles(html) and "Kern van het antwoord" not in html
    slugs = {t["slug"] for t in client.get("/api/themes").json() if t["passages"]}
    suggested = re.findall(r'<ul class="thema-suggesties">.*?</ul>', html, re.S)[0]
    offered = re.findall(r'href="/themas/([^"]+)"', suggested)
    assert offered and set(offered) <= slugs


@pytest.mark.parametrize("field", ["organisation", "year", "kind", "theme", "type", "doc"])
def test_filters_narrow_the_results_in_html_and_json(client: TestClient, field: str) -> None:
    docs = {d["id"]: d for d in client.get("/api/documents").json()}
    broad = client.get("/api/search", params={"q": "school en wijkteam", "k": 30}).json()["hits"]

    def value_of(h: dict) -> str:
        return {
            "organisation": docs[h["doc_id"]]["organisation"] or "",
            "year": str(h["citation"]["year"] or ""),
            "kind": h["kind"],
            "theme": h["themes"][0]["slug"] if h["themes"] else "",
            "type": docs[h["doc_id"]]["type"],
            "doc": h["doc_id"],
        }[field]

    # a passage low in the list with the field set, so that the filter has something to drop
    value = next(value_of(h) for h in reversed(broad) if value_of(h))
    assert value and value != "None"
    hits = client.get("/api/search", params={"q": "school en wijkteam", field: value, "k": 30}).json()["hits"]
    assert hits
    for h in hits:
        d = docs[h["doc_id"]]
        actual = {
            "organisation": [d["organisation"]],
            "year": [str(d["year"])],
            "kind": [h["kind"]],
            "theme": [t["slug"] for t in h["themes"]],
            "type": [d["type"]],
            "doc": [h["doc_id"]],
        }[field]
        assert value in actual
    html = main_html(client.get("/", params={"q": "school en wijkteam", field: value, "k": 30}).text)
    assert len(articles(html)) == sum(1 for _ in re.finditer(r'<article class="passage"', html)) > 0
    assert {re.search(r'data-chunk-id="([^"]+)"', a).group(1) for a in articles(html)} == {h["chunk_id"] for h in hits}
    select = re.search(rf'<select id="f-{field}".*?</select>', html, re.S).group(0)
    assert re.search(rf'<option value="{re.escape(value.replace("&", "&amp;"))}" selected>', select)


def test_more_passages_link_keeps_the_question_and_filters_and_asks_ten_more(client: TestClient) -> None:
    kind = client.get("/api/search", params={"q": "school en wijkteam", "k": 1}).json()["hits"][0]["kind"]
    wanted = {"q": "school en wijkteam", "kind": kind}
    available = len(client.get("/api/search", params={**wanted, "k": 50}).json()["hits"])
    assert available > 3  # the case: more passages than the first page shows
    page = main_html(client.get("/", params={**wanted, "k": 2}).text)
    link = re.search(r'<p class="meer"><a href="/\?([^"#]+)#([^"]+)">Toon meer passages</a>', page)
    assert link, "no link to more passages"
    query = parse_qs(html.unescape(link.group(1)))
    assert query == {"q": ["school en wijkteam"], "kind": [kind], "k": ["12"]}
    more = main_html(client.get("/?" + html.unescape(link.group(1))).text)
    assert len(articles(more)) == min(12, available)
    # the link opens the longer list at the first passage not shown before
    assert link.group(2) == "treffer-3" and 'id="treffer-3"' in more and 'id="treffer-3"' not in page
    # every passage found is shown: no link, also when exactly k were found
    everything = main_html(client.get("/", params={**wanted, "k": 50}).text)
    assert '<p class="meer">' not in everything
    exactly = main_html(client.get("/", params={**wanted, "k": available}).text)
    assert len(articles(exactly)) == available and '<p class="meer">' not in exactly


def test_a_year_no_passage_holds_is_said_above_the_passages(client: TestClient) -> None:
    missing = main_html(client.get("/", params={"q": "doelen thuiszitters 2031"}).text)
    assert "Geen passage gaat over 2031." in missing and articles(missing)
    held = main_html(client.get("/", params={"q": "doelen thuiszitters 2025"}).text)
    assert "Geen passage gaat over" not in held
    # the API says so too: its answer sentences are then of other years
    assert client.get("/api/search", params={"q": "doelen thuiszitters 2031"}).json()["years_not_found"] == [2031]
    assert client.get("/api/search", params={"q": "doelen thuiszitters 2025"}).json()["years_not_found"] == []
    assert client.get(
        "/api/search", params={"q": "doelen thuiszitters", "doc": "swv-wijkgericht-werken-organiseren-2023"}
    ).json()["filters"]["doc"] == ["swv-wijkgericht-werken-organiseren-2023"]


def test_an_empty_result_by_filters_blames_the_filters_not_the_question(client: TestClient) -> None:
    page = main_html(
        client.get(
            "/", params={"q": "thuiszitters", "doc": "swv-wijkgericht-werken-organiseren-2023", "kind": "interview"}
        ).text
    )
    assert not articles(page)
    assert "Geen passages met deze filters" in page and "Geen passage sluit goed aan" not in page


def test_the_document_page_searches_within_that_document(client: TestClient) -> None:
    docs = client.get("/api/documents").json()
    doc_id = docs[0]["id"]
    page = main_html(client.get(f"/documenten/{doc_id}").text)
    form = re.search(r'<form class="zoeken zoek-in-document" action="/".*?</form>', page, re.S)
    assert form and f'<input type="hidden" name="doc" value="{doc_id}">' in form.group(0)
    html = main_html(client.get("/", params={"q": "school en wijkteam", "doc": doc_id}).text)
    shown = re.findall(r'data-chunk-id="([^"]+)"', html)
    assert shown and all(c.startswith(doc_id + ":") for c in shown)
    select = re.search(r'<select id="f-doc".*?</select>', html, re.S).group(0)
    assert f'<option value="{doc_id}" selected>' in select


def test_the_api_search_answers_with_the_typed_model(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "wat doet de SWV?", "k": 5})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {
        "query",
        "weak",
        "filters",
        "glossary",
        "thesaurus",
        "answer",
        "years_not_found",
        "hits",
        "groups",
    }
    assert body["query"] == "wat doet de SWV?"
    assert 0 < len(body["hits"]) <= 5
    assert [h["rank"] for h in body["hits"]] == list(range(1, len(body["hits"]) + 1))
    grouped = {c for g in body["groups"] for c in g["chunk_ids"]}
    assert grouped == {h["chunk_id"] for h in body["hits"]}


def test_abbreviations_in_the_question_are_explained(hostile: TestClient) -> None:
    body = hostile.get("/api/search", params={"q": "wanneer bel je de LPA?"}).json()
    assert [(g["term"], g["expansion"]) for g in body["glossary"]] == [("LPA", "leerplichtambtenaar")]
    html = main_html(hostile.get("/", params={"q": "wanneer bel je de LPA?"}).text)
    assert "Afkortingen in uw vraag" in html and "<dt>LPA</dt><dd>= leerplichtambtenaar</dd>" in html


def test_words_searched_for_the_users_words_are_shown(hostile: TestClient) -> None:
    body = hostile.get("/api/search", params={"q": "wat als een leerling gaat spijbelen?"}).json()
    assert body["thesaurus"] == [{"word": "verzuim", "matched": "spijbelen"}]
    assert any("verzuim" in h["text"].lower() for h in body["hits"])
    html = main_html(hostile.get("/", params={"q": "wat als een leerling gaat spijbelen?"}).text)
    assert "Ook gezocht op:" in html and "<strong>verzuim</strong> (voor „spijbelen”)" in html
    # several words for one alternative are listed once under it
    grouped = main_html(hostile.get("/", params={"q": "wat doet de buurtploeg"}).text)
    assert "<strong>wijkteam</strong>, <strong>jeugdprofessional</strong> (voor „buurtploeg”)" in grouped
    assert grouped.count("(voor „") == 1
    markup = main_html(hostile.get("/", params={"q": "<i>brossen</i>"}).text)
    assert "(voor „&lt;i&gt;brossen&lt;/i&gt;”)" in markup and "<i>brossen</i>" not in markup
    assert hostile.get("/api/search", params={"q": "verzuim en school"}).json()["thesaurus"] == []


# -- escaping ----------------------------------------------------------------------------------
def test_document_text_with_html_is_escaped_in_search_results(hostile: TestClient) -> None:
    r = hostile.get("/", params={"q": "code script alert opmaak vet gedrukt"})
    assert r.status_code == 200
    html = main_html(r.text)
    assert "<script>alert" not in r.text and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;vet gedrukt&lt;/b&gt;" in html
    # the title from the catalogue too
    assert "Tekst met &lt;b&gt;opmaak&lt;/b&gt; &amp; &lt;script&gt;alert(2)&lt;/script&gt;" in html
    api = hostile.get("/api/search", params={"q": "code script alert opmaak vet gedrukt"}).json()
    assert any("<script>alert(1)</script>" in h["text"] for h in api["hits"])  # JSON carries the text as is


def test_document_text_with_html_is_escaped_on_the_document_page(hostile: TestClient) -> None:
    hit = next(
        h
        for h in hostile.get("/api/search", params={"q": "script alert vet gedrukt"}).json()["hits"]
        if "<script>" in h["text"]
    )
    for url in ("/documenten/gevaarlijk", hit["context_url"].split("#")[0]):
        r = hostile.get(url)
        assert r.status_code == 200
        html = main_html(r.text)
        assert "<script>alert" not in r.text and "<b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;b&gt;vet gedrukt&lt;/b&gt;" in html


def test_a_query_containing_html_is_escaped_in_the_page(client: TestClient) -> None:
    q = "<img src=x onerror=alert(1)> thuiszitters"
    r = client.get("/", params={"q": q})
    assert r.status_code == 200
    assert "<img" not in r.text and "onerror=alert(1)>" not in r.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in r.text
    # also when the query is refused: the echoed text stays escaped
    r = client.get("/", params={"q": "<img src=x onerror=alert(1)>" + "x" * 600})
    assert r.status_code == 400 and "<img" not in r.text


def test_no_page_contains_inline_script(client: TestClient) -> None:
    doc_id = client.get("/api/documents").json()[0]["id"]
    slug = client.get("/api/themes").json()[0]["slug"]
    for url in (
        "/",
        f"/?q={QUESTION}",
        "/documenten",
        f"/documenten/{doc_id}",
        "/themas",
        f"/themas/{slug}",
        "/werkmap",
        "/docs",
        "/bestaat-niet",
    ):
        html = client.get(url).text
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)
        assert scripts, url
        assert all(body.strip() == "" for body in scripts), url
        assert re.findall(r"<script\b([^>]*)>", html, re.S) == [' src="/static/site.js" defer'], url
        assert not re.search(r"\son[a-z]+=", html), url
        assert 'style="' not in html, url


# -- errors ------------------------------------------------------------------------------------
BAD_SEARCHES = [
    ({"q": ""}, "Typ een vraag"),
    ({"q": "   "}, "Typ een vraag"),
    ({"q": "a" * 501}, "te lang (501 tekens)"),
    ({"q": "woord " * 1666 + "abcd"}, "te lang (10000 tekens)"),
    ({"q": "thuiszitters", "theme": "bestaat-niet"}, "Onbekend thema"),
    ({"q": "thuiszitters", "k": "0"}, "tussen 1 en 50"),
    ({"q": "thuiszitters", "k": "51"}, "tussen 1 en 50"),
    ({"q": "thuiszitters", "k": "-3"}, "tussen 1 en 50"),
    ({"q": "thuiszitters", "k": "tien"}, "Ongeldig aantal"),
    ({"q": "thuiszitters", "k": "1.5"}, "Ongeldig aantal"),
    ({"q": "thuiszitters", "year": "twintig"}, "Ongeldig jaartal"),
    ({"q": "thuiszitters", "kind": "roman"}, "Onbekende soort passage"),
    ({"q": "thuiszitters", "type": "roman"}, "Onbekend documenttype"),
    ({"q": "thuiszitters", "organisation": "onbekend"}, "Onbekende organisatie"),
    ({"q": "thuiszitters", "year": "1999"}, "Geen documenten uit 1999"),
    ({"q": "thuiszitters", "doc": "bestaat-niet"}, "Onbekend document: 'bestaat-niet'"),
]


@pytest.mark.parametrize(("params", "message"), BAD_SEARCHES)
def test_bad_search_input_is_a_4xx_with_a_dutch_message(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    for url in ("/", "/api/search"):
        r = client.get(url, params=params)
        assert 400 <= r.status_code < 500, (url, r.status_code)
        text = error_text(r)
        assert message in text, (url, text)
        assert DUTCH.search(text)
        assert "Traceback" not in r.text


@pytest.mark.parametrize("field", ["organisation", "theme", "doc"])
def test_an_unknown_filter_value_names_the_choices_in_the_api_and_the_list_on_the_page(
    client: TestClient, field: str
) -> None:
    """The API said "Kies een organisatie uit de lijst.", and an API client has no list; the
    passage kind and document type already named their values."""
    docs = client.get("/api/documents").json()
    choices = {
        "organisation": sorted({f"'{d['organisation']}'" for d in docs if d["organisation"]}),
        "theme": sorted(t["slug"] for t in client.get("/api/themes").json()),
        "doc": sorted(d["id"] for d in docs),
    }[field]
    noun = {"organisation": "Onbekende organisatie", "theme": "Onbekend thema", "doc": "Onbekend document"}[field]
    params = {"q": "ouders", field: "xyz"}
    r = client.get("/api/search", params=params)
    assert r.status_code == 400
    assert r.json()["detail"] == f"{noun}: 'xyz'. Kies uit: {', '.join(choices)}."
    # the page's form offers them in a select list: it points there instead of naming ids
    page = client.get("/", params=params)
    assert page.status_code == 400
    text = error_text(page)
    assert f"{noun}: 'xyz'. Kies een" in text and "uit de lijst" in text
    assert "Kies uit" not in text


@pytest.mark.parametrize(
    ("options", "kwargs", "expected"),
    [
        (["a", "b"], {}, "a, b"),
        (["NJi", "Gemeente X, Y"], {"quoted": True}, "'NJi', 'Gemeente X, Y'"),
        ([], {}, "(geen in deze index)"),
        ([f"d{i}" for i in range(3)], {"limit": 3}, "d0, d1, d2"),
        ([f"d{i}" for i in range(5)], {"limit": 3}, "d0, d1, d2, … (5 in totaal)"),
        (
            [f"d{i:02d}" for i in range(25)],
            {"all_at": "/api/documents"},
            ", ".join(f"d{i:02d}" for i in range(20)) + ", … (25 in totaal, zie /api/documents)",
        ),
    ],
)
def test_an_error_names_at_most_twenty_choices(options: list[str], kwargs: dict, expected: str) -> None:
    from web.service import named_choices

    assert named_choices(options, **kwargs) == expected


def test_the_api_search_without_a_query_is_a_4xx_in_dutch(client: TestClient) -> None:
    r = client.get("/api/search")
    assert r.status_code == 422
    assert r.json()["detail"] == "Ongeldige invoer (q: ontbreekt)."  # not pydantic's "Field required"


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/themas/bestaat-niet", 404, "Er is geen thema 'bestaat-niet'"),
        ("/api/themes/bestaat-niet", 404, "Er is geen thema 'bestaat-niet'"),
        ("/documenten/bestaat-niet", 404, "Er is geen document met de code 'bestaat-niet'"),
        ("/api/documents/bestaat-niet", 404, "Er is geen document met de code 'bestaat-niet'"),
        ("/documenten/" + "x" * 5000, 404, "Er is geen document"),
        ("/bestaat-niet", 404, "Deze pagina bestaat niet"),
        ("/api/bestaat-niet", 404, "Deze pagina bestaat niet"),
    ],
)
def test_unknown_things_are_404_with_a_dutch_message(client: TestClient, url: str, status: int, message: str) -> None:
    r = client.get(url)
    assert r.status_code == status
    assert message in error_text(r)
    if not url.startswith("/api/"):
        assert r.headers["content-type"].startswith("text/html")


def test_a_page_number_jumps_to_that_page_and_a_bad_one_is_refused(client: TestClient) -> None:
    doc = client.get("/api/documents/nji-samen-om-het-kind-2015").json()
    assert doc["pages"]
    wanted = doc["pages"][3]["page_lo"]
    r = client.get(f"/documenten/{doc['id']}", params={"pagina": wanted}, follow_redirects=False)
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith(f"/documenten/{doc['id']}#pagina-")
    anchor = location.split("#")[1]
    page = client.get(location.split("#")[0]).text
    label = re.search(rf'<span class="pagina" id="{anchor}">p\. (\d+)(?:–(\d+))?</span>', page)
    assert label, anchor
    lo, hi = int(label.group(1)), int(label.group(2) or label.group(1))
    assert lo <= wanted <= hi
    # the first marker that covers the page: no earlier one does
    earlier = page[: label.start()]
    for m in re.finditer(r'<span class="pagina" id="pagina-\d+">p\. (\d+)(?:–(\d+))?</span>', earlier):
        assert not int(m.group(1)) <= wanted <= int(m.group(2) or m.group(1))
    for bad, status, message in [
        ("abc", 400, "Ongeldig paginanummer"),
        ("0", 400, "Ongeldig paginanummer"),
        ("-2", 400, "Ongeldig paginanummer"),
        ("1e9", 400, "Ongeldig paginanummer"),
        ("²", 400, "Ongeldig paginanummer"),  # a digit to str.isdigit(), not to int()
        ("١٢", 400, "Ongeldig paginanummer"),
        # the text runs on after its last numbered footer ("p. 90 e.v."): a later page is unknown
        ("99999", 404, "pagina 99999 is niet aan te wijzen"),
        # a whole number is a page number however long: past the last page, not a bad number
        ("999999", 404, "pagina 999999 is niet aan te wijzen"),
        ("000", 400, "Ongeldig paginanummer"),
        ("0" * 12, 400, "Ongeldig paginanummer"),  # zero however many digits; it was read as page ""
        ("9" * 5000, 404, "is niet aan te wijzen"),  # longer than int() reads
    ]:
        r = client.get(f"/documenten/{doc['id']}", params={"pagina": bad}, follow_redirects=False)
        assert r.status_code == status, bad
        assert message in error_text(r)


def test_a_page_after_the_last_numbered_footer_is_unknown_not_absent(client: TestClient) -> None:
    """The NJi text runs on after its last numbered footer ("p. 90 e.v."): page 91 was said not to
    occur in the document, while its text may well hold it."""
    doc = client.get("/api/documents/nji-samen-om-het-kind-2015").json()
    last_open = [p["page_lo"] for p in doc["pages"] if p["page_hi"] is None]
    assert last_open  # else this test shows nothing
    r = client.get(f"/documenten/{doc['id']}", params={"pagina": last_open[-1] + 1}, follow_redirects=False)
    assert r.status_code == 404 and f"Na pagina {last_open[-1]} geeft de tekst" in error_text(r)


def test_a_page_number_in_a_document_without_pages_says_so(hostile: TestClient) -> None:
    docs = hostile.get("/api/documents").json()
    doc_id = next(d["id"] for d in docs if d["id"].startswith("gevaarlijk"))
    r = hostile.get(f"/documenten/{doc_id}", params={"pagina": "1"}, follow_redirects=False)
    assert r.status_code == 404
    assert "geen paginanummers" in error_text(r)


def test_an_unexpected_error_shows_a_plain_message_and_no_traceback(fake_index: BuiltIndex) -> None:
    app = create_app(fake_index.settings)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("interne-details-die-niemand-mag-zien")

    app.state.kb.search = broken
    c = TestClient(app, raise_server_exceptions=False)
    for url in ("/?q=thuiszitters", "/api/search?q=thuiszitters"):
        r = c.get(url)
        assert r.status_code == 500
        assert "Er ging onverwacht iets mis" in error_text(r)
        assert "interne-details" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text
        assert r.headers["content-security-policy"]


def test_without_an_index_the_home_page_explains_how_to_build_one(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "leeg", corpus_dir=tmp_path / "corpus", embedder="fake")
    c = TestClient(create_app(settings), raise_server_exceptions=False)
    r = c.get("/")
    assert r.status_code == 200
    html = main_html(r.text)
    assert "Er is nog geen kennisbank" in html and "<code>kennisbank ingest</code>" in html
    assert "no index" not in html and str(tmp_path) not in html  # Dutch, and no server path
    assert c.get("/", params={"q": "thuiszitters"}).status_code == 200
    for url in ("/documenten", "/themas", "/api/documents", "/api/search?q=thuiszitters"):
        r = c.get(url)
        assert r.status_code == 503, url
        assert "kennisbank ingest" in error_text(r)


def test_a_new_index_generation_is_picked_up_without_restart(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    (corpus / "themes.toml").write_text(THEMES, encoding="utf-8")
    (corpus / "formule.txt").write_text(FORMULA_TEXT, encoding="utf-8")
    _ingest(corpus, tmp_path / "index")
    c = TestClient(create_app(Settings(index_dir=tmp_path / "index", corpus_dir=corpus, embedder="fake")))
    assert [d["id"] for d in c.get("/api/documents").json()] == ["formule"]
    assert c.get("/documenten/gevaarlijk").status_code == 404
    (corpus / "gevaarlijk.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    _ingest(corpus, tmp_path / "index")
    assert sorted(d["id"] for d in c.get("/api/documents").json()) == ["formule", "gevaarlijk"]
    assert c.get("/documenten/gevaarlijk").status_code == 200


# -- security headers --------------------------------------------------------------------------
def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    responses = [
        client.get("/"),
        client.get("/?q="),
        client.get("/api/search", params={"q": "thuiszitters"}),
        client.get("/api/documents/bestaat-niet"),
        client.get("/static/style.css"),
        client.get("/static/site.js"),
        client.get("/openapi.json"),
        client.get("/docs"),
        client.get("/bestaat-niet"),
        client.post("/werkmap/export.md", data={}),
    ]
    for r in responses:
        csp = r.headers.get("content-security-policy", "")
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        assert directives["script-src"] == "'self'", r.url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"]


def test_static_files_have_their_types(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css") and "mark" in css.text
    js = client.get("/static/site.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"] and "localStorage" in js.text


# -- documents ---------------------------------------------------------------------------------
def test_the_document_list_links_every_document(client: TestClient) -> None:
    docs = client.get("/api/documents").json()
    assert docs and all(d["passages"] > 0 for d in docs)
    html = main_html(client.get("/documenten").text)
    for d in docs:
        assert f'<a href="/documenten/{d["id"]}">' in html
    assert html.count("<tr>") == len(docs) + 1


def test_the_document_page_shows_metadata_headings_and_page_markers(client: TestClient) -> None:
    doc = client.get("/api/documents/nji-samen-om-het-kind-2015").json()
    html = main_html(client.get(doc["url"]).text)
    assert f"<h1>{doc['title']}</h1>" in html
    assert f"<dd>{doc['year']}</dd>" in html and f"<dd>{doc['passages']}</dd>" in html
    assert len(re.findall(r'<span class="pagina" id="pagina-\d+">', html)) == len(doc["pages"])
    shown = re.findall(r'<h[2-4] id="(kop-\d+)">', html)
    # a box opened where a reading list ends has no title text there: an anchor marks the spot,
    # its title line further on is the heading
    printed = [h for h in doc["headings"] if h["end"] > h["start"]]
    opened = [h for h in doc["headings"] if h["end"] == h["start"]]
    anchors = re.findall(r'<span id="(kop-\d+)"></span>', html)
    assert opened and len(anchors) == len(opened)
    assert len(shown) == len(printed)
    toc = re.search(r'<nav class="inhoud".*?</nav>', html, re.S).group(0)
    links = re.findall(r'<a href="#(kop-\d+)">(.*?)</a>', toc)
    assert links and all(anchor in shown + anchors for anchor, _ in links)  # no link into nothing
    assert len({t for _, t in links}) == len(links)  # each chapter once
    # the table of contents takes the reader to where an interview starts, not to its title line
    first = next(h for h in opened if h["title"] == "Betrokkenen aan het woord: voorzitter PO-Raad")
    link = next(a for a, t in links if t == first["title"])
    assert link == f"kop-{doc['headings'].index(first) + 1}"
    assert html.index(f'<span id="{link}">') < html.index("Waarom is het belangrijk dat onderwijs en jeugdhulp")
    assert "<mark" not in html  # nothing opened


def test_a_passage_opened_in_context_is_marked_in_the_document(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": QUESTION}).json()["hits"][0]
    r = client.get(hit["context_url"])
    assert r.status_code == 200
    html = main_html(r.text)
    anchor = unquote(hit["context_url"].split("#")[1])
    assert anchor == f"passage-{hit['chunk_id']}"
    assert html.count(f'<mark class="passage" id="{anchor}">') == 1
    marked = " ".join(re.findall(r'<mark class="passage"[^>]*>(.*?)</mark>', html, re.S))  # one mark per block
    plain = " ".join(re.sub(r"<[^>]+>", " ", marked).split())
    first_words = " ".join(hit["text"].split()[:8])
    assert plain.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"').startswith(first_words)
    assert "U ziet de passage" in html


def test_the_context_link_marks_the_answer_sentences_inside_the_passage(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": QUESTION}).json()["hits"][0]
    assert hit["answer_sentences"]
    spans = parse_qs(hit["context_url"].split("?")[1].split("#")[0])["zin"]
    assert len(spans) == len(hit["answer_sentences"])
    page = main_html(client.get(hit["context_url"]).text)
    marked = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m)).split())
        for m in re.findall(r'<mark class="zin">(.*?)</mark>', page, re.S)
    ]
    assert " ".join(marked) == " ".join(hit["answer_sentences"])
    # nested: every sentence mark opens inside an open passage mark
    open_marks: list[str] = []
    for tag in re.findall(r'<mark class="(passage|zin)"|</mark>', page):
        if tag == "zin":
            assert open_marks == ["passage"]
        if tag:
            open_marks.append(tag)
        else:
            open_marks.pop()
    assert open_marks == []
    # a link naming offsets outside the passage, or no offsets at all, still opens the passage
    base = f"/documenten/{hit['doc_id']}"
    for zin in (["abc"], ["9-3"], [f"{10**8}-{10**8 + 5}"]):
        r = client.get(base, params={"passage": hit["chunk_id"], "zin": zin})
        assert r.status_code == 200 and '<mark class="zin">' not in r.text
        assert f'<mark class="passage" id="passage-{hit["chunk_id"]}">' in r.text


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["10-20"], ((10, 20),)),
        (["10-20", " 30-40 "], ((10, 20), (30, 40))),
        (["5-20"], ()),  # starts before the passage
        (["90-120"], ()),  # ends after it
        (["20-10"], ()),
        (["a-b", "10", ""], ()),
        (["10-20", "10-20", "15-30", "20-30"], ((10, 20), (20, 30))),  # an overlap is left out
        ([f"{i}-{i + 1}" for i in range(10, 30)], tuple((i, i + 1) for i in range(10, 18))),  # at most 8
    ],
)
def test_sentence_spans(values: list[str], expected: tuple) -> None:
    from web.document_view import sentence_spans

    assert sentence_spans(values, (10, 100)) == expected


def test_a_passage_of_another_document_is_not_opened(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": QUESTION, "k": 20}).json()["hits"]
    a = hits[0]
    b = next(h for h in hits if h["doc_id"] != a["doc_id"])
    r = client.get(f"/documenten/{a['doc_id']}", params={"passage": b["chunk_id"]})
    assert r.status_code == 404 and "staat niet (meer) in dit document" in error_text(r)
    assert client.get(f"/documenten/{a['doc_id']}", params={"passage": "bestaat:0001"}).status_code == 404


def test_the_api_document_has_text_pages_and_headings(client: TestClient) -> None:
    doc = client.get("/api/documents/nji-samen-om-het-kind-2015").json()
    text = doc["text"]
    assert len(text) > 10_000
    starts = [p["start"] for p in doc["pages"]]
    assert starts == sorted(starts) and all(0 <= s < len(text) for s in starts)
    # after the last numbered footer the end is unknown: said as the citations say it
    last = doc["pages"][-1]
    assert last["page_hi"] is None and last["label"] == f"p. {last['page_lo']} e.v."
    assert all(p["page_hi"] is not None and p["page_lo"] <= p["page_hi"] for p in doc["pages"][:-1])
    html = main_html(client.get(doc["url"]).text)
    assert f'">p. {last["page_lo"]} e.v.</span>' in html
    for h in doc["headings"][:10]:
        assert " ".join(text[h["start"] : h["end"]].split()).startswith(" ".join(h["title"].split())[:10])


# -- themes ------------------------------------------------------------------------------------
def test_the_themes_page_lists_each_theme_with_its_counts(client: TestClient) -> None:
    themes = client.get("/api/themes").json()
    assert themes
    html = main_html(client.get("/themas").text)
    for t in themes:
        assert f'<a href="/themas/{t["slug"]}">' in html
        assert f"{t['passages']} passage" in html


def test_a_theme_shows_its_representative_passages_at_most_two_per_document(client: TestClient) -> None:
    themes = client.get("/api/themes").json()
    assert any(t["passages"] for t in themes)
    for t in themes:
        if not t["passages"]:
            continue
        detail = client.get(f"/api/themes/{t['slug']}").json()
        reps = detail["representative"]
        assert reps, t["slug"]
        assert all(t["slug"] in [x["slug"] for x in p["themes"]] for p in reps)
        per_doc: dict[str, int] = {}
        for p in reps:
            per_doc[p["doc_id"]] = per_doc.get(p["doc_id"], 0) + 1
        assert max(per_doc.values()) <= 2
        html = main_html(client.get(t["url"]).text)
        assert [re.search(r'data-chunk-id="([^"]+)"', a).group(1) for a in articles(html)] == [
            p["chunk_id"] for p in reps
        ]
        assert f'href="/?theme={t["slug"]}"' in html


def test_key_sentences_and_answers_carry_the_year_they_stand_under(client: TestClient) -> None:
    q = "percentage leerlingen opgevangen op de eerste school of binnen de wijk per kalenderjaar"
    data = client.get("/api/search", params={"q": q}).json()
    passages = data["hits"]
    assert all(len(p["answer_years"]) == len(p["answer_sentences"]) for p in passages)
    dated = [k for k in data["answer"] if k["year"] is not None and str(k["year"]) not in k["text"]]
    assert dated, data["answer"]
    page = main_html(client.get("/", params={"q": q}).text)
    kern = page[page.index("Kern van het antwoord") :]
    for k in dated:
        assert f'<span class="jaar">{k["year"]}:</span> {html.escape(k["text"])}' in kern


def test_the_result_count_counts_themes_not_the_group_without_one(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": QUESTION}).json()
    themed = [g for g in data["groups"] if g["slug"] != "overig"]
    count = re.search(r'<p class="telling">(.*?)</p>', client.get("/", params={"q": QUESTION}).text, re.S)
    text = " ".join(count.group(1).split())
    n = len(data["hits"])
    expected = f"{n} passage{'s' if n != 1 else ''}"
    if themed:
        expected += f" in {len(themed)} thema{'' if len(themed) == 1 else chr(39) + 's'}"
    if len(themed) != len(data["groups"]):
        expected += ", ook zonder thema" if themed else " zonder thema"
    assert text == expected + "."


def test_control_characters_in_a_query_are_dropped(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "\x00thuis\x07zitters"}).json()
    assert data["query"] == "thuis zitters"


def test_a_theme_pages_search_link_opens_the_form_with_that_theme_chosen(client: TestClient) -> None:
    slug = next(t["slug"] for t in client.get("/api/themes").json() if t["passages"])
    r = client.get(f"/?theme={slug}")
    assert r.status_code == 200
    html = main_html(r.text)
    assert "Deze zoekvraag kan niet worden uitgevoerd" not in html
    assert re.search(r'<details class="filters" open>', html)
    assert re.search(rf'<option value="{slug}" selected>', html)


def test_a_typed_organisation_or_type_may_differ_in_case_or_name_part_of_it(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "samenwerking school", "organisation": "nji"}).json()
    assert data["filters"]["organisation"] == ["Nederlands Jeugdinstituut (NJi)"]
    assert data["hits"] and all(
        h["citation"]["organisation"] == "Nederlands Jeugdinstituut (NJi)" for h in data["hits"]
    )
    kind = client.get("/api/documents").json()[0]["type"]
    assert client.get("/api/search", params={"q": "school", "type": kind.upper()}).json()["filters"]["type"] == [kind]


def test_a_stale_filter_link_without_a_question_says_what_is_wrong(client: TestClient) -> None:
    r = client.get("/?theme=oud-thema")
    assert r.status_code == 400
    assert "Onbekend thema: 'oud-thema'" in html.unescape(main_html(r.text))


def test_a_bad_search_keeps_the_question_and_the_valid_filters(client: TestClient) -> None:
    slug = next(t["slug"] for t in client.get("/api/themes").json() if t["passages"])
    r = client.get("/", params={"q": "thuiszitters", "theme": slug, "kind": "roman", "k": "0"})
    assert r.status_code == 400
    html = main_html(r.text)
    assert "Onbekende soort passage" in html
    assert 'value="thuiszitters"' in html
    assert re.search(rf'<option value="{slug}" selected>', html)
    assert 'value="roman" selected' not in html


def test_own_themes_file_gives_its_themes(hostile: TestClient) -> None:
    themes = {t["slug"]: t for t in hostile.get("/api/themes").json()}
    assert {s: t["label"] for s, t in themes.items()} == {
        "thuiszitters": "Thuiszitters",
        "wijkteam": "Wijkteam en school",
    }
    listing = main_html(hostile.get("/themas").text)
    for slug, t in themes.items():
        assert f'<a href="/themas/{slug}">{t["label"]}</a>' in listing
        page = hostile.get(f"/themas/{slug}")
        assert page.status_code == 200
        assert f"<h1>{t['label']}</h1>" in main_html(page.text)
        assert len(articles(page.text)) == len(hostile.get(f"/api/themes/{slug}").json()["representative"])


# -- werkmap -----------------------------------------------------------------------------------
def test_the_werkmap_page_is_a_shell_for_the_script_with_three_exports(client: TestClient) -> None:
    html = main_html(client.get("/werkmap").text)
    assert "data-werkmap-lijst" in html and "<noscript>" in html
    for fmt in ("md", "docx", "csv"):
        assert f'formaction="/werkmap/export.{fmt}"' in html


def test_passages_by_id_keep_the_order_and_report_missing_ones(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": QUESTION, "k": 3}).json()["hits"]
    ids = [hits[2]["chunk_id"], "bestaat:0009", hits[0]["chunk_id"], hits[2]["chunk_id"]]
    body = client.get("/api/passages", params={"id": ids}).json()
    assert [p["chunk_id"] for p in body["passages"]] == [hits[2]["chunk_id"], hits[0]["chunk_id"]]
    assert body["missing"] == ["bestaat:0009"]
    assert body["passages"][1]["citation"] == hits[0]["citation"]
    assert client.get("/api/passages").json() == {"passages": [], "missing": []}
    r = client.get("/api/passages", params={"id": [f"x:{i}" for i in range(101)]})
    assert r.status_code == 400 and "Te veel passages" in r.json()["detail"]


@pytest.fixture(scope="module")
def saved(client: TestClient) -> list[dict]:
    hits = client.get("/api/search", params={"q": QUESTION, "k": 10}).json()["hits"]
    docs_seen: dict[str, dict] = {}
    for h in hits:
        docs_seen.setdefault(h["doc_id"], h)
    picked = list(docs_seen.values())[:3]
    assert len(picked) >= 2
    return picked


def _export(c: TestClient, fmt: str, ids: list[str]):  # type: ignore[no-untyped-def]
    r = c.post(f"/werkmap/export.{fmt}", data={"passage": ids})
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-disposition"].startswith('attachment; filename="werkmap-')
    return r


def test_markdown_export_has_each_passage_with_its_citation_and_a_source_list(
    client: TestClient, saved: list[dict]
) -> None:
    r = _export(client, "md", [p["chunk_id"] for p in saved])
    assert r.headers["content-type"].startswith("text/markdown")
    md = r.text
    flat = " ".join(w for w in md.split() if w != ">")  # quoted paragraphs start with "> "
    positions = [md.index(f"## {n}. {p['citation']['text']}") for n, p in enumerate(saved, start=1)]
    assert positions == sorted(positions)
    for p in saved:
        assert " ".join(p["text"].split()[:12]) in flat
        assert p["chunk_id"] in md
    sources = md[md.index("## Bronnen") :]
    assert md.index("## Bronnen") > positions[-1]
    for n, p in enumerate(saved, start=1):
        assert re.search(rf"^{n}\. .*{re.escape(p['citation']['title'])}", sources, re.M)


def test_exports_keep_a_slides_bullets_on_lines_of_their_own(client: TestClient) -> None:
    doc_id = "swv-wijkgericht-werken-organiseren-2023"
    docs = {d["id"]: d for d in client.get("/api/documents").json()}
    ids = [f"{doc_id}:{n:04d}" for n in range(docs[doc_id]["passages"])]
    passages = client.get("/api/passages", params={"id": ids}).json()["passages"]
    bullets = next(p for p in passages if p["text"].count("\n•") >= 2)
    items = [" ".join(line.split()) for line in bullets["text"].split("\n") if line.lstrip().startswith("•")]
    md = _export(client, "md", [bullets["chunk_id"]]).text
    for item in items:
        assert re.search(rf"^> {re.escape(item)}( {{2}})?$", md, re.M), item
    docx = DocxDocument(io.BytesIO(_export(client, "docx", [bullets["chunk_id"]]).content))
    assert set(items) <= {" ".join(p.text.split()) for p in docx.paragraphs}


def test_word_export_has_the_passages_and_the_source_list(client: TestClient, saved: list[dict]) -> None:
    r = _export(client, "docx", [p["chunk_id"] for p in saved])
    doc = DocxDocument(io.BytesIO(r.content))
    paragraphs = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[: len(saved)] == [f"{n}. {p['citation']['text']}" for n, p in enumerate(saved, start=1)]
    assert headings[-1] == "Bronnen"
    # one outline: the title, then the passages and the sources as its chapters
    assert {p.style.name for p in doc.paragraphs if p.style.name.startswith("Heading")} == {"Heading 1"}
    # Dutch, made by the knowledge base today (the template said English, python-docx, 2013)
    assert 'w:val="nl-NL"' in doc.styles.element.xml and "en-US" not in doc.styles.element.xml
    props = doc.core_properties
    assert props.language == "nl-NL" and props.author == "Kennisbank Doen wat werkt"
    made = props.created.date()
    assert date.today() - timedelta(days=1) <= made <= date.today() and "python-docx" not in (props.comments or "")
    body = " ".join(" ".join(paragraphs).split())
    for p in saved:
        assert " ".join(p["text"].split()[:12]) in body
    after = paragraphs[paragraphs.index("Bronnen") + 1 :]
    assert len(after) == len({p["doc_id"] for p in saved})
    for p in saved:
        assert any(p["citation"]["title"] in line for line in after)


def test_csv_export_has_a_header_and_one_row_per_passage(client: TestClient, saved: list[dict]) -> None:
    r = _export(client, "csv", [p["chunk_id"] for p in saved] + ["bestaat:0001"])
    assert r.headers["content-type"].startswith("text/csv")
    text = r.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(CSV_COLUMNS)  # Dutch spreadsheets split on ";"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(saved)
    col = {name: i for i, name in enumerate(CSV_COLUMNS)}
    for n, (row, p) in enumerate(zip(rows[1:], saved, strict=True), start=1):
        assert row[col["nummer"]] == str(n)
        assert row[col["passage"]] == p["chunk_id"]
        assert row[col["bronvermelding"]] == p["citation"]["text"]
        lines = [" ".join(line.split()) for line in p["text"].split("\n") if line.strip()]
        assert row[col["tekst"]] == "\n".join(lines)


def test_csv_export_keeps_a_slides_lines_inside_the_quoted_text_field(client: TestClient) -> None:
    """Flattened to one line, the slides' years, bullets and titles ran together in the CSV
    ("#Thuiszitters 2023 • Thuiszitters worden gevolgd …"), while Markdown and Word kept them."""
    doc_id = "swv-wijkgericht-werken-organiseren-2023"
    docs = {d["id"]: d for d in client.get("/api/documents").json()}
    ids = [f"{doc_id}:{n:04d}" for n in range(docs[doc_id]["passages"])]
    passages = client.get("/api/passages", params={"id": ids}).json()["passages"]
    slide = next(p for p in passages if "#Thuiszitters" in p["text"] and p["text"].count("\n•") >= 2)
    raw = _export(client, "csv", [slide["chunk_id"], ids[0]]).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=";"))
    assert len(rows) == 3 and all(len(row) == len(CSV_COLUMNS) for row in rows)
    cell = rows[1][CSV_COLUMNS.index("tekst")]
    lines = cell.split("\n")
    assert "#Thuiszitters" in lines and "2023" in lines
    items = [" ".join(line.split()) for line in slide["text"].split("\n") if line.lstrip().startswith("•")]
    assert set(items) <= set(lines)
    assert "" not in lines and "\r" not in cell  # paragraphs one line break apart, no runs of empty lines
    assert f'"{cell}"' in raw.replace("\r\n", "\n")  # quoted, so the line breaks stay in the field


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eén regel lopende tekst.", "Eén regel lopende tekst."),
        ("#Thuiszitters\n\n2023\n\n• Gevolgd.\n• Actie.", "#Thuiszitters\n2023\n• Gevolgd.\n• Actie."),
        ("Alinea één.\n\n\n\n\nAlinea  twee\t loopt door.", "Alinea één.\nAlinea twee loopt door."),
        ("\n  \nTitel\n \n\n• punt\n\n", "Titel\n• punt"),
        ("Windows\r\nregels", "Windows\nregels"),
        ("", ""),
    ],
)
def test_a_passage_in_a_csv_cell_keeps_its_lines_without_empty_ones(text: str, expected: str) -> None:
    from web.export import cell_text

    assert cell_text(text) == expected


def test_csv_export_defuses_cells_that_look_like_formulas(hostile: TestClient) -> None:
    hits = hostile.get("/api/search", params={"q": "wijkteam maand"}).json()["hits"]
    formula = [h for h in hits if h["doc_id"] == "formule"]
    assert formula
    r = _export(hostile, "csv", [formula[0]["chunk_id"]])
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    col = {name: i for i, name in enumerate(CSV_COLUMNS)}
    row = rows[1]
    assert row[col["titel"]] == "'" + formula[0]["citation"]["title"]
    assert row[col["titel"]].startswith("'=HYPERLINK(")
    assert row[col["organisatie"]] == "'+31 Gemeente"
    for cell in row:
        assert cell[:1] not in ("=", "+", "-", "@")


@pytest.mark.parametrize(
    ("url", "data", "status", "message"),
    [
        ("/werkmap/export.md", {}, 400, "De werkmap is leeg"),
        ("/werkmap/export.pdf", {"passage": "x:1"}, 404, "Onbekend exportformaat"),
        ("/werkmap/export.csv", {"passage": ["bestaat:1", "bestaat:2"]}, 404, "Geen van de bewaarde passages"),
        ("/werkmap/export.docx", {"passage": [f"x:{i}" for i in range(501)]}, 400, "Te veel passages"),
        ("/werkmap/export.md", {"passage": [f"x:{i}" for i in range(1500)]}, 400, "Te veel passages"),
    ],
)
def test_bad_exports_are_refused_in_dutch(client: TestClient, url: str, data: dict, status: int, message: str) -> None:
    r = client.post(url, data=data)
    assert r.status_code == status
    assert message in error_text(r)


def _export_links(c: TestClient, fmt: str, ids: list[str]) -> list[str]:
    """The "Vindplaats" links of an export, in passage order."""
    r = _export(c, fmt, ids)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"), newline=""), delimiter=";"))
        return [row[CSV_COLUMNS.index("vindplaats")] for row in rows[1:]]
    if fmt == "docx":
        text = "\n".join(p.text for p in DocxDocument(io.BytesIO(r.content)).paragraphs)
    else:
        text = r.text
    return re.findall(r"^Vindplaats: (\S+)", text, re.M)


@pytest.mark.parametrize("fmt", ["md", "docx", "csv"])
def test_export_links_use_the_public_url_when_set_else_the_requests_address(
    fake_index: BuiltIndex, client: TestClient, saved: list[dict], fmt: str
) -> None:
    """A handout sent to colleagues linked to http://127.0.0.1:8765/documenten/…, the address the
    server was reached on. The werkmap keeps passage ids only, not the sentences a search marked,
    so the links carry no &zin= (the passages' own context_url has none either)."""
    ids = [p["chunk_id"] for p in saved]
    urls = [p["context_url"] for p in client.get("/api/passages", params={"id": ids}).json()["passages"]]
    assert all("zin=" not in u for u in urls)
    public = TestClient(
        create_app(replace(fake_index.settings, public_url="https://kennisbank.example.nl/")),
        raise_server_exceptions=False,
    )
    assert _export_links(public, fmt, ids) == [f"https://kennisbank.example.nl{u}" for u in urls]
    assert _export_links(client, fmt, ids) == [f"http://testserver{u}" for u in urls]


@pytest.mark.parametrize(
    ("public_url", "request_base", "expected"),
    [
        ("", "http://127.0.0.1:8765/", "http://127.0.0.1:8765"),
        ("https://kennisbank.example.nl", "http://127.0.0.1:8765/", "https://kennisbank.example.nl"),
        ("https://intranet.example.nl/kennisbank/", "http://127.0.0.1:8765/", "https://intranet.example.nl/kennisbank"),
    ],
)
def test_export_links_start_with_the_public_url_if_there_is_one(public_url: str, request_base: str, expected: str):
    from web.export import link_base

    assert link_base(public_url, request_base) == expected


def test_an_export_link_keeps_the_marked_sentences_of_a_passage_that_has_them() -> None:
    """Where a passage comes with the sentences a search marked, its "Vindplaats" is its
    "lees in context" link, &zin= marks and all, on the export's base."""
    from ingest.models import Chunk, Sentence
    from web.export import to_csv, to_docx, to_markdown
    from web.views import passage_view

    text = "Eerste zin over thuiszitters. Tweede zin over het wijkteam."
    chunk = Chunk("swv:0003", "swv", 3, text, 100, 100 + len(text), 2, 2, (), "tekst", (Sentence(100, 129),))
    view = passage_view(chunk, DocumentMeta(id="swv", title="SWV"), {}, spans=[(0, 29)])
    assert "zin=100-129" in view.context_url
    link = f"https://kb.example.nl{view.context_url}"
    assert (
        f"Vindplaats: {link} " in to_markdown([view], today=date(2025, 1, 2), base_url="https://kb.example.nl").decode()
    )
    docx = DocxDocument(io.BytesIO(to_docx([view], today=date(2025, 1, 2), base_url="https://kb.example.nl")))
    assert any(f"Vindplaats: {link}" in p.text for p in docx.paragraphs)
    rows = list(
        csv.reader(io.StringIO(to_csv([view], base_url="https://kb.example.nl").decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][CSV_COLUMNS.index("vindplaats")] == link


# -- the API's schema and the upload mount ------------------------------------------------------
def test_openapi_schema_describes_the_api_and_docs_links_it(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/search",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/themes",
        "/api/themes/{slug}",
        "/api/passages",
    ):
        assert "get" in paths[path], path
    ok = paths["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/SearchOut")
    assert paths["/api/search"]["get"]["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorOut"
    )
    assert not any(p == "/" or p.startswith("/documenten") for p in paths)
    html = main_html(client.get("/docs").text)
    assert 'href="/openapi.json"' in html
    for path in ("/api/search", "/api/passages"):
        assert f"<code>{path}</code>" in html


def test_upload_is_mounted_only_with_an_admin_token(fake_index: BuiltIndex) -> None:
    assert TestClient(create_app(fake_index.settings)).get("/beheer/upload").status_code == 404
    app = create_app(replace(fake_index.settings, admin_token="geheim-token"))
    with TestClient(app) as c:
        r = c.get("/beheer/upload")
        assert r.status_code == 200
        assert "Document toevoegen" in main_html(r.text)
        assert r.headers["content-security-policy"]
        # the API page lists the upload operations in Dutch, like the others
        rows = dict(re.findall(r"<td><code>([^<]+)</code></td><td>[A-Z]+</td><td>([^<]*)</td>", c.get("/docs").text))
        assert rows["/api/upload"] == "Een document toevoegen (met het beheertoken)"
        assert rows["/api/upload/{job_id}"] == "Voortgang en resultaat van een upload"
        english = [s for s in rows.values() if re.search(r"\b(a|an|the|of|and|required)\b", s, re.I)]
        assert english == [] and len(rows) == 8
        # and its errors are the API's {"detail": "..."}
        paths = c.get("/openapi.json").json()["paths"]
        for path, method, status in (("/api/upload", "post", "403"), ("/api/upload/{job_id}", "get", "404")):
            error = paths[path][method]["responses"][status]["content"]["application/json"]["schema"]
            assert error["$ref"].endswith("/ErrorOut"), (path, status)


# -- pure helpers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("een\ntwee", "een\ntwee"),
        ("een\n\ntwee", "een\ntwee"),
        ("een\n \n\t\n\ntwee", "een\ntwee"),
        ("<mark>een</mark>\n\n\n<mark>twee</mark>", "<mark>een</mark>\n<mark>twee</mark>"),
        ("&lt;b&gt;\n\n&lt;/b&gt;", "&lt;b&gt;\n&lt;/b&gt;"),
    ],
)
def test_compact_lines_reduces_runs_of_empty_lines(raw: str, expected: str) -> None:
    from markupsafe import Markup

    from web.views import compact_lines

    out = compact_lines(Markup(raw))
    assert isinstance(out, Markup) and str(out) == expected


def test_the_contents_list_an_opened_box_once_and_a_repeated_title_again() -> None:
    text = "x" * 400
    headings = (
        Heading(0, 10, 1, "1. Hoofdstuk"),
        Heading(50, 50, 1, "Lessen uit het buitenland"),  # opens where the reading list ends
        Heading(90, 115, 1, "Lessen uit het buitenland"),  # its title line
        Heading(200, 210, 1, "2. Hoofdstuk"),
        Heading(300, 325, 1, "Lessen uit het buitenland"),  # a second box of that title
    )
    doc = Document(DocumentMeta(id="d", title="D"), "d.txt", "0" * 64, text, (), headings)
    assert [(t.title, t.anchor) for t in table_of_contents(doc)] == [
        ("1. Hoofdstuk", "kop-1"),
        ("Lessen uit het buitenland", "kop-2"),
        ("2. Hoofdstuk", "kop-4"),
        ("Lessen uit het buitenland", "kop-5"),
    ]


@pytest.mark.parametrize(
    ("organisation", "year", "title", "doc_type", "expected"),
    [
        ("NJi", 2015, "Samen om het kind", "publicatie", "NJi (2015). Samen om het kind. Publicatie."),
        (
            "SWV",
            2023,
            "Hoe gaan we het organiseren?",
            "presentatie",
            "SWV (2023). Hoe gaan we het organiseren? Presentatie.",
        ),
        ("", None, "Sterke wijken.", "factsheet", "Sterke wijken. Factsheet."),
        ("", 2025, "Doe het!", "", "(2025). Doe het!"),
        ("SWV", 2023, "“Hoe nu?”", "presentatie", "SWV (2023). “Hoe nu?” Presentatie."),
        ("", None, "Wordt vervolgd…", "blog", "Wordt vervolgd… Blog."),
    ],
)
def test_a_source_entry_is_written_out_with_one_full_stop_per_part(organisation, year, title, doc_type, expected):
    from web.export import source_entry

    view = SimpleNamespace(organisation=organisation, year=year, title=title, doc_type=doc_type)
    assert source_entry(view) == expected


def test_a_theme_filter_groups_every_passage_under_that_theme(client: TestClient) -> None:
    """Asked for one theme, a passage filed under another theme first and this one second was
    shown under the other ("Mbo en arbeidstoeleiding" above "Ouders" for theme=ouders)."""
    hits = client.get("/api/search", params={"q": "school en wijkteam", "k": 30}).json()["hits"]
    second = next(h for h in hits if len(h["themes"]) >= 2)  # a passage with a second theme
    theme = second["themes"][1]["slug"]
    body = client.get("/api/search", params={"q": "school en wijkteam", "theme": theme, "k": 30}).json()
    assert second["chunk_id"] in {h["chunk_id"] for h in body["hits"]}
    assert [g["slug"] for g in body["groups"]] == [theme]


def test_two_values_of_one_filter_show_as_a_list_that_keeps_both(client: TestClient) -> None:
    """theme=a&theme=b marked two options of a single select, which a browser shows as one and
    sends back as one: the filter then silently lost a theme."""
    themes = [t["slug"] for t in client.get("/api/themes").json()][:2]
    html = main_html(client.get("/", params={"q": "school en wijkteam", "theme": themes}).text)
    select = re.search(r'<select id="f-theme"[^>]*>.*?</select>', html, re.S).group(0)
    assert " multiple" in select.split(">")[0]
    for slug in themes:
        assert re.search(rf'<option value="{slug}" selected>', select)
    one = main_html(client.get("/", params={"q": "school en wijkteam", "theme": themes[0]}).text)
    assert " multiple" not in re.search(r'<select id="f-theme"[^>]*>', one).group(0)


def test_kern_for_every_year_gives_the_first_passages_years_in_order(client: TestClient) -> None:
    """Asked for every year ("per jaar"), Kern takes every year the first passage marks before
    other passages, in year order (it showed one year of a slide that marks five)."""
    data = client.get("/api/search", params={"q": "doelen thuiszitters per jaar"}).json()
    first = data["hits"][0]
    marked_years = sorted({y for y in first["answer_years"] if y is not None})
    assert len(marked_years) >= 2, first["answer_years"]
    from_first = [k["year"] for k in data["answer"] if k["chunk_id"] == first["chunk_id"]]
    assert sorted(set(from_first)) == marked_years[:5]
    years = [k["year"] for k in data["answer"] if k["year"] is not None]
    assert years == sorted(years)


def test_a_marked_sentence_shows_its_year_when_the_passage_does_not() -> None:
    """Four 2024 goals opened a passage whose "2024" slide line lay in the passage before: the
    page did not say which year "interventieniveau 2 is maximaal 55%" belongs to (the API did)."""
    from ingest.models import Chunk, DocumentMeta, Sentence
    from web.views import passage_view

    text = "• Interventieniveau 2 is maximaal 55%.\n\n2025\n\n• Interventieniveau 2 is maximaal 50%."
    spans = [(0, 38), (46, 84)]
    chunk = Chunk("swv:0008", "swv", 8, text, 0, len(text), 3, 3, (), "doel", tuple(Sentence(a, b) for a, b in spans))
    view = passage_view(chunk, DocumentMeta(id="swv", title="SWV"), {}, spans=spans, years=(2024, 2025))
    assert '55%.</mark><span class="jaar-label"> [2024]</span>' in view.html
    assert "[2025]" not in view.html  # the passage shows that year's line itself
    plain = passage_view(chunk, DocumentMeta(id="swv", title="SWV"), {}, spans=spans)
    assert "jaar-label" not in plain.html


def test_a_passage_opening_under_the_year_before_it_shows_that_year_first() -> None:
    """Four 2024 goals opened a passage whose first year line was "2025": unmarked, "minimaal 30%"
    passed for a 2025 goal on the page, in the CLI and in every export (QA). The passage now opens
    with "[2024]", and the marked 2024 goal does not repeat it."""
    import csv
    import io
    from datetime import date

    from ingest.models import Chunk, DocumentMeta, Sentence
    from web.export import to_csv, to_markdown
    from web.views import passage_view

    text = "• Interventieniveau 2 is maximaal 55%.\n• Niveau 3 is minimaal 30%.\n\n2025\n\n• Interventieniveau 2 is maximaal 50%."
    spans = [(0, 38)]
    chunk = Chunk("swv:0008", "swv", 8, text, 0, len(text), None, None, (), "doel", (Sentence(0, 38),))
    meta = DocumentMeta(id="swv", title="SWV")
    view = passage_view(chunk, meta, {}, spans=spans, years=(2024,), opening_year=2024)
    assert view.opening_label == "[2024]"
    assert str(view.html).startswith('<span class="jaar-label jaar-opening">[2024]</span>')
    assert str(view.html).count("[2024]") == 1
    assert view.text == text  # the passage's own text, as the API gives it, is unchanged
    markdown = to_markdown([view], today=date(2025, 1, 2)).decode()
    assert "> [2024]" in markdown and markdown.index("[2024]") < markdown.index("minimaal 30%")
    rows = list(csv.reader(io.StringIO(to_csv([view]).decode("utf-8-sig")), delimiter=";"))
    assert next(cell for cell in rows[1] if "30%" in cell).startswith("[2024]\n")
    # a passage opening with its own year line, or under no year, has no label
    assert passage_view(chunk, meta, {}, opening_year=None).opening_label == ""


@pytest.mark.parametrize(
    "text, safe",
    [
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),  # Markdown passes raw HTML on
        ('<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)">'),
        ("<!-- commentaar -->", "&lt;!-- commentaar -->"),
        ("jongeren < 18 jaar en > 23 jaar", "jongeren < 18 jaar en > 23 jaar"),  # no tag: as it is
        ("Samen om het kind", "Samen om het kind"),
    ],
)
def test_markdown_export_text_opens_no_html_tag(text: str, safe: str) -> None:
    from web.export import markdown_safe

    assert markdown_safe(text) == safe


def test_markdown_export_escapes_an_uploaded_title() -> None:
    from datetime import date

    from ingest.models import Chunk, DocumentMeta, Sentence
    from web.export import to_markdown
    from web.views import passage_view

    text = "Scholen werken samen met het wijkteam."
    chunk = Chunk("x:0000", "x", 0, text, 0, len(text), None, None, (), "tekst", (Sentence(0, len(text)),))
    view = passage_view(chunk, DocumentMeta(id="x", title="<script>alert(1)</script>"), {})
    markdown = to_markdown([view], today=date(2025, 1, 2)).decode()
    assert "<script>" not in markdown and "&lt;script>alert(1)" in markdown
