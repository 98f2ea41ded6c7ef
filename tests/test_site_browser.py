"""The static site in real Chromium (Debian's /usr/bin/chromium driven by Playwright): search filters the
list, topic pages and paper pages work, figures load, hostile paper text stays text, CJK text renders."""

from __future__ import annotations

import shutil
import tempfile

import pytest

from datetime import timedelta

from paperbrief.render.site import SiteServer
from paperbrief.run.publish import build_site_from_store
from paperbrief.samples.papers import SAMPLE_PAPERS, sample_entries

from test_pipeline import NOW, make_config, run, stub  # noqa: F401 (the stub fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


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


def test_site_search_pages_and_figures(tmp_path, stub, browser):
    cfg = make_config(tmp_path, stub)
    run(cfg)
    tomorrow = NOW + timedelta(days=1)  # the next announcement has one more paper
    extra = sample_entries()[0].model_copy(update={"arxiv_id": "2611.09999", "title": "A later paper on diffusion",
                                                   "published": NOW, "updated": NOW})
    stub.entries = [extra] + stub.entries
    stub.pdfs[extra.versioned_id] = stub.pdfs["2611.01234v1"]
    second = run(cfg, now=tomorrow)
    assert len(second.posts) == 1
    index = build_site_from_store(cfg)
    feed = (index.parent / "feeds" / "diffusion-models.xml").read_text()
    assert feed.count("<entry>") == len(SAMPLE_PAPERS) + 1  # both days' posts in the topic's feed
    with SiteServer(index.parent) as server:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url + "index.html")
        items = page.locator("#papers li.paper")
        assert items.count() == len(SAMPLE_PAPERS) + 1
        page.fill("#search", "one-step video")
        assert page.locator("#papers li.paper:visible").count() == 1
        assert "1 " in page.inner_text("#count")
        page.fill("#search", "García")  # author search, accents kept
        assert page.locator("#papers li.paper:visible").count() == 1
        page.fill("#search", "")
        assert page.locator("#papers li.paper:visible").count() == len(SAMPLE_PAPERS) + 1
        page.click("text=Diffusion Priors for Blind Image Restoration")
        assert "papers/2611.04567v1.html" in page.url
        # hostile text from the abstract is shown as text; no script ran
        assert "<script>alert(1)</script>" in page.inner_text(".abstract")
        scripts = page.eval_on_selector_all("script", "els => els.map(e => e.textContent)")
        assert len(scripts) == 1 and "api/like" in scripts[0]  # only the page's own "keep" button script
        assert not any("alert" in s for s in scripts)
        page.goto(server.url + "papers/2611.01234v1.html")
        assert "https://github.com/sample-lab/attention-interpolation" in page.inner_text("dd.code")
        imgs = page.locator("figure img")
        assert imgs.count() >= 1
        widths = page.eval_on_selector_all("figure img", "els => els.map(e => e.naturalWidth)")
        assert all(w > 0 for w in widths), widths  # every figure loaded
        page.screenshot(path=str(tmp_path / "paper.png"), full_page=True)
        page.goto(server.url + "topics/diffusion-models.html")
        assert page.locator("#papers li.paper").count() == len(SAMPLE_PAPERS) + 1
        assert errors == []


def test_cjk_fonts_are_installed_for_screenshots():
    """Chinese renders as empty boxes in Chromium without a CJK font; `make` installs fonts-noto-cjk."""
    import subprocess

    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert "Noto Sans CJK" in fonts or "Noto Serif CJK" in fonts


def test_the_keep_button_adds_to_the_library_under_site_serve(tmp_path, stub, browser):
    from paperbrief.likes import site_like_handler
    from paperbrief.render.site import PortInUse
    from paperbrief.store import Store

    cfg = make_config(tmp_path, stub)
    run(cfg)
    index = build_site_from_store(cfg)
    with SiteServer(index.parent, on_like=site_like_handler(cfg)) as server:
        page = browser.new_page()
        page.goto(server.url + "papers/2611.01234v1.html")
        page.click("#keep")
        page.wait_for_function("document.getElementById('keep-status').textContent.length > 0")
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
        page.wait_for_function("document.getElementById('keep-status').textContent.length > 0")
        assert 'paperbrief like 2611.02345 --topic "Diffusion Models"' in page.inner_text("#keep-status")
