/* Zorgzaam map: a municipality's sectors and wijken (GeoJSON from the server, no tile server needed).
   Edit mode: clicking a sector ticks or unticks its checkbox in the form (the checklist is the same
   choice for keyboard and screen-reader users, and for browsers without JavaScript). */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  // Leaflet names its zoom buttons in English ("Zoom in"; the title is also the aria-label): name them in
  // the page's language, from the labels base.html puts on <body>.
  if (document.body.dataset.labelZoomIn) {
    L.Control.Zoom.mergeOptions({ zoomInTitle: document.body.dataset.labelZoomIn,
                                  zoomOutTitle: document.body.dataset.labelZoomOut });
  }
  var d = el.dataset;
  var editing = d.mode === "edit";
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!d.tiles });
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  if (d.tiles) {
    L.tileLayer(d.tiles, { attribution: d.tilesAttribution || "", maxZoom: 19 }).addTo(map);
  }
  if (window.zorgzaamStreets) { window.zorgzaamStreets(map, el); }  // light streets under the sectors
  var boxes = {};
  document.querySelectorAll('input[name="sectors"]').forEach(function (box) { boxes[box.value] = box; });
  var count = document.getElementById("chosen-count");

  function isChosen(feature) {
    var box = boxes[feature.properties.code];
    return box ? box.checked : !!feature.properties.selected;
  }
  function style(feature) {
    var chosen = isChosen(feature);
    return {
      color: chosen ? "#00323f" : "#5a5a5a",
      weight: chosen ? 3 : 1,
      dashArray: feature.properties.approximate ? "4 3" : null,
      fillColor: chosen ? "#007a94" : "#ffffff",
      fillOpacity: chosen ? 0.6 : 0.25
    };
  }
  function label(feature) {
    var p = feature.properties;
    var text = p.name + " (" + p.code + ")";
    if (p.district_name) { text += "<br>" + d.labelDistrict + ": " + p.district_name; }
    if (p.approximate) { text += "<br><em>" + d.labelApproximate + "</em>"; }
    if (isChosen(feature)) { text += "<br><strong>" + d.labelChosen + "</strong>"; }
    return text;
  }
  function updateCount() {
    if (!count) { return; }
    var n = Object.keys(boxes).filter(function (k) { return boxes[k].checked; }).length;
    count.textContent = (n === 1 ? d.labelOne : d.labelMany).replace("%s", n);
  }

  var sectorLayer = L.geoJSON(null, {
    style: style,
    pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, { radius: 7 }); },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(function () { return label(feature); }, { sticky: true });
      if (editing && boxes[feature.properties.code]) {
        layer.on("click", function (event) {
          if (window.zorgzaamDrawing && window.zorgzaamDrawing.active()) {  // drawing: the click is a corner
            window.zorgzaamDrawing.addPoint(event.latlng);
            return;
          }
          if (window.zorgzaamDrawing) { window.zorgzaamDrawing.forget(); }  // picked by hand from here on
          var box = boxes[feature.properties.code];
          box.checked = !box.checked;
          box.dispatchEvent(new Event("change", { bubbles: true }));
        });
      }
    }
  }).addTo(map);
  var districtLayer = L.geoJSON(null, {
    interactive: false,
    style: function () { return { color: "#1b1b1b", weight: 2.5, fill: false }; }
  });

  function restyle() {
    sectorLayer.eachLayer(function (layer) { layer.setStyle(style(layer.feature)); });
    updateCount();
  }
  Object.keys(boxes).forEach(function (code) { boxes[code].addEventListener("change", restyle); });

  function load(url) { return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }); }
  Promise.all([load(d.sectorsUrl), d.districtsUrl ? load(d.districtsUrl) : null]).then(function (data) {
    sectorLayer.addData(data[0]);
    if (data[1]) {
      districtLayer.addData(data[1]).addTo(map);
      districtLayer.eachLayer(function (layer) {
        layer.bindTooltip(layer.feature.properties.name, { permanent: true, direction: "center", className: "district-label" });
      });
    }
    var chosen = L.featureGroup();
    sectorLayer.eachLayer(function (layer) { if (isChosen(layer.feature)) { chosen.addLayer(layer); } });
    var bounds = (!editing && chosen.getLayers().length) ? chosen.getBounds() : sectorLayer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); }
    if (data[1] && window.zorgzaamPlaceLabels) {
      // the wijk names never on top of each other or cut off: on a phone the largest keep theirs, the others
      // wait until zooming in makes room (every sector's tooltip and the sector list name its wijk too)
      window.zorgzaamPlaceLabels(map, el, districtLayer.getLayers(), "hide");
    }
    restyle();
    window.zorgzaamMap = map;  // for the browser tests, the console and draw.js
    document.dispatchEvent(new CustomEvent("zorgzaam:map-ready", { detail: { map: map, boxes: boxes } }));
    el.setAttribute("data-ready", "1");
  }).catch(function () {
    el.setAttribute("data-ready", "error");
    el.textContent = d.labelError;
  });
})();
