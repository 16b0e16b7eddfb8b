"""Checking a query before it is searched: what is left of it without control characters and
runs of spaces, or a QueryError saying why it cannot be searched (empty, too long, no words).
"""

from __future__ import annotations

import re

from .analyze import words

MAX_QUERY_CHARS = 500


class QueryError(ValueError):
    """A query that cannot be searched. The message is English (logs, --json); `reason` ("empty",
    "too_long", "no_words"; empty for any other) and its figures in `details` let each interface
    word it in its own language without parsing the message."""

    def __init__(self, message: str, reason: str = "", **details: int) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_query(query: str, max_chars: int = MAX_QUERY_CHARS) -> str:
    # Control characters (a NUL from a hand-made URL) are no part of a question: they would be
    # echoed into the page, the JSON and the logs.
    q = " ".join(_CONTROL.sub(" ", query or "").split())
    if not q:
        raise QueryError("empty query: type a question or some keywords", "empty")
    if len(q) > max_chars:
        raise QueryError(
            f"query too long ({len(q)} characters; at most {max_chars})", "too_long", length=len(q), limit=max_chars
        )
    if not words(q):
        raise QueryError("the query has no words to search for", "no_words")
    return q
