/*
  The "What happened?" finder, in place (scripts/finder/, README "Finder").

  Without this script every step is a page of links (help/...), which works everywhere,
  the offline copy included. With it, an answer shows the next step in the same place:
  no page is loaded, the address and the history stay as they were (no entry per answer,
  so Back and the history show nothing of the answers), and nothing is stored or sent.
  The steps come from help/finder-data.js, one file per language, the same whatever the
  answers, loaded at the first answer. The new step's heading takes the focus, and a live
  region announces it. Loaded only by the finder's pages (overrides/finder.html).
*/
(function () {
  "use strict";
  var box = document.querySelector("[data-kb-finder]");
  if (!box || !window.Element || !Element.prototype.closest) return;
  var level = Number(box.getAttribute("data-kb-finder-level")) || 2;
  var current = box.getAttribute("data-kb-finder");
  var back = [];
  var live = document.createElement("p");
  live.className = "kb-finder-live";
  live.setAttribute("aria-live", "polite");
  box.parentNode.insertBefore(live, box.nextSibling);

  // The address of a docs path (help/x/index.md, guides/y.md#z) from this page, worked out
  // from a link MkDocs wrote: folder addresses on the site, .html files in the offline copy.
  // The link is read as the browser resolves it (a.href): on help/ and its steps MkDocs
  // writes it relative to the step ("police/", "../"), which names no "help/..." path.
  var root = null, files = false;
  (function probe() {
    var links = box.querySelectorAll("a[data-kb-to^='help']");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].href.split("#")[0].split("?")[0];
      var key = links[i].getAttribute("data-kb-to");
      var asFile = "/" + key + "/index.html", asFolder = "/" + key + "/";
      if (href.slice(-asFile.length) === asFile) {
        root = href.slice(0, 1 - asFile.length); files = true; return;
      }
      if (href.slice(-asFolder.length) === asFolder) {
        root = href.slice(0, 1 - asFolder.length); return;
      }
    }
  })();
  if (root === null) return;
  // Relative to this page, as MkDocs writes links: a printed page shows the address of
  // every absolute link (site.css), and the site's address must not be on the printout.
  (function relative() {
    var here = location.href.split("#")[0].split("?")[0];
    here = here.slice(0, here.lastIndexOf("/") + 1);
    if (here.slice(0, root.length) !== root) return;
    root = new Array(here.slice(root.length).split("/").length).join("../");
  })();

  function address(docsPath) {
    var parts = docsPath.split("#");
    var path = parts[0], anchor = parts.length > 1 ? "#" + parts[1] : "";
    if (!path) return anchor;
    if (files) path = path.slice(0, -3) + ".html";
    else if (path === "index.md" || /\/index\.md$/.test(path)) path = path.slice(0, -8);
    else path = path.slice(0, -3) + "/";
    return (root + path || "./") + anchor;
  }

  function heading(text, lang, n) {
    var h = document.createElement("h" + n);
    h.id = "kb-finder-question";
    h.tabIndex = -1;
    h.textContent = text;
    if (lang) h.lang = lang;
    return h;
  }

  // The data's headings start at level 2 under the step's own; on a page whose step heading
  // is the h1 (help/...), every one moves up a level.
  function relevel(node) {
    if (level === 2) return;
    var found = node.querySelectorAll("h3, h4, h5, h6");
    for (var i = 0; i < found.length; i++) {
      var old = found[i], h = document.createElement("h" + (Number(old.tagName[1]) - 1));
      for (var a = 0; a < old.attributes.length; a++) h.setAttribute(old.attributes[a].name, old.attributes[a].value);
      while (old.firstChild) h.appendChild(old.firstChild);
      old.parentNode.replaceChild(h, old);
    }
  }

  function button(text, cls, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button " + cls;
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }

  function extras() {
    var summary = box.querySelector(".kb-finder-summary");
    if (summary && !summary.querySelector(".kb-finder-print")) {
      summary.appendChild(button(box.getAttribute("data-kb-text-print"), "kb-finder-print",
        function () { window.print(); }));
    }
  }

  function show(key, remember) {
    var data = window.kbFinderData, step = data && data.steps[key];
    if (!step) return false;
    var text, lang, body;
    if (step.r) {
      var result = data.results[step.r];
      text = result.h; lang = result.l; body = result.a + step.m + result.z;
    } else {
      text = step.h; lang = step.l; body = step.b;
    }
    if (remember) back.push(current);
    if (key === "help") back = [];
    current = key;
    var content = document.createElement("div");
    content.innerHTML = body;
    relevel(content);
    var links = content.querySelectorAll("a[data-kb-href]");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("href", address(links[i].getAttribute("data-kb-href")));
      links[i].removeAttribute("data-kb-href");
    }
    while (box.firstChild) box.removeChild(box.firstChild);
    if (back.length) {
      var nav = document.createElement("p");
      nav.className = "kb-finder-back";
      nav.appendChild(button(box.getAttribute("data-kb-text-back"), "kb-finder-back-button",
        function () { show(back.pop(), false); }));
      box.appendChild(nav);
    }
    var h = heading(text, lang, level);
    box.appendChild(h);
    while (content.firstChild) box.appendChild(content.firstChild);
    box.setAttribute("data-kb-finder", key);
    extras();
    h.focus();
    live.textContent = text;
    return true;
  }

  function jump(id) {
    var target = document.getElementById(id);
    if (!target) return;
    var h = target.querySelector("h2, h3, h4, h5") || target;
    h.tabIndex = -1;
    h.focus();
    if (h.scrollIntoView) h.scrollIntoView();
  }

  function go(key, link) {
    if (key.charAt(0) === "#") { jump(key.slice(1)); return; }
    if (window.kbFinderData) {
      if (!show(key, true)) window.location.href = link.href;
      return;
    }
    var script = document.createElement("script");
    script.src = box.getAttribute("data-kb-finder-data");
    script.onload = function () { if (!show(key, true)) window.location.href = link.href; };
    script.onerror = function () { window.location.href = link.href; };
    document.head.appendChild(script);
  }

  box.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-kb-to]");
    if (!link || event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(link.getAttribute("data-kb-to"), link);
  });
  extras();
})();
