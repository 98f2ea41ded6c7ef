"""The topic query language: parsed once into a tree, compiled into arXiv's API syntax, evaluated locally.

A topic's ``query`` is arXiv's own search syntax (https://info.arxiv.org/help/api/user-manual.html, 5.1):
``field:term`` with the fields ``ti abs au co jr cat all``, quoted phrases, a trailing ``*`` wildcard, the
operators ``AND``, ``OR`` and ``ANDNOT`` (any case) and parentheses. A bare word or phrase means ``all:``; two
terms side by side mean ``AND``. ``OR`` binds loosest; ``AND`` and ``ANDNOT`` bind tighter and associate to
the left, so ``a OR b ANDNOT c`` is ``a OR (b ANDNOT c)``. :func:`to_arxiv` parenthesises every compound
operand, so arXiv (whose own precedence rules are undocumented) cannot read the query another way.

Every entry arXiv (or a mirror) returns is checked again with :func:`matches`, so a loose match on the
server's side never puts an unrelated paper in a post. The local matcher mimics arXiv's: case-insensitive,
accents folded, whole words with an optional plural ``s``/``es``, phrases as words in order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from paperbrief.errors import ConfigError
from paperbrief.records import ArxivEntry

__all__ = ["QuerySyntaxError", "Term", "DateRange", "And", "Or", "AndNot", "Node", "FIELDS", "DATE_FIELDS",
           "parse_query", "to_arxiv", "matches", "window_query", "positive_terms", "text_has"]

FIELDS = ("ti", "abs", "au", "co", "jr", "cat", "all")
DATE_FIELDS = ("submittedDate", "lastUpdatedDate")
_OPERATORS = {"AND", "OR", "ANDNOT"}


class QuerySyntaxError(ConfigError):
    """A query that does not parse; ``position`` is the 0-based character offset of the problem."""

    def __init__(self, message: str, position: int):
        super().__init__(message)
        self.position = position


@dataclass(frozen=True)
class Term:
    field: str  # one of FIELDS
    text: str  # as written (a phrase's inner whitespace collapsed), without quotes or the trailing '*'
    phrase: bool = False
    wildcard: bool = False


@dataclass(frozen=True)
class DateRange:
    field: str  # "submittedDate" | "lastUpdatedDate"
    start: datetime  # tz-aware UTC, minute precision, inclusive
    end: datetime


@dataclass(frozen=True)
class And:
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Or:
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class AndNot:
    left: "Node"
    right: "Node"


Node = Term | DateRange | And | Or | AndNot


# -- tokens ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Tok:
    kind: str  # "(", ")", "op", "term", "end"
    pos: int
    value: str = ""  # the operator (upper case) or the token's source text
    node: Term | DateRange | None = None


_FIELD_RE = re.compile(r"([A-Za-z]+):")
_WORD_END = re.compile(r'[\s()"]')
_DATE_RE = re.compile(r"\[\s*([0-9]+)\s+(?i:to)\s+([0-9]+)\s*\]")
_HAS_WORD = re.compile(r"[^\W_]")


def _near(text: str, pos: int) -> str:
    """'near ')'' or 'at the end': the token found where something else was expected."""
    if pos >= len(text):
        return "at the end"
    if text[pos] in '()"':
        return f"near {text[pos]!r}"
    stop = _WORD_END.search(text, pos)
    return f"near {text[pos:stop.start() if stop else len(text)][:30]!r}"


def _stamp(moment: datetime) -> str:
    return f"{moment.year:04d}{moment.month:02d}{moment.day:02d}{moment.hour:02d}{moment.minute:02d}"


def _minute(raw: str, pos: int) -> datetime:
    if len(raw) != 12:
        raise QuerySyntaxError(f"a date at position {pos} must be written YYYYMMDDHHMM (GMT), not {raw!r}", pos)
    try:
        return datetime.strptime(raw, "%Y%m%d%H%M").replace(tzinfo=timezone.utc)
    except ValueError:
        raise QuerySyntaxError(f"{raw!r} at position {pos} is not a valid date and time", pos) from None


def _date_range(text: str, field: str, pos: int, body: int, allow_dates: bool) -> tuple[DateRange, int]:
    if not allow_dates:
        raise QuerySyntaxError(
            f"a topic query cannot contain a date range ('{field}:' at position {pos}); "
            "the announcement window is added automatically", pos)
    m = _DATE_RE.match(text, body)
    if not m:
        raise QuerySyntaxError(
            f"expected '[YYYYMMDDHHMM TO YYYYMMDDHHMM]' after '{field}:' at position {body} "
            f"({_near(text, body)})", body)
    start = _minute(m.group(1), m.start(1))
    end = _minute(m.group(2), m.start(2))
    return DateRange(field, start, end), m.end()


def _term(text: str, pos: int, allow_dates: bool) -> tuple[Term | DateRange, int]:
    """Read one term starting at ``pos`` (no whitespace there); return it and the offset after it."""
    field, body = "all", pos
    m = _FIELD_RE.match(text, pos)
    if m:
        name = m.group(1)
        date_field = next((f for f in DATE_FIELDS if f.lower() == name.lower()), None)
        if date_field:
            return _date_range(text, date_field, pos, m.end(), allow_dates)
        if name.lower() not in FIELDS:
            raise QuerySyntaxError(
                f"unknown field '{name}:' at position {pos}; use ti:, abs:, au:, co:, jr:, cat: or all:", pos)
        field, body = name.lower(), m.end()
    if body < len(text) and text[body] == '"':
        close = text.find('"', body + 1)
        if close < 0:
            raise QuerySyntaxError(f"the quote at position {body} is never closed", body)
        inner = " ".join(text[body + 1:close].split())
        if not _HAS_WORD.search(inner):
            raise QuerySyntaxError(f"empty phrase at position {body}", body)
        if "*" in inner:
            raise QuerySyntaxError(f"a wildcard '*' cannot be used inside a phrase (position {body})", body)
        end = close + 1
        if end < len(text) and not _WORD_END.match(text[end]):
            raise QuerySyntaxError(f"expected a space or ')' after the phrase at position {end} ({_near(text, end)})",
                                   end)
        return Term(field, inner, phrase=True), end
    stop = _WORD_END.search(text, body)
    end = stop.start() if stop else len(text)
    word = text[body:end]
    if not word:
        if m:
            raise QuerySyntaxError(f"empty term after '{m.group(0)}' at position {pos}", pos)
        raise QuerySyntaxError(f"unexpected {text[pos]!r} at position {pos}", pos)
    if ":" in word or "[" in word or "]" in word:
        bad = body + min(i for i, ch in enumerate(word) if ch in ":[]")
        if ":" in word and not m and word.index(":") > 0:
            raise QuerySyntaxError(
                f"unknown field '{word.split(':')[0]}:' at position {pos}; use ti:, abs:, au:, co:, jr:, cat: or all:",
                pos)
        raise QuerySyntaxError(f"unexpected {text[bad]!r} at position {bad} inside a term", bad)
    wildcard = word.endswith("*")
    core = word[:-1] if wildcard else word
    if "*" in core:
        bad = body + core.index("*")
        raise QuerySyntaxError(f"a wildcard '*' may only end a term (position {bad})", bad)
    if not _HAS_WORD.search(core):
        raise QuerySyntaxError(f"the term at position {pos} has no letters or digits", pos)
    return Term(field, core, wildcard=wildcard), end


def _tokens(text: str, allow_dates: bool) -> list[_Tok]:
    out: list[_Tok] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Tok(ch, i, ch))
            i += 1
        else:
            stop = _WORD_END.search(text, i)
            word = text[i:stop.start() if stop else len(text)]
            if word.isascii() and word.upper() in _OPERATORS:
                out.append(_Tok("op", i, word.upper()))
                i += len(word)
            elif word.isascii() and word.upper() == "NOT":
                raise QuerySyntaxError(f"arXiv has no NOT operator (position {i}); write 'a ANDNOT b'", i)
            else:
                node, end = _term(text, i, allow_dates)
                out.append(_Tok("term", i, text[i:end], node))
                i = end
    out.append(_Tok("end", len(text)))
    return out


class _Parser:
    def __init__(self, text: str, allow_dates: bool):
        self.text = text
        self.toks = _tokens(text, allow_dates)
        self.i = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise QuerySyntaxError("the query is empty", 0)
        node = self.or_expr(after=None)
        tok = self.peek()
        if tok.kind == ")":
            raise QuerySyntaxError(f"unexpected ')' at position {tok.pos}: no '(' opens it", tok.pos)
        if tok.kind != "end":  # cannot happen: and_expr consumes everything else
            raise QuerySyntaxError(f"unexpected {tok.value!r} at position {tok.pos}", tok.pos)
        return node

    def or_expr(self, after: _Tok | None) -> Node:
        node = self.and_expr(after)
        while self.peek().kind == "op" and self.peek().value == "OR":
            op = self.take()
            node = Or(node, self.and_expr(op))
        return node

    def and_expr(self, after: _Tok | None) -> Node:
        node = self.operand(after)
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.value in ("AND", "ANDNOT"):
                self.take()
                right = self.operand(tok)
                node = And(node, right) if tok.value == "AND" else AndNot(node, right)
            elif tok.kind in ("term", "("):  # two terms side by side: AND
                node = And(node, self.operand(None))
            else:
                return node

    def operand(self, after: _Tok | None) -> Node:
        tok = self.peek()
        if tok.kind == "term":
            self.take()
            return tok.node  # type: ignore[return-value]
        if tok.kind == "(":
            self.take()
            if self.peek().kind == ")":
                raise QuerySyntaxError(f"empty parentheses at position {tok.pos}", tok.pos)
            inner = self.or_expr(tok)
            close = self.peek()
            if close.kind != ")":
                raise QuerySyntaxError(f"the '(' at position {tok.pos} is never closed", tok.pos)
            self.take()
            return inner
        where = _near(self.text, tok.pos)
        if after is not None and after.kind == "op":
            raise QuerySyntaxError(f"expected a term after '{after.value}' at position {tok.pos} ({where})", tok.pos)
        if tok.kind == "op":
            raise QuerySyntaxError(f"expected a term before '{tok.value}' at position {tok.pos}", tok.pos)
        if tok.kind == ")":
            raise QuerySyntaxError(f"unexpected ')' at position {tok.pos}: no '(' opens it", tok.pos)
        raise QuerySyntaxError(f"expected a term at position {tok.pos} ({where})", tok.pos)


def parse_query(text: str, *, allow_dates: bool = False) -> Node:
    """Parse a query; raise :class:`QuerySyntaxError` (naming the position) when it does not parse.
    Date ranges (``submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]``) are accepted only with ``allow_dates``."""
    if not isinstance(text, str):
        raise QuerySyntaxError("the query must be text", 0)
    return _Parser(text, allow_dates).parse()


# -- compiling ---------------------------------------------------------------------------------------
def _leaf(node: Term | DateRange) -> str:
    if isinstance(node, DateRange):
        return f"{node.field}:[{_stamp(node.start)} TO {_stamp(node.end)}]"
    if node.phrase:
        return f'{node.field}:"{node.text}"'
    return f"{node.field}:{node.text}{'*' if node.wildcard else ''}"


_OP_NAME = {And: "AND", Or: "OR", AndNot: "ANDNOT"}


def to_arxiv(node: Node) -> str:
    """arXiv's syntax; every compound operand in parentheses, operators in upper case."""
    if isinstance(node, (Term, DateRange)):
        return _leaf(node)
    parts = []
    for side in (node.left, node.right):
        text = to_arxiv(side)
        parts.append(text if isinstance(side, (Term, DateRange)) else f"({text})")
    return f"{parts[0]} {_OP_NAME[type(node)]} {parts[1]}"


