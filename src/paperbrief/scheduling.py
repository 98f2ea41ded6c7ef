"""Running paperbrief unattended: a GitHub Actions workflow, a crontab line, systemd units. Pure functions that
return the files' text; ``paperbrief init --github-actions`` writes the workflow (see docs/scheduling.md).

When to run: arXiv announces new papers Sunday to Thursday at 20:00 US Eastern, which is 00:00 or 01:00 UTC the
next day. A run covers every announcement since the last completed run, so one run a day some time after the
announcement is enough (03:17 UTC here: clear of the announcement and of the top of the hour, when scheduled
jobs pile up), and a day that was missed is caught up by the next run.

``paperbrief run`` exits with 0 when it is done (a day without new papers included), 1 when it is done but
some papers failed, 2 for bad usage or a bad config, 3 when arXiv was unreachable or its feed stale, and 4
when another run holds the lock (``--wait`` waits for it instead).
"""

from __future__ import annotations

import json
import posixpath
import shlex

__all__ = ["github_actions_workflow", "cron_line", "systemd_units", "WORKFLOW_PATH", "RUN_TIME_UTC", "CRON_NOTE",
           "EXIT_CODES"]

#: Where ``paperbrief init --github-actions`` writes the workflow (its pip cache is keyed on this file).
WORKFLOW_PATH = ".github/workflows/paperbrief.yml"
#: (hour, minute) of the daily run in UTC: after arXiv's announcement at 00:00 or 01:00 UTC.
RUN_TIME_UTC = (3, 17)
#: What each exit code of ``paperbrief run`` means.
EXIT_CODES = {
    0: "done (a day without new papers included)",
    1: "done, but some papers failed (listed in report.json)",
    2: "bad usage or config, or the model missing or damaged",
    3: "arXiv or the LLM endpoint unreachable, or arXiv's feed stale",
    4: "another run holds the lock",
    5: "the outputs could not be written (disk full, no permission)",
}
#: To print next to ``cron_line``: cron reads the time in the machine's time zone.
CRON_NOTE = ("cron reads the time in the machine's time zone: 17 3 is 03:17 UTC only on a machine set to UTC. "
             "With cronie (Fedora, RHEL, Arch) put the line CRON_TZ=UTC above it; elsewhere convert 03:17 UTC "
             "to local time (any time from 02:00 to 23:00 UTC works; later in the day delays a post by a day).")


def _model_cache_key() -> str:
    from paperbrief.llm.models import DEFAULT_MODEL

    return f"paperbrief-model-{DEFAULT_MODEL.filename}-{DEFAULT_MODEL.version}".lower()


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=False)


