"""Asymptotic bounds of the prose ("Θ(log n)", "O(n!)", "Ω(n^{1-ε})") must be bounds the paper states. A bound
holds a single digit or none, so the evidence check (which reads numbers) does not see it.

Seed 127's cup-game results wrote "…而经典版本的回退高度为Θ(1)": the paper gives the classical game "optimal backlog
Θ(log n)", and writes Θ(1) only for constants of its proofs ("using δ = Θ(1) determined as a function of ε",
"γ = Θ(1) denotes the Euler-Mascheroni constant"). Two other samples wrote "背压为Φ(N)" for its Ω(n), a bound in no
notation the paper uses. So a bound fails when the paper never writes it (the notation read loosely: spaces, braces,
carets and superscripts dropped, the letters after the symbol in any case: "Ω(n^{1−ε})" is the PDF's "Ω(n1−ε)"), or
writes it only as a constant's value ("δ = Θ(1)", "∆ ≤ O(1)") while the prose's clause names no such constant.
Pure functions over text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paperbrief.records import CheckResult

from .phrasing import _strings
from .verdict import Reasons, verdict

if TYPE_CHECKING:  # checks.py runs this check: importing it here would be a cycle
    from .checks import CheckContext

__all__ = ["PaperBounds", "bounds_in", "unstated_bounds", "check_bounds"]

# Θ, O (and the Greek Ο), Ω (and the ohm sign Ω, in PDFs), o, ω, Õ, and Φ (written by the model for the paper's
# Ω); not after a letter ("GPT-O(")
_BOUND = re.compile(r"(?<![A-Za-z\u0370-\u03ff])([ΘΟOΩΩoωÕΦ])\s*\(((?:[^()\n]|\([^()\n]*\)){1,40})\)")
_PLAIN = str.maketrans({"²": "2", "³": "3", "¹": "1", "⁴": "4", "⁵": "5", "ⁿ": "n", "−": "-", "–": "-",
                        "Ο": "O", "Ω": "Ω",
                        "ϵ": "ε", "∆": "Δ"})
# a constant's value: "δ = Θ(1)", "∆ ≤ O(1)", "∆ ∈ Ω(1)", "n = Θ(log5 N)"
_CONSTANT = re.compile(r"(?<![A-Za-z\u0370-\u03ff])([A-Za-z\u0370-\u03ff∆])\s*[_\w]{0,3}\s*(?:=|≤|≥|<|>|∈|:=)\s*$")
_CLAUSE_END = re.compile(r"[，。；;！？,]|\.\s")


def normalised(bound: str) -> str:
    """``bound`` read loosely: "Ω(n^{1−ε})" and "Ω(n1−ε)" are one bound, "O(\\log^2 n)" and "O(log2 n)" too."""
    s = re.sub(r"[\s^{}·*]", "", bound.translate(_PLAIN).replace("\\log", "log").replace("\\", ""))
    return s[0] + s[1:].lower()  # the symbol keeps its case: O and o, Ω and ω are other bounds


_LATEX = {r"\Theta": "Θ", r"\Omega": "Ω", r"\omega": "ω", r"\mathcal{O}": "O", r"\tilde{O}": "Õ", r"\Phi": "Φ",
          "$": ""}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX))


def bounds_in(text: str) -> list[tuple[str, int]]:
    """The bounds ``text`` writes, each with its offset in ``text`` once its LaTeX ("$\\Theta(\\log n)$", as arXiv
    abstracts write them) is read as symbols."""
    return [(m.group(0), m.start()) for m in _BOUND.finditer(_symbols(text)) if re.search(r"[A-Za-z0-9]", m.group(2))]


def _symbols(text: str) -> str:
    """``text`` with LaTeX symbols as Unicode and full-width brackets as ASCII ones (seed 97's "Θ（L）")."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], text).replace("（", "(").replace("）", ")")


@dataclass
class PaperBounds:
    """The bounds a paper writes (normalised), each with the constants it is the value of where it is one (an
    empty string where it is not)."""

    written: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, source_text: str) -> "PaperBounds":
        out = cls()
        text = _symbols(re.sub(r"\s+", " ", source_text))
        for bound, at in bounds_in(text):
            m = _CONSTANT.search(text[max(0, at - 12):at])
            out.written.setdefault(normalised(bound), set()).add(m.group(1) if m else "")
        return out


def unstated_bounds(text: str, paper: PaperBounds) -> list[str]:
    """Why each bound of ``text`` is not one the paper states (none: all are)."""
    out = []
    text = _symbols(text)  # the offsets of ``bounds_in`` are in this text
    for bound, at in bounds_in(text):
        uses = paper.written.get(normalised(bound))
        if uses is None:
            out.append(f"writes {bound}, a bound the paper never writes")
        elif "" not in uses:
            start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, at)), default=0)
            if not any(c in text[start:at] for c in uses):
                names = ", ".join(sorted(uses))
                out.append(f"writes {bound}, which the paper gives only as the value of a constant of its proofs "
                           f"({names} = {bound}), not as a result")
    return out


def check_bounds(values: dict[str, Any], ctx: CheckContext) -> tuple[CheckResult, Reasons]:
    """No field writes an asymptotic bound the paper does not state."""
    reasons: Reasons = {}
    checked = 0
    for f, text in _strings(values):
        found = bounds_in(text)
        if f in reasons or not found:
            continue
        checked += len(found)
        wrong = unstated_bounds(text, ctx.bounds)
        if wrong:
            reasons[f] = wrong[0]
    return verdict("asymptotic", reasons, f"{checked} asymptotic bounds, each one the paper states")
