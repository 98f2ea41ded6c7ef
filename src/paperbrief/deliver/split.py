"""Cutting long text into pieces a chat service accepts, never in the middle of a word: at whitespace, else
(Chinese and Japanese text has no spaces) next to a CJK character; only a single "word" longer than the whole
limit (a 3,000-character URL) is cut inside, as nothing else can carry it."""

from __future__ import annotations

import re

__all__ = ["split_words", "pack"]

_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _cut(text: str, limit: int) -> int:
    """Where to end the first piece of ``text`` (longer than ``limit``): after the last whitespace that fits,
    else at the last boundary next to a CJK character, else at ``limit``."""
    space = max(text.rfind(" ", 0, limit + 1), text.rfind("\n", 0, limit + 1))
    if space > 0:
        return space
    for i in range(limit, 0, -1):
        if _CJK.match(text[i - 1]) or _CJK.match(text[i]):
            return i
    return limit


def split_words(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, each cut at a word boundary; the whitespace a cut
    falls on is dropped, so joining the pieces' words gives back the text's words."""
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    text = text.strip()
    while len(text) > limit:
        at = _cut(text, limit)
        head = text[:at].rstrip()
        if head:
            pieces.append(head)
        text = text[at:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def pack(blocks: list[str], limit: int, join: str = "\n\n") -> list[str]:
    """Blocks (a paper each) gathered in order into as few pieces of at most ``limit`` characters as they
    allow; a block too long on its own is split at word boundaries first."""
    pieces: list[str] = []
    current = ""
    for block in blocks:
        for part in split_words(block, limit):
            candidate = f"{current}{join}{part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    pieces.append(current)
                current = part
    if current:
        pieces.append(current)
    return pieces
