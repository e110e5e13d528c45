// Copy-link: copy the article URL to the clipboard and count the share with a small
// same-origin request. Without JavaScript the link opens a page that shows the URL.
(function () {
  "use strict";
  var link = document.querySelector("a.share-copy[data-copy-url]");
  if (!link || !navigator.clipboard) return;
  var status = document.querySelector(".share-status");
  link.setAttribute("role", "button");
  link.addEventListener("keydown", function (event) {
    if (event.key === " ") { event.preventDefault(); link.click(); }  // buttons answer Space
  });
  link.addEventListener("click", function (event) {
    event.preventDefault();
    var url = link.getAttribute("data-copy-url");
    navigator.clipboard.writeText(url).then(function () {
      if (status) status.textContent = "Link copied.";
      fetch(link.getAttribute("href") + "?via=js", { credentials: "same-origin", keepalive: true })
        .catch(function () {});
    }, function () {
      window.location.href = link.getAttribute("href");
    });
  });
})();
