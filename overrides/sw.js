// The site's service worker (registered by assets/javascripts/offline.js): pages and files a
// reader has opened, or saved with "Save for offline reading", stay readable without the
// internet. Network first, so a reader online always gets the current text; the copy is used
// only when the network fails. Nothing but this site's own files is ever cached, and
// "Remove offline copy" deletes the whole cache.
"use strict";
var CACHE = "react-offline-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { return cache.put(request, copy); })
          .catch(function () { /* storage full or denied: reading goes on */ });
      }
      return response;
    }).catch(function () {
      return caches.open(CACHE)
        .then(function (cache) { return cache.match(request, { ignoreSearch: true }); })
        .then(function (hit) { return hit || Response.error(); });
    })
  );
});
