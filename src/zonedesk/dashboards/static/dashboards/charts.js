/* Draws the dashboard charts from the JSON specs of dashboards/charts.py; a click opens the list behind the element. */
(function () {
  "use strict";
  function draw(spec, theme) {
    const el = document.getElementById(spec.id);
    if (!el || !window.Plotly) return;
    const dark = theme === "dark";
    const ink = dark ? "#dfe8f5" : "#26344a";
    const grid = dark ? "rgba(255,255,255,.12)" : "rgba(0,0,0,.08)";
    const size = dark ? 18 : 12;
    const traces = spec.series.map(function (s) {
      const base = {name: s.name, customdata: s.links, marker: {color: s.color}};
      if (spec.kind === "funnel") {
        return Object.assign(base, {type: "funnel", y: spec.x, x: s.y, textinfo: "value+percent previous",
          textfont: {size: size}, hovertemplate: "%{y}: %{x}<extra></extra>"});
      }
      if (spec.kind === "hbar") {
        return Object.assign(base, {type: "bar", orientation: "h", y: spec.x, x: s.y,
          hovertemplate: s.name + " · %{y}: %{x}<extra></extra>"});
      }
      if (spec.kind === "line") {
        return Object.assign(base, {type: "scatter", mode: "lines+markers", x: spec.x, y: s.y,
          line: {color: s.color, width: dark ? 4 : 2}, marker: {color: s.color, size: dark ? 10 : 7},
          hovertemplate: s.name + " %{x}: %{y}<extra></extra>"});
      }
      return Object.assign(base, {type: "bar", x: spec.x, y: s.y, text: s.text, textposition: s.text ? "auto" : "none",
        hovertemplate: s.name + " · %{x}: %{y}" + (s.text ? "<br>%{text}" : "") + "<extra></extra>"});
    });
    const axis = {gridcolor: grid, zerolinecolor: grid, color: ink, tickfont: {size: size}, automargin: true, rangemode: "tozero"};
    // Counts: whole-number ticks while the bars are short.
    const top = Math.max(0, ...spec.series.map(function (s) { return Math.max(0, ...s.y.map(Number)); }));
    const countAxis = Object.assign({}, axis, top <= 10 ? {dtick: 1, tickformat: "d"} : {});
    const legend = spec.series.length > 1 && spec.kind !== "funnel";
    const layout = {
      font: {family: getComputedStyle(document.body).fontFamily, size: size, color: ink},
      margin: {l: spec.kind === "funnel" ? 110 : 40, r: 10, t: legend ? (dark ? 56 : 36) : 10, b: 30},
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      barmode: spec.stacked ? "stack" : "group",
      showlegend: legend,
      legend: {orientation: "h", x: 0, y: 1, yanchor: "bottom", font: {size: dark ? 16 : 12}},
      // Fresh objects: Plotly writes into the axis it is given.
      xaxis: Object.assign({}, spec.kind === "hbar" ? countAxis : axis),
      yaxis: Object.assign({}, spec.kind === "hbar" || spec.kind === "funnel" ? axis : countAxis),
    };
    Plotly.newPlot(el, traces, layout, {displayModeBar: false, responsive: true});
    el.on("plotly_click", function (ev) {
      const link = ev.points[0] && ev.points[0].customdata;
      if (link) window.location = link;
    });
    el.style.cursor = "pointer";
  }
  window.zdDrawCharts = function (dataId, theme) {
    const node = document.getElementById(dataId);
    if (!node) return;
    JSON.parse(node.textContent).forEach(function (spec) { draw(spec, theme); });
  };
  // No inline script under the Content-Security-Policy: the tag that loads this file names the json_script holding the
  // specs and the theme, <script src=".../charts.js" data-charts="dashboard-charts" data-theme="dark">.
  const me = document.currentScript;
  if (me && me.dataset.charts) {
    const go = function () { window.zdDrawCharts(me.dataset.charts, me.dataset.theme || "light"); };
    if (document.getElementById(me.dataset.charts)) go();
    else document.addEventListener("DOMContentLoaded", go);
  }
})();
