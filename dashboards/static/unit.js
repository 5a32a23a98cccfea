/* The unit page: one template for every scored unit. The unit is named in
 * the address (unit.html#<unit id>); its details come from its district's
 * data file, data/d/<district id>.js, loaded by a script element. Every
 * text from the data goes in through textContent (see microrisk.js). */
(function () {
  "use strict";
  var M = window.microrisk, el = M.el;

  function section(id, title, children, note) {
    return el("section", { id: id }, [el("h2", { text: title }), note ? el("p", { cls: "note", text: note }) : null].concat(children));
  }
  function fact(label, value, cls) {
    return el("div", { cls: "fact" }, [el("div", { cls: "label", text: label }), el("div", { cls: "value " + (cls || ""), text: value })]);
  }
  function chartBox(height, query) {
    return el("div", { cls: "chart", style: "height: " + height + "px", "data-query": query, "data-chart": "1" });
  }
  function src(names) {
    return el("p", { cls: "src" }, [M.t("query") + ": ", names.join(", ")]);
  }

  function ruleMeta(idx) {
    var m = {};
    idx.rules.forEach(function (r) { m[r.id] = r; });
    return m;
  }

  /* header: name, code, path, level, kind, population, staff. */
  function header(u, idx) {
    var crumbs = el("p", { cls: "crumbs" }, u.path.map(function (p) {
      return el("span", { text: p[1] + " (" + p[0] + ")" });
    }));
    var facts = el("div", { cls: "facts" }, [
      fact(M.t("unit_code"), u.id),
      fact(M.t("col_level"), M.t("level_" + u.level)),
      fact(M.t("unit_kind"), u.kind ? M.t("kind_" + u.kind) : "—"),
      fact(M.t("unit_population"), M.num(u.population)),
      fact(M.t("col_staff"), M.num(u.staff))
    ]);
    document.title = u.name + " · " + M.t("app");
    var h1 = document.querySelector("header h1");
    if (h1) { h1.textContent = u.name; }
    return el("section", { id: "profile" }, [crumbs, facts]);
  }

  /* score: score, band, rank and what they mean; per-family scores. */
  function scoreSection(u, idx) {
    var meta = idx.meta;
    var facts = el("div", { cls: "facts" }, [
      fact(M.t("col_score"), M.num(u.score, 1), "score"),
      fact(M.t("col_band"), M.t("band_" + u.band)),
      fact(M.t("col_rank"), M.fmt("rank_of", u.rank, M.num(meta.scored))),
      fact(M.t("composite"), M.num(u.composite, 2))
    ]);
    var explain = el("div", { cls: "explain" }, [
      el("p", { text: M.fmt("score_explain", M.num(u.score, 1), M.num(meta.scored)) }),
      el("p", { text: M.fmt("composite_explain", meta.clipLow, meta.clipHigh) }),
      el("p", { text: M.fmt("band_explain", Math.round(100 * meta.highShare), Math.round(100 * meta.elevatedShare)) })
    ]);
    var reasons = u.reasons.length ? el("ul", null, u.reasons.map(function (r) { return el("li", { text: r }); })) : null;
    var famRows = u.fam.map(function (f) {
      return el("tr", null, [el("td", { text: M.t("family_" + f[0]) }),
        el("td", { cls: "num", text: f[1] === null ? M.t("family_abstained") : M.num(f[1], 2) }),
        el("td", { cls: "num", text: f[2] === null ? "—" : M.num(f[2], 1) })]);
    });
    var famTable = el("table", { "data-query": "unit_families" }, [
      el("thead", null, el("tr", null, [el("th", { text: M.t("col_family") }), el("th", { cls: "num", text: M.t("family_composite") }),
        el("th", { cls: "num", text: M.t("family_score") })])), el("tbody", null, famRows)]);
    var box = chartBox(220, "unit_families");
    var s = section("score", M.t("sec_unit_score"), [facts, el("h2", { text: M.t("col_reasons") }), reasons || el("p", { cls: "empty", text: M.t("no_reason") }),
      explain, el("div", { cls: "two" }, [famTable, box]), src(["unit_profile", "unit_families"])]);
    setTimeout(function () {
      M.chart(box, {
        animation: false, grid: { left: 16, right: 32, top: 16, bottom: 12, containLabel: true },
        tooltip: {}, xAxis: { type: "value", min: 0, max: 100 },
        yAxis: { type: "category", inverse: true, data: u.fam.map(function (f) { return M.t("family_" + f[0]); }) },
        series: [{ type: "bar", name: M.t("family_score"), data: u.fam.map(function (f) { return f[2] === null ? null : Math.round(f[2] * 10) / 10; }) }]
      });
    }, 0);
    return s;
  }

  /* indicators: observed, expected, value, contribution, or why it abstained. */
  function indicatorSection(u, idx, rules) {
    var rows = u.ind.map(function (r) {
      var m = rules[r[0]] || { title: r[0], family: "" };
      return [m.title, M.t("family_" + m.family), r[1], r[2], r[3], r[5], r[7], r[6], r[0]];
    });
    var box = el("div");
    M.dataTable(box, {
      query: "unit_indicators", pageSize: 40, sort: 5, dir: -1, rows: rows,
      columns: [{ label: M.t("col_indicator") }, { label: M.t("col_family") },
        { label: M.t("col_value"), num: true, digits: 2 }, { label: M.t("col_observed_any"), num: true, digits: 1 },
        { label: M.t("col_expected_any"), num: true, digits: 1 }, { label: M.t("col_contribution"), num: true, digits: 2 },
        { label: M.t("col_at_stake"), num: true, digits: 0 }, { label: M.t("col_abstain") }, { label: M.t("col_rule_id") }]
    });
    var about = el("details", null, [el("summary", { text: M.t("about_indicators") }),
      el("dl", { cls: "sources" }, [].concat.apply([], idx.rules.map(function (r) {
        return [el("dt", { text: r.title }), el("dd", { text: r.about + " " + M.fmt("weight_is", r.weight) })];
      })))]);
    return section("indicators", M.t("sec_unit_indicators"), [box, about, src(["unit_indicators"])], M.t("indicators_note"));
  }

  /* flags: every record behind the unit's indicators. */
  function flagSection(u, idx, rules) {
    var rows = u.flags.map(function (f) {
      return [(rules[f[0]] || { title: f[0] }).title, M.t("ledger_" + f[1]), f[2], f[3], f[4], f[5], f[6]];
    });
    var box = el("div");
    var t = M.dataTable(box, {
      query: "unit_flags", pageSize: 25, rows: rows,
      columns: [{ label: M.t("col_indicator") }, { label: M.t("col_ledger") }, { label: M.t("col_record") },
        { label: M.t("col_date") }, { label: M.t("col_amount"), num: true, digits: 2 }, { label: M.t("col_reason") },
        { label: M.t("col_figures") }]
    });
    var ruleOpts = [["", M.t("all")]];
    Object.keys(u.flagTotals).forEach(function (r) { ruleOpts.push([r, (rules[r] || { title: r }).title + " (" + M.num(u.flagTotals[r]) + ")"]); });
    var controls = el("div", { cls: "controls" }, [M.select(M.t("col_indicator"), ruleOpts, function (v) {
      var title = v ? (rules[v] || { title: v }).title : "";
      t.setFilter(v ? function (r) { return r[0] === title; } : null);
    })]);
    var notes = [];
    Object.keys(u.flagTotals).forEach(function (r) {
      var shown = u.flags.filter(function (f) { return f[0] === r; }).length;
      if (shown < u.flagTotals[r]) { notes.push(el("p", { cls: "note", text: M.fmt("flags_capped", (rules[r] || { title: r }).title, M.num(u.flagTotals[r]), shown, u.id) })); }
    });
    if (!u.flags.length) { return section("flags", M.t("sec_unit_flags"), [el("p", { cls: "empty", text: M.t("no_flags") })]); }
    return section("flags", M.t("sec_unit_flags"), [controls, box].concat(notes).concat([src(["unit_flags"])]), M.t("flags_note"));
  }

  /* timeline: cases, leads, reports, tours and talks. */
  function timelineSection(u) {
    if (!u.events.length) { return section("timeline", M.t("sec_unit_timeline"), [el("p", { cls: "empty", text: M.t("no_events") })]); }
    var kinds = [], seen = {};
    u.events.forEach(function (e) { if (!seen.hasOwnProperty(e[1])) { seen[e[1]] = kinds.length; kinds.push(e[1]); } });
    var series = kinds.map(function (k, j) {
      return { type: "scatter", name: M.t("event_" + k), symbolSize: 9,
        data: u.events.filter(function (e) { return e[1] === k; }).map(function (e) { return { value: [e[0], j], name: e[2] + " " + e[3] }; }) };
    });
    var box = chartBox(80 + 36 * kinds.length, "unit_events");
    setTimeout(function () {
      M.chart(box, { animation: false, legend: { top: 0 }, tooltip: { trigger: "item", formatter: function (p) { return M.escape(p.seriesName + " " + p.data.value[0] + " " + p.data.name); } },
        grid: { left: 16, right: 32, top: 36, bottom: 12, containLabel: true },
        xAxis: { type: "time" }, yAxis: { type: "category", data: kinds.map(function (k) { return M.t("event_" + k); }) }, series: series });
    }, 0);
    var tbox = el("div");
    M.dataTable(tbox, { query: "unit_events", pageSize: 20, sort: 0, dir: -1,
      rows: u.events.map(function (e) { return [e[0], M.t("event_" + e[1]), e[2], e[3]]; }),
      columns: [{ label: M.t("col_date") }, { label: M.t("col_event") }, { label: M.t("col_record") }, { label: M.t("col_detail") }] });
    return section("timeline", M.t("sec_unit_timeline"), [box, tbox, src(["unit_events"])], M.t("timeline_note"));
  }

  /* history: the unit's score in every stored run. */
  function historySection(u) {
    var box = chartBox(240, "unit_history");
    setTimeout(function () {
      M.chart(box, { animation: false, tooltip: { trigger: "axis" }, grid: { left: 16, right: 32, top: 24, bottom: 12, containLabel: true },
        xAxis: { type: "category", data: u.hist.map(function (h) { return h[1] + " " + h[0]; }) },
        yAxis: { type: "value", min: 0, max: 100, name: M.t("col_score") },
        series: [{ type: "line", name: M.t("col_score"), data: u.hist.map(function (h) { return h[2]; }) }] });
    }, 0);
    var tbox = el("div");
    M.dataTable(tbox, { query: "unit_history", pageSize: 10, sort: 1, dir: -1, rows: u.hist,
      columns: [{ label: M.t("meta_run") }, { label: M.t("meta_as_of") }, { label: M.t("col_score"), num: true, digits: 1 },
        { label: M.t("col_rank"), num: true }, { label: M.t("col_band") }] });
    return section("history", M.t("sec_unit_history"), [box, tbox, src(["unit_history"])]);
  }

  /* Benford: the first-two-digit shares of the unit's payments against the law. */
  function benfordSection(u, idx) {
    if (!u.benford) {
      return section("benford", M.t("sec_unit_benford"), [el("p", { cls: "empty", text: M.fmt("benford_too_few", idx.meta.benfordMin) })]);
    }
    var n = 0;
    u.benford.forEach(function (d) { n += d[1]; });
    var digits = [], obs = [], law = [];
    for (var d = 10; d <= 99; d++) { digits.push(String(d)); law.push(Math.round(10000 * Math.log10(1 + 1 / d)) / 100); obs.push(0); }
    u.benford.forEach(function (d) { obs[d[0] - 10] = Math.round(10000 * d[1] / n) / 100; });
    var box = chartBox(300, "unit_benford");
    setTimeout(function () {
      M.chart(box, { animation: false, legend: { top: 0 }, tooltip: { trigger: "axis" }, grid: { left: 16, right: 32, top: 36, bottom: 12, containLabel: true },
        xAxis: { type: "category", data: digits }, yAxis: { type: "value", name: "%" },
        series: [{ type: "bar", name: M.t("benford_observed"), data: obs }, { type: "line", name: M.t("benford_law"), data: law, showSymbol: false }] });
    }, 0);
    return section("benford", M.t("sec_unit_benford"), [box, src(["unit_benford"])], M.fmt("benford_note", M.num(n)));
  }

  /* leases: price per mu against the district's median. */
  function leaseSection(u) {
    if (!u.leases.length) { return section("leases", M.t("sec_unit_leases"), [el("p", { cls: "empty", text: M.t("no_leases") })]); }
    var box = chartBox(280, "unit_leases");
    var median = u.leases[0][4];
    setTimeout(function () {
      M.chart(box, { animation: false, legend: { top: 0 }, tooltip: { trigger: "item" }, grid: { left: 16, right: 32, top: 36, bottom: 12, containLabel: true },
        xAxis: { type: "time" }, yAxis: { type: "value", name: M.t("price_per_mu") },
        series: [{ type: "scatter", name: M.t("series_leases"), data: u.leases.map(function (l) { return { value: [l[1], l[3]], name: l[0] }; }) },
          { type: "line", name: M.t("district_median"), showSymbol: false, data: u.leases.map(function (l) { return [l[1], l[4]]; }).sort() }] });
    }, 0);
    var tbox = el("div");
    M.dataTable(tbox, { query: "unit_leases", pageSize: 15, sort: 3, dir: 1,
      rows: u.leases.map(function (l) { return [l[0], l[1], l[2], l[3], l[4], l[4] ? Math.round(100 * l[3] / l[4]) : null]; }),
      columns: [{ label: M.t("col_record") }, { label: M.t("col_date") }, { label: M.t("area_mu"), num: true, digits: 1 },
        { label: M.t("price_per_mu"), num: true, digits: 0 }, { label: M.t("district_median"), num: true, digits: 0 },
        { label: M.t("pct_of_median"), num: true }] });
    return section("leases", M.t("sec_unit_leases"), [box, tbox, src(["unit_leases"])], median ? M.fmt("leases_note", M.num(median)) : null);
  }

  /* plan: the unit's place in the tour plan and full coverage, and the
   * status of its targets across runs (the rectification loop). */
  function planSection(u) {
    var p = u.plan;
    if (!p) { return null; }
    var facts = [fact(M.t("unit_last_tour"), p.last), fact(M.t("unit_due_on"), p.due + (p.overdue ? " " + M.t("unit_overdue") : "")),
      fact(M.t("unit_planned_year"), p.year ? M.fmt("unit_year_n", p.year) : "—")];
    if (p.round) {
      facts.push(fact(M.t("col_round"), M.fmt("unit_round", p.round, p.team)), fact(M.t("unit_round_dates"), p.starts + " – " + p.ends));
    }
    if (p.random) { facts.push(fact(M.t("col_forced"), M.t("how_lottery"))); }
    var lines = p.targets.map(function (t) {
      var text = M.fmt("unit_status_first", t[3]);
      if (t[4] !== "—") {
        text += M.fmt("unit_status_result", t[4], t[5]);
        if (t[6] !== "—") { text += M.fmt("unit_status_rectify", t[6]); }
      } else {
        text += M.t("unit_status_none");
      }
      return el("p", { cls: "status-line" }, [el("span", { cls: t[2], text: t[0] + " · " + t[1] }), " " + text + M.fmt("unit_status_id", t[7])]);
    });
    if (!lines.length) { lines = [el("p", { cls: "empty", text: M.t("unit_no_targets") })]; }
    return section("plan", M.t("sec_unit_plan"), [el("div", { cls: "facts" }, facts)].concat(lines).concat([src(["unit_plan", "unit_status"])]),
      M.t("unit_plan_note"));
  }

  function searchBox(idx) {
    var input = el("input", { type: "search", placeholder: M.t("search_placeholder"), "aria-label": M.t("search") });
    var list = el("ul", { cls: "results" });
    input.addEventListener("input", function () {
      list.textContent = "";
      var q = input.value.trim();
      if (!q) { return; }
      var n = 0;
      for (var i = 0; i < idx.units.length && n < 12; i++) {
        var u = idx.units[i];
        if (M.matches(u, q)) { list.appendChild(el("li", null, M.unitRef(u.i, u.n, M.parentOf(u)))); n++; }
      }
    });
    return el("section", { id: "find" }, [el("div", { cls: "controls" }, el("label", null, [M.t("search"), input])), list]);
  }

  function render(box, idx, u, row) {
    var rules = ruleMeta(idx);
    box.textContent = "";
    var parts = [searchBox(idx), header(u, idx)];
    if (u.empty) { parts.push(el("section", { id: "no-data" }, el("p", { cls: "empty", text: M.t("unit_no_data") }))); }
    parts.push(scoreSection(u, idx), planSection(u), indicatorSection(u, idx, rules), flagSection(u, idx, rules), timelineSection(u),
      historySection(u), benfordSection(u, idx), leaseSection(u));
    parts.forEach(function (p) { if (p) { box.appendChild(p); } });
    box.setAttribute("data-unit", u.id);
    /* after the charts, which are drawn by timers of the same delay */
    setTimeout(function () { box.setAttribute("data-drawn", "1"); }, 0);
  }

  function show(box) {
    var idx = M.get("units");
    var id = decodeURIComponent(window.location.hash.replace(/^#/, ""));
    if (!idx) { box.textContent = M.t("data_missing"); return; }
    var row = M.unitIndex(idx)[id];
    if (!row) {
      box.textContent = "";
      box.appendChild(searchBox(idx));
      box.appendChild(el("p", { cls: "empty", text: id ? M.fmt("unit_unknown", id) : M.t("unit_choose") }));
      box.setAttribute("data-unit", "");
      box.setAttribute("data-drawn", "1");
      return;
    }
    var file = idx.files[row.d || ""];
    M.need("data/d/" + encodeURIComponent(file), "d:" + (row.d || ""), function (d) {
      var u = d && d.units[id];
      if (!u) { box.textContent = M.fmt("unit_unknown", id); box.setAttribute("data-drawn", "1"); return; }
      render(box, idx, u, row);
      window.scrollTo(0, 0);
    });
  }

  M.unitPage = function (box) {
    show(box);
    window.addEventListener("hashchange", function () { show(box); });
  };
})();
