/* crossing-maps runtime: draws the layers a map's Python side describes (geo/layers.py).
   Every string that comes from data is put on the page with textContent, never innerHTML,
   so a name such as <img onerror=...> shows as text and runs nothing. The only markup set
   as HTML is the crossing symbols, built and escaped in Python (geo/legend.py).

   window.crossingMaps (stable hooks for pages and browser tests):
     map       the Leaflet map
     layers    layer id -> Leaflet layer (crossings, ports, corridors, measure, provinces, ...)
     markers   crossing id -> its marker
     months    'YYYY-MM' of each step of the time control (timeline map only)
     setMonth(index), month(), play(), pause()   (timeline map only)
     layout()  "compact", "medium" or "full": the page's layout for its size (20_layout.js)
     fitOptions()  fitBounds options: the first view clear of the panels, not animated
     fitView(map, corners)  the first view, fitted again if panels had to fold (20_layout.js)
     declutter()   fold panels that cover one another or a crossing; true if one folded
     keepInside(map, limits)  the view kept inside a land fill cut to a box (15_view.js)
     drawers   layer type -> function(spec, state) returning {layer, setMonth?} */
var crossingMaps = (function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  // A popup or tooltip body: a title line and label/value rows, all as text nodes.
  function infoBox(title, rows) {
    var box = el("div", "cm-info");
    box.appendChild(el("strong", null, title));
    (rows || []).forEach(function (row) {
      var line = el("div", "cm-row");
      line.appendChild(el("span", "cm-label", row[0] + (state.colon || ": ")));
      line.appendChild(el("span", "cm-value", row[1]));
      box.appendChild(line);
    });
    return box;
  }

  /* A monthly bar chart as inline SVG: bars from zero, a grey band for each month with no
     data (missing, not zero), a dashed line at the month of each event of its series, with
     the event's number over it and its label under the chart. */
  function chart(series, axis) {
    var width = 260, height = 90, top = 14, bottom = 16, plot = height - top - bottom;
    var n = series.values.length, step = width / n;
    var svg = svgEl("svg", {"class": "cm-chart", width: width, height: height,
                            viewBox: "0 0 " + width + " " + height, role: "img",
                            tabindex: "0", "aria-label": series.title});
    svg.appendChild(svgEl("title", {}, series.title));
    series.values.forEach(function (value, i) {
      if (value === null) {
        svg.appendChild(svgEl("rect", {"class": "cm-chart-missing", x: i * step, y: top,
                                       width: step, height: plot, "data-month": axis.months[i]}));
      } else if (series.max > 0) {
        var h = plot * value / series.max;
        svg.appendChild(svgEl("rect", {"class": "cm-chart-bar", x: i * step, y: top + plot - h,
                                       width: Math.max(step - 0.5, 0.5), height: h,
                                       "data-month": axis.months[i], "data-value": value}));
      }
    });
    svg.appendChild(svgEl("line", {"class": "cm-chart-axis", x1: 0, x2: width,
                                   y1: top + plot, y2: top + plot}));
    var ANCHOR = {"cm-label-left": "end", "cm-label-right": "start"};
    (series.events || []).forEach(function (mark) {
      var x = (mark.index + 0.5) * step;
      svg.appendChild(svgEl("line", {"class": "cm-chart-event" + (mark.closure ? " cm-closure" : ""),
                                     x1: x, x2: x, y1: top - 3, y2: top + plot,
                                     "data-month": mark.month, "data-events": mark.numbers}));
      svg.appendChild(svgEl("text", {"class": "cm-chart-text cm-chart-event-n", x: x, y: 10,
                                     "text-anchor": ANCHOR[mark.side] || "middle"},
                            mark.numbers));
    });
    svg.appendChild(svgEl("text", {x: 0, y: 10, "class": "cm-chart-text"}, series.maxText));
    svg.appendChild(svgEl("text", {x: 0, y: height - 3, "class": "cm-chart-text"}, axis.first));
    svg.appendChild(svgEl("text", {x: width, y: height - 3, "class": "cm-chart-text",
                                   "text-anchor": "end"}, axis.last));
    var box = el("div", "cm-chart-box");
    box.appendChild(el("div", "cm-chart-title", series.title));
    box.appendChild(svg);
    box.appendChild(el("div", "cm-chart-note", axis.missingText));
    (series.events || []).forEach(function (mark) {
      box.appendChild(el("div", "cm-chart-note cm-chart-event-label", mark.title));
    });
    return box;
  }

  var state = { map: null, layers: {}, markers: {}, months: [], updaters: [],
                drawers: {} };

  // The layer control's labels are HTML in Leaflet: build them as text, then serialise.
  function controlLabel(text) { return el("span", "cm-control-label", text).outerHTML; }

  function addLayer(map, spec, control) {
    var draw = state.drawers[spec.type];
    if (!draw) { throw new Error("crossing-maps: no drawer for layer type " + spec.type); }
    var drawn = draw(spec, state);
    drawn.layer.addTo(map);
    state.layers[spec.id] = drawn.layer;
    if (drawn.setMonth) { state.updaters.push(drawn.setMonth); }
    if (control && spec.control && spec.label) {
      control.addOverlay(drawn.layer, controlLabel(spec.label));
    }
    return drawn.layer;
  }

  function render(map, page) {
    state.map = map;
    state.colon = page.colon;
    if (page.viewLimits) { state.keepInside(map, page.viewLimits); }
    var control = L.control.layers(null, null, {collapsed: true, position: "topleft"});
    page.layers.forEach(function (spec) { addLayer(map, spec, control); });
    control.addTo(map);
    if (page.layersTitle) {
      var list = control.getContainer().querySelector(".leaflet-control-layers-list");
      if (list) { list.insertBefore(el("div", "cm-control-title", page.layersTitle),
                                    list.firstChild); }
    }
    if (page.timeline && state.timeline) { state.timeline(page.timeline); }
  }

  state.el = el;
  state.svgEl = svgEl;
  state.infoBox = infoBox;
  state.chart = chart;
  state.addLayer = addLayer;
  state.render = render;
  return state;
})();
window.crossingMaps = crossingMaps;
