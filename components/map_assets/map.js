// The access map (a Streamlit v2 component): draws the world from the app's own TopoJSON with d3-geo and
// recolours it in the browser for every drug, class, year, layer and overlay. Data: myeloma_access/map_payload.py.
// Python hears from it only when that matters: a country chosen (trigger "select") and, batched with a click
// on one of the page's tabs, the view in use (state "view"), so the Table tab and downloads follow the map.
import "./vendor/d3-array.min.js";
import "./vendor/d3-geo.min.js";
import "./vendor/topojson-client.min.js";

const d3 = globalThis.d3;
const topojson = globalThis.topojson;
const SVG_NS = "http://www.w3.org/2000/svg";
const CODE_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";
const TOPOJSON = "app/static/topojson/world_50m.json";
const PARAMS = ["drug", "year", "layer", "imwg", "country", "view"];
const EXPORT_W = 1600, EXPORT_H = 900;
let geometry = null; // one fetch per page load (and a day in the HTTP cache)
let lastView = null; // the view survives the component being unmounted (another tab) and mounted again
let seq = 0;
let tabListener = null;

function loadGeometry() {
  if (!geometry) {
    geometry = fetch(new URL(TOPOJSON, document.baseURI)).then((r) => {
      if (!r.ok) throw new Error(`geometry: HTTP ${r.status}`);
      return r.json();
    }).then((topo) => {
      const fc = topojson.feature(topo, topo.objects.countries);
      fc.features = fc.features.filter((f) => f.id !== "ATA");
      return fc;
    });
    geometry.catch(() => { geometry = null; });
  }
  return geometry;
}

const el = (tag, attrs = {}, text) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};
const svgEl = (tag, attrs = {}) => {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
};

// ---- the view (what the URL says) -----------------------------------------------------------------------
function parseView(search, p) {
  const q = new URLSearchParams(search);
  const options = p.options.map((o) => o[0]);
  const [first, last] = p.years;
  const drug = options.includes(q.get("drug")) ? q.get("drug") : options[0];
  const y = q.get("year");
  const year = y && /^\d{4}$/.test(y) && +y >= first && +y <= last ? y : "";
  const layer = q.get("layer") === "eml" ? "eml" : "";
  const imwg = ["1", "true", "yes", "on"].includes((q.get("imwg") || "").trim().toLowerCase());
  const country = p.iso3.includes(q.get("country")) ? q.get("country") : "";
  const view = ["table", "people", "sources"].includes(q.get("view")) ? q.get("view") : "map";
  return { drug, year, layer, imwg, country, view };
}

function writeUrl(v, p) {
  const q = new URLSearchParams(window.location.search);
  const values = { drug: v.drug === p.options[0][0] ? "" : v.drug, year: v.year, layer: v.layer,
    imwg: v.imwg ? "1" : "", country: v.country, view: v.view === "map" ? "" : v.view };
  for (const k of PARAMS) { if (values[k]) q.set(k, values[k]); else q.delete(k); }
  const text = q.toString();
  const url = window.location.pathname + (text ? `?${text}` : "") + window.location.hash;
  if (url !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(window.history.state, "", url);
  }
}

// ---- the model's codes ------------------------------------------------------------------------------------
function statusCodes(p, option, year) {
  // [code per country], {country index: [hover line indices]}, as the Python decode() reads them
  if (!year) {
    const entry = p.status[option];
    const hover = {};
    for (const [i, ...lines] of entry.hover) hover[i] = lines;
    // a "No data" country's search note ("Searched 2026-12: nothing public found" / "Not yet searched")
    Array.from(entry.searched || "").forEach((ch, i) => {
      if (ch !== " ") hover[i] = (hover[i] || []).concat([entry.notes[CODE_CHARS.indexOf(ch)]]);
    });
    return { codes: Array.from(entry.codes, (ch) => CODE_CHARS.indexOf(ch)), hover };
  }
  const noData = 2 * p.classes.findIndex((c) => c[0] === "no_data");
  const codes = p.iso3.map(() => noData);
  const hover = {};
  for (const [i, y, code, ...lines] of p.history[option]) {
    if (y <= +year) { codes[i] = code; hover[i] = lines; }
  }
  return { codes, hover };
}

