"""What a run did, as typed records: per topic and window the counts and the lists behind them, per paper
its status and reasons, per run the LLM use, the seconds per stage and the exit code. ``report.json`` is
``RunReport.model_dump_json()``; the terminal summary and the exit code are read from the same records."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

from paperbrief.errors import ExitCode
from paperbrief.records import PaperStatus, ScorePart, WindowCounts

__all__ = ["WindowStatus", "PaperLine", "Exclusion", "CheckRecord", "CheckFailure", "StageReport", "LLMUsage",
           "WindowReport", "DeliveryReport", "RunReport"]


class WindowStatus(str, Enum):
    PUBLISHED = "published"  # its post is written
    EMPTY = "empty"  # a normal empty window: nothing matched (no post)
    STALE = "stale"  # empty on an announcement day for a topic that usually has papers, older than the window,
    #                  or an incomplete answer: a warning, retried by the next run
    UNREACHABLE = "unreachable"  # arXiv could not be reached: retried by the next run
    NOT_FETCHED = "not-fetched"  # left for the next run after arXiv became unreachable in this one
    DRY_RUN = "dry-run"  # fetched and selected only; nothing written


class PaperLine(BaseModel):
    id: str  # versioned
    title: str
    status: PaperStatus
    reasons: list[str] = Field(default_factory=list)  # why it failed; notes (late announcement, …)
    score: float | None = None  # relevance to the topic (paperbrief.rank), the sum of its parts
    score_parts: list[ScorePart] = Field(default_factory=list)


class Exclusion(BaseModel):
    id: str
    title: str
    # "query", "negative-keyword", "category", "min-score", "outside-window", "already-shown", "before-start"
    rule: str
    reason: str
    score: float | None = None
    score_parts: list[ScorePart] = Field(default_factory=list)


class CheckRecord(BaseModel):
    id: str
    passed: list[str] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)
    first_try_failing: dict[str, str] = Field(default_factory=dict)


class CheckFailure(BaseModel):
    id: str
    check: str
    detail: str


class StageReport(BaseModel):
    seconds: float = 0.0
    count: int = 0


class LLMUsage(BaseModel):
    calls: int = 0
    cached: int = 0
    retries: int = 0
    tokens_in: int = 0
    tokens_out: int = 0


class WindowReport(WindowCounts):
    topic: str
    topic_slug: str
    announced: str  # Eastern date
    start: str  # UTC, inclusive
    end: str  # UTC, exclusive
    query: str = ""  # what was sent to arXiv
    status: WindowStatus = WindowStatus.EMPTY
    matched_ids: list[str] = Field(default_factory=list)
    shown_ids: list[str] = Field(default_factory=list)
    papers: list[PaperLine] = Field(default_factory=list)  # every shown paper with its status
    excluded_papers: list[Exclusion] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    post: str | None = None

    def counts(self) -> WindowCounts:
        return WindowCounts(**{k: getattr(self, k) for k in WindowCounts.model_fields})

    def settle(self) -> None:
        """Counts from the lists, so the integers can never disagree with them."""
        self.matched = len(self.matched_ids)
        self.shown = len(self.shown_ids)
        self.excluded = len(self.excluded_papers)
        self.already_shown = sum(x.rule == "already-shown" for x in self.excluded_papers)
        for status in PaperStatus:
            setattr(self, status.value, sum(p.status is status for p in self.papers))


class DeliveryReport(BaseModel):
    """One message set sent (or not) to one [[notify]] target: the posts it announced and how it ended."""

    notify: str  # the target's name (``NotifyConfig.key``)
    kind: str  # "email", "slack", "discord", "feishu", "webhook"
    posts: list[str] = Field(default_factory=list)  # "<topic slug> <date>" of each post it carries
    papers: list[str] = Field(default_factory=list)  # versioned ids, every paper of those posts
    messages: int = 0  # e-mails or chat messages (a long digest is split)
    status: str = "sent"  # "sent", "failed" (the next run retries it once), "given-up"
    attempt: int = 1  # 1: first try; 2: the retry
    error: str | None = None


class RunReport(BaseModel):
    run_id: int | None = None
    started: str
    finished: str | None = None
    now: str | None = None  # the clock the windows were computed from
    dry_run: bool = False
    exit_code: int = ExitCode.DONE
    topics: list[str] = Field(default_factory=list)
    windows: list[WindowReport] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # weekends, holidays, nothing new since …
    warnings: list[str] = Field(default_factory=list)
    posts: list[str] = Field(default_factory=list)
    model: str | None = None
    llm: LLMUsage = Field(default_factory=LLMUsage)
    checks: list[CheckRecord] = Field(default_factory=list)
    checks_failed: list[CheckFailure] = Field(default_factory=list)
    stages: dict[str, StageReport] = Field(default_factory=dict)
    deliveries: list[DeliveryReport] = Field(default_factory=list)

    def stage(self, name: str, seconds: float, count: int = 1) -> None:
        st = self.stages.setdefault(name, StageReport())
        st.seconds = round(st.seconds + seconds, 3)
        st.count += count

    def total(self, key: str) -> int:
        return sum(getattr(w, key) for w in self.windows)

    def failed_papers(self) -> list[tuple[WindowReport, PaperLine]]:
        return [(w, p) for w in self.windows for p in w.papers if p.status is PaperStatus.FAILED]

    def failed_deliveries(self) -> list[DeliveryReport]:
        return [d for d in self.deliveries if d.status != "sent"]

    def settle_exit_code(self) -> int:
        bad_source = {WindowStatus.STALE, WindowStatus.UNREACHABLE, WindowStatus.NOT_FETCHED}
        if any(w.status in bad_source for w in self.windows):
            self.exit_code = ExitCode.SOURCE
        elif self.failed_papers() or self.failed_deliveries():
            self.exit_code = ExitCode.FAILED_PAPERS
        else:
            self.exit_code = ExitCode.DONE
        return self.exit_code
