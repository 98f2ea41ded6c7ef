"""The site's search at scale: generates N papers (default 10,000), builds the prebuilt index the site ships
(paperbrief.render.site_search), prints its size, and measures in Debian's Chromium (Playwright, headless,
served by SiteServer on 127.0.0.1, browser cache off) the time to first result of a query typed on a fresh
page: loading what the query needs, parsing it, searching and having the rows to show. The peer, measured in
the same run on the same papers and queries, is a naive linear scan: one file of every paper's text, loaded
whole, every text searched with indexOf (what the site did before the index).

    .venv/bin/python bench/site.py [--papers 10000] [--runs 5]

Numbers are for comparison within one run (the ratio), not thresholds; no test depends on wall time."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from paperbrief.render.site import STATIC, SiteServer
from paperbrief.render.site_search import SearchDoc, build_index, fold

WORDS = ("diffusion model sampling distillation consistency attention transformer video image restoration "
         "latent prior score guidance denoising flow matching reward alignment retrieval benchmark dataset "
         "robust efficient sparse quantization pruning inference training generalization contrastive token "
         "language vision multimodal segmentation detection tracking depth stereo point cloud mesh radiance "
         "field gaussian splatting neural rendering editing inpainting super resolution compression stable "
         "adversarial privacy federated graph reinforcement policy agent planning reasoning chain thought").split()
FIRST = "Wei Li Ana Maria Jean Luc Sofia Yuki Kenji Omar Priya Lars Ingrid Chen Yutong Mateo Zoe Ada Alan".split()
LAST = ("Wang Zhang Garcia-Perez Rossi Picard Tanaka Müller Lüdenscheidt Novak Okafor Singh Kowalski Haddad "
        "Silva Kim Nguyen Ivanova Dubois Larsen Moreau").split()
ORGS = ["Tsinghua University", "MIT", "ETH Zürich", "University of Tokyo", "Max Planck Institute", "Inria",
        "Stanford University", "Peking University", "University of Oxford", "KAIST"]
QUERIES = ["Garcia-Perez", "gaussian splatting", "Tsinghua", "zeta-7"]  # "zeta-7" is in a few papers only


def generate(n: int, seed: int = 7) -> list[SearchDoc]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize()
        if i % 997 == 0:
            title += r" with $\mathcal{O}(\sqrt{d})$ zeta-7 steps"
        authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(2, 8))]
        abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(120, 200)))
        orgs = rng.sample(ORGS, 2)
        keywords = rng.sample(WORDS, 4)
        day = f"2026-{1 + (n - i) * 12 // (n + 1):02d}-{1 + i % 28:02d}"
        text = " ".join([title, " ".join(authors), " ".join(orgs), abstract, " ".join(keywords), "Diffusion Models",
                         f"2612.{i:05d}"])
        docs.append(SearchDoc(slug=f"2612.{i:05d}v1", title=title, authors=", ".join(authors[:4]), date=day,
                              topic="Diffusion Models", text=text))
    return docs


PAGE = """<!doctype html><meta charset="utf-8"><title>bench</title><body>
<script src="static/search.js"></script>
<script>
window.naive = function (q) {
  var t0 = performance.now();
  return new Promise(function (resolve) {
    window.PB_NAIVE = function (rows) {
      var words = q.normalize("NFKD").replace(/\\p{M}/gu, "").toLowerCase().split(/\\s+/).filter(Boolean), hits = [];
      for (var i = 0; i < rows.length; i++) {
        var t = rows[i][5], ok = true;
        for (var j = 0; j < words.length && ok; j++) { ok = t.indexOf(words[j]) >= 0; }
        if (ok) { hits.push(rows[i]); }
      }
      resolve({ms: performance.now() - t0, count: hits.length});
    };
    var s = document.createElement("script"); s.src = "naive.js"; document.head.appendChild(s);
  });
};
window.indexed = function (q) {
  var t0 = performance.now();
  return PB_SEARCH.query(q, 50).then(function (r) { return {ms: performance.now() - t0, count: r.count}; });
};
</script></body>"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    docs = generate(args.papers)
    root = Path(tempfile.mkdtemp(prefix="pb-site-bench-"))
    try:
        files = build_index(docs)
        (root / "search").mkdir()
        for name, text in files.items():
            (root / "search" / name).write_text(text, encoding="utf-8")
        shutil.copytree(STATIC, root / "static")
        naive = [[d.slug, d.title, d.authors, d.date, d.topic, fold(d.text)] for d in docs]
        (root / "naive.js").write_text(f"PB_NAIVE({json.dumps(naive, ensure_ascii=True)});\n", encoding="utf-8")
        (root / "bench.html").write_text(PAGE, encoding="utf-8")
        size = sum(len(t.encode()) for t in files.values())
        biggest = max((len(t.encode()), n) for n, t in files.items() if n.startswith("s-"))
        print(f"papers: {len(docs)}")
        print(f"index: {size / 1e6:.2f} MB in {len(files)} files (largest shard {biggest[1]}: "
              f"{biggest[0] / 1e6:.2f} MB; documents {sum(1 for n in files if n.startswith('d-'))} chunks)")
        print(f"peer (one file, linear scan): {(root / 'naive.js').stat().st_size / 1e6:.2f} MB")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            print("playwright is not installed: no timing")
            return 0
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        with SiteServer(root) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            try:
                print(f"time to first result in Chromium {browser.version} (median of {args.runs} fresh pages, "
                      "cache off):")
                print(f"  {'query':<20} {'hits':>6} {'index ms':>9} {'scan ms':>9} {'scan/index':>10}")
                for q in QUERIES:
                    times: dict[str, list[float]] = {"indexed": [], "naive": []}
                    counts = {}
                    for _ in range(args.runs):
                        for kind in ("indexed", "naive"):
                            page = browser.new_page()
                            cdp = page.context.new_cdp_session(page)
                            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                            page.goto(server.url + "bench.html")
                            r = page.evaluate(f"{kind}({json.dumps(q)})")
                            times[kind].append(r["ms"])
                            counts[kind] = r["count"]
                            page.close()
                    if counts["indexed"] != counts["naive"]:  # a word match vs a substring match may differ
                        note = f" (scan finds {counts['naive']})"
                    else:
                        note = ""
                    a, b = statistics.median(times["indexed"]), statistics.median(times["naive"])
                    print(f"  {q:<20} {counts['indexed']:>6} {a:>9.1f} {b:>9.1f} {b / a:>9.1f}x{note}")
            finally:
                browser.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
