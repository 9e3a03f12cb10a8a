// Placing enterprises on the site plan: choose one, click on the plan, and its place (fractions of the image's
// width and height from the top left) is posted. Clicking a dot chooses that enterprise, to move it.
(function () {
  "use strict";
  var figure = document.getElementById("plan-figure");
  var form = document.getElementById("place-form");
  if (!figure || !form) return;
  var select = form.elements.enterprise;
  var hint = document.getElementById("place-hint");
  var remove = document.getElementById("remove-placement");

  function chosen() {
    var option = select.options[select.selectedIndex];
    figure.querySelectorAll("[data-enterprise]").forEach(function (dot) {
      dot.querySelector("circle").classList.toggle("zd-dot-selected", dot.dataset.enterprise === select.value);
    });
    if (remove) remove.disabled = !(option && option.dataset.placed);
  }

  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  figure.addEventListener("click", function (event) {
    var dot = event.target.closest("[data-enterprise]");
    event.preventDefault();
    if (dot) {
      select.value = dot.dataset.enterprise;
      chosen();
      return;
    }
    if (!select.value) {
      hint.classList.add("text-danger");
      select.focus();
      return;
    }
    var box = figure.getBoundingClientRect();
    form.elements.x.value = clamp((event.clientX - box.left) / box.width).toFixed(5);
    form.elements.y.value = clamp((event.clientY - box.top) / box.height).toFixed(5);
    form.submit();
  });
  select.addEventListener("change", chosen);
  chosen();
})();
