#!/usr/bin/env bash
# Fetch dist/echarts.min.js of the npm package echarts@5.4.3 (the version
# go-echarts targets) and compare it with the copy embedded in dashboards/.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent echarts@5.4.3 >/dev/null && tar xzf echarts-5.4.3.tgz package/dist/echarts.min.js)
want=$(sha256sum "$tmp/package/dist/echarts.min.js" | cut -d' ' -f1)
have=$(sha256sum dashboards/assets/echarts.min.js | cut -d' ' -f1)
if [ "$want" = "$have" ]; then
  echo "dashboards/assets/echarts.min.js is echarts@5.4.3 ($have)"
else
  cp "$tmp/package/dist/echarts.min.js" dashboards/assets/echarts.min.js
  echo "replaced dashboards/assets/echarts.min.js with echarts@5.4.3 ($want); update dashboards/assets/README.md"
fi
