/* The network view. window.KGRAPH_NETWORK (network-data.js) holds every entity and every
   stated link; the page draws one view at a time (the core, a plan's neighbourhood, a view
   widened by one step of links), with vis-network. Each view is laid out by vis-network's
   physics for the nodes drawn only (so a filtered view is laid out again) and then frozen.
   A click, the list of entities drawn or the find box selects a node: the side panel reads
   its links in words from its own end. Entities linked to nothing are listed in the page,
   not drawn. */
(function () {
  "use strict";
  var started = performance.now();
  var data = window.KGRAPH_NETWORK;
  var root = document.body.getAttribute("data-root") || "";
  var container = document.getElementById("network");
  var DIM = "#e4e8ec", DIM_TEXT = "#c9d0d6", TEXT = "#1f2933";

  var byId = {}, family = {}, planLabel = {}, adj = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; adj[n.id] = []; });
  data.families.forEach(function (f) { family[f.name] = f; });
  data.plans.forEach(function (p) { planLabel[p.slug] = p.label; });
  data.edges.forEach(function (e) {
    adj[e.from].push({ other: e.to, rel: e.rel, forward: true });
    adj[e.to].push({ other: e.from, rel: e.rel, forward: false });
  });

  function reading(link) {
    var r = data.relations[link.rel];
    return link.forward ? r.forward : r.inverse;
  }
  function byName(a, b) {
    var x = byId[a].label.toLowerCase(), y = byId[b].label.toLowerCase();
    return x < y ? -1 : (x > y ? 1 : (a < b ? -1 : 1));
  }
  function short(text, n) { return text.length <= n ? text : text.slice(0, n - 1) + "…"; }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function plansOf(n) {
    return n.plans.map(function (p) { return planLabel[p] || ""; }).filter(Boolean);
  }

  /* tooltips: elements built with textContent (never HTML) */
  function nodeTip(n) {
    var d = el("div", undefined, "net-tip");
    d.appendChild(el("strong", n.label));
    var plans = plansOf(n);
    d.appendChild(el("div", n.type + " · " + plural(n.degree, "link", "links") +
      (plans.length ? " · in " + short(plans[0], 60) + (plans.length > 1 ? " and " + (plans.length - 1) + " more" : "") : "")));
    return d;
  }
  function edgeTip(lines) {
    var d = el("div", undefined, "net-tip");
    lines.forEach(function (t) { d.appendChild(el("div", t)); });
    return d;
  }

  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: { enabled: false, solver: "forceAtlas2Based",
               forceAtlas2Based: { gravitationalConstant: -200, springLength: 130,
                                   centralGravity: 0.015, springConstant: 0.05,
                                   avoidOverlap: 0.8, damping: 0.5 },
               stabilization: { enabled: false } },
    edges: { smooth: false, color: { color: "#a7b1bc", highlight: "#1f2933", inherit: false },
             width: 1, selectionWidth: 1.5, hoverWidth: 0.5 },
    nodes: { borderWidth: 1, font: { color: TEXT, strokeWidth: 4, strokeColor: "#ffffff" },
             widthConstraint: { maximum: 190 } },
    interaction: { hover: true, tooltipDelay: 120, multiselect: false,
                   keyboard: { enabled: true, bindToWindow: false, autoFocus: false, speed: { x: 12, y: 12, zoom: 0.03 } },
                   navigationButtons: true, hideEdgesOnDrag: false, hideEdgesOnZoom: false }
  };

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  // the keys work on vis-network's own focusable frame: it carries the page's words
  var frame = container.querySelector(".vis-network");
  frame.setAttribute("role", "application");
  frame.setAttribute("aria-label", container.getAttribute("data-label"));
  frame.setAttribute("aria-describedby", "net-status");

  var state = { view: [], name: "core", hidden: {}, selected: null, drawn: [], laidOut: false };
  var placed = {};  // where each node was last laid out (a new view starts from there)
  var status = document.getElementById("net-status");

  function sizeOf(n) { return Math.min(34, 9 + 3.2 * Math.sqrt(n.degree)); }

  function item(n, hubs, dim) {
    var f = family[n.kind];
    var hub = hubs[n.id] || (!dim && state.hl && state.hl[n.id]);
    var it = { id: n.id, label: short(n.label, hub ? 70 : 44), shape: f.shape,
               size: sizeOf(n), title: nodeTip(n),
               color: dim ? { background: DIM, border: DIM, highlight: DIM, hover: DIM }
                          : { background: f.colour, border: "#1f2933",
                              highlight: { background: f.colour, border: "#000000" },
                              hover: { background: f.colour, border: "#000000" } },
               font: { size: hub ? (state.hubFont || 20) : (state.smallFont || 13), color: dim ? DIM_TEXT : TEXT,
                       strokeColor: dim ? "rgba(255,255,255,0)" : "#ffffff" } };
    // heavier nodes push harder in the layout: room for the longer and bigger labels
    it.mass = hub ? 2 : 1;
    it.widthConstraint = { maximum: Math.round(it.font.size * (hub ? 13 : 11)) };
    var p = placed[n.id];
    if (p) { it.x = p.x; it.y = p.y; }
    return it;
  }

  /* the nodes drawn: the view less the kinds unticked */
  function drawnIds() {
    return state.view.filter(function (id) { return !state.hidden[byId[id].kind]; });
  }

  function hubsOf(ids) {
    // the plans drawn and the most linked (a twelfth of the view, 6 to 16) have big labels
    var ranked = ids.slice().sort(function (a, b) { return byId[b].degree - byId[a].degree || (a < b ? -1 : 1); });
    var keep = Math.max(6, Math.min(12, Math.round(ids.length / 12)));
    var hubs = {};
    ranked.slice(0, keep).forEach(function (id) { hubs[id] = true; });
    ids.forEach(function (id) { if (byId[id].kind === "plan") { hubs[id] = true; } });
    return hubs;
  }

  /* label sizes for the scale the drawing opens at: hubs at least HUB_PX on screen,
     the rest at least SMALL_PX (in canvas units they grow as the view zooms out) */
  function fontSizes() {
    // a small view: every label readable as it opens (12 px; hubs 15 px). A larger one:
    // the hubs' labels readable (14 px), the rest at a fixed size, read by zooming in
    var scale = network.getScale() || 1;
    if (state.drawn.length <= 80) {
      state.hubFont = Math.max(20, 15 / scale);
      state.smallFont = Math.max(13, 12 / scale);
    } else {
      state.hubFont = Math.min(60, Math.max(20, 14 / scale));
      state.smallFont = 14;
    }
  }

  function edgesAmong(ids) {
    var inside = {};
    ids.forEach(function (id) { inside[id] = true; });
    var pairs = {}, out = [];
    ids.forEach(function (id) {
      adj[id].forEach(function (l) {
        if (!inside[l.other] || !l.forward) { return; }
        var a = id < l.other ? id : l.other, b = id < l.other ? l.other : id;
        var key = a + "\u0000" + b;
        var text = byId[id].label + " " + data.relations[l.rel].forward + " " + byId[l.other].label;
        if (!pairs[key]) { pairs[key] = { id: key, from: a, to: b, lines: [] }; out.push(pairs[key]); }
        if (pairs[key].lines.indexOf(text) < 0) { pairs[key].lines.push(text); }
      });
    });
    return out.map(function (e) { return { id: e.id, from: e.from, to: e.to, title: edgeTip(e.lines) }; });
  }

  function seedPositions(ids) {
    // a node new to the drawing starts beside a neighbour already placed (or near the middle)
    var spread = 40 * Math.sqrt(ids.length);
    var rnd = 1;
    function next() { rnd = (rnd * 16807) % 2147483647; return rnd / 2147483647 - 0.5; }
    ids.forEach(function (id) {
      if (placed[id]) { return; }
      var near = adj[id].map(function (l) { return placed[l.other]; }).filter(Boolean)[0];
      placed[id] = near ? { x: near.x + 60 * next(), y: near.y + 60 * next() }
                        : { x: spread * next(), y: spread * next() };
    });
  }

  var pending = null;
  function draw(layout) {
    var ids = drawnIds();
    state.drawn = ids;
    state.laidOut = false;
    seedPositions(ids);
    var hubs = hubsOf(ids);
    state.hubs = hubs;
    network.setOptions({ physics: { enabled: false } });
    nodes.clear();
    edges.clear();
    nodes.add(ids.map(function (id) { return item(byId[id], hubs, false); }));
    edges.add(edgesAmong(ids));
    legend();
    listDrawn();
    status.textContent = "Drawing " + plural(ids.length, "entity", "entities") + " (" + viewTitle() + ")…";
    if (pending) { clearTimeout(pending); }
    if (layout === false) { laidOut(); return; }  // (benchmarks: draw where the seeds put them)
    // lay out the nodes drawn: physics for a number of steps that falls with the view's size
    var steps = ids.length > 400 ? 150 : (ids.length > 150 ? 250 : 400);
    network.setOptions({ physics: { enabled: true } });
    pending = setTimeout(function () {
      pending = null;
      network.stabilize(steps);
    }, 0);
  }

  network.on("stabilizationIterationsDone", laidOut);
  function laidOut() {
    network.setOptions({ physics: { enabled: false } });
    var pos = network.getPositions();
    Object.keys(pos).forEach(function (id) { placed[id] = pos[id]; });
    state.laidOut = true;
    // labels readable at the scale the view opens at, then moved apart where they overlap
    for (var round = 0; round < 3; round++) {
      network.fit({ animation: false });
      fontSizes();
      restyle();
      if (round < 2 && !separate()) { break; }
    }
    if (state.selected && state.drawn.indexOf(state.selected) >= 0) {
      highlight(state.selected);
      if (state.focus) { closeUp(state.selected); }
    }
    state.focus = false;
    status.textContent = plural(state.drawn.length, "entity", "entities") + " drawn: " + viewTitle() + ".";
    network.once("afterDrawing", function () {
      if (window.kgraphRenderedAt === undefined) {
        window.kgraphRenderMs = performance.now() - started;
        window.kgraphRenderedAt = performance.now();
      }
      window.kgraphLaidOutAt = performance.now();
      container.setAttribute("data-rendered", "true");
    });
    network.redraw();
  }

  function restyle() {
    var pos = network.getPositions();
    nodes.update(state.drawn.map(function (d) {
      var it = item(byId[d], state.hubs, false);
      return { id: d, font: it.font, widthConstraint: it.widthConstraint, label: it.label,
               x: pos[d].x, y: pos[d].y };
    }));
    network.redraw();
  }

  /* push apart the boxes (node and label) that overlap; small views only */
  function separate() {
    var ids = state.drawn;
    if (ids.length > 300 || !ids.length) { return false; }
    var pos = network.getPositions(ids), box = [], pad = 6;
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      box.push({ id: id, x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2,
                 w: b.right - b.left + pad, h: b.bottom - b.top + pad });
    });
    var any = false;
    for (var it = 0; it < 80; it++) {
      var moved = false;
      for (var i = 0; i < box.length; i++) {
        for (var j = i + 1; j < box.length; j++) {
          var a = box[i], b = box[j];
          var ox = (a.w + b.w) / 2 - Math.abs(a.x - b.x), oy = (a.h + b.h) / 2 - Math.abs(a.y - b.y);
          if (ox <= 0 || oy <= 0) { continue; }
          moved = true;
          if (ox < oy) { var sx = (a.x < b.x ? -1 : 1) * ox / 2; a.x += sx; b.x -= sx; }
          else { var sy = (a.y < b.y ? -1 : 1) * oy / 2; a.y += sy; b.y -= sy; }
        }
      }
      if (!moved) { break; }
      any = true;
    }
    if (!any) { return false; }
    nodes.update(box.map(function (b) {
      var b0 = network.getBoundingBox(b.id), p = pos[b.id];
      var x = p.x + b.x - (b0.left + b0.right) / 2, y = p.y + b.y - (b0.top + b0.bottom) / 2;
      placed[b.id] = { x: x, y: y };
      return { id: b.id, x: x, y: y };
    }));
    network.redraw();
    return true;
  }

  function viewTitle() {
    if (state.name === "core") { return "the core"; }
    if (state.name === "all") { return "everything linked"; }
    if (state.name.indexOf("plan:") === 0) { return planLabel[state.name.slice(5)] + "'s neighbourhood"; }
    if (state.name.indexOf("near:") === 0) { return "the neighbourhood of " + byId[state.name.slice(5)].label; }
    return "widened view";
  }

  /* the legend counts the nodes of each kind in this view, drawn or not */
  function legend() {
    var inView = {};
    state.view.forEach(function (id) { var k = byId[id].kind; inView[k] = (inView[k] || 0) + 1; });
    document.querySelectorAll(".legend-count").forEach(function (span) {
      var k = span.getAttribute("data-family"), c = inView[k] || 0;
      span.textContent = state.hidden[k] ? "(" + c + " in this view, not drawn)" : "(" + c + ")";
    });
  }

  var listItems = document.getElementById("net-list-items");
  function nodeButton(id, text) {
    var b = el("button", text || byId[id].label);
    b.type = "button";
    b.setAttribute("data-node", id);
    b.addEventListener("click", function () { select(id, true); });
    return b;
  }
  function listDrawn() {
    clear(listItems);
    document.getElementById("net-list-count").textContent = state.drawn.length;
    var frag = document.createDocumentFragment();
    state.drawn.slice().sort(byName).forEach(function (id) {
      var li = el("li");
      li.appendChild(nodeButton(id));
      li.appendChild(el("span", " " + byId[id].type, "net-kind"));
      frag.appendChild(li);
    });
    listItems.appendChild(frag);
  }

  /* the selection: its neighbourhood in colour, drawn last (on top), the rest greyed */
  var dimmed = false;
  function highlight(id) {
    if (!state.laidOut) { return; }
    var keep = {};
    if (id !== null) {
      keep[id] = true;
      adj[id].forEach(function (l) { keep[l.other] = true; });
    }
    state.hl = id === null ? null : keep;
    var pos = network.getPositions();
    var front = [], back = [];
    state.drawn.forEach(function (d) {
      var it = item(byId[d], state.hubs, id !== null && !keep[d]);
      it.x = pos[d].x; it.y = pos[d].y;
      (id === null || !keep[d] ? back : front).push(it);
    });
    if (id === null && !dimmed) { return; }
    // vis-network draws nodes in the order they were added: put the highlighted ones last
    nodes.clear();
    nodes.add(back.concat(front));
    dimmed = id !== null;
    if (id !== null) { network.selectNodes([id], true); }
  }

  var panelTitle = document.getElementById("net-panel-title");
  var panelBody = document.getElementById("net-panel-body");
  var matches = document.getElementById("net-matches");

  function panel(id) {
    clear(panelBody);
    clear(matches);
    if (id === null) {
      panelTitle.textContent = "Nothing selected";
      panelBody.appendChild(el("p", "Click a node, pick one from the list of entities drawn or find one by name."));
      return;
    }
    var n = byId[id];
    panelTitle.textContent = n.label;
    var kind = el("p", undefined, "net-what");
    kind.appendChild(el("span", "A " + n.type + ". "));
    var plans = plansOf(n).filter(function (p) { return p !== n.label; });
    if (plans.length) { kind.appendChild(el("span", (plans.length === 1 ? "Plan: " : "Plans: ") + plans.join("; ") + ". ")); }
    var a = el("a", "Open its page");
    a.href = root + n.url;
    kind.appendChild(a);
    panelBody.appendChild(kind);
    // its links, read from its own end, grouped by how they read
    var groups = {}, seen = {};
    adj[id].forEach(function (l) {
      var words = reading(l), key = words + "\u0000" + l.other;
      if (seen[key]) { return; }
      seen[key] = true;
      (groups[words] = groups[words] || []).push(l.other);
    });
    var phrases = Object.keys(groups).sort();
    if (!phrases.length) {
      panelBody.appendChild(el("p", "Linked to nothing in the graph, so it is not drawn."));
      return;
    }
    panelBody.appendChild(el("p", plural(n.degree, "entity is", "entities are") + " linked to it:", "net-links-head"));
    var dl = el("dl", undefined, "net-links");
    phrases.forEach(function (words) {
      dl.appendChild(el("dt", n.label.length > 50 ? "It " + words : short(n.label, 50) + " " + words));
      groups[words].sort(byName).forEach(function (other) {
        var dd = el("dd");
        dd.appendChild(nodeButton(other));
        dd.appendChild(el("span", " " + byId[other].type, "net-kind"));
        dl.appendChild(dd);
      });
    });
    panelBody.appendChild(dl);
  }

  function select(id, move) {
    var n = byId[id];
    if (!n) { return; }
    state.selected = id;
    panel(id);
    if (!n.degree) { highlight(null); network.unselectAll(); return; }
    if (state.hidden[n.kind] || state.view.indexOf(id) < 0) {
      // not in this view: show its neighbourhood instead
      state.hidden[n.kind] = false;
      var box = document.querySelector('.legend input[value="' + n.kind + '"]');
      if (box) { box.checked = true; }
      state.focus = move;
      show(neighbourhood(id), "near:" + id);
      return;
    }
    highlight(id);
    if (move) { closeUp(id); }
  }

  /* hubs' labels stay readable, and no larger, as the view zooms in and out */
  function rehub() {
    if (!state.laidOut || !state.hubs) { return; }
    var size = Math.max(state.smallFont || 14, Math.min(60, 15 / (network.getScale() || 1)));
    if (state.hubFont && Math.abs(size - state.hubFont) / state.hubFont < 0.1) { return; }
    state.hubFont = size;
    var big = {};
    Object.keys(state.hubs).concat(Object.keys(state.hl || {})).forEach(function (id) { big[id] = true; });
    var ids = Object.keys(big).filter(function (id) { return nodes.get(id); });
    nodes.update(ids.map(function (id) {
      return { id: id, font: { size: size }, widthConstraint: { maximum: Math.round(size * 13) } };
    }));
  }
  var rehubTimer = null;
  network.on("zoom", function () {
    if (rehubTimer) { clearTimeout(rehubTimer); }
    rehubTimer = setTimeout(function () { rehubTimer = null; rehub(); }, 120);
  });

  /* bring the selection and its neighbours into view, near enough to read their labels */
  function closeUp(id) {
    var ids = [id];
    adj[id].forEach(function (l) { if (state.drawn.indexOf(l.other) >= 0) { ids.push(l.other); } });
    network.fit({ nodes: ids, animation: false });
    if (network.getScale() > 1.2) {
      network.moveTo({ position: network.getPosition(id), scale: 1.2, animation: false });
    }
    state.hubFont = null;
    rehub();
  }

  function neighbourhood(id) {
    var ids = [id];
    adj[id].forEach(function (l) { if (ids.indexOf(l.other) < 0) { ids.push(l.other); } });
    return ids.slice(0, data.view_cap);
  }

  function show(ids, name, layout) {
    state.view = ids.slice();
    state.name = name;
    var sel = document.getElementById("net-view");
    sel.value = name;
    if (sel.value !== name) { sel.selectedIndex = -1; }
    dimmed = false;
    draw(layout);
  }

  function planView(slug) {
    return data.nodes.filter(function (n) { return n.degree && n.plans.indexOf(slug) >= 0; })
      .map(function (n) { return n.id; });
  }

  function widen() {
    var inView = {};
    state.view.forEach(function (id) { inView[id] = true; });
    var extra = [];
    state.view.forEach(function (id) {
      adj[id].forEach(function (l) { if (!inView[l.other]) { inView[l.other] = true; extra.push(l.other); } });
    });
    var room = data.view_cap - state.view.length;
    if (!extra.length) { status.textContent = "This view already holds every neighbour of its nodes."; return; }
    if (room <= 0) { status.textContent = "This view is as large as one drawing stays responsive with (" + data.view_cap + ")."; return; }
    extra.sort(function (a, b) { return byId[b].degree - byId[a].degree || (a < b ? -1 : 1); });
    show(state.view.concat(extra.slice(0, room)), "wider");
  }

  /* vis-network hits a node's shape only: a click on its label selects it too */
  function labelAt(point) {
    var order = network.body.nodeIndices;
    for (var i = order.length - 1; i >= 0; i--) {
      var b = network.getBoundingBox(order[i]);
      if (b && point.x >= b.left && point.x <= b.right && point.y >= b.top && point.y <= b.bottom) {
        return order[i];
      }
    }
    return null;
  }
  network.on("click", function (params) {
    var hit = params.nodes.length ? params.nodes[0] : labelAt(params.pointer.canvas);
    if (hit !== null) { select(hit, false); }
    else if (!params.edges.length) { state.selected = null; highlight(null); panel(null); network.unselectAll(); }
  });

  document.getElementById("net-view").addEventListener("change", function (ev) {
    var v = ev.target.value;
    state.selected = null;
    panel(null);
    if (v === "core") { show(data.core, "core"); }
    else if (v === "all") { show(data.nodes.filter(function (n) { return n.degree; }).map(function (n) { return n.id; }), "all"); }
    else if (v.indexOf("plan:") === 0) { show(planView(v.slice(5)), v); }
  });
  document.getElementById("net-widen").addEventListener("click", widen);
  document.getElementById("net-reset").addEventListener("click", function () {
    state.hidden = {};
    document.querySelectorAll('.legend input[name="family"]').forEach(function (c) { c.checked = true; });
    state.selected = null;
    panel(null);
    show(data.core, "core");
  });
  document.querySelectorAll('.legend input[name="family"]').forEach(function (box) {
    box.addEventListener("change", function () {
      state.hidden[box.value] = !box.checked;
      if (state.selected && state.hidden[byId[state.selected].kind]) { state.selected = null; panel(null); }
      dimmed = false;
      draw();
    });
  });

  document.getElementById("net-find").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("net-q").value.trim().toLowerCase();
    if (!q) { return; }
    var found = data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; })
      .map(function (n) { return n.id; });
    found.sort(function (a, b) {
      var x = byId[a].label.toLowerCase() === q, y = byId[b].label.toLowerCase() === q;
      return (y - x) || byName(a, b);
    });
    if (!found.length) {
      panelTitle.textContent = "No entity's name contains “" + q + "”";
      clear(panelBody);
      clear(matches);
      return;
    }
    select(found[0], true);
    if (found.length > 1) {
      matches.appendChild(el("li", found.length + " names match:", "net-matches-head"));
      found.slice(0, 50).forEach(function (m) { var li = el("li"); li.appendChild(nodeButton(m)); matches.appendChild(li); });
    }
  });

  window.kgraphNetwork = { network: network, nodes: nodes, edges: edges, state: state,
                           show: show, select: select, widen: widen, data: data };

  var hash = window.location.hash;
  if (hash.indexOf("#focus=") === 0) {
    var id = decodeURIComponent(hash.slice(7));
    if (byId[id]) { select(id, true); return; }
  }
  show(data.core, "core");
})();
