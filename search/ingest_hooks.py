"""What an ingest calls out to while it runs: the progress bars its caller chooses (tqdm on
a terminal, none, or the upload page's own) and the points where the crash tests stop it.

Separate from indexer.py so that the indexer and the embedding of missing vectors
(embedding_inputs.py), which both call them, need not import each other.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ProgressFactory = Callable[[int, str], "Progress"]


class Progress:
    """A minimal progress interface: tqdm on a terminal, silent otherwise."""

    def update(self, n: int) -> None: ...

    def close(self) -> None: ...


def tqdm_progress(total: int, desc: str) -> Progress:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="tekst", file=sys.stderr, disable=None, leave=False)  # type: ignore[return-value]


def no_progress(total: int, desc: str) -> Progress:
    return Progress()


def crash_test_pause(point: str) -> None:
    """Test hook, for the crash tests only: with KENNISBANK_TEST_PAUSE_AT=<point>[,<point>...]
    an ingest stops at that point (embedding: after the first embedded batch; writing: a
    complete build directory not yet switched in; swap: the generation renamed but CURRENT
    not yet replaced), writes the point's name to KENNISBANK_TEST_PAUSE_FILE if set, and
    sleeps KENNISBANK_TEST_PAUSE_SECONDS (default 600) so that the test can kill it there.
    Read here and nowhere else; unset in normal use."""
    points = os.environ.get("KENNISBANK_TEST_PAUSE_AT", "")
    if not points or point not in points.split(","):
        return
    marker = os.environ.get("KENNISBANK_TEST_PAUSE_FILE")
    if marker:
        Path(marker).write_text(point, encoding="utf-8")
    time.sleep(float(os.environ.get("KENNISBANK_TEST_PAUSE_SECONDS", "600")))
