// What would it take: for the chosen party, the minimal sets of changes that bring it on board
// (/api/what-it-takes) and counter-proposals it and the proposer would both sign (/api/counter),
// each with a button that loads its package into the desk.
(function () {
  "use strict";
  var z = window.zopa;
  if (!z) { return; }
  var form = document.getElementById("takes-form");
  var out = document.getElementById("takes-out");
  var status = document.getElementById("takes-status");
  var party = document.getElementById("takes-party");
  var go = document.getElementById("takes-go");

  function value(v) { return typeof v === "number" ? String(Math.round(v * 1000) / 1000) : String(v); }

  function changes(list) {
    var ul = z.el("ul", null, "changes");
    list.forEach(function (c) {
      ul.appendChild(z.el("li", (c.label || c.issue) + ": " + value(c.before) + " → " + value(c.after)));
    });
    return ul;
  }

  function loadButton(text, terms) {
    var b = z.el("button", text, "load");
    b.type = "button";
    b.addEventListener("click", function () { z.load(terms); });
    return b;
  }

  function showTakes(doc) {
    var box = z.el("div", null, "takes-sets");
    box.appendChild(z.el("h3", "Minimal sets of changes"));
    box.appendChild(z.el("p", doc.summary));
    if (doc.accepts_already) { return box; }
    var ol = z.el("ol");
    doc.minimal_sets.forEach(function (cs, k) {
      var li = z.el("li");
      li.appendChild(z.el("span", cs.text + (cs.closest.robustness ? "; signs in " + Math.round(100 * cs.closest.robustness.share) + "% of draws" : "") + " "));
      li.appendChild(loadButton("Load the closest package of set " + (k + 1), cs.closest.terms));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    if (!doc.complete) { box.appendChild(z.el("p", "More minimal sets exist.", "note")); }
    return box;
  }

  function showCounters(doc) {
    var box = z.el("div", null, "counters");
    box.appendChild(z.el("h3", "Counter-proposals"));
    box.appendChild(z.el("p", doc.summary));
    doc.counters.forEach(function (c, k) {
      var item = z.el("div", null, "counter");
      var head = "Counter " + (k + 1) + ": " + c.issues_changed + " issue" + (c.issues_changed === 1 ? "" : "s") + " changed";
      if (c.robustness) { head += ", signed by every required party in " + Math.round(100 * c.robustness.share) + "% of " + c.robustness.draws + " draws"; }
      item.appendChild(z.el("h4", head));
      item.appendChild(changes(c.changes));
      item.appendChild(z.el("p", c.explanation));
      item.appendChild(loadButton("Load counter " + (k + 1), c.terms));
      box.appendChild(item);
    });
    (doc.conflicts || []).forEach(function (c) { box.appendChild(z.el("p", "Conflict: " + c.explanation, "conflict")); });
    return box;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var who = party.value;
    go.disabled = true;
    status.textContent = "searching…";
    while (out.firstChild) { out.removeChild(out.firstChild); }
    Promise.all([
      z.api("what-it-takes", z.request({ party: who, draws: 100, limit: 10 })),
      z.api("counter", z.request({ party: who, draws: 100, top: 3 }))
    ]).then(function (r) {
      go.disabled = false;
      status.textContent = "";
      if (!r[0].ok) { status.textContent = z.problemText(r[0].body); return; }
      out.appendChild(showTakes(r[0].body));
      if (r[1].ok) {
        out.appendChild(showCounters(r[1].body));
      } else {
        out.appendChild(z.el("p", z.problemText(r[1].body), "note"));
      }
    }).catch(function (err) {
      go.disabled = false;
      status.textContent = "the server did not answer: " + err;
    });
  });
}());
