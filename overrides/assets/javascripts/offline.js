// Offline reading: registers the site's service worker (/sw.js), which keeps a copy of every
// page a reader opens, and drives the footer's "Save for offline reading" (every page of this
// language, with the files they use, with progress) and "Remove offline copy". The list of
// pages is <language root>/offline.json (scripts/safety/plugin.py). Without service workers
// (old browsers, pages opened from files) the controls stay hidden.
(function () {
  "use strict";
  var box = document.querySelector("[data-react-offline]");
  if (!box || !("serviceWorker" in navigator) || !window.caches || typeof __md_scope === "undefined") return;
  var CACHE = "react-offline-v1";
  var root = new URL(__md_scope.href);
  navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname })
    .catch(function () { box.hidden = true; });

  var save = box.querySelector(".react-offline__save");
  var remove = box.querySelector(".react-offline__remove");
  var bar = box.querySelector("progress");
  var status = box.querySelector(".react-offline__status");
  var listUrl = new URL(box.getAttribute("data-react-offline"), location.href);
  var text = function (name, values) {
    var s = box.getAttribute("data-react-text-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  };
  box.hidden = false;

  // Files a saved page needs: its styles, scripts and images, on this site only.
  function assetsOf(html, base) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var found = [];
    doc.querySelectorAll("link[rel~=stylesheet][href], script[src], img[src]").forEach(function (el) {
      var url = new URL(el.getAttribute("href") || el.getAttribute("src"), base);
      if (url.origin === location.origin) found.push(url.href.split("#")[0]);
    });
    return found;
  }

  function saveAll() {
    save.disabled = true;
    bar.hidden = false;
    var done = 0, failed = 0, queue = [], seen = {};
    var add = function (url) { if (!seen[url]) { seen[url] = true; queue.push(url); } };
    var show = function () {
      bar.max = queue.length; bar.value = done + failed;
      status.textContent = text("progress", { done: done + failed, total: queue.length });
    };
    return Promise.all([caches.open(CACHE), fetch(listUrl).then(function (r) { return r.json(); })])
      .then(function (both) {
        var cache = both[0];
        add(listUrl.href);
        both[1].pages.forEach(function (page) { add(new URL(page, listUrl).href); });
        add(new URL("search/index.json", listUrl).href);
        var next = 0;
        function worker() {
          if (next >= queue.length) return Promise.resolve();
          var url = queue[next++];
          return fetch(url).then(function (response) {
            if (!response.ok) throw new Error(response.status);
            var type = response.headers.get("content-type") || "";
            var copy = response.clone();
            return cache.put(url, copy).then(function () {
              return type.indexOf("text/html") === 0 ? response.text() : null;
            });
          }).then(function (html) {
            if (html) assetsOf(html, url).forEach(add);
            done++;
          }, function () { failed++; }).then(function () { show(); return worker(); });
        }
        show();
        return Promise.all([worker(), worker(), worker()]);
      })
      .then(function () {
        status.textContent = failed ? text("failed", { failed: failed }) : text("done", { total: done });
      }, function () { status.textContent = text("failed", { failed: "?" }); })
      .then(function () { save.disabled = false; });
  }

  save.addEventListener("click", saveAll);
  remove.addEventListener("click", function () {
    caches.delete(CACHE).then(function () {
      bar.hidden = true;
      status.textContent = text("removed");
    });
  });
})();
