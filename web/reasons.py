"""Why a file was refused, and what is wrong with a request's fields, in Dutch for the pages
and the API.

Ingest gives its reasons in English (the command line and the logs are English); the upload page
is Dutch, and "corrupt or truncated PDF" on it reads as a page half translated. Each reason
`ingest.extract` and `search.indexer` can give has a pattern here; one without (a reason added
later) is shown as it is rather than lost.
"""

from __future__ import annotations

import re

# (pattern over the whole reason, Dutch text with the pattern's groups)
REASONS: tuple[tuple[str, str], ...] = (
    (r"empty file", "het bestand is leeg"),
    (
        r"unsupported file type \(none\)(?:: use \.txt, \.md or \.pdf)?",
        "een bestand zonder extensie wordt niet ondersteund; gebruik .txt, .md of .pdf",
    ),
    (
        r"unsupported file type (\S+): use \.txt, \.md or \.pdf",
        "bestandstype {0} wordt niet ondersteund; gebruik .txt, .md of .pdf",
    ),
    (r"unsupported file type (\S+)", "bestandstype {0} wordt niet ondersteund; gebruik .txt, .md of .pdf"),
    (r"file too large \((.+); at most (.+) are accepted\)", "het bestand is te groot ({0}; hoogstens {1})"),
    (r"binary content in a text file", "het tekstbestand bevat binaire gegevens"),
    (r"no text in the document", "het document bevat geen tekst"),
    (r"no text left after cleaning", "na het opschonen bleef er geen tekst over"),
    (r"not a PDF \(no %PDF header\)", "dit is geen PDF (het begin van een PDF-bestand ontbreekt)"),
    (
        r"encrypted PDF: remove the password first",
        "de PDF is beveiligd met een wachtwoord: haal de beveiliging er eerst af",
    ),
    (r"PDF too large or too complex to read \(.*\); refused", "de PDF is te groot of te ingewikkeld om te lezen"),
    (r"corrupt or truncated PDF \((\w+)\)", "de PDF is beschadigd of onvolledig ({0})"),
    (r"PDF has no pages", "de PDF heeft geen pagina's"),
    (r"PDF has (\d+) pages; at most (\d+) are accepted", "de PDF heeft {0} pagina's; hoogstens {1} worden aangenomen"),
    (
        r"PDF takes too long to read \(over (\d+) s at page (\d+)\); refused",
        "het lezen van de PDF duurt te lang (meer dan {0} seconden, bij pagina {1})",
    ),
    (
        r"page (\d+) has a content stream of (\d+) MB; refused",
        "pagina {0} bevat {1} MB aan paginagegevens; dat is te veel",
    ),
    (
        r"page (\d+) is too large or too complex to read; refused",
        "pagina {0} is te groot of te ingewikkeld om te lezen",
    ),
    (
        r"corrupt PDF: page (\d+) cannot be read \((\w+)\)",
        "de PDF is beschadigd: pagina {0} kan niet gelezen worden ({1})",
    ),
    (
        r"no text layer, OCR it first",
        "de PDF heeft geen tekstlaag (een scan?): laat er eerst tekstherkenning (OCR) op los",
    ),
    (r"cannot be read \((.*)\)", "het bestand kan niet gelezen worden ({0})"),
    (r"no such file or folder", "het bestand bestaat niet"),
)
_COMPILED = tuple((re.compile(pattern), text) for pattern, text in REASONS)
_KEPT = "; the indexed version is kept"


def dutch_reason(reason: str) -> str:
    """The Dutch for one of ingest's reasons; the reason itself when it has no pattern here."""
    kept = reason.endswith(_KEPT)
    core = reason[: -len(_KEPT)] if kept else reason
    for pattern, text in _COMPILED:
        m = pattern.fullmatch(core)
        if m:
            out = text.format(*m.groups())
            return out + ("; de versie in de index blijft staan" if kept else "")
    return reason


# pydantic's error types for a request's fields (FastAPI's 422): its messages are English
# ("Field required"), shown in a Dutch sentence on a Dutch page or in the API's detail.
FIELD_PROBLEMS = {
    "missing": "ontbreekt",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_parsing": "moet ja of nee (true/false) zijn",
    "string_too_long": "is te lang",
    "string_too_short": "is te kort",
    "too_long": "heeft te veel waarden",
    "greater_than_equal": "is te klein",
    "less_than_equal": "is te groot",
    "json_invalid": "is geen geldige JSON",
}


def dutch_field_problem(error: dict) -> str:
    """One field's problem as "veld: wat er mis is", in Dutch ("q: ontbreekt")."""
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body", "header", "cookie"))
    what = FIELD_PROBLEMS.get(str(error.get("type", "")), "heeft een ongeldige waarde")
    return f"{where}: {what}" if where else what
