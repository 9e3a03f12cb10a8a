/* The hazard page on the enterprise's phone (safety/portal/detail.html): photos taken or chosen one after another are
   all kept and shown as thumbnails before the rectification is submitted. #chosen carries the "n photos chosen" text
   in data-counted. */
(function () {
  // Each photo taken or chosen is kept (a file input holds only its last choice): the filled input moves into
  // #held and an empty one takes its place under the same label.
  var form = document.querySelector("#submit form");
  if (!form) return;
  var held = document.createElement("div");
  held.hidden = true;
  form.appendChild(held);
  var shown = document.getElementById("chosen");
  var clear = document.getElementById("photos-clear");
  var counted = shown.dataset.counted;
  function refresh() {
    shown.textContent = "";
    var n = 0;
    held.querySelectorAll("input").forEach(function (input) {
      Array.prototype.forEach.call(input.files, function (file) {
        n += 1;
        var img = document.createElement("img");
        img.src = URL.createObjectURL(file);
        img.alt = file.name;
        img.className = "zd-thumb";
        shown.appendChild(img);
      });
    });
    if (n) {
      var count = document.createElement("div");
      count.className = "w-100 small text-success-emphasis";
      count.textContent = counted.replace("__N__", n);
      shown.appendChild(count);
    }
    clear.hidden = !n;
  }
  function keep(input) {
    input.addEventListener("change", function () {
      if (!input.files.length) return;
      var fresh = document.createElement("input");
      // Every attribute but a style one (left empty by the browser or a test driver; the policy refuses inline style).
      Array.prototype.forEach.call(input.attributes, function (a) {
        if (a.name !== "style") fresh.setAttribute(a.name, a.value);
      });
      input.removeAttribute("id");
      input.parentNode.insertBefore(fresh, input);
      held.appendChild(input);
      keep(fresh);
      refresh();
    });
  }
  form.querySelectorAll("input[name=photos]").forEach(keep);
  clear.addEventListener("click", function () { held.textContent = ""; refresh(); });
})();
