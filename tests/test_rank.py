"""Relevance scores with named parts: deterministic, explainable, steered by the user's library; exclusions by
rule; libraries from BibTeX, CSL-JSON and arXiv ids. Expected orders are written out from the texts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from paperbrief.config import TopicConfig
from paperbrief.errors import ConfigError
from paperbrief.rank import LibraryPaper, Ranker, load_library
from paperbrief.rank.library import parse_bibtex, parse_csl_json
from paperbrief.records import ArxivEntry, Author, PaperStatus

T0 = datetime(2026, 11, 27, 20, tzinfo=timezone.utc)


def entry(i: int, title: str, abstract: str, *, authors=("Ada Lovelace",), affiliations=(), primary="cs.CV"):
    return ArxivEntry(arxiv_id=f"2611.{i:05d}", title=title, abstract=abstract,
                      authors=[Author(name=a, affiliations=list(affiliations)) for a in authors],
                      categories=[primary], primary_category=primary, published=T0 + timedelta(minutes=i),
                      updated=T0 + timedelta(minutes=i))


DAY = [
    entry(1, "Consistency models for video diffusion", "We distil a video diffusion model into a few steps."),
    entry(2, "Parsing contracts with language models", "A diffusion of legal practice: models read contracts."),
    entry(3, "Graph neural networks for molecules", "Message passing predicts molecular properties."),
    entry(4, "Faster sampling of image generators", "Our diffusion sampler needs ten network evaluations."),
    entry(5, "Score-based generative modelling", "A study of noise schedules for diffusion and score models.",
          authors=("Yang Song", "Stefano Ermon"), affiliations=("Stanford University",)),
]


def topic(**kw) -> TopicConfig:
    return TopicConfig(name="Diffusion", query='abs:diffusion OR ti:diffusion OR ti:"video diffusion"', **kw)


def test_scores_are_deterministic_and_independent_of_input_order():
    first = Ranker(topic()).score(DAY)
    shuffled = DAY[:]
    random.Random(7).shuffle(shuffled)
    again = Ranker(topic()).score(shuffled)
    assert first == again
    assert first["2611.00003"].total == 0 and first["2611.00003"].parts == []


def test_a_title_hit_weighs_more_than_an_abstract_hit_and_phrases_count():
    s = Ranker(topic()).score(DAY)
    # 1 has "video diffusion" in its title (and a phrase), 4 only "diffusion" in its abstract
    assert s["2611.00001"].total > s["2611.00004"].total > 0
    names = {p.name: p for p in s["2611.00001"].parts}
    assert set(names) == {"title", "abstract", "phrase"}
    assert names["title"].reason == "diffusion, video" and names["phrase"].reason == '"video diffusion"'
    assert [p.name for p in s["2611.00004"].parts] == ["abstract"]
    assert s["2611.00001"].total == pytest.approx(sum(p.value for p in s["2611.00001"].parts), abs=1e-3)


def test_boosts_and_penalties_are_named_parts():
    t = topic(boost_authors=["Stefano Ermon"], boost_affiliations=["Stanford"], demote_keywords=["legal"])
    s = Ranker(t).score(DAY)
    parts = {p.name: p for p in s["2611.00005"].parts}
    assert parts["authors"].value == 3.0 and parts["authors"].reason == "Stefano Ermon"
    assert parts["affiliations"].value == 2.0 and parts["affiliations"].reason == "Stanford"
    penalty = {p.name: p for p in s["2611.00002"].parts}["penalty"]
    assert penalty.value == -3.0 and penalty.reason == "legal"
    weighted = Ranker(topic(boost_authors=["Stefano Ermon"], weights={"authors": 10})).score(DAY)
    assert {p.name: p.value for p in weighted["2611.00005"].parts}["authors"] == 10.0
    with pytest.raises(ValueError, match="unknown score part 'novelty'"):
        topic(weights={"novelty": 1})


def test_the_library_steers_the_order_and_names_the_nearest_papers():
    library = [LibraryPaper("2303.01469", "Consistency Models", "Consistency models distil diffusion sampling into "
                            "one step."),
               LibraryPaper(None, "Progressive distillation for fast sampling", "Halving sampling steps of "
                            "diffusion models."),
               LibraryPaper(None, "Video generation with few steps", "A distilled video model."),
               LibraryPaper(None, "Protein folding", "Structures of proteins.")]
    keywords = Ranker(topic()).score(DAY)
    steered = Ranker(topic(), library=library).score(DAY)
    lib = {p.name: p for p in steered["2611.00001"].parts}["library"]
    assert lib.value > 0 and lib.reason.startswith("like: ")
    assert lib.reason.count("(") == 3 and "Protein folding" not in lib.reason  # the three nearest, named
    # the contracts paper mentions "diffusion" too, but nothing in the library is like it
    assert steered["2611.00001"].total - keywords["2611.00001"].total > \
        steered["2611.00002"].total - keywords["2611.00002"].total


def test_selection_orders_by_score_and_excludes_by_rule():
    from paperbrief.calendar import ArxivCalendar
    from paperbrief.run.select import select_papers

    w = ArxivCalendar().latest(datetime(2026, 12, 1, 2, tzinfo=timezone.utc))
    papers = [e.model_copy(update={"published": w.start + timedelta(hours=i), "updated": w.start + timedelta(hours=i)})
              for i, e in enumerate(DAY, 1)]
    papers.append(entry(6, "Diffusion for speech", "A diffusion vocoder.", primary="eess.AS").model_copy(
        update={"published": w.start + timedelta(hours=7), "updated": w.start + timedelta(hours=7)}))
    t = topic(max_papers=2, exclude_categories=["eess.AS"])
    scores = Ranker(t).score(papers)
    sel = select_papers(t, w, papers, shown={}, saved={}, tracking_start=w.start, late_start=w.start, scores=scores)
    shown = [(c.entry.arxiv_id, c.status) for c in sel.shown]
    by_score = sorted((e.arxiv_id for e in papers if e.arxiv_id not in ("2611.00003", "2611.00006")),
                      key=lambda i: (-scores[i].total, i))
    assert [i for i, _ in shown] == by_score
    assert [s for _, s in shown] == [PaperStatus.ANALYSED] * 2 + [PaperStatus.LISTED] * (len(by_score) - 2)
    rules = {x.id: (x.rule, x.reason) for x in sel.excluded}
    assert rules["2611.00006v1"] == ("category", "primary category eess.AS is in exclude_categories")
    assert rules["2611.00003v1"][0] == "query"  # no "diffusion" at all: the topic query itself
    low = select_papers(topic(min_score=100.0), w, papers, shown={}, saved={}, tracking_start=w.start,
                        late_start=w.start, scores=scores)
    assert {x.rule for x in low.excluded} == {"query", "min-score"} and low.shown == []
    assert all(x.score is not None and x.score_parts for x in low.excluded if x.rule == "min-score")


BIB = r"""% a Zotero export
@article{song2021,
  title = {Score-Based Generative Modeling through {S}tochastic {D}ifferential Equations},
  author = {Song, Yang and Sohl-Dickstein, Jascha and Kingma, Diederik P. and Kumar, Abhishek and Ermon, Stefano},
  journal = {arXiv preprint arXiv:2011.13456},
  year = {2021},
  abstract = {Creating noise from data is easy; creating data from noise is generative modeling.}
}
@inproceedings{muller2024,
  title = {{\"U}ber {D}iffusion in der Praxis: {\'e}tude of {\v{C}}apek},
  author = {M{\"u}ller, J{\"o}rg},
  eprint = {2403.17924},
  archivePrefix = {arXiv}
}
@misc{notitle, year = {2020}}
@misc{onlyurl, title = {Paper with a URL}, url = {https://arxiv.org/abs/2106.05931v3}}
"""


def test_a_bibtex_library_with_latex_braces_and_missing_fields_loads():
    papers = parse_bibtex(BIB)
    assert [p.arxiv_id for p in papers] == ["2011.13456", "2403.17924", "2106.05931"]
    assert papers[0].title == "Score-Based Generative Modeling through Stochastic Differential Equations"
    assert papers[0].abstract.startswith("Creating noise from data")
    assert papers[1].title == "Über Diffusion in der Praxis: étude of Čapek"
    assert papers[2].abstract == ""


def test_a_broken_bibtex_library_names_the_line(tmp_path):
    broken = "@article{a, title={Fine}}\n\n@article{b,\n  title = {Unclosed\n@article{c, title={Next}}\n"
    (tmp_path / "refs.bib").write_text(broken)
    with pytest.raises(ConfigError, match=r"refs\.bib is not valid BibTeX at line 3"):
        load_library("refs.bib", tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        load_library("missing.bib", tmp_path)


def test_csl_json_and_id_lists(tmp_path):
    csl = ('[{"id": "x", "type": "article", "title": "Denoising Diffusion Probabilistic Models", '
           '"URL": "http://arxiv.org/abs/2006.11239v2", "abstract": "We present high quality image synthesis."},'
           ' {"id": "y", "title": "No arXiv"}]')
    papers = parse_csl_json(csl)
    assert [(p.arxiv_id, p.title) for p in papers] == [("2006.11239", "Denoising Diffusion Probabilistic Models"),
                                                       (None, "No arXiv")]
    with pytest.raises(ConfigError, match="not valid JSON"):
        parse_csl_json("[{")
    (tmp_path / "ids.txt").write_text("2006.11239  # DDPM\n\narXiv:2011.13456v2\nhep-th/9901001\n")
    assert [p.arxiv_id for p in load_library("ids.txt", tmp_path)] == ["2006.11239", "2011.13456", "hep-th/9901001"]
    assert [p.arxiv_id for p in load_library(["2006.11239v1"], tmp_path)] == ["2006.11239"]
    with pytest.raises(ConfigError, match="'nonsense' is not an arXiv id"):
        load_library(["nonsense"], tmp_path)


class CountingEmbedder:
    """The real embedding model, counting the texts it is asked to embed."""

    def __init__(self):
        from paperbrief.rank.embed import Embedder

        self.inner = Embedder()
        self.model_id = self.inner.model_id
        self.texts = 0

    def embed(self, texts):
        self.texts += len(texts)
        return self.inner.embed(texts)


def test_embeddings_rank_by_meaning_and_are_cached_per_paper_and_model(tmp_path):
    from paperbrief.store import Store

    library = [LibraryPaper(None, "Progressive distillation for fast sampling of diffusion models",
                            "We halve the number of sampling steps of a diffusion model again and again.")]
    t = topic(description="Making diffusion models sample in fewer steps")
    emb = CountingEmbedder()
    with Store(tmp_path / "pb.sqlite") as store:
        first = Ranker(t, library=library, embedder=emb, vectors=store).score(DAY)
        assert emb.texts == len(DAY) + 2  # the papers, the library paper, the description
        again = Ranker(t, library=library, embedder=emb, vectors=store).score(DAY)
        assert emb.texts == len(DAY) + 2 and again == first  # every vector came from the cache
        assert len(store.get_vectors(emb.model_id, [f"paper:{e.versioned_id}" for e in DAY])) == len(DAY)
        assert store.get_vectors("another-model", [f"paper:{DAY[0].versioned_id}"]) == {}
    lib = {e: {p.name: p.value for p in s.parts}["library"] for e, s in first.items()}
    # by meaning: the few-step sampler (no "distillation" in it) is nearer the library than the contracts paper
    assert lib["2611.00004"] > lib["2611.00002"] and lib["2611.00001"] > lib["2611.00003"]
    desc = {e: {p.name: p.value for p in s.parts}["description"] for e, s in first.items()}
    assert desc["2611.00004"] > desc["2611.00003"]
