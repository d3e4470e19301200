/* Zorgzaam plan: the number of actions per neighbourhood on a small map (the table beside it holds the same
   numbers: the map never says anything on colour alone, each shape also carries its number as a label).
   The map, its request and its error text: map_from_url.js. */
(function () {
  "use strict";
  var el = document.getElementById("actions-map");
  if (!el || !window.zorgzaamMapFromUrl) { return; }
  var d = el.dataset;
  function words(n) {
    if (!n) { return d.labelNone; }
    return n === 1 ? d.labelOne : d.labelMany.replace("%s", n);
  }
  window.zorgzaamMapFromUrl(el, function (map, data, fail) {
    if (!data.features || !data.features.length) { fail(el.dataset.labelEmpty); return; }
    var most = Math.max.apply(null, data.features.map(function (f) { return f.properties.total || 0; }).concat([1]));
    var layer = L.geoJSON(data, {
      style: function (f) {
        var share = (f.properties.total || 0) / most;
        return { color: "#00323f", weight: 2, fillColor: "#007a94", fillOpacity: 0.1 + 0.6 * share };
      },
      onEachFeature: function (f, shape) {
        shape.bindTooltip(f.properties.name + ": " + words(f.properties.total || 0),
                          { permanent: true, direction: "center", className: "map-count-label" });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    if (window.zorgzaamPlaceLabels) {  // the labels never on top of each other or cut off (a phone)
      window.zorgzaamPlaceLabels(map, el, layer.getLayers(), "shift");
    }
  });
}());
