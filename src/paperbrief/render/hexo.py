"""The Hexo post (SPEC section 6): front matter like the seed's (written with PyYAML), a banner naming the
model that wrote the prose, then every paper with the same headings in the same order."""

from __future__ import annotations

import re
from datetime import datetime

import jinja2
import yaml

from paperbrief.records import Analysis, Evidence, PaperDigest, Post
from paperbrief.fsutil import safe_name
from paperbrief.render.escape import clean_model, html_escape, md_escape, one_line, safe_url

__all__ = ["render_post", "post_filename", "front_matter", "LABELS", "paper_context", "counts_line", "score_line"]

LABELS = {
    "zh": dict(update_heading="更新", summary="摘要", takeaways="要点", title="标题", authors="作者",
               affiliation="第一作者单位", keywords="关键词", paper_link="论文链接", code_link="Github 代码链接",
               abstract="摘要", methods="方法", conclusion="结论", innovation="创新点", performance="性能",
               workload="工作量", figures="点此查看论文截图", no_figures="未能从 PDF 中提取到带图注的图。",
               none="无", colon="：", unavailable="（本部分未通过自动检查，已略去：{reason}；详见运行报告）",
               no_affiliation="未能从论文中可靠提取", anonymous="匿名投稿，论文未署名",
               update_note="🔄 版本更新：v{version}（此前发布过 v{previous}）",
               updated_heading="版本更新", also_new_heading="其他新论文",
               also_new_intro="以下论文同样符合本主题，但超出了本期完整分析的篇数上限（max_papers），仅列出 arXiv 信息：",
               changed="本次更新了：{fields}", field_names=dict(title="标题", abstract="摘要", comment="备注",
                                                         authors="作者", version="版本"),
               previous_title="原标题", code_short="代码", evidence="数字出处",
               evidence_item="{number}：“{quote}”（第 {page} 页）", evidence_item_nopage="{number}：“{quote}”",
               results_quote="论文原文（第 {page} 页）：“{quote}”（模型所写的结果未通过自动检查：{reason}）",
               results_quote_nopage="论文原文：“{quote}”（模型所写的结果未通过自动检查：{reason}）",
               seen="（其中 {n} 篇已在此前的文章中出现）",
               counts=("> 📊 本期统计：arXiv 返回 {returned} 篇{seen}，符合主题 {matched} 篇，其中完整分析 {analysed} 篇、"
                       "仅列出 {listed} 篇、版本更新 {updated} 篇、处理失败 {failed} 篇。"),
               window="> 🗓️ arXiv 于 {date}（美东时间）20:00 公告，收录 {start} 至 {end}（美东时间）提交的论文。",
               weekdays="一二三四五六日",
               failed_note="⚠️ 本文处理未完成（{reason}），以下仍列出 arXiv 提供的信息。",
               score="相关度", parts=dict(title="标题", abstract="摘要", phrase="短语", authors="作者", affiliations="单位",
                                        description="主题描述", library="文库", penalty="降权"),
               late_note="ℹ️ {note}", description="{topic} 方向最新论文已更新，请持续关注 Update in {date}  {first}",
               banner=(">⚠️ 以下所有总结内容均由大语言模型 {model} 生成，可能有误，仅供参考，谨慎使用。\n"
                       ">📌 标题、作者、单位、链接与图片取自 arXiv 与论文 PDF，不经过大语言模型。\n"
                       ">🔴 请注意：千万不要用于严肃的学术场景，只能用于论文阅读前的初筛！")),
    "en": dict(update_heading="Update", summary="Summary", takeaways="Key Takeaways", title="Title", authors="Authors",
               affiliation="Affiliation", keywords="Keywords", paper_link="Links", code_link="Code",
               abstract="Abstract", methods="Methods", conclusion="Conclusion", innovation="Innovation",
               performance="Performance", workload="Workload", figures="Figures from the paper",
               no_figures="No captioned figure could be extracted from the PDF.", none="None", colon=": ",
               unavailable="(left out: failed the automatic checks: {reason}; see the run report)", no_affiliation="not reliably extracted",
               anonymous="anonymous submission, no authors printed",
               update_note="🔄 New version: v{version} (v{previous} was published earlier)",
               updated_heading="Updated", also_new_heading="Also new",
               also_new_intro=("These papers match the topic too but are over this post's limit for full analysis "
                               "(max_papers); listed with their arXiv facts:"),
               changed="Changed: {fields}", field_names=dict(title="title", abstract="abstract", comment="comment",
                                                          authors="authors", version="version"),
               previous_title="Previous title", code_short="Code", evidence="Where the numbers come from",
               evidence_item="{number}: \u201c{quote}\u201d (p. {page})", evidence_item_nopage="{number}: \u201c{quote}\u201d",
               results_quote=("In the paper's words (p. {page}): \u201c{quote}\u201d (the model's results failed the "
                              "automatic checks: {reason})"),
               results_quote_nopage=("In the paper's words: \u201c{quote}\u201d (the model's results failed the "
                                     "automatic checks: {reason})"),
               seen=" ({n} of them shown in earlier posts)",
               counts=("> 📊 This post: arXiv returned {returned} papers{seen}; {matched} matched the topic: {analysed} "
                       "analysed in full, {listed} listed, {updated} updated, {failed} failed."),
               window="> 🗓️ Announced by arXiv on {date} at 20:00 US Eastern: the papers submitted from {start} to {end} "
                      "(US Eastern).",
               failed_note="⚠️ Processing did not finish ({reason}); the paper is listed with its arXiv facts.",
               score="Relevance", parts={},
               late_note="ℹ️ {note}",
               description="{topic}: new papers. Update in {date}  {first}",
               banner=(">⚠️ Every summary below was written by the language model {model}; it may be wrong. "
                       "Use it for triage only.\n"
                       ">📌 Titles, authors, affiliations, links and figures come from arXiv and the PDFs, not from "
                       "the language model.\n"
                       ">🔴 Do not rely on it for serious academic work; read the paper.")),
}

