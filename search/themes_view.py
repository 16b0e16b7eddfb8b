"""A theme's most representative passages, as hits, for `kennisbank theme` and the web."""

from __future__ import annotations

from .grouping import representative_passages
from .models import Hit
from .store import IndexStore


def theme_passages(store: IndexStore, slug: str, per_document: int = 2, limit: int = 10) -> list[Hit]:
    rows = store.db.execute(
        "SELECT c.rowid, c.id, c.doc_id, t.score FROM chunk_themes t JOIN chunks c ON c.rowid=t.chunk_rowid "
        "WHERE t.slug=? AND c.kind NOT IN ('literatuur')",
        (slug,),
    ).fetchall()
    rowid_of = {cid: int(rowid) for rowid, cid, _, _ in rows}
    chosen = representative_passages([(cid, doc, float(score)) for _, cid, doc, score in rows], per_document, limit)
    records = store.chunks([rowid_of[r.chunk_id] for r in chosen])
    themes = store.chunk_themes([rowid_of[r.chunk_id] for r in chosen])
    hits = []
    for position, r in enumerate(chosen, start=1):
        rowid = rowid_of[r.chunk_id]
        rec = records[rowid]
        hits.append(
            Hit(
                chunk=rec.chunk,
                meta=rec.meta,
                score=r.score,
                rank=position,
                lexical_rank=None,
                dense_rank=None,
                themes=tuple(themes.get(rowid, ())),
            )
        )
    return hits
