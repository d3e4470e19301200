/* Permanent labels on a small map (a phone has room for few) never lie on top of each other or stick out
   of the map. window.zorgzaamPlaceLabels(map, el, layers, mode) places the labels of ``layers`` (each with a
   permanent tooltip), the largest area first: a label that would touch one already placed, or leave the
   map, is moved ("shift": sideways into the map, then a line up or down, as close as possible to its
   place) or hidden ("hide": until zooming in makes room; the names must then also be elsewhere, e.g. in
   the tooltips and a list). It runs again after every zoom and move, and marks el with data-labels="<n
   shown>". */
(function () {
  "use strict";
  function area(layer) {
    var b = layer.getBounds();
    return (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest());
  }
  function touches(r, o) {
    return r.left < o.right + 2 && r.right > o.left - 2 && r.top < o.bottom + 2 && r.bottom > o.top - 2;
  }
  function moved(r, dx, dy) {
    return { left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy };
  }
  window.zorgzaamPlaceLabels = function (map, el, layers, mode) {
    function place() {
      var frame = el.getBoundingClientRect();
      var placed = [];
      layers.slice().sort(function (a, b) { return area(b) - area(a); }).forEach(function (layer) {
        var tip = layer.getTooltip() && layer.getTooltip().getElement();
        if (!tip) { return; }
        tip.style.visibility = "";
        tip.style.marginLeft = "";
        tip.style.marginTop = "";
        var r = tip.getBoundingClientRect();
        var candidates = [[0, 0]];
        if (mode === "shift") {
          var dx = 0;  // sideways into the map first
          if (r.left < frame.left + 2) { dx = frame.left + 2 - r.left; }
          if (r.right + dx > frame.right - 2) { dx = frame.right - 2 - r.right; }
          var h = r.bottom - r.top + 2;
          candidates = [[dx, 0], [dx, h], [dx, -h], [dx, 2 * h], [dx, -2 * h], [dx, 3 * h], [dx, -3 * h]];
        }
        var chosen = null;
        candidates.some(function (c) {
          var s = moved(r, c[0], c[1]);
          var inside = s.left >= frame.left && s.right <= frame.right && s.top >= frame.top && s.bottom <= frame.bottom;
          if (inside && !placed.some(function (o) { return touches(s, o); })) { chosen = [c, s]; return true; }
          return false;
        });
        if (chosen) {
          tip.style.marginLeft = chosen[0][0] ? chosen[0][0] + "px" : "";
          tip.style.marginTop = chosen[0][1] ? chosen[0][1] + "px" : "";
          placed.push(chosen[1]);
        } else {
          tip.style.visibility = "hidden";
        }
      });
      el.setAttribute("data-labels", String(placed.length));
    }
    place();
    map.on("zoomend moveend resize", place);
    return place;
  };
})();
