/* microrisk report pages: charts, tables, the planner's search and the
 * unit page. Written once into the report's lib/ folder and loaded by a
 * relative path, so a copied or zipped report works offline.
 *
 * Safety: every text from the data is put into the page with textContent
 * or as an attribute value set through the DOM, never as HTML. Links are
 * built here from unit ids ("unit.html#" + encodeURIComponent(id)); data
 * files only hold ids. Data arrives as JSON in data/*.js files that call
 * microrisk.put(name, value) (a script element works from file://, where
 * fetch does not). */
(function () {
  "use strict";
  var M = window.microrisk = window.microrisk || {};
  var store = {}, waiting = {};

  /* ---- data files ---- */
  M.put = function (name, value) {
    store[name] = value;
    var cbs = waiting[name] || [];
    delete waiting[name];
    for (var i = 0; i < cbs.length; i++) { cbs[i](value); }
  };
  M.get = function (name) { return store[name]; };
  /* need loads src (a data file) once and calls cb with what it put under
   * name, or with null when the file cannot be read. */
  M.need = function (src, name, cb) {
    if (store[name] !== undefined) { cb(store[name]); return; }
    var first = !waiting[name];
    (waiting[name] = waiting[name] || []).push(cb);
    if (!first) { return; }
    var s = document.createElement("script");
    s.src = src;
    s.onerror = function () { var cbs = waiting[name] || []; delete waiting[name]; for (var i = 0; i < cbs.length; i++) { cbs[i](null); } };
    document.head.appendChild(s);
  };

  /* ---- text ---- */
  var text = {};
  M.t = function (key) {
    if (!text._loaded) {
      var el = document.getElementById("mr-text");
      text = el ? JSON.parse(el.textContent) : {};
      text._loaded = true;
    }
    return text[key] !== undefined ? text[key] : key;
  };
  /* fmt fills a text's %s in turn and writes %% as %, as Go's fmt does
   * with the same texts. */
  M.fmt = function (key) {
    var s = M.t(key), args = Array.prototype.slice.call(arguments, 1), i = 0;
    return s.replace(/%[s%]/g, function (m) {
      if (m === "%%") { return "%"; }
      return i < args.length ? String(args[i++]) : "";
    });
  };

  /* el makes an element; attrs are set as properties or attributes (never
   * markup), children are nodes or strings (text nodes). */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!attrs.hasOwnProperty(k) || attrs[k] === null || attrs[k] === undefined) { continue; }
        if (k === "text") { e.textContent = attrs[k]; }
        else if (k === "cls") { e.className = attrs[k]; }
        else if (k === "href") { e.setAttribute("href", attrs[k]); }
        else if (k.indexOf("on") === 0) { e.addEventListener(k.slice(2), attrs[k]); }
        else { e.setAttribute(k, attrs[k]); }
      }
    }
    add(e, children);
    return e;
  }
  function add(e, children) {
    if (children === null || children === undefined) { return; }
    if (!(children instanceof Array)) { children = [children]; }
    for (var i = 0; i < children.length; i++) {
      var c = children[i];
      if (c === null || c === undefined) { continue; }
      e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
  }
  M.el = el;

  /* ---- numbers ---- */
  var zh = document.documentElement.lang !== "en";
  M.num = function (x, digits) {
    if (x === null || x === undefined || x !== x) { return "—"; }
    var s = Number(x).toFixed(digits || 0);
    var parts = s.split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".").replace(/^-/, "−");
  };
  M.escape = function (s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  };
  M.unitHref = function (id) { return "unit.html#" + encodeURIComponent(id); };
  /* unitRef shows a unit's name linked to its page, with its code and its
   * parent, so that units of the same name are told apart. */
  M.unitRef = function (id, name, parent) {
    return el("span", { cls: "unit-ref" }, [
      el("a", { href: M.unitHref(id), text: name || id }),
      el("span", { cls: "code", text: id }),
      parent ? el("span", { cls: "parent", text: parent }) : null
    ]);
  };
  M.band = function (band) {
    var cls = { high: "band-high", elevated: "band-elevated", normal: "band-normal", insufficient: "band-insufficient" }[band] || "band-other";
    return el("span", { cls: "band " + cls, text: M.t("band_" + band) });
  };

  /* ---- charts ---- */
  var charts = [];
  /* chart draws an ECharts option into box; a data item carrying a unit id
   * ("unit") opens that unit's page when clicked. */
  M.chart = function (box, option) {
    try {
      var c = echarts.init(box, null, { renderer: "canvas" });
      c.setOption(option);
      c.on("click", function (p) {
        var d = p && p.data;
        if (d && typeof d.unit === "string") { window.location.href = M.unitHref(d.unit); }
        else if (d && typeof d.q === "string" && d.q && document.getElementById("planner-units")) {
          window.location.hash = "q=" + encodeURIComponent(d.q);
        }
      });
      box.setAttribute("data-rendered", "1");
      charts.push(c);
      return c;
    } catch (e) {
      box.setAttribute("data-rendered", "error");
      box.textContent = M.t("chart_error") + " " + String(e);
      return null;
    }
  };
  /* initCharts draws every server-built chart of the page: div.chart with a
   * JSON option in the script element named after it. */
  M.initCharts = function () {
    var boxes = document.querySelectorAll("div.chart[data-chart]");
    for (var i = 0; i < boxes.length; i++) {
      var src = document.getElementById(boxes[i].id + "-option");
      if (!src) { continue; }
      var opt;
      try { opt = JSON.parse(src.textContent); } catch (e) { boxes[i].setAttribute("data-rendered", "error"); continue; }
      M.chart(boxes[i], opt);
    }
  };
  window.addEventListener("resize", function () { for (var j = 0; j < charts.length; j++) { charts[j].resize(); } });

  /* ---- tables ---- */
  /* Table shows rows in pages of pageSize with sortable columns.
   * columns: [{label, num (right-aligned), sort: row -> comparable,
   * cell: row -> node or string}]. */
  function Table(box, columns, opts) {
    this.box = box; this.columns = columns; this.opts = opts || {};
    this.pageSize = this.opts.pageSize || 50;
    this.all = []; this.rows = []; this.page = 0; this.sortCol = -1; this.sortDir = 1;
    this.filter = null;
  }
  Table.prototype.set = function (rows) { this.all = rows; this.apply(); };
  Table.prototype.setFilter = function (f) { this.filter = f; this.page = 0; this.apply(); };
  Table.prototype.sortBy = function (col, dir) { this.sortCol = col; this.sortDir = dir; this.apply(); };
  Table.prototype.apply = function () {
    var f = this.filter, rows = [];
    for (var i = 0; i < this.all.length; i++) { if (!f || f(this.all[i])) { rows.push(this.all[i]); } }
    if (this.sortCol >= 0) {
      var key = this.columns[this.sortCol].sort, dir = this.sortDir;
      rows = rows.map(function (r, i) { return [key(r), i, r]; });
      rows.sort(function (a, b) {
        var x = a[0], y = b[0];
        var xn = x === null || x === undefined || x !== x, yn = y === null || y === undefined || y !== y;
        if (xn !== yn) { return xn ? 1 : -1; }
        if (x < y) { return -dir; }
        if (x > y) { return dir; }
        return a[1] - b[1];
      });
      rows = rows.map(function (t) { return t[2]; });
    }
    this.rows = rows;
    this.page = Math.min(this.page, Math.max(0, Math.ceil(rows.length / this.pageSize) - 1));
    this.render();
  };
  Table.prototype.render = function () {
    var self = this, head = [], body = [];
    this.columns.forEach(function (c, j) {
      var cls = (c.num ? "num " : "") + (c.sort ? "sortable" : "");
      if (j === self.sortCol) { cls += self.sortDir > 0 ? " sorted-asc" : " sorted-desc"; }
      head.push(el("th", { cls: cls, title: c.title || null, onclick: c.sort ? function () {
        self.sortBy(j, self.sortCol === j ? -self.sortDir : (c.num ? -1 : 1));
      } : null }, c.label));
    });
    var from = this.page * this.pageSize, to = Math.min(this.rows.length, from + this.pageSize);
    for (var i = from; i < to; i++) {
      var r = this.rows[i], cells = [];
      for (var j = 0; j < this.columns.length; j++) {
        var c = this.columns[j];
        cells.push(el("td", { cls: c.num ? "num" : (c.cls || null) }, c.cell(r)));
      }
      body.push(el("tr", null, cells));
    }
    if (to === from) { body.push(el("tr", null, el("td", { colspan: String(this.columns.length), cls: "empty", text: M.t("no_data") }))); }
    var pages = Math.max(1, Math.ceil(this.rows.length / this.pageSize));
    var pager = el("div", { cls: "pager" }, [
      el("button", { type: "button", onclick: function () { self.page--; self.render(); } }, M.t("page_prev")),
      el("span", { text: M.fmt("page_of", this.page + 1, pages, M.num(this.rows.length)) }),
      el("button", { type: "button", onclick: function () { self.page++; self.render(); } }, M.t("page_next"))
    ]);
    if (this.page === 0) { pager.firstChild.disabled = true; }
    if (this.page >= pages - 1) { pager.lastChild.disabled = true; }
    this.box.textContent = "";
    add(this.box, [el("div", { cls: "scroll" }, el("table", { "data-query": this.opts.query || null }, [
      el("thead", null, el("tr", null, head)), el("tbody", null, body)])), pager]);
  };
  M.Table = Table;

  function select(label, options, onchange) {
    var s = el("select", { onchange: function () { onchange(s.value); } });
    options.forEach(function (o) { s.appendChild(el("option", { value: o[0], text: o[1] })); });
    return el("label", null, [label, s]);
  }
  M.select = select;

  /* ---- the unit index (data/units.js) ---- */
  /* Unit rows: {i id, n name, l level, k kind, d district id, dn district
   * name, t township id, tn township name, s score, r rank, b band, c
   * composite, f [family score…], x flags total, g {rule: flags},
   * w top reason, p parent name}. */
  function unitIndex(idx) {
    if (!idx._byId) {
      idx._byId = {};
      for (var i = 0; i < idx.units.length; i++) { idx._byId[idx.units[i].i] = idx.units[i]; }
    }
    return idx._byId;
  }
  M.unitIndex = unitIndex;
  M.parentOf = function (u) { return [u.tn, u.dn].filter(function (x) { return x; }).join(" · "); };

  function matches(u, q) {
    if (!q) { return true; }
    var hay = (u.n + " " + u.i + " " + (u.dn || "") + " " + (u.tn || "") + " " + (u.d || "") + " " + (u.t || "")).toLowerCase();
    var words = q.toLowerCase().split(/\s+/);
    for (var i = 0; i < words.length; i++) { if (words[i] && hay.indexOf(words[i]) < 0) { return false; } }
    return true;
  }
  M.matches = matches;

  /* planner builds the search, filters and the table of every scored unit. */
  M.planner = function (box) {
    var idx = M.get("units");
    if (!idx) { box.textContent = M.t("data_missing"); return; }
    var state = { q: "", band: "", district: "", level: "", rule: "", family: -1 };
    var fams = idx.families, rules = idx.rules;
    var columns = [
      { label: M.t("col_rank"), num: true, sort: function (u) { return u.r; }, cell: function (u) { return String(u.r); } },
      { label: M.t("col_unit"), sort: function (u) { return u.n; }, cell: function (u) { return M.unitRef(u.i, u.n, M.parentOf(u)); } },
      { label: M.t("col_level"), sort: function (u) { return u.l; }, cell: function (u) { return M.t("level_" + u.l); } },
      { label: M.t("col_score"), num: true, title: M.t("score_is_percentile"), sort: function (u) { return u.s; }, cell: function (u) { return M.num(u.s, 1); } },
      { label: M.t("col_band"), sort: function (u) { return { high: 3, elevated: 2, normal: 1 }[u.b] || 0; }, cell: function (u) { return M.band(u.b); } }
    ];
    fams.forEach(function (f, j) {
      columns.push({ label: M.t("family_" + f), num: true, title: M.t("family_score_note"),
        sort: function (u) { return u.f[j]; }, cell: function (u) { return M.num(u.f[j], 0); } });
    });
    columns.push({ label: M.t("col_flags"), num: true, sort: function (u) { return state.rule ? (u.g[state.rule] || 0) : u.x; },
      cell: function (u) { return M.num(state.rule ? (u.g[state.rule] || 0) : u.x); } });
    columns.push({ label: M.t("col_reasons"), cls: "reasons", cell: function (u) { return u.w || ""; } });
    var tableBox = el("div");
    var table = new Table(tableBox, columns, { pageSize: 50, query: "unit_index" });
    function refresh() {
      table.setFilter(function (u) {
        return matches(u, state.q) && (!state.band || u.b === state.band) && (!state.district || u.d === state.district) &&
          (!state.level || u.l === state.level) && (!state.rule || u.g[state.rule] > 0) &&
          (state.family < 0 || u.f[state.family] !== null);
      });
    }
    var districts = [["", M.t("all")]];
    Object.keys(idx.districts).sort().forEach(function (d) { districts.push([d, idx.districts[d] + " " + d]); });
    var levels = [["", M.t("all")]];
    idx.levels.forEach(function (l) { levels.push([l, M.t("level_" + l)]); });
    var ruleOpts = [["", M.t("all")]];
    rules.forEach(function (r) { ruleOpts.push([r.id, r.title]); });
    var famOpts = [["-1", M.t("sort_total")]];
    fams.forEach(function (f, j) { famOpts.push([String(j), M.t("family_" + f)]); });
    var search = el("input", { type: "search", placeholder: M.t("search_placeholder"), "aria-label": M.t("search") });
    search.addEventListener("input", function () { state.q = search.value.trim(); refresh(); });
    var controls = el("div", { cls: "controls" }, [
      el("label", null, [M.t("search"), search]),
      select(M.t("col_band"), [["", M.t("all")], ["high", M.t("band_high")], ["elevated", M.t("band_elevated")], ["normal", M.t("band_normal")], ["insufficient", M.t("band_insufficient")]],
        function (v) { state.band = v; refresh(); }),
      select(M.t("col_district"), districts, function (v) { state.district = v; refresh(); }),
      select(M.t("col_level"), levels, function (v) { state.level = v; refresh(); }),
      select(M.t("col_family"), famOpts, function (v) {
        state.family = Number(v);
        table.sortBy(state.family < 0 ? 0 : 5 + state.family, state.family < 0 ? 1 : -1);
        refresh();
      }),
      select(M.t("col_rule"), ruleOpts, function (v) { state.rule = v; refresh(); })
    ]);
    box.textContent = "";
    add(box, [controls, tableBox]);
    table.sortBy(0, 1);
    table.set(idx.units);
    function fromHash() {
      var q = decodeURIComponent((window.location.hash.match(/[#&]q=([^&]*)/) || [])[1] || "");
      if (q) { search.value = q; state.q = q; refresh(); }
    }
    fromHash();
    window.addEventListener("hashchange", fromHash);
  };

  /* ---- tables given as data (server-built lists such as flags) ---- */
  M.dataTable = function (box, spec) {
    var cols = spec.columns.map(function (c, j) {
      var get = function (r) { return r[j]; };
      return {
        label: c.label, num: c.num, title: c.title || null,
        sort: function (r) { var v = get(r); return c.unit ? (v && v[1]) : v; },
        cell: function (r) {
          var v = get(r);
          if (c.unit) { return v ? M.unitRef(v[0], v[1], v[2]) : "—"; }
          if (c.num) { return M.num(v, c.digits || 0); }
          return v === null || v === undefined ? "—" : String(v);
        }
      };
    });
    var t = new Table(box, cols, { pageSize: spec.pageSize || 25, query: spec.query });
    if (spec.sort !== undefined) { t.sortBy(spec.sort, spec.dir || -1); }
    t.set(spec.rows);
    return t;
  };
  M.initDataTables = function () {
    var boxes = document.querySelectorAll("div[data-table]");
    for (var i = 0; i < boxes.length; i++) {
      var src = document.getElementById(boxes[i].id + "-rows");
      if (src) { M.dataTable(boxes[i], JSON.parse(src.textContent)); }
    }
  };

  /* enhanceTables makes every server-built table (table[data-query] in the
   * page) sortable by a click on its heading and filterable by a text box
   * above it, whatever its length. */
  M.enhanceTables = function () {
    var tables = document.querySelectorAll("main table[data-query]");
    for (var i = 0; i < tables.length; i++) { enhance(tables[i]); }
  };
  function cellKey(td) {
    var s = (td ? td.textContent : "").replace(/[,\s]/g, "").replace("−", "-");
    var n = parseFloat(s);
    return s !== "" && !isNaN(n) && /^-?[0-9.]+%?$/.test(s) ? n : (td ? td.textContent : "");
  }
  function enhance(table) {
    var body = table.tBodies[0], head = table.tHead;
    if (!body || !head || body.rows.length < 2 || table.getAttribute("data-enhanced") ||
        table.closest("[data-table], #planner-units, #unit-page")) { return; }
    table.setAttribute("data-enhanced", "1");
    var ths = head.rows[0].cells, dir = {};
    Array.prototype.forEach.call(ths, function (th, j) {
      th.classList.add("sortable");
      th.addEventListener("click", function () {
        dir[j] = dir[j] === 1 ? -1 : 1;
        Array.prototype.forEach.call(ths, function (o) { o.classList.remove("sorted-asc", "sorted-desc"); });
        th.classList.add(dir[j] > 0 ? "sorted-asc" : "sorted-desc");
        var rows = Array.prototype.slice.call(body.rows).map(function (r, k) { return [cellKey(r.cells[j]), k, r]; });
        rows.sort(function (a, b) {
          var x = a[0], y = b[0];
          if (typeof x !== typeof y) { return typeof x === "number" ? -1 : 1; }
          if (x < y) { return -dir[j]; }
          if (x > y) { return dir[j]; }
          return a[1] - b[1];
        });
        rows.forEach(function (r) { body.appendChild(r[2]); });
      });
    });
    var input = el("input", { type: "search", placeholder: M.t("filter_rows"), "aria-label": M.t("filter_rows") });
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(body.rows, function (r) {
        r.style.display = !q || r.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
      });
    });
    // the box and its filter go into one wrapper, which takes the box's
    // place: in a grid (.split) the filter must not become a cell of its own
    var box = table.parentNode.classList.contains("scroll") ? table.parentNode : table;
    var wrap = el("div", { cls: "table-box" });
    box.parentNode.insertBefore(wrap, box);
    wrap.appendChild(el("div", { cls: "controls" }, el("label", null, [M.t("filter"), input])));
    wrap.appendChild(box);
  }

  document.addEventListener("DOMContentLoaded", function () {
    M.initCharts();
    M.initDataTables();
    M.enhanceTables();
    var p = document.getElementById("planner-units");
    if (p) { M.planner(p); }
    var u = document.getElementById("unit-page");
    if (u && M.unitPage) { M.unitPage(u); }
    document.body.setAttribute("data-ready", "1");
  });
})();
