"""The static site in real Chromium (Debian's /usr/bin/chromium driven by Playwright) against `SiteServer` on
loopback, built from a real store after two pipeline runs on two days (test_site_build.two_days): search by an
author across both digests, the archive walked day by day, figures that load, dark mode, a 360 px phone
without horizontal scroll, KaTeX output for $…$, hostile titles as text with no script run, no console
error and no request leaving 127.0.0.1. Screenshots go to ``.cache/artifacts/site/`` (``PAPERBRIEF_ARTIFACTS``
overrides it)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from paperbrief.render.site import SiteServer
from paperbrief.run.publish import build_site_from_store
from paperbrief.store import Store

from test_pipeline import make_config, run, stub  # noqa: F401 (the stub fixture)
from test_site_build import HOSTILE_TITLE, two_days

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("PAPERBRIEF_ARTIFACTS",
                                Path(__file__).resolve().parent.parent / ".cache" / "artifacts" / "site"))


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="pb-chromium-")
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"])
        try:
            yield ctx
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


class Watch:
    """Every request URL and every console error or page error of the context's pages."""

    def __init__(self, ctx):
        self.urls: list[str] = []
        self.errors: list[str] = []
        ctx.on("request", lambda r: self.urls.append(r.url))
        ctx.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        ctx.on("page", self.page)
        for p in ctx.pages:
            self.page(p)

    def page(self, page):
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def served(tmp_path, stub):
    cfg = two_days(tmp_path, stub)
    with Store(cfg.data_dir / "paperbrief.sqlite") as s:
        rows = s.all_digests()
    root = build_site_from_store(cfg).parent
    with SiteServer(root) as server:
        yield server, rows


def test_the_site_in_chromium(served, browser):
    server, rows = served
    watch = Watch(browser)
    page = browser.new_page()
    page.goto(server.url + "index.html")
    shot(page, "home")

    # search by an author finds the paper in both digests (v1 on day 1, v2 on day 2)
    expected = sorted(f"papers/{d.entry.versioned_id}.html" for _, _, d in rows
                      if "María José García-Pérez" in d.entry.author_names)
    assert len(expected) == 2
    page.fill("#search", "Garcia-Perez")  # accents folded
    page.wait_for_selector("#results li.hit")
    hrefs = sorted(h.split(server.url)[-1] for h in page.eval_on_selector_all(
        "#results li.hit a.title", "els => els.map(e => e.href)"))
    assert hrefs == expected
    assert page.inner_text("#result-count").startswith("2 ")
    assert page.locator("#latest").is_hidden()
    shot(page, "search")
    page.fill("#search", "")
    assert page.locator("#latest").is_visible()

    # hostile title: found by search, shown as text, nothing ran
    page.fill("#search", "pwned")
    page.wait_for_selector("#results li.hit")
    assert HOSTILE_TITLE in page.inner_text("#results li.hit a.title")
    assert page.locator("#results img").count() == 0
    page.goto(server.url + "papers/2611.09002v1.html")
    assert page.inner_text("h1") == HOSTILE_TITLE
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main img[src='x']").count() == 0
    shot(page, "hostile")

    # the archive, walked day by day with the next links, then back with the previous ones
    days = sorted({day for _, day, _ in rows})
    page.goto(server.url + "archive.html")
    page.click(f"a.day[href='days/{days[0]}-diffusion-models.html']")
    walked = [page.inner_text("h1")]
    while page.locator("a[rel=next]").count():
        page.click("a[rel=next]")
        walked.append(page.inner_text("h1"))
    assert walked == [f"Diffusion Models · {d}" for d in days]
    page.click("a[rel=prev]")
    assert page.inner_text("h1") == f"Diffusion Models · {days[0]}"
    shot(page, "day")

    # a paper page: figures load with a real size
    page.goto(server.url + "papers/2611.01234v1.html")
    imgs = page.locator(".gallery figure img")
    assert imgs.count() >= 1
    for i in range(imgs.count()):
        imgs.nth(i).scroll_into_view_if_needed()
    # waited for by a promise, not by wait_for_function: its polling evaluates a string, which the site's CSP
    # (script-src 'self') refuses once the first check has not passed (CI on a loaded machine, 2026-12-04)
    page.evaluate("Promise.all([...document.querySelectorAll('.gallery img')].map(i => i.complete ? null : "
                  "new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })))")
    sizes = page.eval_on_selector_all(".gallery img", "els => els.map(e => [e.naturalWidth, e.naturalHeight])")
    assert all(w > 0 and h > 0 for w, h in sizes), sizes
    assert page.locator(".gallery figcaption").count() == imgs.count()
    shot(page, "paper")

    # math in the title and the abstract rendered by the KaTeX shipped in the site
    page.goto(server.url + "papers/2611.09001v1.html")
    assert page.locator("h1 .katex").count() == 1
    assert page.locator(".abstract .katex").count() == 3
    assert "$" not in page.inner_text(".abstract")
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    assert page.evaluate("document.fonts.check('1em KaTeX_Main')")
    shot(page, "math")

    # dark mode follows the system
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light == "rgb(255, 255, 255)" and dark != light
    shot(page, "math-dark")
    page.goto(server.url + "index.html")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == dark
    shot(page, "home-dark")

    # a phone: 360 px wide, no horizontal scroll on any kind of page
    phone = browser.new_page()
    phone.set_viewport_size({"width": 360, "height": 740})
    for path in ["index.html", "archive.html", "tags.html", f"days/{days[1]}-diffusion-models.html",
                 "papers/2611.01234v1.html", "papers/2611.09001v1.html", "papers/2611.09002v1.html",
                 "papers/2611.02345v2.html", "topics/diffusion-models.html"]:
        phone.goto(server.url + path)
        width = phone.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 360, (path, width)
    shot(phone, "phone-paper")
    phone.goto(server.url + "index.html")
    phone.fill("#search", "diffusion")
    phone.wait_for_selector("#results li.hit")
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 360
    shot(phone, "phone-search")

    assert watch.errors == []
    assert watch.urls and all(u.startswith(server.url) for u in watch.urls), \
        [u for u in watch.urls if not u.startswith(server.url)]
    assert any(u.endswith(".woff2") for u in watch.urls)  # KaTeX's fonts came from the site itself


