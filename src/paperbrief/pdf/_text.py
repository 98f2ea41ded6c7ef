from __future__ import annotations
def role_texts(layout, st, head):
    return {}
