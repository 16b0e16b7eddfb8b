"""Hybrid search: filters, query validation, folding, answer sentences, explanations."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.embed import create_embedder
from search.analyze import word_tokens
from search.dedupe import collapse_near_duplicates, containment, shingles
from search.filters import Filters
from search.generation_writer import stems_index_text
from search.glossary import Glossary, load_glossary
from search.handle import IndexHandle
from search.marking import opening_year, year_standing
from search.params import RankingParams, SearchOptions
from search.query import QueryError, validate_query
from search.searcher import (
    RETRIEVERS,
    Searcher,
    searchable,
    verdict_filters,
    with_params,
)
from search.thesaurus import Entry, Thesaurus
from search.verdict import is_weak
from search.years import sentence_years
from tests.conftest import CORPUS

QUERY = "hoe voorkom je dat kinderen thuis komen te zitten?"


def open_searcher(index_dir: Path, embedder: str) -> Searcher:
    glossary = Glossary(load_glossary(CORPUS / "glossary.toml"))
    return IndexHandle(index_dir, create_embedder(embedder), glossary=glossary).searcher()


@pytest.fixture(scope="module")
def searcher(fake_index) -> Searcher:
    return open_searcher(fake_index.index_dir, "fake")


@pytest.fixture(scope="module")
def metas(searcher):
    return {m.id: m for m in searcher.store.document_metas()}


# -- query validation ----------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["", "   ", "\n\t", "?!...", "x" * 10_000])
def test_bad_queries_are_refused_with_a_message(searcher, query):
    with pytest.raises(QueryError) as err:
        searcher.search(query)
    assert str(err.value)


def test_validate_query_normalises_whitespace():
    assert validate_query("  wat   werkt\n ") == "wat werkt"
    assert validate_query("a" * 500) == "a" * 500
    with pytest.raises(QueryError, match="too long"):
        validate_query("a" * 501)


def test_html_in_a_query_is_just_words(searcher):
    result = searcher.search("<script>alert(1)</script> thuiszitters")
    assert result.query == "<script>alert(1)</script> thuiszitters"
    assert result.hits
    # the markup is neither an error nor syntax: the lexical retrievers see the same words
    assert word_tokens(result.query) == word_tokens("script alert 1 script thuiszitters")
    lexical = searcher.store.lexical(word_tokens(result.query), "fts_words", Filters(), 60)
    assert lexical == searcher.store.lexical(
        word_tokens("script alert 1 script thuiszitters"), "fts_words", Filters(), 60
    )
    assert any("thuiszitter" in h.chunk.text.lower() for h in result.hits[:3])


# -- years of answer sentences ---------------------------------------------------------------------
def test_a_passage_opens_under_the_year_line_of_the_passage_before_it(searcher):
    """The SWV slides give goals per year; a passage that starts with a year's bullets, its year
    line in the passage before, still knows their year: the last year line above it."""
    store = searcher.store
    doc_id = "swv-wijkgericht-werken-organiseren-2023"
    text = store.document(doc_id).text
    records = store.document_chunks(doc_id)
    opening_mid_year = 0
    for previous, rec in zip(records, records[1:], strict=False):
        year = opening_year(store, rec)
        above = re.findall(r"^((?:19|20)\d\d)(?: \(vervolg\))?$", text[: rec.chunk.start], re.M)
        if year is not None:
            assert rec.chunk.section == previous.chunk.section
            assert int(above[-1]) == year, rec.chunk.id
        if rec.chunk.text.lstrip().startswith("•") and rec.chunk.section == previous.chunk.section:
            opening_mid_year += 1
            assert year is not None, rec.chunk.id
    assert opening_mid_year  # the deck does have passages that open with a year's bullets


def test_a_question_naming_a_year_never_marks_a_sentence_of_another_year(searcher):
    """The slides repeat each goal per year with only the figure changed: for "2024" a passage
    holding only 2026-2027 must not mark 2026's figure; it marks nothing."""
    swv = "swv-wijkgericht-werken-organiseren-2023"
    hits = searcher.search("SLB doelen 2024", SearchOptions(k=30, filters=Filters(doc_ids=(swv,)))).hits
    records = {r.chunk.id: r for r in searcher.store.document_chunks(swv)}
    other_years_only = 0
    for hit in hits:
        assert all(y in (None, 2024) for y in hit.answer_years), (hit.chunk.id, hit.answer_years)
        texts = [hit.chunk.sentence_text(x) for x in hit.chunk.sentences]
        under = sentence_years(texts, opening_year(searcher.store, records[hit.chunk.id]))
        if under and all(y is not None and y != 2024 for y in under) and "2024" not in hit.chunk.text:
            other_years_only += 1
            assert hit.answer_sentences == ()
    assert other_years_only  # the case: passages of the deck under other years only
    assert any(2024 in h.answer_years for h in hits)  # the year asked is marked where it stands