def test_cjk_fonts_are_installed_for_screenshots():
    """Chinese renders as empty boxes in Chromium without a CJK font; `make` installs fonts-noto-cjk."""
    import subprocess

    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert "Noto Sans CJK" in fonts or "Noto Serif CJK" in fonts


def test_the_keep_button_adds_to_the_library_under_site_serve(tmp_path, stub, browser):
    from playwright.sync_api import expect

    from paperbrief.likes import site_like_handler
    from paperbrief.render.site import PortInUse

    cfg = make_config(tmp_path, stub)
    run(cfg)
    index = build_site_from_store(cfg)
    with SiteServer(index.parent, on_like=site_like_handler(cfg)) as server:
        page = browser.new_page()
        page.goto(server.url + "papers/2611.01234v1.html")
        page.click("#keep")
        expect(page.locator("#keep-status")).not_to_be_empty()
        assert "liked: Attention Interpolation" in page.inner_text("#keep-status")
        assert page.inner_text("#keep").startswith("★")
        with pytest.raises(PortInUse, match=r"Port \d+ on 127.0.0.1 is in use"):
            SiteServer(index.parent, port=server.httpd.server_address[1])
    with Store(cfg.data_dir / "paperbrief.sqlite") as s:
        assert [i for i, _, _ in s.likes("diffusion-models")] == ["2611.01234"]
    with SiteServer(index.parent) as static:  # served as plain files: the button says what to run instead
        page = browser.new_page()
        page.goto(static.url + "papers/2611.02345v1.html")
        page.click("#keep")
        expect(page.locator("#keep-status")).not_to_be_empty()
        assert 'paperbrief like 2611.02345 --topic "Diffusion Models"' in page.inner_text("#keep-status")


def test_the_site_opens_from_disk_with_search_and_math(tmp_path, stub, browser):
    """No server needed to browse: file:// pages load the index files and KaTeX (the CSP allows them)."""
    cfg = two_days(tmp_path, stub)
    index = build_site_from_store(cfg)
    watch = Watch(browser)
    page = browser.new_page()
    page.goto(index.as_uri())
    page.fill("#search", "García")
    page.wait_for_selector("#results li.hit")
    assert page.locator("#results li.hit").count() == 2
    page.goto((index.parent / "papers" / "2611.09001v1.html").as_uri())
    assert page.locator(".abstract .katex").count() == 3
    assert watch.errors == []
