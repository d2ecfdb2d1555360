// The site's service worker (registered by assets/javascripts/offline.js): pages and files a
// reader has opened, or saved with "Save for reading offline", stay readable without the
// internet (README, "Offline reading"). Only this site's own files are ever kept.
//
// - Network first, so a reader online gets the current text; the kept copy is shown when the
//   network fails, or when it has not answered within TIMEOUT (a connection that hangs).
//   The network's answer, when it comes, still refreshes the copy.
// - A page never kept, without the network: the "no internet" page of its language
//   (<language root>offline.html).
// - After "Remove offline copy" the cache OFF exists (empty): nothing is kept until the
//   reader saves again.
// - A new deployment: the build writes DEPLOYMENT and ROOTS below (scripts/safety/offline.py),
//   so this file changes and the browser installs it again; installing reads each language's
//   offline.json and drops the files the site no longer has, and fetches again the ones that
//   changed.
"use strict";
var CACHE = "react-offline-v1";
var OFF = "react-offline-off";
var TIMEOUT = 4000; // ms: how long the network may take before the kept copy is shown
var DEPLOYMENT = "";
var ROOTS = [""];
var SCOPE = new URL(self.registration.scope);

function noop() { /* storage full or denied, network gone: reading goes on */ }

// Kept unless the reader removed the offline copy. "Remove" may come while a page is being
// kept (it makes OFF, then deletes CACHE): OFF is looked at again once the page is in, and if
// it is there now, CACHE goes again, so a removed copy never comes back (a test found it).
function keep(request, response) {
  return caches.has(OFF).then(function (off) {
    if (off) return null;
    return caches.open(CACHE).then(function (cache) { return cache.put(request, response); })
      .then(function () { return caches.has(OFF); })
      .then(function (removed) { if (removed) return caches.delete(CACHE); });
  }).catch(noop);
}

function kept(request) {
  return caches.has(CACHE).then(function (has) {
    if (!has) return null;
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request, { ignoreSearch: true });
    });
  }).then(function (hit) { return hit || null; }, function () { return null; });
}

// The "no internet" page of the language the address belongs to; when that one was never
// kept (a reader who taps another language in the switcher offline), the one of a language
// the reader did read (the browser's own error page before: found by a fresh tester).
function offlinePage(url) {
  var path = url.pathname.slice(SCOPE.pathname.length);
  var root = ROOTS.filter(function (r) { return path.indexOf(r) === 0; })[0] || "";
  var order = [root].concat(ROOTS.filter(function (r) { return r !== root; }));
  return order.reduce(function (found, r) {
    return found.then(function (hit) {
      return hit || kept(new Request(new URL(r + "offline.html", SCOPE).href));
    });
  }, Promise.resolve(null));
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  var network = fetch(request);
  event.waitUntil(network.then(function (response) {
    if (response.ok && response.type === "basic") return keep(request, response.clone());
  }).catch(noop));
  event.respondWith(new Promise(function (resolve) {
    var answered = false;
    function answer(response) { if (!answered && response) { answered = true; resolve(response); } }
    function fallback() {
      return kept(request).then(function (hit) {
        if (hit || request.mode !== "navigate") return hit;
        return offlinePage(url);
      });
    }
    network.then(answer, function () {
      fallback().then(function (hit) { answer(hit || Response.error()); });
    });
    setTimeout(function () { kept(request).then(answer); }, TIMEOUT);
  }));
});

// -- a new deployment ----------------------------------------------------------------------
function sha16(buffer) {
  return crypto.subtle.digest("SHA-256", buffer).then(function (hash) {
    return Array.prototype.map.call(new Uint8Array(hash), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("").slice(0, 16);
  });
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise(function (_, reject) {
    setTimeout(function () { reject(new Error("timeout")); }, ms);
  })]);
}

// Path of a cached address as the lists name it: relative to the site, "/" -> index.html.
function listedPath(href) {
  var path = decodeURIComponent(new URL(href).pathname.slice(SCOPE.pathname.length));
  return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
}

// Drop what this deployment no longer has; fetch again what changed. Needs every list: with
// one missing nothing is dropped (better an old file than a copy with holes).
function update() {
  return caches.has(CACHE).then(function (has) {
    if (!has) return null;
    return withTimeout(Promise.all(ROOTS.map(function (root) {
      return fetch(new URL(root + "offline.json", SCOPE).href, { cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (list) {
          var files = {};
          Object.keys(list.files || {}).forEach(function (p) { files[root + p] = list.files[p]; });
          return files;
        });
    })), 3 * TIMEOUT).then(function (lists) {
      var files = Object.assign.apply(null, [{}].concat(lists));
      return caches.open(CACHE).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.map(function (request) {
            var path = listedPath(request.url);
            if (/(^|\/)offline\.json$/.test(path)) return null; // saved with its pages
            if (!(path in files)) return cache.delete(request);
            return cache.match(request).then(function (response) {
              return response ? response.arrayBuffer() : new ArrayBuffer(0);
            }).then(sha16).then(function (print) {
              if (print === files[path]) return null;
              return fetch(request.url, { cache: "no-store" }).then(function (fresh) {
                if (fresh.ok) return cache.put(request, fresh);
              }).catch(noop);
            });
          }));
        });
      });
    });
  }).catch(noop);
}

self.addEventListener("install", function (event) {
  event.waitUntil(update().then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