_env = jinja2.Environment(loader=jinja2.PackageLoader("paperbrief.render", "templates"), autoescape=False,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                          undefined=jinja2.StrictUndefined)


def post_filename(post: Post) -> str:
    """The post's file name without extension; a date or slug that could leave the output folder is refused."""
    return safe_name(f"{post.date}-{post.slug}")


def front_matter(post: Post, *, author: str, when: datetime | None = None) -> dict:
    L = LABELS[post.language]
    first = post.all_papers[0].entry.title if post.all_papers else ""
    if when is None and post.announced_at is not None:
        from paperbrief.calendar import ET

        when = post.announced_at.astimezone(ET)
    when = when or datetime.now()
    topic = one_line(post.topic)  # the topic is a paper's title for `paperbrief paper`: cleaned, one line
    return {
        "title": topic,
        "date": f"{post.date} {when.strftime('%H:%M:%S')}",
        "author": author,
        "cover": one_line(post.cover),
        "categories": "Paper",
        "tags": [topic],
        # themes put this into <meta> tags: no markup from paper text survives in it
        "description": L["description"].format(topic=re.sub(r"[<>{}%]", "", topic), date=post.date,
                                                first=re.sub(r"[<>{}%]", "", one_line(first))),
        "keywords": topic,
        "toc": None,
        "toc_number": False,
        "toc_style_simple": True,
        "copyright": None,
        "copyright_author": None,
        "copyright_author_href": None,
        "copyright_url": None,
        "copyright_info": None,
        "mathjax": True,
        "katex": None,
        "aplayer": None,
        "highlight_shrink": None,
        "aside": None,
        # paper text is data, not template: no {{ }} / {% %} processing by Hexo
        "disableNunjucks": True,
    }


def _short_reason(failure) -> str:
    """The reader sees which checks failed; the run report keeps the full detail."""
    if isinstance(failure, str):
        return failure
    if failure.checks:
        return ", ".join(failure.checks)
    return failure.detail if len(failure.detail) <= 80 else failure.detail[:77] + "…"


