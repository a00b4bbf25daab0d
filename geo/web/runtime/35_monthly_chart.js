/* crossing-maps runtime: the timeline's monthly chart (geo/draw/monthly_chart.py), drawn as
   SVG into #cm-monthly-box: one row per series on its own scale from zero, a bar a month
   (pale where the month's row is not official), hatched where a month has no data, a box
   across the months of a row that gives a year or a span as one total (never spread over
   them), a dashed line at each event's month with its number, the events' labels under it.
   The current month is outlined and follows the time control; a click on a month, or the
   arrow keys on the chart, move the time control and the map there. Opening the chart folds
   the events' list (both open above the time control), and the other way round. */
(function (cm) {
  "use strict";

  var WIDTH = 520, TOP = 14, ROW = 26, SMALL_ROW = 22, TITLE = 12, GAP = 6, YEARS = 10;
  var SPAN_CHAR = 4.5;  // the width of a character of a span's text (8 px type), in chart units
  var KEYS = {ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1};

  function rowHeight(series) { return series.id.indexOf("bts:") === 0 ? SMALL_ROW : ROW; }

  // One series: its title, its bars or hatched months, and its spans, from the top y.
  function drawSeries(svg, series, y, step) {
    var plot = rowHeight(series), base = y + TITLE + plot;
    svg.appendChild(cm.svgEl("text", {"class": "cm-monthly-title", x: 0, y: y + TITLE - 2},
                             series.title));
    series.values.forEach(function (value, i) {
      var month = {"data-series": series.id, "data-month": cm.months[i]};
      if (value === null) {
        svg.appendChild(cm.svgEl("rect", L.extend({"class": "cm-monthly-missing", x: i * step,
          y: y + TITLE, width: step, height: plot}, month)));
        return;
      }
      var h = series.max > 0 ? plot * value / series.max : 0;
      var status = series.statuses[i] || "official";
      svg.appendChild(cm.svgEl("rect", L.extend({
        "class": "cm-monthly-bar cm-" + series.direction +
                 (status === "official" ? "" : " cm-monthly-other"),
        x: i * step, y: base - h, width: Math.max(step - 0.6, 0.4), height: h,
        "data-value": value, "data-status": status}, month)));
    });
    series.spans.forEach(function (span) {
      svg.appendChild(cm.svgEl("rect", {"class": "cm-monthly-span", x: span.first * step,
        y: y + TITLE, width: (span.last - span.first + 1) * step, height: plot,
        "data-series": series.id, "data-value": span.value, "data-status": span.status,
        "data-first": cm.months[span.first], "data-last": cm.months[span.last]}));
      // Its total written in it where it fits (a short span's stays in its data-value).
      var width = (span.last - span.first + 1) * step;
      if (span.text.length * SPAN_CHAR <= width - 3) {
        svg.appendChild(cm.svgEl("text", {"class": "cm-monthly-span-text",
          x: span.first * step + 2, y: y + TITLE + 9}, span.text));
      }
    });
    return base + GAP;
  }

  cm.monthlyChart = function (chart) {
    var box = document.getElementById("cm-monthly-box");
    if (!box) { return; }
    var n = cm.months.length, step = WIDTH / n, y = TOP;
    var height = TOP + chart.series.reduce(function (sum, s) {
      return sum + TITLE + rowHeight(s) + GAP; }, 0) + YEARS;
    var svg = cm.svgEl("svg", {"class": "cm-monthly-svg", viewBox: "0 0 " + WIDTH + " " + height,
                               tabindex: "0", role: "img", "aria-label": chart.keys});
    var current = cm.svgEl("rect", {"class": "cm-monthly-current", x: 0, y: 0, width: step,
                                    height: height});
    svg.appendChild(current);
    chart.series.forEach(function (series) { y = drawSeries(svg, series, y, step); });
    // The years, at their Januaries (and at the first month, when it is not one).
    cm.months.forEach(function (month, i) {
      if (i === 0 || month.slice(5) === "01") {
        var last = i * step > WIDTH - 24;  // the last year ends at the chart's edge
        svg.appendChild(cm.svgEl("text", {"class": "cm-chart-text", x: last ? WIDTH : i * step,
                                          y: y + 8, "text-anchor": last ? "end" : "start"},
                                 month.slice(0, 4)));
      }
    });
    chart.events.forEach(function (mark) {
      var x = (mark.index + 0.5) * step;
      svg.appendChild(cm.svgEl("line", {"class": "cm-chart-event" + (mark.closure ? " cm-closure" : ""),
        x1: x, x2: x, y1: TOP - 2, y2: height, "data-month": mark.month,
        "data-events": mark.numbers}));
      svg.appendChild(cm.svgEl("text", {"class": "cm-chart-text cm-chart-event-n", x: x, y: 10,
        "text-anchor": {"cm-label-left": "end", "cm-label-right": "start"}[mark.side] || "middle"},
        mark.numbers));
    });
    box.appendChild(svg);
    var labels = box.appendChild(cm.el("div", "cm-chart-events"));
    chart.events.forEach(function (mark) {
      labels.appendChild(cm.el("div", "cm-chart-note cm-chart-event-label", mark.title));
    });
    box.appendChild(cm.el("div", "cm-chart-note", chart.note));

    function go(index) {
      cm.pause();
      cm.setMonth(Math.max(0, Math.min(n - 1, index)));
    }
    // The month under the pointer, in the chart's own units (it may be drawn letterboxed).
    svg.addEventListener("click", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      go(Math.floor(point.matrixTransform(svg.getScreenCTM().inverse()).x / step));
    });
    svg.addEventListener("keydown", function (event) {
      var move = KEYS[event.key];
      if (event.key === "Home") { go(0); } else if (event.key === "End") { go(n - 1); }
      else if (move) { go(cm.month() + move); } else { return; }
      event.preventDefault();
    });
    cm.updaters.push(function (i) { current.setAttribute("x", i * step); });

    // One of the two boxes above the time control at a time.
    var details = document.getElementById("cm-monthly");
    var list = document.getElementById("cm-events");
    if (details && list) {
      details.addEventListener("toggle", function () { if (details.open) { list.open = false; } });
      list.addEventListener("toggle", function () { if (list.open) { details.open = false; } });
    }
  };
})(crossingMaps);
