"""The site's prebuilt search index: an inverted index over every paper page (titles, authors, affiliations,
abstracts, keywords, topics, arXiv ids), split so that a query loads only what it needs.

Layout under ``<site>/search/``:

- ``meta.js``: the shard keys, the number of documents and the documents' chunk size;
- ``s-<key>.js``: one shard per first character of the tokens (CJK characters bucketed): the shard's sorted
  tokens and, per token, the ids of the documents holding it, delta-encoded;
- ``d-<n>.js``: documents ``n*CHUNK`` … as ``[slug, title, authors, date, topic]`` — only the chunks that
  hold the results shown are loaded (ids are newest first, so the first page of hits is usually chunk 0).

Every file is one call ``PB_SEARCH.<kind>(<JSON>)`` whose argument is ``json.dumps`` output (a JSON literal:
data, no code), so the index loads from disk (``file://``) as well as from a server. The browser-side twin of
``tokens`` is ``static/search.js``; both fold accents and case, split words on anything that is not a letter
or a digit, and index CJK text as overlapping character pairs."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from paperbrief.fsutil import atomic_write_text, safe_join

__all__ = ["SearchDoc", "tokens", "shard_key", "build_index", "write_index", "CHUNK"]

CHUNK = 100  # documents per d-<n>.js file (a query loads only the chunks of the rows it shows)
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")


@dataclass(frozen=True)
class SearchDoc:
    slug: str  # papers/<slug>.html
    title: str
    authors: str  # shown in the result
    date: str  # the newest post that showed it
    topic: str
    text: str  # everything searchable: title, authors, affiliations, abstract, keywords, topics, ids


def fold(text: str) -> str:
    """Lower case without accents: "García" -> "garcia" (the same in search.js)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def tokens(text: str) -> set[str]:
    """The index terms of ``text``: folded words; CJK runs as character pairs (a lone character as itself)."""
    out: set[str] = set()
    for word in _WORD.findall(fold(text)):
        if re.match(rf"[{_CJK}]", word):
            if len(word) == 1:
                out.add(word)
            out.update(word[i:i + 2] for i in range(len(word) - 1))
        else:
            out.add(word)
    return out


def shard_key(token: str) -> str:
    """The shard a token lives in: its first character when a-z or 0-9, else one of 32 buckets."""
    c = token[0]
    return c if ("a" <= c <= "z" or "0" <= c <= "9") else f"x{ord(c) % 32}"


def build_index(docs: Sequence[SearchDoc]) -> dict[str, str]:
    """File name (relative to ``search/``) -> content."""
    postings: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        for t in tokens(d.text):
            postings.setdefault(t, []).append(i)
    shards: dict[str, list[str]] = {}
    for t in postings:
        shards.setdefault(shard_key(t), []).append(t)
    files: dict[str, str] = {}
    for key, toks in shards.items():
        toks.sort()
        lists = []
        for t in toks:
            ids, prev, deltas = postings[t], 0, []
            for n in ids:  # ascending: the documents were visited in order
                deltas.append(n - prev)
                prev = n
            lists.append(deltas)
        files[f"s-{key}.js"] = _call("shard", {"key": key, "tokens": toks, "postings": lists})
    for start in range(0, len(docs), CHUNK):
        rows = [[d.slug, d.title, d.authors, d.date, d.topic] for d in docs[start:start + CHUNK]]
        files[f"d-{start // CHUNK}.js"] = _call("docs", {"start": start, "rows": rows})
    files["meta.js"] = _call("meta", {"count": len(docs), "chunk": CHUNK, "shards": sorted(shards)})
    return files


def _call(kind: str, data) -> str:
    # ensure_ascii: no raw U+2028/U+2029 in the script; <, >, & as \u escapes: the file could even be inlined
    # in a page without a "</script>" in a title ending it. The argument stays a JSON literal.
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"PB_SEARCH.{kind}({text});\n"


def write_index(site: Path, docs: Iterable[SearchDoc]) -> int:
    """Write ``<site>/search/`` afresh; returns its size in bytes."""
    folder = safe_join(site, "search")
    if folder.exists():
        for old in folder.glob("*.js"):
            old.unlink()
    size = 0
    for name, text in build_index(list(docs)).items():
        atomic_write_text(safe_join(folder, name), text)
        size += len(text.encode("utf-8"))
    return size
