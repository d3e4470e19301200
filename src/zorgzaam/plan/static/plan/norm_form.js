// The norm form shows only the part of the chosen source (a profile figure, a survey question, counts on
// the action) and the neighbourhood where that source needs one; without this script every part shows.
(function () {
  "use strict";
  var form = document.querySelector("form.norm-form");
  if (!form) { return; }
  var radios = form.querySelectorAll('input[name="source_kind"]');
  var parts = form.querySelectorAll("[data-source]");
  function show() {
    var chosen = form.querySelector('input[name="source_kind"]:checked');
    var kind = chosen ? chosen.value : "";
    parts.forEach(function (part) {
      part.hidden = kind !== "" && part.getAttribute("data-source").split(" ").indexOf(kind) === -1;
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", show); });
  show();
})();
