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

  // What sits on the source line (controls, the time control) goes by its height.
  function measureSources() {
    var sources = document.getElementById("cm-sources");
    if (sources) {
      document.documentElement.style.setProperty("--cm-sources-height",
                                                 sources.offsetHeight + "px");
    }
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
    return L.extend(clearOfPanels(), {animate: false});
  }

  // Padding that keeps a view (or a popup: 10_layers.js) clear of the panels as they are.
  function clearOfPanels() {
    var height = window.innerHeight;
    var top = 0, bottom = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".cm-stack > *"), function (node) {
      top = Math.max(top, node.getBoundingClientRect().bottom);
    });
    var below = document.getElementById("cm-time") || document.getElementById("cm-sources");
    if (below) { bottom = height - below.getBoundingClientRect().top; }
    // On a very small page the panels may leave little room: keep the map a real view.
    top = Math.min(top + MARGIN_PX, 0.4 * height);
    bottom = Math.min(bottom + MARGIN_PX, 0.35 * height);
    return {paddingTopLeft: [MARGIN_PX, Math.round(top)],
            paddingBottomRight: [MARGIN_PX, Math.round(bottom)]};
  }

  /* The page as a picture or print (geo/png.py): <html data-cm-print> hides what only works
     on screen (zoom, layers and play controls, the skip link, the Data button) and shows the
     whole source line; no popup stays open; a timeline shows `month` ('YYYY-MM'), or, when
     none is given, the month of its event, the closure. */
  function printMode(month) {
    document.documentElement.setAttribute("data-cm-print", "true");
    if (cm.map) { cm.map.closePopup(); }
    if (cm.setMonth && cm.months.length) {
      var wanted = month ? cm.months.indexOf(month) : cm.closureIndex;
      if (wanted !== null && wanted !== undefined && wanted >= 0) { cm.setMonth(wanted); }
    }
    measureSources();
    if (cm.map) { cm.map.fire("resize"); }  // labels placed again clear of the taller line
  }

  document.documentElement.setAttribute("data-cm-layout", layout());
  document.addEventListener("DOMContentLoaded", apply);
  window.addEventListener("resize", measureSources);
  [COMPACT, MEDIUM].forEach(function (query) { query.addEventListener("change", apply); });
  cm.layout = layout;
  cm.fitOptions = fitOptions;
  cm.clearOfPanels = clearOfPanels;
  cm.printMode = printMode;
})(crossingMaps);
