// Drives the osintkg explorer in headless Chromium (Debian's package) with puppeteer-core:
// the analyst's flow on the seeds store, then the escaping checks on a store whose names,
// sentences, ids and titles are markup and script. Screenshots go to the output folder.
//
// usage: node explorer.mjs SEEDS_URL HOSTILE_URL OUT_DIR
// Prints one line per check and ends with "N passed, N failed"; exits 1 on any failure.

import puppeteer from "puppeteer-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [seedsUrl, hostileUrl, outDir] = process.argv.slice(2);
if (!seedsUrl || !hostileUrl || !outDir) {
  console.error("usage: node explorer.mjs SEEDS_URL HOSTILE_URL OUT_DIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

let passed = 0, failed = 0;
function check(name, ok, detail = "") {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}${detail ? ": " + detail : ""}`); }
}

const profile = mkdtempSync(join(tmpdir(), "osintkg-chromium-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,900"],
});

/** A page that records JS errors and every request that leaves the server's origin.
 * `bypassCsp` turns the page's Content-Security-Policy off, so that escaping itself is
 * tested rather than the policy that would block an injected handler anyway. */
async function open(url, bypassCsp = false) {
  const page = await browser.newPage();
  await page.setBypassCSP(bypassCsp);
  await page.setViewport({ width: 1400, height: 900 });
  const origin = new URL(url).origin;
  page.problems = [];
  page.outside = [];
  page.on("pageerror", (error) => page.problems.push("page error: " + error.message));
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push("console: " + message.text());
  });
  page.on("request", (request) => {
    const target = request.url();
    if (!target.startsWith(origin) && !target.startsWith("data:")) page.outside.push(target);
  });
  await page.goto(url, { waitUntil: "networkidle0" });
  return page;
}

const text = (page, selector) => page.$eval(selector, (node) => node.textContent);
const shot = (page, name) => page.screenshot({ path: join(outDir, name), fullPage: false });

async function step(name, work) {
  try { await work(); }
  catch (error) { check(name, false, error.message.split("\n")[0]); }
}

// ---- the analyst's flow on the seeds ------------------------------------------------
const page = await open(seedsUrl);
await step("status line shows the generation", async () => {
  await page.waitForFunction(() => document.querySelector("#status").textContent.includes("generation"), { timeout: 10000 });
  check("status line shows the generation", true);
});

await step("search ISKP", async () => {
  await page.type("#search", "ISKP");
  await page.waitForSelector("#search-box .suggestions li", { visible: true, timeout: 10000 });
  const first = await text(page, "#search-box .suggestions li");
  check("search ISKP suggests Islamic State Khorasan Province first", first.includes("Islamic State Khorasan Province"), first);
  await shot(page, "explorer-1-search.png");
});

await step("open the dossier", async () => {
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#dossier h2")?.textContent === "Islamic State Khorasan Province", { timeout: 10000 });
  const relations = await page.$$eval("#dossier .relation", (nodes) => nodes.length);
  const sentences = await page.$$eval("#dossier .evidence q", (nodes) => nodes.map((n) => n.textContent.trim()).filter(Boolean));
  const wikidata = await page.$$eval("#dossier .facts a[href*='wikidata.org']", (nodes) => nodes.length);
  check("dossier lists relations grouped by predicate", relations > 3, `${relations} relations`);
  check("dossier shows evidence sentences", sentences.length > 3, `${sentences.length} sentences`);
  check("dossier shows the names", (await text(page, "#dossier .names")).includes("ISKP"));
  check("dossier links Wikidata when the graph has a QID", wikidata <= 1);
  await page.waitForFunction(() => /^\d+ entities/.test(document.querySelector("#graph-caption").textContent), { timeout: 10000 });
  check("the neighbourhood graph is drawn", true, await text(page, "#graph-caption"));
  await shot(page, "explorer-2-dossier.png");
});

await step("expand a neighbour", async () => {
  const count = async () => parseInt((await text(page, "#graph-caption")).split(" ")[0], 10);
  const before = await count();
  const buttons = await page.$$("#dossier button.expand");
  let after = before;
  for (const button of buttons.slice(0, 12)) {
    await button.click();
    await new Promise((resolve) => setTimeout(resolve, 600));
    after = await count();
    if (after > before) break;
  }
  check("expanding a neighbour adds its relations to the graph", after > before, `${before} → ${after} entities`);
  await shot(page, "explorer-3-expanded.png");
});

await step("path from Sanaullah Ghafari to the Crocus City Hall attack", async () => {
  await page.goto(seedsUrl + "#path", { waitUntil: "networkidle0" });
  await page.type("#path-form input[name=from]", "Sanaullah Ghafari");
  await page.keyboard.press("Escape");
  await page.type("#path-form input[name=to]", "Crocus City Hall attack");
  await page.keyboard.press("Escape");
  await page.$eval("#path-form input[name=k]", (input) => { input.value = "3"; });
  await page.click("#path-form button[type=submit]");
  await page.waitForSelector("#path-results .path", { timeout: 15000 });
  const first = await page.$eval("#path-results .path", (path) => ({
    title: path.querySelector("h3").textContent,
    hops: path.querySelectorAll(".hop").length,
    evidence: [...path.querySelectorAll(".hop")].map((hop) => hop.querySelectorAll(".evidence q").length),
    sentences: [...path.querySelectorAll(".evidence q")].map((q) => q.textContent),
    predicates: [...path.querySelectorAll(".predicate")].map((p) => p.textContent),
  }));
  check("the first path has 2 hops", first.hops === 2 && first.title.includes("2 hops"), first.title);
  check("every hop shows its evidence", first.evidence.length === 2 && first.evidence.every((n) => n > 0), JSON.stringify(first.evidence));
  check("the evidence names Sanaullah Ghafari", first.sentences.some((s) => s.includes("Sanaullah Ghafari")));
  check("the hops read leaderOf and claimedBy", first.predicates.some((p) => p.includes("leaderOf")) && first.predicates.some((p) => p.includes("claimedBy")), first.predicates.join(" | "));
  await new Promise((resolve) => setTimeout(resolve, 500));
  await shot(page, "explorer-4-path.png");
});

await step("timeline", async () => {
  await page.goto(seedsUrl + "#timeline", { waitUntil: "networkidle0" });
  await page.waitForSelector("#timeline li .date", { timeout: 10000 });
  const items = await page.$$eval("#timeline li", (nodes) => nodes.map((n) => n.textContent));
  check("the timeline lists the Crocus City Hall attack", items.some((t) => t.includes("2024-03-22") && t.includes("Crocus City Hall attack")));
  await shot(page, "explorer-5-timeline.png");
});

await step("SPARQL editor", async () => {
  await page.goto(seedsUrl + "#sparql", { waitUntil: "networkidle0" });
  await page.waitForSelector("#yasgui .CodeMirror", { timeout: 15000 });
  await page.waitForFunction(() => document.querySelectorAll("#yasgui .tabsList .tab").length >= 10, { timeout: 10000 }).catch(() => {});
  const tabs = await page.$$eval("#yasgui .tabsList .tab", (nodes) => nodes.map((n) => n.textContent.trim()));
  check("the example queries open as tabs", tabs.length >= 10, `${tabs.length} tabs`);
  await page.click("#yasgui .yasqe_queryButton");
  await page.waitForFunction(() => document.querySelectorAll("#yasgui .yasr table tbody tr").length > 0, { timeout: 15000 });
  const rows = await page.$$eval("#yasgui .yasr table tbody tr", (nodes) => nodes.length);
  check("a query runs through /sparql and fills the results table", rows > 0, `${rows} rows`);
  await shot(page, "explorer-6-sparql.png");
});

check("no script errors on the seeds", page.problems.length === 0, page.problems.join(" | "));
check("nothing fetched from outside the server (works offline)", page.outside.length === 0, page.outside.join(" "));

// ---- escaping: a document made of markup --------------------------------------------
// Without the page's CSP: markup that reached the DOM as HTML would run here.
const hostile = await open(hostileUrl, true);
const pwned = () => hostile.evaluate(() => window.__pwned === 1 || document.querySelectorAll("main img, main script").length > 0);
await step("hostile search", async () => {
  await hostile.type("#search", "Abu");
  await hostile.waitForSelector("#search-box .suggestions li", { visible: true, timeout: 10000 });
  const first = await text(hostile, "#search-box .suggestions li");
  check("a name with <script> shows as text in the suggestions", first.includes("<script>window.__pwned=1</script>"), first);
  await hostile.keyboard.press("Enter");
  await hostile.waitForSelector("#dossier h2", { timeout: 10000 });
  await hostile.waitForFunction(() => document.querySelectorAll("#dossier .evidence q").length > 0, { timeout: 10000 });
  const name = await text(hostile, "#dossier h2");
  check("the dossier title is the name, verbatim", name === "Abu <script>window.__pwned=1</script> Hostile", name);
  const sentence = await text(hostile, "#dossier .evidence q");
  check("a sentence with <img onerror=> shows as text", sentence.includes('<img src=x onerror="window.__pwned=1">'), sentence);
  const names = await text(hostile, "#dossier .names");
  check("an alias made of markup shows as text", names.includes("<img src=x onerror="), names);
  const links = await hostile.$$eval("#dossier a", (nodes) => nodes.map((a) => a.getAttribute("href")));
  check("no javascript: link is made from a document URL or Wikidata id", links.every((href) => !/^\s*javascript:/i.test(href || "") && !(href || "").includes("onmouseover")), links.join(" "));
  check("nothing ran and no element was injected (dossier)", !(await pwned()));
  await shot(hostile, "explorer-7-hostile-dossier.png");
});

await step("hostile SPARQL results", async () => {
  await hostile.goto(hostileUrl + "#sparql", { waitUntil: "networkidle0" });
  await hostile.waitForSelector("#yasgui .CodeMirror", { timeout: 15000 });
  // The example tabs load after the editor; query once they are in, on the active tab.
  await hostile.waitForFunction(() => document.querySelectorAll("#yasgui .tabsList .tab").length >= 2, { timeout: 10000 }).catch(() => {});
  await hostile.evaluate(() => {
    document.querySelector("#yasgui .CodeMirror").CodeMirror.setValue(
      "SELECT ?name ?sentence WHERE { { ?p a okg:Person ; rdfs:label ?name } UNION { GRAPH ?g { ?e okg:sentence ?sentence } } }");
  });
  await hostile.click("#yasgui .yasqe_queryButton");
  await hostile.waitForFunction(() => [...document.querySelectorAll("#yasgui .yasr table tbody td")].some((n) => n.textContent.includes("__pwned")), { timeout: 15000 }).catch(() => {});
  const cells = await hostile.$$eval("#yasgui .yasr table tbody td", (nodes) => nodes.map((n) => n.textContent).join(" "));
  check("YASGUI shows the markup in results as text", cells.includes("<script>window.__pwned=1</script>"), cells.slice(0, 200));
  check("nothing ran and no element was injected (SPARQL results)", !(await hostile.evaluate(() => window.__pwned === 1 || document.querySelectorAll("#yasgui .yasr img[src=x]").length > 0)));
  await shot(hostile, "explorer-8-hostile-sparql.png");
});
check("no script errors on the hostile store", hostile.problems.length === 0, hostile.problems.join(" | "));

await browser.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
