"""Why ingest refused a file, in Dutch, for the command line's warnings and the upload page.

Ingest gives its reasons in English (the logs and `kennisbank ingest --json` keep them so); what a
user reads is Dutch, and "corrupt or truncated PDF" in it reads as a message half translated. Each
reason `ingest.extract` and `search.indexer` can give has a pattern here; one without (a reason
added later) is shown as it is rather than lost. A Python exception's name, which some reasons
carry in brackets, is left out: it means nothing to the user.
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
    # pypdf's exception ("(PdfStreamError)") is for the log, not for the user
    (r"corrupt or truncated PDF \(\w+\)", "de PDF is beschadigd of onvolledig"),
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
        r"corrupt PDF: page (\d+) cannot be read \(\w+\)",
        "de PDF is beschadigd: pagina {0} kan niet gelezen worden",
    ),
    (
        r"no text layer, OCR it first",
        "de PDF heeft geen tekstlaag (een scan?): laat er eerst tekstherkenning (OCR) op los",
    ),
    # the system's own (English) words for it are for the log
    (
        r"cannot be read \((?:\[Errno 13\] )?Permission denied.*\)",
        "het bestand kan niet gelezen worden (geen leesrechten)",
    ),
    (r"cannot be read \(.*\)", "het bestand kan niet gelezen worden"),
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
