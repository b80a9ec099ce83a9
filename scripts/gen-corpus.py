#!/usr/bin/env python3
"""Generate a large, realistic-looking news corpus for scale tests and benchmarks.

The articles are rewritten from real ones: the development articles under
``../shared/eval/dev/texts`` and the seeds, read at run time (their text is never
copied into the repository). Each generated article takes one source article, keeps a
random subset of its paragraphs, and replaces the people, organizations, places and
countries its gold annotation names, and its dates, with others.

Replacements are drawn from Pitman-Yor processes, one per entity type: a few entities
come back in many articles (as ISKP or Russia do in real news), and new ones keep
appearing, so the number of distinct entities grows like a power of the corpus size
(Heaps' law) instead of stopping at the sources' few hundred. Inside one article an
entity keeps one identity: its full name, surname, acronym or demonym are replaced by
the corresponding form of the same new entity.

The output is deterministic from ``--seed``: JSON Lines files (``id``, ``title``,
``date``, ``text``) of ``--per-file`` articles each, until ``--size-mb`` megabytes of
article text are written.

    scripts/gen-corpus.py --size-mb 10 --out /work/scale-data/c10
"""

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]
DATE_RE = re.compile(
    r"\b(?:(?P<md>(?P<m1>%s) (?P<d1>\d{1,2}),? (?P<y1>\d{4}))"
    r"|(?P<dm>(?P<d2>\d{1,2}) (?P<m2>%s),? (?P<y2>\d{4}))"
    r"|(?P<my>(?P<m3>%s),? (?P<y3>\d{4}))"
    r"|(?P<y>(?:19[6-9]\d|20[0-3]\d)))\b"
    % ("|".join(MONTHS), "|".join(MONTHS), "|".join(MONTHS))
)
TYPES = ("Person", "Organization", "Country", "Location")

# Syllables for people's and places' names that exist nowhere: new entities must not
# collide with the gazetteer or with each other by accident.
ONSETS = ["Ab", "Al", "Ar", "Ba", "Da", "Fa", "Gu", "Ha", "Ib", "Ja", "Ka", "Kho",
          "La", "Ma", "Mu", "Na", "Ol", "Os", "Ra", "Ru", "Sa", "Se", "Sha", "Ta",
          "Tu", "Ul", "Va", "Ya", "Yu", "Za", "Zi", "Ne", "Pe", "Ro", "Dzh", "Ke"]
MIDDLES = ["", "", "ba", "da", "di", "ha", "ka", "la", "li", "ma", "mi", "na", "ni",
           "ra", "ri", "ro", "sa", "si", "ta", "to", "za", "zi", "ku", "lu", "ru"]
FIRST_ENDS = ["d", "l", "lah", "lo", "m", "mir", "n", "r", "s", "bek", "sha", "di",
              "an", "im", "ar", "et", "iya", "ina", "o"]
SURNAME_ENDS = ["ov", "ev", "ova", "i", "zada", "ullah", "yar", "ani", "uddin",
                "ski", "enko", "ic", "ari", "awi", "oglu", "yan", "imov", "abadi"]
PLACE_ENDS = ["abad", "grad", "kent", "pur", "ovo", "sk", "tan", "istan", "ia",
              "ville", "dara", "garh", "shahr", "ino", "kala"]
ORG_KINDS = ["Front", "Brigade", "Movement", "Army", "Council", "Battalion",
             "Union", "Party", "Alliance", "Committee", "Forces", "Network"]
ORG_CAUSES = ["Liberation", "Salvation", "Resistance", "Unity", "Defence",
              "Renewal", "Justice", "Jihad", "Martyrs", "Patriotic", "Popular",
              "Revolutionary", "Islamic", "National", "Democratic"]


