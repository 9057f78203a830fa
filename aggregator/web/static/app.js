// The public page: upcoming events in the visitor's own time zone, filters, subscribe links.
// Plain DOM, no build step; every text from the API goes through textContent (never innerHTML).
"use strict";

const TEXT = {
  ar: {
    title: "فعاليات مدنية عبر الإنترنت",
    intro: "ندوات وبث مباشر تعلن عنها أحزاب ونقابات وجمعيات من شمال أفريقيا والشرق الأوسط. المواعيد معروضة بتوقيتك المحلي.",
    country: "البلد", org_type: "نوع الجهة", platform: "المنصة", org: "الجهة المنظمة", q: "بحث",
    all: "الكل", subscribe: "اشترك في التقويم", webcal: "اشتراك (webcal)", google: "إضافة إلى تقويم Google", ics: "رابط ملف ics", copy: "نسخ رابط التقويم (Outlook وApple)", copied: "تم نسخ الرابط",
    subscribe_help: "اشتراك واحد يكفي: كل فعالية جديدة أو معدلة أو ملغاة تصل إلى تقويمك تلقائيًا، مع الفلاتر المختارة.",
    join: "رابط المشاركة", download: "تنزيل ‎.ics", source: "المصدر", loading: "جارٍ التحميل…",
    none: "لا توجد فعاليات قادمة بهذه الفلاتر.", count: (n) => `${n} فعالية قادمة`, error: "تعذر تحميل الفعاليات: ",
    view_list: "قائمة", view_month: "شهر", view_week: "أسبوع", previous: "السابق", next: "التالي", more: (n) => `+${n} أخرى`,
    cancelled: "ملغاة", postponed: "مؤجلة", your_zone: "منطقتك الزمنية:",
    types: { party: "حزب", union: "نقابة", ngo: "جمعية", other: "أخرى" },
    footer: "البيانات مجمعة آليًا من إعلانات عامة؛ تحقق من المصدر قبل المشاركة.",
  },
  fr: {
    title: "Événements civiques en ligne",
    intro: "Webinaires et directs annoncés par des partis, syndicats et ONG d'Afrique du Nord et du Moyen-Orient. Heures affichées dans votre fuseau horaire.",
    country: "Pays", org_type: "Type d'organisation", platform: "Plateforme", org: "Organisation", q: "Recherche",
    all: "Tous", subscribe: "S'abonner au calendrier", webcal: "S'abonner (webcal)", google: "Ajouter à Google Agenda", ics: "Lien du fichier .ics", copy: "Copier le lien (Outlook, Apple)", copied: "Lien copié",
    subscribe_help: "Un seul abonnement : chaque événement nouveau, modifié ou annulé arrive dans votre agenda, avec les filtres choisis.",
    join: "Rejoindre", download: "Télécharger .ics", source: "Source", loading: "Chargement…",
    none: "Aucun événement à venir avec ces filtres.", count: (n) => `${n} événement(s) à venir`, error: "Impossible de charger les événements : ",
    view_list: "Liste", view_month: "Mois", view_week: "Semaine", previous: "Précédent", next: "Suivant", more: (n) => `+${n} autres`,
    cancelled: "Annulé", postponed: "Reporté", your_zone: "Votre fuseau horaire :",
    types: { party: "Parti", union: "Syndicat", ngo: "ONG", other: "Autre" },
    footer: "Données collectées automatiquement depuis des annonces publiques ; vérifiez la source.",
  },
  en: {
    title: "Online civic events",
    intro: "Webinars and live streams announced by parties, unions and NGOs of North Africa and the Middle East. Times are shown in your own time zone.",
    country: "Country", org_type: "Kind of organization", platform: "Platform", org: "Organization", q: "Search",
    all: "All", subscribe: "Subscribe to the calendar", webcal: "Subscribe (webcal)", google: "Add to Google Calendar", ics: ".ics file link", copy: "Copy the link (Outlook, Apple)", copied: "Link copied",
    subscribe_help: "Subscribe once: every new, changed or cancelled event reaches your calendar, with the filters you chose.",
    join: "Join", download: "Download .ics", source: "Source", loading: "Loading…",
    none: "No upcoming events with these filters.", count: (n) => `${n} upcoming event(s)`, error: "Could not load events: ",
    view_list: "List", view_month: "Month", view_week: "Week", previous: "Previous", next: "Next", more: (n) => `+${n} more`,
    cancelled: "Cancelled", postponed: "Postponed", your_zone: "Your time zone:",
    types: { party: "Party", union: "Union", ngo: "NGO", other: "Other" },
    footer: "Collected automatically from public announcements; check the source before joining.",
  },
};
const FILTERS = ["country", "org_type", "platform", "org", "q"];
const params = new URLSearchParams(location.search);
let lang = ["ar", "fr", "en"].includes(params.get("lang")) ? params.get("lang") : (localStorage.getItem("lang") || "ar");
if (!TEXT[lang]) lang = "ar";
let options = null;
let pending = null;
let loaded = null;  // the last /api/events answer, which the month and week views lay out
const VIEWS = ["list", "month", "week"];
let view = VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : "list";
let cursor = null;  // a day inside the month or week shown

