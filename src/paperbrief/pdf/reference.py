"""The PDF's author list checked against arXiv's (SPEC section 4: arXiv is the reference when present).

Every name read from the PDF that is the same person as a name on arXiv's list is written in arXiv's spelling
(accents, initials, order of given and family name). Names that do not match are kept as the PDF prints them,
and each disagreement is recorded in ``authors_mismatch``: nothing is silently merged, added or dropped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from paperbrief.names import name_tokens, same_person

__all__ = ["AuthorCheck", "check_authors"]


@dataclass(frozen=True)
class AuthorCheck:
    authors: list[str]
    source: str | None  # "pdf", "arxiv" (the PDF prints none), "pdf+arxiv" (arXiv's spelling where they match)
    mismatch: list[str] = field(default_factory=list)


def _exact(a: str, b: str) -> bool:
    ta, tb = name_tokens(a), name_tokens(b)
    return bool(ta) and (ta == tb or ta == list(reversed(tb)))


def _pair(pdf: Sequence[str], ref: Sequence[str]) -> list[int | None]:
    """For each PDF name, the index of its arXiv name (or None). Exact matches first, then the lenient ones
    (initials, a missing given name); at each step the arXiv name in the same position wins a tie."""
    taken: set[int] = set()
    out: list[int | None] = [None] * len(pdf)
    for same in (_exact, same_person):
        for i, name in enumerate(pdf):
            if out[i] is not None:
                continue
            order = ([i] if i < len(ref) else []) + [j for j in range(len(ref)) if j != i]
            j = next((j for j in order if j not in taken and same(name, ref[j])), None)
            if j is not None:
                out[i] = j
                taken.add(j)
    return out


def check_authors(pdf: Sequence[str], reference: Sequence[str] | None) -> AuthorCheck:
    """The author list to publish from the PDF's names and arXiv's (``reference``; None when unknown)."""
    pdf = [n for n in pdf if n.strip()]
    if reference is None or not [n for n in reference if n.strip()]:
        return AuthorCheck(list(pdf), "pdf" if pdf else None)
    ref = [n for n in reference if n.strip()]
    if not pdf:
        return AuthorCheck(ref, "arxiv", ["the PDF prints no author names; arXiv's list is used"])
    pairs = _pair(pdf, ref)
    authors = [ref[j] if j is not None else name for name, j in zip(pdf, pairs)]
    mismatch = [f"only in the PDF: {name}" for name, j in zip(pdf, pairs) if j is None]
    found = {j for j in pairs if j is not None}
    mismatch += [f"only on arXiv: {name}" for j, name in enumerate(ref) if j not in found]
    matched = [j for j in pairs if j is not None]
    if matched != sorted(matched):
        mismatch.append("the PDF and arXiv list the authors in a different order")
    if not found:
        return AuthorCheck(list(pdf), "pdf", mismatch)
    return AuthorCheck(authors, "pdf+arxiv", mismatch)
