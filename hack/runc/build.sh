#!/usr/bin/env bash
# Provides runc (the process node's container mode) and busybox-static (the cluster tests' small
# image) as this host's apt serves them (on the CI's Debian bookworm, bookworm's), without installing
# them: `apt-get download` and `dpkg-deb -x` into
#   ${OWNERSHIP_TOOLS_DIR:-~/.cache/ownership-operator}/runc/{runc,busybox,versions}
# Does nothing when both are there; `rm -rf` that directory to take the distribution's newer ones.
# Versions are not pinned: a Debian mirror serves only a package's current version (security
# updates replace runc's), so a pin would break the day one lands. `versions` says what was taken.
set -euo pipefail

target="${OWNERSHIP_TOOLS_DIR:-$HOME/.cache/ownership-operator}/runc"
if [[ -x "$target/runc" && -x "$target/busybox" ]]; then
  echo "runc and busybox: $target"
  exit 0
fi
if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
  echo "The container mode's tests need Debian's runc and busybox-static in $target; without apt-get and dpkg-deb, put those two binaries (runc, busybox) there." >&2
  exit 1
fi

mkdir -p "$(dirname "$target")"
# Fetched and unpacked beside the target, renamed into place: an interrupted run leaves nothing half done.
staging="$(mktemp -d "$(dirname "$target")/.fetching-runc.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
chmod 755 "$staging" # apt-get download fetches as the _apt user where it can
download() {
  (cd "$staging" && apt-get download -q runc busybox-static)
}
# A fresh machine's package lists may be stale (or missing): refresh them once and retry.
if ! download >&2; then
  echo "apt-get download failed; updating the package lists once" >&2
  apt-get update -q >&2
  download >&2
fi
mkdir "$staging/bin"
for deb in "$staging"/*.deb; do
  dpkg-deb -x "$deb" "$staging/root"
  dpkg-deb -f "$deb" Package Version | paste -sd' ' >>"$staging/bin/versions"
done
mv "$staging/root/usr/sbin/runc" "$staging/bin/runc"
# bookworm's package has it in /bin, later ones (merged /usr) in /usr/bin
busybox="$staging/root/bin/busybox"
[[ -f "$busybox" ]] || busybox="$staging/root/usr/bin/busybox"
mv "$busybox" "$staging/bin/busybox"
# runc links libc and libseccomp2, which apt itself depends on; say so plainly should one be missing.
if missing="$(ldd "$staging/bin/runc" | grep 'not found')"; then
  echo "runc needs shared libraries this machine lacks (apt-get install libseccomp2): $missing" >&2
  exit 1
fi
chmod 755 "$staging/bin"
rm -rf "$target"
mv -T "$staging/bin" "$target"
echo "runc and busybox: $target"
