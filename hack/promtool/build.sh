#!/usr/bin/env bash
# Builds promtool (Prometheus's rule checker), at the version pinned in go.mod, into target/tools/promtool, where
# MonitoringIT runs it on the chart's alert rules. Does nothing when it is there. Go keeps its downloads and
# build cache in its default places (GOMODCACHE, GOCACHE), so a fresh clone on the same machine only links it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
target="$here/../../target/tools/promtool"
[[ -x "$target" ]] && exit 0

go="$(command -v go || true)"
[[ -z "$go" && -x /usr/local/go/bin/go ]] && go=/usr/local/go/bin/go
if [[ -z "$go" ]]; then
  echo "MonitoringIT needs Go on PATH (https://go.dev/dl/) to build promtool into $target, or promtool already there." >&2
  exit 1
fi

# `promtool --version` says which module version it is (the proxy serves no git revision to stamp)
version="$(awk '$1 == "github.com/prometheus/prometheus" { print $2 }' "$here/go.mod")"
mkdir -p "$(dirname "$target")"
cd "$here"
# built beside the target and renamed into place, so an interrupted build leaves nothing half done
CGO_ENABLED=0 "$go" build -trimpath -buildvcs=false -ldflags "-s -w -X github.com/prometheus/common/version.Version=$version" -o "$target.building" \
  github.com/prometheus/prometheus/cmd/promtool
mv "$target.building" "$target"
