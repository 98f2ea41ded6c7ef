"""The scheduling files (``paperbrief.scheduling``): the GitHub Actions workflow parses and holds its parts, and
its shell steps are run for real with bash, a stub ``paperbrief`` on PATH exiting with each exit code and a git
remote on disk, so what each exit code does to the job (fail or not, commit or not) is shown, not assumed.
The systemd units parse as INI, the crontab line runs under sh."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from paperbrief.llm.models import DEFAULT_MODEL, model_dir
from paperbrief.scheduling import (CRON_NOTE, EXIT_CODES, WORKFLOW_PATH, cron_line, github_actions_workflow,
                                   systemd_units)

WF = yaml.safe_load(github_actions_workflow())
STEPS = WF["jobs"]["digest"]["steps"]


def _step(name_or_id: str) -> dict:
    return next(s for s in STEPS if s.get("id") == name_or_id or s.get("name") == name_or_id)


# --- the workflow's parts --------------------------------------------------------------------------------------

def test_the_workflow_runs_daily_after_the_announcement_and_never_twice_at_once():
    on = WF.get("on", WF.get(True))  # YAML 1.1 reads a bare `on` as true; GitHub reads it as the key
    assert on["schedule"] == [{"cron": "17 3 * * *"}] and "workflow_dispatch" in on
    assert WF["permissions"] == {"contents": "write"}
    assert WF["concurrency"] == {"group": "paperbrief", "cancel-in-progress": False}
    assert WF["env"]["PAPERBRIEF_PACKAGE"] == "paperbrief"
    assert "git+https://" in github_actions_workflow()  # the comment: a git URL can stand there
    assert WF["env"]["PAPERBRIEF_CONFIG"] == "paperbrief.toml"
    assert (WF["env"]["PAPERBRIEF_OUT"], WF["env"]["PAPERBRIEF_DATA"]) == ("out", "out/data")
    assert "[arxiv] contact" in github_actions_workflow()


def test_checkout_python_with_pip_cache_and_the_install():
    uses = [s.get("uses", "") for s in STEPS]
    assert uses[0].startswith("actions/checkout@") and uses[1].startswith("actions/setup-python@")
    setup = STEPS[1]["with"]
    assert setup["python-version"] == "3.11" and setup["cache"] == "pip"
    assert setup["cache-dependency-path"] == WORKFLOW_PATH  # a digest repository has no requirements file
    assert yaml.safe_load(github_actions_workflow(python="3.12"))["jobs"]["digest"]["steps"][1]["with"][
        "python-version"] == "3.12"
    assert 'pip install "$PAPERBRIEF_PACKAGE"' in _step("Install paperbrief")["run"]


def test_the_model_folder_is_cached_under_a_fixed_key(monkeypatch):
    restore, save = _step("model-cache"), _step("Save the embedded model")
    assert restore["uses"].startswith("actions/cache/restore@") and save["uses"].startswith("actions/cache/save@")
    key = restore["with"]["key"]
    assert key == save["with"]["key"] and DEFAULT_MODEL.filename.lower() in key and DEFAULT_MODEL.version in key
    assert restore["with"]["path"] == save["with"]["path"] == "${{ env.PAPERBRIEF_MODEL_DIR }}"
    assert save["if"] == "steps.model-cache.outputs.cache-hit != 'true'"
    assert "paperbrief model pull" in _step("Install the embedded model")["run"]
    # the folder the workflow pins is the one paperbrief uses anyway (platformdirs' user data folder)
    monkeypatch.delenv("PAPERBRIEF_MODEL_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert model_dir() == Path.home() / ".local/share/paperbrief/models"
    monkeypatch.setenv("PAPERBRIEF_MODEL_DIR", WF["env"]["PAPERBRIEF_MODEL_DIR"])
    assert model_dir() == Path.home() / ".local/share/paperbrief/models"


def test_the_database_survives_between_runs():
    restore, save = _step("Restore the database"), _step("Save the database")
    assert restore["uses"].startswith("actions/cache/restore@") and save["uses"].startswith("actions/cache/save@")
    # caches are immutable: a key per run, the newest restored by prefix
    assert restore["with"]["key"] == save["with"]["key"] == \
        "paperbrief-data-${{ github.run_id }}-${{ github.run_attempt }}"
    assert restore["with"]["restore-keys"] == "paperbrief-data-"
    assert restore["with"]["path"] == save["with"]["path"] == "${{ env.PAPERBRIEF_DATA }}/paperbrief.sqlite*"
    assert save["if"].startswith("always()")  # a failed run's progress is kept too
    names = [s.get("name") or s.get("uses") for s in STEPS]
    assert names.index("Restore the database") < names.index("Run paperbrief") < names.index("Save the database")


def test_the_run_step_and_no_expressions_in_shell():
    assert 'paperbrief run --config "$PAPERBRIEF_CONFIG"' in _step("run")["run"]
    for step in STEPS:  # values reach the shell through the environment, never pasted into the script
        assert "${{" not in step.get("run", "")


def test_a_config_in_a_subfolder():
    wf = yaml.safe_load(github_actions_workflow("digest/paperbrief.toml"))
    assert wf["env"]["PAPERBRIEF_CONFIG"] == "digest/paperbrief.toml"
    assert (wf["env"]["PAPERBRIEF_OUT"], wf["env"]["PAPERBRIEF_DATA"]) == ("digest/out", "digest/out/data")
    assert yaml.safe_load(github_actions_workflow("./paperbrief.toml"))["env"]["PAPERBRIEF_CONFIG"] == "paperbrief.toml"
    for bad in ("/etc/paperbrief.toml", "../paperbrief.toml"):
        with pytest.raises(ValueError):
            github_actions_workflow(bad)


# --- the job, simulated: its shell steps run with bash -------------------------------------------------------

def _condition(expr: str | None, failed: bool, steps: dict) -> bool:
    """GitHub's ``if:`` for the forms the workflow uses. Without a status function the expression is
    ``success() && (expr)``; no ``if`` is ``success()``."""
    expr = (expr or "success()").replace("${{", "").replace("}}", "").strip()
    if not re.search(r"\b(always|success|failure|cancelled)\(\)", expr):
        expr = f"success() && ({expr})"

    def ref(m: re.Match) -> str:
        info = steps.get(m.group(1), {"outcome": "", "outputs": {}})
        kind = m.group(2)
        return repr(info["outcome"] if kind == "outcome" else info["outputs"].get(kind.split(".", 1)[1], ""))

    py = re.sub(r"steps\.([\w-]+)\.(outcome|outputs\.[\w-]+)", ref, expr)
    py = re.sub(r"!(?!=)", " not ", py).replace("&&", " and ").replace("||", " or ")
    py = (py.replace("always()", "True").replace("success()", str(not failed)).replace("failure()", str(failed))
          .replace("cancelled()", "False"))
    return bool(eval(py, {"__builtins__": {}}, {}))  # noqa: S307 - our own workflow's expressions


def test_the_condition_reader():
    steps = {"run": {"outcome": "failure", "outputs": {"exit-code": "2"}}}
    assert _condition(None, False, steps) and not _condition(None, True, steps)
    assert _condition("always() && steps.run.outcome != 'skipped'", True, steps)
    assert _condition("always() && steps.other.outcome != 'skipped'", True, steps)  # '' != 'skipped'
    assert not _condition("!always()", False, steps)
    assert _condition("steps.run.outputs.exit-code == '2'", False, steps)
    assert not _condition("steps.run.outputs.exit-code == '2'", True, steps)  # implicit success()


STUB = """#!/bin/bash
# paperbrief, as far as the workflow sees it: `run` writes a post, the report and the database, then exits
# with $STUB_CODE (nothing is written for 2 and 4, as a bad config or a held lock write nothing)
[ "$1" = run ] || exit 0
echo "$*" >> "$STUB_LOG"
case "$STUB_CODE" in 2|4) exit "$STUB_CODE" ;; esac
if [ -n "$STUB_POST" ]; then
  mkdir -p out/posts out/data
  echo "$STUB_POST" > out/posts/2026-12-01-diffusion-models.md
  echo '{"new": 1}' > out/report.json
  echo sqlite > out/data/paperbrief.sqlite
