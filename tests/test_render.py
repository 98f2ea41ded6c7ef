"""The Hexo post: front matter like the seed's, fixed headings and order, escaping of hostile paper text."""

from __future__ import annotations

import re

import yaml

from paperbrief.records import Analysis, Figure, LLMOutcome, PaperDigest, Post
from paperbrief.render.escape import html_escape, md_escape
from paperbrief.render.hexo import render_post

from conftest import make_entry

HOSTILE = 'Evil: "quoted" <script>alert(1)</script> {{ site }} {% raw %} *bold* [x](http://evil) & $x$'


def _analysis(**kw) -> Analysis:
    base = dict(summary="一句话总结。", takeaways=["要点一", "要点二", "要点三", "要点四", "要点五"],
                keywords=["扩散模型", "插值"], title_translated="注意力插值", background="背景。", past_methods="过去。",
                method="方法。", results="结果提升 12.5。", method_steps=["第一步", "第二步"], conclusion="结论。",
                innovation="创新。", performance="性能。", workload="工作量。")
    base.update(kw)
    return Analysis(**base)


def _post(language="zh", **digest_kw) -> Post:
    e = make_entry("2611.00001", 2, title=HOSTILE, abstract="Abstract " + HOSTILE, comment="Code " + HOSTILE)
    d = PaperDigest(entry=e, outcome=LLMOutcome(analysis=_analysis(), model="Test-Model"),
                    first_author_affiliation="Uni <b>X</b>", code_urls=["https://github.com/a/b"],
                    figures=[Figure(label="Figure 1", page=1, caption="Cap <i>1</i>", bbox=[0, 0, 1, 1],
                                    image="2611.00001v2-fig-1.png")], **digest_kw)
    return Post(topic='Diffusion: "Models"', date="2026-11-25", language=language, papers=[d, d.model_copy()],
                model="Test-Model", cover="2611.00001v2-fig-1.png", slug="diffusion-models")


def _split(text: str) -> tuple[dict, str]:
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    assert m, "post must start with YAML front matter"
    return yaml.safe_load(m.group(1)), m.group(2)


def test_front_matter_is_valid_yaml_with_the_seed_keys():
    fm, _ = _split(render_post(_post()))
    assert fm["title"] == 'Diffusion: "Models"'
    assert fm["categories"] == "Paper" and fm["tags"] == ['Diffusion: "Models"']
    assert fm["mathjax"] is True and fm["cover"] == "2611.00001v2-fig-1.png"
    assert fm["description"].startswith('Diffusion: "Models" 方向最新论文已更新，请持续关注 Update in 2026-11-25  Evil')
    for key in ("author", "date", "keywords", "toc", "toc_number", "toc_style_simple", "copyright", "katex",
                "aplayer", "highlight_shrink", "aside"):
        assert key in fm
    assert fm["disableNunjucks"] is True


def test_each_paper_has_eight_items_in_order_and_fixed_headings():
    _, body = _split(render_post(_post()))
    assert body.count("## ") == 2 and "# 2026-11-25 更新\n" in body
    assert "Test-Model" in body.split("# 2026-11-25 更新")[0]  # banner names the model
    for block in body.split("\n## ")[1:]:
        order = ["**Authors:", "[PDF](http://arxiv.org/abs/2611.00001v2)", "**摘要**", "**要点**", "<ol>",
                 "<details>"]
        positions = [block.index(x) for x in order]
        assert positions == sorted(positions)
        items = re.findall(r"<li>\s*(?:<p>)?([^：<]+)：", block)
        assert items == ["标题", "作者", "第一作者单位", "关键词", "论文链接", "摘要", "方法", "结论"]
        assert block.count("<li>") == 8
        assert "Github 代码链接：<a href=\"https://github.com/a/b\">" in block
        assert "Authors:Ada Lovelace, Alan Turing" in block


def test_english_headings():
    _, body = _split(render_post(_post(language="en")))
    for h in ("**Summary**", "**Key Takeaways**", "Title: ", "Authors: ", "Affiliation: ", "Keywords: ",
              "Links: ", "Abstract: ", "Methods: ", "Conclusion: "):
        assert h in body


