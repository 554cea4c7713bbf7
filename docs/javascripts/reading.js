/* CSAM Law Explained: reading on a phone (issue 16).

   1. Footnotes in place. On a touch screen (no hover), tapping a footnote
      marker shows its note at the foot of the screen instead of jumping to
      the list at the end of the page; "Go to the note" still goes there.
      With a mouse, Material's tooltip (content.footnote.tooltips) shows the
      note on hover and a click follows the link as before.
   2. Copy a link. Tapping a section's link (the pilcrow beside a heading) or
      a key figure's "Link to this figure" goes to that address, as a plain
      link does, and also copies the full address when the browser allows
      it, saying so in a short status message.
   No inline script: this file is listed in mkdocs.yml (extra_javascript). */
(function () {
  "use strict";

  var touch = window.matchMedia("(hover: none)");
  var pop = null;
  var opener = null;

  function closeNote(restoreFocus) {
    if (!pop) return;
    pop.remove();
    pop = null;
    if (restoreFocus && opener) opener.focus();
    opener = null;
  }

  function showNote(ref) {
    var id = decodeURIComponent(ref.getAttribute("href").slice(1));
    var note = document.getElementById(id);
    if (!note) return false;
    closeNote(false);
    opener = ref;
    pop = document.createElement("div");
    pop.className = "cle-fn-pop md-typeset";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", "Note " + ref.textContent.trim());
    pop.tabIndex = -1;
    var body = note.cloneNode(true);
    body.removeAttribute("id");
    body.querySelectorAll(".footnote-backref").forEach(function (a) { a.remove(); });
    body.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    var text = document.createElement("div");
    text.className = "cle-fn-pop__text";
    while (body.firstChild) text.appendChild(body.firstChild);
    var bar = document.createElement("div");
    bar.className = "cle-fn-pop__bar";
    var go = document.createElement("a");
    go.href = "#" + id;
    go.textContent = "Go to the note";
    go.addEventListener("click", function () { closeNote(false); });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.addEventListener("click", function () { closeNote(true); });
    bar.appendChild(go);
    bar.appendChild(close);
    pop.appendChild(text);
    pop.appendChild(bar);
    document.body.appendChild(pop);
    pop.focus({ preventScroll: true });
    return true;
  }

  var status = null;
  function announce(message) {
    if (!status) {
      status = document.createElement("div");
      status.className = "cle-copied";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = message;
    window.setTimeout(function () { status.textContent = ""; }, 2500);
  }

  function copyLink(link) {
    var url = new URL(link.getAttribute("href"), location.href);
    if (!navigator.clipboard || !window.isSecureContext || url.protocol === "file:") return;
    navigator.clipboard.writeText(url.href).then(
      function () { announce("Link copied: " + url.href); },
      function () { /* the address bar holds the link: nothing more to do */ });
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target) return;
    var ref = target.closest("a.footnote-ref");
    if (ref && touch.matches && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey) {
      if (showNote(ref)) {
        ev.preventDefault();
        ev.stopPropagation();
      }
      return;
    }
    if (pop && !target.closest(".cle-fn-pop")) closeNote(false);
    var link = target.closest("a.headerlink, a.cle-figure-link");
    if (link) copyLink(link);
  }, true);

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && pop) closeNote(true);
  });
})();