def _year_scores(searcher, query: str, penalty: float) -> dict[str, float]:
    swv = "swv-wijkgericht-werken-organiseren-2023"
    options = SearchOptions(k=30, filters=Filters(doc_ids=(swv,)))
    plain = with_params(searcher, document_penalty=0.0, document_size_penalty=0.0, year_mismatch_penalty=penalty)
    return {h.chunk.id: h.score for h in plain.search(query, options).hits}


def test_a_passage_wholly_under_other_years_pays_the_year_penalty(searcher):
    """For "SLB doelen 2024", a slide passage of 2026-2027 only cannot give the 2024 figure: its
    fused score loses year_mismatch_penalty, every other passage keeps its score."""
    before, after = _year_scores(searcher, "SLB doelen 2024", 0.0), _year_scores(searcher, "SLB doelen 2024", 0.5)
    records = {r.chunk.id: r for r in searcher.store.document_chunks("swv-wijkgericht-werken-organiseren-2023")}
    assert set(before) == set(after)
    standing = {c: year_standing(searcher.store, records[c], frozenset({2024})) for c in before}
    paid = {c for c, v in standing.items() if v < 0}
    assert paid and any(v > 0 for v in standing.values())  # the case: both kinds among the hits
    for c in before:
        assert after[c] == pytest.approx(before[c] - (0.5 if c in paid else 0.0), abs=1e-5), c
    swv = Filters(doc_ids=("swv-wijkgericht-werken-organiseren-2023",))
    explained = with_params(searcher, document_penalty=0.0, document_size_penalty=0.0).search(
        "SLB doelen 2024", SearchOptions(k=30, filters=swv, explain=True)
    )
    assert {h.chunk.id for h in explained.hits if h.explanation.year_cost == 0.5} == paid
    assert all(year_standing(searcher.store, records[c], frozenset()) == 0 for c in before)  # no year asked


def test_a_year_no_passage_holds_costs_nobody_anything(searcher):
    """For 2030 the deck's goals of 2023-2027 are the nearest answer: no passage holds 2030, so
    none pays for standing under another year."""
    assert _year_scores(searcher, "SLB doelen 2030", 0.5) == _year_scores(searcher, "SLB doelen 2030", 0.0)
    swv = Filters(doc_ids=("swv-wijkgericht-werken-organiseren-2023",))
    none_held = searcher.search("SLB doelen 2030", SearchOptions(k=10, filters=swv))
    assert none_held.years == frozenset()
    assert all(h.answer_sentences for h in none_held.hits)  # the other years' goals are marked
    assert any(y is not None for h in none_held.hits for y in h.answer_years)
    assert searcher.search("SLB doelen 2024", SearchOptions(k=10, filters=swv)).years == frozenset({2024})


