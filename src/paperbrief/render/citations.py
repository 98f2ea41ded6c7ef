"""Citations of papers (BibTeX, RIS, CSL-JSON), per paper and per post. Facts only: arXiv's title, authors,
ids, dates, DOI and links; nothing from the LLM (issue 19).

- The key, ``arXiv.<id>`` (``arXiv.hep-th.9901001`` for an old-style id; ``local.<name>`` for a local PDF), is
  built from the arXiv id alone: the same in every file and every version, unique in a collection (a paper
  shown twice, in two topics or two versions, is cited once).
- The year and date are the first version's (arXiv's ``published``); the links are the version-less abstract
  page; ``doi`` is the DOI arXiv lists for the paper (the journal's), when it lists one.
- BibTeX is written with ``bibtexparser``. Text is plain text set in LaTeX: ``& % $ # _`` get a backslash,
  ``{ } \\ ~ ^`` become ``\\textbraceleft{}``, ``\\textbraceright{}``, ``\\textbackslash{}``,
  ``\\textasciitilde{}``, ``\\textasciicircum{}`` (so braces stay balanced for BibTeX, which counts every brace);
  accented letters and other Unicode are kept as UTF-8 (biber, and bibtex with ``inputenc``, read them); an
  inline formula ``$…$`` is kept as written when it only uses letters, digits, operators, balanced braces and
  well-known math commands (``\\alpha``, ``\\mathcal``, ``\\leq``…), else it is escaped like any text. The DOI,
  URL and eprint are written verbatim, and only when they hold no character that could end the field."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field

from paperbrief.records import PaperDigest
from paperbrief.render.escape import clean_model, one_line

__all__ = ["FORMATS", "CitationFacts", "citation_facts", "citation_key", "latex_escape", "split_name",
           "paper_citations", "collection_citations", "to_bibtex", "to_ris", "to_csl_json"]

# file extension -> format: "<slug>.bib" BibTeX, "<slug>.ris" RIS, "<slug>.csl.json" CSL-JSON
FORMATS = {"bib": "BibTeX", "ris": "RIS", "csl.json": "CSL-JSON"}

_DOI = re.compile(r"10\.\d{4,9}/[^\s{}\\%#\"<>]+")
_CATEGORY = re.compile(r"[A-Za-z][A-Za-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?")
_ESCAPES = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\textbraceleft{}",
            "}": r"\textbraceright{}", "\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}"}
_SPECIAL = re.compile(r"[&%$#_{}\\~^]")
# pandoc's rule: no space inside either dollar, no digit after the closing one ("$5 and $10" is not math)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])([^$]{1,200}?)(?<!\s)\$(?![\d$])")
_MATH_CHARS = re.compile(r"[A-Za-z0-9\s+\-*/=<>()\[\],.;:!?'|^_{}\\]*")
_MATH_COMMANDS = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho
sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
mathcal mathbb mathbf mathrm mathit mathsf mathtt mathscr boldsymbol text textrm textit textbf operatorname
times cdot cdots ldots dots leq geq le ge neq ne approx sim simeq equiv propto pm mp infty partial nabla sum prod
int oint log ln exp min max sup inf lim arg argmin argmax to rightarrow leftarrow Rightarrow Leftarrow
leftrightarrow mapsto in notin subset subseteq supset supseteq cup cap setminus forall exists emptyset sqrt frac
dfrac tfrac tilde widetilde hat widehat bar vec dot ddot overline underline left right big Big langle rangle
lvert rvert lVert rVert vert Vert mid ell hbar prime circ star ast oplus otimes odot top perp parallel
""".split())
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_PARTICLES = frozenset("van von de der den del della di da du la le dos das ten ter zu".split())
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


@dataclass(frozen=True)
class Name:
    """An author's name for a reference manager: family and given parts, or one literal name."""

    family: str
    given: str = ""
    suffix: str = ""
    literal: str = ""


