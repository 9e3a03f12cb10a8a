/* The alliance page (alliances/detail.html): the member form shows the field its kind of member needs. */
(function () {
  var kind = document.getElementById("member_kind");
  if (!kind) return;
  var shown = {enterprise: "enterprise", department: "department", association: "name"};
  function update() {
    ["enterprise", "department", "name"].forEach(function (name) {
      var row = document.querySelector('#form-member [data-field="' + name + '"]');
      if (row) row.hidden = shown[kind.value] !== name;
    });
  }
  kind.addEventListener("change", update);
  update();
})();
