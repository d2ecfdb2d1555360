/*
 * Appeal templates: fill the letter in the browser, print it, or download it as a Word file.
 *
 * Privacy (SPEC §5): what a reader types never leaves this page. No request carries it (the
 * only request this script may make is for the Word library, a fixed file of this site, when
 * the reader asks for a Word file); no cookie, localStorage, sessionStorage or IndexedDB is
 * touched; the fields are cleared when the page is left, so Back does not bring them back.
 * Typed text is only ever set with textContent, never as HTML.
 *
 * The page (scripts/appeals/page.py) holds everything this script needs: the form, the
 * letter with one slot per field, and its words in data- attributes (no inline script, so a
 * strict Content-Security-Policy can forbid inline code). Loaded on every page (mkdocs.yml);
 * it does nothing where there is no template.
 */
(function () {
  "use strict";

  // This file is assets/javascripts/appeal-form.js: the site root is two folders up, on a
  // server and in the offline copy opened from files alike.
  var here = document.currentScript && document.currentScript.src;

  var root = document.querySelector("[data-appeal]");
  var form = document.querySelector("[data-appeal-form]");
  var letter = document.querySelector("[data-appeal-letter]");
  if (!root || !form || !letter) return;
  var actions = document.querySelector("[data-appeal-actions]");
  var status = document.querySelector("[data-appeal-status]");
  var noscript = document.querySelector("[data-appeal-nojs]");
  var controls = Array.prototype.slice.call(form.querySelectorAll("[data-field]"));
  var slots = Array.prototype.slice.call(letter.querySelectorAll("[data-slot]"));

  // The Word layout, the same as the blank file made at build time (docx_blank.py).
  var FONT = "Times New Roman";
  var BLANK = "________________";
  var MM = 56.6929; // twips per millimetre
  var WORD_LANGUAGE = { tg: "tg-Cyrl-TJ", ru: "ru-RU", en: "en-GB", uz: "uz-Cyrl-UZ" };
  var STYLE = { header: "LetterHeader", title: "LetterTitle", body: "LetterBody" };

  function message(name) {
    return root.getAttribute("data-msg-" + name) || "";
  }

  function say(text) {
    status.textContent = text;
  }

  /* What a control's value looks like in the letter: dates as dd.mm.yyyy, as offices write them. */
  function shown(control) {
    // Control characters (a \f or \v pasted from another program) are not allowed in a Word
    // file's XML: Word would refuse to open it. Only line breaks and tabs are kept.
    var value = control.value.replace(/\r\n?/g, "\n")
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, "").trim();
    if (control.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      var parts = value.split("-");
      return parts[2] + "." + parts[1] + "." + parts[0];
    }
    return value;
  }

  function values() {
    var result = {};
    controls.forEach(function (control) {
      result[control.getAttribute("data-field")] = shown(control);
    });
    return result;
  }

  function blank(slot) {
    var line = document.createElement("span");
    line.className = "appeal-slot__blank";
    line.textContent = BLANK;
    var label = document.createElement("span");
    label.className = "appeal-slot__label";
    label.textContent = "(" + slot.getAttribute("data-label") + ")";
    slot.replaceChildren(line, document.createTextNode(" "), label);
  }

  function update() {
    var current = values();
    slots.forEach(function (slot) {
      var text = current[slot.getAttribute("data-slot")];
      if (text) {
        slot.textContent = text; // text, never HTML; line breaks show through CSS pre-wrap
        slot.classList.remove("is-blank");
      } else if (!slot.classList.contains("is-blank") || !slot.firstChild) {
        blank(slot);
        slot.classList.add("is-blank");
      }
    });
  }

  function clear() {
    controls.forEach(function (control) {
      control.value = "";
    });
    update();
  }

  function missing() {
    var labels = [];
    controls.forEach(function (control) {
      if (control.required && !shown(control)) {
        var label = form.querySelector('label[for="' + control.id + '"]');
        labels.push(label ? label.firstChild.textContent.trim() : control.name);
      }
    });
    return labels;
  }

  function warnMissing() {
    var labels = missing();
    if (labels.length) say(message("missing").replace("{fields}", labels.join(", ")));
    else say("");
  }

  /* The Word library is big for a slow connection: it is loaded only when a reader asks. */
  var loading = null;
  function library() {
    if (window.docx) return Promise.resolve(window.docx);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("../../" + root.getAttribute("data-docx-lib"), here || document.baseURI).href;
        script.onload = function () {
          if (window.docx) resolve(window.docx);
          else reject(new Error("docx did not load"));
        };
        script.onerror = function () {
          loading = null;
          reject(new Error("docx did not load"));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function runs(docx, paragraph, current) {
    var out = [];
    var breakNext = false;
    function text(value, options) {
      var run = { text: value };
      for (var key in options || {}) run[key] = options[key];
      if (breakNext) {
        run.break = 1;
        breakNext = false;
      }
      out.push(new docx.TextRun(run));
    }
    Array.prototype.forEach.call(paragraph.childNodes, function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        text(node.textContent);
      } else if (node.nodeName === "BR") {
        breakNext = true;
      } else if (node.hasAttribute && node.hasAttribute("data-slot")) {
        var value = current[node.getAttribute("data-slot")];
        if (value) {
          value.split("\n").forEach(function (line, index) {
            if (index) breakNext = true;
            text(line);
          });
        } else {
          text(BLANK);
          text(" (" + node.getAttribute("data-label") + ")", { italics: true, size: 18 });
        }
      }
    });
    return out;
  }

  function wordDocument(docx) {
    var current = values();
    var lang = root.getAttribute("data-lang");
    var paragraphs = Array.prototype.map.call(letter.querySelectorAll("p[data-kind]"), function (p) {
      return new docx.Paragraph({ style: STYLE[p.getAttribute("data-kind")], children: runs(docx, p, current) });
    });
    return new docx.Document({
      title: root.getAttribute("data-title"),
      creator: "",
      lastModifiedBy: "",
      description: "",
      styles: {
        default: {
          document: {
            run: { font: FONT, size: 24, language: { value: WORD_LANGUAGE[lang] || lang } },
            paragraph: { spacing: { after: 120, line: 276 } },
          },
        },
        paragraphStyles: [
          { id: STYLE.header, name: "Letter Header", basedOn: "Normal", quickFormat: true,
            paragraph: { indent: { left: Math.round(85 * MM) }, spacing: { after: 240 } } },
          { id: STYLE.title, name: "Letter Title", basedOn: "Normal", quickFormat: true,
            run: { bold: true, size: 28 },
            paragraph: { alignment: docx.AlignmentType.CENTER, spacing: { before: 240, after: 240 } } },
          { id: STYLE.body, name: "Letter Body", basedOn: "Normal", quickFormat: true,
            paragraph: { alignment: docx.AlignmentType.JUSTIFIED, indent: { firstLine: Math.round(12.5 * MM) } } },
        ],
      },
      sections: [{
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: { top: Math.round(20 * MM), bottom: Math.round(20 * MM),
                      left: Math.round(30 * MM), right: Math.round(15 * MM) },
          },
        },
        children: paragraphs,
      }],
    });
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function download() {
    var gaps = missing();
    say(message("preparing"));
    library()
      .then(function (docx) {
        return docx.Packer.toBlob(wordDocument(docx));
      })
      .then(function (blob) {
        save(blob, root.getAttribute("data-filename"));
        var done = message("ready");
        if (gaps.length) done += " " + message("missing").replace("{fields}", gaps.join(", "));
        say(done);
      })
      .catch(function () {
        say(message("failed"));
      });
  }

  // Typing never submits anything: there is no <form> element, and Enter does nothing.
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  actions.addEventListener("click", function (event) {
    var button = event.target.closest("[data-appeal-action]");
    if (!button) return;
    var action = button.getAttribute("data-appeal-action");
    if (action === "print") {
      warnMissing();
      window.print();
    } else if (action === "docx") {
      download();
    } else if (action === "clear") {
      clear();
      say(message("cleared"));
    }
  });
  // Leaving the page forgets what was typed, so Back (or the browser's page cache) shows an empty form.
  window.addEventListener("pagehide", clear);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) clear();
  });

  clear();
  form.hidden = false;
  actions.hidden = false;
  if (noscript) noscript.hidden = true;
})();
