// The site's search: one index per language, split into small files under the language's
// search/ (written by scripts/safety/plugin.py, laid out by scripts/safety/search_shards.py):
// a table (search/index.json), shards of words by their first letters, chunks of texts. A
// query fetches the table, one shard per query word and the texts of the results shown, only
// when the reader searches, only from that language. Nothing typed is stored or sent.
//
// Tajik words are often typed on a Russian keyboard: the same fold() runs over the index text
// (at build time, in Python: search_shards.fold) and the query, so "хукук" finds "ҳуқуқ". No
// stemmer (there is none for Tajik, and a Russian one mangles Tajik words): every query word
// must start a word of the section (prefix match). Ranking: a query word in the page's title
// lifts the page's own entry (x10; its other sections x1), in a section's heading x6, in its
// text x1 (at most 5 times a word).
//
// A query that finds nothing as typed is converted on a Cyrillic language's pages (README,
// "Search: wrong layout, look-alikes, Latin letters"): word by word, the first of: the word as
// typed, Latin look-alikes (x, B, p, a...) read as Cyrillic in a word that mixes the two
// scripts, the word transliterated from Latin (the language's TRANSLIT), the keys of the
// Russian ЙЦУКЕН layout typed on QWERTY (LAYOUT), look-alikes in an all-Latin word, and for a
// Cyrillic word its Tajik spelling on Tajik pages (RESPELL), then the Latin word at the same
// keys (a Latin word typed with ЙЦУКЕН active, KEYS) transliterated, that some index word
// starts with. The results are those of the converted query.
(function () {
  "use strict";
  var FOLD = { "ғ": "г", "қ": "к", "ҳ": "х", "ҷ": "ч", "ӣ": "и", "ӯ": "у", "ў": "у", "ё": "е" };
  var FOLDABLE = /[ғқҳҷӣӯўё]/g;
  // Letters and digits make words; everything else (« » ( ) : ; - , . ...) separates them.
  var SEPARATOR = /[^\p{L}\p{N}]+/u;
  // Soft hyphens and zero-width characters are invisible: they must not split a word.
  var INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
  var HEADING_WEIGHT = 6;  // an entry's count in a shard is heading * 6 + min(text, 5)
  var BODY_CAP = 5;

  function fold(s) {
    return s.replace(INVISIBLE, "").normalize("NFC").toLowerCase()
      .replace(FOLDABLE, function (c) { return FOLD[c]; });
  }
  function words(s) { return fold(s).split(SEPARATOR).filter(Boolean); }

  // Latin letters that look like Cyrillic ones (lower case; B, H, M, T look alike as capitals).
  var LOOKALIKE = { a: "а", b: "в", c: "с", e: "е", h: "н", k: "к", m: "м", o: "о", p: "р",
    t: "т", x: "х", y: "у" };
  // The Russian ЙЦУКЕН layout: the letter each key of a US QWERTY keyboard gives, with and
  // without Shift (Tajik and Uzbek letters are found through fold(): ҳ as х, ў as у...).
  var LAYOUT = { q: "й", w: "ц", e: "у", r: "к", t: "е", y: "н", u: "г", i: "ш", o: "щ", p: "з",
    "[": "х", "{": "х", "]": "ъ", "}": "ъ", a: "ф", s: "ы", d: "в", f: "а", g: "п", h: "р",
    j: "о", k: "л", l: "д", ";": "ж", ":": "ж", "'": "э", "\"": "э", z: "я", x: "ч", c: "с",
    v: "м", b: "и", n: "т", m: "ь", ",": "б", "<": "б", ".": "ю", ">": "ю", "`": "ё", "~": "ё" };
  // The other way: the QWERTY key of each letter of the Russian layout, without Shift ("[" for
  // х, "'" for э, "`" for ё): what a reader meaning a Latin word typed with ЙЦУКЕН active.
  var KEYS = {};
  Object.keys(LAYOUT).forEach(function (key) { if (!KEYS[LAYOUT[key]]) KEYS[LAYOUT[key]] = key; });
  // Latin spellings -> Cyrillic, per language: Uzbek by the official Latin alphabet (1995) and
  // its correspondence with Uzbek Cyrillic; Tajik and Russian by the informal spellings of
  // messengers. Alternatives in order of likelihood; "^x" applies at a word's start or after a
  // vowel (Uzbek "erkin" эркин, "poeziya" поэзия). Any apostrophe (' ʼ ʻ ‘ ’ ` ´ ʹ ′) is read as '.
  // Russian and Tajik messenger Latin writes ч as 4 and ш as 6 ("vi4" ВИЧ).
  var TRANSLIT = {
    uz: { a: "а", b: "б", c: "с", d: "д", e: "е", "^e": "э", f: "ф", g: "г", "g'": "ғ", h: "ҳ",
      i: "и", j: "ж", k: "к", l: "л", m: "м", n: "н", o: "о", "o'": "ў", p: "п", q: "қ", r: "р",
      s: "с", t: "т", u: "у", v: "в", w: "в", x: "х", y: "й", z: "з", sh: "ш", ch: "ч", ts: "ц",
      yo: "ё", yu: "ю", ya: "я", ye: "е", "'": "ъ", "s'h": "сҳ" },
    tg: { a: "а", b: "б", c: "с", d: "д", e: "е", "^e": ["э", "е"], f: "ф", g: "г", gh: "ғ",
      h: "ҳ", i: "и", "ī": "ӣ", j: "ҷ", dj: "ҷ", k: "к", kh: "х", l: "л", m: "м", n: "н", o: "о",
      p: "п", q: "қ", r: "р", s: "с", t: "т", u: "у", "ū": "ӯ", v: "в", w: "в", x: "х", y: "й",
      z: "з", zh: "ж", sh: "ш", ch: "ч", yo: "ё", jo: "ё", yu: "ю", ju: "ю", ya: "я", ja: "я",
      ye: "е", "'": "ъ", "4": "ч", "6": "ш" },
    ru: { a: "а", b: "б", c: ["ц", "к"], d: "д", e: "е", "^e": ["э", "е"], f: "ф", g: "г", h: "х",
      i: "и", j: ["й", "ж"], k: "к", kh: "х", l: "л", m: "м", n: "н", o: "о", p: "п", q: "к",
      r: "р", s: "с", t: "т", u: "у", v: "в", w: "в", x: ["х", "кс"], y: ["ы", "й"],
      "^y": ["й", "ы"], z: "з", zh: "ж", sh: "ш", ch: "ч", sch: "щ", shch: "щ", ts: ["ц", "тс"],
      tc: "ц", yo: "ё", jo: ["ё", "жо"], yu: "ю", ju: ["ю", "жу"], ya: "я", ja: ["я", "жа"],
      ye: "е", "'": ["ь", "ъ"], "''": "ъ", "4": "ч", "6": "ш" }
  };
  // The marks phones and keyboards give for the Uzbek apostrophe: ʼ ʻ ‘ ’ ` and, where none of
  // those is at hand, the acute accent ´, the modifier prime ʹ and the prime ′.
  var APOSTROPHES = /[ʼʻ‘’`´ʹ′]/g;
  // Russian letters the Tajik alphabet has not had since 1998, as Tajik writes the Russian
  // words that hold them: a reader typing a loanword the Russian way ("милиция", "конституция")
  // finds the Tajik spelling (милитсия, конститутсия; ц is also с: дискриминатсия or
  // дискриминасия), alternatives likeliest first.
  var RESPELL = { tg: { "ц": ["тс", "с"], "щ": "ш", "ы": "и", "ь": "" } };
  var RESPELLABLE = /[цщыь]/;
  var LATIN = /[a-zīū]/;
  var HAS_CYRILLIC = /[\u0400-\u04FF]/;
  var MAX_SPELLINGS = 4;  // transliterations tried per word, at most

  // The spellings of a Cyrillic word as the language `lang` writes its Russian letters
  // (RESPELL), likeliest first (at most MAX_SPELLINGS); none when it has none of them, and
  // none shorter than two letters (a stray "ьа" would find every word starting with а).
  function respelled(word, lang) {
    var rules = RESPELL[lang];
    if (!rules || !RESPELLABLE.test(word)) return [];
    var out = [""];
    Array.from(word).forEach(function (c) {
      var options = [].concat(rules[c] === undefined ? c : rules[c]);
      out = [].concat.apply([], out.map(function (head) {
        return options.map(function (o) { return head + o; });
      })).slice(0, MAX_SPELLINGS);
    });
    return out.filter(function (w) { return Array.from(w).length > 1; });
  }
  function mapEach(word, table) {
    return Array.from(word).map(function (c) { return table[c] || c; }).join("");
  }
  // The Cyrillic spellings of a word in Latin letters, likeliest first (at most MAX_SPELLINGS).
  function transliterate(word, lang) {
    var rules = TRANSLIT[lang], s = word.replace(APOSTROPHES, "'"), out = [""], i = 0;
    while (i < s.length) {
      var start = i === 0 || "aeiouy'".indexOf(s[i - 1]) >= 0, n = 4, found = null;
      for (; n > 0 && !found; n--) {
        var part = s.substr(i, n);
        found = (start && rules["^" + part]) || rules[part] || null;
        if (found) i += n;
      }
      if (!found) found = s[i++];
      var options = [].concat(found);
      out = [].concat.apply([], out.map(function (head) {
        return options.map(function (o) { return head + o; });
      })).slice(0, MAX_SPELLINGS);
    }
    return out;
  }
  // The keys of a Latin word typed with ЙЦУКЕН active: Latin letters and apostrophes (э ', ё `),
  // then maybe a full stop or comma after the word (the keys of ю and б, or typed as such).
  var LATIN_KEYS = /^[a-z'`]+[.,]*$/;
  // The Latin word at the keys of a Cyrillic word, or "" when it cannot be one: a key no Latin
  // word has ("[" х, ";" ж...), or fewer than one Latin vowel in four letters. Russian vowels
  // lie on consonant keys (а f, о j, е t, и b), so the keys of a Cyrillic word, a misspelt one
  // that found nothing, give few vowels; a Latin word ("yordam", "huquq", "toshkent") many.
  // Each spelling tried may cost a shard: the vowels keep misspellings from paying for it.
  function latinKeys(word) {
    var keys = mapEach(word, KEYS);
    if (!LATIN_KEYS.test(keys)) return "";
    keys = keys.replace(/[.,]+$/, "");
    var letters = keys.match(/[a-z]/g), vowels = keys.match(/[aeiouy]/g) || [];
    return vowels.length * 4 < letters.length ? "" : keys;
  }
  // What a word (split on spaces, lower case, NFC) may have been meant as, in the order tried:
  // as typed first. A Cyrillic word is also respelled as the page's language writes Russian
  // letters (RESPELL: "милиция" милитсия on a Tajik page), then the Latin word at the same
  // keys (a reader who means Latin Uzbek "yordam" with the Russian layout active types
  // "нщквфь"), spelled in Cyrillic (ёрдам), then as those Latin letters (a Latin word of the
  // index, "Excel" typed "учсуд").
  function spellings(word, lang) {
    var out = [word];
    if (!TRANSLIT[lang]) return out;
    if (!LATIN.test(word)) {
      out = out.concat(respelled(word, lang));
      var keys = HAS_CYRILLIC.test(word) ? latinKeys(word) : "";
      if (keys) out = out.concat(transliterate(keys, lang), keys);
      return out.filter(function (w, i) { return out.indexOf(w) === i; });
    }
    var lookalike = mapEach(word, LOOKALIKE);
    // A full stop or comma after the word is punctuation (a phone adds one after a double
    // space), though on QWERTY keys "." is ю and "," б: the layout is tried with and without.
    var bare = word.replace(/[.,]+$/, "");
    var layout = [mapEach(word, LAYOUT)].concat(bare && bare !== word ? [mapEach(bare, LAYOUT)] : []);
    if (HAS_CYRILLIC.test(word)) {
      // Look-alikes, then the Latin letters spelled, then read as keys: the layout switched
      // in the middle of the word ("прfdj" право).
      out.push(lookalike);
      out = out.concat(transliterate(word, lang), layout);
    } else {
      // Keys typed on QWERTY for a Cyrillic word give few Latin vowels ("ghfdj", "fldjrfn"): a
      // word with fewer than one in three tries the layout before transliteration (each
      // spelling tried may cost a shard).
      var letters = word.match(/[a-z]/g) || [], vowels = word.match(/[aeiouy]/g) || [];
      var spelled = transliterate(word, lang);
      out = out.concat(vowels.length * 3 < letters.length ? layout.concat(spelled) : spelled.concat(layout));
      if (!LATIN.test(lookalike)) out.push(lookalike);
    }
    return out.filter(function (w, i) { return out.indexOf(w) === i; });
  }

  function ungap(gaps) {
    var out = [], n = 0;
    for (var i = 0; i < gaps.length; i++) { n += gaps[i]; out.push(n); }
    return out;
  }
  // The last position of `sorted` whose value is <= n.
  function floor(sorted, n) {
    var lo = 0, hi = sorted.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (sorted[mid] <= n) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // The search over one language's files. `load(path)` gives a promise of the JSON file at
  // `path` under search/ ("index.json", "s/3.json", "d/0.json").
  function Engine(load) {
    this.load = load;
    this.files = {};
    this.loaded = {};  // the files arrived: path -> true
    var self = this;
    this.ready = load("index.json").then(function (table) {
      self.table = table;
      self.pages = ungap(table.pages);
      self.chunks = ungap(table.chunks);
      self.blank = {};
      ungap(table.blank).forEach(function (n) { self.blank[n] = true; });
    });
  }
  Engine.prototype.file = function (path) {
    if (!this.files[path]) {
      var self = this;
      this.files[path] = this.load(path).then(function (data) {
        self.loaded[path] = true;
        return data;
      }, function (error) { delete self.files[path]; throw error; });
    }
    return this.files[path];
  };
  // How many of the entries numbered `ns` (from the first) have their texts here already.
  Engine.prototype.held = function (ns) {
    var i = 0;
    while (i < ns.length && this.loaded["d/" + floor(this.chunks, ns[i]) + ".json"]) i++;
    return i;
  };
  // Counts of one query word: {titles: {page: n}, heading: {entry: n}, body: {entry: n}},
  // from the one shard that holds them (search_shards.py: the word shard of the longest key
  // the word starts with, or the sum shard of the key equal to the word), or null: no word.
  Engine.prototype.counts = function (term) {
    var letters = Array.from(term), table = this.table;
    for (var d = 1; d <= letters.length; d++) {
      var key = letters.slice(0, d).join("");
      var isWords = Object.prototype.hasOwnProperty.call(table.words, key);
      var isSum = d === letters.length && Object.prototype.hasOwnProperty.call(table.sums, key);
      if (!isWords && !isSum) {
        if (Object.prototype.hasOwnProperty.call(table.sums, key)) continue;
        return Promise.resolve(null);
      }
      return this.file("s/" + (isWords ? table.words[key] : table.sums[key]) + ".json")
        .then(function (group) {
          var found = { titles: {}, heading: {}, body: {} };
          var add = function (postings) {
            var page = 0, entry = 0, i;
            for (i = 0; i < postings[0].length; i += 2) {
              page += postings[0][i];
              found.titles[page] = (found.titles[page] || 0) + postings[0][i + 1];
            }
            for (i = 0; i < postings[1].length; i += 2) {
              entry += postings[1][i];
              var packed = postings[1][i + 1];
              found.heading[entry] = (found.heading[entry] || 0) + Math.floor(packed / HEADING_WEIGHT);
              found.body[entry] = (found.body[entry] || 0) + packed % HEADING_WEIGHT;
            }
          };
          if (isWords) {
            Object.keys(group[key]).forEach(function (word) {
              if (word.startsWith(term)) add(group[key][word]);
            });
          } else {
            add(group[key]);
          }
          return found;
        });
    }
    return Promise.resolve(null);
  };
  // The entries every query word is found in, best first: [{n: entry number, score}]. Equal
  // scores keep the index's order.
  Engine.prototype.rank = function (terms) {
    var self = this;
    return this.ready.then(function () {
      return Promise.all(terms.map(function (term) { return self.counts(term); }));
    }).then(function (all) {
      if (!all.length || all.some(function (c) { return c === null; })) return [];
      var pages = self.pages, total = self.table.entries;
      // Candidates: the entries of the first word (its sections, and every section of a page
      // whose title holds it), in index order.
      var seen = {};
      Object.keys(all[0].heading).forEach(function (n) { seen[n] = true; });
      Object.keys(all[0].titles).forEach(function (page) {
        page = +page;
        var end = page + 1 < pages.length ? pages[page + 1] : total;
        for (var n = pages[page]; n < end; n++) seen[n] = true;
      });
      var results = [];
      Object.keys(seen).map(Number).sort(function (a, b) { return a - b; }).forEach(function (n) {
        var page = floor(pages, n), score = 0;
        for (var i = 0; i < all.length; i++) {
          var inHeading = all[i].heading[n] || 0;
          var inTitle = all[i].titles[page] || 0;
          var inBody = Math.min(all[i].body[n] || 0, BODY_CAP);
          if (!inHeading && !inTitle && !inBody) return;
          score += inHeading * 6 + (self.blank[n] ? inTitle * 10 : inTitle) + inBody;
        }
        results.push({ n: n, score: score });
      });
      results.sort(function (a, b) { return b.score - a.score; });
      return results;
    });
  };
  // Whether some word of the index starts with the query word `term` (its shard is fetched
  // only when the table lists its key).
  Engine.prototype.has = function (term) {
    return this.counts(term).then(function (found) {
      return !!found && Object.keys(found.titles).length + Object.keys(found.heading).length > 0;
    });
  };
  // Whether the index holds `term` as a whole word, not only as the start of longer ones
  // (false when its shard sums the words of a short key: not known).
  Engine.prototype.exact = function (term) {
    var letters = Array.from(term), table = this.table;
    for (var d = letters.length; d > 0; d--) {
      var key = letters.slice(0, d).join("");
      if (Object.prototype.hasOwnProperty.call(table.words, key)) {
        return this.file("s/" + table.words[key] + ".json").then(function (group) {
          return Object.prototype.hasOwnProperty.call(group[key], term);
        });
      }
    }
    return Promise.resolve(false);
  };
  // The results of `query` as typed, or else of its conversion (see the top):
  // {terms: [query word], results: rank()'s, converted: the query searched, or "" as typed}.
  Engine.prototype.find = function (query) {
    var self = this, terms = words(query), typed = { terms: terms, results: [], converted: "" };
    return this.rank(terms).then(function (results) {
      typed.results = results;
      if (results.length || !terms.length || !TRANSLIT[self.table.lang]) return typed;
      var typedTokens = query.replace(INVISIBLE, "").normalize("NFC").split(/\s+/).filter(Boolean);
      var tokens = typedTokens.map(function (t) { return t.toLowerCase(); }), chosen = [];
      // No word spelled otherwise (a Tajik word with ҳ, a misspelt Russian one): nothing to try.
      if (!tokens.some(function (t) { return spellings(t, self.table.lang).length > 1; })) return typed;
      // A word typed in capitals ("BИЧ") is shown in capitals ("ВИЧ").
      var cased = function (i, word) {
        var t = typedTokens[i];
        return t.length > 1 && t === t.toUpperCase() && t !== t.toLowerCase() ? word.toUpperCase() : word;
      };
      var whole = function (ws) {
        return Promise.all(ws.map(function (w) { return self.exact(w); })).then(function (e) {
          return e.every(Boolean);
        });
      };
      // The first of `rest` whose words are all whole words of the index, or null.
      var better = function (rest) {
        if (!rest.length) return Promise.resolve(null);
        var ws = words(rest[0]);
        // has() first: it fetches nothing for a spelling no word of the index starts with.
        return Promise.all(ws.map(function (w) { return self.has(w); })).then(function (has) {
          return ws.length && has.every(Boolean) ? whole(ws) : false;
        }).then(function (isWhole) {
          return isWhole ? rest[0] : better(rest.slice(1));
        });
      };
      var choose = function (i, spelling) {
        chosen.push(cased(i, spelling));
        return pick(i + 1, 0);
      };
      var pick = function (i, k) {
        if (i === tokens.length) return Promise.resolve(true);
        var options = spellings(tokens[i], self.table.lang);
        if (k === options.length) return Promise.resolve(false);
        var ws = words(options[k]);
        if (!ws.length && k === 0) return pick(i + 1, 0);  // punctuation alone
        return Promise.all(ws.map(function (w) { return self.has(w); })).then(function (has) {
          if (!ws.length || !has.every(Boolean)) return pick(i, k + 1);
          if (k === 0) return choose(i, options[k]);
          // A converted spelling that only starts longer words gives way to a later one that
          // is a whole word ("cel": «цел...» as spelled, «суд» as typed on QWERTY keys).
          return whole(ws).then(function (isWhole) {
            return isWhole ? choose(i, options[k]) : better(options.slice(k + 1)).then(function (found) {
              return choose(i, found || options[k]);
            });
          });
        });
      };
      return pick(0, 0).then(function (ok) {
        var converted = chosen.join(" "), convertedTerms = words(converted);
        if (!ok || convertedTerms.join(" ") === terms.join(" ")) return typed;
        return self.rank(convertedTerms).then(function (found) {
          return found.length ? { terms: convertedTerms, results: found, converted: converted } : typed;
        });
      });
    });
  };
  // The entries numbered `ns` as the index had them: [{u: address#anchor, t, h, x}].
  Engine.prototype.entries = function (ns) {
    var self = this;
    return this.ready.then(function () {
      return Promise.all(ns.map(function (n) {
        var chunk = floor(self.chunks, n);
        return self.file("d/" + chunk + ".json").then(function (data) {
          var row = data.e[n - self.chunks[chunk]], page = data.p[floor(self.pages, n)];
          return { u: page[0] + row[0], t: page[1], h: row[1], x: row[2] };
        });
      }));
    });
  };

  var api = { fold: fold, words: words, Engine: Engine, spellings: spellings,
    transliterate: transliterate, LAYOUT: LAYOUT, KEYS: KEYS, LOOKALIKE: LOOKALIKE, TRANSLIT: TRANSLIT };
  if (typeof module === "object" && module.exports) module.exports = api;  // tests (Node)
  if (typeof document === "undefined") return;

  var box = document.querySelector("[data-react-search]");
  if (!box) return;
  // Loaded when the reader opens the search (search-open.js, which then leaves it to this).
  window.reactSearchStarted = true;
  var toggle = document.getElementById("__search");
  var form = box.querySelector("form");
  var input = form.querySelector("input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var indexUrl = new URL(box.getAttribute("data-react-search"), location.href);
  var rootUrl = new URL(box.getAttribute("data-react-root"), location.href);
  // The hint is the result line's text as the page was written (not repeated in an attribute;
  // search-open.js keeps it in data-react-text-hint when it shows "loading" there meanwhile).
  var hint = box.getAttribute("data-react-text-hint") || meta.textContent;
  var text = function (name) {
    return name === "hint" ? hint : box.getAttribute("data-react-text-" + name) || "";
  };
  var engine = null;
  var MAX_RESULTS = 30;
  var SHOWN_AT_ONCE = 10;  // texts of more results are fetched as the reader scrolls to them
  var asked = 0;  // the latest query: an older one's answer is dropped

  // Opened from a file (the ZIPs of `kb dist`), a page may not fetch() another file, but it
  // may load a script: there each file comes as a .js twin that puts the JSON into
  // window.reactSearchData under its path (scripts/dist.py).
  function loadFile(path) {
    var url = new URL(path, indexUrl);
    if (location.protocol !== "file:") {
      return fetch(url, { credentials: "omit", referrerPolicy: "no-referrer" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    }
    var data = window.reactSearchData = window.reactSearchData || {};
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url.href.replace(/\.json$/, ".js");
      script.onload = function () {
        if (data[path]) resolve(data[path]); else reject(new Error("empty"));
        script.remove();
      };
      script.onerror = function () { script.remove(); reject(new Error("missing")); };
      document.head.appendChild(script);
    });
  }

  function load() {
    if (!engine) {
      meta.textContent = text("loading");
      engine = new Engine(loadFile);
      engine.ready.then(function () {
        meta.textContent = text("hint");
        if (input.value) search();
      }, function () { engine = null; meta.textContent = text("error"); });
    }
    return engine.ready;
  }

  function snippet(x, terms) {
    var folded = fold(x);
    var at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = folded.indexOf(terms[i]);
    var start = Math.max(0, at - 60);
    var s = x.slice(start, start + 200);
    return (start > 0 ? "… " : "") + s + (start + 200 < x.length ? " …" : "");
  }

  function item(e, terms) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = new URL(e.u, rootUrl).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h2");
    title.textContent = e.h ? e.t + " — " + e.h : e.t;
    var p = document.createElement("p");
    p.textContent = snippet(e.x, terms);
    article.appendChild(title);
    if (e.x) article.appendChild(p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  // Show results[from...] a few at a time: the next few when the reader reaches the last.
  function show(results, from, terms, query) {
    var part = results.slice(from, Math.min(from + SHOWN_AT_ONCE, MAX_RESULTS));
    if (!part.length || query !== asked) return Promise.resolve();
    return engine.entries(part.map(function (r) { return r.n; })).then(function (found) {
      if (query !== asked) return;
      found.forEach(function (e) { list.appendChild(item(e, terms)); });
      var next = from + part.length;
      if (next < Math.min(results.length, MAX_RESULTS) && list.lastChild) {
        var more = function () { if (query === asked) show(results, next, terms, query); };
        if (!("IntersectionObserver" in window)) return more();
        var watch = new IntersectionObserver(function (seen) {
          if (seen.some(function (s) { return s.isIntersecting; })) { watch.disconnect(); more(); }
        });
        watch.observe(list.lastChild);
      }
    });
  }

  // While the reader types, each query is ranked (its shards are small, and mostly those of
  // the query before), but the texts of its results are fetched only once the query has
  // stood still for SETTLE ms, or is submitted: a word typed letter by letter costs what the
  // word pasted costs, not one set of texts per letter. Meanwhile the list shows the results
  // whose texts are here already, from the first. A query pasted, completed by the keyboard
  // or cleared (more than one letter changed at once) is shown at once.
  // Whether the last change was one letter typed or deleted, and when: search-open.js tells
  // each change (`input.reactTyping`), those made before this script arrived included.
  var SETTLE = 700;
  function typed() { return input.reactTyping || { typing: false, at: 0 }; }
  var settleTimer = null;
  var shownFor = null;  // the query whose results' texts the list shows

  function showAll(query, found) {
    list.textContent = "";
    shownFor = input.value;
    var results = found.results;
    return show(results, 0, found.terms, query).then(function () {
      if (query !== asked) return;
      var count = results.length ? text("count").replace("{count}", results.length) : text("none");
      // A converted query says what was searched: "Results for «право»".
      meta.textContent = found.converted
        ? text("converted").replace("{query}", function () { return found.converted; }) + ". " + count : count;
    });
  }

  // The results whose texts have arrived, from the first (no fetch), until the query settles.
  function showHeld(query, found) {
    var first = found.results.slice(0, SHOWN_AT_ONCE).map(function (r) { return r.n; });
    var ns = first.slice(0, engine.held(first));
    return engine.entries(ns).then(function (entries) {
      if (query !== asked) return;
      list.textContent = "";
      entries.forEach(function (e) { list.appendChild(item(e, found.terms)); });
      meta.textContent = text("loading");
    });
  }

  // `now`: submitted, show the texts without waiting for the query to settle.
  function search(now) {
    var terms = words(input.value);
    var query = ++asked;
    clearTimeout(settleTimer);
    if (!terms.length) { list.textContent = ""; meta.textContent = text("hint"); return; }
    if (!engine || !engine.table) { load(); return; }
    engine.find(input.value).then(function (found) {
      if (query !== asked) return null;
      var last = typed();
      var wait = now === true || !last.typing || !found.results.length ? 0 : last.at + SETTLE - Date.now();
      if (wait <= 0) return showAll(query, found);
      settleTimer = setTimeout(function () {
        if (query === asked) showAll(query, found).catch(failed(query));
      }, wait);
      return showHeld(query, found);
    }).catch(failed(query));
  }
  function failed(query) {
    return function () { if (query === asked) meta.textContent = text("error"); };
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  input.addEventListener("focus", load);  // search-open.js opens the search (and locks the page)
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    // Submitted before the results' texts were shown: show them now.
    if (shownFor !== input.value) {
      clearTimeout(timer);
      search(true);
      return;
    }
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    clearTimeout(timer);
    clearTimeout(settleTimer);
    asked++;
    setTimeout(function () { list.textContent = ""; meta.textContent = text("hint"); input.focus(); });
  });
  if (toggle) {
    // Opened (closing, Escape and the page behind: search-open.js). A script that opens the
    // search without a tap (theme.js) sends "change" too.
    toggle.addEventListener("change", function () {
      if (!toggle.checked) return;
      load();
      // Unless the reader closed it meanwhile (Escape, the back arrow): focus would open it again.
      setTimeout(function () { if (toggle.checked) input.focus(); }, 50);
    });
  }

  // What the reader did while this script was on its way (search-open.js): the search still
  // open, words typed in it, are searched. Closed meanwhile: nothing is fetched (the words
  // are searched when it opens again) and the result line shows the hint again.
  if ((toggle && toggle.checked) || document.activeElement === input) load();
  else meta.textContent = text("hint");
})();
