"""A real Hexo site for tests: hexo@8 + hexo-renderer-marked installed with npm into a cache folder once,
a minimal site scaffolded per test with a tiny nunjucks theme, `hexo generate` run for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("PAPERBRIEF_HEXO_CACHE", REPO / ".cache" / "hexo"))
PACKAGES = ["hexo@8", "hexo-cli@4", "hexo-renderer-marked@7",
            # the seed blog's theme and what it needs
            "hexo-theme-butterfly@5", "hexo-renderer-pug@3", "hexo-renderer-stylus@3", "hexo-generator-index@4",
            "hexo-generator-archive@2", "hexo-generator-tag@2", "hexo-generator-category@2"]

_LAYOUT = """<!doctype html><html><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body>{% if page.posts %}{% for p in page.posts.toArray() %}<a href="{{ url_for(p.path) }}">{{ p.title }}</a>{% endfor %}
{% else %}<article><h1 class="post-title">{{ page.title }}</h1>{{ page.content | safe }}</article>{% endif %}</body></html>
"""


def ensure_hexo() -> Path:
    """Install Hexo into the cache (idempotent); returns the hexo executable."""
    exe = CACHE / "node_modules" / ".bin" / "hexo"
    if exe.exists() and all((CACHE / "node_modules" / p.rsplit("@", 1)[0]).exists() for p in PACKAGES):
        return exe
    if shutil.which("npm") is None:
        raise RuntimeError("npm is not installed; `make test` installs it (scripts/install-system.sh)")
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *PACKAGES], cwd=CACHE,
                   check=True, capture_output=True, text=True, timeout=900)
    return exe


def scaffold(site: Path, theme: str = "mini") -> Path:
    """A minimal site; ``theme`` is "mini" (a tiny nunjucks layout) or "butterfly" (the seed blog's theme)."""
    ensure_hexo()
    site.mkdir(parents=True, exist_ok=True)
    deps = {p.rsplit("@", 1)[0]: "*" for p in PACKAGES if p.split("@")[0] != "hexo-cli"}
    if theme != "butterfly":
        deps = {k: v for k, v in deps.items() if "butterfly" not in k}
    (site / "package.json").write_text(json.dumps({
        "name": "paperbrief-test-site", "private": True, "hexo": {"version": "8.1.2"}, "dependencies": deps}))
    (site / "_config.yml").write_text(
        "title: paperbrief test\nurl: http://localhost\npermalink: :year/:month/:day/:title/\n"
        f"source_dir: source\npublic_dir: public\npost_asset_folder: true\ntheme: {theme}\n"
        "marked:\n  prependRoot: true\n  postAsset: true\n")
    layout = site / "themes" / "mini" / "layout"
    layout.mkdir(parents=True, exist_ok=True)
    for name in ("index", "post", "page", "archive"):
        (layout / f"{name}.njk").write_text(_LAYOUT)
    (site / "source" / "_posts").mkdir(parents=True, exist_ok=True)
    link = site / "node_modules"
    if not link.exists():
        link.symlink_to(CACHE / "node_modules", target_is_directory=True)
    return site


def add_post(site: Path, post_md: Path) -> None:
    posts = site / "source" / "_posts"
    shutil.copy(post_md, posts / post_md.name)
    assets = post_md.with_suffix("")
    if assets.is_dir():
        shutil.copytree(assets, posts / assets.name, dirs_exist_ok=True)


def generate(site: Path) -> subprocess.CompletedProcess:
    exe = ensure_hexo()
    return subprocess.run([str(exe), "generate"], cwd=site, capture_output=True, text=True, timeout=300)
