"""A per-run token budget shared by every worker thread: once spent, further LLM calls are refused."""

from __future__ import annotations

import threading

from paperbrief.errors import LLMError

__all__ = ["TokenBudget", "BudgetExhausted"]


class BudgetExhausted(LLMError):
    """The run's token budget is spent; no further LLM call is made."""


class TokenBudget:
    """Thread-safe count of the tokens (prompt + completion) a run has spent.

    ``limit=0`` means unlimited. A call is refused once ``used >= limit``; the call that crosses the limit is
    allowed to finish (its cost is unknown beforehand), so a run may overshoot by at most one call per worker.
    """

    def __init__(self, limit: int = 0) -> None:
        if limit < 0:
            raise ValueError("token budget limit must be >= 0")
        self.limit = int(limit)
        self._used = 0
        self._calls = 0
        self._refused = 0
        self._lock = threading.Lock()

    @property
    def used(self) -> int:
        with self._lock:
            return self._used

    @property
    def calls(self) -> int:
        with self._lock:
            return self._calls

    @property
    def refused(self) -> int:
        with self._lock:
            return self._refused

    @property
    def remaining(self) -> int | None:
        """Tokens left, or ``None`` when unlimited."""
        if not self.limit:
            return None
        with self._lock:
            return max(0, self.limit - self._used)

    @property
    def exhausted(self) -> bool:
        with self._lock:
            return bool(self.limit) and self._used >= self.limit

    def acquire(self) -> None:
        """Call before each LLM request; raises ``BudgetExhausted`` once the budget is spent."""
        with self._lock:
            if self.limit and self._used >= self.limit:
                self._refused += 1
                raise BudgetExhausted(
                    f"The run's LLM token budget ({self.limit} tokens) is spent ({self._used} used); "
                    "no further LLM calls are made in this run.")
            self._calls += 1

    def add(self, tokens_in: int, tokens_out: int) -> None:
        with self._lock:
            self._used += max(0, int(tokens_in)) + max(0, int(tokens_out))

    def __repr__(self) -> str:
        return f"TokenBudget(limit={self.limit}, used={self.used})"
