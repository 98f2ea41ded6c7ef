"""Typed records that flow through the pipeline. Each round-trips to JSON (``model_dump_json`` /
``model_validate_json``); the store keeps them as JSON blobs."""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import Literal

from pydantic import BaseModel, Field, field_validator

__all__ = [
    "Author",
    "ArxivEntry",
    "Figure",
    "Extraction",
    "Analysis",
    "FieldFailure",
    "ANALYSIS_TEXT_FIELDS",
    "CheckResult",
    "LLMOutcome",
    "PaperStatus",
    "ScorePart",
    "Score",
    "FieldChange",
    "WindowCounts",
    "PaperDigest",
    "Post",
]


_NAME = re.compile(r"[\w.\-]+")  # an id segment: word characters (any script), dot, hyphen
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\:]")  # never in a path segment: controls, NUL, backslash, colon


def _path_safe(value: str | None, what: str, max_parts: int, *, strict: bool = True) -> str | None:
    """``value`` when it is 1..max_parts ``/``-separated segments, none empty, "." or "..", each of word
    characters, dots and hyphens (``strict``) or at least without a control character, backslash or colon:
    usable in a file name or path without leaving its folder. Else ValueError."""
    if value is None:
        return value
    parts = value.split("/")
    if len(parts) > max_parts or any(p in ("", ".", "..") or (not _NAME.fullmatch(p) if strict else
                                                               bool(_UNSAFE.search(p))) for p in parts):
        raise ValueError(f"{what} {value!r} is not a safe identifier (it could name a path outside its folder)")
    return value


class Author(BaseModel):
    name: str
    affiliations: list[str] = Field(default_factory=list)  # arXiv's arxiv:affiliation, when present


class ArxivEntry(BaseModel):
    """One arXiv record as the Atom API gives it. Facts only."""

    arxiv_id: str  # without version, e.g. "2403.17924" or "hep-th/9901001"
    version: int = 1
    title: str
    authors: list[Author]
    abstract: str
    comment: str | None = None
    categories: list[str] = Field(default_factory=list)
    primary_category: str | None = None
    published: datetime
    updated: datetime
    doi: str | None = None
    journal_ref: str | None = None
    pdf_url: str | None = None  # as the feed gives it; the client derives one when absent
    local_path: str | None = None  # a local PDF (``paperbrief paper file.pdf``): not an arXiv record

    @field_validator("arxiv_id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        """Ids name files and folders (figures, PDFs, posts): "2403.17924", "hep-th/9901001", a local file's
        stem; never "../x", "/abs", a backslash or a NUL."""
        return _path_safe(value, "arXiv id", 2)

    @property
    def versioned_id(self) -> str:
        return f"{self.arxiv_id}v{self.version}"

    @property
    def abs_url(self) -> str:
        if self.local_path:
            return f"file://{self.local_path}"
        return f"http://arxiv.org/abs/{self.versioned_id}"

    @property
    def author_names(self) -> list[str]:
        return [a.name for a in self.authors]


class Figure(BaseModel):
    label: str  # as printed: "Figure 3", "Fig. 3"; "Teaser" for an uncaptioned page-1 teaser
    page: int  # 1-based page holding the caption
    caption: str
    bbox: list[float]  # [x0, y0, x1, y1] in PDF points, top-left origin (PyMuPDF)
    image: str | None = None  # path of the cropped image, relative to the figures folder's parent
    teaser: bool = False

    @field_validator("image")
    @classmethod
    def _safe_image(cls, value: str | None) -> str | None:
        return _path_safe(value, "figure image", 2, strict=False)


class Extraction(BaseModel):
    """What the PDF says (SPEC section 4). ``paperbrief extract --json`` prints this."""

    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    # "pdf"; "pdf+arxiv" (checked against arXiv's list, matching names in its spelling); "arxiv" (the PDF has none)
    authors_source: str | None = None
    authors_mismatch: list[str] = Field(default_factory=list)  # each disagreement with arXiv's list, in words
    affiliations: list[str] = Field(default_factory=list)
    first_author_affiliation: str | None = None
    affiliation_source: str | None = None  # "pdf-header", "pdf-footnote", "email-domain", "arxiv", None
    code_urls: list[str] = Field(default_factory=list)
    own_code_urls: list[str] = Field(default_factory=list)
    sections: list[str] = Field(default_factory=list)
    has_appendix: bool = False
    tables_count: int = 0
    figures: list[Figure] = Field(default_factory=list)
    pages: int = 0
    # Text for the LLM, by role: "abstract", "introduction", "method", "experiments", "conclusion", "related".
    text: dict[str, str] = Field(default_factory=dict)
    # role -> [(offset in that role's text, 1-based page)] where each page's part of the text begins
    text_pages: dict[str, list[tuple[int, int]]] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)  # partial results: why


class FieldFailure(BaseModel):
    """Why a part of the analysis is not published: the checks it failed after the retry, or the failed call."""

    checks: list[str] = Field(default_factory=list)  # "duplicates", "grounding", … ; "llm-call" when no answer
    detail: str = ""


class Evidence(BaseModel):
    """Where a number of the prose comes from: the paper's sentence that states it, found by the checks (never
    by the model), copied from the PDF's text, with its 1-based page when known."""

    number: str
    quote: str
    page: int | None = None
    field: str = ""  # the prose field whose sentence states the number