# -- local evaluation --------------------------------------------------------------------------------
_WORD = re.compile(r"[^\W_]+")
_SOFT_GAP = re.compile(r"[\s\-\u2010-\u2015_]*")  # whitespace, hyphens and dashes, underscores


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words of the folded text and the gaps between consecutive words."""
    folded = _fold(text)
    found = list(_WORD.finditer(folded))
    words = tuple(m.group(0) for m in found)
    gaps = tuple(folded[a.end():b.start()] for a, b in zip(found, found[1:]))
    return words, gaps


def _same_word(want: str, got: str, prefix: bool) -> bool:
    if prefix:
        return got.startswith(want)
    if want == got:
        return True
    # an optional plural "s"/"es" on either side, for words of three letters or more
    if len(want) >= 3 and got in (want + "s", want + "es"):
        return True
    return len(got) >= 3 and want in (got + "s", got + "es")


def _gap_ok(want_gap: str, got_gap: str) -> bool:
    return got_gap == want_gap or bool(_SOFT_GAP.fullmatch(got_gap))


def _phrase_in(pattern: str, text: str, wildcard: bool) -> bool:
    want, want_gaps = _split(pattern)
    got, got_gaps = _split(text)
    n = len(want)
    if n == 0:
        return False
    for i in range(len(got) - n + 1):
        if all(_same_word(want[k], got[i + k], wildcard and k == n - 1) for k in range(n)) and all(
                _gap_ok(want_gaps[k], got_gaps[i + k]) for k in range(n - 1)):
            return True
    return False


def text_has(phrase: str, text: str) -> bool:
    """Whether ``text`` contains the word or phrase (the matcher :func:`matches` uses; a trailing ``*`` makes
    the last word a prefix). Used for negative keywords."""
    phrase = (phrase or "").strip()
    wildcard = phrase.endswith("*")
    return _phrase_in(phrase.rstrip("*"), text or "", wildcard)


def _author_has(term: Term, name: str) -> bool:
    want, _ = _split(term.text)
    got, _ = _split(name)
    if not want:
        return False
    return all(any((g.startswith(w) if term.wildcard and k == len(want) - 1 else g == w) for g in got)
               for k, w in enumerate(want))


def _category_has(term: Term, category: str) -> bool:
    want, got = term.text.casefold(), category.casefold()
    return got.startswith(want) if term.wildcard else got == want


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC, to the minute (for the bounds of a window)."""
    return moment.astimezone(timezone.utc).replace(second=0, microsecond=0)


