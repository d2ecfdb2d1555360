// While a page is printed (or saved as PDF), its title is the printed text's own heading: a
// letter's title ("Complaint"), else the page's first heading. Browsers put the title into
// the PDF's properties and the suggested file name, and, where they print a header, into the
// header: the usual "<page> - REAct: ..." would name the site on a letter to a prosecutor.
// The page leaves no room for a header or footer anyway (site.css, appeal.css: no page
// margin). The title comes back after printing. README, "Printed pages name nothing".
(function () {
  "use strict";
  var saved = null;
  function heading() {
    var el = document.querySelector(".appeal-letter__title") || document.querySelector("article h1");
    if (!el) return "";
    el = el.cloneNode(true);
    el.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    return el.textContent.replace(/\s+/g, " ").trim();
  }
  window.addEventListener("beforeprint", function () {
    if (saved === null) saved = document.title;
    document.title = heading();
  });
  window.addEventListener("afterprint", function () {
    if (saved !== null) document.title = saved;
    saved = null;
  });
})();