class PitmanYor:
    """A Pitman-Yor process over entities made on demand: with discount ``d`` the
    number of distinct entities after n draws grows like n**d."""

    def __init__(self, rng, make, discount=0.6, strength=20.0):
        self.rng, self.make = rng, make
        self.d, self.theta = discount, strength
        self.entities, self.counts, self.seats = [], [], []

    def draw(self, avoid=()):
        for _ in range(50):
            k = self._draw()
            if self.entities[k]["key"] not in avoid:
                break
        self.counts[k] += 1
        self.seats.append(k)
        return self.entities[k]

    def _draw(self):
        n, tables = len(self.seats), len(self.entities)
        if self.rng.random() * (self.theta + n) < self.theta + self.d * tables:
            self.entities.append(self.make())
            self.counts.append(0)
            return tables
        # A seat picked uniformly weighs an entity by its count; accepting it with
        # probability (c - d) / c gives the discounted weights.
        while True:
            k = self.seats[self.rng.randrange(n)]
            c = self.counts[k]
            if self.rng.random() * c < c - self.d:
                return k


def word(rng, ends):
    return (rng.choice(ONSETS) + rng.choice(MIDDLES) + rng.choice(ends)).capitalize()


def make_person(rng):
    first, last = word(rng, FIRST_ENDS), word(rng, SURNAME_ENDS)
    return {"key": f"{first} {last}", "full": f"{first} {last}", "short": last}


def make_org(rng, places):
    place = rng.choice(places)["name"] if rng.random() < 0.5 else word(rng, PLACE_ENDS)
    shape = rng.randrange(3)
    if shape == 0:
        name = f"{place} {rng.choice(ORG_CAUSES)} {rng.choice(ORG_KINDS)}"
    elif shape == 1:
        name = f"{rng.choice(ORG_KINDS)} for the {rng.choice(ORG_CAUSES)} of {place}"
    else:
        name = f"{rng.choice(ORG_CAUSES)} {rng.choice(ORG_KINDS)} of {place}"
    acronym = "".join(w[0] for w in name.split() if w[0].isupper())
    return {"key": name, "full": name, "short": acronym}


def make_place(rng, places):
    if rng.random() < 0.6:
        place = rng.choice(places)
        return {"key": place["name"], "full": place["name"], "short": place["name"]}
    name = word(rng, PLACE_ENDS)
    return {"key": name, "full": name, "short": name}


def load_gazetteer():
    def rows(name):
        with open(REPO / "ontology" / "gazetteer" / name, encoding="utf-8") as f:
            yield from csv.DictReader(f, delimiter="\t")

    countries = [
        {"key": r["id"], "full": r["name"], "short": r["name"],
         "demonym": (r["demonyms"].split("|")[0] or r["name"]).split(",")[0].strip()}
        for r in rows("countries.tsv")
    ]
    places = [
        {"name": r["name"]} for r in rows("places.tsv")
        if r["kind"] == "city" and r["name"].isascii() and " " not in r["name"]
    ]
    return countries, places


def load_sources(shared):
    """(text, entities) of every source article with a gold annotation."""
    pairs = [(p, shared / "eval" / "dev" / "gold" / (p.stem + ".json"))
             for p in sorted((shared / "eval" / "dev" / "texts").glob("*.txt"))]
    pairs += [(p, shared / "eval" / "gold" / (p.stem + ".json"))
              for p in sorted((REPO / "seeds").glob("*.txt"))]
    sources = []
    for text_path, gold_path in pairs:
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        entities = [e for e in gold["entities"] if e["type"] in TYPES]
        sources.append(template(text_path.read_text(encoding="utf-8"), entities))
    if not sources:
        sys.exit(f"no source articles with gold annotations under {shared}")
    return sources


