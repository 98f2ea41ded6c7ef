"""`paperbrief extract A B DIR --jsonl`: many PDFs in one process with a worker pool; order kept, a bad file is
its own error line, a worker that dies costs only its own file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperbrief.errors import ConfigError
from paperbrief.links import url_key
from paperbrief.pdf import batch
from pdfcorpus.specs import CASES, build_case

EXE = [sys.executable, "-m", "paperbrief"]
NAMES = ["onecol-numbered", "twocol-cvpr", "anonymous", "broken-truncated", "code-annotation"]


def pb(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*EXE, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    """Five generated files (one of them truncated) in one folder, with the truth the builder drew."""
    out = tmp_path_factory.mktemp("batch")
    truths = {}
    by_name = {c.name: c for c in CASES}
    for name in NAMES:
        path, truth = build_case(by_name[name], out)
        truths[path.name] = truth
    return out, truths


def test_a_folder_gives_one_line_per_file_in_order_and_the_bad_file_is_its_own_error(folder, tmp_path):
    src, truths = folder
    r = pb("extract", str(src), "--jsonl", "--figures-dir", str(tmp_path / "figs"), "--jobs", "2")
    assert r.returncode == 1, r.stderr  # one file failed: exit 1, the others still printed
    assert "1 of 5 files could not be read" in r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [Path(row["path"]).name for row in rows] == sorted(truths)
    for row in rows:
        truth = truths[Path(row["path"]).name]
        if "error" in truth or truth.get("kind"):
            assert "truncated" in row["error"] or "corrupt" in row["error"], row
            continue
        assert "error" not in row
        assert row["title"] == truth["title"]
        assert row["authors"] == truth["authors"]
        assert {url_key(u) for u in row["code_urls"]} == {url_key(u) for u in truth["code_urls"]}
        assert [f["label"] for f in row["figures"]] == [f["label"] for f in truth["figures"]]
        stem = Path(row["path"]).stem
        for fig in row["figures"]:  # each file's crops in a folder of its own
            assert fig["image"].startswith(f"{stem}/"), fig
            assert (tmp_path / "figs" / fig["image"]).stat().st_size > 0


def test_batch_lines_equal_the_one_file_command(folder):
    src, _ = folder
    files = [src / "twocol-cvpr.pdf", src / "onecol-numbered.pdf"]
    r = pb("extract", *map(str, files), "--jsonl")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [row.pop("path") for row in rows] == [str(f) for f in files]  # the order given, not sorted
    for f, row in zip(files, rows):
        one = pb("extract", str(f), "--json")
        assert one.returncode == 0, one.stderr
        assert row == json.loads(one.stdout)


def test_several_files_without_json_print_a_summary_each(folder):
    src, _ = folder
    r = pb("extract", str(src / "onecol-numbered.pdf"), str(src / "anonymous.pdf"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("== ") == 2 and r.stdout.count("title:") == 2


def test_a_missing_name_or_a_folder_without_pdfs_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    r = pb("extract", str(tmp_path / "empty"), "--jsonl")
    assert r.returncode == 2 and "without PDF files" in r.stderr and "Traceback" not in r.stderr
    r = pb("extract", str(tmp_path / "nope.pdf"), str(tmp_path / "empty"), "--jsonl")
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_pdf_paths_expand_folders_once_each_in_order(tmp_path):
    for name in ("b.pdf", "a.PDF", "notes.txt"):
        (tmp_path / name).write_bytes(b"%PDF-1.4\n")
    first = tmp_path / "b.pdf"
    got = batch.pdf_paths([first, tmp_path])
    assert got == [first, tmp_path / "a.PDF"]  # b.pdf named first, not repeated; notes.txt left out
    with pytest.raises(ConfigError):
        batch.pdf_paths([tmp_path / "missing.pdf"])


def test_two_files_with_one_stem_get_two_figure_folders(tmp_path):
    got = batch.figure_dirs([Path("x/p.pdf"), Path("y/p.pdf"), Path("q.pdf")], tmp_path)
    assert got == [tmp_path / "p", tmp_path / "p-2", tmp_path / "q"]
    assert batch.figure_dirs([Path("p.pdf")], None) == [None]


def test_a_worker_that_dies_costs_only_its_own_file(folder, monkeypatch):
    """The pool's workers are forks of this process, so a patched reader is theirs too: it kills its worker
    on one file, as MuPDF crashing would. That file is reported; every other file is still read."""
    src, truths = folder
    import paperbrief.pdf as pdf_pkg

    real = pdf_pkg.extract_pdf

    def crashing(path, figures=None, **kw):
        if Path(path).name == "twocol-cvpr.pdf":
            os._exit(70)
        return real(path, figures, **kw)

    monkeypatch.setattr(pdf_pkg, "extract_pdf", crashing)
    files = [src / n for n in ("onecol-numbered.pdf", "twocol-cvpr.pdf", "anonymous.pdf", "code-annotation.pdf")]
    items = list(batch.extract_many(files, jobs=2))
    assert [i.path for i in items] == files
    bad = items[1]
    assert bad.extraction is None and "stopped the PDF reader" in bad.error
    for item in items[:1] + items[2:]:
        assert item.error is None, item.error
        assert item.extraction.authors == truths[item.path.name]["authors"]
