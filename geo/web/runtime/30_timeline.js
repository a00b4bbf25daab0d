/* crossing-maps runtime: the timeline's time control. The slider (#cm-time-slider), the play
   button (#cm-play), the month label (#cm-month-label), the events' marks on the slider
   (.cm-event-button, each moving the map to its month) and their list (#cm-events) are in
   the page; every monthly layer registered a setMonth(i) with the drawers. The map opens on
   tl.start (maps.toml's open_at, else its first event's month); a URL hash such as
   #month=2023-04 opens it on that month (handy for links and screenshots). */
(function (cm) {
  "use strict";

  var PLAY_STEP_MS = 700;

  cm.timeline = function (tl) {
    var slider = document.getElementById("cm-time-slider");
    var button = document.getElementById("cm-play");
    var label = document.getElementById("cm-month-label");
    var current = 0, timer = null;
    cm.months = tl.months.slice();
    cm.startIndex = tl.start;

    function setMonth(index) {
      var i = Math.max(0, Math.min(tl.months.length - 1, Math.round(Number(index) || 0)));
      current = i;
      cm.updaters.forEach(function (update) { update(i); });
      if (slider) { slider.value = String(i); }
      if (label) {
        var phase = tl.closure === null ? "" :
          " (" + (i > tl.closure ? tl.afterText : i < tl.closure ? tl.beforeText :
                  tl.closureText || "") + ")";
        label.textContent = tl.labels[i] + (phase === " ()" ? "" : phase);
        label.setAttribute("data-month", tl.months[i]);
      }
      // Screen readers announce the month and its figures, not the step's index.
      if (slider) {
        slider.setAttribute("aria-valuetext", (label ? label.textContent : tl.labels[i]) +
                            (tl.valueTexts[i] ? "; " + tl.valueTexts[i] : ""));
      }
      document.documentElement.setAttribute("data-cm-month", tl.months[i]);
      // The events of the month stand out in their list and on the slider.
      Array.prototype.forEach.call(document.querySelectorAll(".cm-event, .cm-event-mark"),
        function (node) {
          node.classList.toggle("cm-current", node.getAttribute("data-month") === tl.months[i]);
        });
      return i;
    }

    function pause() {
      if (timer !== null) { window.clearInterval(timer); timer = null; }
      if (button) { button.textContent = tl.playText; button.setAttribute("aria-pressed", "false"); }
    }

    function play() {
      if (timer !== null) { return; }
      if (current >= tl.months.length - 1) { setMonth(0); }
      if (button) { button.textContent = tl.pauseText; button.setAttribute("aria-pressed", "true"); }
      timer = window.setInterval(function () {
        if (current >= tl.months.length - 1) { pause(); return; }
        setMonth(current + 1);
      }, PLAY_STEP_MS);
    }

    if (slider) {
      slider.addEventListener("input", function () { pause(); setMonth(slider.value); });
    }
    if (button) {
      button.addEventListener("click", function () { if (timer === null) { play(); } else { pause(); } });
    }
    Array.prototype.forEach.call(document.querySelectorAll(".cm-event-button"), function (mark) {
      mark.addEventListener("click", function () {
        pause();
        setMonth(mark.getAttribute("data-index"));
      });
    });
    cm.setMonth = setMonth;
    cm.month = function () { return current; };
    cm.play = play;
    cm.pause = pause;

    // #table opens the before/after comparison.
    var table = document.getElementById("cm-before-after");
    if (table && /(^#|&)table\b/.test(window.location.hash || "")) { table.open = true; }
    if (tl.chart && cm.monthlyChart) { cm.monthlyChart(tl.chart); }
    var wanted = /month=(\d{4}-\d{2})/.exec(window.location.hash || "");
    var start = wanted ? tl.months.indexOf(wanted[1]) : -1;
    setMonth(start >= 0 ? start : tl.start);
  };
})(crossingMaps);
