// The article reader's island: show passages (hover, focus, click, filters), turn a text
// selection into code-point offsets, and create / edit / delete passages without a reload.
//
// Offsets: the server renders #article-text so that its DOM text is exactly the article
// text. A browser Range gives UTF-16 offsets into that text; the server stores Unicode
// code points (Python str indexes), so we count surrogate pairs before each offset.
(function () {
  "use strict";
  const root = document.getElementById("reader");
  if (!root) return;
  const canEdit = root.dataset.canEdit === "1";
  const textEl = document.getElementById("article-text");
  const statusEl = document.getElementById("reader-status");
  const tip = document.getElementById("reader-tip");
  const form = document.getElementById("passage-form");
  let data = JSON.parse(document.getElementById("passage-data").textContent);
  const suggestionEl = document.getElementById("suggestion-data");
  let suggestions = suggestionEl ? JSON.parse(suggestionEl.textContent) : {};
  let current = null; // the id (string) of the passage marked in text and list

  function say(message, isError) {
    statusEl.textContent = message;
    statusEl.classList.toggle("error", !!isError);
  }

  function send(method, url, body) {
    const token = root.querySelector("[name=csrfmiddlewaretoken]");
    return fetch(url, {
      method, credentials: "same-origin",
      headers: {
        "Content-Type": "application/json", Accept: "application/json",
        "X-CSRFToken": token ? token.value : "",
        // The map version this page shows: a stale one gets 412, not a silent overwrite.
        "If-Match": `"${root.dataset.version}"`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  // --- offsets: Range → UTF-16 → code points ----------------------------------------------
  const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
  const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

  function codePoints(text, u16) {
    let n = 0;
    for (let i = 0; i < u16; i++, n++) {
      if (isHigh(text.charCodeAt(i)) && i + 1 < u16 && isLow(text.charCodeAt(i + 1))) i++;
    }
    return n;
  }

  function utf16Offset(node, offset) {
    const before = document.createRange();
    before.setStart(textEl, 0);
    before.setEnd(node, offset);
    return before.toString().length; // DOM text only: the ::before markers are not in it
  }

  // The current selection as {start, end, quote} in code points, clamped to the text.
  function selectedSpan() {
    const sel = document.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return null;
    const r = sel.getRangeAt(0);
    const whole = document.createRange();
    whole.selectNodeContents(textEl);
    let [sc, so, ec, eo] = [r.startContainer, r.startOffset, r.endContainer, r.endOffset];
    try {
      if (whole.comparePoint(ec, eo) < 0 || whole.comparePoint(sc, so) > 0) return null;
      if (whole.comparePoint(sc, so) < 0) [sc, so] = [textEl, 0];
      if (whole.comparePoint(ec, eo) > 0) [ec, eo] = [textEl, textEl.childNodes.length];
    } catch (e) { return null; }
    const text = textEl.textContent;
    let a = utf16Offset(sc, so), b = utf16Offset(ec, eo);
    // Never cut an astral character in half: widen to the whole pair.
    if (a > 0 && isLow(text.charCodeAt(a)) && isHigh(text.charCodeAt(a - 1))) a--;
    if (b > 0 && isLow(text.charCodeAt(b)) && isHigh(text.charCodeAt(b - 1))) b++;
    if (b <= a) return null;
    return { start: codePoints(text, a), end: codePoints(text, b), quote: text.slice(a, b) };
  }

  // --- marking a passage -------------------------------------------------------------------
  const segsOf = (id) => textEl.querySelectorAll(`.seg[data-passages~="${id}"]`);

  function select(id, scroll) {
    textEl.querySelectorAll(".seg.marked").forEach((s) => s.classList.remove("marked"));
    document.querySelectorAll(".pitem.current").forEach((li) => li.classList.remove("current"));
    current = id == null ? null : String(id);
    if (current == null) return;
    mark(segsOf(current), "marked", document.getElementById(`item-${current}`), scroll);
    history.replaceState(null, "", `#passage-${current}`);
  }

  // Mark the text segments of a passage or suggestion and its item in the side list.
  function mark(segs, segClass, item, scroll) {
    segs.forEach((s) => s.classList.add(segClass));
    if (item) {
      item.classList.add("current");
      item.scrollIntoView({ block: "nearest" });
    }
    if (scroll && segs.length) segs[0].scrollIntoView({ block: "center" });
  }

  // A segment may lie in several passages (overlap, nesting): each click takes the next.
  function cycle(seg) {
    const ids = seg.dataset.passages.split(" ");
    const next = ids[(ids.indexOf(current) + 1) % ids.length];
    select(next, false);
    if (ids.length > 1) {
      say(`This text is in ${ids.length} passages: showing ${ids.indexOf(next) + 1} of ` +
          `${ids.length}. Click again (or press Enter) for the next.`);
    }
  }

  textEl.addEventListener("click", (e) => {
    const seg = e.target.closest(".seg");
    if (seg && document.getSelection().isCollapsed) cycle(seg);
  });

  // --- hover / focus: speaker and authorities -------------------------------------------
  const describe = (prefix, ids) => (ids ? ids.split(" ") : [])
    .map((id) => (document.getElementById(`${prefix}-${id}`) || {}).textContent || "");

  function showTip(seg) {
    const lines = [...describe("pd", seg.dataset.passages), ...describe("sd", seg.dataset.suggestions)];
    if (!lines.length) return;
    tip.textContent = lines.join("\n");
    const r = seg.getBoundingClientRect();
    tip.style.left = `${window.scrollX + r.left}px`;
    tip.style.top = `${window.scrollY + r.bottom + 6}px`;
    tip.hidden = false;
  }
  const hideTip = () => { tip.hidden = true; };
  textEl.addEventListener("mouseover", (e) => { const s = e.target.closest(".seg, .sugg"); if (s) showTip(s); });
  textEl.addEventListener("mouseout", (e) => { if (e.target.closest(".seg, .sugg")) hideTip(); });
  textEl.addEventListener("focusin", (e) => { if (e.target.matches(".seg, .sugg")) showTip(e.target); });
  textEl.addEventListener("focusout", hideTip);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hideTip(); });

  // --- keyboard: a caret in the text, Shift+arrows to select -------------------------------
  // Read-only text has no caret of its own, so arrows move a collapsed selection by hand
  // (Selection.modify); Enter on a passage's first segment marks it.
  const MOVES = { ArrowLeft: "backward", ArrowRight: "forward", ArrowUp: "backward",
                  ArrowDown: "forward", Home: "backward", End: "forward" };
  textEl.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target.matches(".sugg:not(.seg)") && (!form || form.hidden)) {
      e.preventDefault();
      markSuggestion(e.target.dataset.suggestions.split(" ")[0], false);
      return;
    }
    if (e.key === "Enter" && e.target.matches(".seg") && (!form || form.hidden)) {
      e.preventDefault();
      cycle(e.target);
      return;
    }
    const direction = MOVES[e.key];
    const sel = document.getSelection();
    if (!direction || !sel || typeof sel.modify !== "function") return;
    if (!sel.rangeCount || !textEl.contains(sel.focusNode)) {
      const walker = document.createTreeWalker(e.target, NodeFilter.SHOW_TEXT);
      const first = walker.nextNode();
      if (!first) return;
      sel.collapse(first, 0);
    }
    e.preventDefault();
    const unit = e.key === "ArrowUp" || e.key === "ArrowDown" ? "line"
      : e.key === "Home" || e.key === "End" ? "lineboundary"
      : e.ctrlKey || e.altKey ? "word" : "character";
    sel.modify(e.shiftKey ? "extend" : "move", direction, unit);
    const el = sel.focusNode && (sel.focusNode.nodeType === 1 ? sel.focusNode : sel.focusNode.parentElement);
    if (el) el.scrollIntoView({ block: "nearest" });
  });

  // --- the passage list: go to, filter, edit, delete ----------------------------------------
  function applyFilters() {
    const stance = document.getElementById("filter-stance").value;
    const authority = document.getElementById("filter-authority").value;
    const visible = new Set();
    const items = document.querySelectorAll(".pitem");
    items.forEach((li) => {
      const slugs = li.dataset.authorities.trim().split(/\s+/).filter(Boolean);
      const ok = (!stance || li.dataset.stance === stance) &&
        (!authority || (authority === "-" ? slugs.length === 0 : slugs.includes(authority)));
      li.hidden = !ok;
      if (ok) visible.add(li.dataset.passage);
    });
    const filtering = !!(stance || authority);
    textEl.querySelectorAll(".seg").forEach((s) => s.classList.toggle(
      "dim", filtering && !s.dataset.passages.split(" ").some((id) => visible.has(id))));
    document.getElementById("passage-count").textContent =
      filtering ? `${visible.size} of ${items.length}` : `${items.length}`;
  }
  root.addEventListener("change", (e) => { if (e.target.matches(".filters select")) applyFilters(); });

  root.addEventListener("click", (e) => {
    const go = e.target.closest("[data-goto]");
    if (go) { select(go.dataset.goto, true); return; }
    const edit = e.target.closest("[data-edit]");
    if (edit) { openEdit(edit.dataset.edit); return; }
    const del = e.target.closest("[data-delete]");
    if (del) remove(del.dataset.delete, Number(del.dataset.links));
  });

  // --- suggestions (dashed): mark, show or hide --------------------------------------------
  const SHOW_KEY = "legalmap.reader.showSuggestions";

  function showSuggestions() {
    const box = document.getElementById("show-suggestions");
    const shown = localStorage.getItem(SHOW_KEY) !== "0";
    if (box) box.checked = shown;
    textEl.classList.toggle("hide-sugg", !shown);
  }
  showSuggestions();
  root.addEventListener("change", (e) => {
    if (e.target.id !== "show-suggestions") return;
    localStorage.setItem(SHOW_KEY, e.target.checked ? "1" : "0");
    showSuggestions();
  });

  function markSuggestion(id, scroll) {
    textEl.querySelectorAll(".sugg.smarked").forEach((s) => s.classList.remove("smarked"));
    document.querySelectorAll(".sitem.current").forEach((li) => li.classList.remove("current"));
    if (id == null) return;
    mark(textEl.querySelectorAll(`.sugg[data-suggestions~="${id}"]`), "smarked",
         document.getElementById(`sitem-${id}`), scroll);
  }

  textEl.addEventListener("click", (e) => {
    const sugg = e.target.closest(".sugg:not(.seg)");
    if (sugg && document.getSelection().isCollapsed) {
      markSuggestion(sugg.dataset.suggestions.split(" ")[0], false);
    }
  });
  root.addEventListener("click", (e) => {
    const go = e.target.closest("[data-sgoto]");
    if (go) markSuggestion(go.dataset.sgoto, true);
  });

  const passageUrl = (id) => root.dataset.passageUrl.replace(/0\/$/, `${id}/`);

  // Re-read the page and swap in the text, the list and the version (after any write,
  // and after a 412 so the user sees what changed).
  async function refresh() {
    const response = await fetch(window.location.pathname, { headers: { Accept: "text/html" } });
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const filters = ["filter-stance", "filter-authority"].map((id) => document.getElementById(id).value);
    root.dataset.version = doc.getElementById("reader").dataset.version;
    textEl.innerHTML = doc.getElementById("article-text").innerHTML;
    document.getElementById("passage-list-wrap").replaceWith(doc.getElementById("passage-list-wrap"));
    ["filter-stance", "filter-authority"].forEach((id, i) => {
      const select = document.getElementById(id);
      if ([...select.options].some((o) => o.value === filters[i])) select.value = filters[i];
    });
    data = JSON.parse(doc.getElementById("passage-data").textContent);
    const wrap = document.getElementById("suggestion-wrap"), fresh = doc.getElementById("suggestion-wrap");
    if (wrap && fresh) {
      fresh.open = wrap.open;
      wrap.replaceWith(fresh);
      suggestions = JSON.parse(doc.getElementById("suggestion-data").textContent);
      showSuggestions();
    }
    applyFilters();
    if (current && data[current]) select(current, false); else current = null;
  }

  function errorText(body) {
    return Object.entries(body).map(([field, messages]) => `${field}: ${[].concat(messages)
      .map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ")}`).join("\n");
  }

  async function remove(id, links) {
    const what = links ? ` and the ${links} link${links === 1 ? "" : "s"} that go with it` : "";
    if (!window.confirm(`Delete this passage${what}?`)) return;
    const response = await send("DELETE", passageUrl(id));
    if (response.status === 412) {
      await refresh();
      say("The map changed meanwhile; nothing was deleted. Here is the current state.", true);
      return;
    }
    if (!response.ok) { say(errorText(await response.json().catch(() => ({}))) || "Not deleted.", true); return; }
    const body = await response.json();
    if (form && !form.hidden && mode && mode.id === id) closeForm();
    if (current === id) current = null;
    await refresh();
    say(`Passage deleted, with ${body.removed_links} link${body.removed_links === 1 ? "" : "s"}.`);
  }

  // --- the form: create from a selection, or edit --------------------------------------
  let mode = null; // {kind: "create", span} or {kind: "edit", id}
  let chosen = []; // authorities to link: {slug, short_name, relation}
  if (!form || !canEdit) return;
  const q = (sel) => form.querySelector(sel);
  const speaker = q("#pf-speaker"), note = q("#pf-note"), error = q("#pf-error");
  const authQ = q("#pf-auth-q"), results = q("#pf-auth-results"), chosenEl = q("#pf-auths");
  // The four relations to an authority, with their one-key shortcuts (reader.py RELATIONS).
  const relationOptions = [...q("#pf-relations").content.querySelectorAll("option")];
  const relationByKey = Object.fromEntries(relationOptions.map((o) => [o.dataset.key, o.value]));
  const firstRelation = relationOptions[0].value;

  function renderChosen() {
    chosenEl.replaceChildren(...chosen.map((a, i) => {
      const li = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = a.short_name;
      const label = document.createElement("label");
      label.className = "visually-hidden";
      label.htmlFor = `pf-rel-${i}`;
      label.textContent = `Relation to ${a.short_name}`;
      const relation = document.createElement("select");
      relation.id = `pf-rel-${i}`;
      relation.dataset.relation = String(i);
      for (const o of relationOptions) {
        const option = o.cloneNode(true);
        option.selected = a.relation === o.value;
        relation.add(option);
      }
      relation.addEventListener("change", () => { a.relation = relation.value; });
      const drop = document.createElement("button");
      drop.type = "button";
      drop.className = "small secondary";
      drop.textContent = "×";
      drop.setAttribute("aria-label", `Remove ${a.short_name}`);
      drop.addEventListener("click", () => { chosen.splice(i, 1); renderChosen(); authQ.focus(); });
      li.append(name, label, relation, drop);
      return li;
    }));
  }

  function openForm(newMode, values) {
    mode = newMode;
    form.hidden = false;
    q("#pf-h").textContent = mode.kind === "create" ? "New passage" : "Edit passage";
    q("#pf-quote").textContent = values.quote;
    form.querySelectorAll("input[name=stance]").forEach((r) => { r.checked = r.value === values.stance; });
    speaker.value = values.speaker || "";
    note.value = values.note || "";
    chosen = (values.authorities || []).map((a) => ({ slug: a.slug, short_name: a.short_name, relation: a.relation }));
    renderChosen();
    error.textContent = "";
    say("");
    closeResults();
    (q("input[name=stance]:checked") || q("input[name=stance]")).focus({ preventScroll: true });
    keepTextInView();
  }

  // In a narrow window the form comes up over the lower part of the text (reader.css):
  // bring what it is about to the top, above the form.
  const narrow = window.matchMedia("(max-width: 1000px)");
  function keepTextInView() {
    if (!narrow.matches) return;
    const sel = document.getSelection();
    const box = sel && sel.rangeCount && !sel.isCollapsed ? sel.getRangeAt(0).getBoundingClientRect()
      : (textEl.querySelector(".seg.marked, .sugg.smarked") || { getBoundingClientRect: () => null })
        .getBoundingClientRect();
    if (box) window.scrollBy({ top: box.top - 70, behavior: "instant" });
  }

  function openEdit(id) {
    const p = data[id];
    if (p) { select(id, true); openForm({ kind: "edit", id }, p); }
  }

  function closeForm() {
    form.hidden = true;
    mode = null;
    document.getSelection().removeAllRanges();
    textEl.focus({ preventScroll: true });
  }

  function onSelectionDone() {
    const span = selectedSpan();
    if (!span) return;
    if (mode && mode.kind === "create") {
      // A new selection while the form is open: keep what was typed, take the new span.
      mode.span = span;
      q("#pf-quote").textContent = span.quote;
      return;
    }
    openForm({ kind: "create", span }, { quote: span.quote });
  }
  document.addEventListener("mouseup", (e) => {
    if (!form.contains(e.target)) setTimeout(onSelectionDone, 0);
  });
  textEl.addEventListener("keyup", (e) => { if (e.key === "Shift") onSelectionDone(); });

  let saving = false; // one write at a time: a second would carry the same, stale version

  async function save() {
    if (saving) return;
    saving = true;
    try { await write(); } finally { saving = false; }
  }

  async function write() {
    const stance = q("input[name=stance]:checked");
    if (!stance) { error.textContent = "Pick a stance: j, c, l or f (or 1–4)."; return; }
    const body = { stance: stance.value, speaker: speaker.value.trim(), note: note.value,
                   authorities: chosen.map((a) => ({ slug: a.slug, relation: a.relation })) };
    const create = mode.kind === "create";
    const response = create
      ? await send("POST", root.dataset.createUrl, { ...mode.span, ...body })
      : await send("PATCH", passageUrl(mode.id), body);
    if (response.status === 412) {
      await refresh();
      error.textContent = "Someone changed this map meanwhile. The passages are reloaded: " +
        "check them, then save again.";
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) { error.textContent = errorText(answer) || `Not saved (${response.status}).`; return; }
    closeForm();
    await refresh();
    select(answer.id, false);
    say(create ? "Passage saved." : "Passage updated.");
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); save(); });
  q("[data-cancel]").addEventListener("click", closeForm);

  document.addEventListener("keydown", (e) => {
    if (form.hidden) return;
    const t = e.target;
    if (e.key === "Escape") {
      e.preventDefault();
      if (!results.hidden) closeResults(); else closeForm();
      return;
    }
    if (e.key === "Enter") {
      if (t === authQ || (t.matches("button") && t.type !== "submit")) return; // their own
      if (t === note && !(e.ctrlKey || e.metaKey)) return; // a new line in the note
      e.preventDefault();
      save();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key.toLowerCase();
    // A relation key: on an authority's menu it sets that one, elsewhere the last added.
    const onMenu = t.matches("select[data-relation]");
    if (relationByKey[key] && chosen.length && (onMenu || !t.matches("input:not([type=radio]), textarea, select"))) {
      e.preventDefault();
      const i = onMenu ? Number(t.dataset.relation) : chosen.length - 1;
      chosen[i].relation = relationByKey[key];
      const menu = q(`#pf-rel-${i}`);
      menu.value = chosen[i].relation;
      say(`${chosen[i].short_name}: ${menu.selectedOptions[0].textContent.replace(/ \(.\)$/, "")}.`);
      return;
    }
    const typing = t.matches("input:not([type=radio]), textarea, select");
    if (typing) return;
    const radio = q(`input[name=stance][data-key="${key}"]`) || q(`input[name=stance][data-num="${key}"]`);
    if (radio) { e.preventDefault(); radio.checked = true; }
  });

  // --- authority search-as-you-type (GET /api/authorities/?q=) ---------------------------
  let found = [], active = -1, pending = null, timer = null;

  function closeResults() {
    results.hidden = true;
    authQ.setAttribute("aria-expanded", "false");
    authQ.removeAttribute("aria-activedescendant");
    found = []; active = -1;
  }

  function showResults() {
    results.replaceChildren(...found.map((a, i) => {
      const li = document.createElement("li");
      li.id = `pf-opt-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === active));
      li.textContent = `${a.short_name} — ${a.name}`;
      li.title = a.citation;
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(a); });
      return li;
    }));
    if (!found.length) {
      const li = document.createElement("li");
      li.textContent = "No authority matches.";
      results.append(li);
    }
    results.hidden = false;
    authQ.setAttribute("aria-expanded", "true");
    if (active >= 0) authQ.setAttribute("aria-activedescendant", `pf-opt-${active}`);
  }

  function pick(a) {
    if (!chosen.some((c) => c.slug === a.slug)) chosen.push({ slug: a.slug, short_name: a.short_name, relation: firstRelation });
    renderChosen();
    authQ.value = "";
    closeResults();
    authQ.focus();
  }

  async function search() {
    const text = authQ.value.trim();
    if (text.length < 2) { closeResults(); return; }
    if (pending) pending.abort();
    pending = new AbortController();
    try {
      const response = await fetch(`/api/authorities/?q=${encodeURIComponent(text)}&page_size=8`,
        { headers: { Accept: "application/json" }, signal: pending.signal });
      const body = await response.json();
      found = body.results || [];
      active = found.length ? 0 : -1;
      showResults();
    } catch (e) { if (e.name !== "AbortError") throw e; }
  }

  authQ.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 150); });
  authQ.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!found.length) return;
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : found.length - 1)) % found.length;
      showResults();
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (!results.hidden && found[active]) pick(found[active]);
      else if (!authQ.value.trim()) save();
    }
  });
  authQ.addEventListener("blur", () => setTimeout(closeResults, 150));

  // --- suggestions: accept as is, edit then accept (the form), dismiss -------------------
  const asForm = (g) => ({
    quote: g.quote, stance: g.stance || "claim", speaker: g.speaker,
    authorities: g.authorities.map((a) => ({ ...a })),
  });

  async function accept(id) {
    const g = suggestions[id];
    if (!g || saving) return;
    saving = true;
    try {
      const response = await send("POST", root.dataset.createUrl, {
        start: g.start, end: g.end, quote: g.quote, stance: g.stance || "claim",
        speaker: g.speaker, note: "",
        authorities: g.authorities.map((a) => ({ slug: a.slug, relation: a.relation })),
      });
      if (response.status === 412) {
        await refresh();
        say("The map changed meanwhile; nothing was added. Here is the current state.", true);
        return;
      }
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) { say(errorText(answer) || `Not accepted (${response.status}).`, true); return; }
      await refresh();
      select(answer.id, false);
      const n = g.authorities.length;
      say(`Suggestion accepted: a passage linked to ${n} authorit${n === 1 ? "y" : "ies"}.`);
    } finally { saving = false; }
  }

  async function dismiss(id) {
    const g = suggestions[id];
    if (!g) return;
    const url = (pk) => root.dataset.dismissUrl.replace(/0\/dismiss\/$/, `${pk}/dismiss/`);
    const answers = await Promise.all(g.suggestions.map((pk) => send("POST", url(pk), { map: Number(root.dataset.map) })));
    const failed = answers.find((r) => !r.ok);
    if (failed) { say(errorText(await failed.json().catch(() => ({}))) || "Not dismissed.", true); return; }
    await refresh();
    say("Suggestion dismissed: it will not be shown again in this map.");
  }

  root.addEventListener("click", (e) => {
    const b = e.target.closest("[data-saccept], [data-sedit], [data-sdismiss]");
    if (!b) return;
    if (b.dataset.saccept) accept(b.dataset.saccept);
    else if (b.dataset.sdismiss) dismiss(b.dataset.sdismiss);
    else if (suggestions[b.dataset.sedit]) {
      const g = suggestions[b.dataset.sedit];
      markSuggestion(b.dataset.sedit, true);
      openForm({ kind: "create", span: { start: g.start, end: g.end, quote: g.quote } }, asForm(g));
      q("#pf-h").textContent = "Accept suggestion";
      form.scrollIntoView({ block: "nearest" });
    }
  });
})();

// The #passage-N of a link from the map page: mark that passage once the page is ready.
window.addEventListener("DOMContentLoaded", () => {
  const match = window.location.hash.match(/^#passage-(\d+)$/);
  const button = match && document.querySelector(`[data-goto="${match[1]}"]`);
  if (button) button.click();
});
