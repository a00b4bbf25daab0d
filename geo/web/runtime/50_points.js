/* Large point layers (geo/draw/points.py): the compact encoding decoded into typed arrays and
   drawn on one canvas, with the point under the mouse found through a grid of screen cells; and
   hex grids of counts for layers too large to ship point by point. Text from data reaches the
   page through textContent only.
   The circles are not canvas paths: Chromium records path fills and rasterises them at the
   next frame, 0.4 s for 137,000 circles of a million points. Each circle's coverage is
   stamped into two byte buffers instead (fill and outline, the largest coverage kept, so the
   layer's circles merge as one filled shape), turned into pixels through a colour table and
   written in one putImageData. */
(function (cm) {
  "use strict";

  var HIT_SLACK_PX = 3;
  // The share of the view drawn beyond each of its edges (see _needsDraw).
  var PAD_SHARE = 0.5;
  // Leaflet's CSS puts every canvas under every SVG of a pane, so the points get a pane of
  // their own: above the vector layers (overlayPane, 400), below markers (600).
  var PANE = "cmPoints", PANE_Z = 450;

  function pointsPane(map) {
    var pane = map.getPane(PANE);
    if (!pane) {
      pane = map.createPane(PANE);
      pane.style.zIndex = PANE_Z;
      pane.style.pointerEvents = "none";
    }
    return pane;
  }

  var el = cm.el, infoBox = cm.infoBox;

  // Delta-coded integers (geo.points.deltas) back to degrees.
  function undelta(deltas, decimals) {
    var scale = Math.pow(10, decimals), out = new Float64Array(deltas.length), value = 0;
    for (var i = 0; i < deltas.length; i++) { value += deltas[i]; out[i] = value / scale; }
    return out;
  }

  // A function giving a column's value at row i, whatever its encoding (geo.points.encode_column).
  function columnReader(column) {
    if (Array.isArray(column)) { return function (i) { return column[i]; }; }
    if (column.codes) {
      return function (i) {
        var code = column.codes[i];
        return code === null ? null : column.values[code];
      };
    }
    var texts = new Array(column.rest.length), previous = "";
    for (var i = 0; i < texts.length; i++) {
      if (column.rest[i] === null) { texts[i] = null; continue; }
      texts[i] = previous.slice(0, column.shared[i]) + column.rest[i];
      previous = texts[i];
    }
    return function (i) { return texts[i]; };
  }

  function readers(columns) {
    var out = {};
    Object.keys(columns).forEach(function (name) { out[name] = columnReader(columns[name]); });
    return out;
  }

  function shown(value, missing) { return value === null || value === undefined ? missing : value; }

  var PointCanvas = L.Layer.extend({
    initialize: function (layer) {
      var data = layer.data;
      this._layer = layer;
      this._style = layer.style || {};
      this._count = data.count;
      this._lng = undelta(data.x, data.decimals);
      this._lat = undelta(data.y, data.decimals);
      this._read = readers(data.columns);
      this._hovered = -1;
      this.drawn = 0;  // points in the drawn area
      this.painted = 0;  // circles painted for them (one a pixel)
      this.skipped = 0;  // moves that needed no redraw
    },

    onAdd: function (map) {
      this._canvas = el("canvas", "cm-points leaflet-zoom-hide");
      pointsPane(map).appendChild(this._canvas);
      this._project(map);
      map.on("moveend viewreset resize", this._redraw, this);
      // Listened to on the container itself: Leaflet gives the map no mouse event that an
      // interactive layer under the points (an area with a tooltip) has taken.
      var container = map.getContainer();
      L.DomEvent.on(container, "mousemove", this._hover, this);
      L.DomEvent.on(container, "mouseleave", this._unhover, this);
      L.DomEvent.on(container, "click", this._click, this);
      this._draw();
    },

    onRemove: function (map) {
      this._unhover();
      map.off("moveend viewreset resize", this._redraw, this);
      var container = map.getContainer();
      L.DomEvent.off(container, "mousemove", this._hover, this);
      L.DomEvent.off(container, "mouseleave", this._unhover, this);
      L.DomEvent.off(container, "click", this._click, this);
      L.DomUtil.remove(this._canvas);
    },

    // Where a mouse event is on the map, or null when it belongs to something drawn above the
    // points (markers, popups, controls) or ends a drag.
    _eventPoint: function (event) {
      var map = this._map, target = event.target;
      var below = target === map.getContainer() || map.getPane("overlayPane").contains(target) ||
        map.getPane("tilePane").contains(target);
      if (!below || (map.dragging && map.dragging.moved())) { return null; }
      return map.mouseEventToContainerPoint(event);
    },

    // Pixel coordinates at zoom 0, once: at zoom z they are these times crs.scale(z)/scale(0).
    _project: function (map) {
      var n = this._count, crs = map.options.crs;
      this._wx = new Float64Array(n);
      this._wy = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        var p = crs.latLngToPoint(L.latLng(this._lat[i], this._lng[i]), 0);
        this._wx[i] = p.x;
        this._wy[i] = p.y;
      }
      // The points come sorted by longitude (geo.draw.points.spatial_order): a draw looks at
      // only those between the canvas's left and right edges, found by bisection.
      this._sorted = true;
      for (i = 1; i < n; i++) {
        if (this._wx[i] < this._wx[i - 1]) { this._sorted = false; break; }
      }
    },

    // The indexes [from, to) of the points whose x (zoom-0 pixels) may lie in [left, right].
    _columns: function (left, right) {
      var n = this._count, xs = this._wx;
      if (!this._sorted) { return [0, n]; }
      function bisect(value) {
        var low = 0, high = n;
        while (low < high) {
          var middle = (low + high) >>> 1;
          if (xs[middle] < value) { low = middle + 1; } else { high = middle; }
        }
        return low;
      }
      return [bisect(left), bisect(right + 1e-9)];
    },

    // The canvas covers the view and PAD_SHARE of it on every side, so that a pan which stays
    // inside that area needs no redraw at all (the canvas moves with its pane).
    // A zoom or a new pixel origin (Leaflet's viewreset) moves every point on the canvas.
    _needsDraw: function () {
      var map = this._map, drawn = this._drawnArea;
      if (!drawn || drawn.zoom !== map.getZoom() || !drawn.origin.equals(map.getPixelOrigin())) {
        return true;
      }
      var view = map.getPixelBounds();
      return !(drawn.bounds.contains(view.min) && drawn.bounds.contains(view.max));
    },

    // Leaflet fires moveend and then viewreset after one zoom: the second finds nothing to do.
    _redraw: function () {
      if (!this._needsDraw()) { this.skipped++; return; }
      this._draw();
    },

    _draw: function () {
      var map = this._map, view = map.getSize(), ratio = window.devicePixelRatio || 1;
      var pad = view.multiplyBy(PAD_SHARE).round(), size = view.add(pad.multiplyBy(2));
      var canvas = this._canvas, topLeft = map.containerPointToLayerPoint([0, 0]).subtract(pad);
      L.DomUtil.setPosition(canvas, topLeft);
      var width = Math.round(size.x * ratio), height = Math.round(size.y * ratio);
      canvas.width = width;
      canvas.height = height;
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      var ctx = canvas.getContext("2d");

      var crs = map.options.crs, k = crs.scale(map.getZoom()) / crs.scale(0);
      var origin = map.getPixelOrigin(), ox = origin.x + topLeft.x, oy = origin.y + topLeft.y;
      var r = this._style.radius || 3, n = this._count;
      var weight = this._style.weight === undefined ? 1 : this._style.weight;
      var stamp = this._stamp(r, weight, ratio, width), cover = this._cover(width, height);
      var fillCover = cover.fill, strokeCover = cover.stroke, reach = stamp.reach;
      var offsets = stamp.offsets, dxs = stamp.dx, dys = stamp.dy;
      var fills = stamp.fill, strokes = stamp.stroke, parts = offsets.length;
      // Level of detail: of the points whose centres fall in one square of half the radius,
      // only the first is painted; the others' centres lie inside its circle (at most 0.71 r
      // away), so nothing is hidden, and a million points along a border come down to the
      // tens of thousands of circles that a screen can show.
      var cell = Math.max(1, r / 2), cols = Math.ceil(size.x / cell);
      var taken = new Uint8Array(cols * Math.ceil(size.y / cell)), paints = 0;
      var v = 0, span = this._columns((ox - r) / k, (ox + size.x + r) / k);
      for (var i = span[0]; i < span[1]; i++) {
        var x = this._wx[i] * k - ox, y = this._wy[i] * k - oy;
        if (x < -r || y < -r || x > size.x + r || y > size.y + r) { continue; }
        v++;
        var inside = x >= 0 && y >= 0 && x < size.x && y < size.y;
        var square = inside ? Math.floor(y / cell) * cols + Math.floor(x / cell) : -1;
        if (inside && taken[square]) { continue; }
        if (inside) { taken[square] = 1; }
        paints++;
        // The circle's coverage, kept where it is more than what is there: the circles of
        // a layer merge as one shape filled once, as a canvas path of them all would.
        var px = Math.floor(x * ratio), py = Math.floor(y * ratio), base = py * width + px;
        var whole = px >= reach && py >= reach && px < width - reach && py < height - reach;
        for (var part = 0; part < parts; part++) {
          if (!whole) {
            var cx = px + dxs[part], cy = py + dys[part];
            if (cx < 0 || cy < 0 || cx >= width || cy >= height) { continue; }
          }
          var at = base + offsets[part];
          if (fills[part] > fillCover[at]) { fillCover[at] = fills[part]; }
          if (strokes[part] > strokeCover[at]) { strokeCover[at] = strokes[part]; }
        }
      }
      this._compose(ctx, cover, width, height, weight);
      // The picking grid is built on the first hover after a draw, not on every redraw.
      this._visible = { k: k, ox: ox, oy: oy, count: v, size: size, r: r };
      this._grid = null;
      this._drawnArea = { zoom: map.getZoom(), origin: origin,
                          bounds: L.bounds(origin.add(topLeft), origin.add(topLeft).add(size)) };
      this._canvasTopLeft = topLeft;
      this.drawn = v;
      this.painted = paints;
    },

    // One circle as the pixels it covers around its centre's pixel (device pixels): how
    // much of each its fill and its outline cover (0-255, 4 x 4 samples a pixel).
    _stamp: function (r, weight, ratio, width) {
      var key = [r, weight, ratio, width].join(":");
      if (this._stampCache && this._stampCache.key === key) { return this._stampCache; }
      var radius = r * ratio, half = (weight > 0 ? weight : 0) * ratio / 2;
      var reach = Math.ceil(radius + half) + 1, samples = 4;
      var offsets = [], dx = [], dy = [], fill = [], stroke = [];
      for (var j = -reach; j <= reach; j++) {
        for (var i = -reach; i <= reach; i++) {
          var inFill = 0, inStroke = 0;
          for (var sj = 0; sj < samples; sj++) {
            for (var si = 0; si < samples; si++) {
              // Pixel (i, j) spans [i, i + 1); the centre is the middle of pixel (0, 0).
              var qx = i + (si + 0.5) / samples - 0.5, qy = j + (sj + 0.5) / samples - 0.5;
              var d = Math.sqrt(qx * qx + qy * qy);
              if (d <= radius) { inFill++; }
              if (half > 0 && Math.abs(d - radius) <= half) { inStroke++; }
            }
          }
          if (inFill || inStroke) {
            offsets.push(j * width + i); dx.push(i); dy.push(j);
            fill.push(Math.round(255 * inFill / (samples * samples)));
            stroke.push(Math.round(255 * inStroke / (samples * samples)));
          }
        }
      }
      // The centre's own pixel always counts as painted (a circle smaller than a pixel).
      var centre = offsets.indexOf(0);
      if (centre >= 0 && fill[centre] === 0 && stroke[centre] === 0) { fill[centre] = 255; }
      this._stampCache = { key: key, reach: reach, offsets: new Int32Array(offsets),
                           dx: new Int32Array(dx), dy: new Int32Array(dy),
                           fill: new Uint8Array(fill), stroke: new Uint8Array(stroke) };
      return this._stampCache;
    },

    // Coverage buffers of the canvas's size, cleared (kept between draws).
    _cover: function (width, height) {
      var c = this._coverCache;
      if (c && c.width === width && c.height === height) {
        c.fill.fill(0);
        c.stroke.fill(0);
        return c;
      }
      this._coverCache = { width: width, height: height, fill: new Uint8Array(width * height),
                           stroke: new Uint8Array(width * height) };
      return this._coverCache;
    },

    // The layer's colours at every pair of fill and outline coverage, as canvas pixels
    // (RGBA bytes in one 32-bit word): the fill in its opacity, the outline over it.
    _palette: function (weight) {
      if (this._paletteCache) { return this._paletteCache; }
      var style = this._style;
      // A colour as the browser reads it (any CSS colour: "#07b", "#0072B2cc", "red"), from
      // an element's computed style: reading back a canvas pixel stalls for a second.
      function rgba(colour) {
        var probe = el("span");
        probe.style.color = "#3388ff";
        probe.style.color = colour;
        document.body.appendChild(probe);
        var parts = getComputedStyle(probe).color.match(/[0-9.]+/g).map(Number);
        document.body.removeChild(probe);
        return [parts[0], parts[1], parts[2], parts.length > 3 ? Math.round(parts[3] * 255) : 255];
      }
      var fill = rgba(style.fillColor || style.color || "#3388ff");
      var line = rgba(style.color || "#3388ff");
      var fillAlpha = (style.fillOpacity === undefined ? 0.6 : style.fillOpacity) * fill[3] / 255;
      var lineAlpha = weight > 0 ? (style.opacity === undefined ? 1 : style.opacity) *
        line[3] / 255 : 0;
      var table = new Uint32Array(65536);
      for (var f = 0; f < 256; f++) {
        for (var s = 0; s < 256; s++) {
          var af = fillAlpha * f / 255, as = lineAlpha * s / 255, a = as + af * (1 - as);
          if (a <= 0) { continue; }
          var red = (line[0] * as + fill[0] * af * (1 - as)) / a;
          var green = (line[1] * as + fill[1] * af * (1 - as)) / a;
          var blue = (line[2] * as + fill[2] * af * (1 - as)) / a;
          table[(f << 8) | s] = ((Math.round(a * 255) << 24) | (Math.round(blue) << 16) |
                                 (Math.round(green) << 8) | Math.round(red)) >>> 0;
        }
      }
      this._paletteCache = table;
      return table;
    },

    // The coverage as the canvas's pixels, in one write.
    _compose: function (ctx, cover, width, height, weight) {
      var table = this._palette(weight), image = ctx.createImageData(width, height);
      var pixels = new Uint32Array(image.data.buffer), fill = cover.fill, stroke = cover.stroke;
      for (var at = 0, end = width * height; at < end; at++) {
        if (fill[at] | stroke[at]) { pixels[at] = table[(fill[at] << 8) | stroke[at]]; }
      }
      ctx.putImageData(image, 0, 0);
    },

    // Visible points bucketed into square screen cells (counting sort), for picking.
    _index: function (sx, sy, visible, v, size, r) {
      var cell = Math.max(8, 2 * (r + HIT_SLACK_PX));
      var cols = Math.ceil(size.x / cell) + 2, rows = Math.ceil(size.y / cell) + 2;
      var start = new Int32Array(cols * rows + 1), keys = new Int32Array(v);
      var order = new Int32Array(v);
      for (var j = 0; j < v; j++) {
        var key = (Math.floor(sy[j] / cell) + 1) * cols + Math.floor(sx[j] / cell) + 1;
        keys[j] = key;
        start[key + 1]++;
      }
      for (var c = 0; c < cols * rows; c++) { start[c + 1] += start[c]; }
      var fill = start.slice(0, cols * rows);
      for (j = 0; j < v; j++) { order[fill[keys[j]]++] = j; }
      return { cell: cell, cols: cols, rows: rows, start: start, order: order, sx: sx, sy: sy,
               visible: visible, reach: r + HIT_SLACK_PX };
    },

    // The point under a container point (-1 for none): the nearest within reach. The grid is
    // in canvas pixels; the canvas may have moved with a pan since it was drawn.
    _pick: function (containerPoint) {
      var seen = this._visible;
      if (!seen) { return -1; }
      if (!this._grid) {
        // The points on the canvas, as the draw found them (canvas pixels).
        var r = seen.r, size = seen.size, v = 0;
        var span = this._columns((seen.ox - r) / seen.k, (seen.ox + size.x + r) / seen.k);
        var sx = new Float32Array(seen.count), sy = new Float32Array(seen.count);
        var visible = new Int32Array(seen.count);
        for (var i = span[0]; i < span[1]; i++) {
          var x = this._wx[i] * seen.k - seen.ox, y = this._wy[i] * seen.k - seen.oy;
          if (x < -r || y < -r || x > size.x + r || y > size.y + r) { continue; }
          sx[v] = x; sy[v] = y; visible[v] = i; v++;
        }
        this._grid = this._index(sx, sy, visible, v, size, r);
      }
      var g = this._grid;
      var point = this._map.containerPointToLayerPoint(containerPoint)
        .subtract(this._canvasTopLeft);
      var col = Math.floor(point.x / g.cell) + 1, row = Math.floor(point.y / g.cell) + 1;
      var best = -1, bestDistance = g.reach * g.reach;
      for (var dr = -1; dr <= 1; dr++) {
        for (var dc = -1; dc <= 1; dc++) {
          var r = row + dr, c = col + dc;
          if (r < 0 || c < 0 || r >= g.rows || c >= g.cols) { continue; }
          var key = r * g.cols + c;
          for (var s = g.start[key]; s < g.start[key + 1]; s++) {
            var j = g.order[s], dx = g.sx[j] - point.x, dy = g.sy[j] - point.y;
            var distance = dx * dx + dy * dy;
            if (distance <= bestDistance) { bestDistance = distance; best = g.visible[j]; }
          }
        }
      }
      return best;
    },

    _latLng: function (i) { return L.latLng(this._lat[i], this._lng[i]); },

    _hover: function (event) {
      var point = this._eventPoint(event), i = point ? this._pick(point) : -1;
      if (i === this._hovered) { return; }
      this._unhover();
      this._hovered = i;
      if (i < 0) { return; }
      this._map.getContainer().style.cursor = "pointer";
      var layer = this._layer;
      if (layer.tooltip) {
        this._tooltip = L.tooltip({ direction: "top", offset: [0, -(this._style.radius || 3)] })
          .setLatLng(this._latLng(i))
          .setContent(el("span", null, shown(this._read[layer.tooltip](i), layer.missing)));
        this._map.openTooltip(this._tooltip);
      }
    },

    _unhover: function () {
      this._hovered = -1;
      if (this._map) { this._map.getContainer().style.cursor = ""; }
      if (this._tooltip) { this._map.closeTooltip(this._tooltip); this._tooltip = null; }
    },

    _click: function (event) {
      var layer = this._layer, point = this._eventPoint(event);
      var i = point ? this._pick(point) : -1;
      if (i < 0 || !layer.popup) { return; }
      var read = this._read;
      L.popup().setLatLng(this._latLng(i))
        .setContent(cm.popupBox(layer, function (column) { return read[column](i); }))
        .openOn(this._map);
    }
  });

  // A sum over a cell's points: exact, missing, or a lower bound when some points lack a value
  // (the counts are never negative).
  function cellValue(sum, missing, points, missingText) {
    if (missing === 0) { return sum; }
    if (missing === points) { return missingText; }
    return "\u2265 " + sum + " (" + missingText + ": " + missing + ")";
  }

  function cellClass(count, classes) {
    for (var c = 0; c < classes.length; c++) { if (count <= classes[c]) { return c; } }
    return classes.length - 1;
  }

  function cellsLegend(layer) {
    var data = layer.data, legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = el("div", "cm-cells-legend leaflet-control");
      box.appendChild(el("strong", null, layer.cells.title));
      var low = 1;
      data.classes.forEach(function (high, c) {
        var row = el("div", "cm-row"), swatch = el("span", "cm-swatch");
        swatch.style.cssText = "display:inline-block;width:12px;height:12px;margin-right:4px;" +
          "background:" + data.palette[c];
        row.appendChild(swatch);
        row.appendChild(el("span", null, low === high ? String(high) : low + "\u2013" + high));
        box.appendChild(row);
        low = high + 1;
      });
      return box;
    };
    return legend;
  }

  // A hex grid of counts (geo.points.compact_cells): one polygon a cell, coloured by class.
  function cellsLayer(layer) {
    var data = layer.data, read = readers(data.columns), labels = layer.cells;
    var lng = undelta(data.x, data.decimals), lat = undelta(data.y, data.decimals);
    var group = L.featureGroup(), style = layer.style || {};
    for (var i = 0; i < data.count; i++) {
      var ring = [];
      for (var corner = i * 6; corner < i * 6 + 6; corner++) {
        ring.push([lat[corner], lng[corner]]);
      }
      var points = read.points(i);
      var polygon = L.polygon(ring, {
        color: style.color || "#666", weight: style.weight === undefined ? 0.5 : style.weight,
        fillColor: data.palette[cellClass(points, data.classes)],
        fillOpacity: style.fillOpacity === undefined ? 0.75 : style.fillOpacity
      });
      polygon.bindTooltip(el("span", null, points + " " + labels.points));
      var rows = [[labels.pointsLabel, points]].concat((labels.sums || []).map(function (field) {
        return [field[1], cellValue(read[field[0]](i), read[field[0] + ":missing"](i), points,
                                    layer.missing)];
      }));
      polygon.bindPopup(infoBox(labels.title, rows));
      group.addLayer(polygon);
    }
    return group;
  }

  cm.drawers.points = function (spec) { return { layer: new PointCanvas(spec) }; };
  cm.drawers.cells = function (spec) {
    var layer = cellsLayer(spec), legend = cellsLegend(spec);
    layer.on("add", function () { legend.addTo(layer._map); });
    layer.on("remove", function () { legend.remove(); });
    return { layer: layer };
  };
})(crossingMaps);
