package dashboards

import (
	"embed"
)

// echartsJS is ECharts 5.4.3's dist/echarts.min.js from the npm package,
// unmodified; assets/README.md records its origin.
//
//go:embed assets/echarts.min.js
var echartsJS string

// echartsSHA256 is the sha256 of assets/echarts.min.js as npm ships it.
const echartsSHA256 = "1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19"

// staticFS holds the report's own script and style: microrisk.js (charts,
// tables, the planner's search), unit.js (the unit page) and
// microrisk.css.
//
//go:embed static/*
var staticFS embed.FS

// libFiles are the files of the report's lib folder, written once and
// loaded by every page by a relative path.
func libFiles() map[string][]byte {
	out := map[string][]byte{libECharts: []byte(echartsJS)}
	for name, file := range map[string]string{libScript: "static/microrisk.js", libUnit: "static/unit.js", libStyle: "static/microrisk.css"} {
		b, err := staticFS.ReadFile(file)
		if err != nil {
			panic("dashboards: missing " + file) // a build bug
		}
		out[name] = b
	}
	return out
}