function emlCodes(p, drug) {
  const entry = p.eml[drug];
  const hover = {};
  if (!entry) return { codes: p.iso3.map(() => 2), hover, missing: true };
  for (const [i, ...lines] of entry.hover) hover[i] = lines;
  return { codes: Array.from(entry.codes, (ch) => CODE_CHARS.indexOf(ch)), hover };
}

function optionLabel(p, id) { const o = p.options.find((x) => x[0] === id); return o ? o[1] : id; }

function titleOf(p, v) {
  const label = optionLabel(p, v.drug);
  if (v.layer === "eml") return `${label} on national essential medicines lists`;
  const mid = label.startsWith("Any of: ") ? "a" + label.slice(1) : label; // "Access to any of: Anti-CD38 …"
  return `Access to ${mid} for relapsed/refractory myeloma, ${v.year ? `at the end of ${v.year}` : "today"}`;
}

// ---- the component ----------------------------------------------------------------------------------------
export default function (component) {
  const { data, parentElement, setTriggerValue, setStateValue } = component;
  const p = data.payload;
  const texts = data.texts;
  const root = parentElement;
  for (const old of root.querySelectorAll("section.mx")) old.remove(); // a rerun mounts it again; keep the CSS
  // One view object for every mount of this page (a rerun mounts the component again; the newest choice wins).
  if (!lastView || lastView.payload !== p.as_of) lastView = { payload: p.as_of, view: parseView(window.location.search, p) };
  const view = lastView.view;
  const remember = () => writeUrl(view, p);
  remember();

  const emlOf = (i) => p.eml_classes[i];
  const names = p.names;
  const imwgBy = Object.fromEntries(p.imwg.map(([i, n]) => [i, n]));
  let current = null; // {codes, hover, missing}
  const paths = new Map(); // iso3 -> path
  let projection = null;

  // layout -----------------------------------------------------------------------------------------------
  const box = el("section", { class: "mx", role: "region", "aria-label": "Access map" });
  const bar = el("div", { class: "bar" });
  const drugLabel = el("label", { class: "field drug" });
  drugLabel.append(el("span", {}, "Drug or drug class"));
  const drugSelect = el("select", { "data-testid": "map-drug", title: "'Any of' a class shows the best access among the drugs of that class." });
  for (const [id, label] of p.options) drugSelect.append(el("option", { value: id }, label));
  drugLabel.append(drugSelect);
  const findLabel = el("label", { class: "field find" });
  findLabel.append(el("span", {}, "Find a country"));
  const listId = `mx-countries-${Math.random().toString(36).slice(2)}`;
  const find = el("input", { type: "search", list: listId, placeholder: "Country name", autocomplete: "off",
    "data-testid": "map-find", "aria-describedby": "" });
  const datalist = el("datalist", { id: listId });
  const order = names.map((n, i) => [n, i]).sort((a, b) => a[0].localeCompare(b[0]));
  for (const [n] of order) datalist.append(el("option", { value: n }));
  findLabel.append(find, datalist);
  bar.append(drugLabel, findLabel);

  const more = el("details", { class: "more" });
  const summaryEl = el("summary", {}, "Layer, year, IMWG, export");
  more.append(summaryEl);
  summaryEl.addEventListener("click", () => { more.dataset.touched = "1"; });
  const opts = el("div", { class: "opts" });
  const layerLabel = el("label", { class: "field" });
  layerLabel.append(el("span", {}, "Show"));
  const layerSelect = el("select", { "data-testid": "map-layer", title: "National essential medicines lists (GEM, lists of 2001–2017) are their own kind of evidence: a listing is not a funding status." });
  layerSelect.append(el("option", { value: "" }, "Access status"), el("option", { value: "eml" }, "National essential medicines lists"));
  layerLabel.append(layerSelect);
  const [firstYear, lastYear] = p.years;
  const yearLabel = el("label", { class: "field year" });
  const yearText = el("span", {});
  const yearInput = el("input", { type: "range", min: firstYear, max: lastYear + 1, step: 1, "data-testid": "map-year",
    "aria-label": "Status as of", title: "The same rule applied only to facts dated up to the end of that year." });
  yearLabel.append(yearText, yearInput);
  const imwgLabel = el("label", { class: "field check" });
  const imwgInput = el("input", { type: "checkbox", "data-testid": "map-imwg" });
  imwgLabel.append(imwgInput, el("span", {}, "IMWG overlay"));
  const reason = el("p", { class: "reason", id: `${listId}-reason`, role: "note" });
  const exportRow = el("div", { class: "export" });
  const pngButton = el("button", { type: "button", "data-testid": "map-png" }, "Save slide (PNG)");
  const svgButton = el("button", { type: "button", "data-testid": "map-svg" }, "Save slide (SVG)");
  exportRow.append(pngButton, svgButton);
  opts.append(layerLabel, yearLabel, imwgLabel, reason, exportRow);
  more.append(opts);
  bar.append(more);

  const title = el("h2", { class: "title", "data-testid": "map-title" });
  const note = el("p", { class: "note", role: "status" });
  const stage = el("div", { class: "stage" });
  const svg = svgEl("svg", { role: "img", "data-testid": "map-svg-root" });
  const gCountries = svgEl("g", { class: "countries" });
  const gImwg = svgEl("g", { class: "imwg", "aria-hidden": "true" });
  svg.append(gCountries, gImwg);
  const tip = el("div", { class: "tip", role: "tooltip", hidden: "" });
  stage.append(svg, tip);
  const legend = el("div", { class: "legend", "data-testid": "map-legend" });
  const source = el("p", { class: "source", "data-testid": "map-source" });
  const textSummary = el("p", { class: "summary", "aria-live": "polite", "data-testid": "map-summary" });
  const cite = el("p", { class: "cite", "data-testid": "map-cite" });
  box.append(bar, title, note, stage, legend, source, textSummary, cite);
  root.append(box);

  // state -> controls --------------------------------------------------------------------------------------
  const syncControls = () => {
    drugSelect.value = view.drug;
    layerSelect.value = view.layer;
    yearInput.value = view.year ? view.year : lastYear + 1;
    yearText.textContent = `Status as of: ${view.year ? `end of ${view.year}` : "today"}`;
    imwgInput.checked = view.imwg;
    const eml = view.layer === "eml";
    yearInput.disabled = eml;
    imwgInput.disabled = eml;
    for (const o of drugSelect.options) o.disabled = eml && o.value.startsWith("group:");
    reason.textContent = eml ? "Year and IMWG overlay apply to the access-status layer; national lists have their own year, and drug classes have no listing." : "";
    yearInput.setAttribute("aria-describedby", eml ? reason.id : "");
    imwgInput.setAttribute("aria-describedby", eml ? reason.id : "");
  };

  const colourOf = (code) => {
    if (view.layer === "eml") return emlOf(code)[2];
    const c = p.classes[code >> 1];
    return code & 1 ? c[3] : c[2];
  };
  const labelOf = (code) => (view.layer === "eml" ? emlOf(code)[1] : p.classes[code >> 1][1]);

  const recolour = () => {
    current = view.layer === "eml" ? emlCodes(p, view.drug) : statusCodes(p, view.drug, view.year);
    for (const [iso, path] of paths) {
      const i = indexOf.get(iso);
      const code = current.codes[i];
      path.setAttribute("fill", colourOf(code));
      path.setAttribute("data-code", code);
    }
    title.textContent = titleOf(p, view);
    svg.setAttribute("aria-label", `World map: ${titleOf(p, view)}. A text summary follows the map; every country is in the search box and the Table tab.`);
    note.textContent = view.layer === "eml" && current.missing
      ? (view.drug.startsWith("group:") ? "National essential medicines lists are shown per drug: choose a single drug."
        : "No national list in GEM names this drug.") : "";
    source.textContent = view.layer === "eml" ? texts.source_eml : texts.source_status;
    drawLegend();
    drawImwg();
    summarise();
    highlight();
    cite.textContent = `${titleOf(p, view)}. Myeloma Access Explorer, data as of ${p.as_of}. ${window.location.href} (accessed ${texts.today}).${texts.stamp || ""}`;
  };

  const swatch = (fill, extra = "") => `<span class="sw${extra}" style="background:${fill}"></span>`;
  const drawLegend = () => {
    legend.replaceChildren();
    const list = el("ul", {});
    if (view.layer === "eml") {
      for (const [, label, colour] of p.eml_classes) {
        const li = el("li", {});
        li.innerHTML = swatch(colour);
        li.append(label);
        list.append(li);
      }
    } else {
      const head = el("li", { class: "head" });
      head.innerHTML = `${swatch(p.classes[0][2])}${swatch(p.classes[0][3], " pale")}`;
      head.append("full: evidence of the last five years · pale: older than five years or only inferred");
      list.append(head);
      for (const [id, label, colour, tint] of p.classes) {
        const li = el("li", { "data-status": id });
        li.innerHTML = id === "no_data" ? `${swatch(colour)}<span class="sw blank"></span>` : `${swatch(colour)}${swatch(tint, " pale")}`;
        li.append(id === "no_data" ? `${label} (grey: not 'not approved')` : label);
        list.append(li);
      }
      if (view.imwg && p.imwg.length) {
        const li = el("li", { class: "imwg-key" });
        const sizes = [1, 5, 10];
        li.innerHTML = sizes.map((n) => `<svg width="${2 * radius(10) + 2}" height="${2 * radius(10) + 2}" aria-hidden="true"><circle cx="${radius(10) + 1}" cy="${radius(10) + 1}" r="${radius(n)}" fill="none" stroke="#111" stroke-width="1.2"/></svg><span class="n">${n}</span>`).join("");
        li.append(" IMWG people per country in the roster in use (circle area)");
        list.append(li);
      }
    }
    legend.append(list);
  };

  const summarise = () => {
    const counts = {};
    for (const code of current.codes) counts[code] = (counts[code] || 0) + 1;
    if (view.layer === "eml") {
      const n = (k) => counts[k] || 0;
      textSummary.textContent = current.missing ? "" : `${n(0)} national lists include ${optionLabel(p, view.drug)}; ${n(1)} do not; ${n(2)} countries have no list (or no entry) in GEM.`;
      return;
    }
    const parts = [];
    let pale = 0;
    p.classes.forEach(([id, label], k) => {
      const full = counts[2 * k] || 0, old = counts[2 * k + 1] || 0;
      if (id !== "no_data") pale += old;
      if (full + old || id === "no_data") parts.push(`${label} ${full + old}`);
    });
    let text = `Countries by status: ${parts.join(" · ")}. ${pale} of these rest on evidence more than five years old or only inferred (lighter shade).`;
    if (view.imwg && p.imwg.length) {
      const people = p.imwg.reduce((a, r) => a + r[1], 0);
      text += ` Circles: IMWG people per country in the roster in use (${people} people, ${p.imwg.length} countries).`;
    }
    textSummary.textContent = text;
  };

  const radius = (n) => 3 + 2.6 * Math.sqrt(n);
  const drawImwg = () => {
    gImwg.replaceChildren();
    if (!projection || !view.imwg || view.layer === "eml") return;
    for (const [i, n, lon, lat] of p.imwg) {
      const xy = projection([lon, lat]);
      if (!xy) continue;
      gImwg.append(svgEl("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: radius(n).toFixed(1),
        "data-iso3": p.iso3[i], "data-members": n }));
    }
  };

  const highlight = () => {
    for (const [iso, path] of paths) {
      const on = iso === view.country;
      path.classList.toggle("selected", on);
      if (on) path.parentNode.append(path); // drawn last, so its outline is on top
    }
  };

  // hover ----------------------------------------------------------------------------------------------------
  const tipLines = (iso) => {
    const i = indexOf.get(iso);
    const code = current.codes[i];
    const lines = (current.hover[i] || []).map((s) => p.strings[s]);
    if (view.imwg && view.layer !== "eml" && imwgBy[i]) lines.push(`IMWG people in roster: ${imwgBy[i]}`);
    return [names[i], labelOf(code), ...lines];
  };
  const showTip = (iso, x, y) => {
    const [name, status, ...lines] = tipLines(iso);
    tip.replaceChildren(el("b", {}, name), el("span", {}, status), ...lines.map((l) => el("span", {}, l)));
    tip.hidden = false;
    const w = stage.clientWidth;
    tip.style.left = `${Math.min(Math.max(0, x + 12), Math.max(0, w - tip.offsetWidth - 4))}px`;
    tip.style.top = `${Math.max(0, y + 14)}px`;
  };
  const hideTip = () => { tip.hidden = true; };
  const stageXY = (ev) => { const r = stage.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; };
  gCountries.addEventListener("mousemove", (ev) => {
    const iso = ev.target.getAttribute && ev.target.getAttribute("data-iso3");
    if (iso) showTip(iso, ...stageXY(ev)); else hideTip();
  });
  svg.addEventListener("mouseleave", hideTip);

  // reports to Python ------------------------------------------------------------------------------------------
  const report = () => ({ ...view, seq: ++seq });
  const choose = (iso) => {
    view.country = iso;
    remember();
    highlight();
    setTriggerValue("select", report());
  };
  gCountries.addEventListener("click", (ev) => {
    const iso = ev.target.getAttribute && ev.target.getAttribute("data-iso3");
    if (iso) choose(iso);
  });
  find.addEventListener("change", () => {
    const wanted = find.value.trim().toLowerCase();
    const hit = order.find(([n]) => n.toLowerCase() === wanted) || order.find(([n]) => n.toLowerCase().startsWith(wanted));
    if (!wanted || !hit) return;
    const iso = p.iso3[hit[1]];
    const path = paths.get(iso);
    if (path) {
      const b = path.getBBox();
      const scale = svg.clientWidth / (svg.viewBox.baseVal.width || svg.clientWidth);
      showTip(iso, (b.x + b.width / 2) * scale, (b.y + b.height / 2) * scale);
    }
    choose(iso);
  });

  // The page's tabs (Map / Table / ...) are Streamlit's: when one is clicked, the view in use goes with that
  // click's rerun (both are sent in one batch), so the table and its downloads show what the map showed.
  if (tabListener) document.removeEventListener("click", tabListener, true);
  tabListener = (ev) => {
    const tab = ev.target.closest && ev.target.closest("[role='tab']");
    if (!tab || !box.isConnected || tab.getAttribute("aria-selected") === "true") return;
    const label = (tab.textContent || "").trim().toLowerCase();
    view.view = { map: "map", table: "table", "people affected": "people", sources: "sources" }[label] || view.view;
    remember();
    setStateValue("view", report());
  };
  document.addEventListener("click", tabListener, true);

  // controls -> state --------------------------------------------------------------------------------------
  const changed = (refreshDetails) => {
    remember();
    syncControls();
    recolour();
    if (refreshDetails && view.country) setTriggerValue("select", report()); // the details panel follows
  };
  drugSelect.addEventListener("change", () => { view.drug = drugSelect.value; changed(true); });
  layerSelect.addEventListener("change", () => { view.layer = layerSelect.value; changed(true); });
  yearInput.addEventListener("input", () => { const y = +yearInput.value; view.year = y > lastYear ? "" : String(y); changed(false); });
  yearInput.addEventListener("change", () => { if (view.country) setTriggerValue("select", report()); });
  imwgInput.addEventListener("change", () => { view.imwg = imwgInput.checked; changed(false); });
  pngButton.addEventListener("click", () => exportSlide("png"));
  svgButton.addEventListener("click", () => exportSlide("svg"));

  // drawing ------------------------------------------------------------------------------------------------
  const indexOf = new Map(p.iso3.map((c, i) => [c, i]));
  let features = null;
  const draw = () => {
    const width = Math.max(280, Math.round(stage.clientWidth || root.host?.clientWidth || 800));
    if (!more.dataset.touched) more.open = width >= 900; // wide: every control in view; narrow: folded
    const height = Math.round(width * 0.45); // Equal Earth without Antarctica
    projection = d3.geoEqualEarth().fitExtent([[2, 2], [width - 2, height - 2]], { type: "FeatureCollection", features });
    const path = d3.geoPath(projection);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    gCountries.replaceChildren();
    paths.clear();
    const frag = document.createDocumentFragment();
    for (const f of features) {
      if (!indexOf.has(f.id)) continue;
      const d = path(f);
      if (!d) continue;
      const node = svgEl("path", { d, "data-iso3": f.id });
      frag.append(node);
      paths.set(f.id, node);
    }
    gCountries.append(frag);
  };

  syncControls();
  let lastWidth = 0;
  const resize = new ResizeObserver(() => {
    const w = Math.round(stage.clientWidth);
    if (!features || !w || Math.abs(w - lastWidth) < 8) return;
    lastWidth = w;
    draw();
    recolour();
  });
  loadGeometry().then((fc) => {
    features = fc.features;
    lastWidth = Math.round(stage.clientWidth);
    draw();
    recolour();
    box.setAttribute("data-ready", "1");
    resize.observe(stage);
  }).catch((err) => {
    note.textContent = `The map could not be drawn (${err.message}). The Table tab lists every country.`;
  });

  // export: a 16:9 slide (1600 × 900) with title, map, legend and source line, whatever the window ----------
  const slideSvg = () => {
    const s = svgEl("svg", { xmlns: SVG_NS, width: EXPORT_W, height: EXPORT_H, viewBox: `0 0 ${EXPORT_W} ${EXPORT_H}` });
    const font = "Source Sans Pro, Arial, sans-serif";
    s.append(svgEl("rect", { width: EXPORT_W, height: EXPORT_H, fill: "#ffffff" }));
    const text = (x, y, content, size, attrs = {}) => {
      const t = svgEl("text", { x, y, "font-family": font, "font-size": size, fill: "#262730", ...attrs });
      t.textContent = content;
      s.append(t);
      return t;
    };
    text(40, 64, titleOf(p, view), 38, { "font-weight": "bold" });
    const mapBox = [[40, 96], [1560, 700]];
    const proj = d3.geoEqualEarth().fitExtent(mapBox, { type: "FeatureCollection", features });
    const path = d3.geoPath(proj);
    const g = svgEl("g", { stroke: "#ffffff", "stroke-width": "0.6" });
    for (const f of features) {
      if (!indexOf.has(f.id)) continue;
      const d = path(f);
      if (!d) continue;
      const code = current.codes[indexOf.get(f.id)];
      const node = svgEl("path", { d, fill: colourOf(code) });
      if (f.id === view.country) { node.setAttribute("stroke", "#111"); node.setAttribute("stroke-width", "2"); }
      g.append(node);
    }
    s.append(g);
    if (view.imwg && view.layer !== "eml") {
      for (const [, n, lon, lat] of p.imwg) {
        const xy = proj([lon, lat]);
        if (xy) s.append(svgEl("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: (1.6 * radius(n)).toFixed(1), fill: "none", stroke: "#111", "stroke-width": "1.5" }));
      }
    }
    const items = view.layer === "eml" ? p.eml_classes.map(([, label, c]) => [label, c, null])
      : p.classes.map(([id, label, c, t]) => [label, c, id === "no_data" ? null : t]);
    items.forEach(([label, c, t], k) => {
      const x = 40 + (k % 3) * 510, y = 730 + Math.floor(k / 3) * 34;
      s.append(svgEl("rect", { x, y: y - 18, width: 22, height: 22, fill: c, stroke: "#777", "stroke-width": "0.5" }));
      if (t) s.append(svgEl("rect", { x: x + 26, y: y - 18, width: 22, height: 22, fill: t, stroke: "#777", "stroke-width": "0.5" }));
      text(x + 56, y, label, 20);
    });
    let y = 730 + Math.ceil(items.length / 3) * 34 + 6;
    if (view.layer !== "eml") { text(40, y, "Each status: full colour = evidence of the last five years; pale = older than five years or only inferred." + (view.imwg ? " Circles: IMWG people per country." : ""), 17, { fill: "#555" }); y += 26; }
    const words = (view.layer === "eml" ? texts.source_eml : texts.source_status).split(" ");
    let line = "";
    for (const w of words) {
      if ((line + " " + w).length > 160) { text(40, y, line.trim(), 16, { fill: "#555" }); y += 21; line = ""; }
      line += " " + w;
    }
    if (line.trim()) text(40, y, line.trim(), 16, { fill: "#555" });
    return new XMLSerializer().serializeToString(s);
  };
  const download = (blob, ext) => {
    const a = el("a", { href: URL.createObjectURL(blob), download: `myeloma-access-${view.layer === "eml" ? "eml-" : ""}${view.drug.replace(/[^a-z0-9]+/gi, "-")}${view.year ? `-${view.year}` : ""}.${ext}` });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  };
  const exportSlide = (kind) => {
    if (!features) return;
    const text = slideSvg();
    const blob = new Blob([text], { type: "image/svg+xml" });
    if (kind === "svg") { download(blob, "svg"); return; }
    const img = new Image();
    const url = URL.createObjectURL(blob);
    img.onload = () => {
      const canvas = el("canvas", { width: EXPORT_W, height: EXPORT_H });
      canvas.getContext("2d").drawImage(img, 0, 0, EXPORT_W, EXPORT_H);
      URL.revokeObjectURL(url);
      canvas.toBlob((png) => download(png, "png"), "image/png");
    };
    img.src = url;
  };

  return () => {
    resize.disconnect();
    if (tabListener) { document.removeEventListener("click", tabListener, true); tabListener = null; }
  };
}
