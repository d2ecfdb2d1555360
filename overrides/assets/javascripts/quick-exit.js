// Quick exit (GOV.UK "Exit this page" pattern), for readers for whom being seen on this site
// is a risk. The exit link works without this script (it is a plain link to the neutral
// page); the script makes the exit leave no history entry behind: location.replace() swaps
// the current page for the neutral one, so Back does not return here. It also works by
// pressing Shift three times in a row (within two seconds), from anywhere on the page.
(function () {
  "use strict";
  var link = document.querySelector("a[data-react-exit]");
  if (!link) return;
  var target = link.href;

  function exit(event) {
    if (event) event.preventDefault();
    // Hide the page at once: the neutral page may take a moment to arrive on a slow network.
    document.documentElement.classList.add("react-exiting");
    try { document.title = ""; } catch (e) { /* nothing to do */ }
    window.location.replace(target);
  }

  link.addEventListener("click", exit);

  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    if (event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) { presses = []; exit(); }
  }, true);

  // A page restored from the back/forward cache must not stay hidden.
  window.addEventListener("pageshow", function () {
    document.documentElement.classList.remove("react-exiting");
  });
})();
