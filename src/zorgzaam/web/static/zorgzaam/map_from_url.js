/* A small map of the shapes at an address (the plan's actions map, the follow-up's inventory map).
   window.zorgzaamMapFromUrl(el, onShapes, options) makes a Leaflet map in el (zoom buttons titled from the
   body's data-label-zoom-in/-out, a metric scale, no attribution; ``options`` go to L.map), puts the streets
   under it when streets.js is loaded and el has a data-streets-url, fetches el's data-url and calls
   onShapes(map, geojson, fail). On a failed request or answer, or when onShapes calls fail(), the map is
   replaced by el's data-label-error (the page says the same in a table or list); fail(text) says text instead
   (e.g. that there is nothing to show yet, which is no failure); otherwise el gets data-ready="1" after
   onShapes. Returns the map, or null without Leaflet. */
(function () {
  "use strict";
  window.zorgzaamMapFromUrl = function (el, onShapes, options) {
    if (!el || typeof L === "undefined") { return null; }
    if (document.body.dataset.labelZoomIn) {
      L.Control.Zoom.mergeOptions({ zoomInTitle: document.body.dataset.labelZoomIn,
                                    zoomOutTitle: document.body.dataset.labelZoomOut });
    }
    var map = L.map(el, L.extend({ zoomSnap: 0.25, attributionControl: false }, options || {}));
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    if (window.zorgzaamStreets) { window.zorgzaamStreets(map, el); }
    var failed = false;
    function fail(text) {
      failed = true;
      el.classList.add("map-failed");
      el.textContent = (typeof text === "string" && text) || el.dataset.labelError;  // .catch passes an Error
    }
    fetch(el.dataset.url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    }).then(function (shapes) {
      onShapes(map, shapes, fail);
      if (!failed) { el.setAttribute("data-ready", "1"); }
    }).catch(fail);
    return map;
  };
}());