class Analysis(BaseModel):
    """The prose the LLM writes for one paper. Facts are never here."""

    summary: str = ""
    takeaways: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    title_translated: str = ""
    background: str = ""
    past_methods: str = ""
    method: str = ""
    results: str = ""
    method_steps: list[str] = Field(default_factory=list)
    conclusion: str = ""
    innovation: str = ""
    performance: str = ""
    workload: str = ""
    # every number of the published prose with the paper's sentence that states it (``llm.evidence``)
    evidence: list[Evidence] = Field(default_factory=list)
    # when the results field is left out (or the call failed): the paper's own headline result sentence with its
    # page, found by the checks (``llm.results.result_quote``), shown marked as the paper's words; else None
    results_quote: Evidence | None = None
    # field name -> why it is unavailable (failed checks after the retry, or the call failed)
    unavailable: dict[str, FieldFailure] = Field(default_factory=dict)

    @field_validator("unavailable", mode="before")
    @classmethod
    def _legacy_reasons(cls, value):
        """Records saved before the reasons were typed held one string "check: detail | check: detail"."""
        if not isinstance(value, dict):
            return value
        return {k: FieldFailure(checks=list(dict.fromkeys(re.findall(r"(?:^|\| )([a-z][a-z-]*): ", v))), detail=v)
                if isinstance(v, str) else v for k, v in value.items()}


ANALYSIS_TEXT_FIELDS = (
    "summary",
    "takeaways",
    "keywords",
    "title_translated",
    "background",
    "past_methods",
    "method",
    "results",
    "method_steps",
    "conclusion",
    "innovation",
    "performance",
    "workload",
)


class CheckResult(BaseModel):
    name: str  # "schema", "language", "placeholder", "grounding", "no-facts", "duplicates", "echo", ...
    passed: bool
    detail: str = ""
    fields: list[str] = Field(default_factory=list)  # fields the failure concerns


class LLMOutcome(BaseModel):
    analysis: Analysis
    model: str
    checks: list[CheckResult] = Field(default_factory=list)
    calls: int = 0
    cached: bool = False
    retries: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0
    error: str | None = None
    #: field -> why the first answer failed it, where a retry was asked for (the checks above are the published
    #: answer's)
    first_try_failing: dict[str, str] = Field(default_factory=dict)


class PaperStatus(str, Enum):
    """How a matched paper is shown in its window's post. Every matched paper has exactly one."""

    ANALYSED = "analysed"  # facts from arXiv and the PDF, prose from the LLM
    FAILED = "failed"  # its PDF or its LLM call failed outright: shown with arXiv's facts and a note
    LISTED = "listed"  # over the topic's max_papers: listed under "also new" (title, authors, links)
    UPDATED = "updated"  # a new version of a paper shown earlier in this topic: the "Updated" section


class ScorePart(BaseModel):
    """One named part of a paper's relevance score (``paperbrief.rank``)."""

    name: str  # "title", "abstract", "phrase", "authors", "affiliations", "description", "library", "penalty"
    value: float  # its contribution to the total
    reason: str = ""  # what earned it: the words hit, the boosted author, "like: <title>; …"


class Score(BaseModel):
    total: float = 0.0
    parts: list[ScorePart] = Field(default_factory=list)

    def describe(self) -> str:
        return f"{self.total:.2f} = " + " + ".join(f"{p.name} {p.value:.2f}" for p in self.parts) if self.parts \
            else f"{self.total:.2f}"


class FieldChange(BaseModel):
    """What a new version changed, against the version shown earlier."""

    field: Literal["title", "abstract", "comment", "authors", "version"]
    before: str | None = None
    after: str | None = None


class WindowCounts(BaseModel):
    """Per topic and announcement window: what arXiv returned and where each paper went.
    ``returned == matched + excluded`` and ``matched == shown`` once the post is written."""

    returned: int = 0
    in_window: int = 0  # returned papers submitted or updated inside the window itself
    matched: int = 0
    shown: int = 0
    analysed: int = 0
    listed: int = 0
    updated: int = 0
    failed: int = 0
    excluded: int = 0
    already_shown: int = 0  # of the excluded: shown in an earlier post (the late_days overlap, a re-run)


class PaperDigest(BaseModel):
    """Everything the renderer needs for one paper."""

    entry: ArxivEntry
    extraction: Extraction | None = None
    outcome: LLMOutcome | None = None
    first_author_affiliation: str | None = None
    affiliation_source: str | None = None
    code_urls: list[str] = Field(default_factory=list)  # own first
    own_code_urls: list[str] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)  # image paths relative to the post's asset folder
    is_update: bool = False
    previous_version: int | None = None
    errors: list[str] = Field(default_factory=list)
    status: PaperStatus = PaperStatus.ANALYSED
    changes: list[FieldChange] = Field(default_factory=list)  # a new version: what changed
    notes: list[str] = Field(default_factory=list)  # shown with the paper (a late announcement, …)
    score: Score | None = None  # relevance to the post's topic, with its parts


class Post(BaseModel):
    """One post: a topic's papers of one announcement window, in sections."""

    topic: str
    date: str  # YYYY-MM-DD: the Eastern date arXiv announced the window
    language: Literal["zh", "en"] = "zh"
    evidence: Literal["footnote", "off"] = "off"  # show each number's sentence in the paper under the paper
    papers: list[PaperDigest]  # analysed in full (and failed ones, with their note)
    model: str
    cover: str | None = None
    slug: str
    updated: list[PaperDigest] = Field(default_factory=list)  # new versions of papers shown earlier
    listed: list[PaperDigest] = Field(default_factory=list)  # "also new": over max_papers
    counts: WindowCounts | None = None
    window_start: datetime | None = None  # the announcement's submission window, UTC
    window_end: datetime | None = None
    # when arXiv announced the window: the post's date and time, so that a post written again (after a crash,
    # by a backfill) is the same file
    announced_at: datetime | None = None

    @field_validator("slug")
    @classmethod
    def _safe_slug(cls, value: str) -> str:
        return _path_safe(value, "post slug", 1)

    @property
    def all_papers(self) -> list[PaperDigest]:
        return [*self.papers, *self.updated, *self.listed]
