/* crossing-maps runtime: one drawer per layer type (see geo/layers.py for the payload). */
(function (cm) {
  "use strict";

  // A crossing's popup is at most the page's height less its tip and margins (at least this).
  var POPUP_MARGIN_PX = 70, POPUP_MIN_PX = 120;

  function tooltipFor(text, options) {
    return L.tooltip(options || {}).setContent(cm.el("span", null, text));
  }

  function shownValue(value, missing) {
    return value === null || value === undefined ? missing : value;
  }

  /* A layer's popup (geo.draw.layers.popup_spec) for one feature: titled by its name column, or
     by the layer's label; one row a column. `read(column)` gives the feature's value. */
  function popupBox(spec, read) {
    var popup = spec.popup;
    var title = popup.title ? shownValue(read(popup.title), spec.missing) : spec.label;
    return cm.infoBox(title, popup.fields.map(function (field) {
      return [field[1], shownValue(read(field[0]), spec.missing)];
    }));
  }
  cm.popupBox = popupBox;

  /* Context areas, lines and points (circle markers): one style for the whole layer, the
     feature's name as a tooltip when the layer has names, and a popup of the layer's popup
     columns when it has some. */
  function drawGeometry(spec) {
    var interactive = !!(spec.tooltip || spec.popup);
    var layer = L.geoJSON(spec.data, {
      style: function () { return spec.style || {}; },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, L.extend({interactive: interactive}, spec.style));
      },
      interactive: interactive,
      onEachFeature: function (feature, lyr) {
        var p = feature.properties || {};
        if (spec.tooltip && p.name) { lyr.bindTooltip(tooltipFor(p.name, {sticky: true})); }
        if (spec.popup) {
          lyr.bindPopup(function () {
            return popupBox(spec, function (column) { return p[column]; });
          });
        }
      }
    });
    return {layer: layer};
  }
  cm.drawers.area = drawGeometry;
  cm.drawers.line = drawGeometry;
  cm.drawers.markers = drawGeometry;

  // Areas classed by a status (complete / incomplete / missing), one style per class.
  cm.drawers.regions = function (spec) {
    var layer = L.geoJSON(spec.data, {
      style: function (feature) { return spec.styles[feature.properties.status] || {}; },
      onEachFeature: function (feature, lyr) {
        lyr.bindTooltip(tooltipFor(feature.properties.tooltip, {sticky: true}));
      }
    });
    return {layer: layer};
  };

  // Names at points: places get a dot, area names are plain text.
  cm.drawers.labels = function (spec) {
    var className = (spec.style && spec.style.className) || "cm-place-label";
    var layer = L.geoJSON(spec.data, {
      pointToLayer: function (feature, latlng) {
        var node = cm.el("span", null, (feature.properties || {}).name);
        var icon = L.divIcon({className: className, html: node, iconSize: null});
        return L.marker(latlng, {icon: icon, interactive: false, keyboard: false});
      }
    });
    return {layer: layer};
  };

  // Crossings: shape tells official (square) from irregular (diamond) as well as colour.
  cm.drawers.crossings = function (spec, state) {
    var layer = L.geoJSON(spec.data, {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        var icon = L.divIcon({className: "cm-crossing cm-crossing-" + p.kind,
                              html: spec.icons[p.kind] || spec.icons.official,
                              iconSize: [spec.iconSize, spec.iconSize],
                              iconAnchor: [spec.iconSize / 2, spec.iconSize / 2]});
        var marker = L.marker(latlng, {icon: icon, title: "", alt: "", riseOnHover: true});
        // A button (Leaflet's role for a keyboard marker) named by the crossing and its figure.
        marker.on("add", function () { marker.getElement().setAttribute("aria-label", p.label); });
        state.markers[p.id] = marker;
        return marker;
      },
      onEachFeature: function (feature, lyr) {
        var p = feature.properties;
        lyr.bindTooltip(tooltipFor(p.name, {direction: "top", offset: [0, -6]}));
        var box = cm.infoBox(p.name, p.info);
        if (p.chart) { box.appendChild(cm.chart(p.chart, spec.chartAxis)); }
        // No taller than the page (it scrolls inside), so that it is read whole: the panels
        // it reaches hide while it is open (20_layout.js).
        lyr.on("click", function () {
          if (cm.liftLimits) { cm.liftLimits(); }
          lyr.getPopup().options.maxHeight = Math.max(POPUP_MIN_PX,
                                                      window.innerHeight - POPUP_MARGIN_PX);
        });
        lyr.bindPopup(box, {maxWidth: 300});
      }
    });
    var names = portNames(spec.data.features);
    layer.on("add", function () { names.addTo(layer._map); });
    layer.on("remove", function () { names.remove(); });
    return {layer: layer};
  };

  /* For a layer with a monthly series: a setMonth(i) that shows every item with its size and
     text for month i (`sizes[i]` null: no data that month). */
  function monthly(items, show) {
    return function (i) {
      items.forEach(function (item) {
        var p = item.feature.properties;
        show(item, p.sizes[i], p.texts[i]);
      });
    };
  }

  function byValueDescending(features, key) {
    return features.slice().sort(function (a, b) {
      return (b.properties[key] || 0) - (a.properties[key] || 0);
    });
  }

  /* Proportional circles: radius `r` (pixels) precomputed so that area is proportional to
     the value. A null value (no data over the period) is drawn hatched grey, never as zero.
     With a monthly series, `sizes[i]` and `texts[i]` follow the month; a null size is a
     month with no data, drawn the same way. */
  cm.drawers.circles = function (spec) {
    var group = L.featureGroup();
    var items = byValueDescending(spec.data.features, "value").map(function (feature) {
      var p = feature.properties, c = feature.geometry.coordinates;
      // A zero draws no circle (area zero), but keeps its tooltip and label. Monthly circles
      // have no `r`: setMonth sizes them once the time control starts.
      var radius = spec.monthly || p.r === null ? 0 : p.r;
      var circle = L.circleMarker([c[1], c[0]], L.extend({}, spec.style, {radius: radius},
        p.r === 0 ? {opacity: 0, fillOpacity: 0} : {}));
      circle.bindTooltip(tooltipFor(p.tooltip));
      circle.addTo(group);
      if (spec.labels && p.label !== null && p.label !== undefined) {
        var text = cm.el("span", null, p.label);
        text.style.marginLeft = Math.round((p.r || 0) + 4) + "px";  // beside the circle's edge
        var icon = L.divIcon({className: "cm-value-label", html: text, iconSize: null});
        L.marker([c[1], c[0]], {icon: icon, interactive: false, keyboard: false}).addTo(group);
      }
      return {feature: feature, circle: circle};
    });
    function show(item, radius, text) {
      var missing = radius === null;
      item.circle.setStyle(missing ? L.extend({className: "cm-missing"}, spec.missingStyle)
                                   : spec.style);
      item.circle.setRadius(missing ? spec.missingStyle.radius : radius);
      var element = item.circle.getElement();
      if (element) { element.classList.toggle("cm-missing", missing); }
      item.circle.setTooltipContent(cm.el("span", null, text));
    }
    items.forEach(function (item) {
      if (item.feature.properties.value === null) {
        show(item, null, item.feature.properties.tooltip);
      }
    });
    return {layer: group, setMonth: spec.monthly ? monthly(items, show) : null};
  };

  // An arrowhead pointing along `bearing` (degrees clockwise from up), sized to the line.
  function arrowIcon(width, bearing, colour) {
    var size = Math.max(12, Math.round(width * 2.2));
    var svg = cm.svgEl("svg", {width: size, height: size, viewBox: "0 0 10 10",
                               "class": "cm-arrow"});
    svg.style.transform = "rotate(" + bearing + "deg)";
    svg.appendChild(cm.svgEl("polygon", {points: "5,0 10,9 5,7 0,9", fill: colour,
                                         stroke: "#ffffff", "stroke-width": "0.6"}));
    return L.divIcon({className: "cm-arrow-icon", html: svg, iconSize: [size, size],
                      iconAnchor: [size / 2, size / 2]});
  }

  /* Where a flow's permanent label may go, in order of preference: beside its line, then
     above or below it, then further off. */
  var LABEL_PLACES = [["left", [-12, 0]], ["right", [12, 0]], ["top", [0, -12]],
                      ["bottom", [0, 12]], ["top", [0, -40]], ["bottom", [0, 40]],
                      ["left", [-12, -48]], ["right", [12, -48]], ["left", [-12, 48]],
                      ["right", [12, 48]]];
  // What a label must not hide (the crossings' symbols, and the annotations on the map, such
  // as the closure's), and what it should not hide, though it may when there is no other room.
  var LABEL_BLOCKS = ".cm-crossing, .cm-annotation span";
  var LABEL_AVOIDS = ".cm-panel, .cm-sources, #cm-time, .leaflet-control, .cm-measure-label, " +
                     ".cm-flow-label";

  function boxes(nodes) {
    return Array.prototype.map.call(nodes, function (node) {
      return node.getBoundingClientRect();
    });
  }

  function overlapArea(a, b) {
    var width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    var height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return width > 0 && height > 0 ? width * height : 0;
  }

  /* The best of `places` for a label whose box there is `boxAt(place)`: the one with the
     fewest faults (outside the map `frame`, or over a box of `blocks`), then hiding the least
     area of `avoids`. Returns the place and its cost ([faults, area]). */
  function bestPlace(places, boxAt, frame, blocks, avoids) {
    var best = null, bestCost = null;
    places.forEach(function (place) {
      var b = boxAt(place);
      var outside = b.left < frame.left || b.top < frame.top || b.right > frame.right ||
                    b.bottom > frame.bottom;
      var hits = blocks.filter(function (s) { return overlapArea(b, s) > 0; }).length;
      var hidden = avoids.reduce(function (sum, o) { return sum + overlapArea(b, o); }, 0);
      var c = [(outside ? 1 : 0) + hits, hidden];
      if (!best || c[0] < bestCost[0] || (c[0] === bestCost[0] && c[1] < bestCost[1])) {
        best = place;
        bestCost = c;
      }
    });
    return {place: best, cost: bestCost};
  }

  // The port circles' boxes: a label should not hide them.
  function circleBoxes() {
    var out = [];
    if (cm.layers.ports) {
      cm.layers.ports.eachLayer(function (circle) {
        if (circle.getElement && circle.getElement()) {
          out.push(circle.getElement().getBoundingClientRect());
        }
      });
    }
    return out;
  }

  /* A flow label's place for the present view: one that keeps it inside the map and off
     every crossing symbol, covering as little as it can of the panels, controls, other
     labels and port circles (the label is anchored at the line's middle, which may sit at
     the edge of the view or between ports). */
  function placeLabel(line) {
    var map = line._map, tooltip = line.getTooltip();
    var node = tooltip && tooltip.getElement();
    if (!map || !node || !node.parentNode) { return; }
    var container = map.getContainer();
    var symbols = boxes(container.querySelectorAll(LABEL_BLOCKS));
    var others = boxes(Array.prototype.filter.call(document.querySelectorAll(LABEL_AVOIDS),
                                                   function (other) { return other !== node; }));
    function moveTo(place) {
      tooltip.options.direction = place[0];
      tooltip.options.offset = place[1];
      tooltip.update();
      return node.getBoundingClientRect();
    }
    moveTo(bestPlace(LABEL_PLACES, moveTo, container.getBoundingClientRect(), symbols,
                     others.concat(circleBoxes())).place);
    map.fire("cm-flowlabels");  // the ports' names make way (portNames)
  }

  /* Where an official port's name may go, as [x, y, dx, dy]: the point at fractions (x, y)
     of the name's width and height sits (dx, dy) pixels from the port. Above or below it
     first (a border runs across), then beside it, then off its corners. */
  var NAME_PLACES = [[0.5, 1, 0, -11], [0.5, 0, 0, 11], [0, 0.5, 11, 0], [1, 0.5, -11, 0],
                     [0, 1, -4, -11], [1, 1, 4, -11], [0, 0, -4, 11], [1, 0, 4, 11]];
  // What a port's name must not cover (besides the other names and the map's edge): the
  // symbols, every other label on the map, the panels and the controls.
  var NAME_BLOCKS = LABEL_BLOCKS + ", " + LABEL_AVOIDS + ", .cm-place-label span, " +
                    ".cm-area-label span, .cm-value-label span";
  var NAME_GAP_PX = 2;  // kept clear around a name, which its halo spills into

  /* The official ports' names, as text, shown with the crossings. placeNames puts each one,
     west to east, at the best of NAME_PLACES that covers nothing it must not cover (the same
     choice as a flow label's, bestPlace), and hides a name that has no such place: its
     tooltip and popup still name the port, and a zoom in makes room. Placed again whenever
     the view, the page's size or the flow labels change (they are placed first). */
  function portNames(features) {
    var group = L.featureGroup(), shownOn = null;
    var names = features.filter(function (feature) {
      return feature.properties.kind === "official";
    }).map(function (feature) {
      var c = feature.geometry.coordinates;
      var node = cm.el("span", null, feature.properties.name);
      var icon = L.divIcon({className: "cm-port-label", html: node, iconSize: null});
      var marker = L.marker([c[1], c[0]], {icon: icon, interactive: false, keyboard: false});
      marker.addTo(group);
      return {marker: marker, node: node};
    });
    function placeNames() {
      if (!shownOn) { return; }
      var frame = shownOn.getContainer().getBoundingClientRect();
      var blocks = boxes(document.querySelectorAll(NAME_BLOCKS)), avoids = circleBoxes();
      // Every size read before any name moves: one layout, whatever the number of ports.
      var sizes = names.map(function (name) {
        return [name.node.offsetWidth, name.node.offsetHeight];
      });
      names.forEach(function (name, i) {
        var at = shownOn.latLngToContainerPoint(name.marker.getLatLng());
        var w = sizes[i][0], h = sizes[i][1];
        function offset(place) { return [place[2] - place[0] * w, place[3] - place[1] * h]; }
        function boxAt(place) {
          var o = offset(place), left = frame.left + at.x + o[0], top = frame.top + at.y + o[1];
          return {left: left - NAME_GAP_PX, top: top - NAME_GAP_PX,
                  right: left + w + NAME_GAP_PX, bottom: top + h + NAME_GAP_PX};
        }
        var best = bestPlace(NAME_PLACES, boxAt, frame, blocks, avoids);
        var fits = w > 0 && best.cost[0] === 0;
        name.marker.getElement().classList.toggle("cm-unplaced", !fits);
        if (fits) {
          var o = offset(best.place);
          name.node.style.transform = "translate(" + Math.round(o[0]) + "px, " +
                                      Math.round(o[1]) + "px)";
          blocks.push(boxAt(best.place));
        }
      });
    }
    group.on("add", function () {
      shownOn = group._map;
      shownOn.on("moveend resize cm-flowlabels", placeNames);
      placeNames();
    });
    group.on("remove", function () {
      shownOn.off("moveend resize cm-flowlabels", placeNames);
      shownOn = null;
    });
    window.addEventListener("load", placeNames);
    return group;
  }

  // A corridor's line, for screen readers: an image named by its count.
  function nameLine(line, text) {
    var path = line.getElement();
    if (path) {
      path.setAttribute("role", "img");
      path.setAttribute("aria-label", text);
    }
  }

  /* Flows: lines of width `w` pixels (proportional to the value, from zero), an arrow at
     the end for the direction, and a permanent label saying which count it is, placed
     (placeLabel) again whenever the view, the page size or the label's text changes. */
  cm.drawers.flows = function (spec) {
    var group = L.featureGroup();
    var items = spec.data.features.map(function (feature) {
      var p = feature.properties;
      var lines = L.geoJSON(feature, {interactive: true});
      var line = lines.getLayers()[0];
      var coords = feature.geometry.type === "MultiLineString" ?
        feature.geometry.coordinates[feature.geometry.coordinates.length - 1] :
        feature.geometry.coordinates;
      var end = coords[coords.length - 1];
      var arrow = L.marker([end[1], end[0]], {interactive: false, keyboard: false});
      line.bindTooltip(tooltipFor(p.tooltip, {permanent: true, direction: "left",
                                              offset: [-12, 0], className: "cm-flow-label"}));
      lines.addTo(group);
      arrow.addTo(group);
      return {feature: feature, line: line, arrow: arrow};
    });
    function show(item, width, text) {
      var p = item.feature.properties;
      var colour = spec.colours[p.source] || spec.missingColour;
      var missing = width === null;
      item.line.setStyle(missing ?
        {color: spec.missingColour, weight: 2, dashArray: "4 4", opacity: 1} :
        {color: colour, weight: width, dashArray: null, opacity: width > 0 ? 0.9 : 0});
      item.arrow.setIcon(arrowIcon(missing ? 2 : width, p.bearing,
                                   missing ? spec.missingColour : colour));
      item.arrow.setOpacity(!missing && width === 0 ? 0 : 1);
      item.line.setTooltipContent(cm.el("span", null, text));
      nameLine(item.line, text);
      placeLabel(item.line);
    }
    items.forEach(function (item) {
      var p = item.feature.properties;
      show(item, p.value === null ? null : p.w, p.tooltip);
    });
    function placeAll() {
      items.forEach(function (item) { placeLabel(item.line); });
    }
    var shownOn = null;
    group.on("add", function () {
      shownOn = group._map;
      items.forEach(function (item) { nameLine(item.line, item.line.getTooltip().getContent().textContent); });
      shownOn.on("moveend resize", placeAll);
      placeAll();
    });
    group.on("remove", function () {
      shownOn.off("moveend resize", placeAll);
      shownOn = null;
    });
    // Once every layer and panel is on the page.
    window.addEventListener("load", placeAll);
    return {layer: group, setMonth: spec.monthly ? monthly(items, show) : null};
  };

  // A measured straight line with its distance as a permanent label.
  cm.drawers.measure = function (spec) {
    var layer = L.geoJSON(spec.data, {
      style: function () { return spec.style; },
      onEachFeature: function (feature, lyr) {
        lyr.bindTooltip(tooltipFor(feature.properties.label, {permanent: true,
          direction: "bottom", className: "cm-measure-label"}));
      }
    });
    return {layer: layer};
  };

  // A point annotation with a permanent text label (the closure on the timeline), above the
  // place and area names (Leaflet stacks markers by their latitude otherwise).
  cm.drawers.annotation = function (spec) {
    var layer = L.geoJSON(spec.data, {
      pointToLayer: function (feature, latlng) {
        var node = cm.el("span", null, feature.properties.label);
        var icon = L.divIcon({className: "cm-annotation", html: node, iconSize: null});
        return L.marker(latlng, {icon: icon, interactive: false, keyboard: false,
                                 zIndexOffset: 1000});
      }
    });
    return {layer: layer};
  };
})(crossingMaps);
