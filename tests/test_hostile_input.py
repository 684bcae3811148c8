"""Hostile and odd input through the loader and every command of ``python -m helpers``.

Unusable input: exactly one plain ``error:`` line on stderr per bad file, a non-zero exit,
never a traceback, and no output file or report folder left behind (not even a temporary
one). Usable input: exit 0, offsets that slice the text as ``load_article`` reads it, and a
one-line ``warning:`` where the input was odd. Hang detectors (catastrophic regex
backtracking, huge files) run in a subprocess with a generous time limit: they catch hangs,
they are not speed tests.

The small inputs live in tests/fixtures/hostile/ (see its README.md); large ones are
generated in a temporary folder at test time.
"""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from helpers.articles import ArticleError, InputWarning, load_article, load_articles
from helpers.cli import OTHER_COMMANDS, TABLE_COMMANDS
from tests.conftest import ROOT, SEED

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"

# file -> a words of the one-line error it must give
UNUSABLE = {
    "empty.txt": "empty",
    "whitespace_only.txt": "empty",
    "bom_only.txt": "empty",
    "binary.txt": "not a text file",
    "image_named.txt": "not a text file",
    "pdf_named.txt": "not a text file",
    "utf16_odd_length.txt": "UTF-16",
    "json_without_text.json": "'text' field",
    "broken.jsonl": "not valid JSON",
    "csv_without_text_column.csv": "no column 'text'",
}
# file -> words of the warning it must give (None: no warning expected)
USABLE = {
    "windows_line_ends.txt": None,
    "old_mac_line_ends.txt": None,
    "utf8_with_bom.txt": None,
    "utf16_with_bom.txt": None,
    "utf16_without_bom.txt": "byte-order mark",
    "latin1.txt": "not UTF-8",
    "cp1252_smart_quotes.txt": "not UTF-8",
    "page_with_scripts.html": None,
    "html_named.txt": "HTML page",
    "boilerplate_only.html": "characters of text",
    "no_quotes.txt": None,
    "only_quotes.txt": None,
    "unbalanced_quotes.txt": None,
    "nested_quotes.txt": None,
    "non_english.txt": None,
    "control_characters.txt": None,
    "emoji_and_combining.txt": None,
}
# Table columns holding (start, end, text) spans, per command.
SPAN_COLUMNS = {
    "sentences": [("start", "end", "text")],
    "tokens": [("start", "end", "text")],
    "quotes": [("start", "end", "text"), ("cue_start", "cue_end", "cue"), ("mention_start", "mention_end", "mention")],
}
# Bugs found by this battery in modules still being written, skipped until their owners fix them.
KNOWN_BUGS: dict[str, str] = {}
ENV = {**os.environ, "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "MPLBACKEND": "agg", "HELPERS_DEBUG": ""}


def run_helpers(*args: str | Path, timeout: float = 300, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """``python -m helpers ARGS`` in a subprocess, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "helpers", *map(str, args)], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def stderr_lines(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.strip()]


def assert_plain_failure(run: subprocess.CompletedProcess, *expected: str) -> None:
    """A non-zero exit and exactly one plain ``error:`` line, mentioning ``expected``."""
    lines = stderr_lines(run)
    assert run.returncode != 0, f"exit 0 on unusable input; stderr: {run.stderr[-500:]}"
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("error: "), f"expected one 'error:' line, got:\n{run.stderr[-1500:]}"
    for words in expected:
        assert words in lines[0], f"{words!r} not in {lines[0]!r}"


def assert_clean_success(run: subprocess.CompletedProcess) -> None:
    """Exit 0, no traceback, and nothing on stderr but one-line warnings."""
    assert run.returncode == 0, f"exit {run.returncode}:\n{run.stderr[-2000:]}"
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    for line in stderr_lines(run):
        assert line.startswith("warning: "), f"unexpected stderr line: {line!r}"


def jsonl_records(run: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def loaded_text(label: str) -> str:
    """The text ``load_article`` reads for a record's ``file`` field."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_article(Path(label) if Path(label).is_absolute() else ROOT / label).text


def assert_offsets_slice(command: str, records: list[dict]) -> None:
    """Every span of every record slices the loaded text back to the record's text."""
    texts: dict[str, str] = {}
    for record in records:
        if record["file"] not in texts:
            texts[record["file"]] = loaded_text(record["file"])
        text = texts[record["file"]]
        for start_column, end_column, text_column in SPAN_COLUMNS.get(command, []):
            start, end = record.get(start_column), record.get(end_column)
            if start is None or end is None:
                continue
            assert 0 <= start <= end <= len(text), (record["file"], start_column, start, end)
            assert text[start:end] == record[text_column], (record["file"], text_column, text[start:end], record[text_column])


def leftovers(folder: Path, name: str) -> list[str]:
    """Hidden temporary files or folders for output ``name`` left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}"))


# ------------------------------------------------------------------- the loader, in process


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_loader_refuses_unusable_files_in_one_line(name):
    with pytest.raises(ArticleError) as error:
        list(load_articles(HOSTILE / name))
    message = str(error.value)
    assert UNUSABLE[name] in message and "\n" not in message and name in message


@pytest.mark.parametrize("name", sorted(USABLE))
def test_loader_reads_odd_but_usable_files(name):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        article = load_article(HOSTILE / name)
    messages = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    assert article.text.strip()
    if USABLE[name]:
        assert any(USABLE[name] in message for message in messages), messages
    else:
        assert not messages, messages
    assert all("\n" not in message for message in messages)


def test_line_ends_and_encodings_are_kept_as_read():
    windows = load_article(HOSTILE / "windows_line_ends.txt").text
    assert windows.count("\r\n") == 5 and windows == (HOSTILE / "windows_line_ends.txt").read_bytes().decode()
    assert load_article(HOSTILE / "old_mac_line_ends.txt").text == windows.replace("\r\n", "\r")
    assert load_article(HOSTILE / "utf16_with_bom.txt").text.startswith("\u201cWe are ready,\u201d")
    assert not load_article(HOSTILE / "utf8_with_bom.txt").text.startswith("\ufeff")
    with pytest.warns(InputWarning):
        assert load_article(HOSTILE / "utf16_without_bom.txt").text.startswith('"We are ready,"')
    with pytest.warns(InputWarning):
        assert "\u00ab Nous ne c\u00e9derons pas. \u00bb" in load_article(HOSTILE / "latin1.txt").text


def test_html_loses_scripts_and_boilerplate():
    text = load_article(HOSTILE / "page_with_scripts.html").text
    assert "We will not close the bridge" in text and "new railings" in text
    for junk in ("tracker", "alert", "injected", "cookies", "Subscribe", "Most read", "color: red"):
        assert junk not in text, junk


# ------------------------------------------------------------------- table commands


@pytest.mark.parametrize("command", sorted(TABLE_COMMANDS))
def test_table_command_on_usable_odd_files(command, tmp_path):
    long_line = tmp_path / "long_line_without_punctuation.txt"
    long_line.write_text(" ".join(["word"] * 40_000), encoding="utf-8")  # 200 KB, one line
    files = [HOSTILE / name for name in sorted(USABLE)] + [long_line]
    run = run_helpers(command, *files)
    assert_clean_success(run)
    for name, words in USABLE.items():
        if words:
            assert any(name in line and words in line for line in stderr_lines(run)), f"no warning for {name}"
    records = jsonl_records(run)
    assert all(Path(record["file"]).name in USABLE or record["file"] == str(long_line) for record in records)
    assert_offsets_slice(command, records)
    found = {Path(record["file"]).name for record in records}
    if command in ("sentences", "tokens"):
        assert found == set(USABLE) | {long_line.name}
    if command == "quotes":
        assert {"windows_line_ends.txt", "old_mac_line_ends.txt", "nested_quotes.txt", "page_with_scripts.html"} <= found
        assert "no_quotes.txt" not in found


@pytest.mark.parametrize("command", ["sentences", "quotes"])  # files are read by code all table commands share
def test_table_command_on_unusable_files(command):
    good = HOSTILE / "windows_line_ends.txt"
    bad = [HOSTILE / name for name in sorted(UNUSABLE)]
    run = run_helpers(command, *bad, good)
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    lines = stderr_lines(run)
    assert all(line.startswith("error: ") for line in lines), run.stderr
    for name, words in UNUSABLE.items():
        assert sum(name in line for line in lines) == 1, f"{name}: expected one error line in\n{run.stderr}"
        assert any(name in line and words in line for line in lines)
    records = jsonl_records(run)
    assert {Path(record["file"]).name for record in records} <= {good.name}  # bad files give no records
    assert_offsets_slice(command, records)


def test_csv_output_offsets_slice_the_text():
    run = run_helpers("quotes", HOSTILE / "windows_line_ends.txt", HOSTILE / "nested_quotes.txt", "--format", "csv")
    assert_clean_success(run)
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert rows
    for row in rows:
        text = loaded_text(row["file"])
        assert text[int(row["start"]):int(row["end"])] == row["text"]
        if row["cue_start"]:
            assert text[int(row["cue_start"]):int(row["cue_end"])] == row["cue"]


@pytest.mark.parametrize("command", ["quotes", "report", "corpus", "coding-sheet"])
@pytest.mark.parametrize("where", ["missing file", "empty folder"])
def test_missing_file_and_empty_folder(command, where, tmp_path):
    if command in KNOWN_BUGS:
        pytest.skip(KNOWN_BUGS[command])
    target = tmp_path / "no_such_article.txt" if where == "missing file" else tmp_path / "empty"
    if where == "empty folder":
        target.mkdir()
    out = tmp_path / "out"
    extra = {"report": ["--out", out], "corpus": ["--out", f"{out}.csv", "--workers", "1"],
             "coding-sheet": ["--out", f"{out}.csv"]}.get(command, [])
    run = run_helpers(command, target, *extra)
    assert_plain_failure(run, target.name)
    assert not any(p.name.startswith(("out", ".out")) for p in tmp_path.iterdir()), sorted(os.listdir(tmp_path))


# ------------------------------------------------------------------- report, corpus, coding sheets, agreement


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "image_named.txt", "utf16_odd_length.txt"])
def test_report_on_unusable_input_writes_nothing(name, tmp_path):
    out = tmp_path / "report"
    run = run_helpers("report", HOSTILE / name, "--out", out, "--quiet")
    assert_plain_failure(run, name, UNUSABLE[name])
    assert not out.exists() and not leftovers(tmp_path, "report")


def test_report_keeps_an_older_report_when_a_new_run_fails(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "index.html").write_text("<p>older report</p>", encoding="utf-8")
    run = run_helpers("report", HOSTILE / "empty.txt", "--out", out, "--quiet")
    assert_plain_failure(run, "empty.txt")
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>older report</p>"
    assert not leftovers(tmp_path, "report")


def test_report_on_an_article_without_quotes(tmp_path):
    """No quotes, no sidecars: the notebooks' guards still render every section."""
    out = tmp_path / "report"
    run = run_helpers("report", HOSTILE / "no_quotes.txt", "--out", out, "--quiet", timeout=900)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert not any(line.startswith("error") for line in stderr_lines(run)), run.stderr
    assert (out / "index.html").is_file() and not leftovers(tmp_path, "report")
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 1
    for page in pages:
        assert "Traceback (most recent call last)" not in page.read_text(encoding="utf-8"), page.name
    for notebook in sorted(out.rglob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        errors = [output.get("ename") for cell in cells for output in cell.get("outputs", [])
                  if output.get("output_type") == "error"]
        assert not errors, f"{notebook.relative_to(out)}: {errors}"


def test_report_refuses_an_article_above_its_limit_at_once(tmp_path):
    """Far more text than a report is made for (it would run for an hour): one line, in seconds, nothing written."""
    from helpers.report import MAX_CHARS

    path = tmp_path / "long.txt"
    seed = SEED.read_text(encoding="utf-8")
    path.write_text((seed + "\n") * (5 * MAX_CHARS // len(seed)), encoding="utf-8")
    chars = len(load_article(path).text)
    out = tmp_path / "report"
    started = time.monotonic()
    run = run_helpers("report", path, "--out", out, "--quiet", timeout=120)
    assert_plain_failure(run, f"long.txt is {chars:,} characters", f"up to {MAX_CHARS:,} characters",
                         "python -m helpers quotes / corpus")
    assert time.monotonic() - started < 30, "the limit is checked before any notebook runs"
    assert sorted(os.listdir(tmp_path)) == ["long.txt"]


def _is_kernel(process) -> bool:
    try:
        return "ipykernel" in " ".join(process.cmdline())
    except Exception:  # gone meanwhile
        return False


def _still_there(processes, started_by: set[int], seconds: float = 5) -> list[str]:
    """Those of ``processes`` still running, and kernels started by any of ``started_by``, after up to ``seconds``."""
    import psutil

    deadline = time.monotonic() + seconds
    while True:
        left = []
        for process in processes:
            try:
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    left.append(f"{process.pid} {' '.join(process.cmdline())[:100]}")
            except psutil.Error:
                pass
        for process in psutil.process_iter():  # also a kernel started after the signal
            try:
                if _is_kernel(process) and int(process.environ().get("JPY_PARENT_PID") or 0) in started_by \
                        and process.status() != psutil.STATUS_ZOMBIE:
                    left.append(f"{process.pid} kernel")
            except (psutil.Error, ValueError):
                pass
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


# (signal, sent to, extra arguments, the one line expected): Ctrl-C in a terminal reaches the whole
# process group; kill PID and a process manager reach the main process only; timeout signals the group.
INTERRUPTS = {
    "Ctrl-C": (signal.SIGINT, "group", [], "error: interrupted"),
    "kill": (signal.SIGTERM, "main", [], "error: interrupted"),
    "kill -INT": (signal.SIGINT, "main", [], "error: interrupted"),
    "timeout, one notebook at a time": (signal.SIGTERM, "group", ["--jobs", "1"], "error: interrupted"),
    "a worker killed": (signal.SIGKILL, "worker", [], "error: a notebook worker process ended unexpectedly"),
}


def _interruptible() -> None:
    """Let the report feel Ctrl-C as a user's terminal would, even when the test run itself was started in the
    background (which starts with SIGINT ignored, and children inherit that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("case", list(INTERRUPTS))
def test_interrupted_report_stops_everything_and_leaves_nothing(case, tmp_path):
    """Signalled while notebooks run: one line within seconds; no worker, kernel, kernel connection file or
    socket left (the run's temporary files go to a folder of its own here); nothing beside the output."""
    psutil = pytest.importorskip("psutil")
    how, target, extra, line = INTERRUPTS[case]
    out, temporary = tmp_path / "reports" / "report", tmp_path / "tmp"
    out.parent.mkdir()
    temporary.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "helpers", "report", str(SEED), "--out", str(out), "--quiet", *extra],
                               cwd=ROOT, env={**ENV, "TMPDIR": str(temporary)}, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                                   preexec_fn=_interruptible)
    try:
        main = psutil.Process(process.pid)
        deadline = time.monotonic() + 120
        kernels = []
        while not kernels and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
            kernels = [child for child in main.children(recursive=True) if _is_kernel(child)]
        assert kernels, "no notebook was running"
        time.sleep(1.5)  # inside the notebooks' cells
        family = main.children(recursive=True)
        started_by = {process.pid} | {child.pid for child in family}
        sent = time.monotonic()
        if target == "group":
            os.killpg(process.pid, how)
        elif target == "main":
            process.send_signal(how)
        else:
            kernels[0].parent().send_signal(how)
        _stdout, stderr = process.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode != 0
    lines = [text for text in stderr.splitlines() if text.strip()]
    assert "Traceback" not in stderr and len(lines) == 1 and lines[0].startswith(line), stderr[-2000:]
    assert took < 20, f"{took:.0f} s from the signal to the exit"
    assert not _still_there(family, started_by), _still_there(family, started_by, 0)
    assert os.listdir(out.parent) == [], sorted(os.listdir(out.parent))
    assert os.listdir(temporary) == [], sorted(os.listdir(temporary))


def test_corpus_on_a_hostile_folder(tmp_path):
    out = tmp_path / "quotes.csv"
    run = run_helpers("corpus", HOSTILE, "--out", out, "--workers", "1", "--quiet")
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    lines = stderr_lines(run)
    for name in UNUSABLE:
        assert sum(name in line and line.startswith("error: ") for line in lines) == 1, f"{name}:\n{run.stderr}"
    assert out.is_file() and not leftovers(tmp_path, "quotes.csv")
    import pandas as pd

    table = pd.read_csv(out, keep_default_na=False)
    files = {Path(str(label).split("#")[0]).name for label in table["file"]}
    assert files and files <= set(USABLE) | {"README.md"}   # the folder's README is a usable text too
    for row in table.to_dict("records"):
        text = loaded_text(str(row["file"]).split("#")[0])
        assert text[int(row["start"]):int(row["end"])] == str(row["text"])


def test_corpus_with_nothing_usable_writes_nothing(tmp_path):
    out = tmp_path / "quotes.csv"
    run = run_helpers("corpus", HOSTILE / "empty.txt", HOSTILE / "binary.txt", "--out", out, "--workers", "1", "--quiet")
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert all(line.startswith("error: ") for line in stderr_lines(run)), run.stderr
    assert not out.exists() and not leftovers(tmp_path, "quotes.csv")


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "image_named.txt"])
def test_coding_sheet_on_unusable_input_writes_nothing(name, tmp_path):
    out = tmp_path / "sheet.csv"
    run = run_helpers("coding-sheet", HOSTILE / name, "--out", out)
    assert_plain_failure(run, name)
    assert not any(p.name.startswith(("sheet", ".sheet")) for p in tmp_path.iterdir())


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "image_named.txt", "csv_without_text_column.csv",
                                  "broken.jsonl"])
