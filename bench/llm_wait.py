"""How llama.cpp's OpenMP threads wait, one policy against another (not part of the test suite).

libgomp reads ``OMP_WAIT_POLICY`` and ``GOMP_SPINCOUNT`` when it loads, so each policy runs ``bench/llm_flags.py``
(the default setting, one round: a real paper's prompt, then greedy decode steps) in a fresh process; with
``--pair`` two such processes run at once, as on a machine with other work (or parallel tests). Prints decode and
prompt tokens/s per policy.

    .venv/bin/python bench/llm_wait.py ../shared/dev-corpus --paper 2503.13222
    .venv/bin/python bench/llm_wait.py ../shared/dev-corpus --paper 2503.13222 --pair
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

POLICIES = {
    "passive": {"OMP_WAIT_POLICY": "PASSIVE"},
    "default": {},
    "spin-1000": {"GOMP_SPINCOUNT": "1000"},
    "spin-10000": {"GOMP_SPINCOUNT": "10000"},
}
_ROUND = re.compile(r"prompt\s+([\d.]+) s\s+decode\s+([\d.]+) s")
_SIZE = re.compile(r"(\d+) prompt tokens, (\d+) decoded")


def _start(corpus: Path, paper: str, decode: int, env: dict[str, str]) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    # OMP_WAIT_POLICY given explicitly (empty means unset) so that paperbrief's own default does not apply
    return subprocess.Popen([sys.executable, str(Path(__file__).with_name("llm_flags.py")), str(corpus), "--paper",
                             paper, "--rounds", "1", "--decode", str(decode), "--settings", "default"],
                            env={**clean, "OMP_WAIT_POLICY": "", **env}, stdout=subprocess.PIPE, text=True)


def _read(proc: subprocess.Popen[str]) -> tuple[float, float]:
    out, _ = proc.communicate()
    size, times = _SIZE.search(out), _ROUND.search(out)
    if not (size and times):
        raise SystemExit(f"llm_flags.py printed no measurement:\n{out}")
    tokens, steps = int(size.group(1)), int(size.group(2))
    return tokens / float(times.group(1)), steps / float(times.group(2))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--paper", default="2503.13222")
    ap.add_argument("--decode", type=int, default=96)
    ap.add_argument("--pair", action="store_true", help="two processes at once per policy")
    ap.add_argument("--policies", nargs="*", default=list(POLICIES))
    args = ap.parse_args()
    print(f"| OpenMP wait | prompt tokens/s | decode tokens/s{' (each of two at once)' if args.pair else ''} |")
    print("| --- | --- | --- |")
    for name in args.policies:
        procs = [_start(args.corpus, args.paper, args.decode, POLICIES[name]) for _ in range(2 if args.pair else 1)]
        rates = [_read(p) for p in procs]
        print(f"| {name} | {' / '.join(f'{r[0]:.1f}' for r in rates)} | {' / '.join(f'{r[1]:.1f}' for r in rates)} |",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