@dataclass(frozen=True)
class CitationFacts:
    """What every citation format says about one paper, from arXiv's record only."""

    key: str
    arxiv_id: str | None  # None for a local PDF
    version: int
    title: str
    authors: tuple[str, ...]
    abstract: str
    year: int
    month: int
    day: int
    primary_class: str
    categories: tuple[str, ...]
    doi: str
    journal_ref: str
    url: str


def citation_key(arxiv_id: str, *, local: bool = False) -> str:
    """``arXiv.2403.17924``, ``arXiv.hep-th.9901001``; ``local.<name>`` (ASCII) for a local PDF."""
    if local:
        ascii_id = unicodedata.normalize("NFKD", arxiv_id).encode("ascii", "ignore").decode("ascii")
        return "local." + (re.sub(r"[^A-Za-z0-9.\-]+", "-", ascii_id).strip("-") or "paper")
    return "arXiv." + arxiv_id.replace("/", ".")


def citation_facts(digest: PaperDigest) -> CitationFacts:
    entry = clean_model(digest.entry)
    local = bool(entry.local_path)
    categories = tuple(dict.fromkeys(c for c in map(one_line, entry.categories) if _CATEGORY.fullmatch(c)))
    primary = one_line(entry.primary_category)
    primary = primary if _CATEGORY.fullmatch(primary) else (categories[0] if categories else "")
    doi = next(iter(_DOI.findall(one_line(entry.doi))), "")
    return CitationFacts(
        key=citation_key(entry.arxiv_id, local=local), arxiv_id=None if local else entry.arxiv_id,
        version=entry.version, title=one_line(entry.title), authors=tuple(n for n in map(one_line,
                                                                                        entry.author_names) if n),
        abstract=one_line(entry.abstract), year=entry.published.year, month=entry.published.month,
        day=entry.published.day, primary_class="" if local else primary, categories=categories, doi=doi,
        journal_ref=one_line(entry.journal_ref), url="" if local else f"https://arxiv.org/abs/{entry.arxiv_id}")


# -- BibTeX ----------------------------------------------------------------------------------------------------------
def _escape_plain(text: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group(0)], text)


def _braces_balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _safe_math(formula: str) -> bool:
    """A formula kept as written: known math only, balanced braces (counted as BibTeX counts them)."""
    if not _MATH_CHARS.fullmatch(formula) or not _braces_balanced(formula):
        return False
    return all(c in _MATH_COMMANDS or c in ",;! |{}" for c in _COMMAND.findall(formula))


def latex_escape(text: str | None) -> str:
    """Plain text (a title, a name, an abstract) for a BibTeX field: see the module's doc."""
    text = one_line(text)
    out, last = [], 0
    for m in _INLINE_MATH.finditer(text):
        if _safe_math(m.group(1)):
            out += [_escape_plain(text[last:m.start()]), m.group(0)]
            last = m.end()
    out.append(_escape_plain(text[last:]))
    return "".join(out)


def _bib_name(name: str) -> str:
    """One author for BibTeX's ``and``-separated list: a name that holds "and" or a comma is braced whole so
    BibTeX does not split it."""
    escaped = latex_escape(name)
    return "{" + escaped + "}" if re.search(r"(^|\s)and(\s|$)|,", name, re.I) else escaped


def _bib_entry(f: CitationFacts) -> Entry:
    fields = [("title", latex_escape(f.title)), ("author", " and ".join(_bib_name(n) for n in f.authors)),
              ("year", str(f.year))]
    if f.arxiv_id:
        fields += [("eprint", f.arxiv_id), ("archivePrefix", "arXiv"), ("primaryClass", f.primary_class),
                   ("url", f.url)]
    fields += [("doi", f.doi), ("note", latex_escape(f.journal_ref)), ("abstract", latex_escape(f.abstract))]
    return Entry("misc", f.key, [Field(k, v) for k, v in fields if v])


def to_bibtex(facts: Sequence[CitationFacts]) -> str:
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n\n"
    # the library is built here and thrown away: enclosing the values in place spares a deep copy per call
    enclose = AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{",
                                     allow_inplace_modification=True)
    return bibtexparser.write_string(Library([_bib_entry(f) for f in facts]), unparse_stack=[enclose],
                                     bibtex_format=fmt)


