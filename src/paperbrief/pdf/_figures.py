from __future__ import annotations
def extract_figures(doc, layout, captions, figures_dir, head):
    from paperbrief.records import Figure
    return [Figure(label=c.label, page=c.page + 1, caption=c.text, bbox=list(c.bbox)) for c in captions if c.kind == "figure"], []
