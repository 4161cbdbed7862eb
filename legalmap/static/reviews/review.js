// Review forms with htmx (comment, reply, edit, delete, resolve, reopen, verdict), on the
// map page's panel and on the review page. The forms work without this file; with it:
// - a refused form comes back as a 400 or 403 carrying the form again, with its error and
//   the typed text, and HX-Retarget pointing at the form: such answers are swapped in (htmx
//   leaves 4xx answers alone otherwise, and the text stays where it was typed);
// - what happened is said once in the page's status region (HX-Trigger "review-status");
// - the diagram's mark of a link with open threads follows ("review-changed").
(function () {
  "use strict";

  function say(message, error) {
    const region = document.getElementById("review-status");
    if (!region) return;
    region.classList.toggle("error", !!error);
    // Emptied first, then filled: screen readers announce the same words twice in a row too.
    region.textContent = "";
    window.setTimeout(() => { region.textContent = message; }, 50);
  }

  document.body.addEventListener("review-status", (e) => say(e.detail.message, e.detail.error));

  document.body.addEventListener("htmx:beforeSwap", (e) => {
    const xhr = e.detail.xhr;
    if (xhr.status >= 400 && xhr.status < 500 && xhr.getResponseHeader("HX-Retarget")) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  // Failures the server did not explain (a lost connection, a map since deleted, a 500):
  // nothing was swapped, so the text is still in its box; say so.
  document.body.addEventListener("htmx:afterRequest", (e) => {
    const form = e.detail.elt;
    if (!form || !form.closest || !form.closest(".threads, .new-thread, .verdict-block")) return;
    const xhr = e.detail.xhr;
    if (e.detail.successful || (xhr && xhr.getResponseHeader("HX-Trigger"))) return;
    if (xhr && xhr.status === 401) {
      say("Not sent: you are signed out. Sign in again in another tab, then send it again; " +
          "what you wrote is still in the box.", true);
      return;
    }
    const why = xhr && xhr.status ? `the server answered ${xhr.status}` : "no connection";
    say(`Not sent (${why}). What you wrote is still in the box; try again.`, true);
  });

  // The diagram thickens a link with open threads and counts them on it ("● 2 open").
  document.body.addEventListener("review-changed", (e) => {
    const { link, open } = e.detail;
    document.querySelectorAll(`#diagram g#link-${link}, #diagram g#link-${link}-head`)
      .forEach((g) => {
        g.classList.toggle("open-threads", open > 0);
        g.querySelectorAll("path, polygon").forEach((shape) => {
          if (shape.hasAttribute("stroke-width")) shape.setAttribute("stroke-width", open ? "3" : "1.4");
        });
        g.querySelectorAll("text").forEach((text) => {
          if (text.textContent.startsWith("●")) text.textContent = open ? `● ${open} open` : "";
        });
      });
  });
})();