def test_a_question_about_every_year_marks_each_year_of_the_goals(searcher):
    """ "Per jaar" marks the best sentence under each year a passage holds (the SWV slides set
    goals for 2023-2027), not the usual best two; the same question without it marks two at most.
    Only a passage holding what the figures are asked of does so: the TLV slide marked its five
    yearly targets as if they were goals for thuiszitters."""
    doc_filter = SearchOptions(k=5, filters=Filters(doc_ids=("swv-wijkgericht-werken-organiseren-2023",)))
    every = searcher.search("Wat zijn de doelen voor thuiszitters per jaar?", doc_filter)
    usual = {h.chunk.id: h for h in searcher.search("Wat zijn de doelen voor thuiszitters?", doc_filter).hits}
    records = {r.chunk.id: r for r in searcher.store.document_chunks("swv-wijkgericht-werken-organiseren-2023")}
    checked = 0
    for hit in every.hits:
        texts = [hit.chunk.sentence_text(x) for x in hit.chunk.sentences]
        under = sentence_years(texts, opening_year(searcher.store, records[hit.chunk.id]))
        years = {y for y in under if y is not None}
        if len(years) < 3:
            continue
        if "thuiszitter" not in (" ".join(hit.chunk.section) + hit.chunk.text).lower():
            assert len(hit.answer_sentences) <= 2, hit.chunk.section  # another goal's slide: the usual best two
            continue
        checked += 1
        assert len(hit.answer_sentences) == len(years)
        assert set(hit.answer_years) == years  # one sentence under each year
        assert list(hit.answer_years) == sorted(hit.answer_years)  # in passage order
        if hit.chunk.id in usual:
            assert len(usual[hit.chunk.id].answer_sentences) <= 2
    assert checked  # the deck's goal slides are among the hits


# -- filters -------------------------------------------------------------------------------------
def test_filters_restrict_every_hit(searcher, metas):
    meta = metas["swv-wijkgericht-werken-organiseren-2023"]
    cases = [
        (Filters(types=(meta.type,)), lambda h: h.meta.type == meta.type),
        (Filters(organisations=(meta.organisation,)), lambda h: h.meta.organisation == meta.organisation),
        (Filters(years=(meta.year,)), lambda h: h.meta.year == meta.year),
        (Filters(kinds=("doen-wat-werkt",)), lambda h: h.chunk.kind == "doen-wat-werkt"),
        (
            Filters(kinds=("praktijkvoorbeeld", "interview")),
            lambda h: h.chunk.kind in ("praktijkvoorbeeld", "interview"),
        ),
        (Filters(doc_ids=("nji-samen-om-het-kind-2015",)), lambda h: h.doc_id == "nji-samen-om-het-kind-2015"),
    ]
    for filters, holds in cases:
        hits = searcher.search("samenwerking school en wijkteam", SearchOptions(k=10, filters=filters)).hits
        assert hits, filters
        assert all(holds(h) for h in hits), filters
    unfiltered = {h.doc_id for h in searcher.search("samenwerking school en wijkteam", SearchOptions(k=20)).hits}
    assert len(unfiltered) > 1  # so the doc filter above did remove something


def test_reading_lists_are_found_only_when_asked_for(searcher):
    """A "Verder lezen" list names publications ("Beter met minder. Bouwstenen voor een
    transformatie van het jeugdstelsel"); it answers no question, so it is no hit unless its kind
    is asked for."""
    query = "Denktank Transformatie Jeugdstelsel Beter met minder Bouwstenen"
    asked = searcher.search(query, SearchOptions(k=10, filters=Filters(kinds=("literatuur",)))).hits
    assert asked and all(h.chunk.kind == "literatuur" for h in asked)
    assert any("Beter met minder" in h.chunk.text for h in asked)
    plain = searcher.search(query, SearchOptions(k=30)).hits
    assert plain and not [h for h in plain if h.chunk.kind == "literatuur"]
    both = Filters(kinds=("literatuur", "interview"))
    assert {h.chunk.kind for h in searcher.search(query, SearchOptions(k=30, filters=both)).hits} == {
        "literatuur",
        "interview",
    }


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters(), Filters(hidden_kinds=("literatuur",))),
        (Filters(years=(2015,)), Filters(years=(2015,), hidden_kinds=("literatuur",))),
        (Filters(kinds=("interview",)), Filters(kinds=("interview",))),  # only the kinds named
        (Filters(kinds=("literatuur",)), Filters(kinds=("literatuur",))),
    ],
)
def test_searchable_filters(filters, expected):
    assert searchable(filters) == expected


def test_a_filter_nothing_matches_gives_no_hits(searcher):
    assert searcher.search(QUERY, SearchOptions(filters=Filters(years=(1850,)))).hits == ()


