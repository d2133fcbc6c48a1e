#!/usr/bin/env bash
# Makes, or reuses, a Debian trixie root with Swift 6.0.3 (swiftlang: Foundation,
# FoundationNetworking, Dispatch, XCTest) and prints its path. Trixie's glibc is newer than
# the host's, so Swift runs in a chroot rather than on the host. Needs root (or sudo).
#   scripts/swift-root.sh            -> /var/cache/instagram-auth/swift-trixie
# Override the place with IGAUTH_SWIFT_ROOT (keep it outside the repository) and the mirror
# with IGAUTH_DEBIAN_MIRROR. Cold: ~3 min and 3.2 GB; warm: instant.
set -euo pipefail

root=${IGAUTH_SWIFT_ROOT:-/var/cache/instagram-auth/swift-trixie}
mirror=${IGAUTH_DEBIAN_MIRROR:-http://deb.debian.org/debian}
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# Written last: a root without it is unfinished. (Its /usr/bin/swift is an absolute
# symlink, meaningful only inside the chroot, so it cannot be tested from here.)
ready=$root/.instagram-auth-swift-ready
if [[ -f $ready ]]; then
  echo "$root"
  exit 0
fi

if ! command -v debootstrap >/dev/null; then
  echo "apt: installing debootstrap" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq debootstrap >/dev/null
fi

# Built beside its final place and renamed at the end, so a failed run is never reused.
partial=$root.partial
if [[ -e $root ]]; then
  echo "$root exists but is not a finished Swift root: remove it, or set IGAUTH_SWIFT_ROOT" >&2
  exit 1
fi
if mountpoint -q "$partial/proc" 2>/dev/null; then as_root umount "$partial/proc"; fi
as_root rm -rf --one-file-system "$partial"
as_root mkdir -p "$(dirname "$root")"
echo "making the Swift root in $root (debootstrap trixie + swiftlang)" >&2
log=$(mktemp)
as_root debootstrap --variant=minbase trixie "$partial" "$mirror" > "$log" 2>&1 ||
  { tail -n 30 "$log" >&2; exit 1; }
as_root mount -t proc proc "$partial/proc" # swift finds its libraries through /proc/self/exe
trap 'as_root umount "$partial/proc" 2>/dev/null || true' EXIT
# (apt's "Can not write log (Is /dev/pts mounted?)" is harmless; the log shows only on failure.)
as_root chroot "$partial" sh -c 'apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends swiftlang libc6-dev' > "$log" 2>&1 ||
  { tail -n 30 "$log" >&2; exit 1; }
rm -f "$log"
version=$(as_root chroot "$partial" swift --version)
as_root umount "$partial/proc"
trap - EXIT
echo "$version" | as_root tee "$partial/.instagram-auth-swift-ready" >&2
as_root mv "$partial" "$root"
echo "$root"
