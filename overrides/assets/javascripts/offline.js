// Offline reading: registers the site's service worker (/sw.js), which keeps a copy of every
// page a reader opens, and drives the footer's "Save for offline reading" (every page of this
// language, with the files they use, with progress) and "Remove offline copy". The list of
// pages is <language root>/offline.json (scripts/safety/plugin.py). Without service workers
// (old browsers, pages opened from files) the controls stay hidden.
//
// - The page being read is kept at once, with the files it uses, the language's
//   "no internet" page and, when the quick exit leads to this site's own neutral page, that
//   page, so a page read once opens offline even on the first visit (the
//   service worker only sees the pages opened after it started).
// - "Remove offline copy" deletes every cache of the site, unregisters the service worker and
//   leaves one empty cache (OFF) that says "keep nothing": no page is kept again until the
//   reader presses "Save for reading offline", which removes it.
// - Saving asks the browser to keep the copy even when the device runs short of space
//   (navigator.storage.persist()).
// - Not in kb serve's preview (data-react-preview): see below.
(function () {
  "use strict";
  var box = document.querySelector("[data-react-offline]");
  if (!box || !("serviceWorker" in navigator) || !window.caches || typeof __md_scope === "undefined") return;
  var CACHE = "react-offline-v1";
  var OFF = "react-offline-off";
  var PREFIX = "react-offline";
  var root = new URL(__md_scope.href);

  // This site's service worker unregistered, then every cache of ours deleted but `keep`.
  function forget(keep) {
    return navigator.serviceWorker.getRegistrations().then(function (registrations) {
      return Promise.all(registrations.filter(function (r) { return r.scope.indexOf(root.href) === 0; })
        .map(function (r) { return r.unregister(); }));
    }).then(function () { return caches.keys(); }).then(function (names) {
      return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== keep; })
        .map(function (name) { return caches.delete(name); }));
    });
  }

  // kb serve's preview runs no service worker: one there answered the live reload's requests
  // and the pages from its copies, and a save made after a pause no longer reloaded the page.
  // One left from an earlier preview at this address goes, with its copies.
  if (box.hasAttribute("data-react-preview")) {
    forget(null).catch(function () { /* storage denied: nothing of ours is there */ });
    return;
  }

  var save = box.querySelector(".react-offline__save");
  var remove = box.querySelector(".react-offline__remove");
  var bar = box.querySelector("progress");
  var status = box.querySelector(".react-offline__status");
  var listUrl = new URL(box.getAttribute("data-react-offline"), location.href);
  var offlinePage = new URL("offline.html", listUrl).href;
  // The quick exit's neutral page when it is this site's own (no exit_url): kept with every
  // page, so that a reader who exits without a connection reaches it, not the "no internet"
  // page of this site.
  var exitLink = document.querySelector("a[data-react-exit]");
  var exitPage = exitLink && new URL(exitLink.href).origin === location.origin
    ? exitLink.href.split("#")[0] : null;
  var always = [offlinePage].concat(exitPage ? [exitPage] : []);
  var text = function (name, values) {
    var s = box.getAttribute("data-react-text-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  };
  box.hidden = false;

  function register() {
    return navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname })
      .then(function () { return navigator.serviceWorker.ready; });
  }

  // Files a page needs: its styles, scripts and images, on this site only.
  function assetsOf(doc, base) {
    var found = [];
    doc.querySelectorAll("link[rel~=stylesheet][href], script[src], img[src]").forEach(function (el) {
      var url = new URL(el.getAttribute("href") || el.getAttribute("src"), base);
      if (url.origin === location.origin) found.push(url.href.split("#")[0]);
    });
    return found;
  }

  // What a page loads only on demand, saved with it by "Save for reading offline" (not on
  // every page view): the search's script, and what a saved letter form needs offline (the
  // Word library alone is 232 KB gzip): the Word library (its path from the site root, as
  // appeal-form.js loads it) and the blank Word letters. Without them a saved letter form
  // said "the Word file could not be made" offline (found by a fresh tester). Not the PDFs
  // (about 0.85 MB a language, for sharing and printing elsewhere): offline, a PDF's link
  // shows the "no internet" page.
  function downloadsOf(doc, base) {
    var found = [];
    // The search's own script, which a page loads only when the reader opens the search
    // (search-open.js): a saved site searches offline too.
    doc.querySelectorAll("[data-react-search-script]").forEach(function (el) {
      found.push(new URL(el.getAttribute("data-react-search-script"), base).href);
    });
    doc.querySelectorAll("[data-docx-lib]").forEach(function (el) {
      found.push(new URL(el.getAttribute("data-docx-lib"), root).href);
    });
    doc.querySelectorAll("a[href]").forEach(function (el) {
      var url = new URL(el.getAttribute("href"), base);
      if (url.origin === location.origin && /\.docx$/.test(url.pathname)) {
        found.push(url.href.split("#")[0]);
      }
    });
    return found;
  }

  // Keep `urls`, unless the reader removed the copy in the meantime; with `skipKept`, those already
  // kept are left as they are (a new deployment refreshes them: sw.js, update()). Each is
  // taken from the browser's HTTP cache when it holds it (`force-cache`): the page was just
  // downloaded and its files are long-lived, and a plain fetch would ask the server again
  // for the page on every page view (pages are sent `no-cache`): one more round trip on 2G
  // each time (issue 18).
  function keepAll(urls, skipKept) {
    return caches.has(OFF).then(function (off) {
      if (off) return null;
      return caches.open(CACHE).then(function (cache) {
        return Promise.all(urls.map(function (url) {
          return (skipKept ? cache.match(url) : Promise.resolve(null)).then(function (hit) {
            if (hit) return null;
            return fetch(url, { cache: "force-cache" }).then(function (response) {
              if (response.ok) return cache.put(url, response);
            });
          }).catch(function () { /* offline or gone: nothing to keep */ });
        }));
      })
        // "Remove" pressed while this page was being kept (it makes OFF, then deletes CACHE):
        // an open after its delete made CACHE again, and the page stayed on the device. It
        // goes again, as in the service worker's keep (a test found it).
        .then(function () { return caches.has(OFF); })
        .then(function (removed) { if (removed) return caches.delete(CACHE); });
    });
  }

  function keepThisPage() {
    var page = location.href.split("#")[0];
    // The "no internet" page (and the neutral exit page) once; the page and its files each time.
    return Promise.all([keepAll([page].concat(assetsOf(document, page))), keepAll(always, true)])
      .then(function () {
        document.documentElement.setAttribute("data-react-offline-kept", "");
      });
  }

  caches.has(OFF).then(function (off) {
    if (off) return; // removed by the reader: nothing is kept until they save again
    return register().then(keepThisPage);
  }).catch(function () { box.hidden = true; });

  // A save in progress (a promise), and whether the reader asked to stop it by removing the
  // copy: Remove waits for the save to stop before it deletes, so nothing saved after it stays.
  var saving = null;
  var stopped = false;
  function checkStopped(value) { if (stopped) throw new Error("removed"); return value; }

  function saveAll() {
    stopped = false;
    save.disabled = true;
    bar.hidden = false;
    var done = 0, failed = 0, queue = [], seen = {};
    var add = function (url) { if (!seen[url]) { seen[url] = true; queue.push(url); } };
    var show = function () {
      bar.max = queue.length; bar.value = done + failed;
      status.textContent = text("progress", { done: done + failed, total: queue.length });
    };
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persist().catch(function () { /* the browser decides */ });
    }
    saving = caches.delete(OFF).then(register).then(checkStopped).then(function () {
      return Promise.all([caches.open(CACHE), fetch(listUrl).then(function (r) { return r.json(); })]);
    })
      .then(function (both) {
        var cache = both[0];
        add(listUrl.href);
        always.forEach(add);
        both[1].pages.forEach(function (page) { add(new URL(page, listUrl).href); });
        // The search's files: its table, shards and texts (scripts/safety/search_shards.py).
        (both[1].search || []).forEach(function (file) { add(new URL(file, listUrl).href); });
        var next = 0;
        function worker() {
          if (stopped || next >= queue.length) return Promise.resolve();
          var url = queue[next++];
          return fetch(url).then(function (response) {
            if (!response.ok) throw new Error(response.status);
            var type = response.headers.get("content-type") || "";
            var copy = response.clone();
            checkStopped();
            return cache.put(url, copy).then(function () {
              return type.indexOf("text/html") === 0 ? response.text() : null;
            });
          }).then(function (html) {
            if (html) {
              var doc = new DOMParser().parseFromString(html, "text/html");
              assetsOf(doc, url).concat(downloadsOf(doc, url)).forEach(add);
            }
            done++;
          }, function () { failed++; }).then(function () { show(); return worker(); });
        }
        show();
        return Promise.all([worker(), worker(), worker()]);
      })
      .then(function () {
        if (stopped) return;
        status.textContent = failed ? text("failed", { failed: failed }) : text("done", { total: done });
      }, function () { if (!stopped) status.textContent = text("failed", { failed: "?" }); })
      .then(function () { save.disabled = false; saving = null; });
    return saving;
  }

  save.addEventListener("click", saveAll);
  remove.addEventListener("click", function () {
    // A save in progress stops first; then the marker: a page or file fetched meanwhile is no
    // longer kept.
    stopped = true;
    Promise.resolve(saving).then(function () { return caches.open(OFF); })
      .then(function () { return forget(OFF); }).then(function () {
        bar.hidden = true;
        status.textContent = text("removed");
      });
  });
})();
