// The scenario editor: checks the text as it changes (POST /api/scenarios/validate) and marks
// the lines with problems in the gutter; each problem links to its line. Text from the server
// is written as text, never as markup.
(function () {
  "use strict";
  var area = document.getElementById("yaml");
  var gutter = document.getElementById("gutter");
  var list = document.getElementById("problems");
  var validity = document.getElementById("validity");
  if (!area) { return; }
  var token = new URLSearchParams(window.location.search).get("token");
  var timer = null;
  var seq = 0;

  function paintGutter(bad) {
    var n = area.value.split("\n").length;
    gutter.textContent = "";
    for (var i = 1; i <= n; i++) {
      var span = document.createElement("span");
      span.textContent = String(i);
      if (bad[i]) { span.className = "bad"; span.title = bad[i]; }
      gutter.appendChild(span);
      gutter.appendChild(document.createTextNode("\n"));
    }
    gutter.scrollTop = area.scrollTop;
  }

  function goTo(line) {
    var lines = area.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1] || "").length);
    var height = parseFloat(window.getComputedStyle(area).lineHeight) || 18;
    area.scrollTop = Math.max(0, (line - 4) * height);
    gutter.scrollTop = area.scrollTop;
  }

  function show(problems) {
    var bad = {};
    list.textContent = "";
    problems.forEach(function (p) {
      var li = document.createElement("li");
      if (p.line) {
        bad[p.line] = p.message;
        var a = document.createElement("a");
        a.href = "#";
        a.textContent = "line " + p.line;
        a.setAttribute("data-line", String(p.line));
        li.appendChild(a);
        li.appendChild(document.createTextNode(": "));
      }
      if (p.path) {
        var code = document.createElement("code");
        code.textContent = p.path;
        li.appendChild(code);
        li.appendChild(document.createTextNode(": "));
      }
      li.appendChild(document.createTextNode(p.message));
      list.appendChild(li);
    });
    paintGutter(bad);
  }

  function check() {
    var mine = ++seq;
    var headers = { "content-type": "application/json" };
    if (token) { headers["X-Zopa-Token"] = token; }
    fetch("/api/scenarios/validate", {
      method: "POST", headers: headers, body: JSON.stringify({ text: area.value })
    }).then(function (r) { return r.json(); }).then(function (doc) {
      if (mine !== seq) { return; }
      var problems = doc.problems || [];
      validity.className = "validity " + (doc.valid ? "valid" : "invalid");
      validity.textContent = doc.valid ? "valid" :
        problems.length + (problems.length === 1 ? " problem" : " problems");
      show(problems);
    }).catch(function () {
      validity.className = "validity invalid";
      validity.textContent = "could not check the text (is the server running?)";
    });
  }

  area.addEventListener("input", function () {
    paintGutter({});
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
  area.addEventListener("scroll", function () { gutter.scrollTop = area.scrollTop; });
  list.addEventListener("click", function (e) {
    var line = e.target.getAttribute && e.target.getAttribute("data-line");
    if (line) { e.preventDefault(); goTo(parseInt(line, 10)); }
  });
  check();
})();
