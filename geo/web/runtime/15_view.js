/* crossing-maps runtime: the view kept inside the land fill when its data is cut to a box
   (page.viewLimits, from geo/draw/frame.py view_limits), so that no straight edge of the
   context data is ever in view: the map cannot be zoomed out past the zoom at which the
   whole view fits inside the box, nor panned out of it. */
(function (cm) {
  "use strict";

  /* Applied once the first view is fitted: zoomed in (about its centre, which keeps the fit
     targets in view) only as far as needed, then moved inside the box, both without
     animation (the page must be drawn when it says it is: 90_ready.js). */
  function keepInside(map, limits) {
    var extent = L.latLngBounds(limits);
    function limit() {
      var least = map.getBoundsZoom(extent, true);
      if (map.getZoom() < least) {
        // About the centre as drawn (whole pixels), not the centre the fit asked for (a
        // fraction of a pixel off, by the panels' sizes): a PNG at 2 device pixels to the
        // CSS pixel shows the same view as at 1.
        map.setView(map.containerPointToLatLng(map.getSize().divideBy(2)), least,
                    {animate: false});
      }
      map.setMinZoom(least);
      map.panInsideBounds(extent, {animate: false});
    }
    map.whenReady(function () {
      limit();
      map.setMaxBounds(extent);
      // Another size of page (an iframe resized, a print) needs another least zoom.
      map.on("resize", limit);
      // A popup by the box's edge is read whole: the map may pan past the box while it is
      // open (cm.liftLimits, before it opens: 10_layers.js), and moves back when it closes.
      map.on("popupclose", function () { map.setMaxBounds(extent); });
      cm.liftLimits = function () { map.setMaxBounds(null); };
    });
  }

  cm.keepInside = keepInside;
})(crossingMaps);