def test_hostile_text_is_escaped_everywhere():
    fm, body = _split(render_post(_post()))
    assert "<script>" not in body and "<b>X</b>" not in body and "<i>1</i>" not in body
    assert "{{ site }}" not in body and "{%" not in body
    assert "[x](http://evil)" not in body and "\\[x\\](http://evil)" in body
    assert not set("<>{}") & set(fm["description"])


def test_unavailable_parts_say_why():
    from paperbrief.records import FieldFailure

    post = _post()
    post.papers[0].outcome.analysis.unavailable = {
        "results": FieldFailure(checks=["grounding", "language"],
                                detail="grounding: 12.7 is not in the paper | language: English words: is, a"),
        "workload": FieldFailure(detail="the LLM call failed")}
    text = render_post(post)
    assert "（本部分未通过自动检查，已略去：grounding, language；详见运行报告）" in text
    assert "（本部分未通过自动检查，已略去：the LLM call failed；详见运行报告）" in text
    # records saved before the reasons were typed still load, with their check names
    legacy = Analysis.model_validate({"unavailable": {"method": "grounding: 91.7 is not in the paper | language: x"}})
    assert legacy.unavailable["method"].checks == ["grounding", "language"]


def test_a_results_field_left_out_shows_the_papers_quote_escaped():
    """The paper's own result sentence stands in for the results the checks left out, marked as the paper's
    words with its page and why the model's were left out; the PDF's text is hostile input and is escaped."""
    from paperbrief.records import Evidence, FieldFailure

    post = _post()
    a = post.papers[0].outcome.analysis
    a.results = ""
    a.unavailable = {"results": FieldFailure(checks=["evidence"], detail="evidence: 30.2 is a difference")}
    a.results_quote = Evidence(number="92.7", quote="accuracy of 92.7% " + HOSTILE, page=2, field="results")
    body = render_post(post)
    assert "论文原文（第 2 页）：“accuracy of 92.7% Evil: &quot;quoted&quot; &lt;script&gt;" in body
    assert "”（模型所写的结果未通过自动检查：evidence）" in body
    assert "<script>" not in body and "本部分未通过自动检查" not in body.split("## ")[1]
    a.results_quote.page = None
    assert "论文原文：“accuracy of 92.7%" in render_post(post)
    en = _post(language="en")
    ea = en.papers[0].outcome.analysis
    ea.results, ea.unavailable = "", {"results": FieldFailure(checks=["evidence"])}
    ea.results_quote = Evidence(number="92.7", quote="accuracy of 92.7%", page=2, field="results")
    assert ("In the paper's words (p. 2): \u201caccuracy of 92.7%\u201d (the model's results failed the automatic "
            "checks: evidence)") in render_post(en)
    # published results win over a stale quote
    a.results, a.unavailable = "结果提升 12.5。", {}
    body = render_post(post)
    assert "结果提升 12.5。" in body and "论文原文" not in body.split("## ")[1]


def test_missing_affiliation_and_code_links_say_so():
    post = _post()
    post.papers[0].first_author_affiliation = None
    post.papers[0].code_urls = []
    text = render_post(post)
    assert "第一作者单位：未能从论文中可靠提取" in text
    assert "Github 代码链接：无" in text


def test_update_is_marked():
    text = render_post(_post(is_update=True, previous_version=1))
    assert "版本更新：v2（此前发布过 v1）" in text


def test_escape_helpers():
    assert html_escape('<a href="x">{{y}}</a>') == "&lt;a href=&quot;x&quot;&gt;&#123;&#123;y&#125;&#125;&lt;/a&gt;"
    assert md_escape("1. item *x*") == "1\\. item \\*x\\*"
    assert md_escape("# not a heading") == "\\# not a heading"


