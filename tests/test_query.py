"""The topic query language: parsing (precedence, errors with positions), compiling to arXiv's syntax, local
matching (words, plurals, phrases, wildcards, categories, authors, dates) and property tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperbrief.errors import ConfigError
from paperbrief.query import (FIELDS, And, AndNot, DateRange, Or, QuerySyntaxError, Term, matches, parse_query,
                              positive_terms, text_has, to_arxiv, window_query)
from paperbrief.records import ArxivEntry, Author

from conftest import make_entry

UTC = timezone.utc


def ti(text, **kw):
    return Term("ti", text, **kw)


def al(text, **kw):
    return Term("all", text, **kw)


# -- parsing -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("query, tree", [
    ("ti:diffusion", ti("diffusion")),
    ("diffusion", al("diffusion")),
    ('"large language model"', al("large language model", phrase=True)),
    ('ti:"large   language\nmodel"', ti("large language model", phrase=True)),
    ("ti:diffus*", ti("diffus", wildcard=True)),
    ("cat:cs.*", Term("cat", "cs.", wildcard=True)),
    ("au:del_maestro", Term("au", "del_maestro")),
    ("co:github jr:CVPR", And(Term("co", "github"), Term("jr", "CVPR"))),
    ("TI:Diffusion", ti("Diffusion")),
    # OR binds loosest; AND and ANDNOT bind tighter and associate to the left; side by side means AND
    ("ti:a OR ti:b AND ti:c", Or(ti("a"), And(ti("b"), ti("c")))),
    ("ti:a AND ti:b OR ti:c", Or(And(ti("a"), ti("b")), ti("c"))),
    ("ti:a ANDNOT ti:b AND ti:c", And(AndNot(ti("a"), ti("b")), ti("c"))),
    ("ti:a AND ti:b ANDNOT ti:c", AndNot(And(ti("a"), ti("b")), ti("c"))),
    ("ti:a OR ti:b OR ti:c", Or(Or(ti("a"), ti("b")), ti("c"))),
    ("ti:a ti:b OR ti:c", Or(And(ti("a"), ti("b")), ti("c"))),
    ("ti:a and ti:b or ti:c andnot ti:d", Or(And(ti("a"), ti("b")), AndNot(ti("c"), ti("d")))),
    ("(ti:a OR ti:b) AND ti:c", And(Or(ti("a"), ti("b")), ti("c"))),
    ("ti:a AND (ti:b OR (ti:c ANDNOT ti:d))", And(ti("a"), Or(ti("b"), AndNot(ti("c"), ti("d"))))),
    ("(cat:cs.CV)(ti:x)", And(Term("cat", "cs.CV"), ti("x"))),
])
def test_parse_builds_the_tree(query, tree):
    assert parse_query(query) == tree


def test_date_ranges_parse_only_when_allowed():
    q = "ti:a AND submittedDate:[202611240900 TO 202611251900]"
    assert parse_query(q, allow_dates=True) == And(ti("a"), DateRange(
        "submittedDate", datetime(2026, 11, 24, 9, 0, tzinfo=UTC), datetime(2026, 11, 25, 19, 0, tzinfo=UTC)))
    assert parse_query("lastupdateddate:[202601010000 to 202601020000]", allow_dates=True) == DateRange(
        "lastUpdatedDate", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC))
    with pytest.raises(QuerySyntaxError, match="announcement window is added automatically") as err:
        parse_query(q)
    assert err.value.position == 9


@pytest.mark.parametrize("query, position, message", [
    ("", 0, "the query is empty"),
    ("   ", 0, "the query is empty"),
    ("(ti:diffusion AND)", 17, r"^expected a term after 'AND' at position 17 \(near '\)'\)$"),
    ("ti:a AND", 8, r"expected a term after 'AND' at position 8 \(at the end\)"),
    ("ti:a OR OR ti:b", 8, r"expected a term after 'OR' at position 8 \(near 'OR'\)"),
    ("AND ti:a", 0, r"expected a term before 'AND' at position 0"),
    ("(ti:a OR ti:b", 0, r"the '\(' at position 0 is never closed"),
    ("ti:a) OR ti:b", 4, r"unexpected '\)' at position 4"),
    ("()", 0, "empty parentheses at position 0"),
    ('ti:"large language', 3, "the quote at position 3 is never closed"),
    ('ti:""', 3, "empty phrase"),
    ("ti:a AND tit:diffusion", 9, r"unknown field 'tit:' at position 9; use ti:, abs:"),
    ("ti: diffusion", 0, "empty term after 'ti:' at position 0"),
    ("ti:diff*usion", 7, r"wildcard '\*' may only end a term"),
    ('ti:"diffusion mod*"', 3, "inside a phrase"),
    ("ti:a NOT ti:b", 5, "no NOT operator"),
    ("ti:-", 0, "no letters or digits"),
    ("ti:a:b", 4, r"unexpected ':' at position 4"),
])
def test_errors_name_the_position(query, position, message):
    with pytest.raises(QuerySyntaxError, match=message) as err:
        parse_query(query)
    assert err.value.position == position
    assert isinstance(err.value, ConfigError) and err.value.exit_code == 2


@pytest.mark.parametrize("query, position, message", [
    ("submittedDate:[20261124 TO 202611251900]", 15, "YYYYMMDDHHMM"),
    ("submittedDate:[202613240900 TO 202611251900]", 15, "not a valid date"),
    ("submittedDate:202611240900", 14, r"expected '\[YYYYMMDDHHMM TO YYYYMMDDHHMM\]'"),
])
def test_bad_date_ranges_name_the_position(query, position, message):
    with pytest.raises(QuerySyntaxError, match=message) as err:
        parse_query(query, allow_dates=True)
    assert err.value.position == position


# -- compiling -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("query, compiled", [
    ("ti:a or ti:b and ti:c", "ti:a OR (ti:b AND ti:c)"),
    ("(diffusion OR flow) cat:cs.CV", "(all:diffusion OR all:flow) AND cat:cs.CV"),
    ('ti:"large  language model" andnot au:del_maestro', 'ti:"large language model" ANDNOT au:del_maestro'),
    ("ti:diffus* AND cat:cs.*", "ti:diffus* AND cat:cs.*"),
    ("ti:a ANDNOT (ti:b OR ti:c) AND ti:d", "(ti:a ANDNOT (ti:b OR ti:c)) AND ti:d"),
    ("ti:a AND submittedDate:[202611240900 TO 202611251900]",
     "ti:a AND submittedDate:[202611240900 TO 202611251900]"),
])
def test_to_arxiv_parenthesises_every_compound_operand(query, compiled):
    assert to_arxiv(parse_query(query, allow_dates=True)) == compiled


def test_window_query_adds_the_window():
    topic = parse_query("cat:cs.CV")
    start, end = datetime(2026, 11, 24, 19, 0, tzinfo=UTC), datetime(2026, 11, 25, 19, 0, 59, tzinfo=UTC)
    late = datetime(2026, 11, 20, 19, 0, tzinfo=UTC)
    q = window_query(topic, start, end, late_start=late)
    assert to_arxiv(q) == ("cat:cs.CV AND (submittedDate:[202611201900 TO 202611251900] "
                           "OR lastUpdatedDate:[202611241900 TO 202611251900])")
    assert to_arxiv(window_query(topic, start, end)) == (
        "cat:cs.CV AND (submittedDate:[202611241900 TO 202611251900] "
        "OR lastUpdatedDate:[202611241900 TO 202611251900])")
    with pytest.raises(ValueError, match="timezone-aware"):
        window_query(topic, datetime(2026, 11, 24), end)


def test_positive_terms_leave_out_what_is_excluded():
    q = parse_query("(ti:a OR abs:b) ANDNOT (ti:c OR ti:d) AND cat:cs.CV OR ti:a")
    assert positive_terms(q) == [ti("a"), Term("abs", "b"), Term("cat", "cs.CV")]
    assert positive_terms(parse_query("ti:x ANDNOT (ti:y ANDNOT ti:z)")) == [ti("x")]


# -- local matching --------------------------------------------------------------------------------------
def hit(query: str, **fields) -> bool:
    return matches(parse_query(query, allow_dates=True), make_entry(**fields))


@pytest.mark.parametrize("title, expected", [
    ("Diffusion-based restoration", True),
    ("Score diffusions on graphs", True),
    ("DIFFUSION", True),
    ("A study of confusion matrices", False),
    ("Diffusional kinetics", False),
    ("Reaction-diffusion systems", True),
])
def test_words_match_whole_words_with_plurals(title, expected):
    assert hit("ti:diffusion", title=title) is expected


def test_plural_rule_works_both_ways_and_needs_three_letters():
    assert hit("ti:processes", title="A Gaussian process prior")
    assert hit("ti:process", title="Point processes")
    assert hit("ti:models", title="A model of everything")
    assert not hit("ti:ai", title="Ais and bees")  # too short for the plural rule
    assert not hit("ti:model", title="Modelling flows")


@pytest.mark.parametrize("title, expected", [
    ("Large Language Models are few-shot learners", True),
    ("large-language model", True),
    ("Large\n  language   model", True),
    ("Language models, large and small", False),
    ("Large models of language", False),
    ("Large, language model", False),
])
def test_phrases_match_words_in_order(title, expected):
    assert hit('ti:"large language model"', title=title) is expected


def test_wildcard_is_a_word_prefix():
    assert hit("ti:diffus*", title="Diffusive transport")
    assert hit("ti:diffus*", title="Latent-diffusion")
    assert not hit("ti:diffus*", title="Effusive praise")


def test_categories_count_cross_lists_exactly_or_by_prefix():
    cats = dict(categories=["cs.LG", "cs.CV", "stat.ML"], primary_category="cs.LG")
    assert hit("cat:cs.CV", **cats)
    assert hit("cat:stat.ml", **cats)
    assert not hit("cat:cs.C", **cats)
    assert hit("cat:stat.*", **cats)
    assert not hit("cat:math.*", **cats)
    assert not hit("cat:cs.AI", **cats)


def test_author_terms_need_every_word_in_one_name():
    authors = [Author(name="Adrian Del Maestro"), Author(name="Dirk Wübben")]
    assert hit("au:del_maestro", authors=authors)
    assert hit("au:Maestro", authors=authors)
    assert hit('au:"Adrian Del Maestro"', authors=authors)
    assert hit("au:wubben", authors=authors)  # accents folded
    assert hit("au:Wü*", authors=authors)
    assert not hit("au:del_wubben", authors=authors)  # words from two different authors
    assert not hit("au:maestros", authors=authors)  # names get no plural
    assert not hit("au:del_maestro", authors=[Author(name="Del Smith"), Author(name="Ann Maestro")])


def test_accents_and_case_are_folded():
    assert hit('ti:"schrodinger equation"', title="The Schrödinger Equation")
    assert hit("ti:strasse", title="Große STRASSE")
    assert hit("ti:weissl", title="Weißl")


def test_fields_look_only_where_they_say():
    e = dict(title="Flows", abstract="We study transport.", comment="Code: https://github.com/a/b",
             journal_ref="CVPR 2026", authors=[Author(name="Ada Lovelace")], categories=["cs.CV"])
    assert hit("co:github", **e) and not hit("ti:github", **e) and not hit("abs:github", **e)
    assert hit("jr:cvpr", **e) and not hit("co:cvpr", **e)
    assert hit("abs:transport", **e) and not hit("ti:transport", **e)
    for query in ("all:github", "all:cvpr", "all:lovelace", "all:cs.CV", "all:transport", "flows"):
        assert hit(query, **e), query
    assert not hit("all:turing", **e)
    assert not hit("co:github", title="github", comment=None)


def test_operators_evaluate():
    e = dict(title="Diffusion for video", categories=["cs.CV"])
    assert hit("ti:diffusion AND cat:cs.CV", **e)
    assert not hit("ti:diffusion ANDNOT ti:video", **e)
    assert hit("ti:gan OR ti:video", **e)
    assert not hit("ti:gan OR (ti:video AND cat:cs.LG)", **e)


def test_date_ranges_are_inclusive_to_the_minute():
    q = "submittedDate:[202611240900 TO 202611251900]"
    at = lambda *a: datetime(*a, tzinfo=UTC)  # noqa: E731
    assert hit(q, published=at(2026, 11, 24, 9, 0))
    assert hit(q, published=at(2026, 11, 25, 19, 0, 59))
    assert not hit(q, published=at(2026, 11, 25, 19, 1))
    assert not hit(q, published=at(2026, 11, 24, 8, 59, 59))
    # another time zone is the same instant
    assert hit(q, published=datetime(2026, 11, 24, 4, 0, tzinfo=timezone(timedelta(hours=-5))))
    # lastUpdatedDate reads `updated`, not `published`
    q2 = "lastUpdatedDate:[202611240900 TO 202611251900]"
    assert hit(q2, published=at(2026, 1, 1), updated=at(2026, 11, 25, 0, 0))
    assert not hit(q2, published=at(2026, 11, 25), updated=at(2026, 12, 1))


def test_text_has_is_the_same_matcher():
    assert text_has("survey", "A Survey of Diffusion Models")
    assert text_has("diffusion model", "diffusion-models for all")
    assert not text_has("survey", "surveillance video")
    assert text_has("surveil*", "Surveillance video")
    assert not text_has("", "anything")


# -- properties ------------------------------------------------------------------------------------------
_letters = st.characters(whitelist_categories=("Lu", "Ll", "Nd"))
_word = st.text(_letters, min_size=1, max_size=8)
_bare = st.builds(lambda a, sep, b: a + sep + b, _word, st.sampled_from(["", "-", ".", "_", "'"]),
                  st.text(_letters, max_size=4))
_minute = st.datetimes(min_value=datetime(1991, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC))


@st.composite
def _leaf(draw):
    kind = draw(st.sampled_from(["word", "phrase", "wildcard", "date"]))
    field = draw(st.sampled_from(FIELDS))
    if kind == "phrase":
        return Term(field, " ".join(draw(st.lists(_word, min_size=1, max_size=4))), phrase=True)
    if kind == "date":
        a, b = sorted([draw(_minute), draw(_minute)])
        return DateRange(draw(st.sampled_from(["submittedDate", "lastUpdatedDate"])), a, b)
    return Term(field, draw(_bare), wildcard=kind == "wildcard")


_trees = st.recursive(_leaf(), lambda kids: st.builds(
    lambda op, a, b: op(a, b), st.sampled_from([And, Or, AndNot]), kids, kids), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(_trees)
def test_compiled_query_parses_back_to_the_same_tree(tree):
    assert parse_query(to_arxiv(tree), allow_dates=True) == tree


_query_chars = st.sampled_from(list('()"*:[] \tANDORNOTandornot') + ["ti:", "cat:", "au:", "submittedDate:",
                                                                          "AND ", " OR ", "ANDNOT", "x", "é", "2026"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(_query_chars, max_size=20).map("".join)), st.booleans())
def test_parser_raises_only_query_syntax_errors(text, allow_dates):
    try:
        tree = parse_query(text, allow_dates=allow_dates)
    except QuerySyntaxError as exc:
        assert 0 <= exc.position <= len(text)
        assert str(exc)
    else:  # whatever parses compiles to a query that parses to the same tree
        assert parse_query(to_arxiv(tree), allow_dates=True) == tree


_entries = st.builds(
    ArxivEntry, arxiv_id=st.just("2611.00001"), version=st.integers(1, 9), title=st.text(max_size=60),
    authors=st.lists(st.builds(Author, name=st.text(max_size=20)), max_size=4), abstract=st.text(max_size=200),
    comment=st.none() | st.text(max_size=40), categories=st.lists(st.text(max_size=8), max_size=3),
    published=st.datetimes(timezones=st.none() | st.just(UTC) | st.timezones()),
    updated=st.datetimes(timezones=st.just(UTC) | st.builds(lambda h: timezone(timedelta(hours=h)),
                                                            st.integers(-12, 12))),
    journal_ref=st.none() | st.text(max_size=20))


@settings(max_examples=300, deadline=None)
@given(_trees, _entries)
def test_matching_never_raises(tree, entry):
    assert matches(tree, entry) in (True, False)