const $ = (id) => document.getElementById(id);
const api = (path) => new URL(path, document.baseURI);
const locale = () => (lang === "ar" ? "ar" : lang === "fr" ? "fr-FR" : "en-GB");

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function applyLanguage() {
  const t = TEXT[lang];
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  document.title = t.title;
  $("title").textContent = t.title;
  $("intro").textContent = t.intro;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t[node.dataset.i18n];
  for (const button of document.querySelectorAll("#languages button")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  $("timezone").textContent = `${t.your_zone} ${zone}`;
  if (options) fillOptions();
}

function fillSelect(name, items) {
  const select = $(`filter-${name}`);
  const current = params.get(name) || "";
  select.replaceChildren(el("option", { value: "", text: TEXT[lang].all }));
  for (const item of items) select.append(el("option", { value: item.id, text: item.label }));
  select.value = current;
}

function fillOptions() {
  const t = TEXT[lang];
  let names = null;
  try { names = new Intl.DisplayNames([locale()], { type: "region" }); } catch (e) { names = null; }
  fillSelect("country", options.country.map((c) => ({ id: c, label: names ? names.of(c) : c }))
    .sort((a, b) => a.label.localeCompare(b.label, locale())));
  fillSelect("org_type", options.org_type.map((k) => ({ id: k, label: t.types[k] || k })));
  fillSelect("platform", options.platform.map((p) => ({ id: p.id, label: p.name })));
  fillSelect("org", options.org.map((o) => ({ id: o.id, label: lang === "ar" ? o.name : (o.name_latin || o.name) })));
  $("filter-q").value = params.get("q") || "";
}

function query() {
  const q = new URLSearchParams();
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) q.set(name, value);
  }
  if (lang !== "ar") q.set("lang", lang);
  return q;
}

