/* Tells headless browsers (PNG export, tests) when the map has finished drawing. Every layer is
   added by the page's inline script, which has run by the window's load event; two animation
   frames later Leaflet has painted them, unless the map is still zooming or panning, in which
   case the flag waits for the move to end. */
window.addEventListener("load", function () {
  function markReadyAfterPaint() {
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        var map = window.crossingMaps && window.crossingMaps.map;
        if (map && (map._animatingZoom || (map._panAnim && map._panAnim._inProgress))) {
          map.once("moveend", markReadyAfterPaint);
          return;
        }
        document.documentElement.setAttribute("data-cm-ready", "true");
      });
    });
  }
  markReadyAfterPaint();
});
