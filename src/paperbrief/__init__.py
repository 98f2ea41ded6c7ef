"""paperbrief: a daily, trustworthy arXiv paper digest.

Pipeline: ``sources`` (arXiv, local PDFs) -> ``store`` (SQLite) -> ``pdf`` (extraction) -> ``llm`` (prose,
checked) -> ``digest`` (assembling a post) -> ``render`` (Hexo, Markdown, feed) -> ``cli``.
"""

__version__ = "0.1.0"
