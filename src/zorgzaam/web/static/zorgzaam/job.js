/* Follow a background job: poll its status and reload the page (with the report) when it is finished. */
(function () {
  "use strict";
  var el = document.getElementById("job");
  if (!el || el.dataset.finished === "1") { return; }
  var step = document.getElementById("job-step");
  function poll() {
    fetch(el.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.finished) { window.location.reload(); return; }
        if (step && step.textContent !== state.step) { step.textContent = state.step; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 700);
})();
