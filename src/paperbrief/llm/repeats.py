"""A logits processor that keeps a small local model from writing the same Chinese phrase twice in one answer.

Qwen2.5-Coder-1.5B writes the paper's concluding sentence into the innovation, the conclusion, the summary and a
takeaway, and loops inside a field ("分别提高了平滑分数和质量分数，分别提高了……"). The duplicate check catches
this afterwards; this processor stops it while the answer is written: once ``n`` consecutive Chinese tokens
have been generated, the token that would repeat them is pushed far down. Shorter runs (terms such as
"文本到图像扩散模型", five tokens) may repeat freely, and so may everything that is not Chinese text: JSON
syntax, numbers, Latin names.

It is the classic no-repeat n-gram rule, limited to prose tokens. It changes only the wording the model can
choose; the duplicate check still runs on the result with its own (looser, sentence-level) measure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["NoRepeatProse", "is_cjk_piece"]

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]")
PENALTY = 1e4  # subtracted, not -inf: the grammar may leave only this token, and the sampler needs a finite logit


def is_cjk_piece(text: str) -> bool:
    """Whether a token's text is part of Chinese prose (a CJK character or full-width punctuation)."""
    return bool(_CJK.search(text))


class NoRepeatProse:
    """``processor(input_ids, logits) -> logits``, the signature of llama-cpp-python's ``LogitsProcessor``.

    One instance serves one generation: the first call fixes where the prompt ends (everything before is the
    prompt, which may be repeated freely). ``piece`` turns a token id into its text; it is called once per
    distinct generated token; ``prose`` says which token texts count (Chinese by default).
    """

    def __init__(self, piece: Callable[[int], str], n: int = 6,
                 prose: Callable[[str], bool] = is_cjk_piece) -> None:
        if n < 2:
            raise ValueError("n must be at least 2")
        self.n = n
        self._piece = piece
        self._is_prose_text = prose
        self._prose: dict[int, bool] = {}
        self._start: int | None = None
        self._seen = 0  # generated tokens already indexed
        self._next: dict[tuple[int, ...], set[int]] = {}  # (n-1 prose tokens) -> tokens that followed them
        self.banned = 0  # how many times a repeat was pushed down (for tests and the curious)

    def is_prose(self, token: int) -> bool:
        known = self._prose.get(token)
        if known is None:
            try:
                known = bool(self._is_prose_text(self._piece(token)))
            except Exception:  # noqa: BLE001 - an undecodable byte fragment is not prose
                known = False
            self._prose[token] = known
        return known

    def _index(self, out: Sequence[int]) -> None:
        """Record every all-prose n-gram that ends in the newly generated tokens."""
        n = self.n
        for end in range(max(self._seen, n - 1), len(out)):
            gram = out[end - n + 1:end + 1]
            if all(self.is_prose(t) for t in gram):
                self._next.setdefault(tuple(gram[:-1]), set()).add(gram[-1])
        self._seen = len(out)

    def seed(self, tokens: Sequence[int]) -> None:
        """Index the phrases of a text written elsewhere (another field's published answer), so that this
        answer cannot repeat them either. Each seed is indexed on its own: no n-gram spans two seeds."""
        n = self.n
        for end in range(n - 1, len(tokens)):
            gram = [int(t) for t in tokens[end - n + 1:end + 1]]
            if all(self.is_prose(t) for t in gram):
                self._next.setdefault(tuple(gram[:-1]), set()).add(gram[-1])

    def banned_next(self, out: Sequence[int]) -> set[int]:
        """The tokens that would complete an n-gram already written, given the generated tokens ``out``."""
        self._index(out)
        if len(out) < self.n - 1:
            return set()
        tail = tuple(out[len(out) - self.n + 1:])
        if not all(self.is_prose(t) for t in tail):
            return set()
        return {t for t in self._next.get(tail, ()) if self.is_prose(t)}

    def __call__(self, input_ids: Any, logits: Any) -> Any:
        if self._start is None:
            self._start = len(input_ids)
        # only the generated tokens are read: converting the whole prompt (thousands of ids) at every step
        # cost more than the rule itself
        banned = self.banned_next([int(t) for t in input_ids[self._start:]])
        for t in banned:
            if 0 <= t < len(logits):
                logits[t] -= PENALTY
        self.banned += len(banned)
        return logits