fi
exit "$STUB_CODE"
"""


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    """A digest repository cloned from a bare remote (the checkout), and a bin folder with the stub."""
    if not shutil.which("git") or not shutil.which("bash"):
        pytest.skip("needs git and bash")
    remote, seed, work = tmp_path / "remote.git", tmp_path / "seed", tmp_path / "work"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Someone", "GIT_AUTHOR_EMAIL": "someone@example.org",
           "GIT_COMMITTER_NAME": "Someone", "GIT_COMMITTER_EMAIL": "someone@example.org"}
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(remote)], check=True)
    subprocess.run(["git", "clone", "--quiet", str(remote), str(seed)], check=True, capture_output=True)
    (seed / "paperbrief.toml").write_text("[arxiv]\ncontact = 'me@example.org'\n")
    subprocess.run(["git", "add", "."], cwd=seed, check=True)
    subprocess.run(["git", "commit", "--quiet", "-m", "config"], cwd=seed, check=True, env=env)
    subprocess.run(["git", "push", "--quiet", "origin", "HEAD:main"], cwd=seed, check=True, capture_output=True)
    subprocess.run(["git", "clone", "--quiet", str(remote), str(work)], check=True, capture_output=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "paperbrief"
    stub.write_text(STUB)
    stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    return {"remote": remote, "seed": seed, "work": work, "bin": bin_dir, "env": env, "tmp": tmp_path}


def _simulate(repo: dict, code: int, post: str | None = "a post") -> dict:
    """The job from its "Run paperbrief" step on (the steps before it succeeded): each step's ``if`` read as
    GitHub does, each ``run`` executed as GitHub's ``shell: bash`` does, ``uses`` steps counted as done."""
    out_file = repo["tmp"] / f"github_output_{code}"
    out_file.write_text("")
    env = {**os.environ, **{k: str(v) for k, v in WF["env"].items()}, "GITHUB_OUTPUT": str(out_file),
           "PATH": f"{repo['bin']}{os.pathsep}{os.environ['PATH']}", "STUB_CODE": str(code),
           "STUB_POST": post or "", "STUB_LOG": str(repo["tmp"] / "calls.log"), "HOME": str(repo["tmp"])}
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        env.pop(var, None)
    assert WF["jobs"]["digest"]["defaults"]["run"]["shell"] == "bash"
    start = next(i for i, s in enumerate(STEPS) if s.get("id") == "run")
    failed, steps, ran, log = False, {}, [], ""
    for step in STEPS[start:]:
        name = step.get("id") or step.get("name")
        if not _condition(step.get("if"), failed, steps):
            steps[name] = {"outcome": "skipped", "outputs": {}}
            continue
        ran.append(step.get("name"))
        if "run" not in step:
            steps[name] = {"outcome": "success", "outputs": {}}
            continue
        out_file.write_text("")
        script = repo["tmp"] / "step.sh"
        script.write_text(step["run"])
        # GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=repo["work"],
                           env=env, capture_output=True, text=True, timeout=120)
        log += r.stdout + r.stderr
        outputs = dict(line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line)
        steps[name] = {"outcome": "success" if r.returncode == 0 else "failure", "outputs": outputs}
        failed = failed or r.returncode != 0
    return {"failed": failed, "steps": steps, "ran": ran, "log": log}


