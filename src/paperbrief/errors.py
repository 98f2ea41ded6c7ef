"""The exception hierarchy. Every error a user can cause or meet is a ``PaperbriefError`` whose message is
one clear sentence; the CLI prints it and exits non-zero without a traceback."""

from __future__ import annotations

__all__ = [
    "PaperbriefError",
    "ConfigError",
    "SourceError",
    "ArxivUnavailable",
    "ArxivRateLimited",
    "ArxivMalformed",
    "ArxivRejected",
    "PDFError",
    "LLMError",
    "LLMUnavailable",
    "LLMOutputInvalid",
    "ModelMissing",
    "StoreError",
    "OutputError",
    "RunLocked",
    "DeliveryError",
    "ExitCode",
]


class ExitCode:
    """What ``paperbrief run`` returns (documented in the README)."""

    DONE = 0  # done, normal empty days included
    FAILED_PAPERS = 1  # done, but a PDF or an LLM call failed outright for some papers, or a delivery failed
    USAGE = 2  # bad usage or configuration
    SOURCE = 3  # arXiv unreachable, or its answer stale or incomplete
    LOCKED = 4  # another run holds the data folder
    OUTPUT = 5  # the outputs could not be written (disk full, a folder that cannot be written)


class PaperbriefError(Exception):
    """Base class; ``exit_code`` is what the CLI returns."""

    exit_code = 1


class ConfigError(PaperbriefError):
    """A user mistake in configuration or arguments."""

    exit_code = 2


class SourceError(PaperbriefError):
    """A paper source (arXiv, a local file) could not deliver."""


class ArxivUnavailable(SourceError):
    """arXiv (or the configured mirror) could not be reached or kept failing."""

    exit_code = 3


class ArxivRateLimited(ArxivUnavailable):
    """arXiv kept answering 429/503 after every retry."""


class ArxivMalformed(ArxivUnavailable):
    """arXiv's answer was not a whole Atom feed (a page cut off, a maintenance page): asked again, then this."""


class ArxivRejected(SourceError):
    """arXiv answered with its error feed (an error entry): it refused the query. Not asked again."""

    exit_code = 3


class PDFError(PaperbriefError):
    """A PDF is unreadable: truncated, encrypted, empty or not a PDF."""


class LLMError(PaperbriefError):
    """The LLM backend failed (connection, HTTP error, timeout)."""


class LLMUnavailable(LLMError):
    """The LLM backend cannot answer any paper now: the endpoint is down, refuses the key, or has no such model.
    The run leaves the window open for the next run instead of publishing a post of failures."""

    exit_code = 3


class LLMOutputInvalid(LLMError):
    """The LLM answered, but its output failed the schema or the checks."""


class ModelMissing(LLMError):
    """The embedded model file is not installed."""

    exit_code = 2


class StoreError(PaperbriefError):
    """The database could not be opened or written."""


class OutputError(PaperbriefError):
    """A post, its figures or the database could not be written (disk full, not a folder, no permission). The
    window stays open: the next run writes it; earlier posts are untouched."""

    exit_code = ExitCode.OUTPUT


class RunLocked(PaperbriefError):
    """Another run holds the data folder's lock."""

    exit_code = 4


class DeliveryError(PaperbriefError):
    """An e-mail or chat delivery could not be sent (SMTP login refused, a webhook unreachable or refusing). The
    post is written; the delivery is recorded as failed and the next run tries it once more."""
