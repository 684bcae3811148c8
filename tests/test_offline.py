"""No network and no pickles at run time, and nothing taken from the user's ~/nltk_data.

The key paths (load, segment, quotes, sentiment, stance) run with sockets disabled by
pytest-socket, in this process and in a fresh interpreter; a scan of helpers/ forbids the
calls that fetch or unpickle; and the results on the seed are identical whatever NLTK_DATA
holds (nothing, or junk where NLTK would look for Punkt).
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, SEED

HELPERS = ROOT / "helpers"
HOSTILE_PAGE = ROOT / "tests" / "fixtures" / "hostile" / "page_with_scripts.html"

# Modules whose import means unpickling or fetching at run time.
FORBIDDEN_IMPORTS = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib", "shelve", "torch",
                     "requests", "httpx", "urllib.request", "http.client", "socket", "huggingface_hub",
                     "transformers", "gensim.downloader", "spacy.cli"}
# Attribute calls that download, unpickle or fetch, whatever the module is called locally.
FORBIDDEN_CALLS = {"download", "urlopen", "urlretrieve", "read_pickle", "to_pickle", "from_pretrained",
                   "hf_hub_download", "fetch_url", "load_url"}
# Network the user asks for: `helpers report URL` downloads that page, and `helpers corpus
# --scheduler ADDRESS` checks that the user's Dask scheduler answers.
ALLOWED = {("report.py", "fetch_url"), ("corpus.py", "socket")}


def _code_references(path: Path) -> list[tuple[int, str]]:
    """(line, name) of imports and calls in ``path`` that the offline rule forbids (comments and docstrings ignored)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if alias.name in FORBIDDEN_IMPORTS or alias.name.split(".")[0] in FORBIDDEN_IMPORTS]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module in FORBIDDEN_IMPORTS or node.module.split(".")[0] in FORBIDDEN_IMPORTS:
                found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names
                      if alias.name in FORBIDDEN_CALLS]
        elif isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if name in FORBIDDEN_CALLS:
                found.append((node.lineno, name))
            if name == "load" and isinstance(function, ast.Attribute) and getattr(function.value, "id", "") == "torch":
                found.append((node.lineno, "torch.load"))
            for keyword in node.keywords:
                if keyword.arg == "allow_pickle" and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                    found.append((node.lineno, "allow_pickle"))
    return [(line, name) for line, name in found if (path.name, name) not in ALLOWED]


def test_scan_finds_what_it_forbids(tmp_path):
    """The scanner itself: it must catch each forbidden pattern and ignore prose about them."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""We never use pickle or nltk.download here."""\n'
                      "import pickle\nimport nltk\nfrom urllib.request import urlopen\nimport numpy as np\n"
                      "nltk.download('punkt')\nnp.load('x.npy', allow_pickle=True)\nimport torch\ntorch.load('m.pt')\n"
                      "# joblib.load would be wrong too\n", encoding="utf-8")
    names = sorted(name for _line, name in _code_references(sample))
    assert names == sorted(["pickle", "urllib.request", "urllib.request.urlopen", "download", "allow_pickle",
                            "torch", "torch.load"])


def test_helpers_never_fetch_or_unpickle():
    problems = [f"{path.relative_to(ROOT)}:{line}: {name}"
                for path in sorted(HELPERS.rglob("*.py")) for line, name in _code_references(path)]
    assert not problems, "network or pickle at run time:\n" + "\n".join(problems)


def test_no_pickled_data_is_shipped():
    suffixes = {".pkl", ".pickle", ".joblib", ".pt", ".pth", ".bin", ".ckpt", ".sav"}
    shipped = [p for p in HELPERS.rglob("*") if p.suffix.lower() in suffixes]
    assert not shipped, shipped
    for npz in HELPERS.rglob("*.np[yz]"):
        import numpy as np

        with np.load(npz, allow_pickle=False) as arrays:  # raises if any array needs unpickling
            for name in getattr(arrays, "files", []):
                assert arrays[name].dtype != object, f"{npz.name}:{name} holds Python objects"