function when(event) {
  const start = new Date(event.start);
  const end = event.end ? new Date(event.end) : null;
  const day = new Intl.DateTimeFormat(locale(), { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const hour = new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  let text = `${day.format(start)} · ${hour.format(start)}`;
  if (end) {
    text += end.toDateString() === start.toDateString() ? ` – ${hour.format(end)}` : ` – ${day.format(end)} ${hour.format(end)}`;
  }
  return el("time", { datetime: event.start, text });
}

function renderEvents(data) {
  const t = TEXT[lang];
  const list = $("events");
  list.replaceChildren();
  for (const event of data.events) {
    const item = el("li", { class: `event ${event.status}`, "data-event-id": event.event_id });
    const heading = el("h3", { dir: "auto" });
    if (event.status === "cancelled") heading.append(el("span", { class: "badge", text: t.cancelled }));
    if (event.status === "postponed") heading.append(el("span", { class: "badge", text: t.postponed }));
    heading.append(el("a", { class: "page", href: event.page_url, text: event.title }));
    item.append(heading, el("p", { class: "when" }, when(event)));
    const organizers = event.organizers.map((o) => o.name).join(lang === "ar" ? "، " : ", ");
    if (organizers) item.append(el("p", { class: "meta organizers", dir: "auto", text: organizers }));
    if (event.platform_name) item.append(el("p", { class: "meta platform", text: event.platform_name }));
    const links = el("p", { class: "links" });
    if (event.join_url && event.status !== "cancelled") {
      links.append(el("a", { class: "join", href: event.join_url, rel: "noopener nofollow", target: "_blank", text: t.join }));
    }
    links.append(el("a", { class: "ics", href: event.ics_url, download: "", text: t.download }));
    if (event.source_url) links.append(el("a", { class: "source", href: event.source_url, rel: "noopener nofollow", target: "_blank", text: t.source }));
    item.append(links);
    list.append(item);
  }
  loaded = data;
  if (cursor === null) cursor = data.events.length ? new Date(data.events[0].start) : new Date(data.now);
  renderCalendar();
  $("status").textContent = data.events.length ? t.count(data.count) : t.none;
  $("subscribe-webcal").href = data.feed.webcal;
  $("subscribe-google").href = data.feed.google;
  $("subscribe-https").href = data.feed.https;
  $("subscribe-copy").dataset.copy = data.feed.https;
  $("subscribe-copy").textContent = t.copy;
}

async function copyFeedUrl() {
  const button = $("subscribe-copy");
  const text = button.dataset.copy;
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    // No clipboard here (plain http): show the URL selected, ready to copy by hand.
    let field = $("subscribe-copy-field");
    if (!field) {
      field = el("input", { id: "subscribe-copy-field", class: "copy-field", readonly: "", dir: "ltr" });
      button.after(field);
    }
    field.value = text;
    field.select();
  }
  button.textContent = TEXT[lang].copied;
}

async function load() {
  const t = TEXT[lang];
  if (pending) pending.abort();
  pending = new AbortController();
  $("status").textContent = t.loading;
  document.body.dataset.state = "loading";
  try {
    const response = await fetch(api(`api/events?${query()}`), { signal: pending.signal });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
    renderEvents(data);
    document.body.dataset.state = "ready";
  } catch (error) {
    if (error.name === "AbortError") return;
    $("events").replaceChildren();
    $("status").textContent = t.error + error.message;
    document.body.dataset.state = "error";
  }
}

// Month and week views: the same events, laid out on the visitor's own calendar days.
function dayKey(date) {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function firstDayOfWeek() {
  try {
    const info = new Intl.Locale(locale());
    const week = info.getWeekInfo ? info.getWeekInfo() : info.weekInfo;
    if (week && week.firstDay) return week.firstDay % 7;  // Intl: 1 = Monday ... 7 = Sunday
  } catch (error) { /* older browsers */ }
  return 1;
}

function calendarDays() {
  const start = new Date(cursor.getFullYear(), cursor.getMonth(), view === "month" ? 1 : cursor.getDate());
  const shift = (start.getDay() - firstDayOfWeek() + 7) % 7;
  start.setDate(start.getDate() - shift);
  const days = [];
  const count = view === "week" ? 7 : 42;
  for (let i = 0; i < count; i += 1) days.push(new Date(start.getFullYear(), start.getMonth(), start.getDate() + i));
  if (view === "month" && days[35].getMonth() !== cursor.getMonth()) days.length = 35;
  return days;
}

function renderCalendar() {
  const t = TEXT[lang];
  for (const button of document.querySelectorAll("#views button")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === view));
  }
  $("events").hidden = view !== "list";
  $("calendar").hidden = view === "list";
  if (view === "list" || !loaded || !cursor) return;
  const byDay = new Map();
  for (const event of loaded.events) {
    const key = dayKey(new Date(event.start));
    if (!byDay.has(key)) byDay.set(key, []);
    byDay.get(key).push(event);
  }
  const days = calendarDays();
  const title = view === "month"
    ? new Intl.DateTimeFormat(locale(), { month: "long", year: "numeric" }).format(cursor)
    : `${new Intl.DateTimeFormat(locale(), { day: "numeric", month: "short" }).format(days[0])} – ${new Intl.DateTimeFormat(locale(), { day: "numeric", month: "short", year: "numeric" }).format(days[6])}`;
  $("calendar-title").textContent = title;
  const weekday = new Intl.DateTimeFormat(locale(), { weekday: view === "week" ? "long" : "short" });
  const hour = new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const grid = $("calendar-grid");
  grid.className = `grid ${view}`;
  grid.replaceChildren(...days.slice(0, 7).map((d) => el("div", { class: "weekday", text: weekday.format(d) })));
  const today = dayKey(new Date(loaded.now));
  const limit = view === "month" ? 3 : 20;
  for (const day of days) {
    const key = dayKey(day);
    const cell = el("div", { class: "day", "data-day": `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}` });
    if (view === "month" && day.getMonth() !== cursor.getMonth()) cell.classList.add("outside");
    if (key === today) cell.classList.add("today");
    cell.append(el("span", { class: "date", text: view === "week" ? `${weekday.format(day)} ${day.getDate()}` : String(day.getDate()) }));
    const events = byDay.get(key) || [];
    for (const event of events.slice(0, limit)) {
      const link = el("a", { class: `entry ${event.status}`, href: event.page_url, "data-event-id": event.event_id, dir: "auto" });
      link.append(el("time", { datetime: event.start, text: hour.format(new Date(event.start)) }), document.createTextNode(` ${event.title}`));
      cell.append(link);
    }
    if (events.length > limit) cell.append(el("span", { class: "more", text: t.more(events.length - limit) }));
    grid.append(cell);
  }
}

