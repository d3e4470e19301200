/* Follow a background job (an import, a street-network build): poll its status, show its step, move the
   progress bar when the page has one with a value, and reload the page (with the report) when it is finished.
   Markup: #job[data-status-url][data-finished], #job-step, optional <progress id="job-progress" value>. */
(function () {
  "use strict";
  var el = document.getElementById("job");
  if (!el || el.dataset.finished === "1") { return; }
  var step = document.getElementById("job-step");
  var bar = document.getElementById("job-progress");
  function poll() {
    fetch(el.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.finished) { window.location.reload(); return; }
        if (step && step.textContent !== state.step) { step.textContent = state.step; }
        if (bar && bar.hasAttribute("value") && state.progress !== undefined) {
          bar.value = state.progress; bar.textContent = state.progress + " %";
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 700);
})();
