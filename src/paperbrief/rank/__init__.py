"""Relevance you can explain: every matched paper gets a score made of named parts (keyword hits by field with
BM25, author and affiliation boosts, similarity to the topic's description and to the user's library of kept
papers, penalties), stored with the paper and shown in the report, the post's order, the site and
``paperbrief explain``. ``embed`` is the offline sentence-embedding model; ``library`` reads kept papers."""

from paperbrief.rank.library import LibraryPaper, load_library
from paperbrief.rank.score import Ranker, Score, ScorePart

__all__ = ["Ranker", "Score", "ScorePart", "LibraryPaper", "load_library"]
