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
    allowed to finish (its cost is unknown beforehand). Several workers spend no more than one would: a call
    announces its worst case (``estimate``: its prompt plus its answer cap) and, while other calls are in
    flight, waits until ``used`` + their worst cases + its own fits the limit or they are done. So a call
    starts either alone below the limit (as with one worker) or when even the worst case of every call in
    flight stays within it, and a run spends at most ``limit - 1`` + its most expensive call, with any number
    of workers.
    """

    def __init__(self, limit: int = 0) -> None:
        if limit < 0:
            raise ValueError("token budget limit must be >= 0")
        self.limit = int(limit)
        self._used = 0
        self._calls = 0
        self._refused = 0
        self._reserved = 0  # worst cases of the calls in flight
        self._in_flight = 0
        self._waiting = 0
        self._lock = threading.Condition()

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
    def waiting(self) -> int:
        """Calls waiting for the calls in flight to be counted."""
        with self._lock:
            return self._waiting

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

    def acquire(self, estimate: int = 0) -> None:
        """Call before each LLM request with its worst case (prompt + answer cap); raises ``BudgetExhausted``
        once the budget is spent. Every ``acquire`` is followed by one ``release(estimate)`` when the call is
        over, answered or not."""
        with self._lock:
            estimate = max(0, int(estimate))
            while self.limit and self._in_flight and self._used < self.limit and \
                    self._used + self._reserved + estimate > self.limit:
                self._waiting += 1
                try:
                    self._lock.wait()
                finally:
                    self._waiting -= 1
            if self.limit and self._used >= self.limit:
                self._refused += 1
                raise BudgetExhausted(
                    f"The run's LLM token budget ({self.limit} tokens) is spent ({self._used} used); "
                    "no further LLM calls are made in this run.")
            self._calls += 1
            self._in_flight += 1
            self._reserved += estimate

    def release(self, estimate: int = 0) -> None:
        """The call acquired with ``estimate`` is over (its tokens, if any, were ``add``-ed)."""
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
            self._reserved = max(0, self._reserved - max(0, int(estimate)))
            self._lock.notify_all()

    def add(self, tokens_in: int, tokens_out: int) -> None:
        with self._lock:
            self._used += max(0, int(tokens_in)) + max(0, int(tokens_out))
            self._lock.notify_all()

    def __repr__(self) -> str:
        return f"TokenBudget(limit={self.limit}, used={self.used})"
