// Editor desk enhancements. Everything works without this file; it adds
// in-place moves, drag-and-drop, preview refresh, a blurb sentence counter and
// live delivery progress. No third-party code.
(function () {
  "use strict";

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (k) { body.append(k, data[k]); });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "X-Requested-With": "fetch" }
    }).then(function (r) {
      return r.json().then(function (json) {
        if (!r.ok || !json.ok) { throw new Error(json.error || "The move failed."); }
        return json;
      });
    });
  }

  function refreshPreviews() {
    document.querySelectorAll("iframe.preview").forEach(function (frame) {
      frame.src = frame.src.split("#")[0];
    });
  }

  function say(text) {
    var status = document.getElementById("move-status");
    if (status) { status.textContent = text; }
  }

  function applyOrder(list, slots) {
    slots.forEach(function (s) {
      var li = document.getElementById("slot-" + s.id);
      if (li) { list.appendChild(li); }
    });
    var items = list.querySelectorAll("li.desk-slot");
    items.forEach(function (li, i) {
      li.querySelector(".slot-num").textContent = String(i + 1);
      var up = li.querySelector("button[data-direction=up]");
      var down = li.querySelector("button[data-direction=down]");
      if (up) { up.disabled = i === 0; }
      if (down) { down.disabled = i === items.length - 1; }
    });
  }

  function move(list, li, data, focusDirection) {
    return post(li.dataset.moveUrl, data).then(function (json) {
      applyOrder(list, json.slots);
      var position = Array.prototype.indexOf.call(list.children, li) + 1;
      say("Moved to position " + position + ".");
      var button = li.querySelector("button[data-direction=" + focusDirection + "]");
      if (button && !button.disabled) { button.focus(); }
      else if (button) { li.querySelector("button:not([disabled])").focus(); }
      refreshPreviews();
    }).catch(function (err) {
      say(err.message);
      window.alert(err.message);
      window.location.reload();
    });
  }

  function enhanceSlots() {
    var list = document.getElementById("slots");
    if (!list) { return; }
    list.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList.contains("js-move")) { return; }
      event.preventDefault();
      var li = form.closest("li.desk-slot");
      var direction = form.querySelector("input[name=direction]").value;
      move(list, li, { direction: direction }, direction);
    });

    var dragged = null;
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("li.desk-slot");
      if (!dragged) { return; }
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.slot);
    });
    list.addEventListener("dragend", function () {
      if (dragged) { dragged.classList.remove("dragging"); }
      list.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
      dragged = null;
    });
    list.addEventListener("dragover", function (event) {
      var over = event.target.closest("li.desk-slot");
      if (!dragged || !over) { return; }
      event.preventDefault();
      list.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
      if (over !== dragged) { over.classList.add("drop-target"); }
    });
    list.addEventListener("drop", function (event) {
      var over = event.target.closest("li.desk-slot");
      if (!dragged || !over || over === dragged) { return; }
      event.preventDefault();
      var items = Array.prototype.slice.call(list.children);
      var position = items.indexOf(over) + 1;
      move(list, dragged, { position: position }, "up");
    });
  }

  var SENTENCE_END = /[.!?\u2026]["'\u201d\u2019)]*(?:\s+|$)/;
  function enhanceBlurb() {
    document.querySelectorAll(".sentence-count").forEach(function (out) {
      var field = document.getElementById(out.dataset.for);
      if (!field) { return; }
      function update() {
        var n = field.value.trim().split(SENTENCE_END).filter(function (s) { return s.trim(); }).length;
        var ok = n >= 2 && n <= 4;
        out.textContent = n + " sentence" + (n === 1 ? "" : "s") + (ok ? "" : " (aim for 2 to 4)");
        out.style.color = ok ? "" : "#8a5300";
      }
      field.addEventListener("input", update);
      update();
    });
  }

  function formatEta(seconds) {
    if (seconds === null || seconds === undefined) { return ""; }
    var m = Math.floor(seconds / 60), s = Math.round(seconds % 60);
    return m ? m + " min " + s + " s" : s + " s";
  }

  function pollProgress() {
    var box = document.getElementById("progress");
    if (!box) { return; }
    function tick() {
      fetch(box.dataset.url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          var summary = box.querySelector("[data-stat=summary]");
          var bar = box.querySelector("[data-stat=bar]");
          Object.keys(p).forEach(function (key) {
            var el = box.querySelector("[data-stat=" + key + "]");
            if (el && key !== "summary") { el.textContent = p[key]; }
          });
          if (p.started && summary) {
            summary.textContent = (p.sent || 0) + " of " + (p.recipients || 0) + " sent" +
              (p.rate_per_s ? ", " + Math.round(p.rate_per_s) + "/s" : "") +
              (p.eta_seconds ? ", about " + formatEta(p.eta_seconds) + " left" : "") +
              ((p.failed || 0) ? ", " + p.failed + " failed" : "") + ".";
          }
          var pausedBox = box.querySelector("[data-stat=paused-box]");
          if (pausedBox) { pausedBox.hidden = !p.paused; }
          if (p.started && bar) {
            bar.hidden = false;
            bar.max = p.recipients || 1;
            bar.value = p.sent || 0;
          }
          if (p.status !== "sent" && p.status !== "cancelled") { window.setTimeout(tick, 2000); }
        })
        .catch(function () { window.setTimeout(tick, 5000); });
    }
    tick();
  }

  function enhanceConfirms() {
    document.addEventListener("submit", function (event) {
      var question = event.target.dataset && event.target.dataset.confirm;
      if (question && !window.confirm(question)) { event.preventDefault(); }
    }, true);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceConfirms();
    enhanceSlots();
    enhanceBlurb();
    pollProgress();
  });
})();
