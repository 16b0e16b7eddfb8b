"""What is wrong with a request's fields, in Dutch for the pages and the API. (Why ingest
refused a file is in kennisbank.reasons, which the command line shares.)"""

from __future__ import annotations

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
