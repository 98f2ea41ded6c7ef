"""End to end on the real embedded backend (llama.cpp with the tiny SmolLM2-135M GGUF): `paperbrief demo`
through the CLI, offline. SmolLM2 exercises the plumbing, not the quality: its prose mostly fails the checks,
which must then be recorded in the report and shown as unavailable in the post, never published silently."""

from __future__ import annotations

import email
import email.policy
import json
import re
import subprocess
import sys

import pytest
import yaml

from paperbrief.samples.papers import SAMPLE_PAPERS

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_demo_on_the_real_embedded_backend(tmp_path, test_model_path):
    out = tmp_path / "demo"
    # SmolLM2 rarely ends a sentence, so under the Chinese grammar it writes every field to its cap: a smaller
    # answer budget (the caps shrink with it) keeps this test to minutes instead of about 20.
    r = subprocess.run([sys.executable, "-m", "paperbrief", "demo", "--out", str(out), "--model", str(test_model_path),
                        "--max-output-tokens", "600"], capture_output=True, text=True, timeout=3000)
    assert r.returncode == 0, r.stderr[-3000:]
    # it says what to open: every format, the feeds, the citations, the site, what the loopback receivers got
    labels = [line.split(":", 1)[0] for line in r.stdout.splitlines() if ":" in line]
    assert {"post", "markdown", "hugo", "jekyll", "json", "feeds", "citations", "site", "sent", "report"} <= set(labels)
    sample_ids = sorted(p.arxiv_id for p in SAMPLE_PAPERS)
    (mail,) = (out / "deliveries").glob("mail-*.eml")
    (hook,) = (out / "deliveries").glob("webhook-*.json")
    msg = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
    for text in (msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content(),
                 hook.read_text(encoding="utf-8")):
        assert sorted(set(re.findall(r"\b(2611\.\d{5})(?:v\d)?\b", text))) == sample_ids
    post_line = next(line for line in r.stdout.splitlines() if line.startswith("post:"))
    post = out / "posts" / post_line.split("/posts/")[-1].strip()
    assert post.exists()
    text = post.read_text(encoding="utf-8")
    fm = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert fm["title"] == "Diffusion Models" and fm["mathjax"] is True
    banner = text.split("\n---\n", 1)[1].split("# ")[0]
    assert "SmolLM2-135M-Instruct" in banner  # the model that actually wrote the text
    body = text.split("\n---\n", 1)[1]
    assert body.count("\n## ") == len(SAMPLE_PAPERS)  # every paper in the main section
    report = json.loads((out / "report.json").read_text())
    llm = report["llm"]
    # the answer budget reached the backend (at the default 1,800 SmolLM2 writes about three times as much);
    # llama.cpp may count one token past the budget in a call
    assert 0 < llm["tokens_out"] <= llm["calls"] * 601
    assert llm["calls"] >= len(SAMPLE_PAPERS)
    win = report["windows"][0]
    assert win["matched"] == win["shown"] == len(SAMPLE_PAPERS) and win["returned"] == len(SAMPLE_PAPERS)
    # What SmolLM2 writes differs between CPUs: an answer may run into the token limit twice, which fails the
    # paper's LLM call (it is still shown with its facts). Whatever it wrote, every paper is accounted for, and
    # a failure names that cause.
    assert win["analysed"] + win["failed"] == len(SAMPLE_PAPERS)
    papers = win["papers"]
    assert sorted(p["id"] for p in papers) == ["2611.01234v1", "2611.02345v1", "2611.03456v2", "2611.04567v1"]
    statuses = [p["status"] for p in papers]
    assert set(statuses) <= {"analysed", "failed"}
    assert (statuses.count("analysed"), statuses.count("failed")) == (win["analysed"], win["failed"])
    for p in papers:
        failed_llm = any("LLM failed" in r for r in p["reasons"])
        assert failed_llm == (p["status"] == "failed"), p
    # every analysed paper's checks are recorded, with why a retried paper's first answer failed
    assert len(report["checks"]) == len(SAMPLE_PAPERS)
    assert all("schema" in c["passed"] + c["failed"] for c in report["checks"])
    # a paper asks again only after its first answer failed: once for the failing fields, and up to twice
    # more for a failing results field (its own calls)
    retried = sum(bool(c["first_try_failing"]) for c in report["checks"])
    assert retried <= llm["retries"] <= 3 * retried
    # every failed check is recorded with a reason, and what failed is marked unavailable in the post
    assert sorted(c["id"] for c in report["checks"]) == sorted(p["id"] for p in papers)
    assert sorted((f["id"], f["check"]) for f in report["checks_failed"]) == \
        sorted((c["id"], name) for c in report["checks"] for name in c["failed"])
    assert all(f["detail"] for f in report["checks_failed"])
    unavailable = re.findall(r"本部分未通过自动检查，已略去：([^；]+)；", text)
    if report["checks_failed"]:
        assert unavailable
    # placeholders the grammar can write are caught by the checks; none is published
    for placeholder in ("xxx", "N/A", "[insert", "请填写"):
        assert placeholder not in body.split("# ", 1)[1]
