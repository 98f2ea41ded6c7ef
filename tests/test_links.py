"""paperbrief.links: code-host URLs in free text, re-joined across line breaks, and the own-first merge."""

from __future__ import annotations

import pytest

from paperbrief.links import find_code_urls, is_code_url, merge_code_urls, url_key
from paperbrief.records import Extraction


@pytest.mark.parametrize(
    "text, want",
    [
        ("Code: https://github.com/a/b.", ["https://github.com/a/b"]),
        ("see github.com/probcomp/vpp and more", ["https://github.com/probcomp/vpp"]),
        ("(https://gitlab.com/team/proj), https://bitbucket.org/x/y;", ["https://gitlab.com/team/proj",
                                                                        "https://bitbucket.org/x/y"]),
        ("demo at https://huggingface.co/spaces/org/demo!", ["https://huggingface.co/spaces/org/demo"]),
        ("page: https://my-lab.github.io/proj/.", ["https://my-lab.github.io/proj/"]),
        ("page: my-lab.github.io", ["https://my-lab.github.io"]),
        # wrapped after a slash, an underscore, the scheme, inside the host, after a hyphen
        ("at https://github.com/\nGlaciohound/Multi-Turn-Instruct.", ["https://github.com/Glaciohound/Multi-Turn-Instruct"]),
        ("at https://github.com/abr/power_\nbenchmarks/.", ["https://github.com/abr/power_benchmarks/"]),
        ("at https:\n//github.com/kaist/MONAQ. Next", ["https://github.com/kaist/MONAQ"]),
        ("at github.\ncom/probcomp/vpp and", ["https://github.com/probcomp/vpp"]),
        ("at https://github.com/foo/multi-\nturn-bench.", ["https://github.com/foo/multi-turn-bench"]),
        ("https://huggingface.co/spaces/HF/\nblogpost-scaling", ["https://huggingface.co/spaces/HF/blogpost-scaling"]),
    ],
)
def test_find_code_urls(text: str, want: list[str]) -> None:
    assert find_code_urls(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "https://huggingface.co/datasets/org/data",  # a data set, not code
        "https://huggingface.co/org/model",
        "https://arxiv.org/abs/2401.00001",
        "we host it on github.com and gitlab.com",  # no repository named
        "mail me at someone@github.com",
        "https://openreview.net/forum?id=abc",
    ],
)
def test_non_code_urls_are_ignored(text: str) -> None:
    assert find_code_urls(text) == []


def test_a_sentence_after_a_url_is_not_glued_on() -> None:
    text = "Code at https://github.com/a/repo.\nThe results follow. See https://github.com/a/x/\n2 Footnote"
    assert find_code_urls(text) == ["https://github.com/a/repo", "https://github.com/a/x/"]
    text = "ours: https://lab.github.io/site.\n1. Introduction"
    assert find_code_urls(text) == ["https://lab.github.io/site"]


def test_duplicates_and_keys() -> None:
    assert find_code_urls("https://github.com/A/B and http://www.github.com/a/b.git and github.com/a/b/") == [
        "https://github.com/A/B"]
    assert url_key("https://www.GitHub.com/a/b.git") == "github.com/a/b"
    assert is_code_url("https://x.github.io") and not is_code_url("https://github.com/")


def test_merge_puts_own_first_and_counts_abstract_and_comment_as_own() -> None:
    ex = Extraction(code_urls=["https://github.com/other/lib", "https://github.com/me/ours"],
                    own_code_urls=["https://github.com/me/ours"])
    every, own = merge_code_urls(abstract="We release https://github.com/me/extra.",
                                 comment="Project: https://me.github.io/p", extraction=ex)
    assert own == ["https://github.com/me/extra", "https://me.github.io/p", "https://github.com/me/ours"]
    assert every == own + ["https://github.com/other/lib"]


def test_merge_without_extraction() -> None:
    assert merge_code_urls(abstract=None, comment=None, extraction=None) == ([], [])
    every, own = merge_code_urls(abstract="github.com/a/b", comment=None, extraction=None)
    assert every == own == ["https://github.com/a/b"]