def template(text, entities):
    """Splits a text into literal pieces and slots: (entity index, form) for names,
    ("date", match) for dates. Forms: "full", "short" (surname, acronym) or
    "demonym"."""
    forms = {}
    for i, e in enumerate(entities):
        last = e["name"].split()[-1] if e["name"].split() else e["name"]
        for mention in set(e.get("mentions", [])) | {e["name"]}:
            if len(mention) < 2 or not mention[0].isupper():
                continue
            if e["type"] == "Country" and mention != e["name"] and not mention.isupper():
                form = "demonym" if mention.endswith(("n", "ns", "i", "is", "ese", "sh")) else "full"
            elif e["type"] == "Person" and " " not in mention:
                form = "short" if mention == last else "full"
            elif e["type"] == "Organization" and mention.replace("-", "").isupper():
                form = "short"
            else:
                form = "full"
            forms.setdefault(mention, (i, form))
    names = sorted(forms, key=len, reverse=True)
    pattern = r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(re.escape, names)) if names else None
    paragraphs = []
    for paragraph in text.split("\n"):
        pieces, at = [], 0
        spans = []
        if pattern:
            spans += [(m.start(), m.end(), forms[m.group(0)]) for m in re.finditer(pattern, paragraph)]
        spans += [(m.start(), m.end(), ("date", m)) for m in DATE_RE.finditer(paragraph)]
        spans.sort(key=lambda s: (s[0], -s[1]))
        for start, end, slot in spans:
            if start < at:
                continue
            pieces.append(paragraph[at:start])
            pieces.append(slot)
            at = end
        pieces.append(paragraph[at:])
        paragraphs.append(pieces)
    return {"paragraphs": paragraphs, "types": [e["type"] for e in entities]}


def shift_date(match, years, months, rng_day):
    g = match.groupdict()
    if g["y"]:
        return str(int(g["y"]) + years)
    month_name = g["m1"] or g["m2"] or g["m3"]
    year = int(g["y1"] or g["y2"] or g["y3"])
    index = MONTHS.index(month_name) + months
    year += years + index // 12
    month = MONTHS[index % 12]
    if g["md"]:
        return f"{month} {rng_day()}, {year}"
    if g["dm"]:
        return f"{rng_day()} {month} {year}"
    return f"{month} {year}"


def generate(args):
    rng = random.Random(args.seed)
    countries, places = load_gazetteer()
    sources = load_sources(Path(args.shared))
    pools = {
        "Person": PitmanYor(rng, lambda: make_person(rng), discount=0.7),
        "Organization": PitmanYor(rng, lambda: make_org(rng, places), discount=0.6),
        "Location": PitmanYor(rng, lambda: make_place(rng, places), discount=0.65),
        "Country": PitmanYor(rng, lambda: rng.choice(countries), discount=0.3, strength=5.0),
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    target = int(args.size_mb * 1_000_000)
    written, n, file = 0, 0, None
    while written < target:
        if n % args.per_file == 0:
            if file:
                file.close()
            file = open(out / f"corpus-{n // args.per_file:05d}.jsonl", "w", encoding="utf-8")
        source = rng.choice(sources)
        chosen, used = [], set()
        for kind in source["types"]:
            entity = pools[kind].draw(avoid=used)
            used.add(entity["key"])
            chosen.append(entity)
        years, months = rng.randrange(-12, 2), rng.randrange(12)
        day = lambda: rng.randrange(1, 29)
        paragraphs = source["paragraphs"]
        keep = [paragraphs[0]] + [p for p in paragraphs[1:] if rng.random() < 0.8]
        lines = []
        for pieces in keep:
            parts = []
            for piece in pieces:
                if isinstance(piece, str):
                    parts.append(piece)
                elif piece[0] == "date":
                    parts.append(shift_date(piece[1], years, months, day))
                else:
                    entity = chosen[piece[0]]
                    parts.append(entity.get(piece[1], entity["full"]))
            lines.append("".join(parts))
        text = "\n".join(lines)
        year = 2012 + rng.randrange(14)
        record = {
            "id": f"gen{args.seed}-{n:07d}",
            "title": lines[0][:200],
            "date": f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "text": text,
        }
        file.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += len(text.encode("utf-8"))
        n += 1
    if file:
        file.close()
    distinct = {kind: len({e["key"] for e in pool.entities}) for kind, pool in pools.items()}
    print(f"{n} articles, {written / 1e6:.1f} MB of text in {out}; distinct entities drawn: "
          + ", ".join(f"{v} {k}" for k, v in distinct.items()), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, required=True, help="megabytes of article text")
    parser.add_argument("--out", required=True, help="output folder (created)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--per-file", type=int, default=2000, help="articles per JSON Lines file")
    parser.add_argument("--shared", default=str(REPO.parent / "shared"),
                        help="the shared folder with eval/dev (default ../shared)")
    generate(parser.parse_args())


if __name__ == "__main__":
    main()
