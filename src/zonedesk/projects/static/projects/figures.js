/* The investment figures page (projects/figures.html): draws its three charts from the "figure-charts" json_script;
   a click on a chart element or a number opens its list or unfolds its section. */
(function () {
  const data = JSON.parse(document.getElementById("figure-charts").textContent);
  const config = {displayModeBar: false, responsive: true};
  const font = {family: getComputedStyle(document.body).fontFamily, size: 12};
  const layout = (extra) => Object.assign({font: font, margin: {l: 40, r: 10, t: 10, b: 40}, paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)"}, extra);
  function open(link) {
    if (!link) return;
    if (link.charAt(0) !== "#") { window.location = link; return; }
    const target = document.getElementById(link.slice(1));
    if (target) { target.open = true; target.scrollIntoView({behavior: "smooth", block: "center"}); }
  }
  function clickable(id) {
    const el = document.getElementById(id);
    el.on("plotly_click", (ev) => open(ev.points[0].customdata));
    el.style.cursor = "pointer";
  }
  document.querySelectorAll('a.zd-num[href^="#"]').forEach((a) => a.addEventListener("click", (ev) => { ev.preventDefault(); open(a.getAttribute("href")); }));
  const f = data.funnel;
  Plotly.newPlot("chart-funnel", [{type: "funnel", y: f.labels, x: f.counts, customdata: f.links,
    textinfo: "value+percent previous", marker: {color: "#2f6fbf"}, hovertemplate: "%{y}: %{x}<extra></extra>"}],
    layout({margin: {l: 90, r: 10, t: 5, b: 5}}), config);
  clickable("chart-funnel");
  const b = data.bands;
  Plotly.newPlot("chart-bands", [{type: "bar", x: b.labels, y: b.counts, customdata: b.links, text: b.investment_text,
    textposition: "auto", marker: {color: ["#1f4f8f", "#3f7fcf", "#8fb8ea"]}, hovertemplate: "%{x}: %{y}<br>%{text}<extra></extra>"}],
    layout({yaxis: {dtick: 1, rangemode: "tozero"}}), config);
  clickable("chart-bands");
  const t = data.trend, colors = ["#1f4f8f", "#e08a1e", "#2e9d5b"];
  Plotly.newPlot("chart-trend", t.series.map((s, i) => ({type: "bar", name: s.label, x: t.months, y: s.counts,
    customdata: s.links, marker: {color: colors[i]}, hovertemplate: s.label + " %{x}: %{y}<extra></extra>"})),
    layout({barmode: "group", yaxis: {dtick: 1, rangemode: "tozero"}, legend: {orientation: "h", y: 1.12}}), config);
  clickable("chart-trend");
})();
