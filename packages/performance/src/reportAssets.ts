// The stylesheet and the browser script of the HTML report. Plain ES2017 for any browser that runs
// lightweight-charts; no template literals, so this file can hold them as strings.

export const REPORT_CSS = `
:root { --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --bg: #ffffff; --panel: #f9fafb;
  --green: #047857; --red: #b91c1c; --blue: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: var(--bg); }
header, section { max-width: 1280px; margin: 0 auto; padding: 12px 24px; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 20px 0 8px; }
h3 { font-size: 14px; margin: 12px 0 6px; color: var(--muted); font-weight: 600; }
.muted { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.card .label { color: var(--muted); font-size: 12px; }
.card .value { font-size: 17px; font-weight: 600; font-variant-numeric: tabular-nums; }
.pos { color: var(--green); } .neg { color: var(--red); }
.chart { height: 320px; border: 1px solid var(--line); border-radius: 6px; }
.chart.small { height: 180px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { background: var(--panel); position: sticky; top: 0; cursor: default; }
th.sortable { cursor: pointer; }
td.text, th.text { text-align: left; }
.table-wrap { max-height: 560px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
.breakdowns { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
.monthly td.cell { min-width: 64px; }
.trade-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 12px; }
.trade-card { border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
.trade-card .head { display: flex; justify-content: space-between; gap: 8px; font-size: 13px; }
.trade-chart { height: 240px; margin-top: 6px; }
footer { max-width: 1280px; margin: 24px auto; padding: 0 24px 24px; color: var(--muted); font-size: 12px; }
`

