#!/usr/bin/env bash
# Refreshes the explorer's JavaScript libraries (compiled into the osintkg binary) from
# the npm registry: the versions pinned in crates/osintkg-server/assets/vendor/package.json
# and package-lock.json, with the licence of every package their bundles contain in
# LICENSES.txt. `--update` re-resolves the lock file (after editing package.json).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
vendor="$root/crates/osintkg-server/assets/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$vendor/package.json" "$work/"
if [ "${1:-}" != "--update" ] && [ -f "$vendor/package-lock.json" ]; then
  cp "$vendor/package-lock.json" "$work/"
  (cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
else
  (cd "$work" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$work/package-lock.json" "$vendor/"
fi
cp "$work/node_modules/cytoscape/dist/cytoscape.min.js" "$vendor/"
cp "$work/node_modules/@zazuko/yasgui/build/yasgui.min.js" \
   "$work/node_modules/@zazuko/yasgui/build/yasgui.min.css" "$vendor/"
# Every package installed for these two: the bundles above contain them.
(cd "$work" && npm ls --all --omit=dev --parseable) | tail -n +2 | sort -u | node -e '
const fs = require("fs"), path = require("path");
const dirs = fs.readFileSync(0, "utf8").split("\n").filter(Boolean);
const out = ["Third-party software in the osintkg explorer (crates/osintkg-server/assets/vendor)",
  "cytoscape.min.js is cytoscape; yasgui.min.js and yasgui.min.css bundle @zazuko/yasgui",
  "and the packages it depends on. Each package follows with its declared licence and the",
  "licence text it ships; a package that ships none is marked so.", ""];
const seen = new Set();
for (const dir of dirs) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const id = `${pkg.name}@${pkg.version}`;
  if (seen.has(id)) continue;
  seen.add(id);
  const license = typeof pkg.license === "string" ? pkg.license : JSON.stringify(pkg.license || pkg.licenses || "unknown");
  const repo = typeof pkg.repository === "string" ? pkg.repository : (pkg.repository && pkg.repository.url) || "";
  out.push("=".repeat(78), `${id}  (license: ${license})${repo ? "  " + repo : ""}`, "=".repeat(78));
  const files = fs.readdirSync(dir).filter(f => /^(licen[cs]e|copying|notice)/i.test(f)).sort();
  if (files.length === 0) out.push(`(the package ships no licence file; its package.json declares ${license})`);
  for (const f of files) out.push(fs.readFileSync(path.join(dir, f), "utf8").trim(), "");
  out.push("");
}
process.stdout.write(out.join("\n"));
' > "$vendor/LICENSES.txt"
ls -l "$vendor"
