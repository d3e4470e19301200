/* The team's street network as a light base layer under a map's areas (offline: no tile server needed;
   a tile URL stays optional). window.zorgzaamStreets(map, el) draws the lines from el's data-streets-url
   in their own pane under the areas, marks el with data-streets="<features>" and shows the legend's
   ".map-streets-key" items; without a network (or on an error) the map simply has no streets. */
(function () {
  "use strict";
  window.zorgzaamStreets = function (map, el) {
    var url = el.dataset.streetsUrl;
    if (!url || typeof L === "undefined") { return; }
    map.createPane("streets").style.zIndex = 350;  // under the overlay pane (400) with the areas
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      if (!data.features || !data.features.length) { return; }
      L.geoJSON(data, { pane: "streets", interactive: false, renderer: L.canvas({ pane: "streets" }),
                        style: function () { return { color: "#8f8f8f", weight: 1, opacity: 0.7 }; } }).addTo(map);
      el.setAttribute("data-streets", String(data.features.length));
      document.querySelectorAll(".map-streets-key").forEach(function (key) { key.hidden = false; });
    }).catch(function () { /* the map works without its streets */ });
  };
})();
