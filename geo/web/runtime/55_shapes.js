/* Large line and area layers (geo/draw/shapes.py): the packed paths decoded into typed arrays,
   the features in view drawn on one canvas as one path (lines stroked once; areas filled once
   by the non-zero rule, which keeps holes open, then outlined), and the feature under the
   mouse found by its distance (lines) or by the rings around the point (areas). Text from
   data reaches the page through textContent only. */
(function (cm) {
  "use strict";

  var large = cm.large, el = cm.el;
  var HIT_SLACK_PX = 3;
  // A vertex closer than this (CSS pixels) to the last one drawn is skipped: at low zoom
  // a feature comes down to the few vertices a screen can show.
  var MIN_STEP_PX = 0.5;
  var PANE = "cmShapes", PANE_Z = 420;
  // Segments of areas painted at once: Skia outlines a stroked path before it fills it, which
  // for a path of a million segments takes minutes. Batches end between features, so an
  // area's holes stay holes.
  var BATCH_SEGMENTS = 500;

  /* One segment (device pixels) stamped into a coverage buffer as a line `reach - 0.5` pixels
     wide with round ends: each pixel near it covered by how far its centre is inside that
     width plus half a pixel (an antialiased edge), the largest coverage kept, so the lines
     of a layer merge as one stroked path would. Drawn along the segment's longer axis, a few
     pixels across: Skia's own strokes wider than a pixel took seconds for a million
     segments (it outlines each before filling it). */
  function strokeSegment(cover, width, height, ax, ay, bx, by, reach) {
    var steep = Math.abs(by - ay) > Math.abs(bx - ax);
    // u: along the longer axis, v: across it.
    var au = steep ? ay : ax, av = steep ? ax : ay, bu = steep ? by : bx, bv = steep ? bx : by;
    var uSize = steep ? height : width, vSize = steep ? width : height;
    var uStride = steep ? width : 1, vStride = steep ? 1 : width;
    var du = bu - au, dv = bv - av, length = Math.sqrt(du * du + dv * dv);
    // The segment's direction (1, 0 for a dot) and its normal.
    var tu = length ? du / length : 1, tv = length ? dv / length : 0;
    var across = reach * length / (Math.abs(du) || length || 1);
    var u0 = Math.max(0, Math.floor(Math.min(au, bu) - reach));
    var u1 = Math.min(uSize - 1, Math.floor(Math.max(au, bu) + reach));
    for (var u = u0; u <= u1; u++) {
      var cu = u + 0.5, t = du ? Math.max(0, Math.min(1, (cu - au) / du)) : 0;
      var middle = av + t * dv;
      var v0 = Math.max(0, Math.ceil(middle - across - 0.5));
      var v1 = Math.min(vSize - 1, Math.floor(middle + across - 0.5));
      // How far the pixel centre (cu, v0 + 0.5) is along the segment and across it; each
      // row further adds tv and tu.
      var along = (cu - au) * tu + (v0 + 0.5 - av) * tv;
      var side = (v0 + 0.5 - av) * tu - (cu - au) * tv;
      for (var v = v0, at = u * uStride + v0 * vStride; v <= v1;
           v++, at += vStride, along += tv, side += tu) {
        // Where lines cross many times (a dense map at low zoom) most pixels are covered
        // whole already: nothing to measure.
        if (cover[at] === 255) { continue; }
        var beyond = along < 0 ? -along : along > length ? along - length : 0;
        var distance = beyond ? Math.sqrt(beyond * beyond + side * side) : Math.abs(side);
        var inside = reach - distance;
        if (inside <= 0) { continue; }
        var value = inside >= 1 ? 255 : (inside * 255 + 0.5) | 0;
        if (value > cover[at]) { cover[at] = value; }
      }
    }
  }

  // Each run's start in a list of run lengths (one more entry: the end).
  function starts(lengths) {
    var out = new Int32Array(lengths.length + 1);
    for (var i = 0; i < lengths.length; i++) { out[i + 1] = out[i] + lengths[i]; }
    return out;
  }

  var ShapeCanvas = L.Layer.extend({
    includes: [large.picking],

    initialize: function (layer) {
      var data = layer.data;
      this._layer = layer;
      this._area = layer.shape === "area";
      this._style = layer.style || {};
      this._count = data.count;
      this._paths = starts(large.unpack(data.paths));  // feature -> its first path
      this._vertices = starts(large.unpack(data.vertices));  // path -> its first vertex
      this._lng = large.undelta(large.unpack(data.x), data.decimals);
      this._lat = large.undelta(large.unpack(data.y), data.decimals);
      this._read = large.readers(data.columns);
      this._interactive = !!(layer.tooltip || layer.popup);
      this._hovered = -1;
      this.drawn = 0;  // features in the drawn area
      this.skipped = 0;  // moves that needed no redraw
    },

    onAdd: function (map) {
      this._canvas = el("canvas", "cm-shapes leaflet-zoom-hide");
      large.pane(map, PANE, PANE_Z).appendChild(this._canvas);
      this._project(map);
      map.on("moveend viewreset resize", this._redraw, this);
      if (this._interactive) { large.listen(map, this, true); }
      this._draw();
    },

    onRemove: function (map) {
      this._unhover();
      map.off("moveend viewreset resize", this._redraw, this);
      if (this._interactive) { large.listen(map, this, false); }
      L.DomUtil.remove(this._canvas);
    },

    // Vertices in pixels at zoom 0, once (at zoom z: times crs.scale(z) / crs.scale(0)), and
    // each feature's bounding box in them.
    _project: function (map) {
      var count = this._count, projected = large.project(map, this._lat, this._lng), v;
      var wx = this._wx = projected.x, wy = this._wy = projected.y;
      var box = this._box = new Float64Array(4 * count);
      for (var f = 0; f < count; f++) {
        var first = this._vertices[this._paths[f]], end = this._vertices[this._paths[f + 1]];
        var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
        for (v = first; v < end; v++) {
          if (wx[v] < minX) { minX = wx[v]; }
          if (wx[v] > maxX) { maxX = wx[v]; }
          if (wy[v] < minY) { minY = wy[v]; }
          if (wy[v] > maxY) { maxY = wy[v]; }
        }
        box[4 * f] = minX; box[4 * f + 1] = minY; box[4 * f + 2] = maxX; box[4 * f + 3] = maxY;
      }
    },

    // Whether feature f's box, widened by `margin` (zoom-0 pixels), meets [x0, x1] x [y0, y1].
    _meets: function (f, x0, y0, x1, y1, margin) {
      var box = this._box;
      return box[4 * f] - margin <= x1 && box[4 * f + 2] + margin >= x0 &&
        box[4 * f + 1] - margin <= y1 && box[4 * f + 3] + margin >= y0;
    },

    _redraw: function () {
      if (!large.needsDraw(this._map, this._drawnArea)) { this.skipped++; return; }
      this._draw();
    },

    _draw: function () {
      var placed = large.placeCanvas(this._map, this._canvas), style = this._style;
      var ctx = this._canvas.getContext("2d"), k = placed.k, ox = placed.ox, oy = placed.oy;
      var weight = style.weight === undefined ? 3 : style.weight, size = placed.size;
      var margin = weight / k, x0 = ox / k, y0 = oy / k;
      var x1 = (ox + size.x) / k, y1 = (oy + size.y) / k, drawn = 0;
      var wx = this._wx, wy = this._wy, paths = this._paths, vertices = this._vertices;
      var width = this._canvas.width, height = this._canvas.height, ratio = placed.ratio;
      var area = this._area, segments = 0, cover = area ? null : this._cover(width, height);
      var reach = weight * ratio / 2 + 0.5;
      // The vertices' extent (device pixels): the lines' pixels composed and written alone.
      var left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
      if (area) { this._setStyle(ctx, weight, ratio); ctx.beginPath(); }
      for (var f = 0; f < this._count; f++) {
        if (!this._meets(f, x0, y0, x1, y1, margin)) { continue; }
        drawn++;
        for (var p = paths[f]; p < paths[f + 1]; p++) {
          var first = vertices[p], last = vertices[p + 1] - 1;
          if (last < first) { continue; }
          var lx = (wx[first] * k - ox) * ratio, ly = (wy[first] * k - oy) * ratio;
          if (area) { ctx.moveTo(lx, ly); }
          if (lx < left) { left = lx; }
          if (lx > right) { right = lx; }
          if (ly < top) { top = ly; }
          if (ly > bottom) { bottom = ly; }
          for (var v = first + 1; v <= last; v++) {
            var x = (wx[v] * k - ox) * ratio, y = (wy[v] * k - oy) * ratio;
            if (v < last && Math.abs(x - lx) + Math.abs(y - ly) < MIN_STEP_PX * ratio) {
              continue;
            }
            if (area) { ctx.lineTo(x, y); } else { strokeSegment(cover, width, height, lx, ly, x, y, reach); }
            segments++;
            if (x < left) { left = x; }
            if (x > right) { right = x; }
            if (y < top) { top = y; }
            if (y > bottom) { bottom = y; }
            lx = x;
            ly = y;
          }
          if (last === first && !area) { strokeSegment(cover, width, height, lx, ly, lx, ly, reach); }
          if (area) { ctx.closePath(); }
        }
        if (area && segments >= BATCH_SEGMENTS) {
          this._paint(ctx, weight);
          ctx.beginPath();
          segments = 0;
        }
      }
      if (area) {
        this._paint(ctx, weight);
      } else {
        left = Math.max(0, Math.floor(left - reach));
        top = Math.max(0, Math.floor(top - reach));
        right = Math.min(width - 1, Math.ceil(right + reach));
        bottom = Math.min(height - 1, Math.ceil(bottom + reach));
        if (right >= left && bottom >= top) {
          this._compose(ctx, cover, width, [left, top, right - left + 1, bottom - top + 1]);
        }
      }
      this._drawnArea = placed.area;
      this._placed = placed;
      this.drawn = drawn;
    },

    // The areas' style (Leaflet's path defaults where it sets none), once a draw, in device
    // pixels.
    _setStyle: function (ctx, weight, ratio) {
      var style = this._style, colour = style.color || "#3388ff";
      ctx.lineJoin = "round";
      ctx.lineCap = "round";
      ctx.fillStyle = style.fillColor || colour;
      ctx.strokeStyle = colour;
      ctx.lineWidth = weight * ratio;
    },

    // The path so far: filled, then outlined.
    _paint: function (ctx, weight) {
      var style = this._style;
      if (style.fill !== false) {
        ctx.globalAlpha = style.fillOpacity === undefined ? 0.2 : style.fillOpacity;
        ctx.fill("nonzero");
      }
      if (weight > 0 && style.stroke !== false) {
        ctx.globalAlpha = style.opacity === undefined ? 1 : style.opacity;
        ctx.stroke();
      }
    },

    // A coverage buffer of the canvas's size, cleared (kept between draws).
    _cover: function (width, height) {
      var c = this._coverCache;
      if (c && c.length === width * height) { c.fill(0); return c; }
      this._coverCache = new Uint8Array(width * height);
      return this._coverCache;
    },

    // The lines' coverage in a rectangle of the canvas ([left, top, width, height], device
    // pixels) as its pixels, in one write: the line colour, in its opacity times the coverage.
    _compose: function (ctx, cover, width, rect) {
      var style = this._style, colour = large.rgba(style.color || "#3388ff");
      var alpha = (style.opacity === undefined ? 1 : style.opacity) * colour[3] / 255;
      var table = new Uint32Array(256), image = ctx.createImageData(rect[2], rect[3]);
      for (var c = 1; c < 256; c++) {
        table[c] = ((Math.round(alpha * c) << 24) | (colour[2] << 16) | (colour[1] << 8) |
                    colour[0]) >>> 0;
      }
      var pixels = new Uint32Array(image.data.buffer);
      for (var row = 0, out = 0; row < rect[3]; row++) {
        for (var at = (rect[1] + row) * width + rect[0], end = at + rect[2]; at < end;
             at++, out++) {
          if (cover[at]) { pixels[out] = table[cover[at]]; }
        }
      }
      ctx.putImageData(image, rect[0], rect[1]);
    },

    // The squared distance from (x, y) to the nearest segment of feature f (zoom-0 pixels).
    _distance: function (f, x, y) {
      var wx = this._wx, wy = this._wy, best = Infinity;
      for (var p = this._paths[f]; p < this._paths[f + 1]; p++) {
        var first = this._vertices[p], last = this._vertices[p + 1] - 1;
        for (var v = first; v <= last; v++) {
          var ax = wx[v], ay = wy[v], bx = v < last ? wx[v + 1] : ax, by = v < last ? wy[v + 1] : ay;
          var dx = bx - ax, dy = by - ay, length = dx * dx + dy * dy;
          var t = length > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length)) : 0;
          var ex = ax + t * dx - x, ey = ay + t * dy - y;
          if (ex * ex + ey * ey < best) { best = ex * ex + ey * ey; }
        }
      }
      return best;
    },

    // How many times feature f's rings wind around (x, y): non-zero inside the area.
    _winding: function (f, x, y) {
      var wx = this._wx, wy = this._wy, winding = 0;
      for (var p = this._paths[f]; p < this._paths[f + 1]; p++) {
        var first = this._vertices[p], last = this._vertices[p + 1] - 1;
        for (var v = first; v <= last; v++) {
          var w = v < last ? v + 1 : first, ay = wy[v], by = wy[w];
          var side = (wx[w] - wx[v]) * (y - ay) - (x - wx[v]) * (by - ay);
          if (ay <= y && by > y && side > 0) { winding++; }
          else if (ay > y && by <= y && side < 0) { winding--; }
        }
      }
      return winding;
    },

    // The feature under a container point (-1 for none): for lines the nearest within reach,
    // for areas the smallest (by its bounding box) that holds the point.
    _pick: function (containerPoint) {
      var placed = this._placed;
      if (!placed) { return -1; }
      var map = this._map, k = placed.k;
      var at = map.containerPointToLayerPoint(containerPoint).add(map.getPixelOrigin());
      var x = at.x / k, y = at.y / k, weight = this._style.weight === undefined ? 3 :
        this._style.weight;
      var reach = this._area ? 0 : (weight / 2 + HIT_SLACK_PX) / k;
      // Lines: the squared distance to the point; areas: their box's area.
      var best = -1, bestScore = this._area ? Infinity : reach * reach, box = this._box;
      for (var f = 0; f < this._count; f++) {
        if (!this._meets(f, x, y, x, y, reach)) { continue; }
        var score = this._area ?
          (box[4 * f + 2] - box[4 * f]) * (box[4 * f + 3] - box[4 * f + 1]) :
          this._distance(f, x, y);
        if (score > bestScore || (this._area && (score === bestScore ||
                                                 this._winding(f, x, y) === 0))) {
          continue;
        }
        bestScore = score;
        best = f;
      }
      return best;
    },

    // The feature's name where the mouse is (as the GeoJSON layers: none without a name).
    _tooltipAt: function (i, point) {
      var layer = this._layer, name = layer.tooltip ? this._read[layer.tooltip](i) : null;
      if (!name) { return null; }
      return L.tooltip({ direction: "auto", sticky: true })
        .setLatLng(this._map.containerPointToLatLng(point)).setContent(el("span", null, name));
    },

    _anchor: function (i, point) { return this._map.containerPointToLatLng(point); }
  });

  cm.drawers.shapes = function (spec) { return { layer: new ShapeCanvas(spec) }; };
})(crossingMaps);
