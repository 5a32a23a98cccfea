package dashboards

import (
	"context"
	"encoding/json"
	"html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// browser returns a headless-capable Chromium, or skips the test.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH")
	return ""
}

// The probe is added to a copy of each page, and the copies are loaded
// together as iframes of one harness page, so that Chromium starts once.
// probeHead replaces alert first thing in <head>, so a call is counted, not
// shown. probeBody waits for the page scripts (body data-ready; on the
// unit page, its data-drawn), shows the tooltip of every data item of
// every chart (hostile unit names included), then posts to
// the harness how many charts the loader marked data-rendered="1" and
// whether any <img> appeared or alert was called.
const (
	probeHead = `<script>window.__alerts = 0; window.alert = function () { window.__alerts++; };</script>`
	probeBody = `<script>
function whenDrawn(f, tries) {
  var u = document.getElementById("unit-page");
  var ready = document.body.getAttribute("data-ready") === "1" && (!u || u.getAttribute("data-drawn") === "1");
  if (ready || tries > 100) { setTimeout(f, 300); } else { setTimeout(function () { whenDrawn(f, tries + 1); }, 100); }
}
whenDrawn(function () {
  var shown = 0, sawName = false;
  var els = document.querySelectorAll("div.chart[data-chart]");
  for (var i = 0; i < els.length; i++) {
    var c = echarts.getInstanceByDom(els[i]);
    if (!c) { continue; }
    var series = c.getOption().series || [];
    for (var s = 0; s < series.length; s++) {
      var n = (series[s].data || []).length;
      for (var d = 0; d < n; d++) {
        c.dispatchAction({ type: "showTip", seriesIndex: s, dataIndex: d });
        shown++;
        if (els[i].textContent.indexOf("alert(1)") >= 0) { sawName = true; }
      }
    }
  }
  setTimeout(function () {
    parent.postMessage(JSON.stringify({
      world: location.pathname.split("/").slice(-2)[0], page: location.pathname.split("/").pop(),
      charts: els.length,
      rendered: document.querySelectorAll("div.chart[data-rendered='1']").length,
      shown: shown, sawName: sawName, alerts: window.__alerts,
      imgs: document.getElementsByTagName("img").length }), "*");
  }, 300);
}, 0);
</script>`
	harnessHead = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<script>window.addEventListener("message", function (e) {
  var p = document.createElement("pre"); p.className = "probe"; p.textContent = e.data; document.body.appendChild(p);
});</script>
`
)

// sawHostile are the pages whose chart tooltips show a hostile name of the
// fixture (a unit, a record id).
var sawHostile = map[string]bool{pagePlanner: true, pageUnit: true, pageAssets: true}

// chartless are the pages of tables only (outcomes and the comparison of
// runs): their probe checks only that nothing runs or loads.
var chartless = map[string]bool{pageOutcomes: true, pageDiff: true}

// probe is what one page's probe reports.
type probe struct {
	World    string `json:"world"`
	Page     string `json:"page"`
	Charts   int    `json:"charts"`
	Rendered int    `json:"rendered"`
	Shown    int    `json:"shown"`
	SawName  bool   `json:"sawName"`
	Alerts   int    `json:"alerts"`
	Imgs     int    `json:"imgs"`
}

// probePage writes a copy of dir/file with the probe (and extra script
// before it) beside it, as name, so that its relative references to lib/
// and data/ still work.
func probePage(t *testing.T, dir, file, name, extra string) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(page), "<head>", "<head>"+probeHead, 1)
	end := strings.LastIndex(s, "</body>")
	s = s[:end] + extra + probeBody + s[end:]
	if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

// dumpDOM loads file in headless Chromium, lets its scripts run for up to
// ten seconds of virtual time and returns the DOM.
func dumpDOM(t *testing.T, chromium, file string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=10000", "--dump-dom", "file://"+file)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v", file, err)
	}
	return string(out)
}

// probeAnchor is the part after # each probed page is opened with: the unit
// page shows a unit (T2: a hostile name, with a lease whose id is hostile).
var probeAnchor = map[string]map[string]string{"hostile": {pageUnit: "#T2"}, "demo": {pageUnit: "#D01T01V1"}}

// TestChromiumRendersCharts opens each page in headless Chromium: every
// chart container must be marked data-rendered="1" after setOption
// succeeded, and showing every tooltip over the hostile fixture must
// neither create an element nor call alert. A negative control checks
// that the probe can fail: with an unsafe tooltip formatter added to the
// page, the hostile names do call alert.
func TestChromiumRendersCharts(t *testing.T) {
	chromium := browser(t)
	root := t.TempDir()
	hostile := filepath.Join(root, "hostile")
	writeFixture(t, newFixtureDB(t, false), Options{OutDir: hostile})
	demo := filepath.Join(root, "demo")
	writeFixture(t, newDemoDB(t), Options{OutDir: demo, Lang: LangEn})

	var harness strings.Builder
	harness.WriteString(harnessHead)
	frame := func(world, name string) {
		harness.WriteString(`<iframe src="` + world + "/" + name + `" width="1200" height="900"></iframe>` + "\n")
	}
	for _, world := range []struct{ name, dir string }{{"hostile", hostile}, {"demo", demo}} {
		for _, n := range pageNav {
			name := "probe-" + n.file
			probePage(t, world.dir, n.file, name, "")
			frame(world.name, name+probeAnchor[world.name][n.file])
		}
	}
	unsafe := `<script>document.addEventListener("DOMContentLoaded", function () { setTimeout(function () {
  document.querySelectorAll("div.chart[data-chart]").forEach(function (el) {
    echarts.getInstanceByDom(el).setOption({ tooltip: { formatter: function (p) { return p.name; } } });
  }); }, 50); });</script>`
	probePage(t, hostile, pagePlanner, "negative-control.html", unsafe)
	frame("hostile", "negative-control.html")
	harness.WriteString("</body></html>")
	if err := os.WriteFile(filepath.Join(root, "harness.html"), []byte(harness.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	dom := dumpDOM(t, chromium, filepath.Join(root, "harness.html"))
	got := map[string]probe{}
	for _, m := range regexp.MustCompile(`<pre class="probe">([^<]*)</pre>`).FindAllStringSubmatch(dom, -1) {
		var p probe
		if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &p); err != nil {
			t.Fatalf("probe %q: %v", m[1], err)
		}
		got[p.World+"-"+p.Page] = p
		t.Logf("%+v", p)
	}
	for _, world := range []string{"hostile", "demo"} {
		for _, n := range pageNav {
			name := world + "-probe-" + n.file
			p, ok := got[name]
			switch {
			case !ok:
				t.Errorf("%s: the probe did not report", name)
			case chartless[n.file]:
				if p.Charts != 0 || p.Alerts != 0 || p.Imgs != 0 {
					t.Errorf("%s: probe %+v: want no chart, no alert and no <img>", name, p)
				}
			case p.Charts == 0 || p.Rendered != p.Charts:
				t.Errorf("%s: %d of %d charts rendered", name, p.Rendered, p.Charts)
			case p.Alerts != 0 || p.Imgs != 0 || p.Shown == 0:
				t.Errorf("%s: probe %+v: want tooltips shown, no alert and no <img>", name, p)
			case world == "hostile" && sawHostile[n.file] && !p.SawName:
				t.Errorf("%s: no tooltip showed a hostile name; the probe proves nothing", name)
			}
		}
	}
	if p, ok := got["hostile-negative-control.html"]; !ok || p.Alerts == 0 {
		t.Errorf("negative control: probe %+v (reported %v): an unsafe formatter went unnoticed", p, ok)
	}
}

// TestScreenshotChartsDraw takes headless-Chromium screenshots of the
// planner and of a unit page of the demo city and counts the pixels
// painted in ECharts' first series colour (#5470c6): with no chart drawn
// (a script error, a missing lib/ file) there are none.
func TestScreenshotChartsDraw(t *testing.T) {
	chromium := browser(t)
	dir := filepath.Join(t.TempDir(), "demo")
	db := newDemoDB(t)
	writeFixture(t, db, Options{OutDir: dir})
	// A unit with enough payments for its digit chart.
	var unit string
	if err := db.QueryRow(`SELECT unit_id FROM payments GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`).Scan(&unit); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{pagePlanner, pageUnit + "#" + unit, pagePayments} {
		png := filepath.Join(t.TempDir(), "shot.png")
		ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
		cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
			"--hide-scrollbars", "--user-data-dir="+t.TempDir(), "--window-size=1400,3000", "--virtual-time-budget=5000",
			"--screenshot="+png, "file://"+filepath.Join(dir, page))
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("chromium %s: %v\n%s", page, err, out)
		}
		n, err := seriesPixels(png)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d pixels of the first series colour", page, n)
		if n < 2000 {
			t.Errorf("%s: %d pixels of the first series colour; the charts did not draw", page, n)
		}
	}
}

// seriesPixels counts the pixels of a PNG close to #5470c6.
func seriesPixels(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return 0, err
	}
	near := func(a uint32, b int) bool { d := int(a>>8) - b; return d > -24 && d < 24 }
	n := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if near(r, 0x54) && near(g, 0x70) && near(b, 0xc6) {
				n++
			}
		}
	}
	return n, nil
}

// TestChromiumUnitPageText: the unit page's band explanation, a text the
// page script fills (M.fmt), reads "5%" as Go's fmt would write its
// "%s%%", not "5%%".
func TestChromiumUnitPageText(t *testing.T) {
	chromium := browser(t)
	dir := filepath.Join(t.TempDir(), "demo")
	writeFixture(t, newDemoDB(t), Options{OutDir: dir})
	dom := dumpDOM(t, chromium, filepath.Join(dir, pageUnit)+probeAnchor["demo"][pageUnit])
	// the page's texts themselves, as JSON in a script element, keep %%
	dom = regexp.MustCompile(`(?s)<script[^>]*>.*?</script>`).ReplaceAllString(dom, "")
	if !strings.Contains(dom, "前 5% 为") || strings.Contains(dom, "%%") {
		i := strings.Index(dom, "等级按排名划分")
		t.Errorf("band explanation: %q", dom[max(i, 0):min(max(i, 0)+200, len(dom))])
	}
}