def _field(analysis: Analysis | None, name: str, L: dict, *, escape=html_escape) -> str:
    if analysis is None:
        return L["unavailable"].format(reason="no analysis")
    if name in analysis.unavailable:
        return escape(L["unavailable"].format(reason=_short_reason(analysis.unavailable[name])))
    value = getattr(analysis, name)
    if isinstance(value, list):
        value = ("、" if L is LABELS["zh"] else ", ").join(one_line(v) for v in value)
    if not value:
        return escape(L["unavailable"].format(reason="empty"))
    return escape(value)


def _results(analysis: Analysis | None, L: dict, *, escape=html_escape) -> str:
    """The results field; when the checks left it out, the paper's own result sentence (``results_quote``),
    quoted and marked as the paper's words, with why the model's was left out."""
    q = analysis.results_quote if analysis is not None and not analysis.results else None
    if q is None:
        return _field(analysis, "results", L, escape=escape)
    failure = analysis.unavailable.get("results")
    reason = _short_reason(failure) if failure is not None else "empty"
    key = "results_quote" if q.page else "results_quote_nopage"
    # the label is ours; the quote (the PDF's text) and the reason are escaped
    return L[key].format(quote=escape(one_line(q.quote)), page=q.page, reason=escape(reason))


def _list(analysis: Analysis | None, name: str, L: dict, *, escape=html_escape) -> list[str]:
    if analysis is None or name in analysis.unavailable or not getattr(analysis, name):
        reason = "no analysis" if analysis is None else analysis.unavailable.get(name, "empty")
        return [escape(L["unavailable"].format(reason=_short_reason(reason)))]
    return [escape(v) for v in getattr(analysis, name)]


def shown_code_urls(d: PaperDigest) -> list[str]:
    """The code links a post shows as the paper's: its own (from arXiv's abstract or comment, or what the PDF calls
    its code). A repository the PDF only cites ("We compare with DiffBIR (https://github.com/XPixelGroup/DiffBIR)")
    is not the paper's code and is not shown as such; the JSON export keeps it in ``code_urls``. A digest with no
    extraction knows no such difference and shows its links as they are."""
    urls = d.own_code_urls if (d.own_code_urls or d.extraction is not None) else d.code_urls
    return [u for u in (safe_url(u) for u in urls) if u.lower().startswith(("http://", "https://"))]


