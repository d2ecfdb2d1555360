// Runs the browser's search engine (overrides/assets/javascripts/search.js) in Node on a split
// index (`kb bench` measures a first search with it) and, beside it, for tests, the search as
// it was before the split: one index of every entry, read whole (the ranking below is that
// code, unchanged; tests/test_search_shards.py compares the two). Reads {"dir", "entries", "queries", "shown"} as JSON
// on stdin; prints, per query, both rankings as [[address, title, heading, text, score]], and
// the files a first search fetches (the table, the shards, the texts of the first `shown`),
// and the query searched when the one typed was converted ("converted", else "").
"use strict";
const fs = require("fs");
const path = require("path");
const { words, Engine } = require(path.join(__dirname, "..", "..", "overrides", "assets", "javascripts", "search.js"));

function count(term, ws) {
  let n = 0;
  for (let j = 0; j < ws.length; j++) if (ws[j].startsWith(term)) n++;
  return n;
}

// The whole-index search of search.js before the split.
function whole(entries, terms) {
  const results = [];
  entries.forEach(function (item) {
    let score = 0;
    const first = !item.e.h;
    for (let i = 0; i < terms.length; i++) {
      const inHeading = count(terms[i], item.heading);
      const inTitle = count(terms[i], item.title);
      const inBody = Math.min(count(terms[i], item.body), 5);
      if (!inHeading && !inTitle && !inBody) return;
      score += inHeading * 6 + (first ? inTitle * 10 : inTitle) + inBody;
    }
    results.push({ e: item.e, score: score });
  });
  results.sort(function (a, b) { return b.score - a.score; });
  return results;
}

async function main() {
  const input = JSON.parse(fs.readFileSync(0, "utf8"));
  const entries = input.entries.map(function (e) {
    return { e: e, title: words(e.t), heading: words(e.h), body: words(e.x) };
  });
  const out = [];
  for (const query of input.queries) {
    // A reader's first search: a new engine, nothing fetched yet.
    const fetched = [];
    const engine = new Engine(function (file) {
      fetched.push(file);
      return Promise.resolve(JSON.parse(fs.readFileSync(path.join(input.dir, file), "utf8")));
    });
    // As the page searches: the query as typed, or else its conversion (search.js's find()).
    const found = await engine.find(query);
    const terms = found.terms;
    const ranked = found.results;
    await engine.entries(ranked.slice(0, input.shown).map((r) => r.n));  // what the page shows
    const first = fetched.slice();
    const shown = await engine.entries(ranked.map((r) => r.n));
    out.push({
      query: query,
      whole: whole(entries, terms).map((r) => [r.e.u, r.e.t, r.e.h, r.e.x, r.score]),
      split: shown.map((e, i) => [e.u, e.t, e.h, e.x, ranked[i].score]),
      first_search: first,
      converted: found.converted,
    });
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch(function (error) { console.error(error); process.exit(1); });