def github_actions_workflow(config_path: str = "paperbrief.toml", *, python: str = "3.11") -> str:
    """A GitHub Actions workflow that runs ``paperbrief run --config CONFIG_PATH`` every day at 03:17 UTC (and on
    demand) in the repository holding the config, and commits the posts it writes back to the branch.

    ``config_path`` is relative to the repository root; the output folder is taken to be the config's default
    (``out`` next to the config): a config with another ``[output] dir`` edits ``PAPERBRIEF_OUT`` at the top.
    The SQLite database (what was already published) survives between runs in the Actions cache; the embedded
    model (~1.1 GB) is cached too. Exit code 1 (papers failed) and 3 (arXiv unreachable) still commit what
    was written; 1 then fails the job, 3 leaves a warning (the next run catches up); 2 and 4 fail the job."""
    config = posixpath.normpath(config_path.replace("\\", "/"))
    if posixpath.isabs(config) or config.startswith(".."):
        raise ValueError(f"config_path must be relative to the repository root, not {config_path!r}")
    out = posixpath.join(posixpath.dirname(config), "out")
    hour, minute = RUN_TIME_UTC
    model_key = _model_cache_key()
    return f"""\
# paperbrief: the daily arXiv digest, run by GitHub Actions (written by `paperbrief init --github-actions`;
# the guide is docs/scheduling.md in paperbrief's repository).
#
# Before the first run, in this repository:
#   1. commit the config ({config}) with `[arxiv] contact` set to an e-mail address arXiv can reach you at
#      (arXiv's API terms ask every client for a contact; it goes into the User-Agent);
#   2. Settings > Actions > General > Workflow permissions: allow "Read and write permissions" if the
#      repository does not already (the job commits the posts back to this branch);
#   3. optionally start a first run by hand: Actions > paperbrief > Run workflow.
# A hosted LLM instead of the embedded model: set [llm] in the config, add the key as a repository secret and
# pass it to the "Run paperbrief" step (env: OPENAI_API_KEY: ${{{{ secrets.OPENAI_API_KEY }}}}); the two model
# steps can then go.
name: paperbrief

on:
  schedule:
    # arXiv announces Sunday to Thursday at 20:00 US Eastern (00:00 or 01:00 UTC). A run covers every
    # announcement since the last completed run, so one run a day after it is enough, and a day GitHub
    # skips or delays is caught up by the next run. GitHub reads this in UTC.
    - cron: "{minute} {hour} * * *"
  workflow_dispatch: {{}}

permissions:
  contents: write  # commit and push the posts

concurrency:
  group: paperbrief  # two runs never overlap: a second one waits for the first
  cancel-in-progress: false

env:
  # What pip installs: a release ("paperbrief==0.1.0") or a git URL can stand here
  # ("git+https://github.com/OWNER/paperbrief@main").
  PAPERBRIEF_PACKAGE: paperbrief
  PAPERBRIEF_CONFIG: {_q(config)}
  # The config's [output] dir, relative to the repository root: everything in it is committed but the data
  # folder, whose database (which papers were already published) is kept in the Actions cache instead.
  PAPERBRIEF_OUT: {_q(out)}
  PAPERBRIEF_DATA: {_q(posixpath.join(out, "data"))}
  # Where `paperbrief model pull` installs the embedded model and `paperbrief run` looks for it: the default
  # (the user data folder, ~/.local/share/paperbrief/models on Linux), pinned so the cache below finds it.
  PAPERBRIEF_MODEL_DIR: ~/.local/share/paperbrief/models
  PYTHONUNBUFFERED: "1"

jobs:
  digest:
    runs-on: ubuntu-latest
    # The embedded model takes some 3 to 4 minutes a paper on 2 cores; a run stopped here resumes next time.
    timeout-minutes: 300
    defaults:
      run:
        shell: bash
    steps:
      - uses: actions/checkout@v4

      - uses: actions/setup-python@v5
        with:
          python-version: {_q(python)}
          cache: pip  # llama-cpp-python compiles once, then its wheel comes from this cache
          cache-dependency-path: {WORKFLOW_PATH}

      - name: Install paperbrief
        run: python -m pip install "$PAPERBRIEF_PACKAGE"

      # The key names the model's file and version: a new model gets a new cache.
      - name: Restore the embedded model
        id: model-cache
        uses: actions/cache/restore@v4
        with:
          path: ${{{{ env.PAPERBRIEF_MODEL_DIR }}}}
          key: {model_key}

      - name: Install the embedded model
        run: paperbrief model pull  # verifies a restored model; downloads (~1.1 GB) only when it is missing

      - name: Save the embedded model
        if: steps.model-cache.outputs.cache-hit != 'true'
        uses: actions/cache/save@v4
        with:
          path: ${{{{ env.PAPERBRIEF_MODEL_DIR }}}}
          key: {model_key}

      # A cache entry cannot be overwritten, so every run saves the database under a key of its own and the
      # next run restores the newest one (restore-keys matches by prefix). Only the database: the PDFs and
      # figures of the data folder are downloaded again when needed.
      - name: Restore the database
        uses: actions/cache/restore@v4
        with:
          path: ${{{{ env.PAPERBRIEF_DATA }}}}/paperbrief.sqlite*
          key: paperbrief-data-${{{{ github.run_id }}}}-${{{{ github.run_attempt }}}}
          restore-keys: paperbrief-data-

      - name: Run paperbrief
        id: run
        run: |
          code=0
          paperbrief run --config "$PAPERBRIEF_CONFIG" || code=$?
          echo "exit-code=$code" >> "$GITHUB_OUTPUT"
          case "$code" in
            0) echo "paperbrief: done" ;;
            1) echo "::error title=paperbrief::some papers failed (exit 1); the rest is committed, the failures are in $PAPERBRIEF_OUT/report.json" ;;
            3) echo "::warning title=paperbrief::arXiv was unreachable or its feed stale (exit 3); the next run catches up" ;;
            2) echo "::error title=paperbrief::bad usage or config (exit 2); see the log above"; exit 2 ;;
            4) echo "::error title=paperbrief::another run holds the lock (exit 4)"; exit 4 ;;
            5) echo "::error title=paperbrief::the posts could not be written (exit 5: disk full or no permission); the database keeps the analyses"; exit 5 ;;
            *) echo "::error title=paperbrief::paperbrief run exited with $code"; exit "$code" ;;
          esac

      - name: Save the database
        if: always() && steps.run.outcome != 'skipped'  # whatever the run did is kept, a cancelled run's too
        uses: actions/cache/save@v4
        with:
          path: ${{{{ env.PAPERBRIEF_DATA }}}}/paperbrief.sqlite*
          key: paperbrief-data-${{{{ github.run_id }}}}-${{{{ github.run_attempt }}}}

      # Runs after exit 0, 1 and 3 (the step above fails on 2, 4 and 5, and the steps after it are skipped).
      - name: Commit the posts
        run: |
          if [ ! -d "$PAPERBRIEF_OUT" ]; then echo "nothing written"; exit 0; fi
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
          git add --all -- "$PAPERBRIEF_OUT" ":(exclude)$PAPERBRIEF_DATA"
          if git diff --cached --quiet; then echo "nothing new to commit"; exit 0; fi
          git commit --quiet -m "paperbrief: digest of $(date -u +%Y-%m-%d)"
          for attempt in 1 2 3; do
            if git push --quiet; then exit 0; fi
            git pull --rebase --quiet  # someone pushed meanwhile
          done
          echo "::error title=paperbrief::could not push the posts"
          exit 1

      - name: Fail the job when papers failed
        if: steps.run.outputs.exit-code == '1'
        run: |
          echo "::error title=paperbrief::some papers failed; see $PAPERBRIEF_OUT/report.json (windows[].papers with status failed, and their reasons)"
          exit 1
"""


