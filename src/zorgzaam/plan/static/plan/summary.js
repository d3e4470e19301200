// The summary table, a little easier with JavaScript (everything also works without it): tick all rows
// at once, see how many are ticked, and a print button.
(function () {
  var form = document.getElementById("summary-form");
  var all = document.getElementById("pick-all");
  var picked = document.querySelector("[data-picked]");
  var boxes = form ? Array.prototype.slice.call(form.querySelectorAll('input[name="kies"]')) : [];
  function update() {
    var n = boxes.filter(function (b) { return b.checked; }).length;
    if (picked) { picked.textContent = n ? "(" + n + ")" : ""; }
    if (all) { all.checked = n > 0 && n === boxes.length; all.indeterminate = n > 0 && n < boxes.length; }
  }
  if (all && boxes.length) {
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      update();
    });
  }
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  update();
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