export const REPORT_CLIENT_JS = `
(function () {
  'use strict';
  var state = { charts: 0, errors: [], ready: false };
  window.__tradeblocksReport = state;
  window.addEventListener('error', function (event) { state.errors.push(String(event.message)); });
  var LW = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var GREEN = '#047857', RED = '#b91c1c', BLUE = '#1d4ed8', GRAY = '#6b7280';
  var base = {
    autoSize: true,
    layout: { background: { color: '#ffffff' }, textColor: '#374151', fontSize: 11 },
    grid: { vertLines: { color: '#f3f4f6' }, horzLines: { color: '#f3f4f6' } },
    rightPriceScale: { borderVisible: false },
    timeScale: { borderVisible: false, timeVisible: true, secondsVisible: false },
    crosshair: { mode: 0 }
  };
  function chartIn(el, extra) {
    var chart = LW.createChart(el, Object.assign({}, base, extra || {}));
    state.charts++;
    return chart;
  }
  function points(rows) { return rows.map(function (p) { return { time: p[0], value: p[1] }; }); }

  if (data.equity.length > 0) {
    var equityChart = chartIn(document.getElementById('equity-chart'));
    var equity = equityChart.addSeries(LW.BaselineSeries, {
      baseValue: { type: 'price', price: data.equityBase },
      topLineColor: GREEN, topFillColor1: 'rgba(4,120,87,0.25)', topFillColor2: 'rgba(4,120,87,0.03)',
      bottomLineColor: RED, bottomFillColor1: 'rgba(185,28,28,0.03)', bottomFillColor2: 'rgba(185,28,28,0.25)',
      lineWidth: 2, priceFormat: { type: 'price', precision: 2, minMove: 0.01 }
    });
    equity.setData(points(data.equity));
    equityChart.timeScale().fitContent();

    var ddChart = chartIn(document.getElementById('drawdown-chart'));
    var dd = ddChart.addSeries(LW.BaselineSeries, {
      baseValue: { type: 'price', price: 0 },
      topLineColor: RED, topFillColor1: 'rgba(0,0,0,0)', topFillColor2: 'rgba(0,0,0,0)',
      bottomLineColor: RED, bottomFillColor1: 'rgba(185,28,28,0.10)', bottomFillColor2: 'rgba(185,28,28,0.40)',
      lineWidth: 1,
      priceFormat: data.drawdownIsPct
        ? { type: 'custom', minMove: 0.01, formatter: function (v) { return v.toFixed(2) + '%'; } }
        : { type: 'price', precision: 2, minMove: 0.01 }
    });
    dd.setData(points(data.drawdown));
    ddChart.timeScale().fitContent();
  }

  function barTimeAtOrBefore(bars, time) {
    var found = bars[0][0];
    for (var i = 0; i < bars.length; i++) { if (bars[i][0] <= time) found = bars[i][0]; else break; }
    return found;
  }

  function drawTrade(el) {
    var t = data.trades[Number(el.getAttribute('data-trade'))];
    var chart = chartIn(el, { timeScale: { borderVisible: false, timeVisible: true, secondsVisible: false } });
    var long = t.side === 'long';
    var series;
    var entryTime = t.entryTime, exitTime = t.exitTime;
    // Keep entry, exit, stop and target inside the visible price range.
    var levels = [t.entryPrice, t.exitPrice];
    if (t.stop !== null) levels.push(t.stop);
    if (t.target !== null) levels.push(t.target);
    var common = {
      lastValueVisible: false, priceLineVisible: false,
      priceFormat: { type: 'price', precision: t.precision, minMove: t.minMove },
      autoscaleInfoProvider: function (original) {
        var info = original();
        if (info === null || info.priceRange === null) return info;
        info.priceRange.minValue = Math.min.apply(null, levels.concat([info.priceRange.minValue]));
        info.priceRange.maxValue = Math.max.apply(null, levels.concat([info.priceRange.maxValue]));
        return info;
      }
    };
    if (t.bars && t.bars.length > 0) {
      series = chart.addSeries(LW.CandlestickSeries, Object.assign({
        upColor: GREEN, downColor: RED, borderVisible: false, wickUpColor: GREEN, wickDownColor: RED
      }, common));
      series.setData(t.bars.map(function (b) { return { time: b[0], open: b[1], high: b[2], low: b[3], close: b[4] }; }));
      entryTime = barTimeAtOrBefore(t.bars, t.entryTime);
      exitTime = barTimeAtOrBefore(t.bars, t.exitTime);
    } else {
      series = chart.addSeries(LW.LineSeries, Object.assign({ color: GRAY, lineWidth: 2 }, common));
      if (exitTime <= entryTime) exitTime = entryTime + 1;
      series.setData([{ time: entryTime, value: t.entryPrice }, { time: exitTime, value: t.exitPrice }]);
    }
    series.createPriceLine({ price: t.entryPrice, color: BLUE, lineWidth: 1, lineStyle: 2, title: 'entry' });
    if (t.stop !== null) series.createPriceLine({ price: t.stop, color: RED, lineWidth: 1, lineStyle: 1, title: 'stop' });
    if (t.target !== null) series.createPriceLine({ price: t.target, color: GREEN, lineWidth: 1, lineStyle: 1, title: 'target' });
    series.createPriceLine({ price: t.exitPrice, color: GRAY, lineWidth: 1, lineStyle: 3, title: 'exit' });
    var markers = [
      { time: entryTime, position: 'atPriceMiddle', price: t.entryPrice, color: BLUE,
        shape: long ? 'arrowUp' : 'arrowDown', text: (long ? 'Buy ' : 'Short ') + t.entryLabel },
      { time: exitTime, position: 'atPriceMiddle', price: t.exitPrice, color: t.netPnl >= 0 ? GREEN : RED,
        shape: long ? 'arrowDown' : 'arrowUp', text: 'Exit ' + t.exitLabel }
    ];
    markers.sort(function (a, b) { return a.time - b.time; });
    LW.createSeriesMarkers(series, markers);
    chart.timeScale().fitContent();
  }

  var tradeCharts = document.querySelectorAll('.trade-chart');
  if ('IntersectionObserver' in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        try { drawTrade(entry.target); } catch (error) { state.errors.push(String(error)); }
      });
    }, { rootMargin: '400px' });
    tradeCharts.forEach(function (el) { observer.observe(el); });
  } else {
    tradeCharts.forEach(function (el) { drawTrade(el); });
  }

  // Click a header of the trade list to sort by that column.
  var table = document.getElementById('trade-table');
  if (table) {
    var headers = table.querySelectorAll('th.sortable');
    headers.forEach(function (th, column) {
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = th.getAttribute('data-dir') !== 'asc';
        headers.forEach(function (h) { h.removeAttribute('data-dir'); });
        th.setAttribute('data-dir', ascending ? 'asc' : 'desc');
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute('data-sort'), y = b.cells[column].getAttribute('data-sort');
          var nx = Number(x), ny = Number(y);
          var cmp = x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny) ? nx - ny : String(x).localeCompare(String(y));
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  state.ready = true;
})();
`
