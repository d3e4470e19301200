/* Public survey form: skip logic within a page, focus on the error summary, one submission per click,
   unsent answers kept over a reload, and the "where in the neighbourhood" map (tap to set the point; the
   coordinate fields stay as the accessible fallback and are what is sent; the streets of the
   neighbourhood are drawn under its outline when there is no base map). Everything works without
   JavaScript too. */
(function () {
  'use strict';

  // Unsent answers survive a reload. PRIVACY: answers are personal data. They are kept only in this tab's
  // sessionStorage (gone when the tab closes; never localStorage, never a cookie), nothing extra is sent
  // to the server, a page's copy is removed as soon as the server confirms the page was saved (the next
  // page of the form loads), and every copy of this survey is removed when the response is completed
  // (the contact and thank-you pages). The key is the survey's token, the respondent (a hash the server
  // derives from the cookie, not the cookie itself) and the page number.
  var store = null, keepDraft = function () {};
  try {
    store = window.sessionStorage;
    store.setItem('zorgzaam:probe', '1');
    store.removeItem('zorgzaam:probe');
  } catch (e) { store = null; }  // storage switched off: the form works as before

  function draftKeys(prefix) {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k && k.indexOf(prefix) === 0) keys.push(k);
    }
    return keys;
  }
  function readDraft(key) {
    try { return JSON.parse(store.getItem(key)); } catch (e) { return null; }
  }
  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (f) {
      return f.name && f.name !== 'csrfmiddlewaretoken' && f.name !== 'idem' &&
        ['hidden', 'submit', 'button', 'file', 'password'].indexOf(f.type) < 0 && f.tagName !== 'BUTTON';
    });
  }
  function collect(form) {
    var values = {};
    fieldsOf(form).forEach(function (f) {
      if (f.type === 'radio' || f.type === 'checkbox') {
        values[f.name] = values[f.name] || [];
        if (f.checked) values[f.name].push(f.value);
      } else {
        values[f.name] = f.value;
      }
    });
    return values;
  }
  function restore(form, values) {  // true when a field changed
    var changed = false;
    fieldsOf(form).forEach(function (f) {
      if (!Object.prototype.hasOwnProperty.call(values, f.name)) return;
      var want = values[f.name];
      if (f.type === 'radio' || f.type === 'checkbox') {
        var on = Array.isArray(want) && want.indexOf(f.value) >= 0;
        if (f.checked !== on) { f.checked = on; changed = true; }
      } else if (typeof want === 'string' && f.value !== want) {
        f.value = want;
        changed = true;
      }
    });
    return changed;
  }

  var forget = document.querySelector('[data-forget-drafts]');
  if (store && forget && forget.dataset.forgetDrafts) {  // the response is complete
    draftKeys(forget.dataset.forgetDrafts).forEach(function (k) { store.removeItem(k); });
  }
  var draftForm = document.querySelector('form.answer-form[data-draft]');
  if (store && draftForm && draftForm.dataset.draft) {
    var prefix = draftForm.dataset.draft, page = draftForm.dataset.page || '';
    var key = page ? prefix + page : null;
    // a page sent from this tab whose save the server confirmed (we are on another page now): forget it
    draftKeys(prefix).forEach(function (k) {
      var d = readDraft(k);
      if (k !== key && (!d || d.sent)) store.removeItem(k);
    });
    if (key) {
      var draft = readDraft(key);
      if (draft && draft.values) {
        if (document.getElementById('error-summary')) {
          // refused with an error: the server shows what was sent; keep the copy until it is saved
          draft.sent = false;
          try { store.setItem(key, JSON.stringify(draft)); } catch (e) { /* full: nothing kept */ }
        } else if (restore(draftForm, draft.values)) {
          var notice = document.getElementById('draft-notice');
          // announced by the status region a moment after load; the focus stays where it is
          if (notice) setTimeout(function () { notice.textContent = notice.dataset.restored; }, 300);
        }
      }
      var keep = function (sent) {
        try { store.setItem(key, JSON.stringify({values: collect(draftForm), sent: !!sent})); } catch (e) { /* full */ }
      };
      keepDraft = function () { keep(false); };  // the map and its buttons set fields by script
      draftForm.addEventListener('input', keepDraft);
      draftForm.addEventListener('change', keepDraft);
      draftForm.addEventListener('submit', function () { keep(true); });
    }
  }

  // Skip logic: hide a question until the answer it depends on is given.
  function checkedValues(name) {
    return Array.prototype.map.call(document.querySelectorAll('[name="' + name + '"]:checked'),
      function (e) { return e.value; });
  }
  function updateSkips() {
    document.querySelectorAll('[data-show-if]').forEach(function (el) {
      var rule = JSON.parse(el.getAttribute('data-show-if'));
      if (!document.querySelector('[name="' + rule.question + '"]')) return;
      var got = checkedValues(rule.question), show;
      var hit = got.some(function (v) { return rule.value.map(String).indexOf(v) >= 0; });
      if (rule.op === 'answered') show = got.length > 0;
      else if (rule.op === 'ne' || rule.op === 'not_in') show = !hit;
      else show = hit;
      var was = el.hidden;
      el.hidden = !show;
      if (was && show) {  // a map drawn while hidden has no size yet
        el.querySelectorAll('.pointmap').forEach(function (m) { if (m.refit) m.refit(); });
      }
    });
  }
  document.addEventListener('change', updateSkips);
  updateSkips();

  // Errors: focus moves to the summary; its links put the focus in the question's first field.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
  document.querySelectorAll('#error-summary a[data-focus]').forEach(function (a) {
    a.addEventListener('click', function (e) {
      var box = document.getElementById('q-' + a.dataset.focus);
      var field = box && box.querySelector('input, textarea, select');
      if (!field) return;
      e.preventDefault();
      box.scrollIntoView({block: 'start'});
      field.focus();
    });
  });

  // One submission per click: a second tap while the page is loading does nothing.
  document.querySelectorAll('form.answer-form').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (form.dataset.sent) { e.preventDefault(); return; }
      form.dataset.sent = '1';
      form.setAttribute('aria-busy', 'true');
    });
  });
  window.addEventListener('pageshow', function () {  // back button: the form may be sent again
    document.querySelectorAll('form.answer-form').forEach(function (form) {
      delete form.dataset.sent;
      form.removeAttribute('aria-busy');
    });
  });

  // The map point question.
  var config = document.getElementById('point-map');
  config = config ? JSON.parse(config.textContent) : null;

  function setupPoint(container) {
    var code = container.dataset.for;
    var lat = document.getElementById(code + '__lat'), lon = document.getElementById(code + '__lon');
    var status = document.getElementById(code + '-status');
    var clear = document.querySelector('button.clear-point[data-for="' + code + '"]');
    var map = null, marker = null;
    var words = {chosen: container.dataset.chosen + ' ', none: container.dataset.none, cleared: container.dataset.cleared};

    function current() {
      var a = parseFloat(String(lat.value).replace(',', '.')), b = parseFloat(String(lon.value).replace(',', '.'));
      return isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180 ? [a, b] : null;
    }
    function show(announce) {
      var point = current();
      if (marker) { marker.remove(); marker = null; }
      if (point && map) {
        marker = window.L.circleMarker(point, {radius: 11, color: '#b00020', weight: 4, fillColor: '#ffbf47',
                                               fillOpacity: 0.9}).addTo(map);
      }
      if (clear) clear.hidden = !point;
      if (status && announce !== false) {
        status.textContent = point ? words.chosen + point[0].toFixed(5) + ', ' + point[1].toFixed(5) : words.none;
      }
      container.dataset.point = point ? point.join(',') : '';
    }

    if (window.L && config) {
      container.hidden = false;
      map = window.L.map(container, {attributionControl: !!config.tile_url, zoomSnap: 0.5, tap: true});
      if (config.tile_url) {
        window.L.tileLayer(config.tile_url, {attribution: config.tile_attribution, maxZoom: 19}).addTo(map);
      }
      var outline = null;
      if (config.outline) {
        outline = window.L.geoJSON(config.outline, {interactive: false,
          style: {color: '#005a70', weight: 3, fillColor: '#005a70', fillOpacity: 0.08}}).addTo(map);
      }
      if (config.streets_url && window.fetch) {  // the streets, drawn under the outline; no labels
        window.fetch(config.streets_url, {credentials: 'omit'}).then(function (r) {
          return r.ok ? r.json() : null;
        }).then(function (streets) {
          if (!streets) return;
          window.L.geoJSON(streets, {interactive: false,
            style: {color: '#707070', weight: 1.25, opacity: 0.85, className: 'streets'}}).addTo(map).bringToBack();
        }).catch(function () { /* no streets: the outline alone, as before */ });
      }
      var fit = function () {
        var point = current();
        if (point) map.setView(point, 16);
        else if (outline && outline.getBounds().isValid()) map.fitBounds(outline.getBounds(), {padding: [10, 10]});
        else map.setView([51.05, 4.4], 8);  // Flanders
      };
      fit();
      container.refit = function () { map.invalidateSize(); fit(); };
      map.on('click', function (e) {
        lat.value = e.latlng.lat.toFixed(6);
        lon.value = e.latlng.lng.toFixed(6);
        show();
        keepDraft();
      });
      container.dataset.ready = '1';
    }
    lat.addEventListener('change', function () { show(); });
    lon.addEventListener('change', function () { show(); });
    if (clear) {
      clear.addEventListener('click', function () {
        lat.value = ''; lon.value = '';
        show(false);
        keepDraft();
        if (status) status.textContent = words.cleared;
      });
    }
    show(false);
  }
  document.querySelectorAll('.pointmap[data-for]').forEach(setupPoint);

  document.querySelectorAll('button.locate').forEach(function (b) {
    if (!navigator.geolocation) return;
    b.hidden = false;
    b.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (p) {
        var lat = document.getElementById(b.dataset.for + '__lat'), lon = document.getElementById(b.dataset.for + '__lon');
        lat.value = p.coords.latitude.toFixed(6);
        lon.value = p.coords.longitude.toFixed(6);
        lat.dispatchEvent(new Event('change', {bubbles: true}));
      });
    });
  });
})();
