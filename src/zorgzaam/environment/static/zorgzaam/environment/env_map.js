/* Environment maps (Leaflet, GeoJSON from the server, no tile server needed):
   - #env-facilities-map: facilities, one layer per category, toggled by the legend's checkboxes;
   - #env-place-map: click to fill in latitude/longitude of a facility form;
   - #env-reach-map: residential locations coloured by walking distance, the category's facilities on
     top, the area's outline; a click (or a chosen facility) draws the 5/10/15 minute isochrones;
   - #env-walk-map: the 100 m walkability grid and the area's outline.
   Everything shown here is also in a table on the page (nothing rests on the map or on colour alone). */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  // Leaflet names its zoom buttons in English ("Zoom in"; the title is also the aria-label): name them in
  // the page's language, from the labels base.html puts on <body>.
  if (document.body.dataset.labelZoomIn) {
    L.Control.Zoom.mergeOptions({ zoomInTitle: document.body.dataset.labelZoomIn,
                                  zoomOutTitle: document.body.dataset.labelZoomOut });
  }

  function load(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    });
  }
  function makeMap(el) {
    var map = L.map(el, { zoomSnap: 0.25, preferCanvas: true, attributionControl: !!el.dataset.tiles });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.tilesAttribution || "", maxZoom: 19 }).addTo(map);
    }
    map.setView([51.0, 4.5], 9);
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    if (el.dataset.streetsUrl) {  // the team's street network, light, under everything (offline base layer)
      map.createPane("streets").style.zIndex = 350;
      load(el.dataset.streetsUrl).then(function (data) {
        if (!data.features.length) { return; }
        L.geoJSON(data, { pane: "streets", interactive: false, renderer: L.canvas({ pane: "streets" }),
                          style: function () { return { color: "#a3a3a3", weight: 1, opacity: 0.8 }; } }).addTo(map);
        el.setAttribute("data-streets", String(data.features.length));
      }).catch(function () { /* the map works without its streets */ });
    }
    window.zorgzaamMap = map;  // for the browser tests and the console
    return map;
  }
  function ready(el) { el.setAttribute("data-ready", "1"); }
  function failed(el) {
    el.setAttribute("data-ready", "error");
    el.textContent = el.dataset.labelError || "";
  }
  function esc(text) {
    var div = document.createElement("div");
    div.textContent = text === null || text === undefined ? "" : String(text);
    return div.innerHTML;
  }
  function facilityLabel(p) {
    var text = "<strong>" + esc(p.name || "–") + "</strong><br>" + esc(p.category_name);
    if (p.address) { text += "<br>" + esc(p.address); }
    if (p.source) { text += "<br><em>" + esc(p.source) + (p.source_date ? ", " + esc(p.source_date) : "") + "</em>"; }
    return text;
  }
  function fit(map, layer) {
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], animate: false }); }
  }
  function outlineLayer(data) {
    return L.geoJSON(data, { interactive: false, style: function () {
      return { color: "#1b1b1b", weight: 3, fill: false, dashArray: "6 4" };
    } });
  }

  /* ---------------------------------------------------------------- facilities per category */
  var overview = document.getElementById("env-facilities-map");
  if (overview) {
    var omap = makeMap(overview);
    var byCategory = {};
    load(overview.dataset.url).then(function (data) {
      var all = L.featureGroup();
      if (overview.dataset.areasUrl) {  // the municipality's wijken as a background (names in tooltips)
        load(overview.dataset.areasUrl).then(function (areas) {
          L.geoJSON(areas, { style: function () { return { color: "#6b6b6b", weight: 1, fillColor: "#ffffff", fillOpacity: 0.5 }; },
                             onEachFeature: function (f, layer) { layer.bindTooltip(esc(f.properties.name)); } })
            .addTo(omap).bringToBack();
        }).catch(function () { /* the facilities stay on the map without the wijken */ });
      }
      data.features.forEach(function (f) {
        var p = f.properties;
        var c = f.geometry.coordinates;
        // each category its own symbol (shape and colour, the legend's), never colour alone
        var marker = L.marker([c[1], c[0]], { keyboard: false, icon: L.divIcon({
          className: "env-symbol env-symbol-" + (p.shape || "circle"), html: p.symbol, iconSize: [16, 16], iconAnchor: [8, 8] }) });
        marker.bindTooltip(facilityLabel(p));
        if (!byCategory[p.category]) { byCategory[p.category] = L.layerGroup().addTo(omap); }
        byCategory[p.category].addLayer(marker);
        all.addLayer(marker);
      });
      if (data.features.length) { fit(omap, all); }
      document.querySelectorAll("#env-category-legend input[data-category]").forEach(function (box) {
        box.addEventListener("change", function () {
          var layer = byCategory[box.dataset.category];
          if (!layer) { return; }
          if (box.checked) { layer.addTo(omap); } else { omap.removeLayer(layer); }
        });
      });
      ready(overview);
    }).catch(function () { failed(overview); });
  }

  /* ---------------------------------------------------------------- place a facility by clicking */
  var place = document.getElementById("env-place-map");
  if (place) {
    var pmap = makeMap(place);
    var lat = document.getElementById("id_lat");
    var lon = document.getElementById("id_lon");
    var pin = null;
    function setPin(latlng) {
      if (pin) { pin.setLatLng(latlng); } else { pin = L.marker(latlng).addTo(pmap); }
    }
    load(place.dataset.url).then(function (data) {
      var existing = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 5, color: "#6b6b6b", weight: 1, fillColor: "#bdbdbd", fillOpacity: 0.8 });
        },
        onEachFeature: function (f, layer) { layer.bindTooltip(facilityLabel(f.properties)); }
      }).addTo(pmap);
      if (lat.value && lon.value) {
        var here = L.latLng(parseFloat(lat.value.replace(",", ".")), parseFloat(lon.value.replace(",", ".")));
        setPin(here);
        pmap.setView(here, 16, { animate: false });
      } else if (data.features.length) {
        fit(pmap, existing);
      }
      ready(place);
    }).catch(function () { failed(place); });
    pmap.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      setPin(event.latlng);
    });
  }

  /* ---------------------------------------------------------------- reach and isochrones */
  var reach = document.getElementById("env-reach-map");
  if (reach) {
    var d = reach.dataset;
    var rmap = makeMap(reach);
    var isoLayer = L.layerGroup().addTo(rmap);
    var isoStatus = document.getElementById("env-iso-status");
    var select = document.getElementById("env-iso-facility");
    var isoColours = ["#08519c", "#3182bd", "#9ecae1"];
    function drawIsochrones(query) {
      isoStatus.textContent = d.labelIsoWait;
      load(d.isochroneUrl + "?tempo=" + encodeURIComponent(d.speed) + "&" + query).then(function (data) {
        isoLayer.clearLayers();
        var n = data.features.length;
        data.features.forEach(function (f, i) {  // largest first: the smallest ends on top
          L.geoJSON(f, { interactive: false, style: function () {
            // a strong outline: the reached area reads over the many coloured homes
            return { color: "#08306b", weight: 2.5, dashArray: i < n - 1 ? "6 4" : null,
                     fillColor: isoColours[n - 1 - i] || "#3182bd", fillOpacity: 0.15 };
          } }).bindTooltip(d.labelIso.replace("%s", f.properties.minutes)).addTo(isoLayer);
        });
        isoStatus.textContent = d.labelIsoDone;
        reach.setAttribute("data-isochrones", String(n));
      }).catch(function () { isoStatus.textContent = d.labelError; });
    }
    Promise.all([load(d.url), load(d.facilitiesUrl)]).then(function (data) {
      var outline = outlineLayer(data[0].outline).addTo(rmap);
      var homes = L.geoJSON(data[0].locations, {
        pointToLayer: function (f, latlng) {
          var p = f.properties;
          var gone = p.distance_class < 0;
          return L.circleMarker(latlng, { radius: gone ? 5 : 3, stroke: gone, color: "#000", weight: 1,
                                          fillColor: p.colour, fillOpacity: 0.85 });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          var text = d.labelSector + " " + esc(p.sector_code) + "<br>";
          text += p.distance_m !== null ? Math.round(p.distance_m) + " m · " + Math.round(p.time_min) + " " + d.labelMinutes
                                        : esc(p.status_text);
          if (p.population !== null) { text += "<br>" + p.population.toFixed(1).replace(".", ",") + " " + d.labelResidents; }
          layer.bindTooltip(text);
        }
      }).addTo(rmap);
      var facilities = L.geoJSON(data[1], {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 9, color: "#000", weight: 3, fillColor: "#ffffff", fillOpacity: 1 });
        },
        onEachFeature: function (f, layer) {
          layer.bindTooltip(facilityLabel(f.properties));
          layer.on("click", function (event) {
            L.DomEvent.stopPropagation(event);
            drawIsochrones("voorziening=" + f.properties.id);
          });
          var option = document.createElement("option");
          option.value = f.properties.id;
          option.textContent = f.properties.name || f.properties.category_name;
          select.appendChild(option);
        }
      }).addTo(rmap);
      fit(rmap, outline.getLayers().length ? outline : homes);
      facilities.bringToFront();
      ready(reach);
    }).catch(function () { failed(reach); });
    rmap.on("click", function (event) {
      drawIsochrones("lat=" + event.latlng.lat.toFixed(6) + "&lon=" + event.latlng.lng.toFixed(6));
    });
    document.getElementById("env-iso-button").addEventListener("click", function () {
      if (select.value) { drawIsochrones("voorziening=" + encodeURIComponent(select.value)); }
    });
  }

  /* ---------------------------------------------------------------- walkability grid */
  var walk = document.getElementById("env-walk-map");
  if (walk) {
    var w = walk.dataset;
    var wmap = makeMap(walk);
    load(w.url).then(function (data) {
      var cells = L.featureGroup();
      var renderer = L.canvas({ padding: 0.2 });
      function n(v, k) { return v === null ? "–" : v.toFixed(k).replace(".", ","); }
      data.grid.cells.forEach(function (c) {  // [south, west, north, east, score, intersections, residents, mix, class]
        L.rectangle([[c[0], c[1]], [c[2], c[3]]], { renderer: renderer, stroke: false, fillColor: data.grid.colours[c[8]], fillOpacity: 0.75 })
          .bindTooltip(w.labelScore + " " + n(c[4], 1) + "<br>" + w.labelIntersections + ": " + n(c[5], 0) +
                       "<br>" + w.labelResidents + ": " + n(c[6], 1) + "<br>" + w.labelMix + ": " + n(c[7], 2))
          .addTo(cells);
      });
      cells.addTo(wmap);
      var outline = outlineLayer(data.outline).addTo(wmap);
      fit(wmap, cells);
      outline.bringToFront();
      ready(walk);
    }).catch(function () { failed(walk); });
  }
})();
