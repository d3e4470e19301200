/* Proposed neighbourhoods on the map: each sector filled with the colour of the proposed neighbourhood it
   falls in, and each proposed neighbourhood's number printed at its centre (the same number as in the list
   below the map, so colour is never the only cue). Nothing here changes the proposal; the list does. */
(function () {
  "use strict";
  var el = document.getElementById("proposal-map");
  if (!el || typeof L === "undefined") { return; }
  if (document.body.dataset.labelZoomIn) {
    L.Control.Zoom.mergeOptions({ zoomInTitle: document.body.dataset.labelZoomIn,
                                  zoomOutTitle: document.body.dataset.labelZoomOut });
  }
  var d = el.dataset;
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!d.tiles });
  if (d.tiles) { L.tileLayer(d.tiles, { attribution: d.tilesAttribution || "", maxZoom: 19 }).addTo(map); }
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  if (window.zorgzaamStreets) { window.zorgzaamStreets(map, el); }  // light streets under the sectors

  function style(feature) {
    var p = feature.properties;
    return p.group ? { color: "#1b1b1b", weight: 1, fillColor: p.colour, fillOpacity: 0.6 }
                   : { color: "#5a5a5a", weight: 1, dashArray: "4 3", fillColor: "#ffffff", fillOpacity: 0.4 };
  }
  var groups = {};
  var sectors = L.geoJSON(null, {
    style: style,
    pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, { radius: 7 }); },
    onEachFeature: function (feature, layer) {
      var p = feature.properties;
      layer.bindTooltip(p.name + " (" + p.code + ")<br>" +
        (p.group ? d.labelProposal + " " + p.group : d.labelLeftOut), { sticky: true });
      if (p.group) { (groups[p.group] = groups[p.group] || L.featureGroup()).addLayer(layer); }
    }
  }).addTo(map);
  var districts = L.geoJSON(null, { interactive: false, style: function () {
    return { color: "#1b1b1b", weight: 2.5, fill: false }; } });

  function load(url) { return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }); }
  Promise.all([load(d.sectorsUrl), d.districtsUrl ? load(d.districtsUrl) : null]).then(function (data) {
    sectors.addData(data[0]);
    if (data[1]) { districts.addData(data[1]).addTo(map); }
    Object.keys(groups).forEach(function (number) {
      var bounds = groups[number].getBounds();
      if (!bounds.isValid()) { return; }
      L.marker(bounds.getCenter(), { interactive: false, keyboard: false, icon: L.divIcon({
        className: "proposal-number", html: "<span>" + number + "</span>", iconSize: [28, 28] }) }).addTo(map);
    });
    var bounds = sectors.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); }
    window.zorgzaamMap = map;
    el.setAttribute("data-ready", "1");
  }).catch(function () {
    el.setAttribute("data-ready", "error");
    el.textContent = d.labelError;
  });
})();
