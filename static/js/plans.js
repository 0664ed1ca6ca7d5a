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

// Several exercises in one step: the search box and the region filter narrow the list as
// the therapist types (the Filter button does the same on the server without this file).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var search = document.getElementById("exercise-search");
    var region = document.getElementById("exercise-region");
    var rows = document.querySelectorAll("[data-exercise-row]");
    if (!search || !region || !rows.length) { return; }
    var none = document.getElementById("exercise-none");
    var count = document.getElementById("exercise-count");
    var button = document.querySelector("[data-filter-button]");
    if (button) { button.hidden = true; }
    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var box = row.querySelector("input[type=checkbox]");
        var text = row.getAttribute("data-search");
        var tags = (row.getAttribute("data-regions") || "").split(" ");
        var ok = (!region.value || tags.indexOf(region.value) !== -1) &&
          words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !(ok || (box && box.checked));  // a ticked exercise never disappears
        if (!row.hidden) { shown += 1; }
      });
      if (none) { none.hidden = shown > 0; }
      var ticked = document.querySelectorAll("#exercise-list input:checked").length;
      if (count) { count.textContent = "(" + shown + " shown, " + ticked + " ticked)"; }
    }
    search.addEventListener("input", apply);
    region.addEventListener("change", apply);
    document.getElementById("exercise-list").addEventListener("change", apply);
    // Enter in the search box filters; it never submits the half-made choice.
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
    document.getElementById("exercise-filter").addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    apply();
  });
})();

// Dry-needling screening and consent inline: out of the way when they are to be recorded later.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var now = document.getElementById("record_safety");
    var forms = document.getElementById("dn-inline-forms");
    if (!now || !forms) { return; }
    function sync() { forms.hidden = !now.checked; }
    now.addEventListener("change", sync);
    sync();
  });
})();

// Inline screening: a relative contraindication's reason box shows once it is ticked (or marked).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#inline-screening [data-relative]").forEach(function (row) {
      var box = row.querySelector("input[type=checkbox]");
      var why = row.querySelector("[data-why]");
      if (!box || !why) { return; }
      function sync() { why.hidden = !box.checked && !why.querySelector(".is-invalid"); }
      box.addEventListener("change", function () {
        sync();
        if (box.checked) { var input = why.querySelector("input"); if (input) { input.focus(); } }
      });
      sync();
    });
  });
})();
