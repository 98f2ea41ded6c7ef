"""Property-based tests (hypothesis) for the parsers and matchers that meet text from outside: the Atom parser,
the topic query parser, the code-URL extractor and the author-name matcher. Each property is bounded
(``max_examples`` at most 200, no deadline); an input that once broke a property is kept as an ``@example``."""

from __future__ import annotations

import re
import string
import unicodedata
from datetime import datetime, timezone
from urllib.parse import urlsplit

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from paperbrief.errors import SourceError
from paperbrief.links import find_code_url_spans, find_code_urls, is_code_url, normalise_breaks
from paperbrief.names import name_tokens, same_person
from paperbrief.query import And, AndNot, Or, QuerySyntaxError, Term, parse_query, to_arxiv
from paperbrief.sources.atom import NS, parse_feed

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _xml_char(c: str) -> bool:
    """Characters XML 1.0 can carry (lxml refuses the others)."""
    o = ord(c)
    return o in (0x9, 0xA, 0xD) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000


_xml_text = st.text(st.characters(blacklist_categories=("Cs",)).filter(_xml_char), max_size=80)
_specials = st.sampled_from(["<", ">", "&", '"', "'", "&amp;", "<![CDATA[", "]]>", "<script>", "\t", "\n", "\r\n",
                             "\u00a0", "\u2003", "\u3000", "é", "漢字", "\U0001f600", "\u202e", "\u200b", "\ufeff"])
# any Unicode XML can hold, with the characters XML treats specially and odd whitespace mixed in
_field_text = st.lists(st.one_of(_xml_text, _specials), max_size=8).map("".join)


def _collapse(text: str) -> str:
    """The parser's documented normalisation: runs of whitespace become one space, ends stripped."""
    return re.sub(r"\s+", " ", text).strip()


# -- the Atom parser ----------------------------------------------------------------------------------------
def _feed(entries: list[dict]) -> bytes:
    A, X, OS = (f"{{{NS[k]}}}" for k in ("a", "arxiv", "os"))
    feed = etree.Element(A + "feed", nsmap={None: NS["a"], "arxiv": NS["arxiv"], "opensearch": NS["os"]})
    etree.SubElement(feed, OS + "totalResults").text = str(len(entries))
    etree.SubElement(feed, OS + "startIndex").text = "0"
    for i, e in enumerate(entries):
        node = etree.SubElement(feed, A + "entry")
        etree.SubElement(node, A + "id").text = f"http://arxiv.org/abs/2611.{i + 1:05d}v{e['version']}"
        etree.SubElement(node, A + "title").text = e["title"]
        etree.SubElement(node, A + "summary").text = e["abstract"]
        etree.SubElement(node, A + "published").text = "2026-11-23T18:00:01Z"
        etree.SubElement(node, A + "updated").text = "2026-11-24T09:30:00Z"
        for name, affiliations in e["authors"]:
            author = etree.SubElement(node, A + "author")
            etree.SubElement(author, A + "name").text = name
            for aff in affiliations:
                etree.SubElement(author, X + "affiliation").text = aff
        if e["comment"] is not None:
            etree.SubElement(node, X + "comment").text = e["comment"]
        etree.SubElement(node, X + "primary_category", term="cs.CV")
        etree.SubElement(node, A + "category", term="cs.CV")
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8")


_entry_data = st.fixed_dictionaries({
    "title": _field_text, "abstract": _field_text, "comment": st.none() | _field_text,
    "version": st.integers(1, 30),
    "authors": st.lists(st.tuples(_field_text, st.lists(_field_text, max_size=2)), max_size=4),
})


@BOUNDED
@given(st.lists(_entry_data, min_size=1, max_size=3))
@example([{"title": "a <b> & \"c\" ]]> 'd'", "abstract": "<![CDATA[x]]>", "comment": "&amp;", "version": 2,
           "authors": [("Zoë  O'Brien\n", ["École <Normale> & Co"]), (" \t", [])]}])
