// The osintkg explorer: search, dossiers, an expandable neighbourhood graph, paths with
// their evidence, a timeline and a SPARQL editor, over the server's /api and /sparql.
//
// Safety rule: every string that comes from the graph (names, sentences, document ids,
// titles) reaches the page through textContent or as a Cytoscape label (drawn on a
// canvas), never as HTML. `el` below is the only way this file builds elements, and it
// has no HTML path. Links are built only from values checked against a strict pattern.
"use strict";

(function () {
  const TYPES = ["Person", "Organization", "Country", "Location", "Event"];
  const COLORS = {
    Person: "#d9822b", Organization: "#1f5fa8", Country: "#2f8f5b",
    Location: "#7a5ea8", Event: "#c23b4a",
  };

  // ---- DOM helpers -------------------------------------------------------------------

  /** An element with properties/attributes and children (strings become text nodes). */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const $ = (selector) => document.querySelector(selector);

  function badge(type) {
    return el("span", { class: "badge " + (TYPES.includes(type) ? type : "") }, type || "?");
  }

  /** A link that opens an entity's dossier. */
  function entityLink(key, name) {
    return el("a", { class: "entity", href: "#entity/" + encodeURIComponent(key), dataset: { key } }, name || key);
  }

  function safeHttpUrl(text) {
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  async function api(path, params) {
    const query = params ? "?" + new URLSearchParams(params).toString() : "";
    const response = await fetch("/api/" + path + query, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) {
      const error = new Error(body.error || response.statusText);
      error.details = body;
      throw error;
    }
    return body;
  }

  function showError(container, error) {
    const message = el("p", { class: "error" }, error.message);
    const options = (error.details && (error.details.suggestions || error.details.candidates)) || [];
    const list = options.length
      ? el("ul", {}, options.map((o) => el("li", {}, entityLink(o.key, o.name), " ", badge(o.type))))
      : null;
    container.replaceChildren(message, list || "");
  }

  // ---- status ------------------------------------------------------------------------

  let generation = null;
  async function refreshStatus() {
    try {
      const status = await api("status");
      $("#status").textContent =
        `generation ${status.generation} · ${status.nodes} entities · ${status.edges} relations · ${status.documents} documents`;
      if (generation !== null && generation !== status.generation) {
        $("#status").textContent += " · new build loaded";
      }
      generation = status.generation;
    } catch (error) {
      $("#status").textContent = error.message;
    }
  }

  // ---- autocompletion ----------------------------------------------------------------

  /** Suggests entities under `input` as the user types; `pick(hit)` takes a choice. */
  function autocomplete(input, pick) {
    const list = el("ul", { class: "suggestions", role: "listbox", hidden: true });
    input.parentElement.append(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    let hits = [], selected = -1, timer = null, latest = 0;

    function render() {
      list.replaceChildren(...hits.map((hit, i) => el("li", {
        role: "option",
        "aria-selected": i === selected ? "true" : "false",
        dataset: { key: hit.key },
        onmousedown: (event) => { event.preventDefault(); choose(i); },
      }, el("span", { class: "name" }, hit.name), badge(hit.type),
        hit.matched ? el("span", { class: "alias" }, "(" + hit.matched + ")") : null,
        hit.date ? el("span", { class: "alias" }, hit.date) : null)));
      list.hidden = hits.length === 0;
    }

    function choose(i) {
      const hit = hits[i];
      if (!hit) return;
      hits = [];
      render();
      pick(hit);
    }

    input.addEventListener("input", () => {
      delete input.dataset.key;
      clearTimeout(timer);
      const text = input.value.trim();
      if (!text) { hits = []; render(); return; }
      timer = setTimeout(async () => {
        const ticket = ++latest;
        try {
          const found = await api("search", { q: text, limit: 10 });
          if (ticket !== latest) return; // an answer to an older keystroke
          hits = found;
          selected = hits.length ? 0 : -1;
          render();
        } catch (_) { /* the status line shows server trouble */ }
      }, 120);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && hits.length) { selected = (selected + 1) % hits.length; render(); event.preventDefault(); }
      else if (event.key === "ArrowUp" && hits.length) { selected = (selected - 1 + hits.length) % hits.length; render(); event.preventDefault(); }
      else if (event.key === "Enter" && hits.length && selected >= 0) { choose(selected); event.preventDefault(); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));

    /** Hides the list and drops the answers still on their way. */
    function close() {
      clearTimeout(timer);
      latest++;
      hits = [];
      render();
    }
  }

  // ---- graphs (Cytoscape) ------------------------------------------------------------

  function makeGraph(container) {
    return cytoscape({
      container,
      maxZoom: 1.6,
      style: [
        { selector: "node", style: {
          "background-color": (n) => COLORS[n.data("type")] || "#888",
          label: "data(name)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 140,
          "text-valign": "bottom", "text-margin-y": 3, width: 18, height: 18, color: "#1d2733",
        } },
        { selector: "node.root", style: { width: 28, height: 28, "border-width": 3, "border-color": "#14202e" } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#f2c14e" } },
        { selector: "edge", style: {
          width: (e) => 1 + 1.5 * Math.log2(e.data("support") || 1),
          "line-color": "#9aa8b6", "target-arrow-color": "#9aa8b6", "target-arrow-shape": "triangle",
          "curve-style": "bezier", label: "data(predicate)", "font-size": 8, color: "#5b6877",
          "text-rotation": "autorotate", "text-background-color": "#fbfcfd", "text-background-opacity": 0.8,
        } },
        { selector: "edge.on-path", style: { "line-color": "#c23b4a", "target-arrow-color": "#c23b4a" } },
      ],
    });
  }

  function addNeighborhood(cy, answer) {
    const added = [];
    for (const node of answer.nodes) {
      if (cy.getElementById(node.key).length === 0) {
        added.push({ group: "nodes", data: { id: node.key, name: node.name, type: node.type } });
      }
    }
    for (const edge of answer.edges) {
      const id = edge.subject + "|" + edge.predicate + "|" + edge.object;
      if (cy.getElementById(id).length === 0) {
        added.push({ group: "edges", data: { id, source: edge.subject, target: edge.object,
          predicate: edge.predicate, support: edge.support } });
      }
    }
    cy.add(added);
    return added.length;
  }

  function layout(cy) {
    cy.layout({ name: "cose", animate: false, nodeRepulsion: () => 400000, idealEdgeLength: () => 110,
      nodeOverlap: 20, gravity: 60, componentSpacing: 80, padding: 24 }).run();
  }

  let exploreGraph = null;
  function graph() {
    if (!exploreGraph) {
      exploreGraph = makeGraph($("#graph"));
      exploreGraph.on("tap", "node", (event) => { location.hash = "#entity/" + encodeURIComponent(event.target.id()); });
      exploreGraph.on("dbltap", "node", (event) => expand(event.target.id()));
      $("#graph-fit").addEventListener("click", () => exploreGraph.fit(undefined, 20));
      $("#graph-clear").addEventListener("click", () => { exploreGraph.elements().remove(); caption(); });
      $("#legend").replaceChildren(...TYPES.map((t) => badge(t)));
    }
    return exploreGraph;
  }

  function caption() {
    const cy = graph();
    $("#graph-caption").textContent = cy.nodes().length
      ? `${cy.nodes().length} entities, ${cy.edges().length} relations`
      : "no entity shown";
  }

  /** Adds the neighbourhood of `key` to the explore graph. */
  async function expand(key, root) {
    const answer = await api("neighbors", { entity: key, depth: 1, max_nodes: 60 });
    const cy = graph();
    const added = addNeighborhood(cy, answer);
    cy.nodes().removeClass("root");
    cy.getElementById(root || key).addClass("root");
    if (added) layout(cy);
    caption();
    return added;
  }

  // ---- dossier -----------------------------------------------------------------------

  function evidenceBlock(evidence, sources) {
    const meta = sources && sources[evidence.doc];
    const title = meta && meta.title ? meta.title : null;
    const url = meta && meta.url ? safeHttpUrl(meta.url) : null;
    const label = title || evidence.doc;
    const source = url
      ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label)
      : el("span", {}, label);
    return el("div", { class: "evidence" },
      el("q", {}, evidence.sentence.trim()),
      el("span", { class: "source" }, source,
        `${title ? " — " + evidence.doc : ""} · rule ${evidence.rule} · confidence ${evidence.confidence.toFixed(2)}`));
  }

  async function showEntity(key) {
    const container = $("#dossier");
    container.replaceChildren(el("p", { class: "hint" }, "loading…"));
    let d;
    try {
      d = await api("entity/" + encodeURIComponent(key));
    } catch (error) {
      showError(container, error);
      return;
    }
    const facts = el("dl", { class: "facts" },
      el("dt", {}, "key"), el("dd", {}, d.key),
      d.kb ? [el("dt", {}, "knowledge base"), el("dd", {}, d.kb)] : null,
      d.wikidata && /^Q[0-9]+$/.test(d.wikidata)
        ? [el("dt", {}, "Wikidata"), el("dd", {}, el("a", { href: "https://www.wikidata.org/wiki/" + d.wikidata, target: "_blank", rel: "noopener noreferrer" }, d.wikidata))]
        : d.wikidata ? [el("dt", {}, "Wikidata"), el("dd", {}, d.wikidata)] : null,
      d.date ? [el("dt", {}, "date"), el("dd", {}, d.date)] : null,
      el("dt", {}, "names"), el("dd", { class: "names" }, d.names.join(" · ")),
      el("dt", {}, "documents"), el("dd", {}, `${d.documents} (confidence ${d.confidence.toFixed(2)})`));
    const relations = Object.entries(d.relations).map(([predicate, list]) => el("section", { class: "relations" },
      el("h3", {}, predicate),
      list.map((r) => el("div", { class: "relation" },
        el("div", { class: "relation-head" },
          el("span", {}, r.direction === "out" ? "→" : "←"),
          entityLink(r.other, r.other_name),
          el("span", { class: "meta" }, `support ${r.support} · confidence ${r.confidence.toFixed(2)}`),
          el("button", { class: "small expand", type: "button", title: "Add its neighbourhood to the graph",
            dataset: { key: r.other }, onclick: () => expand(r.other, d.key) }, "+ graph")),
        r.sources.map((e) => evidenceBlock(e, d.sources))))));
    const events = d.events.length ? el("section", { class: "events" }, el("h3", {}, "events"),
      d.events.map((e) => el("div", { class: "relation" },
        el("div", { class: "relation-head" },
          el("span", { class: "date" }, e.date || "undated"),
          entityLink(e.key, e.name),
          el("span", { class: "meta" }, `${e.role}${e.event_type ? " · " + e.event_type : ""} · support ${e.support} · confidence ${e.confidence.toFixed(2)}`),
          el("button", { class: "small expand", type: "button", title: "Add its neighbourhood to the graph",
            dataset: { key: e.key }, onclick: () => expand(e.key, d.key) }, "+ graph")),
        e.sources.map((s) => evidenceBlock(s, d.sources))))) : null;
    container.replaceChildren(...[
      el("h2", {}, d.name), badge(d.type), d.event_type ? el("span", { class: "hint" }, " " + d.event_type) : null,
      facts,
      el("p", {}, el("a", { class: "entity", href: "#timeline?entity=" + encodeURIComponent(d.key) }, "timeline"), " · ",
        el("a", { class: "entity", href: "#path?from=" + encodeURIComponent(d.key) }, "paths from here")),
      relations, events].flat().filter(Boolean));
    document.title = d.name + " — osintkg explorer";
    const cy = graph();
    if (cy.getElementById(d.key).length === 0) cy.elements().remove();
    await expand(d.key);
    cy.$(":selected").unselect();
    cy.getElementById(d.key).select();
  }

  async function showHome() {
    $("#dossier").replaceChildren($("#home") || homeTemplate);
    try {
      const ranked = await api("rank", { by: "pagerank", top: 15 });
      $("#ranking").replaceChildren(...ranked.map((r) => el("li", {}, entityLink(r.key, r.name), " ", badge(r.type))));
    } catch (error) {
      showError($("#ranking"), error);
    }
  }
  const homeTemplate = $("#home");

  // ---- paths -------------------------------------------------------------------------

  let pathGraph = null;
  async function showPaths(params) {
    const form = $("#path-form");
    for (const [name, value] of params) {
      const input = form.elements.namedItem(name);
      if (!input) continue;
      if (input.type === "checkbox") input.checked = value === "true" || value === "";
      else input.value = value;
    }
    if (!params.get("from") || !params.get("to")) return;
    const results = $("#path-results");
    results.replaceChildren(el("p", { class: "hint" }, "searching…"));
    let report;
    try {
      report = await api("path", Object.fromEntries(params));
    } catch (error) {
      showError(results, error);
      return;
    }
    if (!pathGraph) {
      pathGraph = makeGraph($("#path-graph"));
      pathGraph.on("tap", "node", (event) => { location.hash = "#entity/" + encodeURIComponent(event.target.id()); });
    }
    pathGraph.elements().remove();
    if (report.paths.length === 0) {
      results.replaceChildren(el("p", {}, `No path from ${report.from.name} to ${report.to.name} with these options.`));
      return;
    }
    const nodes = new Map(), edges = [];
    results.replaceChildren(el("p", { class: "summary" },
      `${report.paths.length} path(s) from `, entityLink(report.from.key, report.from.name), " to ", entityLink(report.to.key, report.to.name)),
    ...report.paths.map((path, i) => {
      path.nodes.forEach((n) => nodes.set(n.key, n));
      return el("div", { class: "path", dataset: { hops: path.hops.length } },
        el("h3", {}, `Path ${i + 1}: ${path.hops.length} hop${path.hops.length === 1 ? "" : "s"}, cost ${path.cost.toFixed(2)}`),
        path.hops.map((hop) => {
          const subject = hop.forward ? hop.from : hop.to, object = hop.forward ? hop.to : hop.from;
          edges.push({ subject: subject.key, predicate: hop.predicate, object: object.key, support: hop.support });
          return el("div", { class: "hop" },
            el("div", { class: "hop-head" }, entityLink(hop.from.key, hop.from.name), el("span", {}, hop.forward ? "→" : "←"),
              entityLink(hop.to.key, hop.to.name),
              el("span", { class: "predicate" }, `${subject.name} ${hop.predicate} ${object.name}`),
              el("span", { class: "hint" }, `support ${hop.support} · confidence ${hop.confidence.toFixed(2)}`)),
            hop.evidence.map((e) => evidenceBlock(e, null)));
        }));
    }));
    addNeighborhood(pathGraph, { nodes: [...nodes.values()], edges });
    pathGraph.edges().addClass("on-path");
    pathGraph.getElementById(report.from.key).addClass("root");
    pathGraph.getElementById(report.to.key).addClass("root");
    pathGraph.layout({ name: "breadthfirst", roots: [report.from.key], directed: false, padding: 30, spacingFactor: 1.2 }).run();
  }

  $("#path-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const input of event.target.elements) {
      if (!input.name) continue;
      if (input.type === "checkbox") { if (input.checked) params.set(input.name, "true"); }
      else if (input.value.trim()) params.set(input.name, input.dataset.key && input.dataset.picked === input.value ? input.dataset.key : input.value.trim());
    }
    location.hash = "#path?" + params.toString();
  });
  for (const name of ["from", "to"]) {
    const input = $("#path-form").elements.namedItem(name);
    autocomplete(input, (hit) => { input.value = hit.name; input.dataset.key = hit.key; input.dataset.picked = hit.name; });
  }

  // ---- timeline ----------------------------------------------------------------------

  let eventTypes = null;
  async function showTimeline(params) {
    const select = $("#timeline-type");
    const type = params.get("type") || "";
    const entity = params.get("entity");
    const list = $("#timeline");
    list.replaceChildren(el("li", { class: "hint" }, "loading…"));
    let entries;
    try {
      entries = await api("timeline", Object.fromEntries(params));
    } catch (error) {
      showError(list, error);
      return;
    }
    if (!eventTypes && !type && !entity) {
      eventTypes = [...new Set(entries.map((e) => e.event_type).filter(Boolean))].sort();
      select.replaceChildren(el("option", { value: "" }, "all"), ...eventTypes.map((t) => el("option", { value: t }, t)));
    }
    select.value = type;
    $("#timeline-entity").replaceChildren(entity ? el("span", {}, "around ", entityLink(entity, entity), " ",
      el("a", { class: "entity", href: "#timeline" }, "(all)")) : "");
    list.replaceChildren(...entries.map((e) => el("li", {},
      el("span", { class: "date" }, e.date || "undated"),
      el("span", {}, e.event_type || ""),
      el("span", {}, entityLink(e.key, e.name), ` · ${e.documents} document(s)`))));
  }
  $("#timeline-type").addEventListener("change", (event) => {
    const params = new URLSearchParams(location.hash.split("?")[1] || "");
    if (event.target.value) params.set("type", event.target.value); else params.delete("type");
    location.hash = "#timeline" + (params.toString() ? "?" + params : "");
  });

  // ---- SPARQL (YASGUI) ---------------------------------------------------------------

  let yasgui = null;
  async function showSparql() {
    if (yasgui) return;
    yasgui = new Yasgui($("#yasgui"), {
      requestConfig: { endpoint: "/sparql", method: "POST" },
      copyEndpointOnNewTab: true,
      persistenceId: null,
      populateFromUrl: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint: "/sparql" }] },
      yasqe: { autocompleters: ["variables"], showQueryButton: true, resizeable: true },
    });
    // The first tab gets the first example unless the analyst typed in it meanwhile.
    const first = yasgui.getTab();
    const untouched = first ? first.getQuery() : null;
    try {
      const examples = await api("examples");
      for (const example of examples) {
        yasgui.addTab(false, { name: example.title, yasqe: { value: example.query }, requestConfig: { endpoint: "/sparql", method: "POST" } });
      }
      if (first && examples.length && first.getQuery() === untouched) first.setQuery(examples[0].query);
    } catch (_) { /* the editor still works without the examples */ }
  }

  // ---- routing -----------------------------------------------------------------------

  function route() {
    const hash = decodeURIComponent(location.hash.slice(1).split("?")[0] || "");
    const params = new URLSearchParams(location.hash.split("?")[1] || "");
    const view = hash.startsWith("entity/") ? "explore" : (["path", "timeline", "sparql"].includes(hash) ? hash : "explore");
    for (const section of document.querySelectorAll("main > .view")) section.hidden = section.id !== "view-" + view;
    for (const link of document.querySelectorAll("header nav a")) link.classList.toggle("active", link.dataset.view === view);
    if (view === "explore") {
      if (hash.startsWith("entity/")) showEntity(hash.slice("entity/".length));
      else showHome();
      setTimeout(() => { graph().resize(); }, 0);
    } else if (view === "path") showPaths(params);
    else if (view === "timeline") showTimeline(params);
    else if (view === "sparql") showSparql();
  }

  autocomplete($("#search"), (hit) => {
    $("#search").value = "";
    location.hash = "#entity/" + encodeURIComponent(hit.key);
  });
  window.addEventListener("hashchange", route);
  refreshStatus();
  setInterval(refreshStatus, 5000);
  route();
})();
