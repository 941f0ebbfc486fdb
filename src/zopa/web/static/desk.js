// The proposal desk: on every change of a term, ask /api/diagnose and show each party's
// verdict, margin, reasons and utility against its walk-away value; then ask /api/odds for the
// chance each party signs. Lenses, the evidence behind each judgement and the brief live here
// too; the other panels (space.js, takes.js, dance.js) use window.zopa.
// Text is only ever set with textContent (never as markup).
(function () {
  "use strict";
  var desk = document.getElementById("desk");
  if (!desk) { return; }
  var data = JSON.parse(document.getElementById("desk-data").textContent);
  var scenario = desk.getAttribute("data-scenario");
  var start = desk.getAttribute("data-proposal") || null;
  var token = new URLSearchParams(window.location.search).get("token");
  var controls = desk.querySelectorAll("[data-issue]");
  var problems = document.getElementById("problems");
  var lensSelect = document.getElementById("lens");
  var pop = document.getElementById("evidence-pop");
  var listeners = [];
  var pending = 0;
  var oddsPending = 0;
  var oddsTimer = null;
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }

  function api(path, body) {
    var headers = { "Content-Type": "application/json" };
    if (token) { headers["X-Zopa-Token"] = token; }
    return fetch("api/" + path, {
      method: body === undefined ? "GET" : "POST",
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      var type = r.headers.get("content-type") || "";
      var read = type.indexOf("json") >= 0 ? r.json() : r.blob();
      return read.then(function (b) { return { ok: r.ok, body: b, response: r }; });
    });
  }

  function problemText(body) {
    if (!body || !body.problems) { return "request refused"; }
    return body.problems.map(function (p) {
      return (p.path ? p.path + ": " : "") + p.message;
    }).join("\n");
  }

  function terms() {
    var out = {};
    controls.forEach(function (c) {
      var issue = c.getAttribute("data-issue");
      out[issue] = c.getAttribute("data-kind") === "range" ? Number(c.value) : c.value;
    });
    return out;
  }

  function request(extra) {
    var body = { scenario: scenario, terms: terms() };
    if (start) { body.proposal = start; }
    Object.keys(extra || {}).forEach(function (k) { body[k] = extra[k]; });
    return body;
  }

  function lens() { return lensSelect ? lensSelect.value : ""; }
  function pct(x) { return Math.round(100 * x) + "%"; }
  function signed(m) { return (m >= 0 ? "+" : "") + m.toFixed(2); }

  var state = { doc: null, odds: null };

  function row(id) { return desk.querySelector('tr[data-party="' + CSS.escape(id) + '"]'); }

  function showParty(id, p, text, odds) {
    var r = row(id);
    if (!r) { return; }
    var seen = lens();
    var estimate = seen !== "" && seen !== id;
    r.classList.toggle("estimate", estimate);
    var fill = r.querySelector(".fill");
    var res = r.querySelector(".res");
    if (estimate) {
      r.className = "estimate";
      if (!odds) {
        r.querySelector(".accepts").textContent = "est. …";
        r.querySelector(".margin").textContent = "est. …";
        r.querySelector(".reasons").textContent = "An estimate from the ranges the scenario gives this party's judgements (waiting for the draws).";
        return;
      }
      var u = odds.utility;
      var w = odds.reservation;
      r.querySelector(".accepts").textContent = "est. " + (odds.p_sign >= 0.5 ? "likely" : "unlikely");
      r.querySelector(".margin").textContent = "est. " + signed(u.p10 - w.median) + " to " + signed(u.p90 - w.median);
      fill.style.width = pct(u.median);
      res.style.left = pct(w.median);
      r.querySelector(".bar-text").textContent = "est. " + u.p10.toFixed(2) + "–" + u.p90.toFixed(2) + " vs " + w.p10.toFixed(2) + "–" + w.p90.toFixed(2);
      r.querySelector(".reasons").textContent = "Estimate (not this party's own numbers): signs in " + pct(odds.p_sign) + " of the draws of what is uncertain about it" + (odds.red_lines > 0 ? "; crosses its red lines in " + pct(odds.red_lines) : "") + ".";
      return;
    }
    r.className = p.accepts ? "yes" : "no";
    // a stakeholder does not sign: it supports or opposes
    r.querySelector(".accepts").textContent = p.signatory === false ? (p.accepts ? "supports" : "opposes") : (p.accepts ? "yes" : "no");
    r.querySelector(".margin").textContent = signed(p.margin);
    fill.style.width = pct(Math.max(0, Math.min(1, p.utility)));
    res.style.left = pct(p.reservation);
    res.title = "walk-away value " + p.reservation.toFixed(2);
    r.querySelector(".bar-text").textContent = p.utility.toFixed(2) + " vs " + p.reservation.toFixed(2);
    r.querySelector(".reasons").textContent = text;
  }

  function render() {
    var doc = state.doc;
    if (!doc) { return; }
    var odds = state.odds ? state.odds.parties : {};
    Object.keys(doc.parties).forEach(function (id, k) {
      showParty(id, doc.parties[id], doc.verdicts[k], odds[id]);
      var cell = row(id) && row(id).querySelector(".odds");
      if (cell) {
        var o = odds[id];
        cell.textContent = o ? pct(o.p_sign) + " (" + pct(o.interval_95[0]) + "–" + pct(o.interval_95[1]) + ")" : "…";
      }
    });
    var seen = lens();
    var note = document.getElementById("lens-note");
    note.textContent = seen === "" ? "Mediator's lens: every party's own numbers." :
      "As seen by " + data.parties[seen].name + ": its own numbers are exact; the other parties' rows are estimates (est.) from the ranges the scenario gives their judgements.";
    if (state.odds) {
      document.getElementById("odds-note").textContent = "Chance of signing: share of " + state.odds.draws + " draws of the scenario's uncertain judgements (the outlook's first draws, seed " + state.odds.seed + "), with its 95% interval; every signatory signs in " + pct(state.odds.p_all_sign) + ".";
    }
  }

  function askOdds() {
    var mine = ++oddsPending;
    api("odds", request({ draws: 200 })).then(function (res) {
      if (mine !== oddsPending || !res.ok) { return; }
      state.odds = res.body;
      render();
      listeners.forEach(function (fn) { fn("odds"); });
    });
  }

  function update() {
    var mine = ++pending;
    api("diagnose", request()).then(function (res) {
      if (mine !== pending) { return; }
      if (!res.ok) { problems.textContent = problemText(res.body); return; }
      problems.textContent = "";
      state.doc = res.body;
      state.odds = null;
      render();
      listeners.forEach(function (fn) { fn("diagnosis"); });
      clearTimeout(oddsTimer);
      oddsTimer = setTimeout(askOdds, 150);
    }).catch(function (err) {
      if (mine === pending) { problems.textContent = "the server did not answer: " + err; }
    });
  }

  // Load a package (issue: value) into the controls and diagnose it.
  function load(pkg) {
    controls.forEach(function (c) {
      var issue = c.getAttribute("data-issue");
      if (!(issue in pkg)) { return; }
      c.value = String(pkg[issue]);
      var mirror = desk.querySelector('[data-mirror="' + CSS.escape(issue) + '"]');
      if (mirror) { mirror.value = String(pkg[issue]); }
    });
    update();
    desk.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  // -- evidence on hover --------------------------------------------------------------------
  function evidenceBlock(title, ev) {
    var box = el("div", null, "ev");
    box.appendChild(el("strong", title));
    if (!ev) { box.appendChild(el("span", " no evidence recorded", "mark unsourced")); return box; }
    box.appendChild(el("span", " " + ev.mark, "mark " + ev.mark));
    (ev.sources || []).forEach(function (s) {
      var line = el("div", null, "src");
      var a = el("a", s.title);
      if (s.url && /^https?:/i.test(s.url)) { a.href = s.url; a.target = "_blank"; a.rel = "noopener noreferrer"; }
      line.appendChild(a);
      if (s.date) { line.appendChild(el("span", " (" + s.date + ")")); }
      box.appendChild(line);
    });
    (ev.judgements || []).forEach(function (j) { box.appendChild(el("div", "Judgement: " + j, "judgement")); });
    return box;
  }

  function showEvidence(target) {
    var id = target.getAttribute("data-evidence");
    var ev = data.evidence[id];
    var doc = state.doc;
    if (!ev || !doc) { return; }
    var p = doc.parties[id];
    while (pop.firstChild) { pop.removeChild(pop.firstChild); }
    var seen = lens();
    var head = "Evidence behind " + data.parties[id].name + "'s judgements";
    if (seen !== "" && seen !== id) { head += " (the analyst's, not " + data.parties[seen].name + "'s)"; }
    pop.appendChild(el("h3", head));
    pop.appendChild(evidenceBlock("Walk-away value", ev.reservation));
    (p.red_lines_crossed || []).forEach(function (hit) {
      var red = (ev.red_lines || []).filter(function (r) { return r.rule === hit.rule; })[0];
      pop.appendChild(evidenceBlock("Red line crossed: " + (hit.label || hit.rule), red));
    });
    var drivers = Object.keys(p.issues).sort(function (a, b) {
      return p.issues[a].vs_walkaway - p.issues[b].vs_walkaway;
    }).slice(0, 3);
    drivers.forEach(function (issue) {
      var label = data.issues[issue] ? data.issues[issue].label : issue;
      pop.appendChild(evidenceBlock("Stake in " + label + " (" + signed(p.issues[issue].vs_walkaway) + " vs walk-away)", ev.issues[issue]));
    });
    var box = target.getBoundingClientRect();
    pop.style.top = (window.scrollY + box.bottom + 4) + "px";
    pop.style.left = (window.scrollX + Math.max(8, box.left - 40)) + "px";
    pop.hidden = false;
  }

  desk.querySelectorAll("[data-evidence]").forEach(function (t) {
    t.addEventListener("mouseenter", function () { showEvidence(t); });
    t.addEventListener("focus", function () { showEvidence(t); });
    t.addEventListener("click", function () { showEvidence(t); });
    t.addEventListener("mouseleave", function () { pop.hidden = true; });
    t.addEventListener("blur", function () { pop.hidden = true; });
  });

  // -- the brief ---------------------------------------------------------------------------
  var brief = document.getElementById("brief");
  var briefStatus = document.getElementById("brief-status");
  brief.addEventListener("click", function () {
    brief.disabled = true;
    briefStatus.textContent = "writing the brief (outlook over 1,000 draws)…";
    api("report", request({ draws: 1000 })).then(function (res) {
      brief.disabled = false;
      if (!res.ok) { briefStatus.textContent = problemText(res.body); return; }
      var disposition = res.response.headers.get("content-disposition") || "";
      var m = /filename="([^"]+)"/.exec(disposition);
      var a = document.createElement("a");
      a.href = URL.createObjectURL(res.body);
      a.download = m ? m[1] : "brief.html";
      document.body.appendChild(a);
      a.click();
      a.remove();
      briefStatus.textContent = "brief downloaded: " + a.download;
    }).catch(function (err) {
      brief.disabled = false;
      briefStatus.textContent = "the server did not answer: " + err;
    });
  });

  controls.forEach(function (c) {
    c.addEventListener(c.tagName === "SELECT" ? "change" : "input", function () {
      var mirror = desk.querySelector('[data-mirror="' + CSS.escape(c.getAttribute("data-issue")) + '"]');
      if (mirror) { mirror.value = c.value; }
      update();
    });
  });
  desk.querySelectorAll("[data-mirror]").forEach(function (m) {
    m.addEventListener("change", function () {
      document.getElementById("term-" + m.getAttribute("data-mirror")).value = m.value;
      update();
    });
  });
  if (lensSelect) {
    lensSelect.addEventListener("change", function () {
      render();
      listeners.forEach(function (fn) { fn("lens"); });
    });
  }

  window.zopa = {
    scenario: scenario, data: data, state: state, api: api, el: el, svg: svg,
    terms: terms, request: request, load: load, lens: lens, problemText: problemText,
    onChange: function (fn) { listeners.push(fn); }
  };
  update();
}());
