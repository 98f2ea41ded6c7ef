"""Ids and file names from paper data that try to leave the output folder: refused where the record is made
(``ArxivEntry.arxiv_id``, ``Figure.image``, ``Post.slug``), skipped by the Atom parser, and refused again at
write time (``fsutil.safe_join``) for data that skipped validation: nothing is ever written outside."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from paperbrief.fsutil import UnsafePath, safe_join, safe_name
from paperbrief.records import ArxivEntry, Figure, PaperDigest, Post
from paperbrief.render.outputs import OutputTargets, write_outputs
from paperbrief.render.site import SiteSource, SiteTopic, _copy_figures, build_site
from paperbrief.sources.atom import parse_feed

from conftest import make_entry

HOSTILE_IDS = ["../../etc/passwd", "/abs", "..\\x", "a\x00b", "..", ".", "", "a/../b", "hep-th/../../x", "a//b",
               "a/b/c", "2611.00001/", "C:\\x", "c:x", "2611.00001\n", " 2611.00001", "~/x", "%2e%2e/x"]
GOOD_IDS = ["2403.17924", "2611.00001", "hep-th/9901001", "math.GT/0309136", "my-paper_v2", "论文", "-x", "..v1"]
HOSTILE_IMAGES = ["../../etc/passwd", "/etc/passwd", "..\\x.png", "a\x00.png", "..", "a/../../b.png",
                  "javascript:alert(1)", "a/b/c.png", "", "x/", "C:\\x.png"]
GOOD_IMAGES = [None, "2611.00001v1-fig-1.png", "2611.00001v1/fig-1.png", "my figures/fig-1.png", "fig 1.jpg"]


def _write_targets(tmp_path: Path) -> OutputTargets:
    return OutputTargets(posts_dir=tmp_path / "out" / "posts", out_dir=tmp_path / "out", author="a",
                         formats=("hexo", "markdown", "hugo", "jekyll", "json", "feed"))


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


# -- refused at the record ------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", HOSTILE_IDS)
def test_an_arxiv_id_that_could_name_a_path_is_refused(bad):
    with pytest.raises(pydantic.ValidationError, match="not a safe identifier|string_type|at least"):
        make_entry(bad)


@pytest.mark.parametrize("good", GOOD_IDS)
def test_real_ids_and_local_file_stems_are_accepted(good):
    assert make_entry(good).arxiv_id == good


@pytest.mark.parametrize("bad", HOSTILE_IMAGES)
def test_a_figure_image_that_could_name_a_path_is_refused(bad):
    with pytest.raises(pydantic.ValidationError, match="not a safe identifier"):
        Figure(label="Figure 1", page=1, caption="c", bbox=[0, 0, 1, 1], image=bad)


@pytest.mark.parametrize("good", GOOD_IMAGES)
def test_figure_images_the_pipeline_makes_are_accepted(good):
    assert Figure(label="Figure 1", page=1, caption="c", bbox=[0, 0, 1, 1], image=good).image == good


@pytest.mark.parametrize("bad", ["../x", "/x", "a/b", "..", "a\x00", "a\\b", ""])
def test_a_post_slug_that_could_name_a_path_is_refused(bad):
    with pytest.raises(pydantic.ValidationError, match="not a safe identifier"):
        Post(topic="t", date="2026-11-25", papers=[], model="m", slug=bad)


def test_stored_json_with_a_hostile_id_does_not_load():
    """A tampered database row or JSON file is refused when it becomes a record again."""
    good = PaperDigest(entry=make_entry("2611.00001")).model_dump_json()
    bad = good.replace('"arxiv_id":"2611.00001"', '"arxiv_id":"../../../tmp/pwned"')
    assert bad != good
    with pytest.raises(pydantic.ValidationError):
        PaperDigest.model_validate_json(bad)


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
{entries}
</feed>"""
ENTRY = """<entry><id>{id}</id><updated>2026-11-24T12:00:00Z</updated><published>2026-11-24T12:00:00Z</published>
<title>T</title><summary>S</summary><author><name>A</name></author></entry>"""


def test_the_atom_parser_skips_entries_whose_id_is_a_path():
    ids = ["http://arxiv.org/abs/../../etc/passwdv1", "http://arxiv.org/abs//absv1", "../../x", "/etc/passwd",
           "http://arxiv.org/abs/2611.00001/../../../xv1", "http://arxiv.org/abs/..\\xv1",
           "http://arxiv.org/abs/2611.00002v1"]
    page = parse_feed(FEED.format(entries="\n".join(ENTRY.format(id=i) for i in ids)).encode())
    assert [e.versioned_id for e in page.entries] == ["2611.00002v1"]
    assert len(page.errors) == len(ids) - 1


# -- refused at write time ------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["../x", "/abs", "a/b", "..", ".", "", "a\x00b", "..\\x", "c:x", "a\nb"])
def test_safe_name_refuses(bad):
    with pytest.raises(UnsafePath):
        safe_name(bad)


