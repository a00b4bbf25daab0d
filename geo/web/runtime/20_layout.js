/* crossing-maps runtime: the page's layout for the size it is shown at, so that a map
   embedded in a report column still shows most of the map, with nothing out of reach.

   <html data-cm-layout="compact|medium|full"> follows the window (the iframe, when embedded):
     compact  below 900 x 560 px: the legend folds into its "Legend" button; the title panel
              keeps the title, period and facts, the description folds; the source line
              shows one line (the whole line on click or focus); the time control is compact;
     medium   below 1440 x 900 px: the legend is open, its notes on the data fold under
              their heading; the description folds;
     full     1440 x 900 px and more (the default PNG, 1600 x 1000): everything is open.
   A <details data-cm-fold="compact medium"> is closed in the layouts it names and open in
   the others; a reader may open or close it, until the window crosses a breakpoint.
   The CSS keys on data-cm-layout (web/runtime/crossing_maps.css). */
(function (cm) {
  "use strict";

  var COMPACT = window.matchMedia("(max-width: 899px), (max-height: 559px)");
  var MEDIUM = window.matchMedia("(max-width: 1439px), (max-height: 899px)");
  var MARGIN_PX = 8;

  function layout() {
    return COMPACT.matches ? "compact" : MEDIUM.matches ? "medium" : "full";
  }

  // What sits on the source line (controls, the time control) goes by its height, and on a
  // narrow page the map's foot controls by the time control's.
  function measureSources() {
    var root = document.documentElement.style;
    var sources = document.getElementById("cm-sources");
    if (sources) { root.setProperty("--cm-sources-height", sources.offsetHeight + "px"); }
    var time = document.getElementById("cm-time");
    if (time) { root.setProperty("--cm-time-height", (time.offsetHeight + 6) + "px"); }
  }

  /* What may fold, the least needed first, when the panels as the layout opened them cover
     one another or a crossing symbol: the chart (the time control stays), the legend's notes,
     the description, the before/after table, then the legend (its button stays). */
  var FOLD_ORDER = ["#cm-monthly", ".cm-notes-box", ".cm-about", "#cm-before-after",
                    "#cm-legend"];
  var TOUCH_PX = 2;
  // The panels (the title stack's, the others) with the open chart, and the map's controls.
  var PANELS = ".cm-stack > .cm-panel, .cm-panel:not(.cm-stack *), " +
               ".cm-monthly[open] > .cm-monthly-box, .leaflet-control";

  function box(el) { return el.getBoundingClientRect(); }

  function overlaps(a, b) {
    return Math.min(a.right, b.right) - Math.max(a.left, b.left) > TOUCH_PX &&
           Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > TOUCH_PX;
  }

  function contains(a, b) {
    return a.left <= b.left && a.right >= b.right && a.top <= b.top && a.bottom >= b.bottom;
  }

  // The boxes of the shown panels and controls.
  function panelBoxes() {
    var nodes = document.querySelectorAll(PANELS);
    return Array.prototype.filter.call(nodes, function (el) {
      var r = box(el);
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
    }).map(box);
  }

  function crowded() {
    var boxes = panelBoxes();
    for (var i = 0; i < boxes.length; i++) {
      for (var j = i + 1; j < boxes.length; j++) {
        if (overlaps(boxes[i], boxes[j]) && !contains(boxes[i], boxes[j]) &&
            !contains(boxes[j], boxes[i])) { return true; }
      }
    }
    var view = cm.map ? box(cm.map.getContainer()) : null;
    return Array.prototype.some.call(document.querySelectorAll(".cm-crossing"), function (el) {
      var s = box(el);
      var inView = view && s.width > 0 && contains(view, s);
      return inView && boxes.some(function (b) { return overlaps(b, s); });
    });
  }

  // Fold panels, in FOLD_ORDER, until nothing is covered; true when one was folded.
  function declutter() {
    var folded = false;
    for (var i = 0; i < FOLD_ORDER.length && crowded(); i++) {
      var details = document.querySelector(FOLD_ORDER[i]);
      if (details && details.open) { details.open = false; folded = true; measureSources(); }
    }
    return folded;
  }

  function apply() {
    var current = layout();
    document.documentElement.setAttribute("data-cm-layout", current);
    var folds = document.querySelectorAll("details[data-cm-fold]");
    Array.prototype.forEach.call(folds, function (details) {
      details.open = details.getAttribute("data-cm-fold").split(" ").indexOf(current) < 0;
    });
    measureSources();
  }

  /* Leaflet fitBounds options for the first view: padding that keeps it clear of the panels
     (below the title and what is stacked under it, above the time control or the source
     line), and no animation: the map already has a view when it is fitted, and an animated
     zoom could still be running when the page says it is drawn (a PNG then caught it
     mid-zoom, strokes and circles scaled up). */
  function fitOptions() {
    apply();
    return clearAndStill();
  }

  function clearAndStill() { return L.extend(clearOfPanels(), {animate: false}); }

  // The first view: fitted clear of the panels as the layout opens them (fitBounds target
  // kept, to fit again once panels that crowd the page are folded, on load).
  function fitView(map, corners) {
    cm.fitTarget = corners;
    map.fitBounds(corners, fitOptions());
  }

  function foldAndFit() {
    if (declutter() && cm.map && cm.fitTarget) {
      cm.map.fitBounds(cm.fitTarget, clearAndStill());
    }
  }

  /* A popup is read on top of everything: the panels and controls it reaches hide while it
     is open (checked again after each move; 10_layers.js keeps it no taller than the page). */
  function popupOnTop(map) {
    var open = null;
    function reveal() {
      document.querySelectorAll(".cm-under-popup").forEach(function (panel) {
        panel.classList.remove("cm-under-popup");
      });
    }
    function hideUnder() {
      reveal();
      if (!open || !open.getElement()) { return; }
      var popup = box(open.getElement());
      document.querySelectorAll(PANELS + ", #cm-sources").forEach(function (panel) {
        if (overlaps(box(panel), popup)) { panel.classList.add("cm-under-popup"); }
      });
    }
    map.on("popupopen", function (event) { open = event.popup; hideUnder(); });
    map.on("moveend zoomend", hideUnder);
    map.on("popupclose", function () { open = null; reveal(); });
  }

  // Padding that keeps a view clear of the panels as they are.
  function clearOfPanels() {
    var height = window.innerHeight;
    var top = 0, bottom = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".cm-stack > *"), function (node) {
      top = Math.max(top, node.getBoundingClientRect().bottom);
    });
    // The time control, its chart when open, or else the source line: the highest of them.
    var below = document.querySelectorAll("#cm-time, .cm-monthly[open] > .cm-monthly-box");
    if (!below.length) { below = document.querySelectorAll("#cm-sources"); }
    Array.prototype.forEach.call(below, function (node) {
      bottom = Math.max(bottom, height - box(node).top);
    });
    // On a very small page the panels may leave little room: keep the map a real view.
    top = Math.min(top + MARGIN_PX, 0.4 * height);
    bottom = Math.min(bottom + MARGIN_PX, 0.35 * height);
    return {paddingTopLeft: [MARGIN_PX, Math.round(top)],
            paddingBottomRight: [MARGIN_PX, Math.round(bottom)]};
  }

  /* The page as a picture or print (geo/png.py): <html data-cm-print> hides what only works
     on screen (zoom, layers and play controls, the skip link, the Data button) and shows the
     whole source line; no popup stays open; a timeline shows `month` ('YYYY-MM'), or, when
     none is given, the month it opens on. */
  function printMode(month) {
    document.documentElement.setAttribute("data-cm-print", "true");
    if (cm.map) { cm.map.closePopup(); }
    if (cm.setMonth && cm.months.length) {
      var wanted = month ? cm.months.indexOf(month) : cm.startIndex;
      if (wanted !== null && wanted !== undefined && wanted >= 0) { cm.setMonth(wanted); }
    }
    measureSources();
    if (cm.map) { cm.map.fire("resize"); }  // labels placed again clear of the taller line
  }

  document.documentElement.setAttribute("data-cm-layout", layout());
  document.addEventListener("DOMContentLoaded", apply);
  window.addEventListener("load", function () {
    foldAndFit();
    if (cm.map) { popupOnTop(cm.map); }
  });
  window.addEventListener("resize", measureSources);
  [COMPACT, MEDIUM].forEach(function (query) {
    query.addEventListener("change", function () { apply(); declutter(); });
  });
  cm.layout = layout;
  cm.fitOptions = fitOptions;
  cm.fitView = fitView;
  cm.declutter = declutter;
  cm.printMode = printMode;
})(crossingMaps);
