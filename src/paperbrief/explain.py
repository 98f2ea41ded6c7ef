"""``paperbrief explain``: why a paper was picked, listed or left out in a topic, from what the runs recorded:
per window the decision, the rule that decided, and the score's named parts with their reasons."""

from __future__ import annotations

from paperbrief.config import TopicConfig
from paperbrief.errors import PaperbriefError
from paperbrief.records import Score
from paperbrief.store import Store

__all__ = ["explain_paper", "score_lines"]

_DECISIONS = {"analysed": "analysed in full", "failed": "shown, but its PDF or LLM call failed",
              "listed": "listed under \"also new\" (over max_papers)", "updated": "shown as a new version",
              "excluded": "left out"}


class NeverSeen(PaperbriefError):
    """The paper was never returned for the topic."""


def score_lines(score: Score | None) -> list[str]:
    if score is None:
        return ["  score: not computed"]
    lines = [f"  score {score.total:.3f}" + (" = " + " + ".join(f"{p.name} {p.value:.3f}" for p in score.parts)
                                             if score.parts else "")]
    for p in score.parts:
        lines.append(f"    {p.name:<12} {p.value:>8.3f}  {p.reason}".rstrip())
    return lines


def explain_paper(store: Store, topic: TopicConfig, arxiv_id: str) -> str:
    found = store.decisions(topic.slug, arxiv_id)
    if not found:
        raise NeverSeen(f"No run of topic {topic.name!r} saw {arxiv_id}: arXiv never returned it for the topic's "
                        "windows (or no run has covered them yet).")
    out = [f"{found[-1].title} ({arxiv_id}) in {topic.name}:"]
    for d in found:
        what = _DECISIONS.get(d.decision, d.decision)
        line = f"- {d.announced} announcement (v{d.version}): {what}"
        if d.rule:
            line += f" by the rule {d.rule!r}"
        out.append(line)
        if d.reason:
            out.append(f"  why: {d.reason}")
        out += score_lines(d.score)
    return "\n".join(out)
