"""The Dutch for ingest's reasons for refusing a file (the upload page and the command line) and
for a request's bad fields: table-driven, and over the reasons the extraction code really gives
for bad files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.extract import MAX_FILE_BYTES, ExtractError, extract_pages, too_large_message
from kennisbank.reasons import dutch_reason
from web.reasons import dutch_field_problem


@pytest.mark.parametrize(
    ("reason", "dutch"),
    [
        ("empty file", "het bestand is leeg"),
        ("corrupt or truncated PDF (PdfReadError)", "de PDF is beschadigd of onvolledig"),  # no exception name
        ("corrupt or truncated PDF (PdfStreamError)", "de PDF is beschadigd of onvolledig"),
        (
            "PDF has 3000 pages; at most 2000 are accepted",
            "de PDF heeft 3000 pagina's; hoogstens 2000 worden aangenomen",
        ),
        (
            "corrupt PDF: page 7 cannot be read (KeyError)",
            "de PDF is beschadigd: pagina 7 kan niet gelezen worden",
        ),
        ("unsupported file type .docx", "bestandstype .docx wordt niet ondersteund; gebruik .txt, .md of .pdf"),
        (
            "unsupported file type (none)",
            "een bestand zonder extensie wordt niet ondersteund; gebruik .txt, .md of .pdf",
        ),
        (
            "encrypted PDF: remove the password first; the indexed version is kept",
            "de PDF is beveiligd met een wachtwoord: haal de beveiliging er eerst af; de versie in de index blijft staan",
        ),
        ("cannot be read (Permission denied)", "het bestand kan niet gelezen worden (geen leesrechten)"),
        ("cannot be read (Is a directory)", "het bestand kan niet gelezen worden"),  # the system's English left out
        ("a reason added later", "a reason added later"),  # shown as it is, not lost
    ],
)
def test_dutch_reason(reason: str, dutch: str) -> None:
    assert dutch_reason(reason) == dutch


BAD_FILES = [
    ("leeg.txt", b"  \n "),
    ("brief.docx", b"PK\x03\x04"),
    ("binair.txt", b"tekst\x00\x01\x02 meer tekst"),
    ("nep.pdf", b"<html>geen pdf</html>"),
    ("kapot.pdf", b"%PDF-1.4\n" + b"\x00" * 64),
]


@pytest.mark.parametrize(("name", "data"), BAD_FILES)
def test_every_reason_extraction_gives_for_a_bad_file_has_its_dutch(name: str, data: bytes) -> None:
    with pytest.raises(ExtractError) as err:
        extract_pages(Path(name), data)
    reason = str(err.value)
    assert dutch_reason(reason) != reason, reason
    assert not re.search(r"[A-Z]\w*(Error|Exception)\b", dutch_reason(reason)), "a Python exception's name"


def test_the_size_reason_has_its_dutch() -> None:
    reason = too_large_message(MAX_FILE_BYTES + 1)
    assert dutch_reason(reason).startswith("het bestand is te groot (")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ({"type": "missing", "loc": ("query", "q"), "msg": "Field required"}, "q: ontbreekt"),
        ({"type": "int_parsing", "loc": ("query", "k")}, "k: moet een geheel getal zijn"),
        ({"type": "missing", "loc": ("body", "passage", 0)}, "passage.0: ontbreekt"),
        ({"type": "some_new_type", "loc": ("query", "x"), "msg": "Something"}, "x: heeft een ongeldige waarde"),
        ({"type": "missing", "loc": ()}, "ontbreekt"),
    ],
)
def test_dutch_field_problem(error, expected):
    assert dutch_field_problem(error) == expected
