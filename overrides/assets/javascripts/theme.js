// What this site uses of Material for MkDocs' own script (bundle.js, 35 KB gzip, which pages
// no longer load: scripts/page_assets.py, README "Page weight"), in a few lines:
// - html.no-js becomes html.js (styles and our search button depend on it);
// - (the colour palette following the device's light or dark setting is palette.js, run
//   where the palette's inputs are, before the first paint);
// - wide tables scroll sideways inside the text column (Material's table wrappers);
// - the "back to top" button (navigation.top) appears when the reader scrolls back up;
// - the drawer and the search close when a link leads elsewhere on the same page (the
//   table of contents sits in the drawer on phones: toc.integrate), as Material's did;
// - Enter (as Material's did) or Space on a focused navigation label (a folding section,
//   tabindex=0) folds it, as on a button.
// Not kept: toc.follow's moving highlight, the header's title swap, Material's keyboard
// shortcuts and instant loading (not used by this site).
(function () {
  "use strict";
  var html = document.documentElement;
  html.classList.remove("no-js");
  html.classList.add("js");

  document.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
    var wrap = document.createElement("div");
    wrap.className = "md-typeset__scrollwrap";
    var inner = document.createElement("div");
    inner.className = "md-typeset__table";
    table.parentNode.insertBefore(wrap, table);
    wrap.appendChild(inner);
    inner.appendChild(table);
  });

  function closeToggles() {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (!toggle || !toggle.checked) return;
      toggle.checked = false;
      // Setting `checked` sends no event: search-open.js unlocks the page behind on "change".
      toggle.dispatchEvent(new Event("change"));
    });
  }
  // A link to a place on this page: no page load closes the drawer or the search, and the
  // same link tapped twice changes no hash, so the click is watched as well as the hash.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button || event.ctrlKey || event.metaKey) return;
    var to = new URL(link.href, location.href);
    if (to.hash && to.origin === location.origin && to.pathname === location.pathname &&
        to.search === location.search) closeToggles();
  });
  window.addEventListener("hashchange", closeToggles);

  document.addEventListener("keydown", function (event) {
    var active = document.activeElement;
    if ((event.key === "Enter" || event.key === " ") && active instanceof HTMLLabelElement && active.htmlFor) {
      event.preventDefault();
      active.click();
    }
  });

  var top = document.querySelector("[data-md-component=top]");
  if (top) {
    var last = window.scrollY;
    window.addEventListener("scroll", function () {
      var y = window.scrollY;
      top.hidden = !(y < last && y > 400);
      last = y;
    }, { passive: true });
    top.addEventListener("click", function () {
      top.hidden = true;
      window.scrollTo(0, 0);
    });
  }
})();
