"""The relevance score of a window's papers for one topic: a sum of named parts, each with its reason.

- ``title`` / ``abstract``: BM25 (``bm25s``) of the topic query's words over the window's titles and abstracts,
  relative to the window's best match (so 0..1 before the weight: raw BM25 depends on the window's size and
  words and would not add up with the bounded similarities); a title weighs twice an abstract. ``ti:`` words
  count in titles only, ``abs:`` in abstracts only.
- ``phrase``: each quoted phrase of the query found as a phrase.
- ``authors`` / ``affiliations``: the topic's boosts (arXiv's affiliations).
- ``description`` / ``library``: similarity of the paper to the topic's description and to the user's library
  of kept papers (the three nearest named: "like: …"), by sentence embeddings when the topic turns them on,
  else by TF-IDF cosine.
- ``penalty``: each demoting keyword found.

Deterministic for a fixed input: no randomness, ties broken by arXiv id where order matters."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from paperbrief.config import TopicConfig
from paperbrief.names import same_person
from paperbrief.query import positive_terms, text_has
from paperbrief.rank.library import LibraryPaper
from paperbrief.records import ArxivEntry, Score, ScorePart

__all__ = ["Ranker", "Score", "ScorePart", "tokens", "WEIGHTS", "VectorCache"]

#: what each part weighs; a topic's ``[topics.weights]`` may change them
WEIGHTS = {"title": 2.0, "abstract": 1.0, "phrase": 1.0, "authors": 3.0, "affiliations": 2.0,
           "description": 5.0, "library": 10.0, "penalty": 3.0}
_NEAREST = 3

_STOP = frozenset("""a an and are as at be by for from has have in into is it its of on or our that the their this
to we with via using based towards toward new""".split())


def tokens(text: str) -> list[str]:
    """Words for matching: accents folded, lower case, stop words dropped, a plural "s" removed."""
    folded = unicodedata.normalize("NFKD", text or "")
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    out = []
    for w in re.findall(r"[a-z0-9]+", folded):
        if w in _STOP or len(w) < 2:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


class VectorCache(Protocol):
    def get_vectors(self, model: str, keys: list[str]) -> dict[str, list[float]]: ...

    def put_vectors(self, model: str, items: dict[str, list[float]]) -> None: ...


def _text(title: str, abstract: str) -> str:
    return f"{title}. {abstract}".strip()


def _bm25(docs: list[list[str]], query: list[str]) -> list[float]:
    if not query or not docs:
        return [0.0] * len(docs)
    import bm25s

    model = bm25s.BM25()
    model.index([d or ["\x00"] for d in docs], show_progress=False)
    vocab = model.vocab_dict
    known = [q for q in query if q in vocab]
    if not known:
        return [0.0] * len(docs)
    return [float(x) for x in model.get_scores(known)]


def _relative(scores: list[float]) -> list[float]:
    """BM25 relative to the window's best match (0..1): raw BM25 depends on the window's size and words, and
    would not add up with similarities, which are bounded."""
    top = max(scores, default=0.0)
    return [x / top for x in scores] if top > 0 else scores


def _tfidf(docs: list[list[str]]) -> list[dict[str, float]]:
    n = len(docs)
    df = Counter(w for d in docs for w in set(d))
    vecs = []
    for d in docs:
        tf = Counter(d)
        v = {w: c * math.log(1 + n / df[w]) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    return vecs


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


class Ranker:
    """Scores papers for one topic. ``library``: the user's kept papers; ``embedder``: a sentence-embedding
    model (``paperbrief.rank.embed.Embedder``) or None for TF-IDF similarity; ``vectors``: a cache of
    embeddings (the store)."""

    def __init__(self, topic: TopicConfig, *, library: Sequence[LibraryPaper] = (), embedder=None,
                 use_keywords: bool = True, vectors: VectorCache | None = None, weights: dict | None = None):
        self.topic = topic
        self.library = list(library)
        self.embedder = embedder
        self.use_keywords = use_keywords
        self.vectors = vectors
        self.weights = {**WEIGHTS, **(weights or getattr(topic, "weights", None) or {})}

    # -- keywords -----------------------------------------------------------------------------------------
    def _query(self) -> tuple[list[str], list[str], list[str]]:
        title, abstract, phrases = [], [], []
        for term in positive_terms(self.topic.tree):
            if term.field not in ("ti", "abs", "all"):
                continue
            words = tokens(term.text.rstrip("*"))
            if term.field in ("ti", "all"):
                title += words
            if term.field in ("abs", "all"):
                abstract += words
            if term.phrase and len(words) > 1:
                phrases.append(term.text)
        return list(dict.fromkeys(title)), list(dict.fromkeys(abstract)), phrases

    def _keyword_parts(self, entries: list[ArxivEntry]) -> list[list[ScorePart]]:
        qt, qa, phrases = self._query()
        titles = [tokens(e.title) for e in entries]
        abstracts = [tokens(e.abstract) for e in entries]
        st, sa = _relative(_bm25(titles, qt)), _relative(_bm25(abstracts, qa))
        w = self.weights
        out = []
        for i, e in enumerate(entries):
            parts = []
            if st[i]:
                hits = [q for q in qt if q in titles[i]]
                parts.append(ScorePart(name="title", value=round(w["title"] * st[i], 3), reason=", ".join(hits)))
            if sa[i]:
                hits = [q for q in qa if q in abstracts[i]]
                parts.append(ScorePart(name="abstract", value=round(w["abstract"] * sa[i], 3),
                                       reason=", ".join(hits)))
            found = [p for p in phrases if text_has(p, f"{e.title}\n{e.abstract}")]
            if found:
                parts.append(ScorePart(name="phrase", value=round(w["phrase"] * len(found), 3),
                                       reason=", ".join(f'"{p}"' for p in found)))
            out.append(parts)
        return out

    def _boosts(self, e: ArxivEntry) -> list[ScorePart]:
        w, parts = self.weights, []
        authors = [b for b in getattr(self.topic, "boost_authors", []) if any(same_person(b, a) for a in e.author_names)]
        if authors:
            parts.append(ScorePart(name="authors", value=round(w["authors"] * len(authors), 3), reason=", ".join(authors)))
        affs = " | ".join(a for au in e.authors for a in au.affiliations)
        hit = [b for b in getattr(self.topic, "boost_affiliations", []) if affs and text_has(b, affs)]
        if hit:
            parts.append(ScorePart(name="affiliations", value=round(w["affiliations"] * len(hit), 3),
                                   reason=", ".join(hit)))
        demote = [k for k in getattr(self.topic, "demote_keywords", []) if text_has(k, f"{e.title}\n{e.abstract}")]
        if demote:
            parts.append(ScorePart(name="penalty", value=round(-w["penalty"] * len(demote), 3),
                                   reason=", ".join(demote)))
        return parts

    # -- similarity -----------------------------------------------------------------------------------------
    def _embed(self, keyed: dict[str, str]) -> dict[str, list[float]]:
        model = self.embedder.model_id
        have = self.vectors.get_vectors(model, list(keyed)) if self.vectors else {}
        missing = [k for k in keyed if k not in have]
        if missing:
            fresh = {k: [float(x) for x in v] for k, v in zip(missing, self.embedder.embed([keyed[k] for k in missing]))}
            if self.vectors:
                self.vectors.put_vectors(model, fresh)
            have.update(fresh)
        return have

    def _similarities(self, entries: list[ArxivEntry]) -> tuple[list[list[float]], list[float] | None]:
        """Per entry its similarity to every library paper, and to the description (None without one)."""
        description = getattr(self.topic, "description", None)
        papers = {f"paper:{e.versioned_id}": _text(e.title, e.abstract) for e in entries}
        lib = {f"text:{hashlib.sha256(_text(p.title, p.abstract).encode()).hexdigest()[:24]}": _text(p.title, p.abstract)
               for p in self.library}
        desc_key = f"text:{hashlib.sha256(description.encode()).hexdigest()[:24]}" if description else None
        everything = {**papers, **lib, **({desc_key: description} if desc_key else {})}
        if self.embedder is not None:
            vec = self._embed(everything)

            def sim(a: str, b: str) -> float:
                return float(sum(x * y for x, y in zip(vec[a], vec[b])))
        else:
            keys = list(everything)
            tf = dict(zip(keys, _tfidf([tokens(everything[k]) for k in keys])))

            def sim(a: str, b: str) -> float:
                return _dot(tf[a], tf[b])
        lib_keys = list(lib)
        to_lib = [[sim(pk, lk) for lk in lib_keys] for pk in papers]
        to_desc = [sim(pk, desc_key) for pk in papers] if desc_key else None
        return to_lib, to_desc

    # -- the score ------------------------------------------------------------------------------------------
    def score(self, entries: list[ArxivEntry]) -> dict[str, Score]:
        """Every entry's score, by arXiv id (without version)."""
        entries = list(entries)
        if not entries:
            return {}
        keyword = self._keyword_parts(entries) if self.use_keywords else [[] for _ in entries]
        need_sim = bool(self.library) or bool(getattr(self.topic, "description", None))
        to_lib, to_desc = self._similarities(entries) if need_sim else ([[] for _ in entries], None)
        w = self.weights
        scores = {}
        for i, e in enumerate(entries):
            parts = keyword[i] + self._boosts(e)
            if to_desc is not None:
                parts.append(ScorePart(name="description", value=round(w["description"] * max(0.0, to_desc[i]), 3),
                                       reason=f"similarity {to_desc[i]:.2f} to the topic's description"))
            if self.library:
                ranked = sorted(range(len(self.library)), key=lambda j: (-to_lib[i][j], j))[:_NEAREST]
                mean = sum(max(0.0, to_lib[i][j]) for j in ranked) / len(ranked)
                reason = "like: " + "; ".join(f"{self.library[j].title} ({to_lib[i][j]:.2f})" for j in ranked)
                parts.append(ScorePart(name="library", value=round(w["library"] * mean, 3), reason=reason))
            scores[e.arxiv_id] = Score(total=round(sum(p.value for p in parts), 3), parts=parts)
        return scores
