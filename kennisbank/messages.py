"""The Dutch for the errors the search package gives in English, as the command line shows them.

The search and index code words its errors in English (they go to the logs as well); the
command line speaks Dutch to its user, as the web interface does. Each error a user meets in
daily use has its Dutch here: a bad question (by QueryError.reason, as the web's pages word it
by the same reason), and by a pattern over the message no index yet, another ingest at work, an
index built with another embedder. One without a pattern (a rarer one, or one added later) is shown
as it is rather than lost. The commands in them ('kennisbank ingest --rebuild') stay as typed.
"""

from __future__ import annotations

import re

from search.query import QueryError

# (pattern over the whole message, Dutch text with the pattern's groups)
ERRORS: tuple[tuple[str, str], ...] = (
    (r"no index in (.+): build one with 'kennisbank ingest'", "geen index in {0}: bouw er een met 'kennisbank ingest'"),
    (
        r"index pointer (.+) names (.*), which is missing: rebuild with 'kennisbank ingest --rebuild'",
        "de indexwijzer {0} noemt {1}, maar die generatie ontbreekt: bouw de index opnieuw met "
        "'kennisbank ingest --rebuild'",
    ),
    (
        r"another ingest is writing to (.+); try again when it is done",
        "een andere ingest schrijft naar {0}; probeer het opnieuw als die klaar is",
    ),
    (
        r"index in (.+) was built with embedder '(.+)', but the configured embedder is '(.+)': "
        r"set KENNISBANK_EMBEDDER=(.+) or rebuild with 'kennisbank ingest --rebuild'",
        "de index in {0} is gebouwd met embedder '{1}', maar ingesteld is '{2}': zet KENNISBANK_EMBEDDER={3} "
        "of bouw de index opnieuw met 'kennisbank ingest --rebuild'",
    ),
    (
        r"unknown embedder (.+): use 'e5', 'sentence-transformers:<model dir>' or 'fake'",
        "onbekende embedder {0} in KENNISBANK_EMBEDDER: gebruik 'e5', 'sentence-transformers:<modelmap>' of 'fake'",
    ),
)
_COMPILED = tuple((re.compile(pattern, re.DOTALL), text) for pattern, text in ERRORS)


# The query errors (QueryError.reason) as the command line says them.
QUERY_ERRORS = {
    "empty": "lege vraag: typ een vraag of een paar zoekwoorden",
    "too_long": "de vraag is te lang ({length} tekens; hoogstens {limit})",
    "no_words": "de vraag bevat geen woorden om op te zoeken",
}


def dutch_error(error: BaseException | str) -> str:
    """The Dutch for one of the search package's errors (a query error by its reason, others by
    their message); the message itself when it has no Dutch here."""
    if isinstance(error, QueryError) and error.reason in QUERY_ERRORS:
        return QUERY_ERRORS[error.reason].format(**error.details)
    message = str(error)
    for pattern, text in _COMPILED:
        m = pattern.fullmatch(message)
        if m:
            return text.format(*m.groups())
    return message
