/* crossing-maps runtime: draws the layers a map's Python side describes.
   Every string that comes from data is put on the page with textContent, never innerHTML,
   so a name such as <img onerror=...> shows as text and runs nothing. */
var crossingMaps = (function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  // A popup or tooltip body: a title line and label/value rows, all as text nodes.
  function infoBox(title, rows) {
    var box = el("div", "cm-info");
    box.appendChild(el("strong", null, title));
    (rows || []).forEach(function (row) {
      var line = el("div", "cm-row");
      line.appendChild(el("span", "cm-label", row[0] + ": "));
      line.appendChild(el("span", "cm-value", row[1]));
      box.appendChild(line);
    });
    return box;
  }

  function addLayer(map, spec, control) {
    var layer = L.geoJSON(spec.data, {
      style: function () { return spec.style || {}; },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, spec.style || {});
      },
      onEachFeature: function (feature, lyr) {
        var p = feature.properties || {};
        if (spec.tooltip && p[spec.tooltip] !== undefined) {
          lyr.bindTooltip(el("span", null, p[spec.tooltip]));
        }
        if (spec.popup) {
          var rows = spec.popup.fields.map(function (f) { return [f[1], p[f[0]]]; });
          lyr.bindPopup(infoBox(p[spec.popup.title], rows));
        }
      }
    });
    layer.addTo(map);
    if (control) { control.addOverlay(layer, spec.label); }
    return layer;
  }

  return { el: el, infoBox: infoBox, addLayer: addLayer };
})();
