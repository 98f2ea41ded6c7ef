"""Citations (issue 19): BibTeX, RIS and CSL-JSON per paper and per post, parsed back (bibtexparser, a small RIS
reader, json) and compared to arXiv's facts; LaTeX-special characters escaped; stable, unique keys."""

from __future__ import annotations

from itertools import accumulate

import json
import re
from datetime import datetime, timezone

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from paperbrief.records import Author, PaperDigest, PaperStatus, Post
from paperbrief.render.citations import collection_citations, paper_citations
from paperbrief.render.outputs import OutputTargets, write_outputs
from paperbrief.samples.papers import sample_entries

from conftest import make_entry

_DB = get_default_latex_context_db()
_DB.add_context_category("plain-text-escapes", prepend=True, macros=[
    MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"), MacroTextSpec("textasciicircum", "^"),
    MacroTextSpec("textasciitilde", "~"), MacroTextSpec("textbackslash", "\\")])
_LATEX = LatexNodes2Text(latex_context=_DB, math_mode="verbatim")

PUBLISHED = datetime(2026, 3, 9, 17, 59, tzinfo=timezone.utc)


def _decode(value: str) -> str:
    return _LATEX.latex_to_text(value)


def _paper(arxiv_id: str = "2603.01234", **kw) -> PaperDigest:
    data = dict(title="Learning & Forgetting: 100% of #Tokens in a_b ~ c^d", published=PUBLISHED,
                updated=PUBLISHED, authors=[Author(name="Zoë Müller-Lüdenscheidt"), Author(name="Ludwig van Beethoven"),
                                            Author(name="Li Wei")],
                categories=["cs.LG", "stat.ML"], primary_category="cs.LG", doi="10.1103/PhysRevD.76.013009",
                journal_ref="Phys. Rev. D 76, 013009 (2007)")
    data.update(kw)
    status = data.pop("status", PaperStatus.ANALYSED)
    return PaperDigest(entry=make_entry(arxiv_id, 2, **data), status=status)


