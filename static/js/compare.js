// The tags page's "Compare selected": the two ticked rows, the lower (older) one as "from".
// Without JavaScript a reader's ticks submit as `ref` fields and the server orders them the
// same way.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.id !== "compare-form") return;
    var picked = Array.prototype.slice.call(document.querySelectorAll("input[data-ref]:checked"));
    var note = document.getElementById("compare-note");
    event.preventDefault();
    if (picked.length !== 2) {
      note.textContent = "Select exactly two tags to compare.";
      note.hidden = false;
      return;
    }
    note.hidden = true;
    var query = new URLSearchParams({
      from: picked[1].getAttribute("data-ref"),
      to: picked[0].getAttribute("data-ref"),
    });
    window.location.assign(form.getAttribute("action") + "?" + query.toString());
  });
})();
