#!/usr/bin/env bash
# Builds the base image of the tests' operator image: a minimal Debian bookworm root file system with
# openjdk-17-jre-headless and user 185, from Debian's packages (mmdebstrap), packed as a `docker save`
# archive, which is what Jib reads as a `tar://` base image. These machines reach no container
# registry; production images stay on the public Java 17 runtime (docs/install.md).
#   hack/base-image/build.sh [LINK]
# The image is cached in ${OWNERSHIP_IMAGE_CACHE:-~/.cache/ownership-operator}/base-image/, named after
# this script's hash (an edit builds a new one); nothing is done when it is there. LINK, if given,
# becomes a symbolic link to it (the build points Jib at target/image/base.tar).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "The base image is built for amd64 and arm64 Linux only, not $(uname -m)." >&2; exit 1 ;;
esac
key="$(sha256sum "$here/build.sh" | cut -c1-12)"
cache="${OWNERSHIP_IMAGE_CACHE:-$HOME/.cache/ownership-operator}/base-image"
target="$cache/debian-bookworm-jre17-$arch-$key.tar"

link_and_report() {
  [[ $# -eq 0 ]] || { mkdir -p "$(dirname "$1")"; ln -sfn "$target" "$1"; }
  echo "Base image (Debian bookworm, OpenJDK 17): $target"
}

if [[ -f "$target" ]]; then
  link_and_report "$@"
  exit 0
fi

for tool in apt-get dpkg-deb perl sha256sum tar gzip; do
  command -v "$tool" >/dev/null || { echo "Building the base image needs $tool (Debian or Ubuntu)." >&2; exit 1; }
done

echo "Building the base image into $target (a cold build downloads about 60 MB of Debian packages)"
mkdir -p "$cache"
# Built beside the target and renamed into place, so an interrupted build leaves nothing half done.
staging="$(mktemp -d "$cache/.building.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

mmdebstrap="$(command -v mmdebstrap || true)"
if [[ -z "$mmdebstrap" ]]; then
  # not installed: Debian's own package, unpacked, runs from where it is (perl and apt are all it needs)
  (
    cd "$staging"
    apt-get download mmdebstrap >/dev/null 2>&1 || { apt-get update -qq && apt-get download mmdebstrap; }
    dpkg-deb -x mmdebstrap_*.deb tools
  )
  mmdebstrap="$staging/tools/usr/bin/mmdebstrap"
fi

mirror=http://deb.debian.org/debian
# As root, mmdebstrap runs the packages' maintainer scripts in a chroot; otherwise in a user namespace (its
# unshare mode, which needs newuidmap and subordinate ids).
# essential: only the Essential:yes packages (no apt), plus the JRE and what it depends on; its maintainer
# scripts run, so /usr/bin/java and the CA store of ca-certificates-java are there as in a Debian system.
# Documentation, manual pages and translations are removed afterwards (copyright files stay): dpkg's
# path-exclude would do it during the installation, but mmdebstrap then needs python3 (mmtarfilter), and
# update-alternatives fails on a missing man1 directory.
"$mmdebstrap" --quiet --variant=essential --architectures="$arch" --format=tar \
  --include=openjdk-17-jre-headless --aptopt='Acquire::Retries "3"' \
  --customize-hook='echo "jboss:x:185:0:jboss:/home/jboss:/usr/sbin/nologin" >>"$1/etc/passwd"' \
  --customize-hook='mkdir -p "$1/home/jboss" && chown 185:0 "$1/home/jboss"' \
  --customize-hook='find "$1/usr/share/doc" ! -type d ! -name copyright -delete' \
  --customize-hook='rm -rf "$1"/usr/share/man/* "$1"/usr/share/info/* "$1"/usr/share/locale/* "$1"/usr/share/lintian/*' \
  --customize-hook='rm -rf "$1"/var/cache/* "$1"/var/log/* "$1"/var/lib/dpkg/*-old' \
  --skip=output/dev \
  bookworm "$staging/layer.tar" \
  "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main"

# The `docker save` layout: one layer, its image configuration, and manifest.json naming both. The layer is
# stored compressed (a third of the size; Jib takes it as it is), its diff_id is the digest of the tar.
diff_id="$(sha256sum "$staging/layer.tar" | cut -d' ' -f1)"
gzip -n "$staging/layer.tar"
layer="$(sha256sum "$staging/layer.tar.gz" | cut -d' ' -f1).tar.gz"
mv "$staging/layer.tar.gz" "$staging/$layer"
cat >"$staging/config.json" <<EOF
{"architecture":"$arch","os":"linux","config":{"User":"185","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch","LANG=C.UTF-8"],"WorkingDir":"/home/jboss"},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created_by":"hack/base-image/build.sh (mmdebstrap bookworm, openjdk-17-jre-headless)"}]}
EOF
config_digest="$(sha256sum "$staging/config.json" | cut -d' ' -f1)"
mv "$staging/config.json" "$staging/$config_digest.json"
cat >"$staging/manifest.json" <<EOF
[{"Config":"$config_digest.json","RepoTags":["ownership-operator-base:debian-bookworm-jre17"],"Layers":["$layer"]}]
EOF
tar -C "$staging" -cf "$staging/image.tar" manifest.json "$config_digest.json" "$layer"
mv -T "$staging/image.tar" "$target"
link_and_report "$@"
