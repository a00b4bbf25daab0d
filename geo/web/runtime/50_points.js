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
  var PANE = "cmPoints", PANE_Z = 450;
  // Points a block of the culling index (see _project); blocks a group of the level of detail
  // (see _group); zoom levels whose level of detail is kept (see _level).
  var BLOCK = 64, GROUP_BLOCKS = 64, LEVELS_KEPT = 6;
  // Open addressing table of a group's cells (twice the points of a group, a power of two).
  var TABLE_SLOTS = 2 * BLOCK * GROUP_BLOCKS;
  // Rows of device pixels composed at a time in idle time (see _compose), and the longest
  // an idle slice of work lasts (ms): a move then waits no longer than that for it.
  var BAND_ROWS = 64, SLICE_MS = 6;
  var large = cm.large, el = cm.el, infoBox = cm.infoBox, undelta = large.undelta;
  var readers = large.readers;

  // The browser's idle time (the margin's circles, see _draw), or the next task without it.
  function idle(callback) {
    if (window.requestIdleCallback) {
      return window.requestIdleCallback(callback, { timeout: 500 });
    }
    return setTimeout(function () { callback({ didTimeout: true }); }, 0);
  }

  function cancelIdle(handle) {
    if (window.cancelIdleCallback) { window.cancelIdleCallback(handle); }
    else { clearTimeout(handle); }
  }

  function shown(value, missing) { return value === null || value === undefined ? missing : value; }

  var PointCanvas = L.Layer.extend({
    includes: [large.picking],
    // atOncePoints: points on a canvas up to which all its circles are painted at once (see
    // _draw).
    options: { atOncePoints: 250000 },

    initialize: function (layer) {
      var data = layer.data;
      this._layer = layer;
      this._style = layer.style || {};
      this._count = data.count;
      this._lng = undelta(large.unpack(data.x), data.decimals);
      this._lat = undelta(large.unpack(data.y), data.decimals);
      this._read = readers(data.columns);
      this._hovered = -1;
      this.drawn = 0;  // points in the drawn area
      this.painted = 0;  // circles painted for them (one a pixel)
      this.skipped = 0;  // moves that needed no redraw
      this._levels = [];
      this._margin = null;  // the draw whose margin is still to paint (see _draw)
      this._table = { mark: new Int32Array(TABLE_SLOTS), row: new Int32Array(TABLE_SLOTS),
                      col: new Int32Array(TABLE_SLOTS), generation: 0 };
    },

    onAdd: function (map) {
      this._canvas = el("canvas", "cm-points leaflet-zoom-hide");
      large.pane(map, PANE, PANE_Z).appendChild(this._canvas);
      this._project(map);
      map.on("moveend viewreset resize", this._redraw, this);
      large.listen(map, this, true);
      this._draw();
    },

    onRemove: function (map) {
      this._unhover();
      this._cancelMargin();
      map.off("moveend viewreset resize", this._redraw, this);
      large.listen(map, this, false);
      L.DomUtil.remove(this._canvas);
    },

    // Pixel coordinates at zoom 0, once: at zoom z they are these times crs.scale(z)/scale(0).
    _project: function (map) {
      var n = this._count, projected = large.project(map, this._lat, this._lng), i;
      this._wx = projected.x;
      this._wy = projected.y;
      // The points come along a Hilbert curve (geo.draw.packing.curve_order): each block of
      // BLOCK of them in that order lies in a small box, and a draw skips the boxes out of view.
      var blocks = Math.ceil(n / BLOCK), box = this._blockBox = new Float64Array(4 * blocks);
      for (var b = 0; b < blocks; b++) {
        var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
        for (i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) {
          if (this._wx[i] < minX) { minX = this._wx[i]; }
          if (this._wx[i] > maxX) { maxX = this._wx[i]; }
          if (this._wy[i] < minY) { minY = this._wy[i]; }
          if (this._wy[i] > maxY) { maxY = this._wy[i]; }
        }
        box[4 * b] = minX; box[4 * b + 1] = minY; box[4 * b + 2] = maxX; box[4 * b + 3] = maxY;
      }
    },

    // The points that may lie in [x0, x1] x [y0, y1] (zoom-0 pixels): runs of blocks whose
    // boxes meet it, as [from, to) pairs of point indexes.
    _runs: function (x0, y0, x1, y1) {
      var box = this._blockBox, blocks = box.length / 4, runs = [], n = this._count;
      for (var b = 0; b < blocks; b++) {
        if (box[4 * b] > x1 || box[4 * b + 2] < x0 || box[4 * b + 1] > y1 ||
            box[4 * b + 3] < y0) { continue; }
        var from = b * BLOCK, to = Math.min(n, from + BLOCK);
        if (runs.length && runs[runs.length - 1] === from) { runs[runs.length - 1] = to; }
        else { runs.push(from, to); }
      }
      return runs;
    },

    // The runs of points on the canvas a draw placed (with the circles' reach r).
    _runsOn: function (seen) {
      return this._runs((seen.ox - seen.r) / seen.k, (seen.oy - seen.r) / seen.k,
                        (seen.ox + seen.size.x + seen.r) / seen.k,
                        (seen.oy + seen.size.y + seen.r) / seen.k);
    },

    // Leaflet fires moveend and then viewreset after one zoom: the second finds nothing to do.
    _redraw: function () {
      if (!large.needsDraw(this._map, this._drawnArea)) { this.skipped++; return; }
      this._draw();
    },

    /* With more than options.atOncePoints points on the canvas, the circles that reach the view
       are painted at once and those of the margin (the canvas beyond the view, for pans
       that need no redraw) in the browser's idle time after it, a few blocks at a time, so
       that the frame after a zoom or a long pan waits for the view's circles alone (half of
       them or less once zoomed in). Fewer are painted in one go: writing the canvas a
       second time costs the next frame more than they take. */
    _draw: function () {
      var canvas = this._canvas, placed = large.placeCanvas(this._map, canvas);
      var ratio = placed.ratio, size = placed.size, width = canvas.width, height = canvas.height;
      var k = placed.k, ox = placed.ox, oy = placed.oy, wx = this._wx, wy = this._wy;
      var r = this._style.radius || 3, box = this._blockBox, n = this._count;
      var weight = this._style.weight === undefined ? 1 : this._style.weight;
      var stamp = this._stamp(r, weight, ratio, width), v = 0;
      var seen = { k: k, ox: ox, oy: oy, size: size, r: r }, runs = this._runsOn(seen);
      // The drawn area in zoom-0 pixels: a block's box inside it holds only drawn points.
      var x0 = (ox - r) / k, y0 = (oy - r) / k;
      var x1 = (ox + size.x + r) / k, y1 = (oy + size.y + r) / k;
      for (var run = 0; run < runs.length; run += 2) {
        for (var b = runs[run] / BLOCK; b < Math.ceil(runs[run + 1] / BLOCK); b++) {
          var first = b * BLOCK, last = Math.min(n, first + BLOCK);
          if (box[4 * b] >= x0 && box[4 * b + 1] >= y0 && box[4 * b + 2] <= x1 &&
              box[4 * b + 3] <= y1) {
            v += last - first;
            continue;
          }
          for (var i = first; i < last; i++) {
            if (wx[i] >= x0 && wy[i] >= y0 && wx[i] <= x1 && wy[i] <= y1) { v++; }
          }
        }
      }
      // The view on the canvas (CSS pixels), widened by the circles' reach: a circle whose
      // centre is outside it paints none of the view's pixels.
      var view = this._map.getSize(), pad = size.subtract(view).divideBy(2);
      var reach = stamp.reach / ratio;
      this._cancelMargin();
      var job = { k: k, ox: ox, oy: oy, size: size, r: r, ratio: ratio, width: width,
                  height: height, weight: weight, stamp: stamp, runs: runs, run: 0, block: -1,
                  cover: this._cover(width, height),
                  level: this._level(this._map.getZoom(), k, r),
                  view: [pad.x - reach, pad.y - reach, pad.x + view.x + reach,
                         pad.y + view.y + reach],
                  rect: [width, height, -1, -1] };
      var atOnce = v <= this.options.atOncePoints;
      this.painted = 0;
      this._paint(job, atOnce ? null : true, null);
      job.row = job.rect[1];
      this._compose(job, null);
      job.run = 0;  // the margin's pass goes through the runs again
      job.row = -1;
      job.margin = 0;
      // The picking grid is built on the first hover after a draw, not on every redraw.
      seen.count = v;
      this._visible = seen;
      this._grid = null;
      this._drawnArea = placed.area;
      this._canvasTopLeft = placed.topLeft;
      this.drawn = v;
      if (!atOnce) {
        this._margin = job;
        job.handle = idle(this._paintMargin.bind(this));
      }
    },

    // The margin's circles for as long as the browser is idle (SLICE_MS at most), then
    // again until all are painted, and then composed with the view's the same way.
    _paintMargin: function (deadline) {
      var job = this._margin, until = performance.now() +
        (deadline.didTimeout ? SLICE_MS : Math.min(SLICE_MS, deadline.timeRemaining()));
      if (job.row < 0) {
        if (!this._paint(job, false, until)) {
          job.handle = idle(this._paintMargin.bind(this));
          return;
        }
        job.row = job.margin ? job.rect[1] : job.rect[3] + 1;  // nothing new: nothing to write
      }
      if (!this._compose(job, until)) {
        job.handle = idle(this._paintMargin.bind(this));
        return;
      }
      this._margin = null;
    },

    // The margin's circles left unpainted: a new draw starts anew, a removed layer stops.
    _cancelMargin: function () {
      if (this._margin) { cancelIdle(this._margin.handle); this._margin = null; }
    },

    /* The kept points of the job's runs whose circles reach its view (inView true), do not
       (false: the margin, counted in job.margin) or all (null), stamped into its coverage
       buffers; with an `until` time (performance.now()), until then (then false, where it
       stopped kept in the job). */
    _paint: function (job, inView, until) {
      var wx = this._wx, wy = this._wy, k = job.k, ox = job.ox, oy = job.oy, r = job.r;
      var sizeX = job.size.x, sizeY = job.size.y, ratio = job.ratio, runs = job.runs;
      var width = job.width, height = job.height, view = job.view, rect = job.rect;
      var fillCover = job.cover.fill, strokeCover = job.cover.stroke, stamp = job.stamp;
      var reach = stamp.reach, offsets = stamp.offsets, dxs = stamp.dx, dys = stamp.dy;
      var fills = stamp.fill, strokes = stamp.stroke, parts = offsets.length;
      var solid = stamp.solid, paints = 0, box = this._blockBox;
      // The view in zoom-0 pixels, a pixel wider (outer) and narrower (inner) against
      // rounding: the blocks beside the outer have no circle reaching the view, and those
      // inside the inner none in the margin.
      var ax0 = (ox + view[0] - 1) / k, ay0 = (oy + view[1] - 1) / k;
      var ax1 = (ox + view[2] + 1) / k, ay1 = (oy + view[3] + 1) / k;
      var ix0 = (ox + view[0] + 1) / k, iy0 = (oy + view[1] + 1) / k;
      var ix1 = (ox + view[2] - 1) / k, iy1 = (oy + view[3] - 1) / k;
      for (; job.run < runs.length; job.run += 2, job.block = -1) {
        var end = Math.ceil(runs[job.run + 1] / BLOCK);
        if (job.block < 0) { job.block = runs[job.run] / BLOCK; }
        for (; job.block < end; job.block++) {
          if (until && performance.now() > until) {
            this._painted(job, inView, paints);
            return false;
          }
          var b = job.block, minX = box[4 * b], minY = box[4 * b + 1];
          var maxX = box[4 * b + 2], maxY = box[4 * b + 3];
          if (inView === true && (minX > ax1 || maxX < ax0 || minY > ay1 || maxY < ay0) ||
              inView === false && minX >= ix0 && maxX <= ix1 && minY >= iy0 && maxY <= iy1) {
            continue;
          }
          var group = this._group(job.level, Math.floor(b / GROUP_BLOCKS)), at = b % GROUP_BLOCKS;
          for (var kept = group.starts[at]; kept < group.starts[at + 1]; kept++) {
            var i = group.points[kept], x = wx[i] * k - ox, y = wy[i] * k - oy;
            if (x < -r || y < -r || x > sizeX + r || y > sizeY + r) { continue; }
            if (inView !== null &&
                (x >= view[0] && y >= view[1] && x <= view[2] && y <= view[3]) !== inView) {
              continue;
            }
            paints++;
            // The circle's coverage, kept where it is more than what is there: the circles
            // of a layer merge as one shape filled once, as a canvas path of them all would.
            var px = Math.floor(x * ratio), py = Math.floor(y * ratio), base = py * width + px;
            if (px - reach < rect[0]) { rect[0] = Math.max(0, px - reach); }
            if (py - reach < rect[1]) { rect[1] = Math.max(0, py - reach); }
            if (px + reach > rect[2]) { rect[2] = Math.min(width - 1, px + reach); }
            if (py + reach > rect[3]) { rect[3] = Math.min(height - 1, py + reach); }
            var whole = px >= reach && py >= reach && px < width - reach && py < height - reach;
            var part = 0, to;
            if (whole) {
              // Pixels the fill covers whole and the outline not at all: nothing to compare.
              for (; part < solid; part++) { fillCover[base + offsets[part]] = 255; }
            }
            for (; part < parts; part++) {
              if (!whole) {
                var cx = px + dxs[part], cy = py + dys[part];
                if (cx < 0 || cy < 0 || cx >= width || cy >= height) { continue; }
              }
              to = base + offsets[part];
              if (fills[part] > fillCover[to]) { fillCover[to] = fills[part]; }
              if (strokes[part] > strokeCover[to]) { strokeCover[to] = strokes[part]; }
            }
          }
        }
      }
      this._painted(job, inView, paints);
      return true;
    },

    _painted: function (job, inView, paints) {
      this.painted += paints;
      if (inView === false) { job.margin += paints; }
    },

    /* Level of detail: the map is cut into squares of half the radius (at the zoom, aligned
       on zoom-0 pixels so that they do not move with a pan), and of the points of a group
       whose centres fall in one square only the first is painted; the others' centres lie
       inside its circle (at most 0.71 r away), so nothing is hidden, and a million points
       along a border come down to the tens of thousands of circles that a screen can show.
       A zoom's choice is kept (the LEVELS_KEPT last zooms), so a redraw at a zoom seen before
       goes through the kept points alone, not through all of them. */
    _level: function (zoom, k, r) {
      var levels = this._levels;
      for (var l = 0; l < levels.length; l++) {
        if (levels[l].zoom === zoom) {
          var found = levels.splice(l, 1)[0];
          levels.unshift(found);
          return found;
        }
      }
      // Squares per zoom-0 pixel; none (every point kept) when the squares' numbers along
      // the 256 zoom-0 pixels of the world would not fit 32 bits.
      var scale = k / Math.max(1, r / 2);
      var level = { zoom: zoom, scale: 256 * scale < 0x7fffffff ? scale : 0,
                    groups: new Array(Math.ceil(this._count / (BLOCK * GROUP_BLOCKS))) };
      levels.unshift(level);
      if (levels.length > LEVELS_KEPT) { levels.pop(); }
      return level;
    },

    /* The points of group g (GROUP_BLOCKS blocks, Hilbert-ordered, so close together) that
       the level keeps: the first of each square, through a table of the squares taken. A
       square shared with another group is painted by both, which hides nothing. Made when a
       draw first needs it: the points kept, and where each block's start among them. */
    _group: function (level, g) {
      if (level.groups[g]) { return level.groups[g]; }
      var from = g * BLOCK * GROUP_BLOCKS;
      var to = Math.min(this._count, from + BLOCK * GROUP_BLOCKS);
      var points = new Int32Array(to - from), starts = new Int32Array(GROUP_BLOCKS + 1);
      var table = this._table, mark = table.mark, rows = table.row, cols = table.col;
      var generation = ++table.generation, scale = level.scale, kept = 0;
      for (var i = from; i < to; i++) {
        if ((i - from) % BLOCK === 0) { starts[(i - from) / BLOCK] = kept; }
        if (scale) {
          var col = Math.floor(this._wx[i] * scale), row = Math.floor(this._wy[i] * scale);
          var slot = (Math.imul(row, 73856093) ^ Math.imul(col, 19349663)) & (TABLE_SLOTS - 1);
          while (mark[slot] === generation && (rows[slot] !== row || cols[slot] !== col)) {
            slot = (slot + 1) & (TABLE_SLOTS - 1);
          }
          if (mark[slot] === generation) { continue; }
          mark[slot] = generation; rows[slot] = row; cols[slot] = col;
        }
        points[kept++] = i;
      }
      for (var b = Math.ceil((to - from) / BLOCK); b <= GROUP_BLOCKS; b++) { starts[b] = kept; }
      level.groups[g] = { points: points.slice(0, kept), starts: starts };
      return level.groups[g];
    },

    // One circle as the pixels it covers around its centre's pixel (device pixels): how
    // much of each its fill and its outline cover (0-255, 4 x 4 samples a pixel); the
    // first `solid` of them are covered whole by the fill and not by the outline.
    _stamp: function (r, weight, ratio, width) {
      var key = [r, weight, ratio, width].join(":");
      if (this._stampCache && this._stampCache.key === key) { return this._stampCache; }
      var radius = r * ratio, half = (weight > 0 ? weight : 0) * ratio / 2;
      var reach = Math.ceil(radius + half) + 1, samples = 4;
      var offsets = [], dx = [], dy = [], fill = [], stroke = [], solid = 0;
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
            var f = Math.round(255 * inFill / (samples * samples));
            var s = Math.round(255 * inStroke / (samples * samples));
            var put = f === 255 && s === 0 ? "unshift" : "push";
            if (put === "unshift") { solid++; }
            offsets[put](j * width + i); dx[put](i); dy[put](j); fill[put](f); stroke[put](s);
          }
        }
      }
      // The centre's own pixel always counts as painted (a circle smaller than a pixel).
      var centre = offsets.indexOf(0);
      if (centre >= 0 && fill[centre] === 0 && stroke[centre] === 0) { fill[centre] = 255; }
      this._stampCache = { key: key, reach: reach, solid: solid, offsets: new Int32Array(offsets),
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
      var fill = large.rgba(style.fillColor || style.color || "#3388ff");
      var line = large.rgba(style.color || "#3388ff");
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

    /* The coverage painted so far (the job's rectangle of device pixels, from its row on)
       as the canvas's pixels, BAND_ROWS rows a write; with an `until` time, until then (then
       false, the next row kept in the job). */
    _compose: function (job, until) {
      var rect = job.rect, w = rect[2] - rect[0] + 1, cover = job.cover;
      var table = this._palette(job.weight), ctx = this._canvas.getContext("2d");
      var fill = cover.fill, stroke = cover.stroke;
      for (; w > 0 && job.row <= rect[3]; job.row += BAND_ROWS) {
        if (until && performance.now() > until) { return false; }
        var rows = Math.min(BAND_ROWS, rect[3] - job.row + 1);
        var image = ctx.createImageData(w, rows), pixels = new Uint32Array(image.data.buffer);
        for (var row = 0, out = 0; row < rows; row++) {
          for (var at = (job.row + row) * cover.width + rect[0], end = at + w; at < end;
               at++, out++) {
            if (fill[at] | stroke[at]) { pixels[out] = table[(fill[at] << 8) | stroke[at]]; }
          }
        }
        ctx.putImageData(image, rect[0], job.row);
      }
      return true;
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
        var runs = this._runsOn(seen), sx = new Float32Array(seen.count);
        var sy = new Float32Array(seen.count), visible = new Int32Array(seen.count);
        for (var run = 0; run < runs.length; run += 2) {
          for (var i = runs[run]; i < runs[run + 1]; i++) {
            var x = this._wx[i] * seen.k - seen.ox, y = this._wy[i] * seen.k - seen.oy;
            if (x < -r || y < -r || x > size.x + r || y > size.y + r) { continue; }
            sx[v] = x; sy[v] = y; visible[v] = i; v++;
          }
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

    _tooltipAt: function (i) {
      var layer = this._layer;
      if (!layer.tooltip) { return null; }
      return L.tooltip({ direction: "top", offset: [0, -(this._style.radius || 3)] })
        .setLatLng(this._latLng(i))
        .setContent(el("span", null, shown(this._read[layer.tooltip](i), layer.missing)));
    },

    _anchor: function (i) { return this._latLng(i); }
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
