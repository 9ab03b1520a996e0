/* kgraph explorer: search over window.KGRAPH_SEARCH (search-index.js, a script so it
   works from file://) with MiniSearch (static/vendor/minisearch.js, MIT licence).
   Names, other names, codes and descriptions are indexed; a query matches by whole
   words, word prefixes and small typos ("safegaurding"); a code matches with or
   without its space ("NI 117" = "NI117"); an exact name, other name or code ranks first,
   and Enter on an exact match opens its page. Results are built with textContent only:
   labels are data, never markup. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var index = window.KGRAPH_SEARCH || [];

  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }
  function compact(text) { return words(text).join(""); }

  var WEIGHT = { plan: 1.6, strategy: 1.6, priority: 1.4, outcome: 1.4, body: 1.4,
                 indicator: 1.3, source: 1.2, activity: 0.6 };
  var engine = null;
  function build() {
    if (engine || typeof MiniSearch === "undefined") { return engine; }
    engine = new MiniSearch({
      idField: "i",
      fields: ["l", "a", "c", "d", "t"],
      storeFields: [],
      extractField: function (doc, field) {
        if (field === "i") { return doc.i; }
        var v = doc[field];
        return Array.isArray(v) ? v.join(" \u2022 ") : (v || "");
      },
      tokenize: function (text) { return words(text); },
      processTerm: function (term) { return term; },
      searchOptions: {
        boost: { l: 5, c: 5, a: 4, t: 1, d: 1 },
        prefix: function (term) { return term.length > 1; },
        fuzzy: function (term) { return term.length > 4 && !/^\d+$/.test(term) ? 0.2 : false; },
        tokenize: function (text) { return words(text); },
        processTerm: function (term) { return term; },
        /* what readers look for first: plans, strategies, priorities, boards and
           indicators before actions and activities */
        boostDocument: function (id) { return WEIGHT[index[id].f] || 1; }
      }
    });
    engine.addAll(index.map(function (e, i) {
      return { i: i, l: e.l, a: e.a || [], c: e.c || [], d: e.d || "", t: e.t || "" };
    }));
    return engine;
  }

  /* Is entry an exact match of the query text (its name, another name or a code)? */
  function exact(entry, q) {
    var f = fold(q).trim(), c = compact(q);
    if (!f) { return false; }
    if (fold(entry.l).trim() === f) { return true; }
    if ((entry.a || []).some(function (a) { return fold(a).trim() === f; })) { return true; }
    return (entry.c || []).some(function (code) { return compact(code) === c; });
  }

  function search(text, limit) {
    var ws = words(text);
    if (!ws.length || !build()) { return []; }
    var joined = ws.join("");
    var query = ws.length > 1
      ? { combineWith: "OR", queries: [{ combineWith: "AND", queries: ws }, joined] }
      : ws[0];
    var found = engine.search(query);
    if (!found.length && ws.length > 1) { found = engine.search(ws.join(" "), { combineWith: "OR" }); }
    var hits = found.map(function (r) {
      var e = index[r.id];
      return { entry: e, exact: exact(e, text) ? 0 : 1, score: r.score };
    });
    hits.sort(function (x, y) {
      if (x.exact !== y.exact) { return x.exact - y.exact; }
      if (x.score !== y.score) { return y.score - x.score; }
      return x.entry.l < y.entry.l ? -1 : (x.entry.l > y.entry.l ? 1 : 0);
    });
    return hits.slice(0, limit || hits.length).map(function (h) {
      return { entry: h.entry, exact: h.exact === 0 };
    });
  }
  window.kgraphSearch = function (text, limit) {
    return search(text, limit).map(function (h) { return h.entry; });
  };

  /* The other name that matched, when the name itself does not hold the words. */
  function alsoCalled(entry, ws) {
    var has = function (text) {
      var t = words(text);
      return ws.every(function (w) { return t.some(function (x) { return x.indexOf(w) === 0; }); });
    };
    if (has(entry.l)) { return ""; }
    return (entry.a || []).filter(has)[0] || "";
  }

  function item(hit, ws) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + hit.entry.u;
    a.textContent = hit.entry.l;
    var kind = document.createElement("small");
    var extra = hit.entry.c && hit.entry.c.length ? " \u00b7 " + hit.entry.c[0] : "";
    var also = alsoCalled(hit.entry, ws || []);
    kind.textContent = " " + hit.entry.t + extra + (also ? " \u00b7 also called \u201c" + also + "\u201d" : "");
    li.appendChild(a);
    li.appendChild(kind);
    return li;
  }

  function fill(list, hits, text) {
    var ws = words(text || "");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    hits.forEach(function (h) { list.appendChild(item(h, ws)); });
  }

  /* Enter on an exact match opens its page; returns true when it did. */
  function openExact(text) {
    var hits = search(text, 2);
    if (hits.length && hits[0].exact && !(hits.length > 1 && hits[1].exact)) {
      window.location.href = root + hits[0].entry.u;
      return true;
    }
    return false;
  }

  /* The box in the header of every page: suggestions as you type. */
  var input = document.getElementById("site-search");
  var list = document.getElementById("site-search-results");
  var status = document.getElementById("site-search-status");
  if (input && list) {
    var update = function () {
      var found = search(input.value, 12);
      fill(list, found, input.value);
      list.hidden = !input.value.trim();
      if (status) {
        status.textContent = input.value.trim() ? found.length + (found.length === 12 ? "+" : "") + " results" : "";
      }
    };
    input.addEventListener("input", update);
    if (input.form) {
      input.form.addEventListener("submit", function (ev) {
        if (openExact(input.value)) { ev.preventDefault(); }
      });
    }
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" && list.firstChild) {
        ev.preventDefault();
        list.firstChild.querySelector("a").focus();
      } else if (ev.key === "Escape") {
        list.hidden = true;
      }
    });
    list.addEventListener("keydown", function (ev) {
      var li = ev.target.closest("li");
      if (!li) { return; }
      if (ev.key === "ArrowDown" && li.nextSibling) {
        ev.preventDefault();
        li.nextSibling.querySelector("a").focus();
      } else if (ev.key === "ArrowUp") {
        ev.preventDefault();
        if (li.previousSibling) { li.previousSibling.querySelector("a").focus(); } else { input.focus(); }
      } else if (ev.key === "Escape") {
        list.hidden = true;
        input.focus();
      }
    });
  }

  /* search.html?q=…: every result (Enter in this page's box opens an exact match). */
  var pageList = document.getElementById("search-page-results");
  if (pageList) {
    var params = new URLSearchParams(window.location.search);
    var q = params.get("q") || "";
    var box = document.getElementById("search-page-q");
    var pageStatus = document.getElementById("search-page-status");
    var run = function () {
      var found = search(box.value);
      fill(pageList, found, box.value);
      pageStatus.textContent = box.value.trim()
        ? found.length + (found.length === 1 ? " result" : " results") + " for \u201c" + box.value.trim() + "\u201d"
        : "";
    };
    box.value = q;
    box.addEventListener("input", run);
    if (box.form) {
      box.form.addEventListener("submit", function (ev) {
        if (openExact(box.value)) { ev.preventDefault(); }
      });
    }
    run();
  }
})();