# -- results -------------------------------------------------------------------------------------
def test_k_ranks_and_scores(searcher):
    hits = searcher.search(QUERY, SearchOptions(k=7)).hits
    assert len(hits) == 7
    assert [h.rank for h in hits] == list(range(1, 8))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_near_duplicates_are_folded(searcher):
    # the factsheet's points reappear in the NJi boxes: a query on one of them finds both
    for query in ["kengetallen van onderwijs en jeugdhulp delen", "gezamenlijke visie en taal school wijkteam", QUERY]:
        hits = searcher.search(query, SearchOptions(k=10)).hits
        for i, a in enumerate(hits):
            for b in hits[i + 1 :]:
                assert containment(shingles(a.chunk.text), shingles(b.chunk.text)) < searcher.params.collapse_threshold
        for h in hits:
            for dup in h.duplicates:
                assert dup not in {x.chunk.id for x in hits}
    texts = [h.chunk.text for h in hits]
    assert collapse_near_duplicates(texts + texts[:1], searcher.params.collapse_threshold)[0] == (0, [len(texts)])


def test_answer_sentences_lie_inside_their_passage(searcher):
    for query, most in [(QUERY, 2), ("Wat levert SAW op voor mbo-docenten?", 2), ("doelen TLV per kalenderjaar", 8)]:
        for h in searcher.search(query, SearchOptions(k=10)).hits:
            assert 1 <= len(h.answer_sentences) <= most  # a question about every year: one per year
            for s in h.answer_sentences:
                assert h.chunk.start <= s.start < s.end <= h.chunk.end
                # a sentence of the passage, less a list bullet or the next sentence's opening quote
                assert any(c.start <= s.start < s.end <= c.end for c in h.chunk.sentences)
            assert all(a.end <= b.start for a, b in zip(h.answer_sentences, h.answer_sentences[1:], strict=False))


# -- explanation ---------------------------------------------------------------------------------
def check_explanations(searcher: Searcher, query: str) -> None:
    result = searcher.search(query, SearchOptions(k=10))
    assert result.hits
    for h in result.hits:
        e = h.explanation
        assert e is not None
        assert set(e.ranks) == set(RETRIEVERS) == set(e.scores)
        assert all(0.0 <= v <= 1.0 for v in e.scores.values())
        assert h.lexical_rank == e.ranks["lexical"] and h.dense_rank == e.ranks["dense"]
        # best sentence: one of those highlighted (the best scored, not the first in the passage)
        marked = [h.chunk.text[a.start - h.chunk.start : a.end - h.chunk.start] for a in h.answer_sentences]
        assert e.best_sentence in marked
        assert e.best_sentence.strip() and e.best_sentence in h.chunk.text
    for r in RETRIEVERS:
        ranked = [
            (h.explanation.ranks[r], h.explanation.scores[r]) for h in result.hits if h.explanation.ranks[r] is not None
        ]
        # a better rank in a retriever never has a lower normalised score there
        for (ra, sa), (rb, sb) in zip(sorted(ranked), sorted(ranked)[1:], strict=False):
            assert ra < rb and sa >= sb
        absent = [h for h in result.hits if h.explanation.ranks[r] is None]
        assert all(h.explanation.scores[r] == 0.0 for h in absent)


@pytest.mark.parametrize("query", [QUERY, "SLB-locatie en wijkoverleg met de SLB-er per wijk", "ouders als partner"])
def test_explanations_are_consistent(searcher, query):
    check_explanations(searcher, query)


def test_matched_terms_are_query_words_found_in_the_passage(searcher):
    result = searcher.search("wijkoverleg met de SLB-er", SearchOptions(k=5))
    top = result.hits[0]
    assert "wijkoverleg" in top.chunk.text.lower()
    assert "wijkoverleg" in top.explanation.matched_terms
    assert top.explanation.ranks["lexical"] is not None
    for h in result.hits:
        for term in h.explanation.matched_terms:
            assert term in {"wijkoverleg", "slb", "er"}


def test_no_explanation_when_not_asked(searcher):
    assert all(h.explanation is None for h in searcher.search(QUERY, SearchOptions(explain=False)).hits)


# -- glossary ------------------------------------------------------------------------------------
def test_abbreviations_are_expanded_in_the_result_and_the_lexical_query(searcher):
    result = searcher.search("Wat doet de SWV-er met een TLV?")
    assert [(g.term, g.expansion) for g in result.glossary][:1] == [("SWV", "samenwerkingsverband passend onderwijs")]
    assert {g.term for g in result.glossary} == {"SWV", "TLV"}
    assert "toelaatbaarheidsverklaring" in searcher.lexical_query("een TLV aanvragen")
    assert with_params(searcher, expand_glossary=False).lexical_query("een TLV aanvragen") == "een TLV aanvragen"


