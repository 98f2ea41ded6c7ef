"""Citations of papers (BibTeX, RIS, CSL-JSON), per paper and per post. Facts only: arXiv's title, authors,
ids, dates, DOI and links; nothing from the LLM. (Being written: see issue 19.)"""

from __future__ import annotations

from collections.abc import Sequence

from paperbrief.records import PaperDigest

__all__ = ["FORMATS", "paper_citations", "collection_citations"]

# file extension -> format: "<slug>.bib" BibTeX, "<slug>.ris" RIS, "<slug>.csl.json" CSL-JSON
FORMATS = {"bib": "BibTeX", "ris": "RIS", "csl.json": "CSL-JSON"}


def paper_citations(digest: PaperDigest) -> dict[str, str]:
    """One paper's citation in every format, keyed by the extension of ``FORMATS``."""
    return collection_citations([digest])


def collection_citations(digests: Sequence[PaperDigest]) -> dict[str, str]:
    """Several papers (a post, a topic) in one file per format, keyed by the extension of ``FORMATS``."""
    raise NotImplementedError
