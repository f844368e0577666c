/* The site's search worker: Material for MkDocs' worker protocol over a Pagefind index.

   Material's page script starts this worker (main.html points its config at this file) and talks to it
   with messages {type: 0 SETUP | 1 READY | 2 QUERY | 3 RESULT}. Material keeps the search box, the results
   list and its markup, the keyboard (/ and s focus, arrows move, Enter opens the best result) and the
   highlight of the match on the page a result opens (?h=). This worker answers queries from Pagefind's
   chunked index (macros/export/search.py writes it to <site>/pagefind/, in parts on a large site): it
   fetches only the index chunks of the query's words and the excerpts of the results it shows, never the
   whole index.

   Findings rank first for their number: "finding 7", "finding #7" and "#7" put finding 7 first (pages
   carry a word of their own, corpusfinding<N>n: macros/views/search.py), then the text results. Result text: a page's
   data-pagefind-meta="summary" (a finding's claim and state; an artifact's lane, kind and mirrored
   state) when it has one, else Pagefind's excerpt with the matched words marked. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var SHOWN = 10;  // results whose excerpts are fetched; the rest are not shown (Pagefind's order)
var NUMBER = /^\s*(?:finding\s*#?\s*|#\s*)(\d{1,6})\s*$/i;

var root = new URL("../", self.location.href);  // this file is <site>/assets/corpus-search-worker.js
var engine = null;
var latest = 0;

var OPTIONS = {baseUrl: "/", excerptLength: 24};
var PART = /^parts\/[0-9]{1,4}\/$/;

// A large site's index comes in parts (macros/export/search_parts.py): pagefind/ is the first, the others
// are listed in pagefind/corpus-parts.json and merged into it (Pagefind ranks across them by score). The
// list is fetched beside Pagefind's script; without it, the first part alone answers.
function parts() {
  return fetch(new URL("pagefind/corpus-parts.json", root).href).then(function (r) {
    return r.ok ? r.json() : {parts: []};
  }).then(function (data) {
    return (data && Array.isArray(data.parts) ? data.parts : []).filter(function (p) { return PART.test(p); });
  }, function () { return []; });
}

function load() {
  if (engine === null) {
    engine = Promise.all([import(new URL("pagefind/pagefind.js", root).href), parts()]).then(function (got) {
      var pf = got[0];
      // (noWorker: this file is the worker; Pagefind would start one of its own, from a file not shipped)
      return pf.options({baseUrl: OPTIONS.baseUrl, excerptLength: OPTIONS.excerptLength, noWorker: true})
        .then(function () { return pf.init(); }).then(function () {
        return Promise.all(got[1].map(function (p) {
          return pf.mergeIndex(new URL("pagefind/" + p, root).href, OPTIONS);
        }));
      }).then(function () { return pf; });
    });
  }
  return engine;
}

function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// Pagefind's excerpts are its indexed text with <mark> around matches: everything but the marks is escaped.
// Pagefind marks whole tokens, punctuation included ("(audio:"): the mark keeps to the word.
function safeExcerpt(excerpt) {
  return escapeHtml(excerpt || "").replace(/&lt;mark&gt;/g, "<mark>").replace(/&lt;\/mark&gt;/g, "</mark>")
    .replace(/<mark>([(\[{'"]*)([^<]*?)([.,:;!?)\]}'"]*)<\/mark>/g, "$1<mark>$2</mark>$3");
}

// Pagefind's URLs start at the site root ("/findings/x/"); Material resolves locations against its base,
// so a site under a sub-path (https://x.github.io/repo/) keeps working.
function siteRelative(url) {
  return String(url).replace(/^\//, "");
}

// The query's words, all matched (Pagefind returns pages that hold every word): Material puts them in
// the result links' ?h= and highlights them on the page a result opens.
function terms(query) {
  var out = {};
  query.split(/\s+/).forEach(function (word) { if (word) { out[word] = true; } });
  return out;
}

function item(data, score, words) {
  var meta = data.meta || {};
  var title = meta.title || data.url;
  var subs = (data.sub_results || []).filter(function (sub) { return sub.anchor && sub.url && sub.url !== data.url; });
  // the section under the page's own H1 is the page itself: its excerpt is the page's
  var head = subs.length && subs[0].title === title ? subs.shift() : null;
  var excerpt = head ? head.excerpt : data.excerpt;
  var marked = excerpt && excerpt.indexOf("<mark>") !== -1 ? "<p>" + safeExcerpt(excerpt) + "</p>" : "";
  var summary = meta.summary ? "<p>" + escapeHtml(meta.summary) + "</p>" : "";
  // a finding's result is its claim and state; an artifact's its lane, kind and mirrored state, then the match
  var text = meta.kind === "finding" ? summary : (summary + marked) || "<p>" + safeExcerpt(excerpt) + "</p>";
  var group = [{location: siteRelative(data.url), title: escapeHtml(title), text: text, score: score, terms: words}];
  // Material shows a page's own text only when no section scores as high as the page: a page with a
  // summary keeps it and folds its sections under "N more on this page"; others show their best section.
  subs.slice(0, 6).forEach(function (sub, i) {
    group.push({location: siteRelative(sub.url), title: escapeHtml(sub.title || ""),
                text: "<p>" + safeExcerpt(sub.excerpt) + "</p>", score: i === 0 && !summary ? score : score / 2,
                terms: words});
  });
  return group;
}

function words(text) {
  return " " + String(text || "").toLowerCase().replace(/[^a-z0-9<|>]+/g, " ").trim() + " ";
}

// Pagefind's order, except: the number shortcut first, then pages whose title or one of whose section
// headings holds the whole query ("E4B" → the pages named for E4B before a page that mentions it often;
// "Chat Template Context" → the doc with that section). Stable: ties keep Pagefind's order.
function rank(data, pick, query, i) {
  if (pick.shortcut) { return -1; }
  var wanted = words(query);
  var titles = [(data.meta && data.meta.title) || ""].concat((data.sub_results || []).map(function (s) { return s.title; }));
  return (titles.some(function (t) { return words(t).indexOf(wanted) !== -1; }) ? 0 : 100) + i;
}

function search(query) {
  var id = ++latest;
  var trimmed = query.trim();
  if (!trimmed) { self.postMessage({type: RESULT, data: {items: [], total: 0}}); return; }
  load().then(function (pf) {
    var number = NUMBER.exec(trimmed);
    // "finding 7" / "#7": the finding with that number alone (one index chunk and its excerpt), by the
    // word as written (quoted: Pagefind's exact search; a part of the index without the word would
    // otherwise answer with near matches); the words only when no finding has that number
    var shortcut = number ? pf.search('"corpusfinding' + number[1].replace(/^0+(?=\d)/, "") + 'n"')
                          : Promise.resolve({results: []});
    return shortcut.then(function (exact) {
      return exact.results.length ? [exact, {results: []}]
        : pf.search(number ? "finding " + number[1] : trimmed).then(function (text) { return [exact, text]; });
    }).then(function (found) {
      if (id !== latest) { return null; }
      var seen = {};
      var picked = [];
      found.forEach(function (f, which) {
        (f && f.results || []).forEach(function (r) {
          if (seen[r.id] || picked.length >= SHOWN) { return; }
          seen[r.id] = true;
          picked.push({r: r, shortcut: which === 0});
        });
      });
      return Promise.all(picked.map(function (p) { return p.r.data(); })).then(function (datas) {
        if (id !== latest) { return null; }
        var order = datas.map(function (d, i) { return {d: d, p: picked[i], rank: rank(d, picked[i], trimmed, i)}; });
        order.sort(function (a, b) { return a.rank - b.rank; });
        var items = order.map(function (o, i) {
          var score = o.p.shortcut ? 1000 : 100 / (i + 1);
          return item(o.d, score, terms(trimmed));
        });
        var total = number ? items.length : Math.max(found[1].results.length, items.length);
        return {items: items, total: total};
      });
    });
  }).then(function (result) {
    if (result) { self.postMessage({type: RESULT, data: result}); }
  }, function (error) {
    self.postMessage({type: RESULT, data: {items: [], total: 0}});
    throw error;
  });
}

self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    self.postMessage({type: READY});  // Pagefind loads on the first query, not on every page view
  } else if (message.type === QUERY) {
    search(String(message.data || ""));
  }
});