# -- thesaurus -----------------------------------------------------------------------------------
def test_a_word_no_document_uses_is_searched_as_the_documents_word(searcher):
    """ "statistieken" is in no seed document; the thesaurus names it for "kengetallen", which the
    factsheet uses: the stems retriever now finds that passage, and the result says why."""
    entries = [Entry("kengetallen", ("statistieken", "cijfers")), Entry("wijk", ("buurt",))]
    with_thesaurus = Searcher(searcher.store, searcher.embedder, searcher.params, thesaurus=Thesaurus(entries))
    query = "statistieken delen"
    result = with_thesaurus.search(query, SearchOptions(k=20))
    assert [(t.word, t.matched) for t in result.thesaurus] == [("kengetallen", "statistieken")]
    assert with_thesaurus.lexical_query(query) == "statistieken delen kengetallen"
    found = [h for h in result.hits if "kengetallen" in h.chunk.text.lower()]
    assert found and all(h.lexical_rank is not None for h in found)
    # explain names the added word for the passages that hold it, and only for those
    assert all(h.explanation.expanded_terms == ("kengetallen",) for h in found)
    assert all(h.explanation.expanded_terms == () for h in result.hits if h not in found)
    assert all("kengetallen" not in h.explanation.matched_terms for h in result.hits)

    switched_off = with_params(with_thesaurus, expand_thesaurus=False)
    assert switched_off.lexical_query(query) == query
    plain = switched_off.search(query, SearchOptions(k=20))
    assert plain.thesaurus == ()
    # Without the added word those passages rank lower by their words ("delen" alone), or not at
    # all. (They may still be among the hits: the document penalty lets the factsheet's passage
    # into the top 20 by "delen".)
    plain_ranks = {h.chunk.id: h.lexical_rank for h in plain.hits}
    for h in found:
        assert plain_ranks.get(h.chunk.id) is None or plain_ranks[h.chunk.id] > h.lexical_rank


def test_a_passage_is_also_found_by_what_a_user_may_say_instead_of_its_words(searcher):
    """The passage-side expansion: "gezin" is a word the documents use, so the query is not
    expanded, but the passages saying "ouders" (for which the thesaurus says a user may put
    "gezin") are scored by the fourth retriever, and explain says for which word."""
    with_thesaurus = Searcher(
        searcher.store, searcher.embedder, searcher.params, thesaurus=Thesaurus([Entry("ouders", ("gezin",))])
    )
    result = with_thesaurus.search("gezin", SearchOptions(k=100))
    assert result.thesaurus == ()  # nothing added to the query
    saying = [h for h in result.hits if "ouder" in word_tokens(stems_index_text(h.chunk))]
    ranked = [h for h in result.hits if h.explanation.ranks["thesaurus"] is not None]
    assert ranked and all(h in saying for h in ranked)
    for h in ranked:
        if word_tokens("gezin")[0] not in word_tokens(stems_index_text(h.chunk)):
            assert h.explanation.related_terms == ("gezin ~ ouders",)
        else:  # a plain match of "gezin" (or "gezinnen") needs no explaining
            assert h.explanation.related_terms == ()
    for h in result.hits:
        if h not in saying:
            assert h.explanation.ranks["thesaurus"] is None and h.explanation.related_terms == ()
    # under a filter the fourth retriever scores only the passages the filter lets through
    stems = word_tokens("gezin")
    everywhere = with_thesaurus.passage_expansion(stems, Filters(), 10_000)
    only = Filters(types=(saying[0].meta.type,))
    filtered = with_thesaurus.passage_expansion(stems, only, 10_000)
    assert filtered and set(filtered) == set(everywhere) & set(searcher.store.allowed_rowids(only))
    assert set(filtered) < set(everywhere)
    # weight 0, or the thesaurus switched off, leaves the retriever out
    for off in (with_params(with_thesaurus, weight_thesaurus=0.0), with_params(with_thesaurus, expand_thesaurus=False)):
        assert all(h.explanation.ranks["thesaurus"] is None for h in off.search("gezin", SearchOptions(k=100)).hits)


