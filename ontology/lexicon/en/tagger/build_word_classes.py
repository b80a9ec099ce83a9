#!/usr/bin/env python3
"""Regenerate word_classes.tsv: what each common English word form can be.

Usage:
    python3 ontology/lexicon/en/tagger/build_word_classes.py [--wordnet DIR]

Reads the word forms of `ontology/gazetteer/common_words.txt` (SCOWL, via Debian's
`wamerican`) and WordNet 3.0's index and exception files (Debian's `wordnet-base`,
default /usr/share/wordnet), finds each form's lemmas with WordNet's own detachment
rules ("morphy"), and writes one line per form:

    form<TAB>classes

where classes is a comma-separated subset of

    N   a noun lemma          Np  a plural noun
    V   a verb lemma          Vz  a verb in -s
    Vd  a verb in -ed, or an irregular past or participle
    Vg  a verb in -ing
    J   an adjective lemma    Jc  a comparative or superlative
    R   an adverb

or `-` for a dictionary word WordNet does not list (function words). The tagger uses the
set as one feature (an "ambiguity class"): it tells an unseen "catalyze" or "slept" from an
unseen name. Standard library only; output is sorted and deterministic.
"""
from __future__ import annotations

import argparse
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMMON_WORDS = HERE.parents[2] / "gazetteer" / "common_words.txt"

# WordNet's detachment rules per part of speech: (suffix, replacement, class).
RULES = {
    "noun": [("s", "", "Np"), ("ses", "s", "Np"), ("xes", "x", "Np"), ("zes", "z", "Np"),
             ("ches", "ch", "Np"), ("shes", "sh", "Np"), ("men", "man", "Np"),
             ("ies", "y", "Np")],
    "verb": [("s", "", "Vz"), ("ies", "y", "Vz"), ("es", "e", "Vz"), ("es", "", "Vz"),
             ("ed", "e", "Vd"), ("ed", "", "Vd"), ("ing", "e", "Vg"), ("ing", "", "Vg")],
    "adj": [("er", "", "Jc"), ("est", "", "Jc"), ("er", "e", "Jc"), ("est", "e", "Jc")],
}
LEMMA_CLASS = {"noun": "N", "verb": "V", "adj": "J", "adv": "R"}
ORDER = ["N", "Np", "V", "Vz", "Vd", "Vg", "J", "Jc", "R"]


def read_index(path: Path) -> set[str]:
    lemmas = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(" "):
            lemmas.add(line.split(" ", 1)[0])
    return lemmas


def read_exceptions(path: Path) -> dict[str, list[str]]:
    exceptions: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            exceptions[parts[0]] = parts[1:]
    return exceptions


def exception_class(pos: str, form: str) -> str:
    if pos == "noun":
        return "Np"
    if pos == "adj":
        return "Jc"
    if pos == "verb":
        if form.endswith("ing"):
            return "Vg"
        if form in ("is", "has", "does"):
            return "Vz"
        return "Vd"
    return "R"


def classes_of(form: str, index: dict[str, set[str]], exceptions: dict[str, dict[str, list[str]]]) -> set[str]:
    found = set()
    for pos, lemmas in index.items():
        if form in lemmas:
            found.add(LEMMA_CLASS[pos])
        for lemma in exceptions[pos].get(form, []):
            if lemma in lemmas and lemma != form:
                found.add(exception_class(pos, form))
        for suffix, replacement, cls in RULES.get(pos, []):
            if form.endswith(suffix) and len(form) > len(suffix):
                lemma = form[: len(form) - len(suffix)] + replacement
                if lemma in lemmas and lemma != form:
                    found.add(cls)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"),
                    help="WordNet 3.0 dict directory (Debian: wordnet-base)")
    args = ap.parse_args()
    index = {pos: read_index(args.wordnet / f"index.{pos}") for pos in LEMMA_CLASS}
    exceptions = {pos: read_exceptions(args.wordnet / f"{pos}.exc") for pos in LEMMA_CLASS}
    forms = sorted({w.strip() for w in COMMON_WORDS.read_text(encoding="utf-8").splitlines() if w.strip()})
    lines = []
    for form in forms:
        found = classes_of(form, index, exceptions)
        lines.append(f"{form}\t{','.join(c for c in ORDER if c in found) or '-'}")
    out = HERE / "word_classes.tsv"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    listed = sum(1 for line in lines if not line.endswith("\t-"))
    print(f"wrote {out.name}: {len(lines)} forms, {listed} with WordNet classes")


if __name__ == "__main__":
    main()
