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


BODY = "This is ordinary body text that fills the column with words about the method and its results."


def _plain_pdf(heads: tuple[str, ...] = ("Abstract", "1 Introduction", "2 Method"),
               ) -> tuple[bytes, dict[int, int], int]:
    """An uncompressed PDF written object by object, one page per heading, so that a cut lands at a known
    place: (bytes, object number -> offset, offset of the xref table). Page i is object 5 + 2i, its content
    stream 6 + 2i."""
    n = len(heads)
    objs = {1: "<< /Type /Catalog /Pages 2 0 R >>",
            2: f"<< /Type /Pages /Kids [{' '.join(f'{5 + 2 * i} 0 R' for i in range(n))}] /Count {n} >>",
            3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            4: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"}
    for i, head in enumerate(heads):
        lines = ["BT /F2 18 Tf 72 720 Td (Truncated Papers Still Speak) Tj ET"] if i == 0 else []
        lines.append(f"BT /F2 12 Tf 72 680 Td ({head}) Tj ET")
        lines += [f"BT /F1 10 Tf 72 {660 - 13 * j} Td (Page {i + 1}. {BODY}) Tj ET" for j in range(4)]
        stream = "\n".join(lines) + "\n"
        objs[5 + 2 * i] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                           f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {6 + 2 * i} 0 R >>")
        objs[6 + 2 * i] = f"<< /Length {len(stream)} >>\nstream\n{stream}endstream"
    out, offsets = b"%PDF-1.4\n", {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += f"{k} 0 obj\n{objs[k]}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[k]:010d} 00000 n \n".encode() for k in sorted(objs))
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out, offsets, xref


REPAIRED = "the PDF was damaged and has been repaired; some content may be missing"


def test_whole_plain_pdf_reads_without_warnings(tmp_path: Path) -> None:
    data, _, _ = _plain_pdf()
    (p := tmp_path / "whole.pdf").write_bytes(data)
    ex = extract_pdf(p)
    assert (ex.pages, ex.title, ex.sections, ex.warnings) == (3, "Truncated Papers Still Speak",
                                                             ["1 Introduction", "2 Method"], [])
    assert [ex.text[r].count(BODY) for r in ("abstract", "introduction", "method")] == [4, 4, 4]


def test_file_cut_before_its_xref_is_repaired_whole(tmp_path: Path) -> None:
    """Every object survives, only the xref table and trailer are gone: MuPDF rebuilds the file from its
    objects, so all three pages are read, with the repair warning."""
    data, _, xref = _plain_pdf()
    (p := tmp_path / "no-xref.pdf").write_bytes(data[:xref])
    ex = extract_pdf(p)
    assert ex.warnings == [REPAIRED]
    assert (ex.pages, ex.title, ex.sections) == (3, "Truncated Papers Still Speak", ["1 Introduction", "2 Method"])
    assert set(ex.text) == {"abstract", "introduction", "method"}
    for role, page in (("abstract", 1), ("introduction", 2), ("method", 3)):
        assert ex.text[role] == " ".join([f"Page {page}. {BODY}"] * 4), role


def test_file_cut_inside_its_last_page_is_partial(tmp_path: Path) -> None:
    """Cut 30 bytes into the third page's content stream: the first two pages are intact and read, the third
    page's text is gone, and the result says the PDF was repaired."""
    data, offsets, _ = _plain_pdf()
    (p := tmp_path / "cut.pdf").write_bytes(data[:offsets[10] + 30])
    ex = extract_pdf(p)
    assert ex.warnings == [REPAIRED]
    assert ex.title == "Truncated Papers Still Speak" and ex.sections == ["1 Introduction"]
    assert ex.text == {"abstract": " ".join([f"Page 1. {BODY}"] * 4),
                       "introduction": " ".join([f"Page 2. {BODY}"] * 4)}


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