def test_a_thesaurus_word_does_not_make_an_off_topic_question_look_answered(searcher):
    """The weak-match check asks whether the user's own words occur: "weerbericht" and "morgen"
    are in no document, so the question stays weak although "morgen" names "ochtend"."""
    query = "weerbericht morgen"
    # weak exactly when no word matches, whatever the (fake) similarity
    params = replace(searcher.params, weak_dense=-1.0, weak_dense_no_words=2.0)
    expanding = Searcher(
        searcher.store, searcher.embedder, params, thesaurus=Thesaurus([Entry("ochtend", ("morgen",))])
    )
    result = expanding.search(query)
    assert [t.word for t in result.thesaurus] == ["ochtend"]
    assert any(h.lexical_rank is not None for h in result.hits)  # the thesaurus word did match
    assert result.weak
    assert not expanding.search("ochtend").weak


@pytest.mark.parametrize(
    ("query", "weak"),
    [
        ("<b>??</b>", True),  # markup leaves the word "b", which only matches letters of "t.b.v."
        ("b", True),
        ("b thuiszitters", False),  # a real word still counts
        ("po vo", False),  # two-letter abbreviations are words
    ],
)
def test_a_one_letter_word_does_not_make_a_question_look_answered(searcher, query, weak):
    # weak exactly when no word counts, whatever the (fake) similarity
    strict = Searcher(
        searcher.store, searcher.embedder, replace(searcher.params, weak_dense=-1.0, weak_dense_no_words=2.0)
    )
    assert searcher.store.lexical(word_tokens(query), "fts_words", Filters(), 1)  # some word does match
    assert strict.search(query).weak is weak


# -- the real model ------------------------------------------------------------------------------
def test_explanations_on_the_e5_index(e5_index):
    searcher = open_searcher(e5_index.index_dir, "e5")
    check_explanations(searcher, "Hoe betrek je ouders bij de ondersteuning op school?")
    top = searcher.search("In elke wijk is er structureel wijkoverleg met de SLB-er", SearchOptions(k=3)).hits[0]
    assert "wijkoverleg met de SLB-er" in top.chunk.text
    assert {"wijkoverleg", "slb"} <= set(top.explanation.matched_terms)
    assert "wijkoverleg met de SLB-er" in top.explanation.best_sentence


@pytest.mark.parametrize(
    ("best_dense", "any_word", "share", "weak"),
    [
        (0.90, False, 0.0, False),  # close in meaning, no shared word: shown
        (0.84, False, 0.0, True),  # middling similarity and not one word in common
        (0.84, True, 0.0, False),  # a word match saves a middling similarity
        (0.82, True, 0.25, True),  # low similarity, the top passage holds a quarter of the words
        (0.82, True, 0.5, False),  # ... half of them: shown
        (0.70, False, 0.0, True),
    ],
)
def test_is_weak(best_dense: float, any_word: bool, share: float, weak: bool) -> None:
    assert is_weak(best_dense, any_word, share, RankingParams()) is weak


def test_a_sentence_that_says_the_question_word_otherwise_is_marked(searcher):
    """ "zwabberdoek" is in no document; the thesaurus offers it for "ouders". The sentences
    saying "ouders" then share the question's word in other words, and with that share weighted
    heavily they are the ones marked; without the thesaurus's passage side (or at weight 0) the
    (fake) similarities decide, and they mark other sentences too."""
    thesaurus = Thesaurus([Entry("ouders", ("zwabberdoek",))])
    params = replace(searcher.params, related_stem_weight=100.0)
    heavy = Searcher(searcher.store, searcher.embedder, params, thesaurus=thesaurus)

    def marked(s: Searcher) -> list[bool]:
        hits = s.search("zwabberdoek", SearchOptions(k=50)).hits
        saying = [h for h in hits if "ouders" in h.chunk.text.lower()]
        assert len(saying) >= 3
        return ["ouders" in " ".join(h.answer_texts()).lower() for h in saying]

    assert all(marked(heavy))
    assert not all(marked(with_params(heavy, related_stem_weight=0.0)))
    assert not all(marked(with_params(heavy, expand_thesaurus=False)))


