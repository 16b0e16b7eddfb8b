"""Which sentences of a passage may be marked as answering a question, and which part of one is
marked or quoted: no heading, title, question, imprint or list of web addresses (can_answer),
and without the list bullet that opens it (marked_bounds, clean).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.pdf_notes import NOTE_LABEL
from ingest.reading_order import SENTENCE_END

# A list item's marker is layout, not part of the sentence: "• De partners zien elkaar ..."
# is shown as "De partners zien elkaar ..." in the key sentences (the passage keeps it).
_BULLET = re.compile(r"^(?:[•·▪‣◦*–-]|\d{1,2}[.)])\s+")


_SQUASH = re.compile(r"[\W_]+", re.UNICODE)
_ENDS_SENTENCE = re.compile(r"[.!?;]['’”\")]*$")


def is_title_line(sentence: str, section: Sequence[str]) -> bool:
    """A line that is the passage's own heading, or a repeat of it on the next slide ("doelen
    thuiszitters per kalenderjaar", "Passend thuisnabij onderwijs doelen TLV’s per kalenderjaar"):
    it names the topic, it answers nothing. A sentence that ends in a full stop is never one."""
    text = sentence.strip()
    if not text or _ENDS_SENTENCE.search(text):
        return False
    line = _SQUASH.sub("", text.lower())
    for title in section:
        key = _SQUASH.sub("", title.lower())
        if key and line and (line.endswith(key) or key.endswith(line)):
            return True
    return False


_DIGIT = re.compile(r"\d")
# Slide and box titles run to ten words ("Wijkgericht werken: doelen op kind-, school- en
# wijkniveau"); a line of over six words that ends in a colon is a lead-in sentence ("De pilot
# werd uitgewerkt langs vier pijlers:") that may answer, a shorter one a label ("Verder lezen:").
HEADING_MAX_WORDS = 10
LABEL_MAX_WORDS = 6


def is_heading_line(passage: str, start: int, end: int) -> bool:
    """A short line standing alone in the passage, without a full stop, that is no list item and
    holds no figure: a sub-heading the heading detection did not take ("1. Samenwerking school &
    adviseur" above its recommendations, split by the sentencizer into "1." and the title). It
    names a topic and answers nothing, so it is not marked. `start`/`end` are the sentence's
    offsets in `passage`. A slide line with a figure ("• 60% van de leerlingen ...") stays."""
    text = passage[start:end].strip()
    if not text or _ENDS_SENTENCE.search(text) or _BULLET.match(text) or _DIGIT.search(text):
        return False
    if text.endswith(","):
        return False  # a sentence the layout cut ("Voorzieningen in Engeland, Denemarken,")
    line_start = passage.rfind("\n", 0, start) + 1
    before = passage[line_start:start].strip()
    line_end = passage.find("\n", end)
    after = passage[end : len(passage) if line_end < 0 else line_end].strip()
    alone = (not before or re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*\.?", before) is not None) and not after
    words = len(text.split())
    if text.endswith(":") and words > LABEL_MAX_WORDS:
        return False
    return alone and words <= HEADING_MAX_WORDS


_CLOSING_QUOTES = "»«”“\"’'"


def is_question(sentence: str) -> bool:
    """An interviewer's or a chapter's question ("Wat levert die nabijheid van de jeugdhulp op?")
    is close to the user's question, but it is what the passage answers, not the answer."""
    return sentence.rstrip().rstrip(_CLOSING_QUOTES).endswith("?")


# The imprint of a footnote or reference ("Utrecht: Nederlands Jeugdinstituut, 2015."): a year
# in the question draws the marking to it, but it says where something was published, no more.
_IMPRINT = re.compile(r"^[A-Z][A-Za-zÀ-ÿ'’ -]{1,30}: [A-ZÀ-Ý][^:]{1,79}, (?:19|20)\d\d\.?$")


def is_imprint(sentence: str) -> bool:
    return bool(_IMPRINT.match(" ".join(sentence.split())))


# A web address, also one the text layer broke over a line ("https://www.gelijke- kansen.nl/…").
_ADDRESS = re.compile(r"://|^\(?www\.|\.(?:nl|com|org|net|eu|be|info)(?:/|\)|$)", re.IGNORECASE)
# A footnote's number: as the text layer has it ("12 ") or as a PDF's footnotes are set apart at
# ingest (ingest/pdf_notes.py: "Voetnoot 12: ").
_NOTE_NUMBER = rf"(?:{NOTE_LABEL}\s+\d{{1,3}}:|\d{{1,3}})\s+"
# A footnote that names its source ("19 Bron: website Altra (www.altra.nl/…)").
_SOURCE_NOTE = re.compile(rf"^(?:{_NOTE_NUMBER})?(?:Bron|Bronnen|Zie)\s*:", re.IGNORECASE)
# A footnote citing a publication: its number, then authors or an organisation (capitalised
# words, "de", "van", "&", "et al.", "(OCW)") up to the comma before the title, which opens with a
# capital (a sentence "4 VO-scholen, 12 basisscholen en …" goes on in lower case) ("10 Erik Keppels
# et al., Evaluatie aanpak jeugdteam mbo."; "4 Onderwijsraad, Samen voor …"), or cut off by the
# sentence split after "et." ("5 Frank Hoogeboom et."). The title's words drew the marking to
# it: "mbo" marked footnote 10 as the answer.
_NAME_WORD = r"(?:[A-ZÀ-Ý][\w'’.-]*|de|van|der|den|le|et|al\.|&|en|\([A-Z]{2,8}\))"
_REFERENCE_NOTE = re.compile(rf"^{_NOTE_NUMBER}{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,9}}(?:,\s+[A-ZÀ-Ý‘“'\"]|\s*\.$)")

# A footnote set apart at ingest that cites a publication title first: "Voetnoot 8: Corona en de
# gevolgen voor mantelzorg en mantelzorgers, Bakkerode H. Geron tijdschrift (2021)" (its words drew
# the marking for "hoe vaak zijn mantelzorgers overbelast?").
_CITED_NOTE = re.compile(rf"^{NOTE_LABEL}\s+\d{{1,3}}:\s+.{{3,200}},\s+[A-ZÀ-Ý][^,]{{1,80}}\((?:19|20)\d\d\)\.?$")


def is_link_list(sentence: str) -> bool:
    """A run of web addresses ("Meer informatie? https://… https://…") or a footnote naming its
    source or citing a publication: where to read more, never the answer itself, however many of
    the question's words its addresses or title spell out."""
    words = sentence.split()
    if not words:
        return False
    addresses = sum(1 for w in words if _ADDRESS.search(w))
    text = " ".join(words)
    return addresses * 2 >= len(words) or bool(
        _SOURCE_NOTE.match(text) or _REFERENCE_NOTE.match(text) or _CITED_NOTE.match(text)
    )


def in_reference_note(passage: str, start: int) -> bool:
    """Whether the sentence starting at passage[start] lies in a footnote citing a publication or
    naming its source, after the note's first sentence (which is_link_list judges): the sentence
    split cuts "20 Tijne Berg-le Clercq …, Preventie ingebed en verbonden. Lessen uit Scandinavië
    en Engeland. Utrecht: …" after each full stop, and "Lessen uit Scandinavië en Engeland." was
    quoted as the answer to "wat kunnen we leren van het buitenland?"."""
    begins = passage.rfind("\n\n", 0, start)
    begins = 0 if begins < 0 else begins + 2
    if begins >= start:
        return False
    head = " ".join(passage[begins:start].split())
    return bool(_SOURCE_NOTE.match(head) or _REFERENCE_NOTE.match(head) or _NOTE_HEAD.match(head))


# A note set apart at ingest ("Voetnoot 8: …"): all of it is the note.
_NOTE_HEAD = re.compile(rf"^{NOTE_LABEL}\s+\d{{1,3}}:")

# An interview's byline: names and roles, and no verb or full stop ("Annemiek Glasbergen, intern
# begeleider op een basisschool in Soest en bestuurslid van …, en Caroline Höhner en Sjoerd van den
# Berg, (voormalig) zorgcoördinatoren op een vmbo-school in Alkmaar"). It says who speaks.
_BYLINE = re.compile(r"^[A-ZÀ-Ý][\w'’-]+(?:\s+(?:van|de|der|den|ten|ter|[A-ZÀ-Ý][\w'’-]+)){1,4},\s")


def is_byline(sentence: str) -> bool:
    text = " ".join(sentence.split())
    return bool(_BYLINE.match(text)) and not SENTENCE_END.search(text)


def can_answer(passage: str, start: int, end: int, section: Sequence[str]) -> bool:
    """Whether the sentence at passage[start:end] may be marked as answering a question: not a
    fragment, the passage's heading, a sub-heading line, a question, a reference's imprint, a
    list of web addresses, a sentence of a footnote citing a publication or an interview's
    byline."""
    text = passage[start:end]
    return (
        len(text.split()) >= 4
        and not is_title_line(text, section)
        and not is_heading_line(passage, start, end)
        and not is_question(text)
        and not is_imprint(text)
        and not is_link_list(text)
        and not is_byline(text)
        and not in_reference_note(passage, start)
    )


_OPENING_QUOTES = "“‘„"


_LIST_BULLET = re.compile(r"[•▪◦·‣–-]\s+")


# A list a lead-in opens ("De pilot werd uitgewerkt langs vier pijlers:", "Werk in samenhang aan
# een situatie waarin:"): item numbers ("1."), items in lower case, or short items without a full
# stop, at most LIST_MAX_ITEMS of them.
_ITEM_NUMBER = re.compile(r"^\(?\d{1,2}[.)]$")
LIST_MAX_ITEMS = 8
LIST_ITEM_WORDS = 12


def list_end(texts: Sequence[str], k: int) -> int:
    """The last sentence of the list that sentence `k` of a passage opens when it ends in a colon
    (`texts`: the passage's sentences), else `k`. After an item's number the next sentence is its
    item, whatever its shape ("1." "Dichterbij: de ondersteuning dichter bij school …"). Marked
    alone, the lead-in was the answer to "Langs welke pijlers is de pilot opgezet?" without a
    pillar, and "Beoogde cultuur vanuit kernwaarden:" without its values."""
    if not texts[k].rstrip().endswith(":"):
        return k
    last, items, numbered = k, 0, False
    for j in range(k + 1, len(texts)):
        text = " ".join(texts[j].split())
        if not text:
            continue
        if _ITEM_NUMBER.match(text):
            last, numbered = j, True
            continue
        short = len(text.split()) <= LIST_ITEM_WORDS and not re.search(r"[.!?;]$", text)
        if not (numbered or text[0].islower() or short):
            break
        last, numbered, items = j, False, items + 1
        if items >= LIST_MAX_ITEMS:
            break
    return last if items else k


def marked_bounds(sentence: str) -> tuple[int, int]:
    """Which part of a sentence to mark, as (start, end) offsets into it. The bullet that opens a
    list item ("• 40% van de leerlingen …") is layout, not words a user pastes into a note; and
    the sentencizer leaves the opening quote of the next sentence at the end of this one ("… bij
    te sturen. “"), so the marking stops before it. (The sentences themselves stay as they are:
    they are what the sentence vectors were made of.)"""
    end = len(sentence)
    if end > 2 and sentence[-1] in _OPENING_QUOTES and sentence[-2].isspace():
        end = len(sentence[:-1].rstrip())
    bullet = _LIST_BULLET.match(sentence)
    start = bullet.end() if bullet and bullet.end() < end else 0
    return start, end


def clean(text: str) -> str:
    """A sentence as "Kern" quotes it: on one line, without its list marker (_BULLET)."""
    return _BULLET.sub("", " ".join(text.split()))


_WORD = re.compile(r"\w+", re.UNICODE)


def word_set(text: str) -> frozenset[str]:
    """A sentence's words, lower-case, once each."""
    return frozenset(w.lower() for w in _WORD.findall(text))


def nearly_same(a: frozenset[str], b: frozenset[str], threshold: float = 0.8) -> bool:
    """Near-identical sentences (word_set): the factsheet's points reappear in the NJi boxes, and
    a pull quote repeats a sentence of the text beside it."""
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) >= threshold


# A figure as the documents write it: "60", "7,5", "2.0".
NUMBER = r"\d+(?:[.,]\d+)?"


def figures(text: str) -> tuple[str, ...]:
    """The numbers of a sentence, in order ("60%", "2,2": "60", "2,2")."""
    return tuple(re.findall(NUMBER, text))


def repeats(text: str, year: int | None, other: str, other_year: int | None, every_year: bool = False) -> bool:
    """Whether a sentence (under `year` on the slides) says again what `other` says: nearly the same
    words under the same year, or with the same figures. Asked for `every_year`, a goal repeated
    unchanged under another year is that year's answer, not a repeat."""
    if not nearly_same(word_set(text), word_set(other)):
        return False
    return year == other_year or (figures(text) == figures(other) and not every_year)
