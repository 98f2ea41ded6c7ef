"""Local PDFs as paper records: facts from the PDF itself, since there is no arXiv record."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from paperbrief.errors import PDFError
from paperbrief.pdf.bounded import BoundedReader, PDFLimits
from paperbrief.records import ArxivEntry, Author

__all__ = ["entry_from_pdf"]


def entry_from_pdf(path: Path, limits: PDFLimits = PDFLimits()) -> ArxivEntry:
    """The PDF's own facts as a paper record (read under ``limits``); its id is the file name's stem, made
    safe ("...pdf" is "local-pdf", never a path)."""
    path = Path(path).resolve()
    with BoundedReader(limits) as reader:
        x = reader.extract(path, None)
    if not x.title:
        raise PDFError(f"{path} has no recognisable title on its first page.")
    now = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    abstract = x.text.get("abstract") or x.text.get("introduction", "")[:1500]
    stem = re.sub(r"[^\w.-]+", "-", path.stem).strip(".-") or "local-pdf"
    return ArxivEntry(arxiv_id=stem, version=1, title=x.title,
                      authors=[Author(name=a) for a in x.authors], abstract=abstract, published=now, updated=now,
                      local_path=str(path))