def _minute_of(moment: datetime) -> datetime:
    """An entry's date to the minute, naive read as UTC; compared without conversion (no overflow)."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return moment.replace(second=0, microsecond=0)


def _term_matches(term: Term, entry: ArxivEntry) -> bool:
    if term.field == "cat":
        return any(_category_has(term, c) for c in entry.categories)
    if term.field == "au":
        return any(_author_has(term, a.name) for a in entry.authors)
    texts = {"ti": [entry.title], "abs": [entry.abstract], "co": [entry.comment or ""],
             "jr": [entry.journal_ref or ""]}.get(term.field)
    if texts is None:  # all:
        texts = [entry.title, entry.abstract, entry.comment or "", entry.journal_ref or ""]
        if any(_author_has(term, a.name) for a in entry.authors) or any(
                _category_has(term, c) for c in entry.categories):
            return True
    return any(_phrase_in(term.text, t, term.wildcard) for t in texts)


def matches(node: Node, entry: ArxivEntry) -> bool:
    """Evaluate the query on one entry, locally. ``submittedDate`` compares ``entry.published``,
    ``lastUpdatedDate`` ``entry.updated`` (both at minute precision, bounds inclusive)."""
    if isinstance(node, Term):
        return _term_matches(node, entry)
    if isinstance(node, DateRange):
        moment = entry.published if node.field == "submittedDate" else entry.updated
        return node.start <= _minute_of(moment) <= node.end
    if isinstance(node, And):
        return matches(node.left, entry) and matches(node.right, entry)
    if isinstance(node, Or):
        return matches(node.left, entry) or matches(node.right, entry)
    return matches(node.left, entry) and not matches(node.right, entry)


def window_query(node: Node, start: datetime, end: datetime, *, late_start: datetime | None = None) -> Node:
    """``(node) AND (submittedDate:[late_start or start TO end] OR lastUpdatedDate:[start TO end])``."""
    for name, moment in (("start", start), ("end", end), ("late_start", late_start)):
        if moment is not None and moment.tzinfo is None:
            raise ValueError(f"window_query: {name} must be timezone-aware")
    submitted = DateRange("submittedDate", _utc(late_start or start), _utc(end))
    updated = DateRange("lastUpdatedDate", _utc(start), _utc(end))
    return And(node, Or(submitted, updated))


def positive_terms(node: Node) -> list[Term]:
    """The terms a match is made of: every term not under the right side of an ANDNOT, in order, once."""
    out: list[Term] = []

    def walk(n: Node) -> None:
        if isinstance(n, Term):
            if n not in out:
                out.append(n)
        elif isinstance(n, AndNot):
            walk(n.left)
        elif isinstance(n, (And, Or)):
            walk(n.left)
            walk(n.right)

    walk(node)
    return out
