/* Paper entry with the keyboard only: Enter moves to the next open field (Tab works too), questions that
   skip logic hides are disabled and skipped, Enter on the last field saves. Mirrors spec.Condition. */
(function () {
  "use strict";
  var form = document.getElementById("paper-form");
  if (!form) return;
  var rows = Array.prototype.slice.call(form.querySelectorAll("li.pq"));

  function typedCodes(row, cond) {
    var input = document.getElementById("q-" + cond.question);
    if (!input || input.disabled) return [];
    var parts = input.value.trim().split(/[\s,;+\/]+/).filter(function (p) { return p !== ""; });
    return parts.map(function (p) { return (cond.keys && cond.keys[p] !== undefined) ? cond.keys[p] : p; });
  }

  function holds(cond, codes) {
    var op = cond.op || "eq";
    if (op === "answered") return codes.length > 0;
    if (codes.length === 0) return op === "ne" || op === "not_in";
    var target = Array.isArray(cond.value) ? cond.value.map(String) : [String(cond.value)];
    var any = function (list) { return codes.some(function (c) { return list.indexOf(String(c)) >= 0; }); };
    if (op === "eq") return any([String(cond.value)]);
    if (op === "ne") return !any([String(cond.value)]);
    if (op === "in" || op === "contains") return any(target);
    if (op === "not_in") return !any(target);
    var number = parseFloat(String(codes[0]).replace(",", ".")), limit = parseFloat(cond.value);
    if (isNaN(number) || isNaN(limit)) return false;
    return op === "gte" ? number >= limit : number <= limit;
  }

  function applySkips() {
    rows.forEach(function (row) {
      var raw = row.getAttribute("data-condition");
      if (!raw) return;
      var cond = JSON.parse(raw);
      var shown = holds(cond, typedCodes(row, cond));
      var input = row.querySelector("input, textarea, select");
      input.disabled = !shown;
      row.classList.toggle("skipped", !shown);
      row.querySelector(".skipped-label").hidden = shown;
    });
  }

  function fields() {
    return Array.prototype.slice.call(form.querySelectorAll("[data-entry]")).filter(function (el) {
      return !el.disabled;
    });
  }

  form.addEventListener("input", applySkips);
  form.addEventListener("change", applySkips);
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.shiftKey || event.target.tagName === "TEXTAREA") return;
    if (event.target.tagName === "BUTTON") return;  // Enter on the save button submits
    event.preventDefault();
    applySkips();
    var list = fields();
    var next = list[list.indexOf(event.target) + 1];
    if (!next || next.tagName === "BUTTON") {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    } else {
      next.focus();
      if (next.select) next.select();
    }
  });
  applySkips();
  var invalid = form.querySelector("[aria-invalid=true]");
  if (invalid) { invalid.focus(); invalid.select(); }
})();
