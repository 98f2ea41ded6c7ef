"""A run, in stages: plan (which windows) -> fetch -> select -> extract/analyse (papers) -> assemble ->
publish. ``run_digest`` sequences them (``runner``); ``one_paper`` is ``paperbrief paper``."""

from paperbrief.run.runner import RunOptions, RunResult, run_digest

__all__ = ["RunOptions", "RunResult", "run_digest"]
