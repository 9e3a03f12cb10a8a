/* Recording an inspection (safety/inspection_new.html): "Add a row" copies the empty hazard row of the formset. */
(function () {
  "use strict";
  var add = document.getElementById("add-row");
  if (!add) return;
  add.addEventListener("click", function () {
    const total = document.getElementById("id_hazards-TOTAL_FORMS");
    const n = parseInt(total.value, 10);
    const html = document.getElementById("empty-row").innerHTML.replace(/__prefix__/g, String(n));
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const row = holder.firstElementChild;
    row.querySelector("[data-row-number]").textContent = String(n + 1);
    document.getElementById("rows").appendChild(row);
    total.value = String(n + 1);
  });
})();
