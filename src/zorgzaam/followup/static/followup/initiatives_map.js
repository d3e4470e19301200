/* Zorgzaam follow-up: the initiative inventory on the neighbourhood map. Each neighbourhood (outline and its
   number of plan actions from the plan's map endpoint, data-url) carries a label "name: n initiatives, m
   actions"; an initiative given as a point is a dot with its name. The matrix and the list on the same
   screen say all of it in words: the map never says anything on colour alone. Streets under it when the
   team has a network (streets.js); labels kept apart by labels.js; the map and its request: map_from_url.js. */
(function () {
  "use strict";
  var el = document.getElementById("initiatives-map");
  var source = document.getElementById("initiatives-map-data");
  if (!el || !source || !window.zorgzaamMapFromUrl) { return; }
  var d = el.dataset;
  var data = JSON.parse(source.textContent);
  function count(n, one, many) { return n === 1 ? one : many.replace("%s", n); }
  window.zorgzaamMapFromUrl(el, function (map, shapes, fail) {
    var features = shapes.features || [];
    var points = data.points || [];
    if (!features.length && !points.length) { fail(); return; }
    var layer = L.geoJSON(shapes, {
      style: function (f) {
        var n = data.per_neighbourhood[String(f.properties.id)] || 0;
        return { color: "#00323f", weight: 2, fillColor: "#007a94", fillOpacity: n ? 0.25 : 0.05 };
      },
      onEachFeature: function (f, shape) {
        var n = data.per_neighbourhood[String(f.properties.id)] || 0;
        var text = f.properties.name + ": " + count(n, d.labelOneInitiative, d.labelInitiatives) + ", " +
                   count(f.properties.total || 0, d.labelOneAction, d.labelActions);
        shape.bindTooltip(text, { permanent: true, direction: "center", className: "map-count-label" });
      }
    }).addTo(map);
    map.createPane("dots").style.zIndex = 660;  // above the neighbourhoods' labels: a dot is never hidden
    var dots = L.featureGroup(points.map(function (p) {
      return L.circleMarker([p.lat, p.lon], { radius: 8, color: "#ffffff", weight: 2, fillColor: "#b00058",
                                               fillOpacity: 1, pane: "dots" })
        .bindTooltip(p.name + (p.where ? " (" + p.where + ")" : ""), { direction: "top", offset: [0, -8] });
    })).addTo(map);
    // the neighbourhoods and the points near them fill the map; a point far away (listed below the map, e.g.
    // a mistyped one) does not shrink them to nothing
    var bounds = layer.getBounds();
    var near = bounds.isValid() ? bounds.pad(1) : null;
    dots.getLayers().forEach(function (dot) {
      var at = dot.getLatLng();
      if (!near) { bounds = bounds.isValid() ? bounds.extend(at) : L.latLngBounds(at, at); }
      else if (near.contains(at)) { bounds.extend(at); }
    });
    map.fitBounds(bounds, { padding: [12, 12], maxZoom: 16 });
    if (window.zorgzaamPlaceLabels) {
      window.zorgzaamPlaceLabels(map, el, layer.getLayers(), "shift");
    }
    el.setAttribute("data-points", String(points.filter(function (p) {
      return map.getBounds().contains([p.lat, p.lon]);
    }).length));
  }, { scrollWheelZoom: false });
}());
