/* Tells headless browsers (PNG export, tests) when the map has finished drawing. Every layer is
   added by the page's inline script, which has run by the window's load event; two animation
   frames later Leaflet has painted them. */
window.addEventListener("load", function () {
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      document.documentElement.setAttribute("data-cm-ready", "true");
    });
  });
});
