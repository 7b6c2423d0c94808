// Warns two minutes before the idle timeout and lets the user stay signed in (WCAG 2.2.1).
// Progressive enhancement: without JavaScript the session still ends safely and form input
// posted after it ends is kept and offered again after signing in.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var banner = document.getElementById("session-timeout");
  var form = document.getElementById("stay-signed-in-form");
  if (!idle || !banner || !form) { return; }
  var warnBefore = 120;
  var timer;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      banner.hidden = false;
      banner.focus();
    }, Math.max(idle - warnBefore, 1) * 1000);
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch("/session/keep-alive", { method: "POST", credentials: "same-origin" }).then(function (r) {
      if (r.ok) { banner.hidden = true; schedule(); } else { window.location.reload(); }
    });
  });
  schedule();
})();
