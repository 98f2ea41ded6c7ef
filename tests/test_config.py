"""Config validation: wrong types and impossible values are errors that name the key and the file's line, and
`paperbrief doctor` lists every one of them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from paperbrief.config import load_config, locate_key
from paperbrief.errors import ConfigError

GOOD = "[arxiv]\ncontact = 'me@lab.edu'\n"
TOPIC = "[[topics]]\nname = 'A'\nquery = 'cat:cs.CV'\n"


def _load(tmp_path, text):
    path = tmp_path / "pb.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return str(info.value), info.value


@pytest.mark.parametrize("text, expected", [
    # a wrong type, on line 6 of the second topic
    (GOOD + TOPIC + "[[topics]]\nname = 'B'\nquery = 'q'\nmax_papers = 'ten'\n",
     "topics.1.max_papers (line 9): Input should be a valid integer, unable to parse string as an integer "
     "(got 'ten')"),
    # an unknown output format
    (GOOD + "[output]\nformats = ['hexo', 'jsn']\n" + TOPIC,
     "output.formats.1 (line 4): Input should be 'hexo', 'markdown', 'hugo', 'jekyll', 'json', 'feed' or "
     "'citations' (got 'jsn')"),
    # a query that does not parse
    (GOOD + TOPIC + "[[topics]]\nname = 'B'\n\nquery = 'cat:cs.CV AND (abs:x'\n",
     "topics.1.query (line 9): the '(' at position 14 is never closed"),
    # arXiv's terms: one request every three seconds
    ("[arxiv]\ncontact = 'me@lab.edu'\ndelay_seconds = 1\n" + TOPIC,
     "arxiv.delay_seconds (line 3): it is 1, but arXiv allows at most one request every 3 seconds"),
    # impossible values
    ("[arxiv]\ncontact = 'me@lab.edu'\ntimeout_seconds = 0\n" + TOPIC,
     "arxiv.timeout_seconds (line 3): Input should be greater than 0 (got 0)"),
    (GOOD + "[llm]\nmax_retries = -1\n" + TOPIC, "llm.max_retries (line 4): Input should be greater than or equal "
     "to 0 (got -1)"),
    # the site inside the data folder, whose files (the database) the run owns
    (GOOD + "[output]\ndir = 'out'\nsite_dir = 'out/data/site'\n" + TOPIC,
     "output.site_dir (line 5): "),
    (GOOD + "[output]\ndir = 'out'\ndata_dir = 'out/site/db'\n" + TOPIC, "output.data_dir (line 5): "),
    # an output folder that holds more than paperbrief's files
    (GOOD + "[output]\ndir = '/'\n" + TOPIC, "output.dir (line 4): '/' is /, which holds more than paperbrief's"),
    (GOOD + "[output]\ndir = '..'\n" + TOPIC, "output.dir (line 4): '..' is "),
    (GOOD + "[llm]\nbackend = 'scripted'\n" + TOPIC, "llm.backend (line 4): "),
])
def test_mistakes_name_the_key_and_the_line(tmp_path, monkeypatch, text, expected):
    monkeypatch.delenv("PAPERBRIEF_CONTACT", raising=False)
    message, _ = _load(tmp_path, text)
    assert message.startswith(f"Config {tmp_path / 'pb.toml'} is invalid: {expected}"), message
    assert "\n" not in message


def test_a_missing_key_points_at_its_table(tmp_path):
    message, _ = _load(tmp_path, GOOD + "[[topics]]\nname = 'A'\n")
    assert "topics.0.query (line 3): Field required" in message


def test_every_mistake_is_collected(tmp_path):
    message, err = _load(tmp_path, "[arxiv]\ncontact = 'me@lab.edu'\ndelay_seconds = 1\n[output]\ndir = '/'\n"
                         "[[topics]]\nname = 'A'\nquery = '(x'\n[[topics]]\nname = 'a'\nquery = 'y'\n")
    assert err.problems == [
        "topics.1.name (line 10): two topics have the same name 'a' (topics.0 too)",
        "topics.0.query (line 8): the '(' at position 0 is never closed",
        "arxiv.delay_seconds (line 3): it is 1, but arXiv allows at most one request every 3 seconds; set it to 3 "
        "or more",
        "output.dir (line 5): '/' is /, which holds more than paperbrief's files; use a folder of its own such "
        "as \"out\"",
    ]
    assert message.endswith("(and 3 more; `paperbrief doctor` lists them all).")


def test_doctor_lists_every_mistake(tmp_path):
    path = tmp_path / "pb.toml"
    path.write_text("[arxiv]\ncontact = 'me@lab.edu'\npage_size = 0\n[output]\nformats = ['xml']\n"
                    "[[topics]]\nname = 'A'\nquery = 'q'\nmax_papers = 0\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "paperbrief", "doctor", "--config", str(path)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 1, r.stdout + r.stderr
    rows = [line for line in r.stdout.splitlines() if line.startswith("FIX  config")]
    assert len(rows) == 3, r.stdout
    assert "arxiv.page_size (line 3)" in rows[0] and "output.formats.0 (line 5)" in rows[1]
    assert "topics.0.max_papers (line 9)" in rows[2]


def test_locate_key_reads_tables_and_arrays_of_tables():
    text = ("# comment\n[arxiv]\ncontact = 'a@b.edu'\n\n[[topics]]\nname = 'A'\nquery = 'q'\n[[topics]]\n"
            "name = 'B'\n  max_papers = 3\n[output]\nformats = [\n 'json',\n]\n")
    assert locate_key(text, ("arxiv", "contact")) == 3
    assert locate_key(text, ("topics", 0, "query")) == 7
    assert locate_key(text, ("topics", 1, "max_papers")) == 10
    assert locate_key(text, ("topics", 1, "query")) == 8  # not written: the table's line
    assert locate_key(text, ("output", "formats", 0)) == 12
    assert locate_key(text, ("llm", "backend")) is None
