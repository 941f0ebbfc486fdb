// The negotiation dance: run a simulated session (/api/negotiate) and show its offers on the
// utility plane of the first two negotiating parties and over time (one colour per party; solid:
// the offer's utility to the party that made it, dashed: to the other side).
(function () {
  "use strict";
  var z = window.zopa;
  if (!z || !z.plane) { return; }
  var data = z.data;
  var form = document.getElementById("dance-form");
  var host = document.getElementById("dance-plots");
  var status = document.getElementById("dance-status");
  var out = document.getElementById("dance-out");
  var go = document.getElementById("dance-go");
  var W = 520, H = 340, PAD = 44;

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  // Every party's offer, its step of the dance classified (Hindriks, Jonker & Tykhonov).
  function offers(doc) { return doc.report.steps; }

  function stepText(doc, e) {
    return "round " + (e.round + 1) + ": " + data.parties[doc.parties[e.party]].name + "'s " +
      (e.move ? e.move + " step" : "opening offer") + " (" + e.answer + ")";
  }

  function moveCounts(doc) {
    return doc.parties.map(function (pid, k) {
      var counts = {};
      offers(doc).forEach(function (e) { if (e.party === k && e.move) { counts[e.move] = (counts[e.move] || 0) + 1; } });
      var parts = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; })
        .map(function (m) { return counts[m] + " " + m; });
      return data.parties[pid].name + ": " + (parts.join(", ") || "no steps");
    }).join("; ");
  }

  function planeOf(doc) {
    var a = doc.parties[0], b = doc.parties[1];
    var p = z.plane(a, b, "Offers of the simulated session on the utility plane");
    var last = {};
    offers(doc).forEach(function (e) {
      var who = doc.parties[e.party];
      var x = z.scale.x(e.utilities[0]), y = z.scale.y(e.utilities[1]);
      if (last[who]) {
        p.g.appendChild(z.svg("line", { x1: last[who][0], y1: last[who][1], x2: x, y2: y, stroke: data.parties[who].colour, "class": "path" }));
      }
      last[who] = [x, y];
      var dot = z.svg("circle", { cx: x, cy: y, r: 2.5, fill: data.parties[who].colour, "class": "offer " + (e.move || "opening") });
      dot.appendChild(z.svg("title", {}, stepText(doc, e)));
      p.g.appendChild(dot);
    });
    if (doc.status === "agreement") {
      var u = doc.utilities;
      z.mark(p, "big", u[0], u[1], "agreed", "the agreement (round " + doc.rounds_played + ")", doc.terms);
    }
    return p.svg;
  }

  function timeline(doc) {
    var s = z.svg("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, "class": "timeline", role: "img" });
    s.appendChild(z.svg("title", {}, "Utility of each offer over the rounds"));
    var rounds = Math.max(1, doc.rounds);
    function tx(r) { return PAD + r / rounds * (W - PAD - 10); }
    function ty(u) { return H - PAD - u * (H - PAD - 10); }
    s.appendChild(z.svg("rect", { x: tx(0), y: ty(1), width: tx(rounds) - tx(0), height: ty(0) - ty(1), "class": "frame" }));
    [0, 0.5, 1].forEach(function (t) {
      s.appendChild(z.svg("text", { x: PAD - 6, y: ty(t) + 4, "class": "tick", "text-anchor": "end" }, t));
    });
    [0, Math.round(rounds / 2), rounds].forEach(function (r) {
      s.appendChild(z.svg("text", { x: tx(r), y: H - PAD + 14, "class": "tick", "text-anchor": "middle" }, r));
    });
    s.appendChild(z.svg("text", { x: (tx(0) + tx(rounds)) / 2, y: H - 8, "class": "axis", "text-anchor": "middle" }, "round"));
    s.appendChild(z.svg("text", { x: 12, y: H / 2, "class": "axis", "text-anchor": "middle", transform: "rotate(-90 12 " + H / 2 + ")" }, "utility of the offer"));
    doc.parties.forEach(function (maker, k) {
      var mine = offers(doc).filter(function (e) { return e.party === k; });
      doc.parties.forEach(function (judge, j) {
        if (!mine.length) { return; }
        var d = mine.map(function (e, i) { return (i ? "L" : "M") + tx(e.round) + " " + ty(e.utilities[j]); }).join("");
        var line = z.svg("path", { d: d, stroke: data.parties[maker].colour, "class": j === k ? "own" : "other" });
        line.appendChild(z.svg("title", {}, data.parties[maker].name + "'s offers, utility to " + data.parties[judge].name));
        s.appendChild(line);
      });
    });
    return s;
  }

  function legend(doc) {
    var p = z.el("p", null, "legend");
    doc.parties.forEach(function (pid, k) {
      var sw = z.el("span", "", "swatch");
      sw.style.background = data.parties[pid].colour;
      p.appendChild(sw);
      p.appendChild(z.el("span", data.parties[pid].name + " (" + doc.strategies[k] + ") "));
    });
    return p;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var strategies = {};
    form.querySelectorAll("[data-strategy]").forEach(function (s) { strategies[s.getAttribute("data-strategy")] = s.value; });
    var body = {
      scenario: z.scenario,
      strategies: strategies,
      rounds: Number(document.getElementById("dance-rounds").value),
      seed: Number(document.getElementById("dance-seed").value)
    };
    go.disabled = true;
    status.textContent = "negotiating…";
    clear(host);
    out.textContent = "";
    z.api("negotiate", body).then(function (res) {
      go.disabled = false;
      if (!res.ok) { status.textContent = z.problemText(res.body); return; }
      status.textContent = "";
      var doc = res.body;
      if (doc.parties.length < 2) { out.textContent = "Fewer than two negotiating parties."; return; }
      var fig1 = document.createElement("figure");
      fig1.appendChild(planeOf(doc));
      fig1.appendChild(z.el("figcaption", "Offers on the plane of " + data.parties[doc.parties[0]].name + " and " + data.parties[doc.parties[1]].name + (doc.parties.length > 2 ? " (first two of " + doc.parties.length + ")" : "")));
      var fig2 = document.createElement("figure");
      fig2.appendChild(timeline(doc));
      fig2.appendChild(legend(doc));
      host.appendChild(fig1);
      host.appendChild(fig2);
      var n = offers(doc).length;
      var ending = doc.status === "agreement" ? "Agreement in round " + doc.rounds_played + " of " + doc.rounds :
        doc.status === "timeout" ? "No agreement by the deadline (" + doc.rounds + " rounds)" : "Ended: " + doc.status;
      out.textContent = ending + "; " + n + " offers. Distance to the Nash point: " +
        (doc.report.nash_distance === null ? "none" : doc.report.nash_distance.toFixed(3)) +
        ". Steps of the dance: " + moveCounts(doc) + ".";
      if (doc.status === "agreement") {
        var b = z.el("button", "Load the agreement", "load");
        b.type = "button";
        b.addEventListener("click", function () { z.load(doc.terms); });
        out.appendChild(document.createTextNode(" "));
        out.appendChild(b);
      }
    }).catch(function (err) {
      go.disabled = false;
      status.textContent = "the server did not answer: " + err;
    });
  });
}());
