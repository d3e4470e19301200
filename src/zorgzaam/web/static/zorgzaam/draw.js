/* Drawing a neighbourhood on the map: click the corners, then "Klaar". The server snaps the shape to
   whole sectors with the chosen rule (half the area inside, or the centre inside) and says so in words;
   the same sectors are ticked in the list. Picking sectors by hand afterwards forgets the drawing. */
(function () {
  "use strict";
  var tools = document.getElementById("draw-tools");
  var mapEl = document.getElementById("map");
  var field = document.querySelector('input[name="polygon"]');
  if (!tools || !mapEl || !field || typeof L === "undefined") { return; }
  var start = document.getElementById("draw-start");
  var finish = document.getElementById("draw-finish");
  var clear = document.getElementById("draw-clear");
  var result = document.getElementById("draw-result");
  var rule = document.querySelector('select[name="rule"]');
  var csrf = document.querySelector('input[name="csrfmiddlewaretoken"]');
  var map = null, boxes = {}, points = [], line = null, shape = null, drawing = false;

  function reset(keepShape) {
    points = [];
    drawing = false;
    if (line) { map.removeLayer(line); line = null; }
    if (!keepShape && shape) { map.removeLayer(shape); shape = null; }
    finish.disabled = true;
    mapEl.classList.remove("drawing");
  }
  window.zorgzaamDrawing = {
    active: function () { return drawing; },
    addPoint: function (latlng) {
      points.push(latlng);
      if (line) { map.removeLayer(line); }
      line = L.polyline(points.concat(points.length > 2 ? [points[0]] : []), { color: "#b00058", weight: 3, dashArray: "6 4" }).addTo(map);
      finish.disabled = points.length < 3;
    },
    forget: function () {
      if (field.value) { field.value = ""; result.textContent = ""; reset(false); }
    }
  };
  function snap() {
    var ring = points.map(function (p) { return [p.lng, p.lat]; });
    ring.push(ring[0]);
    var polygon = { type: "Polygon", coordinates: [ring] };
    fetch(mapEl.dataset.snapUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify({ polygon: polygon, rule: rule ? rule.value : "area" })
    }).then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (answer) {
        if (!answer.ok) { result.textContent = answer.data.error; return; }
        Object.keys(boxes).forEach(function (code) {
          var chosen = answer.data.codes.indexOf(code) >= 0;
          if (boxes[code].checked !== chosen) {
            boxes[code].checked = chosen;
            boxes[code].dispatchEvent(new Event("change", { bubbles: true }));
          }
        });
        field.value = JSON.stringify(polygon);
        result.textContent = answer.data.rule + (answer.data.warnings.length ? " " + answer.data.warnings.join(" ") : "");
        if (shape) { map.removeLayer(shape); }
        shape = L.polygon(points, { color: "#b00058", weight: 2, fill: false, interactive: false }).addTo(map);
        reset(true);
      });
  }
  document.addEventListener("zorgzaam:map-ready", function (event) {
    map = event.detail.map;
    boxes = event.detail.boxes;
    tools.hidden = false;
    map.on("click", function (e) { if (drawing) { window.zorgzaamDrawing.addPoint(e.latlng); } });
    start.addEventListener("click", function () {
      reset(false);
      drawing = true;
      mapEl.classList.add("drawing");
      result.textContent = "";
    });
    finish.addEventListener("click", function () { if (points.length >= 3) { drawing = false; snap(); } });
    clear.addEventListener("click", function () { field.value = ""; result.textContent = ""; reset(false); });
    if (rule) { rule.addEventListener("change", function () { if (field.value && shape) {
      points = shape.getLatLngs()[0]; snap(); } }); }
  });
}());
