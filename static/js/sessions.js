// ptplan session notes: live units calculator and the dry-needling section toggles.
// A port of ptplan/billing/units.py (CMS 8-minute rule, AMA rule of eights). The server
// recomputes on save and is authoritative; tests compare this port with the Python rules.
(function () {
  "use strict";
  var MINUTES_PER_UNIT = 15;
  var MIDPOINT = 8;

  function unitsForMinutes(minutes) {
    var full = Math.floor(minutes / MINUTES_PER_UNIT);
    return full + (minutes % MINUTES_PER_UNIT >= MIDPOINT ? 1 : 0);
  }

  // {code: minutes} -> {code: units}; codes with 0 units are left out (as in Python).
  function timedUnits(minutesByCode, rule) {
    var codes = Object.keys(minutesByCode);
    var units = {};
    if (rule === "ama") {
      codes.forEach(function (c) { units[c] = unitsForMinutes(minutesByCode[c]); });
    } else {
      var total = 0;
      codes.forEach(function (c) { total += minutesByCode[c]; });
      var totalUnits = unitsForMinutes(total);
      var given = 0;
      codes.forEach(function (c) { units[c] = Math.floor(minutesByCode[c] / MINUTES_PER_UNIT); given += units[c]; });
      // Leftover units go to the most leftover minutes; ties: more minutes, then the lower code.
      var order = codes.slice().sort(function (a, b) {
        var la = minutesByCode[a] % MINUTES_PER_UNIT, lb = minutesByCode[b] % MINUTES_PER_UNIT;
        if (la !== lb) { return lb - la; }
        if (minutesByCode[a] !== minutesByCode[b]) { return minutesByCode[b] - minutesByCode[a]; }
        return a < b ? -1 : (a > b ? 1 : 0);
      });
      order.slice(0, Math.max(0, totalUnits - given)).forEach(function (c) { units[c] += 1; });
    }
    Object.keys(units).forEach(function (c) { if (units[c] <= 0) { delete units[c]; } });
    return units;
  }

  // Each muscle on each side counts; "both" sides count twice (ptplan.sessions.rules).
  function dryNeedlingCode(sides) {
    var count = 0;
    sides.forEach(function (s) { count += s === "both" ? 2 : 1; });
    if (count < 1) { return null; }
    return count <= 2 ? "20560" : "20561";
  }

  window.ptplanBilling = { unitsForMinutes: unitsForMinutes, timedUnits: timedUnits, dryNeedlingCode: dryNeedlingCode };

  function wholeMinutes(input) {
    var text = (input && input.value || "").trim();
    if (!/^\d+$/.test(text)) { return 0; }
    var value = parseInt(text, 10);
    return value > 240 ? 0 : value;
  }

  function cellRow(cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (text, i) {
      var cell = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) { cell.setAttribute("scope", "row"); cell.className = "fw-normal"; } else { cell.className = "num"; }
      cell.textContent = text;
      tr.appendChild(cell);
    });
    return tr;
  }

  function recalculate(form) {
    var rule = form.getAttribute("data-payer-rule") || "cms";
    var minutes = {};
    form.querySelectorAll("[data-note-row]").forEach(function (row) {
      var code = row.querySelector("select[name$='-cpt_code']");
      var m = wholeMinutes(row.querySelector("input[name$='-minutes']"));
      if (code && m > 0) { minutes[code.value] = (minutes[code.value] || 0) + m; }
    });
    var units = timedUnits(minutes, rule);
    var body = document.querySelector("#billing-preview tbody");
    if (!body) { return; }
    body.textContent = "";
    var timed = 0, unitTotal = 0;
    Object.keys(minutes).sort().forEach(function (code) {
      timed += minutes[code];
      unitTotal += units[code] || 0;
      body.appendChild(cellRow([code, String(minutes[code]), String(units[code] || 0)]));
    });
    var treatment = timed;
    var delivered = document.getElementById("dn-delivered");
    if (delivered && delivered.checked) {
      var sides = [];
      form.querySelectorAll("[data-dn-muscle]").forEach(function (row) {
        var muscle = row.querySelector("select[name$='-muscle_id']");
        var side = row.querySelector("select[name$='-side']");
        if (muscle && muscle.value) { sides.push(side ? side.value : "none"); }
      });
      var code = dryNeedlingCode(sides);
      if (code) {
        var dnMinutes = wholeMinutes(document.getElementById("dn-minutes"));
        treatment += dnMinutes;
        unitTotal += 1;
        body.appendChild(cellRow([code + " (untimed)", String(dnMinutes), "1"]));
      }
    }
    if (!body.children.length) {
      var tr = document.createElement("tr"), td = document.createElement("td");
      td.colSpan = 3; td.className = "text-muted"; td.textContent = "No billable minutes yet: enter minutes above.";
      tr.appendChild(td); body.appendChild(tr);
    }
    document.getElementById("total-timed").textContent = String(timed);
    document.getElementById("total-treatment").textContent = String(treatment);
    document.getElementById("total-units").textContent = String(unitTotal);
  }

  function toggle(element, show) { if (element) { element.classList.toggle("d-none", !show); } }

  function syncSections() {
    var delivered = document.getElementById("dn-delivered");
    toggle(document.getElementById("dn-details"), !delivered || delivered.checked);
    var technique = document.getElementById("dn-technique");
    toggle(document.getElementById("estim-fields"), !technique || technique.value === "electrical_stimulation");
    var pneumo = document.querySelector("input[name='dn-adverse_events'][value='pneumothorax']");
    toggle(document.getElementById("urgent-banner"), !!(pneumo && pneumo.checked));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("note-form");
    if (!form) { return; }
    syncSections();
    recalculate(form);
    // "Same as last visit": one click confirms the carried dry-needling record as delivered today.
    var same = form.querySelector("[data-dn-same]");
    if (same) {
      same.addEventListener("click", function () {
        var count = same.getAttribute("data-needles");
        document.getElementById("dn-delivered").checked = true;
        document.getElementById("dn-needles_in").value = count;
        document.getElementById("dn-needles_out").value = count;
        document.getElementById("dn-sharps_disposed").checked = true;
        form.querySelectorAll("input[name='dn-adverse_events']").forEach(function (box) { box.checked = box.value === "none"; });
        syncSections();
        recalculate(form);
        same.textContent = "Dry needling recorded as last visit";
        same.disabled = true;
      });
    }
    form.addEventListener("input", function () { recalculate(form); });
    form.addEventListener("change", function (event) {
      var target = event.target;
      // "None" and a real adverse event exclude each other.
      if (target.name === "dn-adverse_events" && target.checked) {
        form.querySelectorAll("input[name='dn-adverse_events']").forEach(function (box) {
          if (target.value === "none" ? box.value !== "none" : box.value === "none") { box.checked = false; }
        });
      }
      syncSections();
      recalculate(form);
    });
  });
})();
