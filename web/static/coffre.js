// Small enhancements; every page works without them (CSP: this file only, no inline script).
"use strict";

// Live passphrase strength: asks the server (which decides anyway) as the consumer types.
function setUpStrength(input) {
  const box = document.getElementById("strength");
  const form = input.form;
  if (!box || !form) return;
  const meter = box.querySelector("meter");
  const verdict = box.querySelector("[data-role=verdict]");
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!input.value) { box.hidden = true; return; }
      const body = new FormData();
      body.append("passphrase", input.value);
      const token = form.querySelector("input[name=csrf_token]");
      const headers = token ? { "X-CSRFToken": token.value } : {};
      try {
        const answer = await fetch(input.dataset.strength, { method: "POST", body, headers,
                                                             credentials: "same-origin" });
        if (!answer.ok) return;
        const result = await answer.json();
        meter.value = result.score;
        verdict.textContent = result.ok ? box.dataset.good || "✓" : result.reason;
        box.hidden = false;
      } catch (e) { box.hidden = true; }
    }, 300);
  });
}

// "Add another row" without a round trip: clone the last row of a repeating table.
function setUpAddRow(button) {
  const table = document.getElementById(button.dataset.addRow);
  if (!table) return;
  button.addEventListener("click", (event) => {
    const rows = table.tBodies[0].rows;
    const last = rows[rows.length - 1];
    const copy = last.cloneNode(true);
    const next = rows.length;
    copy.querySelectorAll("input, select, label").forEach((el) => {
      for (const attr of ["name", "id", "for", "aria-describedby"]) {
        const value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(/-\d+-/, "-" + next + "-"));
      }
      if (el.tagName === "INPUT" && !el.dataset.keep) el.value = el.defaultValue = "";
      el.removeAttribute("aria-invalid");
    });
    copy.querySelectorAll(".error, .category-filter").forEach((el) => el.remove());
    copy.querySelectorAll("select[data-category-list]").forEach((el) => {
      el.value = "";
      for (const part of el.querySelectorAll("option, optgroup")) part.hidden = false;
      setUpCategoryFilter(el);
    });
    table.tBodies[0].appendChild(copy);
    const first = copy.querySelector("input");
    if (first) first.focus();
    event.preventDefault();
  });
}

// Destructive buttons that carry data-confirm ask once more before sending, and then say
// so (confirmed=yes); without JavaScript the server asks on a page of its own instead.
// Category pick-lists get a filter box: typing hides the categories that do not match
// (labels in both languages and synonyms; case and accents aside). The list stays a
// plain <select>: without this script every category is simply listed.
function folded(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function setUpCategoryFilter(select) {
  const box = document.createElement("input");
  box.type = "search";
  box.className = "category-filter";
  box.setAttribute("aria-label", select.dataset.categoryList);
  box.placeholder = select.dataset.categoryList;
  box.setAttribute("aria-controls", select.id);
  select.before(box);
  box.addEventListener("input", () => {
    const wanted = folded(box.value.trim());
    for (const option of select.options) {
      if (!option.value) continue;
      const words = folded(option.text + " " + (option.dataset.words || ""));
      option.hidden = wanted !== "" && !words.includes(wanted) && !option.value.startsWith(wanted);
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = [...group.children].every((option) => option.hidden);
    }
    const chosen = select.options[select.selectedIndex];
    if (!select.multiple && wanted && (!chosen || chosen.hidden || !chosen.value)) {
      const first = [...select.options].find((option) => option.value && !option.hidden);
      if (first) select.value = first.value;
    }
  });
}

// Destructive buttons that carry data-confirm ask once more before sending.
function setUpConfirm(form) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); return; }
    if (!form.querySelector("input[name=confirmed]")) {
      const confirmed = document.createElement("input");
      confirmed.type = "hidden"; confirmed.name = "confirmed"; confirmed.value = "yes";
      form.appendChild(confirmed);
    }
  });
}

// The time zone asked at setup: the server proposed its own; the browser knows the consumer's.
function proposeZone(select) {
  let zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  if ([...select.options].some((option) => option.value === zone)) select.value = zone;
}

// Where the eye should go once the page is shown: after a failed submit, its summary (or the
// field in error); else the element the address points at (the next offer after acting on one).
function placeFocus() {
  const target = document.querySelector(".error-summary") ||
    document.querySelector("[aria-invalid=true]") ||
    (location.hash && document.getElementById(location.hash.slice(1)));
  if (target) target.focus();
}

// The idle warning: a minute before the server would sign this browser out, offer to stay
// (what the page holds, a half-filled form, would be lost by signing in again).
function setUpIdleWarning(box) {
  const seconds = Number(box.dataset.idleSeconds);
  const stay = box.querySelector("[data-role=stay]");
  const token = document.querySelector("input[name=csrf_token]");
  if (!seconds || !stay) return;
  let warn = null, end = null;
  const signedOut = () => {
    box.hidden = false; stay.hidden = true;
    box.querySelector("[data-role=text]").hidden = true;
    box.querySelector("[data-role=gone]").hidden = false;
  };
  const arm = () => {
    clearTimeout(warn); clearTimeout(end);
    warn = setTimeout(() => { box.hidden = false; stay.focus(); }, Math.max(seconds - 60, 0) * 1000);
    end = setTimeout(signedOut, seconds * 1000);
  };
  stay.addEventListener("click", async () => {
    const headers = token ? { "X-CSRFToken": token.value } : {};
    try {
      const answer = await fetch(box.dataset.alive, { method: "POST", headers,
                                                      credentials: "same-origin", redirect: "manual" });
      if (answer.status === 204) { box.hidden = true; arm(); return; }
    } catch (e) { /* shown as signed out below */ }
    signedOut();
  });
  arm();
}

// Each posted form says which page it was sent from: after an idle sign-out, signing in
// again comes back to that page.
function noteWhereFrom(event) {
  const form = event.target;
  if (form.method !== "post" || form.querySelector("input[name=here]")) return;
  const here = document.createElement("input");
  here.type = "hidden"; here.name = "here"; here.value = location.pathname + location.search;
  form.appendChild(here);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-strength]").forEach(setUpStrength);
  document.querySelectorAll("button[data-add-row]").forEach(setUpAddRow);
  document.querySelectorAll("form[data-confirm]").forEach(setUpConfirm);
  document.querySelectorAll("select[data-category-list]").forEach(setUpCategoryFilter);
  document.querySelectorAll("select[data-propose-zone]").forEach(proposeZone);
  const idle = document.getElementById("idle-warning");
  if (idle) setUpIdleWarning(idle);
  document.addEventListener("submit", noteWhereFrom);
  placeFocus();
});