# -- RIS and CSL-JSON --------------------------------------------------------------------------------------------------
def split_name(name: str) -> Name:
    """"Given Family" (arXiv's order) into parts; a particle (van, de…) starts the family name; one word, or a
    name in a script without spaces, stays one literal name."""
    words = name.split()
    suffix = ""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix, words = words[-1], words[:-1]
    if len(words) < 2:
        return Name(family="", literal=name)
    start = next((i for i in range(1, len(words) - 1) if words[i].lower() in _PARTICLES), len(words) - 1)
    return Name(family=" ".join(words[start:]), given=" ".join(words[:start]), suffix=suffix)


def _ris_name(name: str) -> str:
    n = split_name(name)
    if n.literal:
        return n.literal
    return f"{n.family}, {n.given}" + (f", {n.suffix}" if n.suffix else "")


def _ris_record(f: CitationFacts) -> list[str]:
    tags: list[tuple[str, str]] = [("TY", "UNPB"), ("ID", f.key), ("TI", f.title)]
    tags += [("AU", _ris_name(n)) for n in f.authors]
    tags += [("PY", str(f.year)), ("DA", f"{f.year:04d}/{f.month:02d}/{f.day:02d}/"), ("AB", f.abstract)]
    if f.arxiv_id:
        tags += [("PB", "arXiv"), ("AN", f"arXiv:{f.arxiv_id}"), ("UR", f.url)]
    tags += [("DO", f.doi), ("N1", f"Journal reference: {f.journal_ref}" if f.journal_ref else "")]
    tags += [("KW", c) for c in f.categories]
    return [f"{tag}  - {value}" for tag, value in tags if value] + ["ER  - "]


def to_ris(facts: Sequence[CitationFacts]) -> str:
    return "".join("\n".join(_ris_record(f)) + "\n\n" for f in facts)


def _csl_name(name: str) -> dict[str, str]:
    n = split_name(name)
    if n.literal:
        return {"literal": n.literal}
    return {"family": n.family, "given": n.given, **({"suffix": n.suffix} if n.suffix else {})}


def _csl_item(f: CitationFacts) -> dict[str, object]:
    item: dict[str, object] = {"id": f.key, "type": "article", "title": f.title,
                               "author": [_csl_name(n) for n in f.authors],
                               "issued": {"date-parts": [[f.year, f.month, f.day]]}, "abstract": f.abstract}
    if f.arxiv_id:
        item.update({"publisher": "arXiv", "number": f"arXiv:{f.arxiv_id}", "version": str(f.version),
                     "URL": f.url, "archive": "arXiv"})
    if f.doi:
        item["DOI"] = f.doi
    if f.journal_ref:
        item["note"] = f"Journal reference: {f.journal_ref}"
    if f.categories:
        item["keyword"] = ", ".join(f.categories)
    return item


def to_csl_json(facts: Sequence[CitationFacts]) -> str:
    return json.dumps([_csl_item(f) for f in facts], ensure_ascii=False, indent=1) + "\n"


# -- files -------------------------------------------------------------------------------------------------------------
def paper_citations(digest: PaperDigest) -> dict[str, str]:
    """One paper's citation in every format, keyed by the extension of ``FORMATS``."""
    return collection_citations([digest])


def collection_citations(digests: Sequence[PaperDigest]) -> dict[str, str]:
    """Several papers (a post, a topic) in one file per format, keyed by the extension of ``FORMATS``. A paper
    listed twice (two topics, two versions) is cited once, with the facts of its first listing."""
    facts: dict[str, CitationFacts] = {}
    for digest in digests:
        f = citation_facts(digest)
        facts.setdefault(f.key, f)
    chosen = list(facts.values())
    return {"bib": to_bibtex(chosen), "ris": to_ris(chosen), "csl.json": to_csl_json(chosen)}
