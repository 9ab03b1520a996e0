/* kgraph explorer: scripts shared by every page. The search box is static/search.js
   (with the vendored MiniSearch); the network view is static/network.js. */
