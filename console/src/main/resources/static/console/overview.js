// The overview's charts of the last hour per minute, drawn with Chart.js (served from its WebJar: the
// Content-Security-Policy allows only the console's own scripts). The points come from the page itself, in the
// canvases' data-series (the same per-minute series as GET /v1/overview's perMinute), so no second request is made.
(function () {
  'use strict';
  if (typeof Chart === 'undefined') {
    return;
  }
  var time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  function read(canvas) {
    try {
      return JSON.parse(canvas.getAttribute('data-series') || '[]');
    } catch (e) {
      return [];
    }
  }
  function draw(id, datasets, scales) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    var series = read(canvas);
    var labels = series.map(function (p) { return time.format(new Date(p.minute)); });
    var chart = new Chart(canvas, {
      type: 'line',
      data: { labels: labels, datasets: datasets.map(function (d) {
        return { label: d.label, yAxisID: d.axis, borderColor: d.color, backgroundColor: d.color, borderWidth: 1.5,
          pointRadius: 2, pointHoverRadius: 4, spanGaps: false, data: series.map(d.value) };
      }) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: 'index',
        intersect: false }, scales: scales, plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } } }
    });
    canvas.setAttribute('data-points', String(series.length));
    canvas.setAttribute('data-drawn', chart.data.datasets.length ? 'true' : 'false');
  }
  draw('throughput-chart', [
    { label: 'events/s', axis: 'y', color: '#2b6cb0', value: function (p) { return p.eventsPerSecond; } },
    { label: 'deliveries/s', axis: 'y', color: '#38a169', value: function (p) { return p.deliveriesPerSecond; } }
  ], { y: { beginAtZero: true, title: { display: true, text: 'per second' } } });
  draw('quality-chart', [
    { label: 'success rate %', axis: 'y', color: '#38a169',
      value: function (p) { return p.successRate === null ? null : Math.round(p.successRate * 1000) / 10; } },
    { label: 'p99 latency ms', axis: 'ms', color: '#c05621', value: function (p) { return p.p99LatencyMs; } }
  ], { y: { min: 0, max: 100, title: { display: true, text: 'success %' } },
    ms: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true,
      text: 'p99 ms' } } });
})();
