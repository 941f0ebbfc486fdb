// The proposal desk: on every change of a term, ask /api/diagnose and show each party's
// verdict, margin and reasons. Text is only ever set with textContent (never as markup).
(function () {
  "use strict";
  var desk = document.getElementById("desk");
  if (!desk) { return; }
  var scenario = desk.getAttribute("data-scenario");
  var token = new URLSearchParams(window.location.search).get("token");
  var controls = desk.querySelectorAll("[data-issue]");
  var problems = document.getElementById("problems");
  var pending = 0;

  function terms() {
    var out = {};
    controls.forEach(function (el) {
      var issue = el.getAttribute("data-issue");
      out[issue] = el.getAttribute("data-kind") === "range" ? Number(el.value) : el.value;
    });
    return out;
  }

  function show(doc) {
    var ids = Object.keys(doc.parties);
    ids.forEach(function (id, k) {
      var p = doc.parties[id];
      var row = desk.querySelector('tr[data-party="' + CSS.escape(id) + '"]');
      if (!row) { return; }
      row.className = p.accepts ? "yes" : "no";
      row.querySelector(".accepts").textContent = p.accepts ? "yes" : "no";
      var m = p.margin;
      row.querySelector(".margin").textContent = (m >= 0 ? "+" : "") + m.toFixed(2);
      row.querySelector(".reasons").textContent = doc.verdicts[k];
    });
  }

  function update() {
    var mine = ++pending;
    var headers = { "Content-Type": "application/json" };
    if (token) { headers["X-Zopa-Token"] = token; }
    fetch("api/diagnose", {
      method: "POST",
      headers: headers,
      body: JSON.stringify({ scenario: scenario, terms: terms() })
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (mine !== pending) { return; }
      if (res.ok) {
        problems.textContent = "";
        show(res.body);
      } else {
        var lines = (res.body.problems || []).map(function (p) {
          return (p.path ? p.path + ": " : "") + p.message;
        });
        problems.textContent = lines.join("\n") || res.body.error || "request refused";
      }
    }).catch(function (err) {
      if (mine === pending) { problems.textContent = "the server did not answer: " + err; }
    });
  }

  controls.forEach(function (el) {
    el.addEventListener(el.tagName === "SELECT" ? "change" : "input", function () {
      var mirror = desk.querySelector('[data-mirror="' + CSS.escape(el.getAttribute("data-issue")) + '"]');
      if (mirror) { mirror.value = el.value; }
      update();
    });
  });
  desk.querySelectorAll("[data-mirror]").forEach(function (el) {
    el.addEventListener("change", function () {
      var slider = document.getElementById("term-" + el.getAttribute("data-mirror"));
      slider.value = el.value;
      update();
    });
  });
}());
