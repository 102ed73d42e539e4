// A tap whose request did not reach the server (no network, a timeout) or
// failed there leaves the page as it was. Say so, so that no rep believes
// a call logged that was not; the next answer that arrives hides it again.
(function () {
  function note(show) {
    var n = document.getElementById("net-problem");
    if (n) {
      n.hidden = !show;
    }
  }
  document.addEventListener("htmx:sendError", function () { note(true); });
  document.addEventListener("htmx:timeout", function () { note(true); });
  document.addEventListener("htmx:responseError", function () { note(true); });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail.successful) {
      note(false);
    }
  });
})();

// "Add a row" on a plan's milestones copies the last row, empty; its
// date a week after the last one's, as the form's rows are weekly.
(function () {
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-add-row]");
    if (!b) {
      return;
    }
    var rows = b.parentNode.querySelector(".step-rows");
    var last = rows && rows.lastElementChild;
    if (!last) {
      return;
    }
    var row = last.cloneNode(true);
    var n = row.querySelector(".step-n");
    if (n) {
      n.textContent = String(rows.children.length + 1);
    }
    var due = row.querySelector("input[type=date]");
    if (due && due.value) {
      var d = new Date(due.value + "T00:00:00Z");
      d.setUTCDate(d.getUTCDate() + 7);
      var max = due.value.slice(0, 7);
      var next = d.toISOString().slice(0, 10);
      due.value = next.slice(0, 7) === max ? next : due.value;
    }
    row.querySelectorAll("input[name=ms_amount]").forEach(function (i) { i.value = ""; });
    rows.appendChild(row);
  });
})();