@example([{"title": " \u3000\n", "abstract": "", "comment": None, "version": 1, "authors": []}])
def test_atom_fields_survive_a_round_trip(entries):
    page = parse_feed(_feed(entries))
    assert page.total == len(entries) and page.start == 0
    kept = [(i, e) for i, e in enumerate(entries) if _collapse(e["title"])]  # a blank title is an entry error
    assert len(page.entries) == len(kept) and len(page.errors) == len(entries) - len(kept)
    assert all("entry without title" in err for err in page.errors)
    for got, (i, want) in zip(page.entries, kept):
        assert (got.arxiv_id, got.version) == (f"2611.{i + 1:05d}", want["version"])
        assert got.title == _collapse(want["title"])
        assert got.abstract == _collapse(want["abstract"])
        assert got.comment == (_collapse(want["comment"] or "") or None)
        # authors with a blank name are left out; blank affiliations too
        assert [(a.name, a.affiliations) for a in got.authors] == [
            (_collapse(n), [_collapse(x) for x in affs if _collapse(x)]) for n, affs in want["authors"]
            if _collapse(n)]
        assert got.published == datetime(2026, 11, 23, 18, 0, 1, tzinfo=timezone.utc)
        assert got.categories == ["cs.CV"] and got.primary_category == "cs.CV"


def _mangle(data: bytes, cut: int, junk: bytes, at: int) -> bytes:
    at = at % (len(data) + 1)
    return (data[:at] + junk + data[at:])[: max(0, len(data) - cut)]


_valid_feed = st.lists(_entry_data, min_size=1, max_size=2).map(_feed)


@BOUNDED
@given(st.one_of(
    st.binary(max_size=300),
    st.builds(_mangle, _valid_feed, st.integers(0, 400), st.binary(max_size=12), st.integers(0, 5000)),
    st.builds(lambda head, body: head + body, st.sampled_from([
        b"<?xml version='1.0' encoding='no-such-encoding'?><feed/>", b"<?xml version='1.0' encoding='UTF-16'?>",
        b'<feed xmlns="http://www.w3.org/2005/Atom">', b'<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"/>', b"\xef\xbb\xbf", b"\xff\xfe"]),
        st.binary(max_size=200)),
))
@example(b"")
@example(b"<\x00?xml version='1.0' encoding='UTF-8'?>")  # found: libxml2's message broke the error's line
@example(b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id></entry></feed>')
@example(b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:o="http://a9.com/-/spec/opensearch/1.1/">'
         b"<o:totalResults>many</o:totalResults></feed>")
@example(b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2611.00001v1</id>'
         b"<title>t</title><published>yesterday</published><updated>2026-01-01</updated></entry></feed>")
def test_atom_any_bytes_give_entries_or_a_source_error(data):
    try:
        page = parse_feed(data)
    except SourceError as exc:  # ArxivMalformed, ArxivRejected, the OAI-PMH mistake: one sentence
        assert str(exc) and "\n" not in str(exc).strip()
        return
    assert isinstance(page.total, int) and isinstance(page.start, int)
    for entry in page.entries:
        assert entry.title and entry.title == _collapse(entry.title)
    assert all(isinstance(err, str) and err for err in page.errors)


# -- the query parser ---------------------------------------------------------------------------------------
# pieces a person (or a fuzzer) writes into a topic query: words in any script, operators in any case, fields,
# quotes, wildcards, brackets, odd whitespace
_word_chars = st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd", "Pd", "Po", "Sm", "So"),
                            blacklist_characters='()"*:[]')
_query_piece = st.one_of(
    st.text(_word_chars, min_size=1, max_size=8),
    st.sampled_from(["AND", "and", "Or", "ANDNOT", "andnot", "NOT", "(", ")", '"', "*", ":", "[", "]", "ti:",
                     "abs:", "au:", "co:", "jr:", "cat:", "all:", "TI:", "xx:", "submittedDate:", "cs.CV", "C++",
                     "3D-GS", "naïve", "Ωmega", "北京", "x*", "\"a b\"", "' '"]),
    st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u3000", "\u2009"]),
)
_query_text = st.lists(_query_piece, max_size=14).map("".join)


def _terms(node):
    if isinstance(node, Term):
        yield node
    elif isinstance(node, (And, Or, AndNot)):
        yield from _terms(node.left)
        yield from _terms(node.right)


