/* The network view: vis-network draws window.KGRAPH_NETWORK (network-data.js), whose
   positions were computed by the build (physics off). Click or find a node to highlight
   its neighbourhood; filter by kind (the legend) and by plan. */
(function () {
  "use strict";
  var started = performance.now();
  var data = window.KGRAPH_NETWORK;
  var root = document.body.getAttribute("data-root") || "";
  var container = document.getElementById("network");
  var hiddenFamilies = {};
  var plan = "";
  var colourOf = {};
  var byId = {};
  data.nodes.forEach(function (n) { colourOf[n.id] = n.color; byId[n.id] = n; });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var view = new vis.DataView(nodes, {
    filter: function (n) {
      return !hiddenFamilies[n.family] && (!plan || n.plans.indexOf(plan) >= 0);
    }
  });
  var network = new vis.Network(container, { nodes: view, edges: edges }, data.options);
  window.kgraphNetwork = { network: network, nodes: nodes, edges: edges, view: view };
  network.once("afterDrawing", function () {
    window.kgraphRenderMs = performance.now() - started;
    window.kgraphRenderedAt = performance.now();
    container.setAttribute("data-rendered", "true");
  });

  var dimmed = {};
  function highlight(id) {
    var keep = {};
    if (id !== null) {
      keep[id] = true;
      network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    }
    var updates = [];
    data.nodes.forEach(function (n) {
      var dim = id !== null && !keep[n.id];
      if (dim !== !!dimmed[n.id]) {
        dimmed[n.id] = dim;
        updates.push({ id: n.id, color: dim ? "#dde2e7" : colourOf[n.id],
                       font: { color: dim ? "#b8c0c8" : "#1f2933" } });
      }
    });
    if (updates.length) { nodes.update(updates); }
  }

  var panelTitle = document.getElementById("net-panel-title");
  var panelBody = document.getElementById("net-panel-body");
  var matches = document.getElementById("net-matches");

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function nodeButton(id) {
    var li = document.createElement("li");
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = byId[id].title.split("\n")[0];
    b.addEventListener("click", function () { select(id, true); });
    li.appendChild(b);
    return li;
  }

  function panel(id) {
    clear(panelBody);
    clear(matches);
    if (id === null) {
      panelTitle.textContent = "Nothing selected";
      panelBody.textContent = "Click a node or find one by name.";
      return;
    }
    var n = byId[id];
    panelTitle.textContent = n.title.split("\n")[0];
    var kind = document.createElement("span");
    kind.textContent = n.type + " · ";
    var a = document.createElement("a");
    a.href = root + n.url;
    a.textContent = "open its page";
    panelBody.appendChild(kind);
    panelBody.appendChild(a);
    var near = network.getConnectedNodes(id).slice().sort(function (x, y) {
      var lx = byId[x].title.toLowerCase(), ly = byId[y].title.toLowerCase();
      return lx < ly ? -1 : (lx > ly ? 1 : 0);
    });
    var head = document.createElement("li");
    head.className = "net-matches-head";
    head.textContent = near.length + " neighbours:";
    matches.appendChild(head);
    near.forEach(function (m) { matches.appendChild(nodeButton(m)); });
  }

  function select(id, move) {
    if (!view.get(id)) {
      hiddenFamilies = {};
      plan = "";
      document.querySelectorAll('.legend input[name="family"]').forEach(function (c) { c.checked = true; });
      document.getElementById("net-plan").value = "";
      view.refresh();
    }
    network.selectNodes([id]);
    if (move) { network.focus(id, { scale: 1.1, animation: false }); }
    highlight(id);
    panel(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0], false); } else { highlight(null); panel(null); }
  });

  document.getElementById("net-find").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("net-q").value.trim().toLowerCase();
    if (!q) { return; }
    var found = data.nodes.filter(function (n) {
      return n.title.toLowerCase().indexOf(q) >= 0;
    }).map(function (n) { return n.id; });
    if (!found.length) {
      panelTitle.textContent = "No node matches";
      clear(panelBody);
      clear(matches);
      return;
    }
    select(found[0], true);
    if (found.length > 1) {
      var head = document.createElement("li");
      head.className = "net-matches-head";
      head.textContent = found.length + " nodes match:";
      clear(matches);
      matches.appendChild(head);
      found.slice(0, 50).forEach(function (m) { matches.appendChild(nodeButton(m)); });
    }
  });

  document.querySelectorAll('.legend input[name="family"]').forEach(function (box) {
    box.addEventListener("change", function () {
      hiddenFamilies[box.value] = !box.checked;
      view.refresh();
    });
  });
  document.getElementById("net-plan").addEventListener("change", function (ev) {
    plan = ev.target.value;
    view.refresh();
    network.fit({ animation: false });
  });
  document.getElementById("net-reset").addEventListener("click", function () {
    hiddenFamilies = {};
    plan = "";
    document.querySelectorAll('.legend input[name="family"]').forEach(function (c) { c.checked = true; });
    document.getElementById("net-plan").value = "";
    view.refresh();
    network.unselectAll();
    highlight(null);
    panel(null);
    network.fit({ animation: false });
  });

  var hash = window.location.hash;
  if (hash.indexOf("#focus=") === 0) {
    var id = decodeURIComponent(hash.slice(7));
    if (byId[id]) { select(id, true); }
  }
})();
