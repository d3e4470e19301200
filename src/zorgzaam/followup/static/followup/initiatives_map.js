/* Zorgzaam follow-up: the initiative inventory on the neighbourhood map. Each neighbourhood (outline and its
   number of plan actions from the plan's map endpoint, data-url) carries a label "name: n initiatives, m
   actions"; an initiative given as a point is a dot with its number in the list under the map (its name in a
   tooltip); the view holds the outlines and every point. The matrix and the list on the same
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
    if (!features.length && !points.length) { fail(d.labelEmpty); return; }
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
    // each point a dot with its number, the same number as in the list under the map (a name would not fit
    // beside the neighbourhoods' labels on a phone); the name in its tooltip. A small dot stays on the point
    // itself when the number has to move aside (spread below).
    map.createPane("leaders").style.zIndex = 640;  // the points themselves and the lines: under the labels
    points.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: 3, weight: 1, color: "#ffffff", fillColor: "#b00058",
                                       fillOpacity: 1, pane: "leaders", interactive: false }).addTo(map);
    });
    var dots = L.featureGroup(points.map(function (p) {
      return L.marker([p.lat, p.lon], { pane: "dots", keyboard: false, icon: L.divIcon({
        className: "map-point", html: String(p.number), iconSize: [26, 26], iconAnchor: [13, 13] }) })
        .bindTooltip(p.number + ". " + p.name + (p.where ? " (" + p.where + ")" : ""),
                     { direction: "top", offset: [0, -13] });
    })).addTo(map);
    function touches(r, o) {
      return r.left < o.right + 1 && r.right > o.left - 1 && r.top < o.bottom + 1 && r.bottom > o.top - 1;
    }
    // a number never lies on another number or on a neighbourhood's label, and stays inside the map: it
    // moves to the nearest free place around its point, a thin line back to the point (after every zoom,
    // once the labels are placed)
    var leaders = L.layerGroup().addTo(map);
    function spread() {
      var frame = el.getBoundingClientRect();
      leaders.clearLayers();
      var taken = [];
      el.querySelectorAll(".map-count-label").forEach(function (tip) {
        if (tip.style.visibility !== "hidden") { taken.push(tip.getBoundingClientRect()); }
      });
      dots.getLayers().forEach(function (dot) {
        var icon = dot.getElement();
        if (!icon) { return; }
        icon.style.translate = "";
        var r = icon.getBoundingClientRect();
        var steps = [[0, 0]];
        for (var k = 1; k <= 6; k++) {
          var d = 28 * k;
          steps.push([d, 0], [-d, 0], [0, -d], [0, d], [d, -d], [-d, -d], [d, d], [-d, d]);
        }
        var free = steps.filter(function (c) {
          var m = { left: r.left + c[0], right: r.right + c[0], top: r.top + c[1], bottom: r.bottom + c[1] };
          var inside = m.left >= frame.left + 2 && m.right <= frame.right - 2 && m.top >= frame.top + 2 &&
                       m.bottom <= frame.bottom - 2;
          return inside && !taken.some(function (o) { return touches(m, o); });
        })[0] || [0, 0];
        if (free[0] || free[1]) {
          icon.style.translate = free[0] + "px " + free[1] + "px";
          var at = map.latLngToContainerPoint(dot.getLatLng());
          L.polyline([dot.getLatLng(), map.containerPointToLatLng(at.add([free[0], free[1]]))],
                     { pane: "leaders", interactive: false, color: "#6b0035", weight: 1.5 }).addTo(leaders);
        }
        icon.classList.toggle("map-point-moved", !!(free[0] || free[1]));
        taken.push({ left: r.left + free[0], right: r.right + free[0], top: r.top + free[1],
                     bottom: r.bottom + free[1] });
      });
    }
    // the neighbourhoods and every point in view, also one far away (listed under the map with its place)
    var bounds = layer.getBounds();
    if (dots.getLayers().length) {
      bounds = bounds.isValid() ? bounds.extend(dots.getBounds()) : dots.getBounds();
    }
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
    if (window.zorgzaamPlaceLabels) {
      window.zorgzaamPlaceLabels(map, el, layer.getLayers(), "shift");
    }
    spread();
    map.on("zoomend moveend resize", spread);  // after labels.js's own handler: the labels are placed first
    el.setAttribute("data-points", String(points.filter(function (p) {
      return map.getBounds().contains([p.lat, p.lon]);
    }).length));
  }, { scrollWheelZoom: false });
}());