def test_every_format_comes_from_the_same_data(tmp_path):
    from lxml import etree

    from paperbrief.records import Post as PostRecord
    from paperbrief.render.outputs import OutputTargets, write_outputs

    post = _post()
    write_outputs(post, OutputTargets(posts_dir=tmp_path / "posts", out_dir=tmp_path, author="a",
                                      formats=("hexo", "markdown", "hugo", "jekyll", "json", "feed")))
    name = "2026-11-25-diffusion-models"
    hexo_body = _split((tmp_path / "posts" / f"{name}.md").read_text())[1]
    for flavour, key in (("hugo", "draft"), ("jekyll", "layout"), ("markdown", "title")):
        fm, body = _split((tmp_path / flavour / f"{name}.md").read_text())
        assert key in fm and body == hexo_body
    back = PostRecord.model_validate_json((tmp_path / "json" / f"{name}.json").read_text())
    assert back.papers[0].entry == post.papers[0].entry and back.papers[0].code_urls == ["https://github.com/a/b"]
    assert not (tmp_path / "feeds").exists()  # feeds accumulate across posts: the run writes them from the store
    from paperbrief.render.feeds import FeedTopic, write_feeds

    write_feeds(tmp_path / "feeds", [("diffusion-models", "2026-11-25", d) for d in post.all_papers],
                [FeedTopic("diffusion-models", "Diffusion Models")], author="a")
    feed = etree.parse(str(tmp_path / "feeds" / "diffusion-models.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.text for e in feed.findall("a:entry/a:title", ns)] == [HOSTILE]  # one paper, shown twice: one entry
    assert feed.find("a:entry/a:summary", ns).text == "一句话总结。"


def test_updated_and_also_new_sections_and_the_counts():
    from paperbrief.records import FieldChange, PaperStatus, WindowCounts

    old = make_entry("2611.00007", 1, title="Old title")
    new = make_entry("2611.00007", 2, title="New title", comment="code: https://github.com/a/new")
    updated = PaperDigest(entry=new, status=PaperStatus.UPDATED, is_update=True, previous_version=1,
                          changes=[FieldChange(field="version", before="v1", after="v2"),
                                   FieldChange(field="title", before=old.title, after=new.title)],
                          code_urls=["https://github.com/a/new"])
    listed = PaperDigest(entry=make_entry("2611.00008", title="A listed *paper*"), status=PaperStatus.LISTED)
    post = _post(language="en").model_copy(update={
        "updated": [updated], "listed": [listed],
        "counts": WindowCounts(returned=9, matched=5, shown=5, analysed=2, listed=1, updated=1, failed=1,
                               excluded=4, already_shown=3)})
    _, body = _split(render_post(post))
    assert "arXiv returned 9 papers (3 of them shown in earlier posts); 5 matched the topic: 2 analysed in full, " \
           "1 listed, 1 updated, 1 failed." in body
    main, rest = body.split("\n## Updated\n")
    updated_part, also = rest.split("\n## Also new\n")
    assert "### New title" in updated_part and "Changed: title\n\nPrevious title: Old title\n" in updated_part
    assert '<a href="https://github.com/a/new">' in updated_part
    assert "- **A listed \\*paper\\***<br>Ada Lovelace, Alan Turing<br>[http://arxiv.org/abs/2611.00008v1]" in also
    assert "2611.00007" not in main and "2611.00008" not in main



def test_a_repository_the_paper_only_cites_is_not_shown_as_its_code():
    """`make demo`'s restoration paper: "We compare with DiffBIR (https://github.com/XPixelGroup/DiffBIR)" was
    shown as the paper's "Github 代码链接". A link the PDF only cites is no longer; its own link is; the JSON export
    keeps both in code_urls."""
    import json

    from paperbrief.records import Extraction
    from paperbrief.render.outputs import post_json

    cited = "https://github.com/XPixelGroup/DiffBIR"
    post = _post(extraction=Extraction(code_urls=[cited]))
    for d in post.papers:
        d.code_urls, d.own_code_urls = [cited], []
    text = render_post(post)
    assert cited not in text and text.count("Github 代码链接：无") == 2
    for d in post.papers:
        d.code_urls, d.own_code_urls = ["https://github.com/acme/restore", cited], ["https://github.com/acme/restore"]
    text = render_post(post)
    assert '<a href="https://github.com/acme/restore">https://github.com/acme/restore</a>' in text
    assert cited not in text
    assert json.loads(post_json(post))["papers"][0]["code_urls"] == ["https://github.com/acme/restore", cited]