@BOUNDED
@given(st.one_of(_query_text, st.text(max_size=60)), st.booleans())
@example("ti:a OR", False)
@example("  \u3000 ", False)
@example('abs:"dif fusion', False)
def test_any_text_is_a_tree_or_an_error_with_its_position(text, allow_dates):
    try:
        tree = parse_query(text, allow_dates=allow_dates)
    except QuerySyntaxError as exc:
        assert 0 <= exc.position <= len(text)
        said = str(exc)
        assert said and "\n" not in said
        if said != "the query is empty":  # every other message names where the problem is
            assert f"position {exc.position}" in said or ("at position" in said or "(position" in said), said
        return
    # a tree: its words come from the text, and it compiles to arXiv's syntax and back to itself
    for term in _terms(tree):
        assert term.text and (term.phrase or term.text in text)
    compiled = to_arxiv(tree)
    assert parse_query(compiled, allow_dates=True) == tree
    assert to_arxiv(parse_query(compiled, allow_dates=True)) == compiled  # a fixed point


@SMALL
@given(_query_text)
def test_parsing_is_deterministic_and_ignores_surrounding_space(text):
    def outcome(t):
        try:
            return parse_query(t)
        except QuerySyntaxError as exc:
            return ("error", str(exc).replace(f"position {exc.position}", "position ?"))

    assert outcome(text) == outcome(text)
    padded = outcome("  " + text + " \t")
    plain = outcome(text)
    if not isinstance(plain, tuple):
        assert padded == plain
    else:
        assert isinstance(padded, tuple)


# -- the code-URL extractor ---------------------------------------------------------------------------------
_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "gist.github.com", "huggingface.co")
_TRAILING = ".,;:!?'\"*>}"


def _well_formed(url: str) -> None:
    assert url == url.strip() and not re.search(r"\s", url), url
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and url.lower().startswith(("http://", "https://")), url
    host = (parts.hostname or "").removeprefix("www.")
    assert host in _HOSTS or host.endswith(".github.io"), url
    assert is_code_url(url), url
    assert url[-1] not in _TRAILING, url
    assert not (url.endswith(")") and url.count("(") < url.count(")")), url
    assert not (url.endswith("]") and url.count("[") < url.count("]")), url


@BOUNDED
@given(st.one_of(
    st.text(max_size=120),
    st.lists(st.one_of(st.text(max_size=10), st.sampled_from([
        "github.com/", "https://", "http://", "gitlab.com", "www.", ".github.io", "huggingface.co/spaces/", "/",
        "\n", " ", ".", ")", "(", "]", "[", "-", "_", "github.\ncom/", "https:\n//", "user", "repo", "?", "#"])),
        max_size=20).map("".join),
))
@example("see github.com/a/b).")
@example("https://github.com/a/b?x=1&y=(2)]'.")
@example("(https://github.com/a/b_(c))")
def test_extracted_urls_are_well_formed(text):
    urls = find_code_urls(text)
    for url in urls:
        _well_formed(url)
    assert len({u.lower().removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")
                 for u in urls}) == len(urls)  # each once
    for url, start, end in find_code_url_spans(text):
        assert 0 <= start < end <= len(normalise_breaks(text))


_slug = st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=12).filter(
    lambda s: s[0].isalnum() and s[-1].isalnum())
_code_url = st.builds(lambda scheme, host, user, repo: f"{scheme}{host}/{user}/{repo}",
                      st.sampled_from(["https://", "http://", "", "https://www."]),
                      st.sampled_from(["github.com", "gitlab.com", "bitbucket.org"]), _slug, _slug)
_prose = st.text(st.characters(blacklist_categories=("Cs", "Zl", "Zp"), blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e"
                               "\x85"), max_size=40)


@BOUNDED
@given(_prose, _code_url, st.sampled_from(["", ".", ",", ";", ")", ").", "!", "?", "'", '"', ":", "*", ">"]),
       _prose, st.sampled_from([" ", "(", " (", "\t", ": ", "\u00a0"]))
@example("Code:", "github.com/ada/sparse", ").", " More text", " (")
def test_a_url_in_prose_is_found_whole(before, url, punct, after, opening):
    text = f"{before}{opening}{url}{punct} {after}"
    want = url if url.startswith("http") else "https://" + url
    found = [u.lower() for u in find_code_urls(text)]
    assert want.lower() in found, (text, found)