def _remote_log(repo: dict) -> list[str]:
    return _git(repo["remote"], "log", "--format=%an <%ae>|%s", "main").splitlines()


@pytest.mark.parametrize("code, job_fails, commits, annotation", [
    (0, False, True, None),
    (1, True, True, "::error title=paperbrief::some papers failed"),
    (3, False, True, "::warning title=paperbrief::arXiv was unreachable"),
    (2, True, False, "::error title=paperbrief::bad usage or config"),
    (4, True, False, "::error title=paperbrief::another run holds the lock"),
])
def test_each_exit_code_of_the_run(repo, code, job_fails, commits, annotation):
    job = _simulate(repo, code)
    run = job["steps"]["run"]
    assert run["outputs"]["exit-code"] == str(code)
    # 2 and 4 fail the run step itself; 0, 1 and 3 let the commit step run
    assert run["outcome"] == ("failure" if code in (2, 4) else "success")
    assert ("Commit the posts" in job["ran"]) == (code in (0, 1, 3))
    assert "Save the database" in job["ran"]  # whatever happened, the database is kept
    assert job["failed"] == job_fails
    if annotation:
        assert annotation in job["log"]
    history = _remote_log(repo)
    if commits:
        assert len(history) == 2 and history[0].startswith(
            "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|paperbrief: digest of ")
        files = _git(repo["remote"], "show", "--name-only", "--format=", "main").split()
        assert sorted(files) == ["out/posts/2026-12-01-diffusion-models.md", "out/report.json"]  # not the database
    else:
        assert len(history) == 1
    assert (repo["tmp"] / "calls.log").read_text().split("\n")[0] == "run --config paperbrief.toml"


def test_nothing_changed_nothing_committed(repo):
    job = _simulate(repo, 0, post=None)
    assert not job["failed"] and "nothing written" in job["log"]
    assert len(_remote_log(repo)) == 1
    _simulate(repo, 0, post="a post")
    assert len(_remote_log(repo)) == 2
    job = _simulate(repo, 0, post="a post")  # the same files again
    assert not job["failed"] and "nothing new to commit" in job["log"]
    assert len(_remote_log(repo)) == 2


def test_a_push_that_lost_a_race_is_rebased(repo):
    (repo["seed"] / "README.md").write_text("my digest\n")
    subprocess.run(["git", "add", "."], cwd=repo["seed"], check=True)
    subprocess.run(["git", "commit", "--quiet", "-m", "readme"], cwd=repo["seed"], check=True, env=repo["env"])
    subprocess.run(["git", "push", "--quiet", "origin", "HEAD:main"], cwd=repo["seed"], check=True,
                   capture_output=True)
    job = _simulate(repo, 0)
    assert not job["failed"], job["log"]
    subjects = [line.split("|")[1] for line in _remote_log(repo)]
    assert subjects[0].startswith("paperbrief: digest of ") and subjects[1:] == ["readme", "config"]