def _pipeline(path: Path) -> dict[str, pd.DataFrame]:
    """Every key step on one article: the tables the notebooks and commands show."""
    from helpers.articles import load_article
    from helpers.segment import sentences, tokens
    from helpers.sentiment import article_speakers, score_quotes, score_text
    from helpers.speakers import attribute
    from helpers.stance import article_stances

    article = load_article(path)
    quotes, speakers = attribute(article.text, article.sidecar("corrections"))
    return {
        "sentences": sentences(article.text),
        "tokens": tokens(article.text),
        "quotes": quotes,
        "speakers": speakers,
        "quote_sentiment": score_quotes(quotes),
        "speaker_sentiment": article_speakers(article),
        "stances": article_stances(article),
        "score": pd.DataFrame([score_text(article.text)]),
    }


@pytest.mark.filterwarnings("ignore:A test tried to use socket")  # the check below provokes it on purpose
def test_key_paths_run_with_sockets_disabled(socket_disabled):
    tables = _pipeline(SEED)
    assert len(tables["quotes"]) > 5 and len(tables["stances"]) > 0
    import socket

    with pytest.raises(Exception):  # proves the guard is on while the pipeline ran
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_html_loading_runs_with_sockets_disabled(socket_disabled):
    from helpers.articles import load_article

    assert "We will not close the bridge" in load_article(HOSTILE_PAGE).text


# A fresh interpreter where any socket (even a Unix one) raises: imports happen under the guard too.
GUARDED = """
import socket, sys
class _NoNetwork(socket.socket):
    def __init__(self, *args, **kwargs):
        raise RuntimeError("network access at run time")
socket.socket = _NoNetwork
socket.create_connection = lambda *a, **k: (_ for _ in ()).throw(RuntimeError("network access at run time"))
sys.argv = ["helpers"] + sys.argv[1:]
from helpers.cli import main
raise SystemExit(main())
"""


def _guarded_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", **(env or {})}
    return subprocess.run([sys.executable, "-c", GUARDED, *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.parametrize("command", ["quotes", "speakers", "stances"])
def test_commands_run_in_a_fresh_interpreter_without_network(command):
    run = _guarded_cli(command, str(SEED))
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() and "network" not in run.stderr


def test_results_do_not_depend_on_nltk_data(tmp_path):
    """Same tables with no NLTK data at all, and with junk where NLTK would look for Punkt."""
    empty = tmp_path / "empty"
    empty.mkdir()
    junk = tmp_path / "junk"
    for folder in ("tokenizers/punkt", "tokenizers/punkt_tab/english", "corpora/stopwords", "sentiment"):
        (junk / folder).mkdir(parents=True)
    (junk / "tokenizers/punkt/english.pickle").write_bytes(b"\x80\x04junk that is not a pickle")
    (junk / "tokenizers/punkt_tab/english/abbrev_types.txt").write_text("said\nminister\nu.s\n", encoding="utf-8")
    (junk / "tokenizers/punkt_tab/english/sent_starters.txt").write_text("he\nshe\n", encoding="utf-8")
    (junk / "corpora/stopwords/english").write_text("minister\nceasefire\n", encoding="utf-8")
    (junk / "sentiment/vader_lexicon.zip").write_bytes(b"PK\x03\x04junk")
    outputs = []
    for nltk_data, home in ((empty, empty), (junk, junk)):
        run = _guarded_cli("quotes", str(SEED), env={"NLTK_DATA": str(nltk_data), "HOME": str(home)})
        assert run.returncode == 0, run.stderr[-2000:]
        outputs.append(run.stdout)
        run = _guarded_cli("sentences", str(SEED), env={"NLTK_DATA": str(nltk_data), "HOME": str(home)})
        assert run.returncode == 0, run.stderr[-2000:]
        outputs.append(run.stdout)
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]
    # ... and the same as this process, whatever ~/nltk_data holds here.
    from helpers.articles import load_article
    from helpers.cli import table_records
    from helpers.speakers import article_quotes

    here = [json.dumps(r, ensure_ascii=False) for r in table_records(str(SEED), article_quotes(load_article(SEED)))]
    assert [json.loads(line) for line in outputs[0].splitlines()] == [json.loads(line) for line in here]
