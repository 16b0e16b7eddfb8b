"""Text and JSON rendering of search results for the command line."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from ingest.kinds import KINDS
from search.citation import cite
from search.grouping import ThemeGroup, group_by_theme
from search.highlight import opening_label, year_notes
from search.models import Hit, SearchResult


def _mark(hit: Hit) -> str:
    """The passage with answer sentences between »…« (terminals have no bold we can rely on); a
    passage that opens under a year whose line lies in the passage before this one starts with
    that year ("[2024] • …"), as does a marked sentence under such a year elsewhere: [2026]."""
    text = hit.chunk.text
    label = opening_label(text, hit.opening_year)
    out, pos = [label + " "], 0
    spans = hit.answer_spans()
    notes = year_notes(text, spans, hit.answer_years, hit.opening_year)
    for start, end in spans:
        out.append(text[pos:start])
        out.append("»" + text[start:end] + "«" + notes.get(start, ""))
        pos = end
    out.append(text[pos:])
    return " ".join("".join(out).split())


def print_hits(hits: Sequence[Hit], labels: Mapping[str, str], explain: bool = False, indent: str = "") -> None:
    for hit in hits:
        kind = KINDS.get(hit.chunk.kind, hit.chunk.kind)
        themes = ", ".join(labels.get(s, s) for s, _ in hit.themes)
        print(f"{indent}[{hit.rank}] {cite(hit.meta, hit.chunk)}")
        print(f"{indent}    {kind}" + (f" · {themes}" if themes else "") + f" · score {hit.score:.3f} · {hit.chunk.id}")
        for line in textwrap.wrap(_mark(hit), width=100):
            print(f"{indent}    {line}")
        if hit.duplicates:
            print(f"{indent}    (ook in: {', '.join(hit.duplicates)})")
        if explain and hit.explanation:
            e = hit.explanation
            ranks = ", ".join(f"{r} #{v}" if v else f"{r} -" for r, v in e.ranks.items())
            scores = ", ".join(f"{r} {v:.2f}" for r, v in e.scores.items())
            print(
                f"{indent}    waarom: rang {ranks}; genormaliseerd {scores}; beste zin {e.sentence_similarity:.3f}"
                f"; document -{e.document_cost:.2f}" + (f"; ander jaar -{e.year_cost:.2f}" if e.year_cost else "")
            )
            expanded = f"; via uitbreiding: {', '.join(e.expanded_terms)}" if e.expanded_terms else ""
            expanded += f"; via thesaurus: {' / '.join(e.related_terms)}" if e.related_terms else ""
            print(f"{indent}    termen: {', '.join(e.matched_terms) or '-'}{expanded}")
            print(f"{indent}    beste zin: {e.best_sentence}")
        print()


def print_theme_groups(groups: Sequence[ThemeGroup], labels: Mapping[str, str], explain: bool = False) -> None:
    for group in groups:
        print(f"== {group.label} ({len(group.hits)}) ==")
        print_hits(group.hits, labels, explain=explain, indent="  ")


def hit_to_json(hit: Hit, labels: Mapping[str, str], explain: bool = True) -> dict[str, object]:
    c, m = hit.chunk, hit.meta
    out: dict[str, object] = {
        "rank": hit.rank,
        "chunk_id": c.id,
        "doc_id": c.doc_id,
        "title": m.title,
        "type": m.type,
        "organisation": m.organisation,
        "year": m.year,
        "page": c.page_start,
        "page_end": c.page_end,
        "section": list(c.section),
        "kind": c.kind,
        "citation": cite(m, c),
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "score": hit.score,
        "lexical_rank": hit.lexical_rank,
        "dense_rank": hit.dense_rank,
        "themes": [{"slug": s, "label": labels.get(s, s), "score": sc} for s, sc in hit.themes],
        "answer_sentences": [c.text[a:b] for a, b in hit.answer_spans()],
        "answer_years": list(hit.answer_years),
        # the year the passage's first lines stand under when they do not say it themselves (the
        # plain output's "[2024]"; the API's field of the same name)
        "opening_year": hit.opening_year if opening_label(c.text, hit.opening_year) else None,
        "duplicates": list(hit.duplicates),
    }
    if explain and hit.explanation:
        e = hit.explanation
        out["explain"] = {
            "ranks": e.ranks,
            "scores": e.scores,
            "best_sentence": e.best_sentence,
            "sentence_similarity": e.sentence_similarity,
            "sentence_score": e.sentence_score,
            "matched_terms": list(e.matched_terms),
            "expanded_terms": list(e.expanded_terms),
            "related_terms": list(e.related_terms),
            "document_cost": e.document_cost,
            "year_cost": e.year_cost,
        }
    return out


def result_to_json(
    result: SearchResult,
    labels: Mapping[str, str],
    by_theme: bool = False,
    explain: bool = True,
    themes_asked: Sequence[str] = (),
) -> object:
    hits = [hit_to_json(h, labels, explain=explain) for h in result.hits]
    glossary = [{"term": g.term, "expansion": g.expansion, "matched": g.matched} for g in result.glossary]
    thesaurus = [{"word": t.word, "matched": t.matched} for t in result.thesaurus]
    # The plain list is the contract for scripts; anything more to say (an expansion, a weak
    # match, the groups) needs the object, so a list always means: a good match, as asked.
    if not by_theme and not glossary and not thesaurus and not result.weak:
        return hits
    out: dict[str, object] = {
        "query": result.query,
        "glossary": glossary,
        "thesaurus": thesaurus,
        "weak": result.weak,
        "hits": hits,
    }
    if by_theme:
        out["groups"] = [
            {"slug": g.slug, "label": g.label, "chunk_ids": [h.chunk.id for h in g.hits]}
            for g in group_by_theme(result.hits, labels, themes_asked)
        ]
    return out
