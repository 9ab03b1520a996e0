/* kgraph explorer: client-side search over window.KGRAPH_SEARCH (search-index.js).
   Results are built with textContent only: labels are data, never markup. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var index = window.KGRAPH_SEARCH || [];

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var prepared = index.map(function (e) {
    return { entry: e, label: fold(e.l), others: (e.a || []).map(fold) };
  });

  /* Exact name first, then names starting with the text, containing it, other names. */
  function search(text, limit) {
    var q = fold(text).trim();
    if (!q) { return []; }
    var hits = [];
    prepared.forEach(function (p) {
      var rank = -1;
      if (p.label === q) { rank = 0; }
      else if (p.label.indexOf(q) === 0) { rank = 1; }
      else if (p.label.indexOf(q) > 0) { rank = 2; }
      else if (p.others.some(function (a) { return a.indexOf(q) >= 0; })) { rank = 3; }
      if (rank >= 0) { hits.push([rank, p]); }
    });
    hits.sort(function (x, y) {
      if (x[0] !== y[0]) { return x[0] - y[0]; }
      return x[1].label < y[1].label ? -1 : (x[1].label > y[1].label ? 1 : 0);
    });
    return hits.slice(0, limit || hits.length).map(function (h) { return h[1].entry; });
  }
  window.kgraphSearch = search;

  function item(entry) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + entry.u;
    a.textContent = entry.l;
    var kind = document.createElement("small");
    kind.textContent = " " + entry.t;
    li.appendChild(a);
    li.appendChild(kind);
    return li;
  }

  function fill(list, entries) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    entries.forEach(function (e) { list.appendChild(item(e)); });
  }

  /* The box in the header of every page: suggestions as you type. */
  var input = document.getElementById("site-search");
  var list = document.getElementById("site-search-results");
  var status = document.getElementById("site-search-status");
  if (input && list) {
    var update = function () {
      var found = search(input.value, 12);
      fill(list, found);
      list.hidden = !input.value.trim();
      if (status) {
        status.textContent = input.value.trim() ? found.length + (found.length === 12 ? "+" : "") + " results" : "";
      }
    };
    input.addEventListener("input", update);
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

  /* search.html?q=…: every result. */
  var pageList = document.getElementById("search-page-results");
  if (pageList) {
    var q = new URLSearchParams(window.location.search).get("q") || "";
    var box = document.getElementById("search-page-q");
    var pageStatus = document.getElementById("search-page-status");
    var run = function () {
      var found = search(box.value);
      fill(pageList, found);
      pageStatus.textContent = box.value.trim() ? found.length + " results for \u201c" + box.value.trim() + "\u201d" : "";
    };
    box.value = q;
    box.addEventListener("input", run);
    run();
  }
})();
