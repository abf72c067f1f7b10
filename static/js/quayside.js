// Quayside's few behaviours that HTML alone cannot do. No inline handlers (the CSP forbids them):
// everything hangs off data attributes, delegated from the document so htmx swaps need no rebinding.
(function () {
  "use strict";

  // Copy buttons: <button class="copy-btn" data-copy="text">Copy</button>
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var text = button.getAttribute("data-copy");
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      button.classList.add("copied");
      setTimeout(function () { button.textContent = label; button.classList.remove("copied"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); done(); } finally { area.remove(); }
    }
  });

  // Confirmation: <form data-confirm="Delete tag latest?"> asks before it submits. Capturing on the
  // document runs before htmx's own submit listener, so htmx forms are covered too; for a
  // button outside a form, use htmx's hx-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // Typed confirmation: a submit button stays disabled until the input matches.
  // <input data-confirm-match="devtable/simple" data-confirm-target="#delete-btn">
  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-confirm-match]");
    if (!input) return;
    var target = document.querySelector(input.getAttribute("data-confirm-target"));
    if (target) target.disabled = input.value !== input.getAttribute("data-confirm-match");
  });

  // Select-all checkboxes: <input type="checkbox" data-select-all="name-of-row-checkboxes">
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-all]");
    if (!all) return;
    var name = all.getAttribute("data-select-all");
    document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
