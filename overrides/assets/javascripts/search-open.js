// Opening and closing the site's search, and loading its script (search.js, 6 KB gzip) only
// when a reader opens it: most page views never search, and on 2G every first visit paid for
// it (issue 18: "the search script on every page, used or not"). Part of the site script
// every page loads (react.js), so the search opens, closes and locks the page behind it at
// once, while search.js may take seconds to arrive.
//
// Opening the search (its button, or the box taking the focus) adds search.js, whose address
// (content-hashed: scripts/page_assets.py, `on_demand`) the box names in
// data-react-search-script; meanwhile the result line says the search is loading, what the
// reader types stays in the box, and search.js searches it once it runs, if the search is
// still open. Enter before then sends nothing (the form has no address to go to: a `?q=`
// would put the words typed into the address, the history and the server's log); Escape
// closes the search, the clear button empties the box and puts the focus back in it.
//
// If search.js cannot be loaded, the result line says so; the next opening, or a letter typed
// (at most once a failure), tries again. A tab left open across a new deployment asks for a
// script the site no longer has: the second failure in a row reads the page's current address
// of the script from the page itself, downloaded again, and tries that one.
(function () {
  "use strict";
  var box = document.querySelector("[data-react-search-script]");
  if (!box) return;
  var toggle = document.getElementById("__search");
  var form = box.querySelector("form");
  var input = form.querySelector("input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var script = null;
  var failures = 0;
  var refreshed = false;  // whether the page was read again for the script's address
  var retried = true;  // whether a letter typed already tried again since the last failure
  function started() { return !!window.reactSearchStarted; }

  function add(address) {
    script = document.createElement("script");
    script.src = new URL(address, location.href).href;
    script.onerror = failed;
    document.head.appendChild(script);
  }
  function failed() {
    script.remove();
    failures++;
    retried = false;
    meta.textContent = box.getAttribute("data-react-text-error") || "";
    script = null;
  }
  function start() {
    if (script || started()) return;
    // search.js shows the hint again once its index is there: the hint as the page wrote it.
    if (!box.hasAttribute("data-react-text-hint")) box.setAttribute("data-react-text-hint", meta.textContent);
    meta.textContent = box.getAttribute("data-react-text-loading") || "";
    var address = box.getAttribute("data-react-search-script");
    if (failures < 2 || refreshed) return add(address);
    // Failed twice: maybe a new deployment replaced the script (its name is its hash).
    refreshed = true;
    script = document.createElement("script");  // a download under way: no other meanwhile
    fetch(location.href, { cache: "no-store", credentials: "omit" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (page) {
        var now = new DOMParser().parseFromString(page, "text/html").querySelector("[data-react-search-script]");
        var current = now && now.getAttribute("data-react-search-script");
        if (current && current !== address) box.setAttribute("data-react-search-script", current);
        add(current || address);
      }, function () { add(address); });
  }

  // The page behind the open search is locked on a phone, as Material's own script did (which
  // pages no longer load): Material's phone layout covers the page with .md-search__overlay, a
  // circle scaled 45 times, and a phone browser widens its layout viewport to hold it (result
  // lines cut off at the right edge; a taller layout shows more results, whose texts are
  // fetched; the page under a reader's swipe while search.js loads). body[data-md-scrolllock]
  // (safety.css: position: fixed) takes the page, overlay included, out of the scrolling; its
  // top is set so the page does not move. Below 60em only, Material's phone and tablet layout
  // (above it the search is a box in the header and the page scrolls as usual).
  var phone = window.matchMedia("(max-width: 59.984375em)");
  var lockedAt = null;  // the scroll position the page was locked at, or null: not locked
  var unlockTimer = null;
  var jumpTo = "";  // the section of this page a result leads to, or "": the reader's place
  // The overlay shrinks back in 0.4 s once the search closes (Material's transition): the page
  // is unlocked after that, or it widens again meanwhile and the phone drops a scroll made then.
  var OVERLAY_CLOSES = 450;
  function lockPage() {
    var lock = !!(toggle && toggle.checked) && phone.matches;
    clearTimeout(unlockTimer);
    if (lock && lockedAt === null) {
      lockedAt = window.scrollY;
      jumpTo = "";
      document.body.style.top = -lockedAt + "px";
      document.body.setAttribute("data-md-scrolllock", "");
    } else if (!lock && lockedAt !== null) {
      unlockTimer = setTimeout(unlockPage, phone.matches ? OVERLAY_CLOSES : 0);
    }
  }
  // Back to the reader's place, or to the section of this page a result led to (the browser's
  // own jump to it came while the page was locked, and did nothing).
  function unlockPage() {
    document.body.removeAttribute("data-md-scrolllock");
    document.body.style.top = "";
    var target = jumpTo && document.getElementById(jumpTo);
    if (target) target.scrollIntoView(); else window.scrollTo(0, lockedAt);
    lockedAt = null;
  }
  list.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || !link.hash || link.pathname !== location.pathname) return;
    try { jumpTo = decodeURIComponent(link.hash.slice(1)); } catch (error) { jumpTo = ""; }
  });
  if (phone.addEventListener) phone.addEventListener("change", lockPage);
  else if (phone.addListener) phone.addListener(lockPage);  // Safari before 14

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    if (!started()) setTimeout(function () { input.focus(); });  // search.js does it once there
  });
  input.addEventListener("focus", function () {
    if (toggle && !toggle.checked) { toggle.checked = true; lockPage(); }
    start();
  });
  // Each change of the box: one letter typed or deleted, or more at once (pasted, completed by
  // the keyboard, cleared), and when. search.js fetches the texts of a typed query's results
  // once it stands still, a pasted one's at once; it reads this, so letters typed while it
  // was on its way count as typed (else each arrival fetched a half word's texts).
  var typedValue = "";
  input.addEventListener("input", function () {
    var value = input.value;
    input.reactTyping = {
      typing: Math.abs(value.length - typedValue.length) === 1 &&
        (value.startsWith(typedValue) || typedValue.startsWith(value)),
      at: Date.now()
    };
    typedValue = value;
    if (retried || script || started()) return;
    retried = true;
    start();
  });
  if (toggle) {
    // A script that opens or closes the search without a tap (theme.js) sends "change" too.
    toggle.addEventListener("change", function () {
      lockPage();
      if (!toggle.checked || started()) return;  // search.js loads and focuses once there
      start();
      // Unless the reader closed it meanwhile (Escape, the back arrow): focus would open it again.
      setTimeout(function () { if (toggle.checked) input.focus(); }, 50);
    });
    if (toggle.checked) { lockPage(); start(); }  // opened before this script ran (a slow page)
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      lockPage();
      input.blur();
    }
  });
})();
