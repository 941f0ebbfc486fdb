// The agreement space: for each pair of signatories, their utilities (each on its own scale)
// with the Pareto frontier, the ZOPA (the corner above both walk-away values), the bargaining
// solutions, the scenario's proposals and the package on the desk. Drawn as SVG in the browser
// from /api/frontier, /api/solutions and /api/diagnose; a click on a point loads its package.
(function () {
  "use strict";
  var z = window.zopa;
  if (!z) { return; }
  var data = z.data;
  var host = document.getElementById("space-plots");
  var status = document.getElementById("space-status");
  var SIZE = 340, PAD = 44;
  var plots = [];

  function pairs(ids) {
    var out = [];
    for (var i = 0; i < ids.length; i++) {
      for (var j = i + 1; j < ids.length; j++) { out.push([ids[i], ids[j]]); }
    }
    return out.slice(0, 6);
  }

  function sx(u) { return PAD + u * (SIZE - PAD - 10); }
  function sy(u) { return SIZE - PAD - u * (SIZE - PAD - 10); }

  function axisLabel(pid) {
    var seen = z.lens();
    var name = data.parties[pid].name + "'s utility";
    return seen !== "" && seen !== pid ? name + " (estimate)" : name;
  }

  // A plane for the pair (a, b): axes, walk-away shading and lines. Returns {svg, g, a, b}.
  function plane(a, b, title) {
    var s = z.svg("svg", { width: SIZE, height: SIZE, viewBox: "0 0 " + SIZE + " " + SIZE, "class": "plane", role: "img" });
    s.appendChild(z.svg("title", {}, title));
    var ra = data.parties[a].reservation[1], rb = data.parties[b].reservation[1];
    var x0 = sx(0), x1 = sx(1), y0 = sy(0), y1 = sy(1);
    s.appendChild(z.svg("rect", { x: x0, y: y1, width: x1 - x0, height: y0 - y1, "class": "frame" }));
    s.appendChild(z.svg("rect", { x: x0, y: y1, width: sx(ra) - x0, height: y0 - y1, "class": "below" }));
    s.appendChild(z.svg("rect", { x: x0, y: sy(rb), width: x1 - x0, height: y0 - sy(rb), "class": "below" }));
    s.appendChild(z.svg("line", { x1: sx(ra), x2: sx(ra), y1: y0, y2: y1, stroke: data.parties[a].colour, "class": "walkaway" }));
    s.appendChild(z.svg("line", { x1: x0, x2: x1, y1: sy(rb), y2: sy(rb), stroke: data.parties[b].colour, "class": "walkaway" }));
    [0, 0.5, 1].forEach(function (t) {
      s.appendChild(z.svg("text", { x: sx(t), y: y0 + 14, "class": "tick", "text-anchor": "middle" }, t));
      s.appendChild(z.svg("text", { x: x0 - 6, y: sy(t) + 4, "class": "tick", "text-anchor": "end" }, t));
    });
    var ax = z.svg("text", { x: (x0 + x1) / 2, y: SIZE - 8, "class": "axis", "text-anchor": "middle", fill: data.parties[a].colour }, axisLabel(a));
    var ay = z.svg("text", { x: 12, y: (y0 + y1) / 2, "class": "axis", "text-anchor": "middle", fill: data.parties[b].colour, transform: "rotate(-90 12 " + ((y0 + y1) / 2) + ")" }, axisLabel(b));
    s.appendChild(ax);
    s.appendChild(ay);
    var g = z.svg("g", {});
    s.appendChild(g);
    return { svg: s, g: g, a: a, b: b, ax: ax, ay: ay };
  }

  // A clickable mark at utilities (ua, ub) that loads `terms` into the desk.
  function mark(p, shape, ua, ub, cls, label, terms, colour) {
    var x = sx(ua), y = sy(ub), m;
    if (shape === "diamond") {
      m = z.svg("path", { d: "M" + x + " " + (y - 6) + "l6 6l-6 6l-6 -6z", "class": cls });
    } else if (shape === "square") {
      m = z.svg("rect", { x: x - 5, y: y - 5, width: 10, height: 10, "class": cls });
    } else {
      m = z.svg("circle", { cx: x, cy: y, r: shape === "big" ? 8 : 3.2, "class": cls });
    }
    if (colour) { m.setAttribute("fill", colour); }
    m.appendChild(z.svg("title", {}, label + ": " + data.parties[p.a].name + " " + ua.toFixed(2) + ", " + data.parties[p.b].name + " " + ub.toFixed(2) + (terms ? " (click to load into the desk)" : "")));
    if (terms) {
      m.classList.add("loadable");
      m.setAttribute("data-load", label);
      m.addEventListener("click", function () { z.load(terms); });
    }
    p.g.appendChild(m);
    return m;
  }

  function current(p) {
    var doc = z.state.doc;
    if (p.cur) { p.cur.remove(); p.cur = null; }
    if (!doc || !doc.parties[p.a] || !doc.parties[p.b]) { return; }
    p.cur = mark(p, "big", doc.parties[p.a].utility, doc.parties[p.b].utility, "current", "the package on the desk", null);
  }

  function draw(front, sols, proposals) {
    var ids = front.frontier.parties;
    if (ids.length < 2) { status.textContent = "Fewer than two signatories: no plane to draw."; return; }
    pairs(ids).forEach(function (pair) {
      var a = pair[0], b = pair[1];
      var title = data.parties[a].name + " and " + data.parties[b].name;
      var fig = document.createElement("figure");
      var p = plane(a, b, "Agreement space of " + title);
      var pts = front.frontier.points.slice();
      if (ids.length === 2) {
        pts.sort(function (u, v) { return u.utilities[a] - v.utilities[a]; });
        var d = pts.map(function (q, i) { return (i ? "L" : "M") + sx(q.utilities[a]) + " " + sy(q.utilities[b]); }).join("");
        p.g.appendChild(z.svg("path", { d: d, "class": "frontier" }));
      }
      pts.forEach(function (q) {
        mark(p, "dot", q.utilities[a], q.utilities[b], q.acceptable ? "front zopa" : "front", q.acceptable ? "frontier point in the ZOPA" : "frontier point", q.terms);
      });
      Object.keys(proposals).forEach(function (name) {
        var u = proposals[name];
        mark(p, "square", u[a], u[b], "proposal", "proposal " + name, data.proposals[name].terms);
      });
      Object.keys(sols.solutions).forEach(function (name) {
        var s = sols.solutions[name];
        if (!s) { return; }
        mark(p, "diamond", s.utilities[a], s.utilities[b], "solution", "solution: " + name, s.terms);
      });
      fig.appendChild(p.svg);
      fig.appendChild(z.el("figcaption", title + (ids.length > 2 ? " (one pair of " + ids.length + " signatories)" : "")));
      host.appendChild(fig);
      plots.push(p);
      current(p);
    });
    var zone = front.zopa;
    status.textContent = (zone.exists ? "A ZOPA exists" + (zone.size !== null ? ": " + zone.size.toLocaleString() + " of " + zone.n_outcomes.toLocaleString() + " packages." : ".") : "No ZOPA: no package is acceptable to every signatory.") +
      " Circles: the Pareto frontier (filled: in the ZOPA); squares: proposals; diamonds: bargaining solutions; ring: the package on the desk.";
  }

  function proposalUtilities() {
    var names = Object.keys(data.proposals);
    return Promise.all(names.map(function (n) {
      return z.api("diagnose", { scenario: z.scenario, proposal: n });
    })).then(function (all) {
      var out = {};
      all.forEach(function (res, i) {
        if (!res.ok) { return; }
        var u = {};
        Object.keys(res.body.parties).forEach(function (pid) { u[pid] = res.body.parties[pid].utility; });
        out[names[i]] = u;
      });
      return out;
    });
  }

  status.textContent = "drawing the agreement space…";
  Promise.all([
    z.api("frontier", { scenario: z.scenario }),
    z.api("solutions", { scenario: z.scenario }),
    proposalUtilities()
  ]).then(function (r) {
    if (!r[0].ok) { status.textContent = z.problemText(r[0].body); return; }
    draw(r[0].body, r[1].ok ? r[1].body : { solutions: {} }, r[2]);
  }).catch(function (err) { status.textContent = "the server did not answer: " + err; });

  z.onChange(function (what) {
    plots.forEach(function (p) {
      if (what === "diagnosis") { current(p); }
      if (what === "lens") { p.ax.textContent = axisLabel(p.a); p.ay.textContent = axisLabel(p.b); }
    });
  });
  z.plane = plane;
  z.mark = mark;
  z.scale = { x: sx, y: sy };
}());
