/* Findings: filter the gap tables by plan, kind and severity (the page reads in full without it). */
(function () {
  "use strict";
  var bar = document.querySelector(".findings-filter");
  if (!bar) { return; }
  bar.hidden = false;
  var plan = document.getElementById("f-plan");
  var kind = document.getElementById("f-kind");
  var severity = document.getElementById("f-severity");
  var shown = document.getElementById("f-shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.findings tbody tr"));
  function apply() {
    var p = plan.value, k = kind.value, s = severity.value, visible = 0, filtered = p !== "*" || k !== "*" || s !== "*";
    rows.forEach(function (tr) {
      var ok = (p === "*" || tr.getAttribute("data-plan") === p) &&
        (k === "*" || tr.getAttribute("data-kind") === k) &&
        (s === "*" || tr.getAttribute("data-severity") === s);
      tr.hidden = !ok;
      if (ok) { visible += 1; }
    });
    document.querySelectorAll("section.kind").forEach(function (sec) {
      var any = sec.querySelector("table.findings tbody tr:not([hidden])");
      sec.hidden = !any;
      if (filtered) { sec.querySelectorAll("details").forEach(function (d) { d.open = true; }); }
    });
    shown.textContent = visible + " of " + rows.length + " findings shown";
  }
  [plan, kind, severity].forEach(function (el) { el.addEventListener("change", apply); });
  apply();
})();
