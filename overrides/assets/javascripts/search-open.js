// Loads the site's search (search.js, 6 KB gzip) only when a reader opens it: most page views
// never search, and on 2G every first visit paid for it (issue 18: "the search script on
// every page, used or not"). Part of the site script every page loads (react.js), so the
// search box is reachable exactly when it was before.
//
// Opening the search (its button, or the box taking the focus) adds search.js, whose address
// (content-hashed: scripts/page_assets.py, `on_demand`) the box names in
// data-react-search-script; meanwhile the result line says the search is loading, what the
// reader types stays in the box, and search.js searches it once it runs. Enter before then
// sends nothing (the form has no address to go to: a `?q=` would put the words typed into the
// address, the history and the server's log), and Escape closes the search. If search.js
// cannot be loaded, the result line says so; the next opening, or a letter typed, tries again.
(function () {
  "use strict";
  var box = document.querySelector("[data-react-search-script]");
  if (!box) return;
  var toggle = document.getElementById("__search");
  var form = box.querySelector("form");
  var input = form.querySelector("input");
  var meta = box.querySelector(".md-search-result__meta");
  var script = null;

  function start() {
    if (script || window.reactSearchStarted) return;
    // search.js shows the hint again once its index is there: the hint as the page wrote it.
    if (!box.hasAttribute("data-react-text-hint")) box.setAttribute("data-react-text-hint", meta.textContent);
    meta.textContent = box.getAttribute("data-react-text-loading") || "";
    script = document.createElement("script");
    script.src = new URL(box.getAttribute("data-react-search-script"), location.href).href;
    script.onerror = function () {
      script.remove();
      script = null;
      meta.textContent = box.getAttribute("data-react-text-error") || "";
    };
    document.head.appendChild(script);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("focus", function () {
    if (window.reactSearchStarted) return;
    if (toggle) toggle.checked = true;  // the box focused opens the search, as in search.js
    start();
  });
  input.addEventListener("input", start);  // typing after a failed download tries again
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (!toggle.checked || window.reactSearchStarted) return;  // search.js does the rest
      start();
      setTimeout(function () { input.focus(); }, 50);
    });
    if (toggle.checked) start();  // opened before this script ran (the page was slow)
    // Escape closes the search, as it does once search.js runs.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !toggle.checked || window.reactSearchStarted) return;
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
      input.blur();
    });
  }
})();
