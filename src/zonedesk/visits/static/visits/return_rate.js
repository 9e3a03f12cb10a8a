/* The visit form (visits/_findings.html): the return rate follows the employees on duty and in all as they are typed;
   #return-rate names the two fields in data-on-duty and data-total. */
(function () {
  var out = document.getElementById("return-rate");
  if (!out) return;
  var onDuty = document.getElementById(out.dataset.onDuty);
  var total = document.getElementById(out.dataset.total);
  if (!onDuty || !total) return;
  function show() {
    var a = parseInt(onDuty.value, 10), b = parseInt(total.value, 10);
    out.textContent = (b > 0 && a >= 0) ? (Math.round(a * 1000 / b) / 10) + "%" : "—";
  }
  onDuty.addEventListener("input", show); total.addEventListener("input", show); show();
})();
