/* Coverage matrices: sort by a column's button, filter rows by name or by priority. */
(function () {
  "use strict";
  function compare(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }

  document.querySelectorAll("table.matrix").forEach(function (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var state = { col: "name", dir: 1 };
    var filter = document.querySelector('.row-filter[data-table="' + table.id + '"]');
    var column = document.querySelector('.column-filter[data-table="' + table.id + '"]');
    var shown = document.querySelector('.shown[data-table="' + table.id + '"]');

    function key(tr, col) {
      if (col === "name") { return tr.getAttribute("data-name"); }
      if (col === "total") { return Number(tr.getAttribute("data-total")); }
      return Number(tr.cells[Number(col) + 1].getAttribute("data-value"));
    }

    table.querySelectorAll("button.sort").forEach(function (button) {
      button.addEventListener("click", function () {
        var col = button.getAttribute("data-col");
        state.dir = state.col === col ? -state.dir : (col === "name" ? 1 : -1);
        state.col = col;
        rows.sort(function (a, b) {
          return compare(key(a, col), key(b, col)) * state.dir ||
            compare(a.getAttribute("data-name"), b.getAttribute("data-name"));
        });
        rows.forEach(function (tr) { body.appendChild(tr); });
        table.querySelectorAll("thead th").forEach(function (th) { th.setAttribute("aria-sort", "none"); });
        button.closest("th").setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      });
    });

    function apply() {
      var text = filter ? filter.value.trim().toLowerCase() : "";
      var col = column ? column.value : "";
      var visible = 0;
      rows.forEach(function (tr) {
        var ok = (!text || tr.getAttribute("data-name").indexOf(text) >= 0) &&
          (col === "" || tr.cells[Number(col) + 1].getAttribute("data-value") === "1");
        tr.hidden = !ok;
        if (ok) { visible += 1; }
      });
      if (shown) { shown.textContent = visible + " of " + rows.length + " strategies shown"; }
      var foot = table.tFoot ? table.tFoot.rows[0] : null;
      if (foot) {  /* totals follow the filter: strategies per priority among the rows shown */
        var sums = [], grand = 0;
        rows.forEach(function (tr) {
          if (tr.hidden) { return; }
          for (var i = 1; i < tr.cells.length - 1; i += 1) {
            sums[i] = (sums[i] || 0) + Number(tr.cells[i].getAttribute("data-value") || 0);
          }
          grand += Number(tr.getAttribute("data-total"));
        });
        for (var j = 1; j < foot.cells.length - 1; j += 1) {
          var cell = foot.cells[j], mark = cell.querySelector(".thin-mark");
          cell.firstChild.nodeValue = String(sums[j] || 0) + (mark ? " " : "");
        }
        foot.cells[foot.cells.length - 1].textContent = String(grand);
      }
    }
    if (filter) { filter.addEventListener("input", apply); }
    if (column) { column.addEventListener("change", apply); }
    apply();
  });
})();
