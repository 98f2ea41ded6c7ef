"""Broken and hostile PDFs, generated here (nothing downloaded, nothing committed): each is served as one
paper's PDF by the fault suite."""

from __future__ import annotations

import zlib
from pathlib import Path

import pymupdf


def raw_pdf(objects: dict[int, bytes | str]) -> bytes:
    """A PDF from numbered objects, with a correct xref table (object 1 is the catalog)."""
    out, offsets = b"%PDF-1.4\n", {}
    for k in sorted(objects):
        offsets[k] = len(out)
        body = objects[k] if isinstance(objects[k], bytes) else objects[k].encode()
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[k]:010d} 00000 n \n".encode() for k in sorted(objects))
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _page(contents: bytes, resources: str = "<< /Font << /F1 5 0 R >> >>", extra: dict | None = None) -> bytes:
    objects = {1: "<< /Type /Catalog /Pages 2 0 R >>", 2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               3: f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources {resources} /Contents 4 0 R >>",
               4: contents, 5: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    objects.update(extra or {})
    return raw_pdf(objects)


def bomb(megabytes: int = 2000) -> bytes:
    """A 2 MB file whose one page's content stream inflates to ``megabytes`` MB of blanks."""
    c = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = c.compress(b"BT /F1 12 Tf 72 720 Td (Bomb Paper Title) Tj ET\n")
    data += b"".join(c.compress(chunk) for _ in range(megabytes)) + c.flush()
    return _page(f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream")


def object_stream_bomb(count: int = 200_000) -> bytes:
    """A damaged file (no xref table) holding an object stream that claims ``count`` objects: MuPDF's repair
    expands it in time that grows with the square of ``count`` (100,000 took 20 s here, 3,000,000 over ten
    minutes)."""
    header = b"".join(b"%d 0 " % (10 + i) for i in range(count))
    data = zlib.compress(header + b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", 9)
    content = b"BT /F1 12 Tf 72 720 Td (Object Streams) Tj ET"
    whole = _page(f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream", extra={
        6: f"<< /Type /ObjStm /N {count} /First {len(header)} /Length {len(data)} /Filter /FlateDecode >>\n"
           f"stream\n".encode() + data + b"\nendstream"})
    return whole[:whole.rindex(b"xref")]


def zero_pages() -> bytes:
    return raw_pdf({1: "<< /Type /Catalog /Pages 2 0 R >>", 2: "<< /Type /Pages /Kids [] /Count 0 >>"})


def encrypted() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "A secret paper", fontsize=18)
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")
    doc.close()
    return data


def many_pages(count: int = 500) -> bytes:
    doc = pymupdf.open()
    for i in range(count):
        page = doc.new_page()
        if i == 0:
            page.insert_text((72, 90), "A Very Long Paper", fontsize=20, fontname="hebo")
            page.insert_text((72, 130), "Ada Lovelace", fontsize=11)
        page.insert_text((72, 200), f"Page {i + 1} of the very long paper. " * 2, fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def image_only() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 400, 300), 0)
    pix.set_rect(pix.irect, (40, 90, 160))
    page.insert_image(pymupdf.Rect(72, 72, 472, 372), pixmap=pix)
    data = doc.tobytes()
    doc.close()
    return data


def garbage() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


def truncated(sample: Path) -> bytes:
    """A real PDF cut off after its first 1,000 bytes: no page survives."""
    return sample.read_bytes()[:1000]
