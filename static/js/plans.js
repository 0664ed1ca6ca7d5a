// Plan builder: show only the chosen exercise's illustration and defaults. The page works
// without this file (every preview is then listed).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select.exercise-select");
    var previews = document.querySelectorAll(".exercise-preview");
    if (!select || !previews.length) { return; }
    function show() {
      previews.forEach(function (figure) {
        figure.hidden = figure.getAttribute("data-exercise") !== select.value;
      });
    }
    select.addEventListener("change", show);
    show();
  });
})();
