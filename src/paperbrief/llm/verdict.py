"""What a check returns: its ``CheckResult`` and, per failing field, the reason (shared by ``checks`` and
``phrasing``)."""

from __future__ import annotations

from paperbrief.records import CheckResult

__all__ = ["Reasons", "verdict"]

Reasons = dict[str, str]


def verdict(name: str, reasons: Reasons, ok_detail: str) -> tuple[CheckResult, Reasons]:
    """The check ``name`` passed (with ``ok_detail``) when ``reasons`` is empty, else failed on its fields."""
    if not reasons:
        return CheckResult(name=name, passed=True, detail=ok_detail), {}
    detail = "; ".join(f"{f}: {r}" for f, r in reasons.items())
    return CheckResult(name=name, passed=False, detail=detail, fields=list(reasons)), reasons
