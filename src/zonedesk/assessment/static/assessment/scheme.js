/* The scheme page (assessment/scheme.html): the item form shows only the fields its scoring rule uses, from the
   "item-rules" json_script. */
(function () {
  var config = JSON.parse(document.getElementById("item-rules").textContent);
  var rule = document.getElementById("item_rule"), indicator = document.getElementById("item_indicator");
  function box(name) { var el = document.getElementById("item_" + name); return el ? el.closest(".mb-3") : null; }
  function update() {
    var shown = config.rules[rule.value] || [];
    ["target", "cap_percent", "penalty_per_item", "scorers"].forEach(function (name) {
      var b = box(name); if (b) { b.classList.toggle("d-none", shown.indexOf(name) < 0); }
    });
    var t = box("threshold_wan"); if (t) { t.classList.toggle("d-none", config.threshold.indexOf(indicator.value) < 0); }
  }
  indicator.addEventListener("change", function () {
    if (indicator.value === "manual") { rule.value = "manual"; } else if (rule.value === "manual") { rule.value = "linear"; }
    update();
  });
  rule.addEventListener("change", update);
  update();
})();
