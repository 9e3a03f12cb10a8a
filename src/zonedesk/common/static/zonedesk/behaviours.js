/* The page behaviours that used to be inline event handlers, now declared with data- attributes so the
   Content-Security-Policy can forbid inline script (script-src 'self'). Loaded by every base template.

   data-autosubmit            on a select or input: a change submits its form (as a plain submit, no htmx).
   data-confirm="question"    on a form: submitting asks the question first; Cancel keeps the page.
   data-copy="element id"     on a button: copies that element's value (or text) to the clipboard.
   data-check-all="selector"  on a checkbox: ticking it ticks (or unticks) every checkbox the selector finds.
   data-back                  on a link: goes back in the browser's history when there is one, else follows href.
   data-zd-width="40%"        a length computed per row (bar, indent) that a style attribute used to carry; also
   data-zd-left, data-zd-padding-left. Only a plain number with %, rem, em or px is taken.

   Listeners sit on the document, so elements that htmx swaps in later behave the same. */
(function () {
  "use strict";

  var LENGTHS = {zdWidth: "width", zdLeft: "left", zdPaddingLeft: "paddingLeft"};
  var LENGTH = /^\d+(\.\d+)?(%|rem|em|px)$/;

  function lengths(root) {
    if (!root || !root.querySelectorAll) return;
    var els = Array.prototype.slice.call(root.querySelectorAll("[data-zd-width], [data-zd-left], [data-zd-padding-left]"));
    if (root.matches && root.matches("[data-zd-width], [data-zd-left], [data-zd-padding-left]")) els.push(root);
    els.forEach(function (el) {
      Object.keys(LENGTHS).forEach(function (key) {
        var value = el.dataset[key];
        if (value !== undefined && LENGTH.test(value.trim())) el.style[LENGTHS[key]] = value.trim();
      });
    });
  }
  lengths(document);
  document.addEventListener("DOMContentLoaded", function () { lengths(document); });
  document.addEventListener("htmx:load", function (event) { lengths(event.target); });

  document.addEventListener("change", function (event) {
    var el = event.target.closest("[data-autosubmit]");
    if (el && el.form) el.form.submit();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = document.getElementById(copy.dataset.copy);
      var text = source ? ("value" in source ? source.value : source.textContent) : "";
      if (text && navigator.clipboard) navigator.clipboard.writeText(text);
      return;
    }
    var all = event.target.closest("input[type=checkbox][data-check-all]");
    if (all) {
      document.querySelectorAll(all.dataset.checkAll).forEach(function (box) {
        if (box !== all) box.checked = all.checked;
      });
      return;
    }
    var back = event.target.closest("a[data-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
