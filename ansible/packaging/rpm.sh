#!/usr/bin/env bash
# `npm run rpm`: packages Blockerbugs as the operations runbook does. Builds the release tarball (as
# `npm run release` does), puts it and the other sources of ansible/packaging/ where rpmbuild expects them,
# builds the SRPM with `rpmbuild -bs`, then the binary RPM from that SRPM alone (as Koji does), and writes
#   dist/blockerbugs-<version>-<release><dist>.src.rpm and dist/blockerbugs-<version>-<release><dist>.noarch.rpm
# Options:
#   --dist TAG       the dist tag, e.g. .el7 (default .el9, or RPM_DIST)
#   --no-build       package the existing production build (npm run release -- --no-build)
#   --tarball FILE   package this release tarball instead of building one
# Needs rpmbuild (Fedora/EL: dnf install rpm-build; Debian/Ubuntu: apt-get install rpm).
set -euo pipefail
cd "$(dirname "$0")/../.."

dist=${RPM_DIST:-.el9}
release_args=()
tarball=""
while (($#)); do
  case "$1" in
    --dist) dist=${2:?--dist needs a tag such as .el9}; shift 2 ;;
    --no-build) release_args=(--no-build); shift ;;
    --tarball) tarball=${2:?--tarball needs a file}; shift 2 ;;
    *) echo "rpm: unknown option $1 (use --dist TAG, --no-build or --tarball FILE)" >&2; exit 2 ;;
  esac
done
[[ -z "$dist" || "$dist" == .* ]] || { echo "rpm: --dist must start with a dot, such as .el9" >&2; exit 2; }
command -v rpmbuild >/dev/null ||
  { echo "rpm: rpmbuild is missing: dnf install rpm-build (Fedora/EL) or apt-get install rpm (Debian/Ubuntu)" >&2; exit 1; }

spec=ansible/packaging/blockerbugs.spec
version=$(node -p 'require("./package.json").version')
spec_version=$(rpmspec -q --srpm --qf '%{VERSION}' "$spec")
if [[ "$spec_version" != "$version" ]]; then
  echo "rpm: $spec has Version $spec_version but package.json $version: update Version, Release and %changelog" >&2
  exit 1
fi

if [[ -z "$tarball" ]]; then
  bash ansible/release.sh "${release_args[@]}" >&2
  tarball="dist/blockerbugs-$version.tar.gz"
fi
[[ -f "$tarball" ]] || { echo "rpm: no release tarball at $tarball" >&2; exit 1; }

top=$(mktemp -d "${TMPDIR:-/tmp}/blockerbugs-rpmbuild-XXXXXX")
trap 'rm -rf "$top"' EXIT
mkdir -p "$top/SOURCES"
cp "$tarball" "$top/SOURCES/blockerbugs-$version.tar.gz"
cp ansible/packaging/blockerbugs.service ansible/packaging/blockerbugs.env \
  ansible/packaging/nginx-blockerbugs.conf ansible/packaging/nginx-blockerbugs-locations.conf "$top/SOURCES/"
defines=(--define "_topdir $top" --define "dist $dist")

rpmbuild -bs "${defines[@]}" "$spec" >&2
srpm=$(find "$top/SRPMS" -name '*.src.rpm')
# Rebuilt from the SRPM alone, as Koji builds it. No BuildRequires to check (and nothing to check them
# against on a Debian build machine).
rpmbuild --rebuild --nodeps "${defines[@]}" "$srpm" >&2
mkdir -p dist
cp "$srpm" "$top"/RPMS/noarch/*.rpm dist/
for f in "$srpm" "$top"/RPMS/noarch/*.rpm; do echo "dist/$(basename "$f")"; done