def test_a_passage_pays_for_the_size_of_its_document(searcher):
    """With a huge weight on document size the hits run from the smallest document to the
    largest; the explanation says what each passage paid, and the score is the weighted sum of
    the normalised retriever scores minus that."""
    query = "samenwerking tussen school en wijkteam"
    every = searcher.store.passages_per_document()
    assert every == {d: searcher.store.chunk_count(d) for d in every}
    assert sum(every.values()) == searcher.store.chunk_count() and len(every) >= 3
    # a search pays for the passages it can return: reading lists are never shown unasked
    sizes = searcher.store.passages_per_document(searchable(Filters()))
    assert sum(sizes.values()) == len(searcher.store.allowed_rowids(searchable(Filters())))
    assert sum(sizes.values()) < sum(every.values())  # else this test shows nothing of it
    plain = with_params(searcher, document_size_penalty=0.0, document_penalty=0.0).search(query, SearchOptions(k=30))
    heavy = with_params(searcher, document_size_penalty=10.0, document_penalty=0.0).search(query, SearchOptions(k=30))
    assert len({sizes[h.doc_id] for h in plain.hits}) >= 3
    plain_sizes = [sizes[h.doc_id] for h in plain.hits]
    assert plain_sizes != sorted(plain_sizes)  # else this test shows nothing
    heavy_sizes = [sizes[h.doc_id] for h in heavy.hits]
    assert heavy_sizes == sorted(heavy_sizes)
    assert all(h.explanation.document_cost == 0.0 for h in plain.hits)

    p = replace(searcher.params, document_penalty=0.0)
    weights = {"lexical": p.weight_lexical, "grams": p.weight_grams, "dense": p.weight_dense}
    weights["thesaurus"] = p.weight_thesaurus
    for h in with_params(searcher, document_penalty=0.0).search(query, SearchOptions(k=10)).hits:
        paid = h.explanation.document_cost
        assert paid == pytest.approx(p.document_size_penalty * math.log(sizes[h.doc_id]), abs=1e-4)
        fused = sum(weights[r] * v for r, v in h.explanation.scores.items())
        assert h.score == pytest.approx(fused - paid, abs=1e-3)
    # rank fusion's scores have another scale: the size penalty leaves it alone
    rrf = with_params(searcher, fusion="rrf", document_size_penalty=0.0).search(query, SearchOptions(k=10))
    rrf_sized = with_params(searcher, fusion="rrf", document_size_penalty=10.0).search(query, SearchOptions(k=10))
    assert [h.chunk.id for h in rrf.hits] == [h.chunk.id for h in rrf_sized.hits]
    assert all(h.explanation.document_cost == 0.0 for h in rrf_sized.hits)
    # the default adds what the passages of the same document above cost
    for h in searcher.search(query, SearchOptions(k=10)).hits:
        above = h.explanation.document_cost - p.document_size_penalty * math.log(sizes[h.doc_id])
        assert above / searcher.params.document_penalty == pytest.approx(
            round(above / searcher.params.document_penalty), abs=1e-3
        )


def test_a_kind_filter_counts_only_the_passages_of_that_kind(searcher):
    """Under a kind filter a document has only its passages of that kind to be close by chance,
    so those are what its passages pay for."""
    kind = "praktijkvoorbeeld"
    filters = searchable(Filters(kinds=(kind,)))
    sizes = searcher.store.passages_per_document(filters)
    rows = searcher.store.db.execute("SELECT doc_id, count(*) FROM chunks WHERE kind=? GROUP BY doc_id", (kind,))
    assert sizes == {doc: n for doc, n in rows}
    every = searcher.store.passages_per_document()
    assert any(sizes[d] < every[d] for d in sizes)  # else this test shows nothing
    p = replace(searcher.params, document_penalty=0.0)
    hits = (
        with_params(searcher, document_penalty=0.0)
        .search("voorbeeld uit de praktijk", SearchOptions(k=10, filters=Filters(kinds=(kind,))))
        .hits
    )
    assert hits and all(h.chunk.kind == kind for h in hits)
    for h in hits:
        assert h.explanation.document_cost == pytest.approx(
            p.document_size_penalty * math.log(sizes[h.doc_id]), abs=1e-4
        )


