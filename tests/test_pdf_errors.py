"""extract_pdf on unreadable input: one clear PDFError sentence; text-less and huge files give partial results
with warnings."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from paperbrief.errors import PDFError
from paperbrief.pdf import extract_pdf


def _text_pdf(path: Path, pages: int = 1) -> Path:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page()
        page.insert_text((72, 100), f"A Title On Page {i + 1}", fontsize=18, fontname="hebo")
        page.insert_text((72, 140), "Some body text for the page. " * 3, fontsize=10)
    doc.save(path)
    return path


def _zero_page_pdf(path: Path) -> Path:
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode()
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(f"{o:010d} 00000 n \n".encode() for o in offs)
    out += f"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path


def test_not_a_pdf(tmp_path: Path) -> None:
    p = tmp_path / "page.pdf"
    p.write_text("<!DOCTYPE html><html><body>captcha</body></html>")
    with pytest.raises(PDFError, match="not a PDF"):
        extract_pdf(p)


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(PDFError, match="empty"):
        extract_pdf(p)


def test_truncated_file(tmp_path: Path) -> None:
    src = _text_pdf(tmp_path / "full.pdf", pages=3)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(src.read_bytes()[:80])
    with pytest.raises(PDFError) as info:
        extract_pdf(cut)
    assert "\n" not in str(info.value) and str(info.value).endswith(".")


def test_truncated_file_with_readable_pages_is_partial(tmp_path: Path) -> None:
    src = _text_pdf(tmp_path / "full.pdf", pages=3)
    data = src.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])
    try:
        ex = extract_pdf(cut)
    except PDFError:
        return  # nothing readable survived the cut: an error is the right answer too
    assert any("repaired" in w for w in ex.warnings)


def test_garbage_after_header(tmp_path: Path) -> None:
    p = tmp_path / "junk.pdf"
    p.write_bytes(b"%PDF-1.7\nthis is not a pdf body at all\n%%EOF\n")
    with pytest.raises(PDFError):
        extract_pdf(p)


def test_encrypted_file(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    p = tmp_path / "enc.pdf"
    doc.save(p, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    with pytest.raises(PDFError, match="password"):
        extract_pdf(p)


def test_zero_pages(tmp_path: Path) -> None:
    with pytest.raises(PDFError, match="no pages"):
        extract_pdf(_zero_page_pdf(tmp_path / "zero.pdf"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PDFError):
        extract_pdf(tmp_path / "nope.pdf")


def test_image_only_pdf_is_partial_with_a_warning(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 120, 80), 0)
    pix.clear_with(180)
    page.insert_image(pymupdf.Rect(50, 50, 550, 400), pixmap=pix)
    p = tmp_path / "scan.pdf"
    doc.save(p)
    ex = extract_pdf(p)
    assert ex.pages == 1 and ex.title is None and ex.authors == []
    assert any("text layer" in w for w in ex.warnings)


def test_huge_pdf_is_bounded(tmp_path: Path) -> None:
    from paperbrief.pdf import _doc

    p = _text_pdf(tmp_path / "long.pdf", pages=_doc._MAX_TEXT_PAGES + 5)
    ex = extract_pdf(p)
    assert ex.pages == _doc._MAX_TEXT_PAGES + 5
    assert any("only the first" in w for w in ex.warnings)
