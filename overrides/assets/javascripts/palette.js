// The colour palette follows the device's light or dark setting (mkdocs.yml `palette`, media
// queries only, no toggle), now and when the setting changes; nothing is stored. A part of
// parts.js (scripts/script_parts.py) run where the palette's inputs are
// (partials/javascripts/palette.html), right after Material's palette script: before the
// first paint, so a reader in dark mode never sees the page flash light (issue 18).
(function () {
  "use strict";
  var inputs = document.querySelectorAll("[data-md-color-media]");
  function applyPalette() {
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (!window.matchMedia(input.getAttribute("data-md-color-media")).matches) continue;
      input.checked = true;
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        document.body.setAttribute("data-md-color-" + key, input.getAttribute("data-md-color-" + key));
      });
      return;
    }
  }
  if (inputs.length) {
    applyPalette();
    for (var i = 0; i < inputs.length; i++) {
      var query = window.matchMedia(inputs[i].getAttribute("data-md-color-media"));
      if (query.addEventListener) query.addEventListener("change", applyPalette);
    }
  }
})();
