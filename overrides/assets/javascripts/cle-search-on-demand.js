/* Search costs nothing until the reader turns to it. Material starts its
   search worker (about 12 KB gzipped) and requests the whole search index
   (about 85 KB) as soon as a page loads. This file holds both back:

   - the index request waits until the reader turns to search (focuses the
     search box, opens the search toggle, or arrives with ?q= or ?h=);
   - the worker is a stand-in that starts the real one only when Material
     first posts a message to it, which it does once the index has arrived
     (or, from file://, once search is opened; the offline copy's
     iframe-worker shim is then the Worker started).

   Loaded before Material's bundle (overrides/main.html). A file, not an
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

  /* The search worker on demand: listeners are kept and handed to the real
     worker when the first message starts it. Any other worker starts at once. */
  var Native = window.Worker;
  if (!Native) return;
  function OnDemand(url, options) {
    if (!/\/workers\/search\.[^\/]*\.js$/.test(String(url))) {
      return options === undefined ? new Native(url) : new Native(url, options);
    }
    var real = null, listeners = [], self = this;
    this.addEventListener = function (type, fn, opts) {
      if (real) real.addEventListener(type, fn, opts); else listeners.push([type, fn, opts]);
    };
    this.removeEventListener = function (type, fn, opts) {
      if (real) return real.removeEventListener(type, fn, opts);
      listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== fn; });
    };
    this.postMessage = function () {
      if (!real) {
        var Worker = window.Worker === OnDemand ? Native : window.Worker;
        real = options === undefined ? new Worker(url) : new Worker(url, options);
        listeners.splice(0).forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
        ["onmessage", "onerror"].forEach(function (name) { if (self[name]) real[name] = self[name]; });
      }
      return real.postMessage.apply(real, arguments);
    };
    this.terminate = function () { if (real) real.terminate(); };
  }
  window.Worker = OnDemand;
})();