function moveCalendar(step) {
  if (!cursor) return;
  cursor = view === "month"
    ? new Date(cursor.getFullYear(), cursor.getMonth() + step, 1)
    : new Date(cursor.getFullYear(), cursor.getMonth(), cursor.getDate() + 7 * step);
  renderCalendar();
}

function syncUrl() {
  const q = query();
  const hash = view === "list" ? "" : `#${view}`;
  history.replaceState(null, "", (q.toString() ? `?${q}` : location.pathname) + hash);
}

async function start() {
  applyLanguage();
  for (const button of document.querySelectorAll("#languages button")) {
    button.addEventListener("click", () => {
      lang = button.dataset.lang;
      localStorage.setItem("lang", lang);
      applyLanguage();
      syncUrl();
      load();
    });
  }
  $("subscribe-copy").addEventListener("click", copyFeedUrl);
  for (const button of document.querySelectorAll("#views button")) {
    button.addEventListener("click", () => {
      view = button.dataset.view;
      // The week shown is the one of the first event in the month on screen, when there is one.
      if (view === "week" && loaded && cursor) {
        const inMonth = loaded.events.map((e) => new Date(e.start))
          .find((d) => d.getFullYear() === cursor.getFullYear() && d.getMonth() === cursor.getMonth());
        if (inMonth) cursor = inMonth;
      }
      syncUrl();
      renderCalendar();
    });
  }
  $("calendar-previous").addEventListener("click", () => moveCalendar(-1));
  $("calendar-next").addEventListener("click", () => moveCalendar(1));
  let typing = null;
  $("filters").addEventListener("input", (event) => {
    const field = event.target;
    if (field.value) params.set(field.name, field.value); else params.delete(field.name);
    clearTimeout(typing);
    typing = setTimeout(() => { syncUrl(); load(); }, field.name === "q" ? 300 : 0);
  });
  $("filters").addEventListener("submit", (event) => event.preventDefault());
  try {
    const response = await fetch(api("api/filters"));
    options = await response.json();
    fillOptions();
  } catch (error) { /* the list still loads without filter choices */ }
  await load();
}

start();
