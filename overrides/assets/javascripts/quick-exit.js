// Quick exit (GOV.UK "Exit this page" pattern), for readers for whom being seen on this site
// is a risk. The exit link works without this script (it is a plain link to the neutral page:
// another site's when one is configured, else this site's /exit/); the script makes the exit
// leave no history entry behind: location.replace() swaps the current page for the neutral
// one, so Back does not return here. It also exits on three bare Shift presses in a row
// (within two seconds), from anywhere on the page.
//
// What counts as a bare Shift press (README, "Quick exit"): a Shift key (left or right, also
// both at once) pressed and released while nothing else happens. It never counts when
// - Alt, Ctrl or Meta is held: Alt+Shift and Ctrl+Shift switch keyboard layouts on Windows,
//   and readers who type in Tajik, Russian and English do that all the time;
// - another key is pressed while Shift is held (typing a capital letter);
// - the mouse is clicked or its wheel turned while Shift is held (Shift+click extends a
//   selection, Shift+wheel scrolls sideways): that Shift was used, not pressed on its own;
// - it comes from an on-screen keyboard (no physical key code: iOS and Android keyboards
//   send Shift events of their own while people type).
// Any other key resets the count.
(function () {
  "use strict";
  var link = document.querySelector("a[data-react-exit]");
  if (!link) return;
  var title = document.title;
  var WINDOW = 2000; // ms: three presses within this time
  var SHIFT_CODES = { ShiftLeft: true, ShiftRight: true };

  function exit(event) {
    if (event) event.preventDefault();
    // Hide the page at once: the neutral page may take a while to arrive on a slow network.
    document.documentElement.classList.add("react-exiting");
    try { document.title = ""; } catch (e) { /* nothing to do */ }
    window.location.replace(link.href);
  }

  link.addEventListener("click", exit);

  // The room the button takes at the header's right end, in px: from its left margin to the
  // screen's right edge, as `--react-exit-room` on the root (safety.css). Below 60em the open
  // search's top bar ends there, and below 76.25em the navigation drawer, so that neither
  // covers the button. Measured now and whenever the button's size changes (the label is the
  // page's language's; the text size may change; the search, open, narrows it).
  function measureRoom() {
    var box = link.getBoundingClientRect();
    if (!box.width) return;
    var room = window.innerWidth - box.left + parseFloat(window.getComputedStyle(link).marginLeft);
    document.documentElement.style.setProperty("--react-exit-room", Math.ceil(room) + "px");
  }
  measureRoom();
  if (window.ResizeObserver) new ResizeObserver(measureRoom).observe(link);
  window.addEventListener("resize", measureRoom);

  var presses = [];   // times of counted presses
  var held = {};      // Shift keys (by code) down now
  var spoiled = false; // the Shift keys down now were used with another key or a modifier

  function isShift(event) { return event.key === "Shift"; }
  function modified(event) { return event.altKey || event.ctrlKey || event.metaKey; }
  function anyHeld() { return Object.keys(held).length > 0; }

  document.addEventListener("keydown", function (event) {
    if (!isShift(event)) {
      // Another key (a letter, or Alt/Ctrl/Meta of a layout switch) resets the count and
      // spoils a Shift held at the same time.
      presses = [];
      if (anyHeld()) spoiled = true;
      return;
    }
    if (event.repeat) return;
    if (!anyHeld()) spoiled = false;
    held[event.code || "?"] = true;
    if (modified(event) || !SHIFT_CODES[event.code] || event.isComposing) {
      spoiled = true;
      presses = [];
    }
  }, true);

  // A click or a wheel turn with Shift held (extending a selection, scrolling sideways)
  // spoils that Shift, as another key would.
  function used() { if (anyHeld()) { spoiled = true; presses = []; } }
  document.addEventListener("pointerdown", used, true);
  document.addEventListener("wheel", used, { capture: true, passive: true });

  document.addEventListener("keyup", function (event) {
    if (!isShift(event)) return;
    var counts = !spoiled && !modified(event) && SHIFT_CODES[event.code] && held[event.code];
    delete held[event.code || "?"];
    if (!anyHeld()) held = {};
    if (!counts) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < WINDOW; });
    presses.push(now);
    if (presses.length >= 3) { presses = []; exit(); }
  }, true);

  // Keys released while the window was in the background never send keyup.
  window.addEventListener("blur", function () { held = {}; spoiled = false; presses = []; });

  // A page restored from the back/forward cache must not stay hidden.
  window.addEventListener("pageshow", function () {
    document.documentElement.classList.remove("react-exiting");
    document.title = title;
    presses = [];
  });
})();
