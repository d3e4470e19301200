/* The municipality's sectors coloured by one indicator (the profile page). Five classes by quantile,
   a sequential colour-blind-safe ramp, the neighbourhood's sectors with a thick border, values in
   tooltips and in the table below the map (so nothing rests on colour alone). No tiles needed. */
(function () {
  "use strict";
  var box = document.getElementById("choropleth");
  if (!box || typeof L === "undefined") { return; }
  // Leaflet names its zoom buttons in English ("Zoom in"; the title is also the aria-label): name them in
  // the page's language, from the labels base.html puts on <body>.
  if (document.body.dataset.labelZoomIn) {
    L.Control.Zoom.mergeOptions({ zoomInTitle: document.body.dataset.labelZoomIn,
                                  zoomOutTitle: document.body.dataset.labelZoomOut });
  }
  var select = document.getElementById("choropleth-indicator");
  var legend = document.getElementById("choropleth-legend");
  var tbody = document.querySelector("#choropleth-table tbody");
  var ramp = ["#f7fcb9", "#addd8e", "#41ab5d", "#006837", "#00361c"];
  var map = L.map(box, { zoomSnap: 0.25, attributionControl: false });
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  var layer = null;

  function classes(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var cuts = [];
    for (var i = 1; i < ramp.length; i++) { cuts.push(sorted[Math.floor(i * sorted.length / ramp.length)]); }
    return cuts;
  }
  function colour(value, cuts) {
    if (value === null) { return "#ffffff"; }
    var i = 0;
    while (i < cuts.length && value >= cuts[i]) { i++; }
    return ramp[i];
  }
  function show(indicator) {
    var url = box.dataset.urlTemplate.replace("INDICATOR", indicator);
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var values = data.features.map(function (f) { return f.properties.value; }).filter(function (v) { return v !== null; });
      var cuts = classes(values);
      if (layer) { map.removeLayer(layer); }
      layer = L.geoJSON(data, {
        style: function (f) {
          var p = f.properties;
          return { fillColor: colour(p.value, cuts), fillOpacity: 0.85, color: p.selected ? "#1b1b1b" : "#666666",
                   weight: p.selected ? 3.5 : 0.8, dashArray: p.approximate ? "3 3" : null };
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          l.bindTooltip(p.name + " (" + p.code + "): " + p.label + (p.approximate ? " — " + box.dataset.labelApproximate : ""));
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      legend.innerHTML = "";
      var lows = [values.length ? Math.min.apply(null, values) : 0].concat(cuts);
      ramp.forEach(function (c, i) {
        var item = document.createElement("span");
        item.className = "legend-item";
        item.innerHTML = '<span class="swatch" style="background:' + c + '"></span> ' + (lows[i] !== undefined ? "≥ " + lows[i].toFixed(1).replace(".", ",") : "");
        legend.appendChild(item);
      });
      var none = document.createElement("span");
      none.className = "legend-item";
      none.innerHTML = '<span class="swatch" style="background:#fff"></span> ' + box.dataset.labelNoValue;
      legend.appendChild(none);
      tbody.innerHTML = "";
      data.features.slice().sort(function (a, b) { return (b.properties.value || -1) - (a.properties.value || -1); })
        .forEach(function (f) {
          var row = document.createElement("tr");
          var name = document.createElement("td");
          name.textContent = f.properties.name + " (" + f.properties.code + ")" + (f.properties.selected ? " ●" : "");
          var value = document.createElement("td");
          value.className = "num";
          value.textContent = f.properties.label;
          row.appendChild(name); row.appendChild(value); tbody.appendChild(row);
        });
      box.dataset.ready = "1";
    }).catch(function () { box.textContent = box.dataset.labelError; });
  }
  select.addEventListener("change", function () { show(select.value); });
  show(select.value);
}());
/* A printed profile shows every signal with its question and pitfalls, and every missing figure's reason. */
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
});
