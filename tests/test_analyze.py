"""Dutch lexical analysis: folding, stopwords, Snowball stems, character 5-grams, FTS queries."""

from __future__ import annotations

import pytest

from search.analyze import (
    DUTCH_STOPWORDS,
    char_grams,
    compound_splits,
    fold,
    fts_query,
    part_of_compound,
    stem_set,
    word_held,
    word_tokens,
    words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Coördinatie", "coordinatie"),
        ("ib’er", "ib'er"),
        ("Één", "een"),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wat doet de SWV-er?", ["wat", "doet", "de", "swv", "er"]),
        ("de ib’er en de IB'er", ["de", "ib'er", "en", "de", "ib'er"]),
        ("<b>thuiszitters</b>", ["b", "thuiszitters", "b"]),
        ("2023–2027: 11%", ["2023", "2027", "11"]),
    ],
)
def test_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # stopwords go, the rest is stemmed
        ("de kinderen en hun ouders", ["kinder", "ouder"]),
        ("Samenwerking samenwerkingen", ["samenwerk", "samenwerk"]),
        ("scholen school", ["school", "school"]),
        ("het is wat het is", []),
        ("TLV’s en ZAT's", ["tlv", "zat"]),  # plural/genitive 's: found as the abbreviation
        ("de ib’er", ["ib", "iber"]),
        ("wat doet de smw'er", ["doet", "smw", "smwer"]),
        # the one who does it, after an abbreviation: the abbreviation, and the same word as typed with
        # an apostrophe, so "SLB'ers" finds "SLB-er" and "SLB" does too
        ("de SLB-er", ["slb", "slber"]),
        ("SLB'ers en SWV-ers", ["slb", "slber", "swv", "swver"]),
        ("jeugd- en onderwijs", ["jeugd", "onderwijs"]),  # an elided compound: no "-er"
        ("PO-Raad", ["po", "raad"]),
    ],
)
def test_word_tokens(text, expected):
    assert word_tokens(text) == expected


def test_diacritics_do_not_change_the_stem():
    assert word_tokens("coördinatie") == word_tokens("coordinatie") != []


def test_inflections_share_a_stem():
    for a, b in [
        ("leerling", "leerlingen"),
        ("ouder", "ouders"),
        ("wijkteam", "wijkteams"),
        ("ontwikkelen", "ontwikkeling"),
    ]:
        assert word_tokens(a)[0][:6] == word_tokens(b)[0][:6]
    assert word_tokens("leerling") == word_tokens("leerlingen")


@pytest.mark.parametrize("word", ["de", "het", "een", "en", "van", "hoe", "wat", "wel", "tussen"])
def test_stopwords(word):
    assert word in DUTCH_STOPWORDS
    assert word_tokens(word) == []
    assert char_grams(word) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("school", ["schoo", "chool"]),
        ("ZAT", ["zat"]),  # shorter than 5: the word is its own gram
        ("kind", ["kind"]),
        ("de wijk", ["wijk"]),
        ("ib’er", ["iber"]),
        ("TLV’s", ["tlv"]),
        ("samen werking", ["samen", "werki", "erkin", "rking"]),
    ],
)
def test_char_grams(text, expected):
    assert char_grams(text) == expected


def test_grams_join_words_a_pdf_split():
    joined = set(char_grams("samenwerking"))
    split = set(char_grams("samen werking"))
    assert len(joined & split) >= 4
    assert set(char_grams("onderwijszorgarrangementen")) & set(char_grams("onderwijs-zorgarrangement"))


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ([], None),
        (["", ""], None),
        (["a", "b", "a"], '"a" OR "b"'),
        (['x"y'], '"x""y"'),
    ],
)
def test_fts_query(tokens, expected):
    assert fts_query(tokens) == expected


@pytest.mark.parametrize(
    ("stem", "stems", "expected"),
    [
        ("privacy", {"privacywetgeef", "school"}, True),  # first part
        ("jeugdhulp", {"specialistischejeugdhulp"}, True),  # last part
        ("privacy", {"privacy"}, False),  # the word itself is no compound (the index finds it)
        ("privacy", {"privacyw"}, False),  # one letter beside it is an inflection, not a part
        ("actie", {"interactie"}, False),  # too short to count as a part
        ("school", {"basisschool"}, True),
        ("leerling", {"medeleerlingen"}, False),  # inside, neither first nor last
        ("zorg", {"jeugdzorg"}, False),
        ("privacy", set(), False),
    ],
)
def test_part_of_compound(stem, stems, expected):
    assert part_of_compound(stem, stems) is expected


@pytest.mark.parametrize(
    ("word", "passage", "held"),
    [
        ("cultuurdoelen", "cultuur als basisvoorwaarde: doelen per kalenderjaar", True),  # the parts apart
        ("thuiszittersdoelen", "doelen thuiszitters per kalenderjaar", True),  # a linking "s"
        ("cultuurdoelen", "de doelen van de wijk", False),  # one part is not enough
        ("privacy", "beperkingen rondom privacywetgeving", True),  # a part of the passage's compound
        ("thuiszitters", "0 thuiszitters met als oorzaak", True),
        ("schoolreisje", "de school en de wijk", False),
    ],
)
def test_word_held(word, passage, held):
    assert word_held(word, word_tokens(word)[0], stem_set(passage)) is held


def test_compound_splits_keep_parts_of_four_letters_or_more():
    splits = compound_splits("cultuurdoelen")
    assert ("cultuur", "doel") in splits
    assert all(len(w) >= 3 for pair in splits for w in pair)
    assert compound_splits("school") == ()  # too short to hold two parts
