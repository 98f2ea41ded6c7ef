/* Client-side search over the prebuilt index in search/ (written by paperbrief.render.site_search).
   Index files are JSON literals passed to PB_SEARCH.meta/shard/docs; a query loads only the shards of its
   words and the document chunks of the results it shows. Results are built with textContent only. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script ? script.src.replace(/static\/search\.js(?:[?#].*)?$/, "") : "";
  var CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff";
  var WORD = new RegExp("[" + CJK + "]+|(?:(?![" + CJK + "])[\\p{L}\\p{N}])+", "gu");
  var IS_CJK = new RegExp("^[" + CJK + "]");
  var waiting = {}, loading = {}, meta = null, shards = {}, docs = [];

  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        waiting[name] = resolve;
        var s = document.createElement("script");
        s.src = root + "search/" + name;
        s.async = true;
        s.onerror = function () { reject(new Error("cannot load " + name)); };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }
  function arrived(name) { if (waiting[name]) { waiting[name](); delete waiting[name]; } }

  function fold(s) { return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase(); }

  // The query's terms, as the index's tokens: words (each a prefix), CJK runs as character pairs.
  function terms(q) {
    var out = [], words = fold(q).match(WORD) || [];
    words.forEach(function (w) {
      if (IS_CJK.test(w) && w.length > 1) {
        for (var i = 0; i + 1 < w.length; i++) { out.push(w.slice(i, i + 2)); }
      } else { out.push(w); }
    });
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }
  function shardKey(t) {
    var c = t[0];
    return (c >= "a" && c <= "z") || (c >= "0" && c <= "9") ? c : "x" + (t.codePointAt(0) % 32);
  }

  // Ids of the documents holding a token that starts with `term`, ascending.
  function matches(term) {
    var sh = shards[shardKey(term)];
    if (!sh) { return []; }
    var toks = sh.tokens, lo = 0, hi = toks.length, seen = {}, ids = [];
    while (lo < hi) { var mid = (lo + hi) >> 1; if (toks[mid] < term) { lo = mid + 1; } else { hi = mid; } }
    for (var i = lo; i < toks.length && toks[i].lastIndexOf(term, 0) === 0; i++) {
      var n = 0, list = sh.postings[i];
      for (var j = 0; j < list.length; j++) { n += list[j]; if (!seen[n]) { seen[n] = true; ids.push(n); } }
    }
    return i - lo > 1 ? ids.sort(function (a, b) { return a - b; }) : ids;
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) { i++; } else { j++; }
    }
    return out;
  }

  // {count, rows: [[slug, title, authors, date, topic], …]} for the first `limit` hits, newest first.
  function query(q, limit) {
    var ts = terms(q);
    if (!ts.length) { return Promise.resolve({count: 0, rows: []}); }
    return load("meta.js").then(function () {
      var need = ts.map(shardKey).filter(function (k) { return meta.shards.indexOf(k) >= 0; });
      if (need.length < ts.length) { return {count: 0, rows: []}; }
      return Promise.all(need.map(function (k) { return load("s-" + k + ".js"); })).then(function () {
        var ids = null;
        ts.forEach(function (t) { ids = ids === null ? matches(t) : intersect(ids, matches(t)); });
        var shown = ids.slice(0, limit || 50), chunks = {};
        shown.forEach(function (n) { chunks[Math.floor(n / meta.chunk)] = true; });
        return Promise.all(Object.keys(chunks).map(function (c) { return load("d-" + c + ".js"); })).then(function () {
          return {count: ids.length, rows: shown.map(function (n) { return docs[n]; })};
        });
      });
    });
  }

  window.PB_SEARCH = {
    query: query, terms: terms, root: root,
    meta: function (m) { meta = m; arrived("meta.js"); },
    shard: function (s) { shards[s.key] = s; arrived("s-" + s.key + ".js"); },
    docs: function (d) {
      for (var i = 0; i < d.rows.length; i++) { docs[d.start + i] = d.rows[i]; }
      arrived("d-" + Math.floor(d.start / meta.chunk) + ".js");
    }
  };

  // The search box of a page, when it has one.
  var box = document.getElementById("search"), list = document.getElementById("results"),
      status = document.getElementById("result-count"), hideWhenSearching = document.getElementById("latest");
  if (!box || !list) { return; }
  var unit = box.getAttribute("data-unit") || "", turn = 0;
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) { e.className = cls; } if (text) { e.textContent = text; } return e; }
  function show(q) {
    var mine = ++turn;
    if (!q.trim()) {
      list.replaceChildren(); status.textContent = ""; list.hidden = true;
      if (hideWhenSearching) { hideWhenSearching.hidden = false; }
      return;
    }
    query(q, 50).then(function (res) {
      if (mine !== turn) { return; }
      var items = res.rows.map(function (r) {
        var li = el("li", "paper hit"), a = el("a", "title tex", r[1]);
        a.href = root + "papers/" + encodeURIComponent(r[0]) + ".html";
        li.appendChild(a);
        li.appendChild(el("div", "meta", r[2] + " · " + r[4] + " · " + r[3]));
        return li;
      });
      list.replaceChildren.apply(list, items);
      list.hidden = false;
      status.textContent = res.count + " " + unit;
      if (hideWhenSearching) { hideWhenSearching.hidden = true; }
      if (window.PB_MATH) { window.PB_MATH(list); }
    }).catch(function (e) { status.textContent = String(e.message || e); });
  }
  box.addEventListener("input", function () { show(box.value); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { box.value = initial; }
  if (box.value) { show(box.value); }
})();