def _absolute(workdir: str) -> str:
    if not workdir.startswith("/"):
        raise ValueError(f"workdir must be an absolute path, not {workdir!r}")
    return posixpath.normpath(workdir)


def _venv_bin(workdir: str, venv: str) -> str:
    return posixpath.join(workdir, venv, "bin", "paperbrief")  # an absolute venv replaces workdir


def cron_line(config_path: str, *, workdir: str, venv: str = ".venv") -> str:
    """One crontab line: every day at 03:17, ``paperbrief run --config CONFIG_PATH --wait`` in ``workdir``,
    its output appended to ``workdir/paperbrief.log``. No flock: paperbrief takes its own lock, and ``--wait``
    lets a run started by hand finish first. ``venv`` and ``config_path`` may be relative to ``workdir``.
    The time is the machine's local time: see ``CRON_NOTE``."""
    workdir = _absolute(workdir)
    hour, minute = RUN_TIME_UTC
    command = (f"cd {shlex.quote(workdir)} && {shlex.quote(_venv_bin(workdir, venv))} run --config "
               f"{shlex.quote(config_path)} --wait >> {shlex.quote(posixpath.join(workdir, 'paperbrief.log'))} 2>&1")
    # cron turns an unescaped % into a newline
    return f"{minute} {hour} * * * " + command.replace("%", r"\%")


def _unit_arg(value: str) -> str:
    """An argument of ExecStart=: quoted when it holds blanks or quotes, specifiers (%) and $ escaped."""
    value = value.replace("%", "%%").replace("$", "$$")
    if any(c in value for c in " \t\"'\\;"):
        value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def systemd_units(config_path: str, *, workdir: str, venv: str = ".venv",
                  user: str | None = None) -> dict[str, str]:
    """``{"paperbrief.service": ..., "paperbrief.timer": ...}``: a oneshot service running
    ``paperbrief run --config CONFIG_PATH --wait`` in ``workdir``, and a timer starting it every day at 03:17
    UTC, and at the next boot when the machine was off then (``Persistent=true``). Without ``user`` they are
    user units (``~/.config/systemd/user``); with it, system units (``/etc/systemd/system``) run as that user.
    Any exit code but 0 marks the service failed (``systemctl --failed``, ``OnFailure=``)."""
    workdir = _absolute(workdir)
    hour, minute = RUN_TIME_UTC
    exec_start = " ".join(_unit_arg(a) for a in [_venv_bin(workdir, venv), "run", "--config", config_path, "--wait"])
    codes = "; ".join(f"{code} {what}" for code, what in EXIT_CODES.items())
    service = f"""\
[Unit]
Description=paperbrief: the daily arXiv digest
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
# exit codes: {codes}
"""
    if user:
        service += f"User={user}\n"
    service += f"""\
WorkingDirectory={workdir.replace('%', '%%')}
ExecStart={exec_start}
Environment=PYTHONUNBUFFERED=1
Nice=10
# runs are resumable: a run stopped here continues where it stopped next time
TimeoutStartSec=6h
"""
    timer = f"""\
[Unit]
Description=paperbrief every day after arXiv's announcement (00:00 or 01:00 UTC)

[Timer]
OnCalendar=*-*-* {hour:02d}:{minute:02d}:00 UTC
Persistent=true
Unit=paperbrief.service

[Install]
WantedBy=timers.target
"""
    return {"paperbrief.service": service, "paperbrief.timer": timer}