@pytest.mark.parametrize("parts", [("..", "x"), ("a", "../../x"), ("/etc/passwd",), ("a//b",), ("a\x00",),
                                   ("json", "..\\..\\x.json"), ("x/",)])
def test_safe_join_refuses(tmp_path, parts):
    with pytest.raises(UnsafePath):
        safe_join(tmp_path, *parts)


def test_safe_join_accepts_plain_names(tmp_path):
    assert safe_join(tmp_path, "json", "2026-11-25-x.json") == tmp_path / "json" / "2026-11-25-x.json"
    assert safe_join(tmp_path, "a/b.png") == tmp_path / "a" / "b.png"


@pytest.mark.parametrize("date", ["../../../escaped", "{tmp}/escaped", "2026-11-25/../../escaped", "..\\escaped",
                                  "c:escaped"])
def test_write_outputs_refuses_a_post_name_outside_its_folder(tmp_path, date):
    """``Post.date`` has no format check; the file name built from it is checked before anything is written."""
    post = Post(topic="t", date=date.format(tmp=tmp_path), papers=[PaperDigest(entry=make_entry())], model="m", slug="t")
    (tmp_path / "out").mkdir()
    before = _files(tmp_path)
    with pytest.raises(UnsafePath):
        write_outputs(post, _write_targets(tmp_path))
    assert _files(tmp_path) == before
    for folder in (tmp_path, tmp_path.parent, tmp_path.parent.parent):
        assert not list(folder.glob("*escaped-t*"))


def test_write_outputs_refuses_a_slug_that_skipped_validation(tmp_path):
    post = Post(topic="t", date="2026-11-25", papers=[PaperDigest(entry=make_entry())], model="m", slug="t")
    post = post.model_copy(update={"slug": "../../escaped"})  # model_copy does not validate
    (tmp_path / "out").mkdir()
    with pytest.raises((UnsafePath, pydantic.ValidationError)):
        write_outputs(post, _write_targets(tmp_path))
    assert _files(tmp_path) == {"out"}


def test_site_figure_copy_refuses_a_hostile_image_name(tmp_path):
    """The site copies each figure next to its page; a name from a record that skipped validation (built with
    ``model_construct``) neither reads nor writes outside the two folders."""
    secret = tmp_path / "secret.txt"
    secret.write_text("do not copy")
    posts = tmp_path / "site-root" / "posts" / "2026-11-25-t"
    posts.mkdir(parents=True)
    target = tmp_path / "site-root" / "site" / "papers" / "2611.00001v1"
    for image in ("../../../secret.txt", str(secret), "..\\..\\secret.txt", "a\x00.png"):
        fig = Figure.model_construct(label="Figure 1", page=1, caption="c", bbox=[0, 0, 1, 1], image=image,
                                     teaser=False)
        d = PaperDigest.model_construct(**{**PaperDigest(entry=make_entry()).__dict__, "figures": [fig]})
        with pytest.raises(UnsafePath):
            _copy_figures(posts, d, target)
    assert not target.exists()
    assert {p.name for p in (tmp_path / "site-root").rglob("*") if p.is_file()} == set()


@pytest.mark.parametrize("field", ["day", "topic"])
def test_site_refuses_a_hostile_day_or_topic_slug(tmp_path, field):
    day, topic = ("../../escaped", "t") if field == "day" else ("2026-11-25", "../../escaped")
    source = SiteSource(site_dir=tmp_path / "a" / "site", posts_dir=tmp_path / "a" / "posts", author="me",
                        topics=[SiteTopic(slug=topic, name="T")],
                        papers=[(topic, day, PaperDigest(entry=make_entry()))])
    with pytest.raises(UnsafePath):
        build_site(source)
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "escaped.html").exists()
    assert not list(tmp_path.rglob("*escaped*")) and not list(tmp_path.parent.glob("*escaped*"))
    assert not [p for p in (tmp_path / "a").rglob("*") if p.is_file()]


def test_a_figures_folder_named_dot_still_gives_a_valid_image_path(tmp_path, monkeypatch):
    from paperbrief.pdf._figures import _image_ref

    monkeypatch.chdir(tmp_path)
    assert _image_ref(Path("."), "fig-1.png") == f"{tmp_path.name}/fig-1.png"
    assert _image_ref(tmp_path / "2611.00001v1", "fig-1.png") == "2611.00001v1/fig-1.png"
    assert _image_ref(tmp_path / "a:b", "fig-1.png") is None  # not a safe Figure.image: the figure has no image


@pytest.mark.parametrize("name, expected", [("...pdf", "local-pdf"), ("..pdf.pdf", "pdf"),
                                            ("my paper (v2).pdf", "my-paper-v2")])
def test_a_local_pdf_whose_name_could_be_a_path_gets_a_safe_id(tmp_path, sample_pdfs, name, expected):
    from paperbrief.sources.local import entry_from_pdf

    pdf = tmp_path / name
    pdf.write_bytes(next(iter(sample_pdfs.values())).read_bytes())
    assert entry_from_pdf(pdf).arxiv_id == expected