# --- systemd and cron ------------------------------------------------------------------------------------------

def _ini(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string(text)
    return parser


def test_systemd_units():
    units = systemd_units("paperbrief.toml", workdir="/srv/digest")
    assert set(units) == {"paperbrief.service", "paperbrief.timer"}
    service, timer = _ini(units["paperbrief.service"]), _ini(units["paperbrief.timer"])
    assert service.sections() == ["Unit", "Service"]
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["WorkingDirectory"] == "/srv/digest"
    assert shlex.split(service["Service"]["ExecStart"]) == [
        "/srv/digest/.venv/bin/paperbrief", "run", "--config", "paperbrief.toml", "--wait"]
    assert "User" not in service["Service"]  # a user unit
    assert service["Unit"]["After"] == "network-online.target"
    assert timer.sections() == ["Unit", "Timer", "Install"]
    assert timer["Timer"]["OnCalendar"] == "*-*-* 03:17:00 UTC"
    assert timer["Timer"]["Persistent"] == "true" and timer["Timer"]["Unit"] == "paperbrief.service"
    assert timer["Install"]["WantedBy"] == "timers.target"
    for code in EXIT_CODES:
        assert f"{code} {EXIT_CODES[code]}" in units["paperbrief.service"]

    system = _ini(systemd_units("/etc/paperbrief.toml", workdir="/srv/my 100% digest", venv="/opt/pb",
                                user="digest")["paperbrief.service"])
    assert system["Service"]["User"] == "digest"
    assert system["Service"]["WorkingDirectory"] == "/srv/my 100%% digest"  # %% is systemd's escaped %
    assert shlex.split(system["Service"]["ExecStart"])[:4] == ["/opt/pb/bin/paperbrief", "run", "--config",
                                                               "/etc/paperbrief.toml"]
    with pytest.raises(ValueError):
        systemd_units("paperbrief.toml", workdir="relative/dir")


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_reads_the_calendar_and_the_units(tmp_path):
    timer = _ini(systemd_units("paperbrief.toml", workdir="/srv/digest")["paperbrief.timer"])
    r = subprocess.run(["systemd-analyze", "calendar", timer["Timer"]["OnCalendar"]], capture_output=True,
                       text=True)
    assert r.returncode == 0 and "Normalized form: *-*-* 03:17:00 UTC" in r.stdout, r.stdout + r.stderr
    work = tmp_path / "my digest"
    (work / ".venv" / "bin").mkdir(parents=True)
    exe = work / ".venv" / "bin" / "paperbrief"
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    units = tmp_path / "units"
    units.mkdir()
    for name, text in systemd_units("paperbrief.toml", workdir=str(work)).items():
        (units / name).write_text(text)
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", str(units / "paperbrief.timer"),
                        str(units / "paperbrief.service")], capture_output=True, text=True)
    said = r.stdout + r.stderr
    if r.returncode and "paperbrief" not in said:
        pytest.skip(f"systemd-analyze verify cannot run here: {said.strip()[-200:]}")
    assert r.returncode == 0 and "paperbrief" not in said, said  # it names the unit file it finds fault with


def test_cron_line_runs_under_sh(tmp_path):
    work = tmp_path / "my digest 100%"
    (work / ".venv" / "bin").mkdir(parents=True)
    exe = work / ".venv" / "bin" / "paperbrief"
    exe.write_text('#!/bin/sh\necho "called in $(pwd) with: $*"\necho "to stderr" >&2\n')
    exe.chmod(0o755)
    line = cron_line("paperbrief.toml", workdir=str(work))
    fields = line.split(None, 5)
    assert fields[:5] == ["17", "3", "*", "*", "*"] and len(fields) == 6
    command = fields[5]
    assert "--config paperbrief.toml --wait" in command and "flock" not in command
    assert "%" not in command.replace(r"\%", "")  # cron would cut the command at a bare %
    for _ in range(2):  # what cron does: unescape \%, hand the rest to /bin/sh, from another folder
        subprocess.run(["sh", "-c", command.replace(r"\%", "%")], cwd=tmp_path, check=True)
    log = (work / "paperbrief.log").read_text().splitlines()
    assert log == [f"called in {work} with: run --config paperbrief.toml --wait", "to stderr"] * 2
    assert "CRON_TZ=UTC" in CRON_NOTE
    with pytest.raises(ValueError):
        cron_line("paperbrief.toml", workdir="~/digest")
