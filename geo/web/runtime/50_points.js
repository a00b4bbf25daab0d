/* Large point layers (geo/points.py): the compact encoding decoded into typed arrays and drawn
   on one canvas, with the point under the mouse found through a grid of screen cells; and hex
   grids of counts for layers too large to ship point by point. Text from data reaches the page
   through textContent only. */
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
      canvas.width = Math.round(size.x * ratio);
      canvas.height = Math.round(size.y * ratio);
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);

      var crs = map.options.crs, k = crs.scale(map.getZoom()) / crs.scale(0);
      var origin = map.getPixelOrigin(), ox = origin.x + topLeft.x, oy = origin.y + topLeft.y;
      var r = this._style.radius || 3, n = this._count;
      var weight = this._style.weight === undefined ? 1 : this._style.weight;
      ctx.beginPath();
      // Level of detail: of the points whose centres fall in one square of half the radius,
      // only the first is painted; the others' centres lie inside its circle (at most 0.71 r
      // away), so nothing is hidden, and a million points along a border come down to the
      // tens of thousands of circles that a screen can show.
      var cell = Math.max(1, r / 2), cols = Math.ceil(size.x / cell);
      var taken = new Uint8Array(cols * Math.ceil(size.y / cell)), paints = 0;
      var sx = new Float32Array(n), sy = new Float32Array(n), visible = new Int32Array(n), v = 0;
      for (var i = 0; i < n; i++) {
        var x = this._wx[i] * k - ox, y = this._wy[i] * k - oy;
        if (x < -r || y < -r || x > size.x + r || y > size.y + r) { continue; }
        sx[v] = x; sy[v] = y; visible[v] = i; v++;
        var inside = x >= 0 && y >= 0 && x < size.x && y < size.y;
        var square = inside ? Math.floor(y / cell) * cols + Math.floor(x / cell) : -1;
        if (inside && taken[square]) { continue; }
        if (inside) { taken[square] = 1; }
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
        paints++;
        // Short paths fill far faster than one path of 100,000 circles.
        if (paints % 2048 === 0) { this._paint(ctx, weight); ctx.beginPath(); }
      }
      this._paint(ctx, weight);
      // The picking grid is built on the first hover after a draw, not on every redraw.
      this._visible = { sx: sx, sy: sy, visible: visible, count: v, size: size, r: r };
      this._grid = null;
      this._drawnArea = { zoom: map.getZoom(), origin: origin,
                          bounds: L.bounds(origin.add(topLeft), origin.add(topLeft).add(size)) };
      this._canvasTopLeft = topLeft;
      this.drawn = v;
      this.painted = paints;
    },

    _paint: function (ctx, weight) {
      var style = this._style;
      ctx.fillStyle = style.fillColor || style.color || "#3388ff";
      ctx.strokeStyle = style.color || "#3388ff";
      ctx.lineWidth = weight;
      ctx.globalAlpha = style.fillOpacity === undefined ? 0.6 : style.fillOpacity;
      ctx.fill();
      if (weight > 0) {
        ctx.globalAlpha = style.opacity === undefined ? 1 : style.opacity;
        ctx.stroke();
      }
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
        this._grid = this._index(seen.sx, seen.sy, seen.visible, seen.count, seen.size, seen.r);
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
