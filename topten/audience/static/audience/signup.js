// Sign-up forms: fill in the browser's time zone and submit inline.
// Everything works without this file; it only makes it smoother.
(function () {
  "use strict";
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }

  function setZone(form) {
    var field = form.querySelector("[name=timezone]");
    if (!field || !zone || field.dataset.touched) { return; }
    if (field.tagName === "SELECT") {
      for (var i = 0; i < field.options.length; i++) {
        if (field.options[i].value === zone) { field.value = zone; break; }
      }
      field.addEventListener("change", function () { field.dataset.touched = "1"; });
    } else {
      field.value = zone;
    }
  }

  function say(form, text, isError) {
    var status = form.querySelector(".signup-status");
    if (status) {
      status.textContent = text;
      status.className = "signup-status" + (isError ? " is-error" : " is-done");
    }
  }

  function errorsText(errors) {
    var parts = [];
    Object.keys(errors || {}).forEach(function (name) {
      errors[name].forEach(function (e) { parts.push(e.message); });
    });
    return parts.join(" ") || "Something went wrong. Please try again.";
  }

  function post(form, url, body) {
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.status === 429) { throw new Error("Too many attempts. Please wait a little and try again."); }
      return response.json();
    }).then(function (data) {
      if (data.ok) {
        form.querySelectorAll("input, select, button").forEach(function (el) { el.disabled = true; });
        say(form, data.message, false);
      } else {
        if (data.stamp) {
          var stamp = form.querySelector("[name=stamp]");
          if (stamp) { stamp.value = data.stamp; }
        }
        say(form, errorsText(data.errors), true);
      }
    }).catch(function (err) { say(form, err.message || "Network error. Please try again.", true); });
  }

  // The script may be included more than once on a page: bind each form once.
  function unbound(form) {
    if (form.dataset.signupBound) { return false; }
    form.dataset.signupBound = "1";
    return true;
  }

  document.querySelectorAll("form[data-signup-form]").forEach(function (form) {
    if (!unbound(form)) { return; }
    setZone(form);
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) { return; }
      event.preventDefault();
      say(form, "Sending…", false);
      post(form, form.action, new FormData(form));
    });
  });

  document.querySelectorAll("form[data-signup-box]").forEach(function (form) {
    if (!unbound(form)) { return; }
    setZone(form);
    var token = null;
    function fetchToken() {
      if (!token && window.fetch) {
        token = fetch(form.dataset.tokenUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (r) { return r.json(); });
      }
      return token;
    }
    form.addEventListener("focusin", fetchToken);
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) { return; }
      event.preventDefault();
      say(form, "Sending…", false);
      fetchToken().then(function (t) {
        var body = new FormData(form);
        body.append("csrfmiddlewaretoken", t.csrf);
        body.append("stamp", t.stamp);
        body.append("website", "");
        return post(form, form.action, body);
      }).catch(function () { form.submit(); });
    });
  });
})();
