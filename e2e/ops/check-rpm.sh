#!/usr/bin/env bash
# Checks the RPMs `npm run rpm` built (e2e/ops/test-ops.sh): names, the SRPM's sources, the dependencies
# (nodejs >= 20 with Fedora's epoch, tried against stand-in nodejs packages), the file list with its
# modes, owners and %config(noreplace) flags, that no scriptlet migrates or (re)starts anything, the
# %changelog entry of this version, and rpmlint.
#   check-rpm.sh <binary.rpm> <source.rpm>
set -euo pipefail
cd "$(dirname "$0")/../.."
rpm_file=$1
srpm_file=$2
version=$(node -p 'require("./package.json").version')
fail() { echo "check-rpm: FAILED: $*" >&2; exit 1; }
# has_line <text> <line> <what>: fails unless <text> has <line> (showing the lines naming the same file).
has_line() {
  grep -qxF -- "$2" <<<"$1" && return
  grep -F -- "${2%%|*}" <<<"$1" | head -5 >&2 || true
  fail "$3: no line '$2'"
}

[[ "$(rpm -qp --qf '%{NAME} %{VERSION} %{ARCH}' "$rpm_file")" == "blockerbugs $version noarch" ]] ||
  fail "$rpm_file is not blockerbugs $version noarch"
[[ "$(basename "$rpm_file")" == "blockerbugs-$version-$(rpm -qp --qf '%{RELEASE}' "$rpm_file").noarch.rpm" ]] ||
  fail "$rpm_file is not named blockerbugs-<version>-<release>.noarch.rpm"

sources=$(rpm -qlp "$srpm_file")
for f in "blockerbugs-$version.tar.gz" blockerbugs.spec blockerbugs.service blockerbugs.env \
  nginx-blockerbugs.conf nginx-blockerbugs-locations.conf; do
  has_line "$sources" "$f" "the SRPM's sources"
done

requires=$(rpm -qp --requires "$rpm_file")
for r in "nodejs >= 1:20" nginx-filesystem shadow-utils; do has_line "$requires" "$r" "Requires"; done

# name|flags|mode|owner:group|link target, for each file (flags "cn": %config(noreplace)).
files=$(rpm -qp --qf '[%{FILENAMES}|%{FILEFLAGS:fflags}|%{FILEMODES:perms}|%{FILEUSERNAME}:%{FILEGROUPNAME}|%{FILELINKTOS}\n]' "$rpm_file")
for line in \
  "/opt/blockerbugs/build/node/server/main.js||-rw-r--r--|root:root|" \
  "/opt/blockerbugs/build/node/cli/main.js||-rw-r--r--|root:root|" \
  "/opt/blockerbugs/build/jobs/sync.js||-rw-r--r--|root:root|" \
  "/opt/blockerbugs/build/index.js||-rw-r--r--|root:root|" \
  "/opt/blockerbugs/prisma/schema.prisma||-rw-r--r--|root:root|" \
  "/opt/blockerbugs/app/cli/bin.mjs||-rwxr-xr-x|root:root|" \
  "/opt/blockerbugs/node_modules/@prisma/client/package.json||-rw-r--r--|root:root|" \
  "/usr/bin/blockerbugs||lrwxrwxrwx|root:root|../../opt/blockerbugs/app/cli/bin.mjs" \
  "/usr/lib/systemd/system/blockerbugs.service||-rw-r--r--|root:root|" \
  "/etc/blockerbugs||drwxr-xr-x|root:root|" \
  "/etc/blockerbugs/blockerbugs.env|cn|-rw-r-----|root:blockerbugs|" \
  "/etc/nginx/conf.d/blockerbugs.conf|cn|-rw-r--r--|root:root|" \
  "/etc/nginx/default.d/blockerbugs.conf|cn|-rw-r--r--|root:root|" \
  "/var/lib/blockerbugs||drwxr-x---|blockerbugs:blockerbugs|"; do
  has_line "$files" "$line" "the file list"
