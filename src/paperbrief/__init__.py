"""paperbrief: a daily, trustworthy arXiv paper digest.

Pipeline: ``sources`` (arXiv, local PDFs) -> ``store`` (SQLite) -> ``pdf`` (extraction) -> ``llm`` (prose,
checked) -> ``run`` (per topic and announcement window: plan, fetch, select, extract and analyse, assemble,
publish) -> ``render`` (Hexo, Markdown, JSON, feed, site) -> ``cli``. ``calendar`` is arXiv's announcement
schedule, ``query`` the topic query language.
"""

__version__ = "0.1.0"
