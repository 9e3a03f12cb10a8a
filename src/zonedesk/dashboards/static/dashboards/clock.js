/* The big screen's clock (dashboards/screen.html): ticks every second in the zone's time. */
(function () {
  const el = document.getElementById("clock-time");
  const pad = (n) => String(n).padStart(2, "0");
  // The zone's time (the server's time zone, from data-now's offset), whatever the display computer's zone is.
  const stamp = document.getElementById("clock").dataset.now;
  const zone = /([+-])(\d\d):?(\d\d)$/.exec(stamp);
  const offset = zone ? (zone[1] === "-" ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])) * 60000 : 0;
  function tick() {
    const d = new Date(Date.now() + offset);
    el.textContent = d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + ":" + pad(d.getUTCSeconds());
  }
  tick();
  setInterval(tick, 1000);
})();
