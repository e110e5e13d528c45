// Refresh the candidate list every 15 seconds while the tab is visible.
(function () {
  "use strict";
  var box = document.getElementById("wire-candidates");
  if (!box || !window.fetch) return;
  function refresh() {
    if (document.hidden) return;
    fetch(box.dataset.url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) box.innerHTML = html; })
      .catch(function () {});
  }
  setInterval(refresh, 15000);
})();
