// The analysts' dashboard: the Vega-Lite specs of static/trends-specs.json over /api/trends, same filters as the feeds.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const form = $("filters");
  const FILTERS = ["from", "to", "interval", "country", "org_type", "platform", "org", "q"];
  const KINDS = { party: "Party", union: "Union", ngo: "NGO", other: "Other" };
  let specs = [];

  const option = (select, value, text) => {
    const o = document.createElement("option");
    o.value = value; o.textContent = text; select.append(o);
  };

  // /api/trends rows -> the long format every spec reads: {period, key, label, count}
  const rows = (table) => table.rows.flatMap((row) => table.keys.map((key) => ({
    period: row.period, key, label: table.labels[key] || key, count: row.counts[key],
  })));

  function params() {
    const q = new URLSearchParams();
    for (const name of FILTERS) {
      const v = form.elements[name].value.trim();
      if (v) q.set(name, v);
    }
    return q;
  }

  async function draw() {
    document.body.dataset.state = "loading";
    $("error").textContent = "";
    const q = params();
    history.replaceState(null, "", q.toString() ? `?${q}` : location.pathname);
    const csv = new URLSearchParams(q); csv.set("by", "topic"); csv.set("format", "csv");
    $("csv").href = `api/trends?${csv}`;
    try {
      const tables = await Promise.all(specs.map(async (chart) => {
        const one = new URLSearchParams(q); one.set("by", chart.by);
        const response = await fetch(`api/trends?${one}`);
        const body = await response.json();
        if (!response.ok) throw new Error(body.error || `error ${response.status}`);
        return body;
      }));
      const total = tables[0].rows.reduce((n, r) => n + r.total, 0);
      $("total").textContent = `${total} event(s) in ${tables[0].rows.length} period(s).`;
      await Promise.all(specs.map((chart, i) => {
        const spec = { ...chart.spec, data: { values: rows(tables[i]) } };
        return vegaEmbed(`#chart-${chart.id} .plot`, spec, { actions: false, renderer: "svg" });
      }));
    } catch (e) {
      $("error").textContent = e.message || String(e);
    } finally {
      document.body.dataset.state = "ready";
    }
  }

  async function start() {
    specs = (await (await fetch("static/trends-specs.json")).json()).charts;
    for (const chart of specs) {
      const box = document.createElement("section");
      box.className = "chart"; box.id = `chart-${chart.id}`;
      const h = document.createElement("h2"); h.textContent = chart.title;
      const plot = document.createElement("div"); plot.className = "plot"; plot.style.width = "100%";
      box.append(h, plot);
      $("charts").append(box);
    }
    for (const [k, v] of Object.entries(KINDS)) option($("f-org_type"), k, v);
    try {
      const filters = await (await fetch("api/filters")).json();
      for (const c of filters.country) option($("f-country"), c, c);
      for (const p of filters.platform) option($("f-platform"), p.id, p.name || p.id);
      for (const o of filters.org) option($("f-org"), o.id, o.name && o.name !== o.id ? `${o.name} (${o.id})` : o.id);
    } catch (e) { /* the charts still draw unfiltered */ }
    const q = new URLSearchParams(location.search);
    for (const name of FILTERS) if (q.get(name) !== null) form.elements[name].value = q.get(name);
    form.addEventListener("submit", (e) => { e.preventDefault(); draw(); });
    form.addEventListener("change", () => draw());
    await draw();
  }

  start();
})();
