"""Link boundaries (issue 20): a code URL ends where the URL ends. Each class has a generated PDF
(tests/pdfcorpus/link_pdfs.py) read by ``extract_pdf``, and the pure text functions are checked directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperbrief import links
from paperbrief.links import find_code_urls, url_key
from paperbrief.pdf import extract_pdf

from pdfcorpus.link_pdfs import LINK_CASES, LinkCase, build_link_case


def _keys(urls: list[str] | tuple[str, ...]) -> list[str]:
    return sorted(url_key(u) for u in urls)


@pytest.fixture(scope="module")
def link_pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("linkpdfs")
    return {case.name: build_link_case(case, folder) for case in LINK_CASES}


@pytest.mark.parametrize("case", LINK_CASES, ids=[c.name for c in LINK_CASES])
def test_link_case(case: LinkCase, link_pdfs: dict[str, Path]) -> None:
    ex = extract_pdf(link_pdfs[case.name])
    assert _keys(ex.code_urls) == _keys(case.code_urls)
    got = {url_key(u) for u in ex.code_urls}
    assert not got & {url_key(u) for u in case.not_urls}
    if case.own_code_urls is not None:
        assert _keys(ex.own_code_urls) == _keys(case.own_code_urls)


def test_every_case_has_truth() -> None:
    assert len(LINK_CASES) >= 8
    for case in LINK_CASES:
        assert case.code_urls, case.name


@pytest.mark.parametrize(
    "text, want",
    [
        ("Code: https://github.com/a/b(Apache-2.0).", ["https://github.com/a/b"]),
        ("page https://me.github.io/p(MIT), more", ["https://me.github.io/p"]),
        ("see https://gitlab.com/g/sub/proj[1] now", ["https://gitlab.com/g/sub/proj"]),
        ("https://huggingface.co/spaces/o/demo(beta)", ["https://huggingface.co/spaces/o/demo"]),
        ("(https://github.com/a/b).", ["https://github.com/a/b"]),
        ("https://github.com/a/b/blob/main/Setup_(Linux).md.", ["https://github.com/a/b/blob/main/Setup_(Linux).md"]),
        ("https://me.github.io/wiki/Foo_(bar)", ["https://me.github.io/wiki/Foo_(bar)"]),
        ("\u201chttps://github.com/a/b\u201d and \u2018https://github.com/a/c\u2019",
         ["https://github.com/a/b", "https://github.com/a/c"]),
        ("\"https://github.com/a/d\" or 'https://github.com/a/e'.", ["https://github.com/a/d", "https://github.com/a/e"]),
        ("https://github.com/a/b\u3002", ["https://github.com/a/b"]),
        ("https://github.com/a/b\u7684\u4ee3\u7801", ["https://github.com/a/b"]),
        ("\u4ee3\u7801\u89c1github.com/a/b\uff0c\u8c22\u8c22", ["https://github.com/a/b"]),
        ("\u4e3b\u9875github.io\u4e0a\uff1ame.github.io/p\u3002", ["https://me.github.io/p"]),
    ],
)
def test_boundaries_in_text(text: str, want: list[str]) -> None:
    assert find_code_urls(text) == want


def test_a_hyphen_at_the_break_gives_both_forms() -> None:
    forms = [f for f, _, _ in links.find_code_url_forms("code at https://github.com/acme/split-\nname, and")]
    assert forms == [("https://github.com/acme/split-name", "https://github.com/acme/splitname")]
    # a break after a slash has one form only
    forms = [f for f, _, _ in links.find_code_url_forms("code at https://github.com/acme/\nsplit-name.")]
    assert forms == [("https://github.com/acme/split-name",)]


def test_an_owner_ending_in_a_hyphen_is_a_fragment() -> None:
    assert find_code_urls("at https://github.com/luca-\n\n3 Method") == []
