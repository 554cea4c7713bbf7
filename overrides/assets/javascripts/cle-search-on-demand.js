/* Material requests the whole search index (about 85 KB gzipped) as soon as
   a page loads. Hold that request back until the reader turns to search
   (focuses the search box, or arrives with ?q= or ?h=), so a first view stays
   light. Loaded before Material's bundle (overrides/main.html). A file, not an
   inline script, so the Content Security Policy needs no 'unsafe-inline'. */
(function () {
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  var wanted = /[?&][qh]=/.test(location.search), waiting = [];
  function release() { wanted = true; waiting.splice(0).forEach(function (go) { go(); }); }
  document.addEventListener("focusin", function (ev) {
    if (ev.target.matches && ev.target.matches("[data-md-component=search-query]")) release();
  });
  document.addEventListener("change", function (ev) {
    if (ev.target.id === "__search" && ev.target.checked) release();
  });
  XMLHttpRequest.prototype.open = function (method, url) {
    this.cleSearchIndex = /\/search\/search_index\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.cleSearchIndex || wanted) return send.apply(xhr, args);
    waiting.push(function () { send.apply(xhr, args); });
  };
})();
