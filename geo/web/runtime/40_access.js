/* crossing-maps runtime: what keyboard and screen-reader users need beyond Leaflet.
   - the "Data" button (#cm-data-button) shows and hides the table of every figure (#cm-data,
     built by geo/figures.py); its close button and Escape hide it again;
   - a popup opened from a crossing takes the focus, so its rows and chart are read and
     reachable; Escape closes it and gives the focus back to the crossing (Leaflet's own
     Escape works only while the map itself has the focus, not a marker or a popup). */
(function (cm) {
  "use strict";

  var ESCAPE = "Escape";

  function dataTable() {
    var button = document.getElementById("cm-data-button");
    var panel = document.getElementById("cm-data");
    if (!button || !panel) { return; }
    function show(open) {
      panel.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { panel.focus(); } else { button.focus(); }
    }
    button.addEventListener("click", function () { show(panel.hidden); });
    var close = panel.querySelector(".cm-data-close");
    if (close) { close.addEventListener("click", function () { show(false); }); }
    panel.addEventListener("keydown", function (event) {
      if (event.key === ESCAPE) { event.stopPropagation(); show(false); }
    });
  }

  /* The popup's content takes the focus when it opens; Escape anywhere in the page closes
     it and gives the focus back to the marker it belongs to. */
  function popupFocus(map) {
    var opener = null;
    map.on("popupopen", function (event) {
      var source = event.popup._source;
      opener = source && source.getElement ? source.getElement() : null;
      var content = event.popup.getElement().querySelector(".leaflet-popup-content");
      if (content) {
        content.setAttribute("tabindex", "-1");
        content.focus({preventScroll: true});
      }
    });
    map.on("popupclose", function () {
      var back = opener;
      opener = null;
      if (back && document.activeElement && back.ownerDocument.contains(back) &&
          (document.activeElement === document.body ||
           map.getContainer().contains(document.activeElement))) {
        back.focus({preventScroll: true});
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === ESCAPE && map._popup && map.hasLayer(map._popup)) {
        map.closePopup();
      }
    });
  }

  /* Chromium puts every SVG shape with a focus listener in the Tab order, and Leaflet adds
     one for each tooltip: the context areas and the port circles would come before the
     crossings (23 Tab presses). Their figures are in the crossings' names and the data
     table, so they leave the Tab order; a province keeps its place, named by its tooltip. */
  function tabOrder() {
    var regions = [];
    if (cm.layers.provinces) {
      cm.layers.provinces.eachLayer(function (layer) {
        var path = layer.getElement();
        path.setAttribute("role", "img");
        path.setAttribute("aria-label", layer.getTooltip().getContent().textContent);
        regions.push(path);
      });
    }
    var paths = cm.map.getPane("overlayPane").querySelectorAll("path.leaflet-interactive");
    Array.prototype.forEach.call(paths, function (path) {
      if (regions.indexOf(path) < 0) { path.setAttribute("tabindex", "-1"); }
    });
  }

  // Leaflet names its buttons in English: in the page's language instead (a French page
  // read aloud in French throughout).
  function controlNames(map, names) {
    var container = map.getContainer();
    [[".leaflet-control-zoom-in", names.zoom_in], [".leaflet-control-zoom-out", names.zoom_out],
     [".leaflet-control-layers-toggle", names.layers]].forEach(function (pair) {
      var button = container.querySelector(pair[0]);
      if (button) { button.title = pair[1]; button.setAttribute("aria-label", pair[1]); }
    });
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", names.close_popup); }
    });
  }

  var render = cm.render;
  cm.render = function (map, page) {
    render(map, page);
    tabOrder();
    popupFocus(map);
    if (page.controls) { controlNames(map, page.controls); }
  };
  document.addEventListener("DOMContentLoaded", dataTable);
})(crossingMaps);
