// The event page: times rewritten in the visitor's zone (and the organizer's, in words), the copy button.
// The server already wrote everything in plain text; this only makes it friendlier.
"use strict";

(() => {
  const lang = document.body.dataset.lang || "ar";
  // A zone name is Latin text: isolated, so an Arabic line does not reorder its brackets.
  const zoneLabel = (text) => {
    const node = document.createElement("bdi");
    node.dir = "ltr";
    node.className = "zone";
    node.textContent = text;
    return node;
  };
  const locale = lang === "ar" ? "ar" : lang === "fr" ? "fr-FR" : "en-GB";
  for (const node of document.querySelectorAll("time[datetime]")) {
    const moment = new Date(node.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) continue;
    const options = { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    const zone = node.dataset.zone;
    const offset = /^([+-])(\d\d):(\d\d)$/.exec(node.dataset.offset || "");
    if (zone && offset) {
      // The organizer's wall clock: the server's offset applied, formatted as if in UTC.
      const minutes = (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
      const wall = new Date(moment.getTime() + minutes * 60000);
      node.textContent = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(wall) + " ";
      node.append(zoneLabel(`(${zone}, UTC${node.dataset.offset})`));
    } else if (!zone) {
      node.textContent = new Intl.DateTimeFormat(locale, { ...options, timeZoneName: "short" }).format(moment);
    }
  }
  const viewer = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const yours = document.querySelector(".when.yours strong");
  if (yours && viewer) yours.append(" ", zoneLabel(`(${viewer})`));

  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const text = button.dataset.copy;
      try {
        await navigator.clipboard.writeText(text);
      } catch (error) {
        // No clipboard permission (plain http, old browser): show the URL selected, ready to copy.
        const field = document.createElement("input");
        field.value = text; field.readOnly = true; field.className = "copy-field"; field.dir = "ltr";
        button.after(field); field.select();
      }
      button.textContent = button.dataset.copied;
      button.dataset.done = "true";
    });
  }
})();