def paper_context(d: PaperDigest, L: dict, language: str, *, md=md_escape, h=html_escape) -> dict:
    """The paper's fields as the templates show them. ``md`` / ``h`` escape text for Markdown / HTML; a
    template with autoescaping passes ``str`` for both."""
    e = d.entry
    a = d.outcome.analysis if d.outcome else None
    translated = ""
    if language == "zh" and a is not None and a.title_translated and "title_translated" not in a.unavailable:
        translated = a.title_translated
    title_line = f"{h(translated)}（{h(e.title)}）" if translated else h(e.title)
    if e.authors:
        affiliation = h(d.first_author_affiliation) if d.first_author_affiliation else L["no_affiliation"]
    else:
        affiliation = L["anonymous"]
    update_note = ""
    if d.is_update:
        update_note = L["update_note"].format(version=e.version, previous=d.previous_version or e.version - 1)
    changed = [c for c in d.changes if c.field != "version"]
    code_urls = shown_code_urls(d)
    return dict(
        score_line=md(score_line(d, L)),
        failed_note=md(L["failed_note"].format(reason="; ".join(d.errors))) if d.errors else "",
        notes=[md(L["late_note"].format(note=n)) for n in d.notes],
        changed=md(L["changed"].format(fields=("、" if language == "zh" else ", ").join(
            L["field_names"][c.field] for c in changed))) if changed else "",
        previous_title=next((md(c.before or "") for c in changed if c.field == "title"), ""),
        abstract_changed=any(c.field == "abstract" for c in changed),
        title=md(e.title),
        title_translated=h(translated),
        update_note=update_note,
        is_update=d.is_update,
        version=e.version,
        authors=md(", ".join(e.author_names)),
        authors_html=h(", ".join(e.author_names)),
        abstract=md(e.abstract),
        abs_url=safe_url(e.abs_url),
        comment=md(e.comment or ""),
        summary=_field(a, "summary", L, escape=md),
        takeaways=_list(a, "takeaways", L, escape=md),
        title_line=title_line,
        affiliation=affiliation,
        keywords=_field(a, "keywords", L, escape=h),
        code_urls=code_urls,
        code_links=", ".join(f'<a href="{h(u)}">{h(u)}</a>' for u in code_urls) or L["none"],
        abstract_parts=[_field(a, n, L, escape=h) for n in ("background", "past_methods", "method")] +
                       [_results(a, L, escape=h)],
        method_steps=_list(a, "method_steps", L, escape=h),
        conclusion=_field(a, "conclusion", L, escape=h),
        innovation=_field(a, "innovation", L, escape=h),
        performance=_field(a, "performance", L, escape=h),
        workload=_field(a, "workload", L, escape=h),
        evidence=[md(evidence_line(ev, L)) for ev in (a.evidence if a is not None else [])],
        figures=[dict(src=h(f.image), label=h(f.label),
                      caption=h(f.caption if f.label == "Teaser" else f"{f.label}: {f.caption}"))
                 for f in d.figures if f.image],
    )


def evidence_line(ev: Evidence, L: dict) -> str:
    """One number with the paper's sentence that states it (and its page), as one line."""
    key = "evidence_item" if ev.page else "evidence_item_nopage"
    return L[key].format(number=one_line(ev.number), quote=one_line(ev.quote), page=ev.page)


def _eastern(when: datetime, L: dict) -> str:
    from paperbrief.calendar import ET

    t = when.astimezone(ET)
    if "weekdays" in L:
        return f"{t:%Y-%m-%d}（周{L['weekdays'][t.weekday()]}）{t:%H:%M}"
    return f"{t:%a %Y-%m-%d %H:%M}"


def score_line(d: PaperDigest, L: dict) -> str:
    """The paper's relevance score and its named parts, as one line."""
    if d.score is None:
        return ""
    parts = [f"{L['parts'].get(p.name, p.name)} {p.value:.2f}" + (f" ({p.reason})" if p.reason else "")
             for p in d.score.parts]
    return f"{L['score']}{L['colon']}{d.score.total:.2f}" + (" = " + " + ".join(parts) if parts else "")


def counts_line(post: Post, L: dict) -> str:
    """The post's accounting: what arXiv returned and where every paper went, and the window it covers."""
    if post.counts is None:
        return ""
    c = post.counts
    seen = L["seen"].format(n=c.already_shown) if c.already_shown else ""
    line = L["counts"].format(seen=seen, **c.model_dump())
    if post.window_start and post.window_end:
        line += "\n" + L["window"].format(date=post.date, start=_eastern(post.window_start, L),
                                          end=_eastern(post.window_end, L))
    return line


def render_post(post: Post, *, author: str = "paperbrief", when: datetime | None = None) -> str:
    post = clean_model(post)
    author = one_line(author)
    L = LABELS[post.language]
    fm = yaml.safe_dump(front_matter(post, author=author, when=when), sort_keys=False, allow_unicode=True,
                        default_flow_style=False, width=10_000)
    return _env.get_template("post.md.j2").render(
        front_matter=fm,
        banner=L["banner"].format(model=md_escape(post.model)),
        date=post.date,
        L=L,
        counts=counts_line(post, L),
        papers=[paper_context(p, L, post.language) for p in post.papers],
        updated=[paper_context(p, L, post.language) for p in post.updated],
        listed=[paper_context(p, L, post.language) for p in post.listed],
        show_evidence=post.evidence == "footnote",
    )
