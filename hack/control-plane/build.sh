#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager and kubectl from the Kubernetes release pinned
# in go.mod into io.fabric8:kube-api-test's binary cache, where the cluster tests find them offline:
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<X.Y.Z>-linux-<arch>/
# Does nothing when all four are there. Go keeps its downloads and build cache in its default
# places (GOMODCACHE, GOCACHE), so a rebuild after a version bump reuses most of them.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# the one place the version is pinned (the tests read it from there too)
version="$(awk '$1 == "k8s.io/kubernetes" { sub(/^v/, "", $2); print $2 }' "$here/go.mod")"

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "The test control plane is built for amd64 and arm64 Linux only, not $(uname -m)." >&2; exit 1 ;;
esac
target="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$version-linux-$arch"
binaries=(etcd kube-apiserver kube-controller-manager kubectl)

complete=true
for binary in "${binaries[@]}"; do
  [[ -x "$target/$binary" ]] || complete=false
done
if $complete; then
  echo "Kubernetes $version control plane: $target"
  exit 0
fi

go="$(command -v go || true)"
[[ -z "$go" && -x /usr/local/go/bin/go ]] && go=/usr/local/go/bin/go
if [[ -z "$go" ]]; then
  echo "The cluster tests need Go 1.26 or newer on PATH (https://go.dev/dl/) to build Kubernetes $version into $target, or those binaries (${binaries[*]}) already there." >&2
  exit 1
fi

# What kube-apiserver's /version and `kubectl version` report; the Go module proxy serves no git
# commit for a release, so gitCommit stays empty and the tree state says "built from an archive".
minor="$(cut -d. -f2 <<<"$version")"
built="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=v$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitCommit= -X $pkg.gitTreeState=archive"
  ldflags+=" -X $pkg.buildDate=$built"
done

echo "Building Kubernetes $version control plane into $target (a cold build takes a while)"
mkdir -p "$(dirname "$target")"
# Built beside the target and renamed into place, so an interrupted build leaves nothing half done;
# the dot keeps kube-api-test from taking it for a version directory.
staging="$(mktemp -d "$(dirname "$target")/.building-$version.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
chmod 755 "$staging"
(
  cd "$here"
  # One invocation compiles the packages the four binaries share once.
  CGO_ENABLED=0 "$go" build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$staging/" \
    go.etcd.io/etcd/server/v3 \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kubectl
)
mv "$staging/server" "$staging/etcd" # go names the binary of .../server/v3 after "server"
rm -rf "$target"                     # e.g. one kube-api-test downloaded, without a controller-manager
mv -T "$staging" "$target"
echo "Kubernetes $version control plane: $target"
