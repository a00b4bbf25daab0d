/* What the large layers' canvases share (50_points.js, 55_shapes.js): the packed coordinates
   (geo/draw/packing.py) read back, the columns of their tooltips and popups
   (geo.draw.points.encode_column), a pane of their own, the mouse events that reach them, and
   a canvas covering the view with a margin, so that a short pan needs no redraw. */
(function (cm) {
  "use strict";

  // geo.draw.packing.ALPHABET: a character's five bits, plus 32 when more bits follow.
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGITS = new Int8Array(128).fill(-1);
  for (var d = 0; d < ALPHABET.length; d++) { DIGITS[ALPHABET.charCodeAt(d)] = d; }
  // The share of the view drawn beyond each of its edges (see needsDraw).
  var PAD_SHARE = 0.5;

  // Packed text back to its integers.
  function unpack(text) {
    var count = 0, i;
    for (i = 0; i < text.length; i++) { if (DIGITS[text.charCodeAt(i)] < 32) { count++; } }
    var out = new Float64Array(count), value = 0, scale = 1, at = 0;
    for (i = 0; i < text.length; i++) {
      var digit = DIGITS[text.charCodeAt(i)];
      if (digit < 0) { throw new Error("crossing-maps: bad packed text"); }
      value += (digit & 31) * scale;
      if (digit < 32) {
        out[at++] = value % 2 ? -(value + 1) / 2 : value / 2;
        value = 0;
        scale = 1;
      } else {
        scale *= 32;
      }
    }
    return out;
  }

  // Delta-coded integers (geo.draw.packing.differences) back to degrees.
  function undelta(deltas, decimals) {
    var scale = Math.pow(10, decimals), out = new Float64Array(deltas.length), value = 0;
    for (var i = 0; i < deltas.length; i++) { value += deltas[i]; out[i] = value / scale; }
    return out;
  }

  /* Degrees as pixel coordinates at zoom 0 (at zoom z: these times crs.scale(z) /
     crs.scale(0)), as crs.latLngToPoint gives them. For Leaflet's default CRS the same
     arithmetic inline, without an object a point: 0.2 s less for a million vertices. */
  function project(map, lat, lng) {
    var n = lat.length, wx = new Float64Array(n), wy = new Float64Array(n), i;
    var crs = map.options.crs, s = crs.scale(0);
    if (crs === L.CRS.EPSG3857) {
      var mercator = L.Projection.SphericalMercator, t = crs.transformation;
      var d = Math.PI / 180, R = mercator.R, max = mercator.MAX_LATITUDE;
      for (i = 0; i < n; i++) {
        var sin = Math.sin(Math.max(Math.min(max, lat[i]), -max) * d);
        wx[i] = s * (t._a * (R * lng[i] * d) + t._b);
        wy[i] = s * (t._c * (R * Math.log((1 + sin) / (1 - sin)) / 2) + t._d);
      }
    } else {
      for (i = 0; i < n; i++) {
        var p = crs.latLngToPoint(L.latLng(lat[i], lng[i]), 0);
        wx[i] = p.x;
        wy[i] = p.y;
      }
    }
    return { x: wx, y: wy };
  }

  // A function giving a column's value at row i, whatever its encoding.
  function columnReader(column) {
    if (Array.isArray(column)) { return function (i) { return column[i]; }; }
    if (column.codes) {
      return function (i) {
        var code = column.codes[i];
        return code === null ? null : column.values[code];
      };
    }
    // Spelled out at the first read (a hover or a click), not while the page opens: 0.2 s
    // for a million names.
    var texts = null;
    return function (i) {
      if (!texts) {
        texts = new Array(column.rest.length);
        for (var at = 0, previous = ""; at < texts.length; at++) {
          if (column.rest[at] === null) { texts[at] = null; continue; }
          texts[at] = previous.slice(0, column.shared[at]) + column.rest[at];
          previous = texts[at];
        }
      }
      return texts[i];
    };
  }

  function readers(columns) {
    var out = {};
    Object.keys(columns).forEach(function (name) { out[name] = columnReader(columns[name]); });
    return out;
  }

  // Leaflet's CSS puts every canvas under every SVG of a pane, so each kind of large layer
  // gets a pane of its own, above the vector layers (overlayPane, 400) and below markers
  // (600); mouse events go through it to the map (see eventPoint).
  function pane(map, name, zIndex) {
    var found = map.getPane(name);
    if (!found) {
      found = map.createPane(name);
      found.style.zIndex = zIndex;
      found.style.pointerEvents = "none";
    }
    return found;
  }

  // Where a mouse event is on the map, or null when it belongs to something drawn above the
  // large layers (markers, popups, controls) or ends a drag. Listened to on the container
  // itself: Leaflet gives the map no mouse event that an interactive layer under the canvas
  // (an area with a tooltip) has taken.
  function eventPoint(map, event) {
    var target = event.target;
    var below = target === map.getContainer() || map.getPane("overlayPane").contains(target) ||
      map.getPane("tilePane").contains(target);
    if (!below || (map.dragging && map.dragging.moved())) { return null; }
    return map.mouseEventToContainerPoint(event);
  }

  function listen(map, layer, on) {
    var container = map.getContainer(), method = on ? L.DomEvent.on : L.DomEvent.off;
    method(container, "mousemove", layer._hover, layer);
    method(container, "mouseleave", layer._unhover, layer);
    method(container, "click", layer._click, layer);
  }

  /* The canvas resized to cover the view and PAD_SHARE of it on every side, and placed there:
     its size (CSS pixels), its device pixel ratio, its top left (layer pixels), the pixel
     origin of its (zoom-0 pixel) coordinates times k, and the area it covers. */
  function placeCanvas(map, canvas) {
    var view = map.getSize(), ratio = window.devicePixelRatio || 1;
    var pad = view.multiplyBy(PAD_SHARE).round(), size = view.add(pad.multiplyBy(2));
    var topLeft = map.containerPointToLayerPoint([0, 0]).subtract(pad);
    L.DomUtil.setPosition(canvas, topLeft);
    canvas.width = Math.round(size.x * ratio);
    canvas.height = Math.round(size.y * ratio);
    canvas.style.width = size.x + "px";
    canvas.style.height = size.y + "px";
    var crs = map.options.crs, origin = map.getPixelOrigin();
    return { size: size, ratio: ratio, topLeft: topLeft, k: crs.scale(map.getZoom()) / crs.scale(0),
             ox: origin.x + topLeft.x, oy: origin.y + topLeft.y,
             area: { zoom: map.getZoom(), origin: origin,
                     bounds: L.bounds(origin.add(topLeft), origin.add(topLeft).add(size)) } };
  }

  // Whether the view has left what the canvas drew: a zoom or a new pixel origin (Leaflet's
  // viewreset) moves everything on it; a pan that stays inside its margin moves nothing.
  function needsDraw(map, area) {
    if (!area || area.zoom !== map.getZoom() || !area.origin.equals(map.getPixelOrigin())) {
      return true;
    }
    var view = map.getPixelBounds();
    return !(area.bounds.contains(view.min) && area.bounds.contains(view.max));
  }

  // A colour as the browser reads it (any CSS colour: "#07b", "#0072B2cc", "red") as RGBA
  // bytes, from an element's computed style: reading back a canvas pixel stalls for a second.
  function rgba(colour) {
    var probe = cm.el("span");
    probe.style.color = "#3388ff";
    probe.style.color = colour;
    document.body.appendChild(probe);
    var parts = getComputedStyle(probe).color.match(/[0-9.]+/g).map(Number);
    document.body.removeChild(probe);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? Math.round(parts[3] * 255) : 255];
  }

  /* The mouse on a large layer, as methods of its Leaflet class (includes): the layer gives
     _pick(containerPoint) (a row, or -1), _tooltipAt(row, containerPoint) (a tooltip, or
     null) and _anchor(row, containerPoint) (where its popup opens); a tooltip that follows the
     mouse is moved with it. */
  var picking = {
    _hover: function (event) {
      var point = eventPoint(this._map, event), i = point ? this._pick(point) : -1;
      if (i >= 0 && this._tooltip && this._tooltip.options.sticky) {
        this._tooltip.setLatLng(this._map.containerPointToLatLng(point));
      }
      if (i === this._hovered) { return; }
      this._unhover();
      this._hovered = i;
      if (i < 0) { return; }
      this._map.getContainer().style.cursor = "pointer";
      this._tooltip = this._tooltipAt(i, point);
      if (this._tooltip) { this._map.openTooltip(this._tooltip); }
    },

    _unhover: function () {
      this._hovered = -1;
      if (this._map) { this._map.getContainer().style.cursor = ""; }
      if (this._tooltip) { this._map.closeTooltip(this._tooltip); this._tooltip = null; }
    },

    _click: function (event) {
      var layer = this._layer, point = eventPoint(this._map, event);
      var i = point ? this._pick(point) : -1;
      if (i < 0 || !layer.popup) { return; }
      var read = this._read;
      L.popup().setLatLng(this._anchor(i, point))
        .setContent(cm.popupBox(layer, function (column) { return read[column](i); }))
        .openOn(this._map);
    }
  };

  cm.large = { unpack: unpack, rgba: rgba, picking: picking, project: project, undelta: undelta, readers: readers, pane: pane,
               eventPoint: eventPoint, listen: listen, placeCanvas: placeCanvas,
               needsDraw: needsDraw };
})(crossingMaps);
