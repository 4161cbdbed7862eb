// The map page's island: zoom and pan the diagram, open a node or link in the side
// panel (htmx, no reload), pick link ends by clicking nodes, confirm deletions.
(function () {
  "use strict";
  const box = document.getElementById("diagram");
  const panel = document.getElementById("panel");
  if (!box || !panel) return;
  const svg = box.querySelector("svg");
  const panelUrl = box.dataset.panelUrl;

  // --- zoom and pan by rewriting the viewBox -------------------------------------------
  let view = null, full = null;
  if (svg) {
    const vb = svg.viewBox.baseVal;
    full = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    view = { ...full };
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  }
  function apply() {
    svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  }
  function zoom(factor, cx, cy) {
    const nw = Math.min(full.w * 4, Math.max(full.w / 20, view.w * factor));
    const nh = view.h * (nw / view.w);
    cx = cx ?? view.x + view.w / 2;
    cy = cy ?? view.y + view.h / 2;
    view = { x: cx - (cx - view.x) * (nw / view.w), y: cy - (cy - view.y) * (nh / view.h), w: nw, h: nh };
    apply();
  }
  function toSvgPoint(evt) {
    const r = svg.getBoundingClientRect();
    const scale = Math.max(view.w / r.width, view.h / r.height);
    return { x: view.x + (evt.clientX - r.left) * scale, y: view.y + (evt.clientY - r.top) * scale, scale };
  }
  document.querySelectorAll("[data-zoom]").forEach((b) => b.addEventListener("click", () => {
    if (!svg) return;
    if (b.dataset.zoom === "fit") { view = { ...full }; apply(); }
    else zoom(b.dataset.zoom === "in" ? 0.8 : 1.25);
  }));
  if (svg) {
    svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const p = toSvgPoint(e);
      zoom(e.deltaY < 0 ? 0.9 : 1.1, p.x, p.y);
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (e) => {
      if (e.target.closest("g.node, g.edge")) return;
      drag = { x: e.clientX, y: e.clientY, view: { ...view }, scale: toSvgPoint(e).scale };
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      view.x = drag.view.x - (e.clientX - drag.x) * drag.scale;
      view.y = drag.view.y - (e.clientY - drag.y) * drag.scale;
      apply();
    });
    svg.addEventListener("pointerup", () => { drag = null; });
  }

  // --- picking link ends: focus a node menu, then click a node in the diagram ----------
  let picker = null, pickerLeft = 0;
  panel.addEventListener("focusin", (e) => {
    if (e.target.matches("select[name='link-source'], select[name='link-target']")) picker = e.target;
  });
  panel.addEventListener("focusout", (e) => { if (e.target === picker) pickerLeft = Date.now(); });

  // --- opening things in the side panel ------------------------------------------------
  function select(key) {
    document.querySelectorAll("#diagram .selected").forEach((el) => el.classList.remove("selected"));
    const el = key && document.getElementById(key);
    if (el) el.classList.add("selected");
    const url = new URL(window.location);
    if (key) url.searchParams.set("selected", key); else url.searchParams.delete("selected");
    window.history.replaceState({}, "", url);
    const query = key ? `?selected=${encodeURIComponent(key)}&panel=1` : "?panel=1&selected=";
    if (window.htmx) {
      // The panel's body only: the status region above it stays in the page, as a live
      // region must; what it said was about the node or link now closed.
      const status = document.getElementById("review-status");
      if (status) status.textContent = "";
      window.htmx.ajax("GET", panelUrl + query, { target: "#panel-body", swap: "innerHTML" })
        .then(() => { const h = panel.querySelector("h2"); if (h) { h.tabIndex = -1; h.focus(); } });
    } else {
      window.location = url;
    }
  }
  function activate(el) {
    // An undercut link is drawn in two halves through a point: all three open the link.
    const id = (el.id || "").replace(/^(link-\d+)-(head|mid)$/, "$1");
    if (!/^(node|link)-\d+$/.test(id)) return;
    if (id.startsWith("node-") && picker && Date.now() - pickerLeft < 800) {
      picker.value = id.slice(5);
      picker.focus();
      return;
    }
    select(id);
  }
  if (svg) {
    svg.querySelectorAll("g.node, g.edge").forEach((g) => {
      if (!/^(node|link)-\d+(-head|-mid)?$/.test(g.id)) return;
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      const title = g.querySelector("title");
      const tip = g.querySelector("a[title], a[*|title]");
      const label = (tip && (tip.getAttribute("title") || tip.getAttributeNS("http://www.w3.org/1999/xlink", "title"))) || (title && title.textContent) || g.id;
      g.setAttribute("aria-label", label);
      g.addEventListener("click", (e) => { e.preventDefault(); activate(g); });
      g.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); activate(g); }
      });
    });
    const initial = new URL(window.location).searchParams.get("selected");
    const el = initial && document.getElementById(initial);
    if (el) el.classList.add("selected");
  }
  panel.addEventListener("click", (e) => {
    const a = e.target.closest("a[data-panel-link]");
    if (!a) return;
    e.preventDefault();
    select(a.dataset.panelLink);
  });
  document.addEventListener("submit", (e) => {
    const msg = e.target.dataset.confirm;
    // A form htmx posts asks its own hx-confirm, and htmx has already taken the submit.
    if (msg && !e.defaultPrevented && !window.confirm(msg)) e.preventDefault();
  });
})();
