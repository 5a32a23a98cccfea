package dashboards

import (
	_ "embed"
	"html/template"
)

// echartsJS is ECharts 5.4.3's dist/echarts.min.js from the npm package,
// unmodified; assets/README.md records its origin.
//
//go:embed assets/echarts.min.js
var echartsJS string

// echartsSHA256 is the sha256 of assets/echarts.min.js as npm ships it.
const echartsSHA256 = "1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19"

// echartsScript returns the library for inlining into a page's <script>.
// It is trusted, embedded code: it contains no "</script" (checked by
// TestEChartsAsset), so it cannot end its script element early.
func echartsScript() template.JS { return template.JS(echartsJS) }