def test_one_document_does_not_fill_the_first_places(searcher):
    """With a large penalty per passage of the same document above it, the first hits come from
    as many documents as the candidates hold before any document comes twice; with or without
    it, scores never rise down the list."""
    query = "samenwerking tussen school en wijkteam"
    plain = with_params(searcher, document_penalty=0.0).search(query, SearchOptions(k=30))
    spread = with_params(searcher, document_penalty=10.0).search(query, SearchOptions(k=30))
    documents = {h.doc_id for h in plain.hits}
    assert len(documents) >= 3
    first = [h.doc_id for h in spread.hits[: len(documents)]]
    assert len(set(first)) == len(documents)
    # the plain order has a document twice before all have come (else this test shows nothing)
    assert len({h.doc_id for h in plain.hits[: len(documents)]}) < len(documents)
    for result in (plain, spread):
        scores = [h.score for h in result.hits]
        assert scores == sorted(scores, reverse=True)
    # rank fusion's scores have another scale: the penalty leaves it alone
    rrf = with_params(searcher, fusion="rrf", document_penalty=0.0).search(query, SearchOptions(k=10))
    rrf_penalised = with_params(searcher, fusion="rrf", document_penalty=10.0).search(query, SearchOptions(k=10))
    assert [h.chunk.id for h in rrf.hits] == [h.chunk.id for h in rrf_penalised.hits]


@pytest.mark.parametrize(
    ("filters", "reading_lists_in"),
    [
        (Filters(), False),
        (Filters(themes=("ouders",), doc_ids=("x",)), False),  # the verdict ignores the filter
        (Filters(kinds=("interview",)), False),
        (Filters(kinds=("literatuur",)), True),  # asked for: judged with the reading lists in
        (Filters(kinds=("literatuur", "blog"), years=(2015,)), True),
    ],
)
def test_verdict_filters(filters: Filters, reading_lists_in: bool) -> None:
    verdict = verdict_filters(filters)
    assert verdict.types == verdict.organisations == verdict.themes == verdict.doc_ids == ()
    assert verdict.years == ()
    assert ("literatuur" in verdict.kinds) is reading_lists_in
    if reading_lists_in:  # every kind: the whole index
        assert {"tekst", "interview", "literatuur"} <= set(verdict.kinds)
    assert verdict_filters(verdict) == verdict  # judged under itself: no search within a search


def test_a_filter_keeps_small_dense_differences_small(searcher):
    """Within a filter the dense scores are spread over at least the span they have in the whole
    index: the same order as min-max within the filter, scaled down by one factor below 1 when the
    filter's passages lie closer together than the index's candidates."""
    sizes = searcher.store.passages_per_document(searchable(Filters()))
    doc = min((d for d, n in sizes.items() if n >= 3), key=sizes.get)
    options = SearchOptions(k=30, filters=Filters(doc_ids=(doc,)))
    result = searcher.search(QUERY, options)
    spread = {h.chunk.id: h.explanation.scores["dense"] for h in result.hits}
    # the unfiltered search it took the span (and the weak verdict) from counts in its time
    assert 0 < result.timings_ms["verdict_ms"] < result.timings_ms["total_ms"]
    stretched = {
        h.chunk.id: h.explanation.scores["dense"]
        for h in with_params(searcher, filtered_dense_span=False).search(QUERY, options).hits
    }
    assert spread.keys() == stretched.keys() and len(spread) >= 3
    assert max(stretched.values()) == 1.0 and min(stretched.values()) == 0.0
    top = max(stretched, key=stretched.get)
    factor = spread[top]
    assert 0.0 < factor < 1.0  # else this document's passages are no closer than the index's
    for chunk_id, value in stretched.items():
        assert spread[chunk_id] == pytest.approx(factor * value, abs=2e-4)
    # unfiltered, nothing changes
    plain = searcher.search(QUERY, SearchOptions(k=10)).hits
    off = with_params(searcher, filtered_dense_span=False).search(QUERY, SearchOptions(k=10)).hits
    assert [(h.chunk.id, h.score) for h in plain] == [(h.chunk.id, h.score) for h in off]
