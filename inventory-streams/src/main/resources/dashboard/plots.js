// The System page's time series, drawn with uPlot (served from its webjar, no CDN): each /system
// reading adds a point; the last 10 minutes are kept in the page (nothing is stored server-side).
'use strict';

const PLOT_POINTS = 120; // 10 minutes at one reading every 5 s

const plotSeries = {
  times: [],
  freshness: [], // the sink's p99 of window end to applied, seconds (last minute)
  sinkLag: [], // adjustment batches not yet applied
  streamsLag: [], // input records not yet processed
  changes: [], // item changes applied in Shopify per second
  points: [], // Shopify API cost points per second
};

const PLOTS = [
  { id: 'plot-freshness', title: 'Freshness p99 (s)', series: [['freshness', 'p99 window end → Shopify', '#1f77b4']] },
  { id: 'plot-lag', title: 'Lag', series: [['sinkLag', 'sink (batches)', '#d62728'], ['streamsLag', 'Streams (records)', '#9467bd']] },
  { id: 'plot-changes', title: 'Changes/s applied in Shopify', series: [['changes', 'changes/s', '#2ca02c']] },
  { id: 'plot-points', title: 'Shopify API points/s', series: [['points', 'points/s', '#ff7f0e']] },
];

const plots = {};
window.atpPlots = plotSeries; // for the browser test and the curious

function num(v) {
  return typeof v === 'number' && isFinite(v) ? v : null;
}

/** Adds one /system reading to the series. */
function recordSystem(body) {
  const metrics = body.sink && body.sink.metrics && !body.sink.metrics.error ? body.sink.metrics : {};
  const lagOf = l => (l && !l.error ? num(l.total) : null);
  plotSeries.times.push(Date.now() / 1000);
  plotSeries.freshness.push(num(metrics.latency_p99_seconds));
  plotSeries.sinkLag.push(lagOf(body.sink && body.sink.lag));
  plotSeries.streamsLag.push(lagOf(body.streams && body.streams.lag));
  plotSeries.changes.push(num(metrics.changes_applied_per_s));
  plotSeries.points.push(num(metrics.api_cost_per_s));
  for (const k of Object.keys(plotSeries)) {
    if (plotSeries[k].length > PLOT_POINTS) plotSeries[k].shift();
  }
}

/** Draws (the first time) or updates the four plots in #system-plots. */
function drawPlots() {
  const host = document.getElementById('system-plots');
  if (!host || typeof uPlot === 'undefined') return;
  for (const p of PLOTS) { // every box first, so each is measured in its own grid cell
    if (!document.getElementById(p.id)) host.appendChild(el('div', { class: 'card plot', id: p.id }));
  }
  for (const p of PLOTS) {
    const data = [plotSeries.times, ...p.series.map(([key]) => plotSeries[key])];
    if (!plots[p.id]) {
      const box = document.getElementById(p.id);
      plots[p.id] = new uPlot({
        title: p.title,
        width: Math.max(280, box.clientWidth - 20),
        height: 180,
        series: [{}, ...p.series.map(([, label, stroke]) => ({ label, stroke, width: 2, spanGaps: true }))],
        axes: [{}, { size: 60 }],
      }, data, box);
    } else {
      plots[p.id].setData(data);
    }
  }
}
