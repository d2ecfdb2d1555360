// The page for a missing address (overrides/404.html) holds every language's words, because
// static hosts such as GitHub Pages serve the root 404.html for every missing address. This
// shows the language of the address asked for: the language whose home page's path is the
// longest start of it (/ru/..., /en/..., /uz/..., else the site root's language). It also
// points the header's search at that language's index and words; search.js, which runs
// after this script (404.html loads this one first), reads them from the search box. Without
// JavaScript, every language is shown, each with a link to its home page.
(function () {
  "use strict";
  var box = document.querySelector("[data-react-not-found]");
  if (!box) return;
  var sections = Array.prototype.slice.call(box.querySelectorAll("[data-react-lang-root]"));
  if (!sections.length) return;
  var path = location.pathname;
  var chosen = sections[0];
  var longest = -1;
  sections.forEach(function (section) {
    var root = new URL(section.getAttribute("data-react-lang-root"), location.href).pathname;
    if (path.indexOf(root) === 0 && root.length > longest) {
      chosen = section;
      longest = root.length;
    }
  });
  sections.forEach(function (section) { section.hidden = section !== chosen; });

  var html = document.documentElement;
  var own = html.lang;
  var lang = chosen.getAttribute("lang");
  if (lang !== own) {
    // What stays in the page's own language (site name, menu, footer) keeps its marking.
    document.querySelectorAll(".md-header, .md-sidebar, .md-footer, .react-stay-safe")
      .forEach(function (el) { el.lang = own; });
    html.lang = lang;
  }
  document.title = chosen.getAttribute("data-react-title");

  var text = function (name) { return chosen.getAttribute("data-react-404-text-" + name) || ""; };
  var search = document.querySelector("[data-react-search]");
  if (search) {
    search.lang = lang;
    search.setAttribute("data-react-search", chosen.getAttribute("data-react-404-search"));
    search.setAttribute("data-react-root", chosen.getAttribute("data-react-lang-root"));
    ["none", "count", "loading", "error", "converted"].forEach(function (name) {
      search.setAttribute("data-react-text-" + name, text(name));
    });
    var label = text("label");
    var input = search.querySelector("input");
    input.placeholder = label;
    input.setAttribute("aria-label", label);
    search.querySelectorAll("[role=search], nav").forEach(function (el) { el.setAttribute("aria-label", label); });
    search.querySelector(".md-search-result__meta").textContent = text("hint");
    var close = search.querySelector("label.md-search__icon");
    if (close) {
      close.title = text("close");
      close.querySelector(".react-visually-hidden").textContent = text("close");
    }
    var clear = search.querySelector("button[type=reset]");
    if (clear) {
      clear.title = text("clear");
      clear.setAttribute("aria-label", text("clear"));
    }
    var open = document.querySelector(".react-search__open");
    if (open) {
      open.lang = lang;
      open.title = label;
      open.querySelector(".react-visually-hidden").textContent = label;
    }
    box.querySelectorAll(".react-not-found__search").forEach(function (button) {
      button.addEventListener("click", function () { input.focus(); });
    });
  }
})();
