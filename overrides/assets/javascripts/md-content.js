// Material for MkDocs' inline content script (partials/javascripts/content.html), moved here
// so that the Content-Security-Policy can forbid inline scripts. Same code.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));
