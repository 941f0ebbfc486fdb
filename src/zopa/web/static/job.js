// A job's page: polls GET /api/jobs/{id} until the job ends, shows its progress, cancels it
// with DELETE. Text from the server is written as text, never as markup.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var id = box.getAttribute("data-job");
  var token = new URLSearchParams(window.location.search).get("token");
  var headers = {};
  if (token) { headers["X-Zopa-Token"] = token; }
  var q = token ? "?token=" + encodeURIComponent(token) : "";
  var ended = ["done", "failed", "cancelled", "timed_out"];

  function text(elId, value) { document.getElementById(elId).textContent = value; }

  function show(doc) {
    text("status", doc.status);
    text("position", doc.position === null || doc.position === undefined ? "" :
      "(" + doc.position + " ahead in the queue)");
    var bar = document.getElementById("bar");
    var total = doc.progress.total || 1;
    bar.max = total;
    bar.value = doc.progress.done;
    text("count", doc.progress.total ? doc.progress.done + " of " + doc.progress.total + " chunks" : "");
    document.getElementById("cancel-form").hidden = ended.indexOf(doc.status) >= 0 || doc.cancelling;
    text("cancelling", doc.cancelling ? "cancelling: it stops when its current chunk ends" : "");
    var list = document.getElementById("problems");
    list.textContent = "";
    (doc.problems || []).forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = (p.path ? p.path + ": " : "") + p.message;
      list.appendChild(li);
    });
    text("note", doc.note || "");
    if (doc.status === "done") {
      document.getElementById("done-links").hidden = false;
      if (doc.run !== null && doc.run !== undefined) {
        text("run", String(doc.run));
        document.getElementById("run-line").hidden = false;
      }
      fetch("/api/jobs/" + id + "/result" + q, { headers: headers })
        .then(function (r) { return r.json(); })
        .then(function (res) { text("summary", res.summary || ""); });
    }
  }

  function poll() {
    fetch("/api/jobs/" + id + q, { headers: headers })
      .then(function (r) { return r.json(); })
      .then(function (doc) {
        show(doc);
        if (ended.indexOf(doc.status) < 0) { setTimeout(poll, 500); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }

  document.getElementById("cancel-form").addEventListener("submit", function (e) {
    e.preventDefault();
    fetch("/api/jobs/" + id + q, { method: "DELETE", headers: headers })
      .then(function (r) { return r.json(); }).then(show);
  });
  poll();
})();
