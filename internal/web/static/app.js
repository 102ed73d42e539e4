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