done
# Nothing else is configuration, writable by group or others, or owned by anyone but root.
others=$(grep -vE '^/etc/|^/var/lib/blockerbugs\|' <<<"$files" | awk -F'|' '
  $2 ~ /c/ { print "config: " $0 }
  $3 !~ /^l/ && ($3 ~ /^.....w/ || $3 ~ /^........w/) { print "writable: " $0 }
  $4 != "root:root" { print "owner: " $0 }')
[[ -z "$others" ]] || { echo "$others" | head >&2; fail "unexpected file flags, modes or owners"; }
ours=$(cut -d'|' -f1 <<<"$files" | grep -v '^/opt/blockerbugs/node_modules/')
if grep -Ei '/e2e(/|$)|sandbox|demo|\.(test|spec)\.' <<<"$ours"; then fail "test, sandbox or demo files in the package"; fi
[[ "$(grep -c . <<<"$files")" -gt 1000 ]] || fail "the package has too few files"
grep -q '^/usr/bin/node$' <(head -1 <(rpm2cpio "$rpm_file" | cpio -i --quiet --to-stdout ./opt/blockerbugs/app/cli/bin.mjs) | sed 's/^#!//') ||
  fail "bin.mjs does not run /usr/bin/node"

scripts=$(rpm -qp --scripts "$rpm_file")
grep -q 'useradd -r -g blockerbugs -d /var/lib/blockerbugs -s /sbin/nologin' <<<"$scripts" ||
  fail "%pre does not create the blockerbugs system user"
if grep -Ei 'upgrade_db|init_db|blockerbugs sync|restart|systemctl (start|enable --now)' <<<"$scripts"; then
  fail "a scriptlet migrates, syncs or (re)starts"
fi
[[ "$(rpm -qp --changelog "$rpm_file" | head -1)" == *"- $version-1" ]] || fail "no %changelog entry for $version-1"

# Dependencies, resolved for real: rpm refuses the package next to Fedora's nodejs 16 (epoch 1) and takes
# it next to nodejs 20.
stand_ins=$(mktemp -d "${TMPDIR:-/tmp}/blockerbugs-rpmdeps-XXXXXX")
trap 'rm -rf "$stand_ins"' EXIT
cat > "$stand_ins/nodejs.spec" <<'SPEC'
Name: nodejs
Epoch: 1
Version: %{node_version}
Release: 1
Summary: Stand-in for the distribution's nodejs (tests)
License: MIT
BuildArch: noarch
Provides: nginx-filesystem shadow-utils /bin/sh /usr/bin/env /usr/bin/node
%description
Stand-in.
%files
SPEC
for v in 16.20.2 20.19.0; do
  rpmbuild -bb --quiet --define "_topdir $stand_ins/top" --define "node_version $v" "$stand_ins/nodejs.spec" >/dev/null 2>&1 ||
    fail "building the nodejs $v stand-in"
done
db=(--root "$stand_ins/root" --dbpath /var/lib/rpm)
mkdir -p "$stand_ins/root"
rpm -i "${db[@]}" --justdb "$stand_ins"/top/RPMS/noarch/nodejs-16.*.rpm 2>/dev/null
out=$(rpm -i "${db[@]}" --test "$rpm_file" 2>&1) && fail "the package installs next to nodejs 16"
grep -q "nodejs >= 1:20 is needed by blockerbugs" <<<"$out" || { echo "$out" >&2; fail "no nodejs >= 20 refusal"; }
rpm -U "${db[@]}" --justdb "$stand_ins"/top/RPMS/noarch/nodejs-20.*.rpm 2>/dev/null
out=$(rpm -i "${db[@]}" --test "$rpm_file" 2>&1) || { echo "$out" >&2; fail "the package does not install next to nodejs 20"; }

if command -v rpmlint >/dev/null; then
  lint=$(rpmlint -c ansible/packaging/rpmlint.toml "$srpm_file" "$rpm_file" ansible/packaging/blockerbugs.spec 2>&1) ||
    { echo "$lint" >&2; fail "rpmlint"; }
  grep -q " 0 errors, 0 warnings" <<<"$lint" || { echo "$lint" >&2; fail "rpmlint found problems"; }
else
  echo "check-rpm: rpmlint is not installed (apt-get install rpmlint): not run" >&2
fi
echo "check-rpm: OK: $(basename "$rpm_file") and $(basename "$srpm_file")"