@BOUNDED
@given(st.text(max_size=120))
@example("github\n.com/x")
@example("https://\n\nhttps:\n//x")
def test_normalise_breaks_is_idempotent(text):
    once = normalise_breaks(text)
    assert normalise_breaks(once) == once


# -- the author-name matcher --------------------------------------------------------------------------------
_ACCENTS = {"a": "áàâäãå", "e": "éèêë", "i": "íìîï", "o": "óòôöõ", "u": "úùûü", "c": "ç", "n": "ñ", "s": "š",
            "z": "ž", "y": "ýÿ"}
_part = st.text(string.ascii_lowercase, min_size=2, max_size=9)


def _accented(draw, word: str) -> str:
    out = []
    for ch in word:
        choices = _ACCENTS.get(ch)
        out.append(draw(st.sampled_from(choices)) if choices and draw(st.booleans()) else ch)
    return "".join(out)


@st.composite
def _person(draw):
    given = draw(st.lists(_part, min_size=1, max_size=2))
    family = draw(_part)
    return [g.capitalize() for g in given], family.capitalize()


@st.composite
def _resplit_pair(draw):
    """A name and the same letters family-first with the words split elsewhere ("Wei Ming Zhang" and
    "Zhang Weiming"; also odd splits, where only the symmetry of the answer is the point)."""
    words = draw(st.lists(st.text("abcdefghij", min_size=1, max_size=6), min_size=2, max_size=4))
    joined = "".join(words)
    cuts = sorted(draw(st.sets(st.integers(1, len(joined) - 1), min_size=1, max_size=3)))
    pieces = [joined[i:j] for i, j in zip([0] + cuts, cuts + [len(joined)])]
    return " ".join(words), " ".join(reversed(pieces))


@BOUNDED
@given(st.one_of(st.tuples(st.text(max_size=40), st.text(max_size=40)), _resplit_pair()))
@example(("A Bc", "C Ab"))  # found by _resplit_pair: same_person said yes one way round and no the other
@example(("Li Ang", "G Liang"))
@example(("Wei Ming Zhang", "Zhang Weiming"))
def test_name_matching_never_raises_and_is_symmetric(pair):
    a, b = pair
    assert same_person(a, b) == same_person(b, a), (a, b)
    tokens = name_tokens(a)
    assert all(t and re.fullmatch(r"[a-z\u4e00-\u9fff]+", t) for t in tokens)
    assert name_tokens(" ".join(tokens)) == tokens  # tokens are already normal
    assert same_person(a, a) == bool(tokens)


@BOUNDED
@given(_person(), st.data())
@example((["Ada"], "Lovelace"), None)
def test_the_same_person_written_differently(person, data):
    given, family = person
    full = f"{' '.join(given)} {family}"
    variants = [
        full.upper(), full.lower(),  # case
        f"{family} {' '.join(given)}",  # family name first
        f"{family.upper()}, {' '.join(given)}",
        f"{given[0][0]}. {family}",  # initials
        f"{' '.join(g[0] + '.' for g in given)} {family}",
        f"{'-'.join(given)} {family}",  # a hyphenated given name
    ]
    if data is not None:
        variants.append(" ".join(_accented(data.draw, w) for w in full.split()))  # diacritics
        variants.append(unicodedata.normalize("NFD", variants[-1]))  # decomposed accents
    for v in variants:
        assert same_person(full, v) and same_person(v, full), (full, v)


@BOUNDED
@given(_person(), _person())
def test_different_family_names_and_initials_are_different_people(p, q):
    (ga, fa), (gb, fb) = p, q
    names = {t.lower() for t in ga + [fa]}, {t.lower() for t in gb + [fb]}
    if names[0] & names[1] or ga[0][0] == gb[0][0]:
        return  # could be the same person
    a, b = f"{' '.join(ga)} {fa}", f"{' '.join(gb)} {fb}"
    if "".join(a.lower().split()) in ("".join(b.lower().split()), "".join(reversed(b.lower().split()))):
        return
    assert not same_person(a, b), (a, b)
