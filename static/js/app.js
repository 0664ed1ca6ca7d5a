// ptplan: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary or the first invalid field so keyboard users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) { invalid.focus(); return; }
    var summary = document.getElementById("form-error-summary");
    if (summary) { summary.focus(); return; }
    if (document.querySelector("[autofocus]")) { return; }
    // Main forms (data-focus-first) start on the first visible field still empty; when all
    // are pre-filled, on the submit button, so Enter submits (JOURNEYS.md: keyboard first).
    var form = document.querySelector("form[data-focus-first]");
    if (!form) { return; }
    var fields = form.querySelectorAll("input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button]), select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.disabled || f.readOnly || !f.offsetParent) { continue; }
      if (f.tagName === "SELECT" ? f.value === "" && f.options.length > 1 : !f.value) { f.focus(); return; }
    }
    var submit = form.querySelector("button[type=submit].btn-primary, button[type=submit]");
    if (submit) { submit.focus(); }
  });
  // Confirmation prompts for dangerous buttons, declared in HTML: data-confirm="...".
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
