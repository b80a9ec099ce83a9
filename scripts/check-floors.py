#!/usr/bin/env python3
"""Scores extraction output with ../shared/eval/score.py and holds it to tests/floors.toml.

usage: scripts/check-floors.py [--update] SET=OUTPUT.jsonl ...

SET is a table of the floors file (`seeds`, `dev`); its `gold` key names the gold folder,
relative to the repository. For every headline figure (named-entity F1, event F1,
relation F1, the share of event dates exact) the run fails when the figure falls more
than `tolerance` below its floor. With --update, floors that the run beats are raised to
the run's figures (rounded down to three decimals); a floor is never lowered.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "tests" / "floors.toml"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
HEADLINES = {
    "named_entity_f1": "named-entity F1",
    "event_f1": "event F1",
    "relation_f1": "relation F1",
    "dates_exact": "event dates exact (share)",
}


def score(gold: Path, output: Path) -> dict:
    """The headline figures of one output, from score.py's JSON and its dates line."""
    with tempfile.TemporaryDirectory() as tmp:
        figures_path = Path(tmp) / "figures.json"
        run = subprocess.run(
            [sys.executable, str(SCORER), "--gold", str(gold), str(output), "--json", str(figures_path)],
            capture_output=True, text=True, check=False)
        if run.returncode != 0:
            sys.exit(f"check-floors: score.py failed on {output}:\n{run.stderr}")
        totals = json.loads(figures_path.read_text(encoding="utf-8"))["totals"]
    dates = re.search(r"event dates exact: (\d+)/(\d+)", run.stdout)
    return {
        "named_entity_f1": totals["entities (non-event)"]["f1"],
        "event_f1": totals["entity Event"]["f1"],
        "relation_f1": totals["relations (all)"]["f1"],
        "dates_exact": int(dates.group(1)) / int(dates.group(2)) if dates else 0.0,
    }


def write_floors(floors: dict) -> None:
    lines = [
        "# Headline extraction figures that CI holds the extractor to (scripts/check-floors.py):",
        "# a run fails when a figure falls more than `tolerance` below its floor. Floors only move",
        "# up: `scripts/check-floors.py --update SET=OUT.jsonl` raises those a run beats.",
        f"tolerance = {floors['tolerance']}",
    ]
    for name, table in floors.items():
        if not isinstance(table, dict):
            continue
        lines += ["", f"[{name}]", f"gold = \"{table['gold']}\""]
        lines += [f"{key} = {table[key]:.3f}" for key in HEADLINES if key in table]
    FLOORS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", metavar="SET=OUTPUT.jsonl")
    parser.add_argument("--update", action="store_true", help="raise the floors a run beats")
    args = parser.parse_args()
    floors = tomllib.loads(FLOORS.read_text(encoding="utf-8"))
    tolerance = floors["tolerance"]
    failed = False
    scored = {}
    for run in args.runs:
        name, _, output = run.partition("=")
        table = floors.get(name)
        if not isinstance(table, dict) or not output:
            sys.exit(f"check-floors: {run!r}: expected SET=OUTPUT.jsonl with SET a table of {FLOORS}")
        figures = score(ROOT / table["gold"], Path(output))
        scored[name] = figures
        for key, label in HEADLINES.items():
            floor = table.get(key, 0.0)
            value = figures[key]
            verdict = "ok  "
            if value < floor - tolerance:
                verdict, failed = "FAIL", True
            print(f"{verdict} {name:6} {label:26} {value:.3f}  (floor {floor:.3f})")
            if args.update and value > floor:
                table[key] = int(value * 1000) / 1000
    if "seeds" in scored and "dev" in scored:
        # The overfitting bars: seeds-to-dev gap <= 0.05 (entities), <= 0.10 (others).
        gaps = [f"{label} {scored['seeds'][key] - scored['dev'][key]:+.3f}"
                for key, label in HEADLINES.items() if key != "dates_exact"]
        print("seeds-to-dev gap: " + ", ".join(gaps))
    if args.update:
        write_floors(floors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
