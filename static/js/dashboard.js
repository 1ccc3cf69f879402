// Draws the dashboard's charts with Chart.js. Every number comes from the json_script block
// named by the canvas (the same numbers as the table beside it), so no script is inline and
// the page's Content-Security-Policy stays as it is. Without JavaScript the tables remain.
(function () {
  "use strict";
  // The site's teal and colours that keep 3:1 contrast against white for chart marks.
  var COLOURS = ["#0b5563", "#b4551c", "#5b3f8c", "#2f6b2f"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var line = data.kind === "line";
    var datasets = data.datasets.map(function (series, index) {
      var colour = COLOURS[index % COLOURS.length];
      return {
        label: series.label,
        data: series.data,
        backgroundColor: colour,
        borderColor: colour,
        // A line chart of a count and a rate: the rate gets an axis of its own, in %.
        yAxisID: line && index > 0 ? "rate" : "y",
        tension: 0.2,
        spanGaps: true
      };
    });
    var scales = { y: { beginAtZero: true } };
    if (line && datasets.length > 1) {
      scales.rate = { position: "right", beginAtZero: true, max: 100, grid: { drawOnChartArea: false } };
    }
    if (data.horizontal) {
      scales = { x: { beginAtZero: true } };
    }
    new Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: data.horizontal ? "y" : "x",
        animation: false,
        aspectRatio: data.horizontal ? 0.9 : 2,
        scales: scales,
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
