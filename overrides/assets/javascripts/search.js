// The site's search: one small index per language (search/index.json under the language's
// root, written by scripts/safety/plugin.py), fetched only when the reader opens the search,
// only by that language's pages. Nothing typed is stored or sent: matching runs here.
//
// Tajik words are often typed on a Russian keyboard: the same fold() runs over the index text
// and the query, so "хукук" finds "ҳуқуқ". No stemmer (there is none for Tajik, and a Russian
// one mangles Tajik words): every query word must start a word of the section (prefix match).
(function () {
  "use strict";
  var box = document.querySelector("[data-react-search]");
  if (!box) return;
  var toggle = document.getElementById("__search");
  var form = box.querySelector("form");
  var input = form.querySelector("input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var indexUrl = new URL(box.getAttribute("data-react-search"), location.href);
  var rootUrl = new URL(box.getAttribute("data-react-root"), location.href);
  // The hint is the result line's text as the page was written (not repeated in an attribute).
  var hint = meta.textContent;
  var text = function (name) {
    return name === "hint" ? hint : box.getAttribute("data-react-text-" + name) || "";
  };
  var entries = null;
  var loading = null;
  var MAX_RESULTS = 30;

  var FOLD = { "ғ": "г", "қ": "к", "ҳ": "х", "ҷ": "ч", "ӣ": "и", "ӯ": "у", "ў": "у", "ё": "е" };
  var FOLDABLE = /[ғқҳҷӣӯўё]/g;
  // Letters and digits make words; everything else (« » ( ) : ; - , . ...) separates them.
  var SEPARATOR = /[^\p{L}\p{N}]+/u;

  // Soft hyphens and zero-width characters are invisible: they must not split a word.
  var INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

  function fold(s) {
    return s.replace(INVISIBLE, "").normalize("NFC").toLowerCase()
      .replace(FOLDABLE, function (c) { return FOLD[c]; });
  }
  function words(s) { return fold(s).split(SEPARATOR).filter(Boolean); }

  // Opened from a file (the ZIPs of `kb dist`), a page may not fetch() another file, but it
  // may load a script: there the index comes as search/index.js, which sets a global.
  function fetchIndex() {
    if (location.protocol !== "file:") {
      return fetch(indexUrl, { credentials: "omit", referrerPolicy: "no-referrer" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = indexUrl.href.replace(/\.json$/, ".js");
      script.onload = function () {
        if (window.reactSearchIndex) resolve(window.reactSearchIndex); else reject(new Error("empty"));
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function load() {
    if (loading) return loading;
    meta.textContent = text("loading");
    loading = fetchIndex()
      .then(function (data) {
        entries = data.entries.map(function (e) {
          return { e: e, title: words(e.t), heading: words(e.h), body: words(e.x) };
        });
        meta.textContent = text("hint");
        if (input.value) search();
      })
      .catch(function () { loading = null; meta.textContent = text("error"); });
    return loading;
  }

  // How many words of `ws` start with one of the query words.
  function count(term, ws) {
    var n = 0;
    for (var j = 0; j < ws.length; j++) if (ws[j].startsWith(term)) n++;
    return n;
  }

  function snippet(x, terms) {
    var folded = fold(x);
    var at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = folded.indexOf(terms[i]);
    var start = Math.max(0, at - 60);
    var s = x.slice(start, start + 200);
    return (start > 0 ? "… " : "") + s + (start + 200 < x.length ? " …" : "");
  }

  function render(results, terms) {
    list.textContent = "";
    meta.textContent = results.length ? text("count").replace("{count}", results.length) : text("none");
    results.slice(0, MAX_RESULTS).forEach(function (r) {
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = new URL(r.e.u, rootUrl).href;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var title = document.createElement("h2");
      title.textContent = r.e.h ? r.e.t + " — " + r.e.h : r.e.t;
      var p = document.createElement("p");
      p.textContent = snippet(r.e.x, terms);
      article.appendChild(title);
      if (r.e.x) article.appendChild(p);
      a.appendChild(article);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function search() {
    var terms = words(input.value);
    if (!terms.length) { list.textContent = ""; meta.textContent = text("hint"); return; }
    if (!entries) { load(); return; }
    var results = [];
    entries.forEach(function (item) {
      // Every word of the query must be found, in the page title, the heading or the text.
      // A word in the page's title lifts the page's first entry (not each of its sections),
      // a word in a section's heading lifts that section, words in the text count less.
      var score = 0;
      var first = !item.e.h;
      for (var i = 0; i < terms.length; i++) {
        var inHeading = count(terms[i], item.heading);
        var inTitle = count(terms[i], item.title);
        var inBody = Math.min(count(terms[i], item.body), 5);
        if (!inHeading && !inTitle && !inBody) return;
        score += inHeading * 6 + (first ? inTitle * 10 : inTitle) + inBody;
      }
      results.push({ e: item.e, score: score });
    });
    results.sort(function (a, b) { return b.score - a.score; });
    render(results, terms);
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  input.addEventListener("focus", function () {
    if (toggle && !toggle.checked) toggle.checked = true;
    load();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { list.textContent = ""; meta.textContent = text("hint"); input.focus(); });
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) { load(); setTimeout(function () { input.focus(); }, 50); }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      input.blur();
    }
  });
})();
