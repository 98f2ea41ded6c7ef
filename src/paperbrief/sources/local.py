"""Local PDFs as paper records: facts from the PDF itself, since there is no arXiv record."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from paperbrief.errors import PDFError
from paperbrief.records import ArxivEntry, Author

__all__ = ["entry_from_pdf"]


def entry_from_pdf(path: Path) -> ArxivEntry:
    from paperbrief.pdf import extract_pdf

    path = Path(path).resolve()
    x = extract_pdf(path, None)
    if not x.title:
        raise PDFError(f"{path} has no recognisable title on its first page.")
    now = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    abstract = x.text.get("abstract") or x.text.get("introduction", "")[:1500]
    return ArxivEntry(arxiv_id=re.sub(r"[^\w.-]+", "-", path.stem), version=1, title=x.title,
                      authors=[Author(name=a) for a in x.authors], abstract=abstract, published=now, updated=now,
                      local_path=str(path))
