"""Stages 3 and 4, extract and analyse: one paper at a time, isolated.

Extract downloads the PDF once (cached on disk) and extracts it once per version (cached in the store), so a
paper in several topics costs one download and one extraction; its facts are merged with arXiv's and its
figures copied next to the post. Analyse writes the checked prose with one LLM call (cached by model and
prompt, so a paper in several topics of one language costs one call). A failure is recorded on the paper and
never stops the others."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from paperbrief import faultpoints
from paperbrief.config import Config
from paperbrief.errors import LLMUnavailable, ModelMissing, PaperbriefError
from paperbrief.links import merge_code_urls
from paperbrief.names import same_person
from paperbrief.outcome import RunReport
from paperbrief.pdf.bounded import BoundedReader, PDFLimits
from paperbrief.records import ArxivEntry, Extraction, FieldChange, Figure, PaperDigest, PaperStatus
from paperbrief.store import Store

__all__ = ["PaperWork", "merge_facts", "choose_cover", "arxiv_only_digest", "version_changes"]


def choose_cover(figures: list[Figure]) -> Figure | None:
    """Deterministic: the page-1 teaser, else Figure 1, else the first figure."""
    if not figures:
        return None
    for f in figures:
        if f.teaser:
            return f
    for f in figures:
        if f.label.split()[-1].rstrip(".:") == "1":
            return f
    return figures[0]


def merge_facts(entry: ArxivEntry, extraction: Extraction | None) -> tuple[str | None, str | None, list[str], list[str]]:
    """First-author affiliation (+ source) and code links from arXiv and the PDF. arXiv's author list is the
    truth; the PDF only attaches affiliations to it when its first author is the same person."""
    affiliation, source = None, None
    if entry.authors and entry.authors[0].affiliations:
        affiliation, source = entry.authors[0].affiliations[0], "arxiv"
    elif entry.authors and extraction and extraction.first_author_affiliation:
        pdf_first = extraction.authors[0] if extraction.authors else None
        if pdf_first is None or same_person(pdf_first, entry.authors[0].name):
            affiliation, source = extraction.first_author_affiliation, extraction.affiliation_source
    code, own = merge_code_urls(abstract=entry.abstract, comment=entry.comment, extraction=extraction)
    return affiliation, source, code, own


def arxiv_only_digest(entry: ArxivEntry, status: PaperStatus, **kw) -> PaperDigest:
    """A paper shown with arXiv's facts only (listed, or a new version): links from its abstract and comment."""
    affiliation, source, code, own = merge_facts(entry, None)
    return PaperDigest(entry=entry, status=status, first_author_affiliation=affiliation, affiliation_source=source,
                       code_urls=code, own_code_urls=own, **kw)


