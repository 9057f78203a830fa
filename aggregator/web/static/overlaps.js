// The "find a time" form: reads /api/filters for the choices, asks /api/overlaps, draws what collides.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const form = $("slot");
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const ZONES = ["Africa/Algiers", "Africa/Cairo", "Africa/Casablanca", "Africa/Khartoum", "Africa/Nouakchott",
    "Africa/Tripoli", "Africa/Tunis", "Asia/Amman", "Asia/Baghdad", "Asia/Beirut", "Asia/Damascus", "Asia/Dubai",
    "Asia/Gaza", "Asia/Qatar", "Asia/Riyadh", "Europe/Paris", "Europe/London", "UTC"];
  const KINDS = { party: "Party", union: "Union", ngo: "NGO", other: "Other" };

  const option = (select, value, text) => {
    const o = document.createElement("option");
    o.value = value; o.textContent = text; select.append(o);
  };
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const fmt = (iso, zone, withDay) => new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    ...(withDay ? { weekday: "short", day: "numeric", month: "short" } : {}),
  }).format(new Date(iso));

  async function fillChoices() {
    for (const z of new Set([viewerZone, ...ZONES])) option($("slot-tz"), z, z);
    $("slot-tz").value = viewerZone;
    for (const [k, v] of Object.entries(KINDS)) option($("slot-org_type"), k, v);
    try {
      const filters = await (await fetch("api/filters")).json();
      for (const c of filters.country) option($("slot-country"), c, c);
      for (const o of filters.org) option($("slot-org"), o.id, o.name && o.name !== o.id ? `${o.name} (${o.id})` : o.id);
    } catch (e) { /* the form still works with what is typed; the API says what it accepts */ }
  }

  function fromLocation() {
    const q = new URLSearchParams(location.search);
    const start = q.get("start");
    if (start) { const [d, t] = start.replace("T", " ").split(" "); $("slot-date").value = d; $("slot-time").value = (t || "").slice(0, 5); }
    for (const name of ["tz", "duration", "margin", "country", "org_type", "org", "topic"]) {
      if (q.get(name) !== null) form.elements[name].value = q.get(name);
    }
    return Boolean(start);
  }

  function query() {
    const q = new URLSearchParams();
    q.set("start", `${$("slot-date").value} ${$("slot-time").value}`);
    for (const name of ["tz", "duration", "margin", "country", "org_type", "org"]) {
      const v = form.elements[name].value;
      if (v) q.set(name, v);
    }
    for (const word of $("slot-topic").value.split(/[,،]/).map((w) => w.trim()).filter(Boolean)) q.append("topic", word);
    return q;
  }

  function sharedText(o) {
    const parts = [];
    if ("country" in o.shared) parts.push(o.shared.country ? "same country" : "other country");
    if ("org_type" in o.shared) parts.push(o.shared.org_type.length ? `same kind (${o.shared.org_type.map((k) => KINDS[k] || k).join(", ")})` : "other kind");
    if ("topic" in o.shared) parts.push(o.shared.topic.length ? `topic: ${o.shared.topic.join(" ")}` : "no topic word");
    return parts.join(" · ") || "not asked";
  }

  function drawTimeline(body, zone) {
    const box = $("timeline");
    box.replaceChildren();
    const slotStart = Date.parse(body.start), slotEnd = Date.parse(body.end);
    const margin = body.margin_minutes * 60000;
    let lo = slotStart - margin, hi = slotEnd + margin;
    for (const o of body.overlaps) {
      lo = Math.min(lo, Date.parse(o.start));
      hi = Math.max(hi, Date.parse(o.end || o.start) || Date.parse(o.start) + 3600000);
    }
    const pct = (t) => `${(100 * (t - lo) / (hi - lo)).toFixed(2)}%`;
    const slot = el("div", undefined, "slot");
    slot.style.left = pct(slotStart);
    slot.style.width = `${(100 * (slotEnd - slotStart) / (hi - lo)).toFixed(2)}%`;
    box.append(slot);
    for (const o of body.overlaps) {
      const row = el("div", undefined, "row");
      const s = Date.parse(o.start), e = o.end ? Date.parse(o.end) : s + 3600000;
      const bar = el("div", `${fmt(o.start, zone)} ${o.title}`, o.audience_overlap > 0.5 ? "bar shared" : "bar");
      bar.dir = "auto";
      bar.style.left = pct(s);
      bar.style.width = `${Math.max(2, 100 * (e - s) / (hi - lo)).toFixed(2)}%`;
      bar.title = o.explanation;
      row.append(bar);
      box.append(row);
    }
    const step = 3600000;
    for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) {
      const tick = el("span", fmt(new Date(t).toISOString(), zone), "axis");
      tick.style.left = pct(t);
      box.append(tick);
    }
  }

  function show(body) {
    const zone = $("slot-tz").value || "UTC";
    const rows = $("overlaps").tBodies[0];
    rows.replaceChildren();
    for (const o of body.overlaps) {
      const tr = el("tr");
      tr.dataset.eventId = o.event_id;
      const score = el("td", String(o.score), "score");
      score.append(el("span", `${o.time_overlap.toFixed(2)} × ${o.audience_overlap.toFixed(2)}`, "why"));
      const when = el("td", `${fmt(o.start, zone, true)}–${o.end ? fmt(o.end, zone) : "?"}`);
      const time = el("td", o.overlap_minutes ? `${o.overlap_minutes} min of your slot` : `${o.gap_minutes} min before/after`);
      time.append(el("span", `time share ${Math.round(100 * o.time_overlap)}%`, "why"));
      const shared = el("td", sharedText(o));
      shared.append(el("span", `audience share ${Math.round(100 * o.audience_overlap)}%`, "why"));
      const title = el("td", o.title);
      title.dir = "auto";
      const why = el("span", o.explanation, "why");
      why.dir = "ltr";  // a formula, even under an Arabic title
      title.append(why);
      const orgs = el("td", o.organizers.map((g) => g.name || g.id).join(", "));
      orgs.dir = "auto";
      tr.append(score, when, time, shared, title, orgs);
      rows.append(tr);
    }
    $("summary").textContent = body.overlaps.length
      ? `${body.overlaps.length} event(s) between ${fmt(body.start, zone, true)} and ${fmt(body.end, zone)} (${zone}), with a ${body.margin_minutes} min margin.`
      : `Nothing else is scheduled between ${fmt(body.start, zone, true)} and ${fmt(body.end, zone)} (${zone}): the slot is free.`;
    $("formula").textContent = `Score = ${body.score}.`;
    drawTimeline(body, zone);
    $("result").hidden = false;
  }

  async function submit(event) {
    if (event) event.preventDefault();
    $("error").textContent = "";
    if (!$("slot-date").value || !$("slot-time").value) { $("error").textContent = "Give a date and a start time."; return; }
    const q = query();
    history.replaceState(null, "", `?${q}`);
    document.body.dataset.state = "loading";
    try {
      const response = await fetch(`api/overlaps?${q}`);
      const body = await response.json();
      if (!response.ok) { $("error").textContent = body.error || `error ${response.status}`; $("result").hidden = true; }
      else show(body);
    } catch (e) {
      $("error").textContent = "The server does not answer; try again in a moment.";
    } finally {
      document.body.dataset.state = "ready";
    }
  }

  form.addEventListener("submit", submit);
  fillChoices().then(() => (fromLocation() ? submit() : (document.body.dataset.state = "ready")));
})();
