/* Follow a street-network job: poll its status, move the progress bar, reload when it is finished. */
(function () {
  "use strict";
  var el = document.getElementById("env-job");
  if (!el || el.dataset.finished === "1") { return; }
  var step = document.getElementById("env-job-step");
  var bar = document.getElementById("env-job-progress");
  function poll() {
    fetch(el.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.finished) { window.location.reload(); return; }
        if (step && step.textContent !== state.step) { step.textContent = state.step; }
        if (bar) { bar.value = state.progress; bar.textContent = state.progress + " %"; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 700);
})();
