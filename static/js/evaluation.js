// Evaluation form: live ODI and PSFS scores, the red-flag warning and the body map.
// Progressive enhancement only: the server computes and stores the authoritative scores.
(function () {
  "use strict";
  var form = document.getElementById("evaluation-form");
  if (!form) { return; }

  // ODI bands per Fairbank & Pynsent 2000 (the same table as ptplan.measures).
  var ODI_BANDS = [[20, "minimal disability"], [40, "moderate disability"], [60, "severe disability"],
                   [80, "crippled"], [100, "bed-bound or exaggerating"]];

  function wholeNumber(input, low, high) {
    var text = input.value.trim();
    if (text === "" || !/^\d+$/.test(text)) { return null; }
    var n = parseInt(text, 10);
    return (n >= low && n <= high) ? n : null;
  }

  function updateOdi() {
    var out = document.getElementById("odi-live");
    if (!out) { return; }
    var inputs = document.querySelectorAll("#odi input[type=number]");
    var sum = 0, answered = 0, invalid = false;
    inputs.forEach(function (input) {
      if (input.value.trim() === "") { return; }
      var n = wholeNumber(input, 0, 5);
      if (n === null) { invalid = true; return; }
      sum += n; answered += 1;
    });
    if (invalid) { out.textContent = "check the answers: each is 0 to 5"; return; }
    if (answered < 6) { out.textContent = answered + " of 10 answered (at least 6 needed)"; return; }
    var pct = sum * 100 / (5 * answered);
    var band = ODI_BANDS.find(function (b) { return pct <= b[0]; })[1];
    out.textContent = (Math.round(pct * 10) / 10) + "% (" + band + ")";
  }

  function updatePsfs() {
    var out = document.getElementById("psfs-live");
    if (!out) { return; }
    var ratings = [];
    document.querySelectorAll("#psfs tbody tr").forEach(function (row) {
      var activity = row.querySelector("input[type=text]");
      var rating = row.querySelector("input[type=number]");
      if (activity && activity.value.trim() && rating) {
        var n = wholeNumber(rating, 0, 10);
        if (n !== null) { ratings.push(n); }
      }
    });
    if (ratings.length < 3) { out.textContent = ratings.length + " rated (3 to 5 needed)"; return; }
    var mean = ratings.reduce(function (a, b) { return a + b; }, 0) / ratings.length;
    out.textContent = (Math.round(mean * 10) / 10).toFixed(1);
  }

  function updateRedFlags() {
    var warning = document.getElementById("red-flag-warning");
    if (!warning) { return; }
    var any = Array.prototype.some.call(document.querySelectorAll("#red-flags input[type=checkbox]"),
      function (box) { return box.checked; });
    warning.classList.toggle("d-none", !any);
  }

  function updateBodyMap() {
    document.querySelectorAll("#pain-regions input[type=checkbox]").forEach(function (box) {
      var shape = document.querySelector(".body-map [data-region='" + box.value + "']");
      if (shape) { shape.classList.toggle("selected", box.checked); }
    });
  }

  form.addEventListener("input", function () { updateOdi(); updatePsfs(); });
  form.addEventListener("change", function () { updateRedFlags(); updateBodyMap(); updateOdi(); updatePsfs(); });
  // Clicking a region of the picture ticks its checkbox (the checkboxes stay the keyboard control).
  document.querySelectorAll(".body-map [data-region]").forEach(function (shape) {
    shape.addEventListener("click", function () {
      var box = document.querySelector("#pain-regions input[value='" + shape.getAttribute("data-region") + "']");
      if (box) { box.checked = !box.checked; updateBodyMap(); }
    });
  });
  // Spare trigger-point rows stay out of the way until asked for (every row shows without JS).
  var spare = Array.prototype.slice.call(form.querySelectorAll("[data-spare-row]"));
  var addRow = document.getElementById("add-trigger-row");
  if (addRow && spare.length) {
    spare.forEach(function (row) { row.hidden = true; });
    addRow.hidden = false;
    addRow.addEventListener("click", function () {
      var row = spare.shift();
      if (!row) { return; }
      row.hidden = false;
      var first = row.querySelector("select, input");
      if (first) { first.focus(); }
      if (!spare.length) { addRow.hidden = true; }
    });
  }
  updateOdi(); updatePsfs();
})();
