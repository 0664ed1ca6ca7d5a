// ptplan: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary or the first invalid field so keyboard users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) { invalid.focus(); return; }
    var summary = document.getElementById("form-error-summary");
    if (summary) { summary.focus(); }
  });
  // Confirmation prompts for dangerous buttons, declared in HTML: data-confirm="...".
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