def _bib(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == [] and library.comments == []
    return library


def _ris(text: str) -> list[dict[str, list[str]]]:
    """A small RIS reader: `TAG  - value` lines, a record closed by `ER  -`."""
    records, current = [], {}
    for line in text.splitlines():
        if not line.strip():
            continue
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert m, f"not a RIS line: {line!r}"
        tag, value = m.groups()
        if tag == "ER":
            records.append(current)
            current = {}
        else:
            current.setdefault(tag, []).append(value)
    assert current == {}, "a record without ER"
    return records


def test_bibtex_parses_back_to_the_papers_facts():
    library = _bib(paper_citations(_paper())["bib"])
    [entry] = library.entries
    assert entry.entry_type == "misc" and entry.key == "arXiv.2603.01234"
    f = entry.fields_dict
    assert _decode(f["title"].value) == "Learning & Forgetting: 100% of #Tokens in a_b ~ c^d"
    assert f["author"].value == ["Zoë Müller-Lüdenscheidt", "Ludwig van Beethoven", "Li Wei"]
    assert (f["eprint"].value, f["archivePrefix"].value, f["primaryClass"].value) == ("2603.01234", "arXiv", "cs.LG")
    assert f["doi"].value == "10.1103/PhysRevD.76.013009" and f["year"].value == "2026"
    assert f["url"].value == "https://arxiv.org/abs/2603.01234"
    assert _decode(f["note"].value) == "Phys. Rev. D 76, 013009 (2007)"
    assert _decode(f["abstract"].value) == "We study diffusion models and improve FID by 12.5 points."


def test_every_latex_special_character_is_escaped_and_braces_stay_balanced():
    title = "A & B 50% $x #1 a_b {c} ~d e^f \\g"
    raw = bibtexparser.parse_string(paper_citations(_paper(title=title))["bib"]).entries[0]["title"]
    assert raw == ("A \\& B 50\\% \\$x \\#1 a\\_b \\textbraceleft{}c\\textbraceright{} \\textasciitilde{}d "
                   "e\\textasciicircum{}f \\textbackslash{}g")
    assert _decode(raw) == title


def test_a_simple_formula_is_kept_and_a_dangerous_one_is_escaped():
    entries = bibtexparser.parse_string(collection_citations([
        _paper("2603.00001", title="$\\alpha$-Divergence in $O(n^2)$ time"),
        _paper("2603.00002", title="Pwn $\\input{/etc/passwd}$ and $\\def\\x{y}$"),
        _paper("2603.00003", title="Costs $5 and $10")])["bib"]).entries
    assert entries[0]["title"] == "$\\alpha$-Divergence in $O(n^2)$ time"
    assert "\\input" not in entries[1]["title"] and "\\def" not in entries[1]["title"]
    assert _decode(entries[1]["title"]) == "Pwn $\\input{/etc/passwd}$ and $\\def\\x{y}$"
    assert entries[2]["title"] == "Costs \\$5 and \\$10"


HOSTILE = 'Evil } { \\ <script>alert(1)</script> ]]> @misc{x, % \x01\x0b"q" \n and'


def _bibtex_braces_balanced(text: str) -> bool:
    """As BibTeX counts them: every brace, a backslash before it or not (the running depth never below 0,
    and 0 at the end)."""
    depths = list(accumulate(1 if c == "{" else -1 for c in text if c in "{}"))
    return min(depths, default=0) >= 0 and depths[-1:] in ([], [0])


def test_hostile_text_keeps_every_format_parseable():
    d = _paper(title=HOSTILE, abstract=HOSTILE, authors=[Author(name="Mallory } and {Eve"), Author(name="A, B")],
               journal_ref=HOSTILE, doi="10.1/x} @misc{")
    files = paper_citations(d)
    assert _bibtex_braces_balanced(files["bib"])
    [entry] = _bib(files["bib"]).entries
    expected = 'Evil } { \\ <script>alert(1)</script> ]]> @misc{x, % "q" and'
    assert _decode(entry["title"]) == expected and _decode(entry["abstract"]) == expected
    # "and" or a comma inside a name does not split it
    assert [_decode(a) for a in entry["author"]] == ["Mallory } and {Eve", "A, B"]
    assert "doi" not in entry.fields_dict  # not a DOI: left out rather than written into the field
    [ris] = _ris(files["ris"])
    assert ris["TI"] == [expected] and ris["AB"] == [expected]
    [csl] = json.loads(files["csl.json"])
    assert csl["title"] == expected


def test_ris_records_carry_the_facts():
    [record] = _ris(paper_citations(_paper())["ris"])
    assert record["TY"] == ["UNPB"] and record["ID"] == ["arXiv.2603.01234"]
    assert record["TI"] == ["Learning & Forgetting: 100% of #Tokens in a_b ~ c^d"]
    assert record["AU"] == ["Müller-Lüdenscheidt, Zoë", "van Beethoven, Ludwig", "Wei, Li"]
    assert record["PY"] == ["2026"] and record["DA"] == ["2026/03/09/"]
    assert record["DO"] == ["10.1103/PhysRevD.76.013009"] and record["AN"] == ["arXiv:2603.01234"]
    assert record["UR"] == ["https://arxiv.org/abs/2603.01234"] and record["KW"] == ["cs.LG", "stat.ML"]


def test_csl_json_carries_the_facts():
    [item] = json.loads(paper_citations(_paper())["csl.json"])
    assert item["id"] == "arXiv.2603.01234" and item["type"] == "article"
    assert item["author"] == [{"family": "Müller-Lüdenscheidt", "given": "Zoë"},
                              {"family": "van Beethoven", "given": "Ludwig"}, {"family": "Wei", "given": "Li"}]
    assert item["issued"] == {"date-parts": [[2026, 3, 9]]} and item["DOI"] == "10.1103/PhysRevD.76.013009"
    assert item["number"] == "arXiv:2603.01234" and item["version"] == "2" and item["publisher"] == "arXiv"


def test_an_old_style_id_and_a_paper_without_doi():
    d = _paper("hep-th/9901001", doi=None, journal_ref=None, primary_category="hep-th", categories=["hep-th"])
    files = paper_citations(d)
    [entry] = _bib(files["bib"]).entries
    assert entry.key == "arXiv.hep-th.9901001" and entry["eprint"] == "hep-th/9901001"
    assert entry["primaryClass"] == "hep-th" and "doi" not in entry.fields_dict and "note" not in entry.fields_dict
    [record] = _ris(files["ris"])
    assert "DO" not in record and record["UR"] == ["https://arxiv.org/abs/hep-th/9901001"]
    assert "DOI" not in json.loads(files["csl.json"])[0]


def test_keys_are_stable_across_versions_and_unique_in_a_collection():
    v1 = _paper("2603.01234", title="First title")
    v3 = PaperDigest(entry=make_entry("2603.01234", 3, title="Another title", published=PUBLISHED, updated=PUBLISHED))
    assert _bib(paper_citations(v1)["bib"]).entries[0].key == _bib(paper_citations(v3)["bib"]).entries[0].key
    entries = [PaperDigest(entry=e) for e in sample_entries()]
    library = _bib(collection_citations([*entries, v1, v3])["bib"])
    keys = [e.key for e in library.entries]
    assert keys == ["arXiv.2611.01234", "arXiv.2611.02345", "arXiv.2611.03456", "arXiv.2611.04567",
                    "arXiv.2603.01234"]  # the same paper twice is cited once
    assert [e["title"] for e in library.entries][-1] == "First title"


def test_sample_papers_titles_and_authors_round_trip():
    entries = sample_entries()
    library = _bib(collection_citations([PaperDigest(entry=e) for e in entries])["bib"])
    assert len(library.entries) == len(entries) == 4
    for parsed, fact in zip(library.entries, entries):
        assert _decode(parsed["title"]) == fact.title
        assert parsed["author"] == fact.author_names
        assert parsed["eprint"] == fact.arxiv_id and parsed["primaryClass"] == fact.primary_category


@pytest.mark.parametrize("formats, expected", [(("citations",), ["2026-11-25-diffusion.bib",
                                                                 "2026-11-25-diffusion.csl.json",
                                                                 "2026-11-25-diffusion.ris"]), (("json",), [])])
def test_write_outputs_writes_the_posts_citations_with_every_paper(tmp_path, formats, expected):
    post = Post(topic="Diffusion", date="2026-11-25", slug="diffusion", model="m",
                papers=[_paper("2611.00001")], updated=[_paper("2611.00002", status=PaperStatus.UPDATED)],
                listed=[_paper("2611.00003", status=PaperStatus.LISTED)])
    write_outputs(post, OutputTargets(posts_dir=tmp_path / "posts", out_dir=tmp_path / "out", author="me",
                                      formats=formats))
    folder = tmp_path / "out" / "citations"
    if not expected:
        assert not folder.exists()
        return
    assert sorted(p.name for p in folder.iterdir()) == expected
    ids = ["2611.00001", "2611.00002", "2611.00003"]
    assert [e["eprint"] for e in _bib((folder / expected[0]).read_text("utf-8")).entries] == ids
    assert [r["AN"] for r in _ris((folder / expected[2]).read_text("utf-8"))] == [[f"arXiv:{i}"] for i in ids]
    assert [i["number"] for i in json.loads((folder / expected[1]).read_text("utf-8"))] == [f"arXiv:{i}" for i in ids]