def test_agreement_on_files_that_are_not_coding_sheets(name):
    assert_plain_failure(run_helpers("agreement", HOSTILE / name), name)


def test_agreement_on_an_empty_csv_sheet(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(b"")
    assert_plain_failure(run_helpers("agreement", sheet), "sheet.csv")


def test_every_command_is_covered():
    """A new command must join this battery."""
    assert set(TABLE_COMMANDS) == {"sentences", "tokens", "quotes", "speakers", "stances"}
    assert set(OTHER_COMMANDS) == {"report", "corpus", "coding-sheet", "agreement"}


# ------------------------------------------------------------------- hang detectors

HANG_LIMIT = 240  # seconds; generous on a busy 2-core machine: these catch hangs, not slowness
# Inputs that still take quadratic time in modules being written (skipped until fixed).
KNOWN_SLOW: dict[str, str] = {}

ADVERSARIAL = {
    "a megabyte of straight double quotes": '"' * 1_000_000,
    "a 200 KB line without punctuation": " ".join(["word"] * 40_000),
    "100k nested and unbalanced quotes": "\u201c\u2018\u00ab" * 20_000 + "said " + "\u201d\u2019\u00bb" * 13_000 + '"' * 1000,
    "runs of said": "said " * 60_000,
    "alternating marks and cues": '"a," he said. ' * 15_000,
    "one huge quotation": "\u201c" + "we will not yield and " * 20_000 + "\u201d the minister said.",
    "a cue chain": "He said that she said that they said that " * 8_000,
    "capitalised words without verbs": "Ana Ruiz Of The Council Of " * 30_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_no_catastrophic_backtracking(name, tmp_path):
    if name in KNOWN_SLOW:
        pytest.skip(KNOWN_SLOW[name])
    path = tmp_path / "adversarial.txt"
    path.write_text(ADVERSARIAL[name], encoding="utf-8")
    script = ("import sys, warnings; warnings.simplefilter('ignore')\n"
              "from helpers.articles import load_article\n"
              "from helpers.segment import sentences\n"
              "from helpers.speakers import attribute\n"
              "from helpers.stance import article_stances\n"
              "article = load_article(sys.argv[1])\n"
              "sentences(article.text); quotes, _ = attribute(article.text)\n"
              "article_stances(article)\n"
              "print(len(quotes))\n")
    try:
        run = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, env=ENV, capture_output=True,
                             text=True, timeout=HANG_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: still running after {HANG_LIMIT} s (catastrophic backtracking?)")
    assert run.returncode == 0, run.stderr[-2000:]


def _huge_seed_file(tmp_path):
    path = tmp_path / "huge.txt"
    seed = SEED.read_text(encoding="utf-8")
    copies = 20 * 2**20 // len(seed.encode("utf-8")) + 1
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(copies):
            handle.write(seed + "\n")
    return path


def test_tens_of_megabytes(tmp_path):
    """A 20 MB article (the seed many times over) goes through sentence splitting without hanging."""
    path = _huge_seed_file(tmp_path)
    command = "sentences"
    try:
        run = subprocess.run([sys.executable, "-m", "helpers", command, str(path)], cwd=ROOT, env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=HANG_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command} on a 20 MB file still running after {HANG_LIMIT} s")
    assert run.returncode == 0 and b"Traceback" not in run.stderr, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert len(lines) > 1000
    text = path.read_text(encoding="utf-8")
    for line in lines[:: max(1, len(lines) // 200)]:
        record = json.loads(line)
        for start_column, end_column, text_column in SPAN_COLUMNS[command]:
            if record.get(start_column) is not None:
                assert text[record[start_column]:record[end_column]] == record[text_column], (text_column, record)


def test_an_article_too_large_to_parse_is_refused_in_one_line(tmp_path):
    """Attribution parses sentences; a 20 MB article is refused at once, naming the limit and how to raise it."""
    path = _huge_seed_file(tmp_path)
    try:
        run = subprocess.run([sys.executable, "-m", "helpers", "quotes", str(path)], cwd=ROOT, env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=HANG_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"quotes on a 20 MB file still running after {HANG_LIMIT} s")
    message = run.stderr.decode()
    assert run.returncode != 0 and run.stdout == b"" and "Traceback" not in message
    assert len(message.strip().splitlines()) == 1 and "limit" in message and "--max-parse-chars" in message


def test_the_parse_limit_is_one_setting(tmp_path):
    """``--max-parse-chars`` lowers (or raises) the limit; the seed passes by default and is refused below its size."""
    assert_clean_success(run_helpers("quotes", SEED))
    run = subprocess.run([sys.executable, "-m", "helpers", "quotes", str(SEED), "--max-parse-chars", "100"], cwd=ROOT,
                         env=ENV, capture_output=True, text=True, timeout=HANG_LIMIT)
    assert run.returncode != 0 and "limit of 100" in run.stderr and "Traceback" not in run.stderr


def test_every_copy_of_a_repeated_article_has_the_same_quotes(tmp_path):
    """An article made of 40 copies of the seed: each copy has the seed's quotes, cues and mentions in place."""
    seed = SEED.read_text(encoding="utf-8")
    copies = 40
    path = tmp_path / "repeated.txt"
    path.write_text("".join(seed + "\n" for _ in range(copies)), encoding="utf-8")
    run = run_helpers("quotes", path)
    assert_clean_success(run)
    lines = run.stdout.splitlines()
    columns = ("kind", "start", "end", "cue_start", "cue_end", "mention_start", "mention_end")
    single = run_helpers("quotes", SEED)
    assert_clean_success(single)
    expected = [tuple(record[column] for column in columns) for record in jsonl_records(single)]
    assert expected and len(lines) == copies * len(expected)
    shift = len(seed) + 1
    for copy in range(copies):
        for line, seed_values in zip(lines[copy * len(expected):(copy + 1) * len(expected)], expected):
            record = json.loads(line)
            got = tuple(record[c] - copy * shift if isinstance(record[c], int) else record[c] for c in columns)
            assert got == seed_values, (copy, got, seed_values)
