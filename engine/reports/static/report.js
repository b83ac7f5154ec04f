/* lineage-policy governance report: filters, pagination and per-asset panels.
   Written for this project (Apache-2.0); no third-party code and no network access.
   User data is only ever inserted with textContent or setAttribute, never parsed as HTML. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("lp-data").textContent);
  var ASSETS = DATA.assets;
  var INDEX = {};
  ASSETS.forEach(function (a, i) { INDEX[a.id] = i; });
  var SVG_NS = (function () {
    var d = document.createElement("div");
    d.innerHTML = "<svg></svg>"; // a constant: learn the SVG namespace without writing its URL
    return d.firstChild.namespaceURI;
  })();
  var SIZE = { findings: 25, assets: 50 };
  var DEPTH = 2, CAP = 8; // the lineage neighbourhood drawn per asset: bounded, never the whole graph

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function clip(s, n) { s = String(s); return s.length <= n ? s : s.slice(0, n - 1) + "\u2026"; }
  function words(q) { return q.toLowerCase().split(/\s+/).filter(Boolean); }
  function hasAll(text, ws) { return ws.every(function (w) { return text.indexOf(w) >= 0; }); }
  function assetHref(id) { return "#asset/" + encodeURIComponent(id); }

  function pager(box, total, state, size, redraw) {
    box.textContent = "";
    var pages = Math.ceil(total / size);
    if (pages <= 1) return;
    function button(label, page, current) {
      var b = el("button", current ? "current" : "", label);
      b.type = "button";
      b.disabled = page < 0 || page >= pages;
      b.addEventListener("click", function () { state.page = page; redraw(); });
      box.appendChild(b);
    }
    button("\u2039 Prev", state.page - 1, false);
    var lo = Math.max(0, state.page - 3), hi = Math.min(pages, lo + 7);
    for (var p = lo; p < hi; p++) button(String(p + 1), p, p === state.page);
    button("Next \u203a", state.page + 1, false);
  }

  function shownRange(state, total, size) {
    state.page = Math.max(0, Math.min(state.page, Math.ceil(total / size) - 1));
    return [state.page * size, Math.min(total, (state.page + 1) * size)];
  }

  /* ---- Findings: server-rendered cards, filtered and paginated here ---- */
  var fState = { page: 0 };
  // the open findings; those a change fixed (`check --base`) are listed apart, in #f-fixed
  var fCards = Array.prototype.slice.call(document.querySelectorAll("#f-list details.finding"));

  function findingShown(d) {
    var ws = words($("f-search").value), sev = $("f-sev").value, pol = $("f-policy").value;
    var change = $("f-change") ? $("f-change").value : "";
    if (sev && d.dataset.sev !== sev) return false;
    if (change && d.dataset.change !== change) return false;
    if (pol && d.dataset.policy !== pol) return false;
    if (!$("f-waived").checked && d.dataset.waived === "1") return false;
    return hasAll(d.dataset.search, ws);
  }

  function renderFindings() {
    var shown = fCards.filter(findingShown);
    var r = shownRange(fState, shown.length, SIZE.findings);
    fCards.forEach(function (d) { d.hidden = true; });
    shown.slice(r[0], r[1]).forEach(function (d) { d.hidden = false; });
    $("f-count").textContent = shown.length
      ? "Showing " + (r[0] + 1) + "\u2013" + r[1] + " of " + shown.length + " findings"
      : "No finding matches";
    pager($("f-pager"), shown.length, fState, SIZE.findings, renderFindings);
  }

  function revealFinding(anchor) {
    var card = $(anchor);
    if (!card || !card.classList.contains("finding")) return;
    if (fCards.indexOf(card) >= 0) {
      if (!findingShown(card)) {
        $("f-search").value = ""; $("f-sev").value = ""; $("f-policy").value = "";
        $("f-waived").checked = true;
        if ($("f-change")) $("f-change").value = "";
      }
      fState.page = Math.floor(fCards.filter(findingShown).indexOf(card) / SIZE.findings);
      renderFindings();
    }
    card.open = true;
    card.scrollIntoView({ block: "start" });
  }

  /* ---- Assets: list and panels rendered from the embedded JSON ---- */
  var aState = { page: 0 };

  function openFindings(a) {
    return a.f.map(function (i) { return DATA.findings[i]; }).filter(function (f) { return !f[4]; });
  }

  function assetShown(a, ws, zone, owner, tag, taggedOnly) {
    if (zone && a.z !== zone) return false;
    if (owner && (a.o || "(no owner)") !== owner) return false;
    if (tag && a.t.indexOf(tag) < 0) return false;
    if (taggedOnly && !a.t.length) return false;
    if (!ws.length) return true;
    var text = [a.id, a.o || "", a.z || "", a.d || "", a.t.join(" ")]
      .concat(a.c.map(function (c) { return c[0]; })).join(" ").toLowerCase();
    return hasAll(text, ws);
  }

  function tagPill(tag) {
    return el("span", "tag lvl-" + (DATA.levels[tag] || 0), tag);
  }

  function assetRow(a) {
    var tr = el("tr"), open = openFindings(a);
    if (open.some(function (f) { return f[1] === "error"; })) tr.className = "has-error";
    var link = el("a", "asset", a.id);
    link.href = assetHref(a.id);
    var first = el("td"); first.appendChild(link); tr.appendChild(first);
    tr.appendChild(el("td", "", a.z || "\u2014"));
    tr.appendChild(el("td", "", a.o || "\u2014"));
    var tags = el("td");
    a.t.slice(0, 4).forEach(function (t) { tags.appendChild(tagPill(t)); });
    if (a.t.length > 4) tags.appendChild(el("span", "muted", " +" + (a.t.length - 4)));
    tr.appendChild(tags);
    tr.appendChild(el("td", "num", open.length || ""));
    tr.appendChild(el("td", "num", a.u.length || ""));
    tr.appendChild(el("td", "num", a.n.length || ""));
    return tr;
  }

  function renderAssets() {
    var ws = words($("a-search").value), zone = $("a-zone").value, owner = $("a-owner").value;
    var tag = $("a-tag").value, tagged = $("a-tagged").checked;
    var shown = ASSETS.filter(function (a) { return assetShown(a, ws, zone, owner, tag, tagged); });
    var r = shownRange(aState, shown.length, SIZE.assets);
    var body = document.querySelector("#a-table tbody");
    body.textContent = "";
    shown.slice(r[0], r[1]).forEach(function (a) { body.appendChild(assetRow(a)); });
    $("a-count").textContent = shown.length
      ? "Showing " + (r[0] + 1) + "\u2013" + r[1] + " of " + shown.length + " assets"
      : "No asset matches";
    pager($("a-pager"), shown.length, aState, SIZE.assets, renderAssets);
  }

  function neighbourhood(center) {
    var layerOf = {}, layers = { 0: [center] };
    layerOf[center] = 0;
    [["u", -1], ["n", 1]].forEach(function (dir) {
      var frontier = [center];
      for (var d = 1; d <= DEPTH; d++) {
        var next = [];
        frontier.forEach(function (j) {
          ASSETS[j][dir[0]].forEach(function (k) {
            if (!(k in layerOf)) { layerOf[k] = dir[1] * d; next.push(k); }
          });
        });
        next.sort(function (x, y) { return ASSETS[x].id < ASSETS[y].id ? -1 : 1; });
        layers[dir[1] * d] = next;
        frontier = next.slice(0, CAP); // only what is drawn is expanded further
      }
    });
    return { layerOf: layerOf, layers: layers };
  }

  var W = 184, H = 44, GAP = 50, VGAP = 12, PAD = 8, HEAD = 20;

  function lineageSvg(center) {
    var nb = neighbourhood(center), keys = [], pos = {}, rows = 1;
    for (var l = -DEPTH; l <= DEPTH; l++) if (nb.layers[l] && nb.layers[l].length) keys.push(l);
    keys.forEach(function (l) {
      var n = nb.layers[l].length;
      rows = Math.max(rows, Math.min(n, CAP) + (n > CAP ? 1 : 0));
    });
    var width = keys.length * W + (keys.length - 1) * GAP + 2 * PAD;
    var height = HEAD + rows * (H + VGAP) + PAD;
    var root = svg("svg", { "class": "lineage", width: width, height: height,
      viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": "table-level lineage" });
    var edges = svg("g"), nodes = svg("g");
    root.appendChild(edges); root.appendChild(nodes);
    keys.forEach(function (l, col) {
      var list = nb.layers[l], shown = list.slice(0, CAP);
      var count = shown.length + (list.length > CAP ? 1 : 0);
      var x = PAD + col * (W + GAP), y0 = HEAD + ((rows - count) * (H + VGAP)) / 2;
      var label = l === 0 ? "this asset" : (l < 0 ? "upstream " + -l : "downstream " + l);
      root.appendChild(svg("text", { "class": "layer", x: x, y: 12 }, label));
      shown.forEach(function (j, row) {
        pos[j] = { x: x, y: y0 + row * (H + VGAP) };
        nodes.appendChild(assetNode(j, pos[j], j === center));
      });
      if (list.length > CAP) {
        var g = svg("g", { "class": "anode more" }), y = y0 + CAP * (H + VGAP);
        g.appendChild(svg("rect", { x: x, y: y, width: W, height: H, rx: 7 }));
        g.appendChild(svg("text", { "class": "a-sub", x: x + 12, y: y + 26 }, "+" + (list.length - CAP) + " more (see the asset list)"));
        nodes.appendChild(g);
      }
    });
    Object.keys(pos).forEach(function (j) {
      ASSETS[j].n.forEach(function (k) {
        if (pos[k] && nb.layerOf[k] > nb.layerOf[j]) edges.appendChild(edge(pos[j], pos[k]));
      });
    });
    return root;
  }

  function edge(a, b) {
    var x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x - 6, y2 = b.y + H / 2, mid = (x1 + x2) / 2;
    var g = svg("g", { "class": "edge" });
    g.appendChild(svg("path", { d: "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2 }));
    g.appendChild(svg("polygon", { points: (x2 + 6) + "," + y2 + " " + (x2 - 2) + "," + (y2 - 4.5) + " " + (x2 - 2) + "," + (y2 + 4.5) }));
    return g;
  }

  function assetNode(j, p, focus) {
    var a = ASSETS[j], open = openFindings(a);
    var cls = "anode" + (focus ? " focus" : "") + (open.some(function (f) { return f[1] === "error"; }) ? " has-error" : "");
    var g = svg("g", { "class": cls, tabindex: 0 });
    g.appendChild(svg("title", {}, a.id + (a.t.length ? "\ntags: " + a.t.join(", ") : "")));
    g.appendChild(svg("rect", { x: p.x, y: p.y, width: W, height: H, rx: 7 }));
    g.appendChild(svg("text", { "class": "a-name", x: p.x + 10, y: p.y + 18 }, clip(a.id, 21)));
    g.appendChild(svg("text", { "class": "a-sub", x: p.x + 10, y: p.y + 34 }, clip((a.z || "no zone") + " \u00b7 " + (a.o || "no owner"), 28)));
    if (a.t.length) {
      var top = Math.max.apply(null, a.t.map(function (t) { return DATA.levels[t] || 0; }));
      g.appendChild(svg("circle", { "class": "dot-" + top, cx: p.x + W - 12, cy: p.y + 12, r: 4.5 }));
    }
    g.addEventListener("click", function () { location.hash = assetHref(a.id); });
    return g;
  }

  function fact(dl, label, value) {
    dl.appendChild(el("dt", "", label));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = value;
    dl.appendChild(dd);
  }

  function codeList(items) {
    var span = el("span");
    if (!items.length) span.textContent = "none";
    items.forEach(function (t, i) { if (i) span.appendChild(document.createTextNode(", ")); span.appendChild(el("code", "", t)); });
    return span;
  }

  function columnsTable(a) {
    var table = el("table", "data"), head = el("tr");
    ["Column", "Tags (declared / derived, with origin)", "Description"].forEach(function (h) { head.appendChild(el("th", "", h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    a.c.forEach(function (c) {
      var tr = el("tr"), tags = el("td");
      tr.appendChild(el("td")).appendChild(el("code", "", c[0]));
      c[2].forEach(function (t) {
        var div = el("div");
        div.appendChild(tagPill(t[0]));
        div.appendChild(el("span", "sub", t[1] ? " declared here" : " derived from " + t[2] + " (" + t[3] + ")" + (t[4] ? ", masked" : "")));
        tags.appendChild(div);
      });
      tr.appendChild(tags);
      tr.appendChild(el("td", "sub", c[1] || ""));
      body.appendChild(tr);
    });
    return table;
  }

  function findingLinks(a) {
    var box = el("div");
    if (!a.f.length) box.appendChild(el("span", "muted", "none"));
    a.f.forEach(function (i) {
      var f = DATA.findings[i], row = el("div"), link = el("a", "", " " + f[2] + " \u2014 " + f[3]);
      link.href = "#f-" + f[0];
      row.appendChild(el("span", "badge " + (f[4] ? "waived" : "sev-" + f[1]), f[4] ? "waived" : f[1]));
      row.appendChild(link);
      box.appendChild(row);
    });
    return box;
  }

  function showAsset(id) {
    var panel = $("asset-panel"), i = INDEX[id];
    if (i === undefined) return;
    var a = ASSETS[i];
    panel.textContent = "";
    var close = el("button", "close", "Close");
    close.type = "button";
    close.addEventListener("click", function () { panel.hidden = true; location.hash = "#assets"; });
    panel.appendChild(close);
    panel.appendChild(el("h3", "title", a.id));
    if (a.d) panel.appendChild(el("p", "lead", a.d));
    var cols = panel.appendChild(el("div", "cols2")), left = cols.appendChild(el("div"));
    var dl = left.appendChild(el("dl", "meta"));
    var clearance = a.o && DATA.teams[a.o] ? " (cleared for: " + (DATA.teams[a.o].join(", ") || "nothing") + ")" : "";
    fact(dl, "Owner", (a.o || "none") + clearance);
    fact(dl, "Zone", a.z || "none");
    fact(dl, "Retention", a.r === null || a.r === undefined ? "not set" : a.r + " days");
    fact(dl, "Catalog", (a.k ? "declared" : "discovered from SQL") + (a.snk ? " \u00b7 sink" : "") + (a.src ? " \u00b7 source" : ""));
    fact(dl, "Table-level tags", codeList(a.dt));
    var right = cols.appendChild(el("div")), dl2 = right.appendChild(el("dl", "meta"));
    fact(dl2, "Written by", codeList(a.w));
    fact(dl2, "Read by", codeList(a.rd));
    fact(dl2, "Findings", findingLinks(a));
    panel.appendChild(el("h4", "", "Lineage (table level, up to " + DEPTH + " hops each way)"));
    var scroll = panel.appendChild(el("div", "graph-scroll"));
    scroll.appendChild(lineageSvg(i));
    panel.appendChild(el("h4", "", "Columns"));
    panel.appendChild(columnsTable(a));
    panel.hidden = false;
    panel.scrollIntoView({ block: "start" });
  }

  /* ---- Wiring ---- */
  function route() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (h.indexOf("asset/") === 0) showAsset(h.slice(6));
    else if (h.indexOf("f-") === 0) revealFinding(h);
  }

  // Text boxes redraw as you type; selects and boxes on change. Never both: a redraw on the
  // "change" a blur fires would replace the row a click is landing on.
  function listen(ids, state, redraw) {
    ids.forEach(function (id) {
      var input = $(id), kind = input.type === "search" ? "input" : "change";
      input.addEventListener(kind, function () { state.page = 0; redraw(); });
    });
  }
  listen(["f-search", "f-sev", "f-policy", "f-waived"].concat($("f-change") ? ["f-change"] : []),
         fState, renderFindings);
  listen(["a-search", "a-zone", "a-owner", "a-tag", "a-tagged"], aState, renderAssets);
  document.addEventListener("click", function (ev) {
    var t = ev.target.closest ? ev.target.closest("[data-filter-sev],[data-filter-policy],[data-filter-tag]") : null;
    if (!t) return;
    if (t.dataset.filterTag !== undefined) {
      $("a-search").value = "";
      $("a-tag").value = t.dataset.filterTag;
      $("a-zone").value = t.dataset.filterZone || "";
      $("a-owner").value = t.dataset.filterOwner || "";
      aState.page = 0; renderAssets();
    } else {
      $("f-search").value = "";
      $("f-sev").value = t.dataset.filterSev || "";
      $("f-policy").value = t.dataset.filterPolicy || "";
      fState.page = 0; renderFindings();
    }
  });
  window.addEventListener("hashchange", route);
  renderFindings();
  renderAssets();
  route();
})();
