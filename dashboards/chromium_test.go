package dashboards

import (
	"context"
	"encoding/json"
	"html"
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
// shown. probeBody waits for the page's loader, shows the tooltip of every
// data item of every chart (hostile unit names included), then posts to
// the harness how many charts the loader marked data-rendered="1" and
// whether any <img> appeared or alert was called.
const (
	probeHead = `<script>window.__alerts = 0; window.alert = function () { window.__alerts++; };</script>`
	probeBody = `<script>
setTimeout(function () {
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
      page: location.pathname.split("/").pop(),
      charts: els.length,
      rendered: document.querySelectorAll("div.chart[data-rendered='1']").length,
      shown: shown, sawName: sawName, alerts: window.__alerts,
      imgs: document.getElementsByTagName("img").length }), "*");
  }, 300);
}, 200);
</script>`
	harnessHead = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<script>window.addEventListener("message", function (e) {
  var p = document.createElement("pre"); p.className = "probe"; p.textContent = e.data; document.body.appendChild(p);
});</script>
`
)

// probe is what one page's probe reports.
type probe struct {
	Page     string `json:"page"`
	Charts   int    `json:"charts"`
	Rendered int    `json:"rendered"`
	Shown    int    `json:"shown"`
	SawName  bool   `json:"sawName"`
	Alerts   int    `json:"alerts"`
	Imgs     int    `json:"imgs"`
}

// probePage writes a copy of dir/file with the probe (and extra script
// before it) into out as name.
func probePage(t *testing.T, dir, file, out, name, extra string) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	// The page's own <head> comes before the library, its </body> after it
	// (the library holds the string "</body>" too).
	s := strings.Replace(string(page), "<head>", "<head>"+probeHead, 1)
	end := strings.LastIndex(s, "</body>")
	s = s[:end] + extra + probeBody + s[end:]
	if err := os.WriteFile(filepath.Join(out, name), []byte(s), 0o600); err != nil {
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

// TestChromiumRendersCharts opens each page in headless Chromium: every
// chart container must be marked data-rendered="1" by the page's loader
// after setOption succeeded, and showing every tooltip over the hostile
// fixture must neither create an element nor call alert. A negative
// control checks that the probe can fail: with an unsafe tooltip formatter
// added to the page, the hostile names do call alert.
func TestChromiumRendersCharts(t *testing.T) {
	chromium := browser(t)
	hostile := filepath.Join(t.TempDir(), "hostile")
	writeFixture(t, newFixtureDB(t, false), Options{OutDir: hostile})
	demo := filepath.Join(t.TempDir(), "demo")
	writeFixture(t, newDemoDB(t), Options{OutDir: demo, Lang: LangEn})

	out := t.TempDir()
	var harness strings.Builder
	harness.WriteString(harnessHead)
	frame := func(name string) {
		harness.WriteString(`<iframe src="` + name + `" width="1200" height="900"></iframe>` + "\n")
	}
	for _, world := range []struct{ name, dir string }{{"hostile", hostile}, {"demo", demo}} {
		for _, n := range pageNav {
			name := world.name + "-" + n.file
			probePage(t, world.dir, n.file, out, name, "")
			frame(name)
		}
	}
	unsafe := `<script>document.querySelectorAll("div.chart[data-chart]").forEach(function (el) {
  echarts.getInstanceByDom(el).setOption({ tooltip: { formatter: function (p) { return p.name; } } });
});</script>`
	probePage(t, hostile, pagePlanner, out, "negative-control.html", unsafe)
	frame("negative-control.html")
	harness.WriteString("</body></html>")
	if err := os.WriteFile(filepath.Join(out, "harness.html"), []byte(harness.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	dom := dumpDOM(t, chromium, filepath.Join(out, "harness.html"))
	got := map[string]probe{}
	for _, m := range regexp.MustCompile(`<pre class="probe">([^<]*)</pre>`).FindAllStringSubmatch(dom, -1) {
		var p probe
		if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &p); err != nil {
			t.Fatalf("probe %q: %v", m[1], err)
		}
		got[p.Page] = p
		t.Logf("%+v", p)
	}
	for _, world := range []string{"hostile", "demo"} {
		for _, n := range pageNav {
			name := world + "-" + n.file
			p, ok := got[name]
			switch {
			case !ok:
				t.Errorf("%s: the probe did not report", name)
			case p.Charts == 0 || p.Rendered != p.Charts:
				t.Errorf("%s: %d of %d charts rendered", name, p.Rendered, p.Charts)
			case p.Alerts != 0 || p.Imgs != 0 || p.Shown == 0:
				t.Errorf("%s: probe %+v: want tooltips shown, no alert and no <img>", name, p)
			case world == "hostile" && n.file != pageQuality && !p.SawName:
				t.Errorf("%s: no tooltip showed a hostile name; the probe proves nothing", name)
			}
		}
	}
	if p, ok := got["negative-control.html"]; !ok || p.Alerts == 0 {
		t.Errorf("negative control: probe %+v (reported %v): an unsafe formatter went unnoticed", p, ok)
	}
}