@dataclass
class PaperWork:
    """What extract and analyse need: the store (caches), the arXiv client (PDFs), a lazily made LLM backend."""

    config: Config
    store: Store
    client: object
    backend_factory: Callable[[], object]
    report: RunReport
    reader: BoundedReader | None = None  # the PDF worker process, started for the first PDF

    def _reader(self) -> BoundedReader:
        if self.reader is None:
            self.reader = BoundedReader(PDFLimits(seconds=self.config.pdf.timeout_seconds,
                                                  memory_mb=self.config.pdf.memory_mb))
        return self.reader

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()

    def _extract(self, entry: ArxivEntry) -> tuple[Extraction | None, str | None]:

        cached = self.store.get_extraction(entry.arxiv_id, entry.version)
        if cached is not None:
            return cached
        data = self.config.data_dir
        t0 = time.perf_counter()
        try:
            pdf = Path(entry.local_path) if entry.local_path else self.client.download_pdf(entry, data / "pdfs")
        except PaperbriefError as exc:
            self.report.stage("download", time.perf_counter() - t0)
            return None, f"PDF download failed: {exc}"  # not cached: a later run retries
        self.report.stage("download", time.perf_counter() - t0)
        t1 = time.perf_counter()
        fig_dir = data / "figures" / entry.versioned_id.replace("/", "_")
        try:
            result = self._reader().extract(pdf, fig_dir, abstract=entry.abstract, comment=entry.comment,
                                            authors=None if entry.local_path else entry.author_names or None)
            error = None
        except PaperbriefError as exc:  # the post names the file, never this machine's folders
            result, error = None, f"PDF unreadable: {str(exc).replace(str(pdf), pdf.name)}"
        except Exception as exc:  # a bug on one odd PDF must not stop the run
            result, error = None, f"PDF extraction failed ({type(exc).__name__}: {exc})"
        self.report.stage("pdf", time.perf_counter() - t1)
        faultpoints.reached("extract")
        self.store.save_extraction(entry.arxiv_id, entry.version, result, error)
        return result, error

    def _copy_figures(self, digest: PaperDigest, asset_dir: Path) -> None:
        x = digest.extraction
        if not x:
            return
        src_root = self.config.data_dir / "figures"
        figures = []
        for f in x.figures:
            src = src_root / f.image if f.image else None
            if src is None or not src.exists():
                continue
            name = f"{digest.entry.versioned_id.replace('/', '_')}-{Path(f.image).name}"
            asset_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, asset_dir / name)
            figures.append(f.model_copy(update={"image": name}))
        digest.figures = figures

    def facts(self, entry: ArxivEntry, asset_dir: Path, notes: list[str] | None = None) -> PaperDigest:
        """Everything that is not prose: the PDF's facts merged with arXiv's, figures copied next to the post."""
        d = PaperDigest(entry=entry, status=PaperStatus.ANALYSED, notes=list(notes or []))
        d.extraction, error = self._extract(entry)
        if error:
            d.errors.append(error)
            d.status = PaperStatus.FAILED
        d.first_author_affiliation, d.affiliation_source, d.code_urls, d.own_code_urls = merge_facts(entry, d.extraction)
        self._copy_figures(d, asset_dir)
        return d

    def analyse(self, d: PaperDigest, language: str, budget) -> None:
        """The paper's prose; an LLM failure marks the paper failed (it is still shown with its facts)."""
        from paperbrief.llm import PaperInput, analyze_paper

        e, x = d.entry, d.extraction
        paper = PaperInput(
            arxiv_id=e.versioned_id, title=e.title, abstract=e.abstract, authors=e.author_names,
            affiliations=(x.affiliations if x else []) + [a for au in e.authors for a in au.affiliations],
            urls=d.code_urls, text=(x.text if x else {}), comment=e.comment,
            text_pages=(x.text_pages if x else {}), headings=(x.sections if x else []))
        llm = self.config.llm
        try:
            d.outcome = analyze_paper(self.backend_factory(), paper, language=language, cache=self.store,
                                      budget=budget, token_budget=llm.token_budget_per_paper,
                                      max_output_tokens=llm.max_output_tokens)
        except (LLMUnavailable, ModelMissing):  # not this paper's failure: the run leaves the window open
            raise
        except Exception as exc:  # isolation: the paper goes out with its parts marked unavailable
            d.errors.append(f"LLM failed ({type(exc).__name__}: {exc})")
            d.status = PaperStatus.FAILED
            return
        if d.outcome.error:
            d.errors.append(f"LLM failed: {d.outcome.error}")
            d.status = PaperStatus.FAILED
            return
        from paperbrief.llm.schema import output_fields

        left_out = d.outcome.analysis.unavailable
        if set(output_fields(language)) <= set(left_out):  # an answer of which nothing passed is no analysis
            checks = sorted({c for f in left_out.values() for c in f.checks})
            d.errors.append(f"LLM failed: no part of the answer passed the checks ({', '.join(checks)})")
            d.status = PaperStatus.FAILED


def version_changes(before: ArxivEntry | None, after: ArxivEntry) -> list[FieldChange]:
    """What a new version changed against the version shown earlier (the version itself always)."""
    changes = [FieldChange(field="version", before=f"v{before.version}" if before else None, after=f"v{after.version}")]
    if before is None:
        return changes
    for name in ("title", "abstract", "comment"):
        old, new = getattr(before, name), getattr(after, name)
        if " ".join((old or "").split()) != " ".join((new or "").split()):
            changes.append(FieldChange(field=name, before=old, after=new))
    if before.author_names != after.author_names:
        changes.append(FieldChange(field="authors", before=", ".join(before.author_names),
                                   after=", ".join(after.author_names)))
    return changes
