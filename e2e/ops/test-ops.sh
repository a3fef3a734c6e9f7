#!/usr/bin/env bash
# `npm run test:ops`: checks ansible/ (yamllint, ansible-lint, --syntax-check of every playbook with every
# inventory), the OpenShift manifests and the Containerfile (e2e/ops/openshift.test.ts), builds the RPMs
# (`npm run rpm`) and checks them (e2e/ops/check-rpm.sh, rpmlint), then deploys the release tarball for real
# on this machine with the local test inventory (scratch prefix, background process, an embedded
# PostgreSQL standing in for the node's server, the sandbox standing in for Bugzilla), runs the
# major-upgrade playbook against it, installs the RPM into a scratch root and runs its blockerbugs command,
# and deploys and upgrades a second local node from the RPM.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
for tool in ansible-playbook:ansible-core ansible-lint:ansible-lint yamllint:yamllint rpmbuild:rpm rpmlint:rpmlint; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
if ((${#missing[@]})); then
  echo "test:ops: missing ${missing[*]}. Install them: sudo apt-get install -y ${missing[*]}" >&2
  echo "  (Debian/Ubuntu; .ci/run installs them)." >&2
  exit 1
fi
[[ "$(id -u)" == 0 ]] || { echo "test:ops: installing RPMs into scratch roots (rpm --root) needs root" >&2; exit 1; }

step() { printf '\n== test:ops: %s\n' "$*"; }
fail() { echo "test:ops: FAILED: $*" >&2; exit 1; }

step "yamllint, ansible-lint, syntax checks"
(
  cd ansible
  yamllint --strict .
  ansible-lint --offline -q
  for inventory in staging production local; do
    for playbook in deploy.yml upgrade-minor.yml upgrade-major.yml; do
      ansible-playbook -i "inventories/$inventory" --syntax-check "$playbook" >/dev/null ||
        fail "syntax check of $playbook with inventory $inventory"
    done
  done
)

step "every playbook refuses an inventory without exactly one primary"
(
  cd ansible
  two=$(mktemp -d /tmp/blockerbugs-inventory-XXXXXX)
  trap 'rm -rf "$two"' EXIT
  printf '%s\n' "all:" "  children:" "    blockerbugs:" "      hosts:" \
    "        a.invalid: {blockerbugs_role: primary}" "        b.invalid: {blockerbugs_role: primary}" > "$two/hosts.yml"
  for playbook in deploy.yml upgrade-minor.yml upgrade-major.yml; do
    out=$(ansible-playbook -i "$two/hosts.yml" "$playbook" 2>&1) && fail "$playbook accepted two primaries"
    grep -q "needs exactly one node with blockerbugs_role=primary" <<<"$out" ||
      { echo "$out"; fail "$playbook did not stop at the primary check"; }
  done
)

step "OpenShift manifests and the Containerfile"
npx vitest run --config e2e/ops/vitest.config.ts

step "the package's nginx snippet is the role's templates with their defaults"
(
  cd ansible
  rendered=$(mktemp -d /tmp/blockerbugs-rendered-XXXXXX)
  trap 'rm -rf "$rendered"' EXIT
  for conf in nginx-blockerbugs.conf nginx-blockerbugs-locations.conf; do
    ansible localhost -i localhost, -c local -m ansible.builtin.template \
      -a "src=roles/blockerbugs/templates/$conf.j2 dest=$rendered/$conf mode=0644" \
      -e blockerbugs_base_path=/blockerbugs -e blockerbugs_port=3000 -e blockerbugs_hsts=max-age=31536000 \
      -e blockerbugs_nginx_conf_dir=/etc/nginx/conf.d -e blockerbugs_nginx_default_dir=/etc/nginx/default.d >/dev/null
    diff <(grep -v '^#' "$rendered/$conf") <(grep -v '^#' "packaging/$conf") ||
      fail "ansible/packaging/$conf differs from roles/blockerbugs/templates/$conf.j2"
  done
)

tarball=$(bash e2e/ops/ensure-release.sh)

step "npm run rpm: the SRPM and the binary RPM, checked"
rpms=$(bash ansible/packaging/rpm.sh --tarball "$tarball" 2>"${TMPDIR:-/tmp}/blockerbugs-rpmbuild.log") ||
  { tail -30 "${TMPDIR:-/tmp}/blockerbugs-rpmbuild.log"; fail "npm run rpm"; }
rpm_file="$PWD/$(grep '\.noarch\.rpm$' <<<"$rpms")"
srpm_file="$PWD/$(grep '\.src\.rpm$' <<<"$rpms")"
bash e2e/ops/check-rpm.sh "$rpm_file" "$srpm_file"
work=$(mktemp -d /tmp/blockerbugs-ops-XXXXXX)
chmod 755 "$work" # the embedded PostgreSQL runs as user postgres when we are root
pids=()
cleanup() {
  for pidfile in "$work"/prefix*/var/lib/blockerbugs/blockerbugs.pid; do
    if [[ -f "$pidfile" ]]; then kill -TERM "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
task_result() { # log task-name: the first result line (ok/changed/skipping/fatal) of that task in an Ansible log
  awk -v task="$2" 'index($0, "TASK [") && index($0, task) { found = 1; next } found && /^(ok|changed|skipping|fatal):/ { print $1; exit }' "$1"
}
wait_line() { # file pattern: waits up to 60 s for a line
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  cat "$1" >&2
  fail "timed out waiting for '$2' in $1"
}

step "PostgreSQL stand-in and sandbox upstream"
node_modules/.bin/tsx e2e/ops/postgres.ts "$work/pg" "$(free_port)" blockerbugs > "$work/pg.log" 2>&1 &
pids+=($!)
sandbox_port=$(free_port)
node_modules/.bin/tsx e2e/sandbox/main.ts --data e2e/fixtures/demo-upstream.json --port "$sandbox_port" > "$work/sandbox.log" 2>&1 &
pids+=($!)
wait_line "$work/pg.log" "^ready "
wait_line "$work/sandbox.log" "$sandbox_port"

export BLOCKERBUGS_TEST_PREFIX="$work/prefix"
export BLOCKERBUGS_RELEASE_TARBALL="$tarball"
export BLOCKERBUGS_TEST_PORT="${OPS_APP_PORT:-$(free_port)}"
export BLOCKERBUGS_TEST_DATABASE_URL="$(sed -n 's/^ready //p' "$work/pg.log")"
export BLOCKERBUGS_TEST_SANDBOX_URL="http://127.0.0.1:$sandbox_port"
prefix="$BLOCKERBUGS_TEST_PREFIX"
readyz="http://127.0.0.1:$BLOCKERBUGS_TEST_PORT/blockerbugs/readyz"
cli() { env -i PATH="$PATH" BLOCKERBUGS_CONFIG="$prefix/etc/blockerbugs/blockerbugs.env" "$prefix/usr/local/bin/blockerbugs" "$@"; }

step "deploy.yml against the local test node"
(cd ansible && ansible-playbook -i inventories/local deploy.yml) > "$work/deploy.log" 2>&1 ||
  { cat "$work/deploy.log"; fail "deploy.yml"; }
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$readyz")" == 200 ]] || fail "/readyz of the deployed release"
[[ "$(stat -c %a "$prefix/etc/blockerbugs/blockerbugs.env")" == 640 ]] || fail "blockerbugs.env is not mode 0640"
# Values reach the app intact: unquoted, dotenv cuts everything from a "#" (the test vault's secret has one).
[[ "$(node -e 'const d = require(process.argv[1]); console.log(d.parse(require("fs").readFileSync(process.argv[2])).SESSION_SECRET)' \
  "$prefix/opt/blockerbugs/current/node_modules/dotenv" "$prefix/etc/blockerbugs/blockerbugs.env")" == \
  "test-session-secret #not-for-production 'local'" ]] || fail "blockerbugs.env does not keep SESSION_SECRET as it is"
grep -qx "PROPOSAL_RATE_LIMIT='7'" "$prefix/etc/blockerbugs/blockerbugs.env" || fail "blockerbugs.env lacks a configured setting"
grep -qx "PAGURE_BOT_ENABLED='false'" "$prefix/etc/blockerbugs/blockerbugs.env" || fail "blockerbugs.env lacks PAGURE_BOT_ENABLED"
grep -qx "MEETING_SCHEDULE='Mon 16:00 UTC'" "$prefix/etc/blockerbugs/blockerbugs.env" || fail "blockerbugs.env lacks MEETING_SCHEDULE"
grep -qx "PAGURE_WEBHOOK_KEY='test-webhook-key'" "$prefix/etc/blockerbugs/blockerbugs.env" || fail "blockerbugs.env lacks PAGURE_WEBHOOK_KEY"
[[ "$(readlink "$prefix/opt/blockerbugs/current")" == */releases/blockerbugs-* ]] || fail "current symlink"
grep -q "http-check send meth GET uri /blockerbugs/readyz" "$prefix/etc/haproxy/haproxy.cfg" || fail "haproxy health check"
grep -q "location /blockerbugs/" "$prefix/etc/nginx/default.d/blockerbugs.conf" || fail "nginx locations"
grep -q 'add_header Strict-Transport-Security "max-age=31536000" always;' \
  "$prefix/etc/nginx/default.d/blockerbugs.conf" || fail "nginx HSTS header"
grep -q "gzip on;" "$prefix/etc/nginx/default.d/blockerbugs.conf" || fail "nginx gzip"
grep -q 'map $http_x_forwarded_proto' "$prefix/etc/nginx/conf.d/blockerbugs.conf" || fail "nginx variables"
cli discover --release 46 || fail "blockerbugs discover from the installed release"
old_pid=$(cat "$prefix/var/lib/blockerbugs/blockerbugs.pid")

step "upgrade-major.yml against the same node"
(cd ansible && ansible-playbook -i inventories/local upgrade-major.yml) > "$work/major.log" 2>&1 ||
  { cat "$work/major.log"; fail "upgrade-major.yml"; }
# The runbook's order: stop everywhere, install, upgrade_db, sync, start.
last=0
for marker in "Stop the background process" "changed: \[localhost\]" "Unpack the release tarball" \
  "Run blockerbugs upgrade_db" "Nothing to do: the schema is up to date" "Run blockerbugs sync" \
  "Sync done" "Start the app as a background process" "Wait until Blockerbugs is ready"; do
  line=$(awk -v start="$last" -v pat="$marker" 'NR > start && $0 ~ pat { print NR; exit }' "$work/major.log")
  [[ -n "$line" ]] || { cat "$work/major.log"; fail "upgrade-major.yml: '$marker' missing or out of order"; }
  last=$line
done
grep -Eq "Sync done .*bugzilla success: 2 milestones, [1-9][0-9]* bugs read" "$work/major.log" ||
  { cat "$work/major.log"; fail "the check sync did not read the milestones' bugs"; }
kill -0 "$old_pid" 2>/dev/null && fail "the app started by deploy.yml is still running (pid $old_pid)"
new_pid=$(cat "$prefix/var/lib/blockerbugs/blockerbugs.pid")
[[ "$new_pid" != "$old_pid" ]] && kill -0 "$new_pid" || fail "the app was not started again"
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$readyz")" == 200 ]] || fail "/readyz after the major upgrade"

# The packaged unit with a node's drop-in, as systemd reads them (one file: `ExecStart=` resets there too).
verify_unit() { # unit drop-in
  command -v systemd-analyze >/dev/null || { echo "systemd-analyze not installed: unit not verified"; return; }
  local merged="$work/unit-$RANDOM/blockerbugs.service"
  mkdir -p "$(dirname "$merged")"
  cat "$1" "$2" > "$merged"
  out=$(systemd-analyze verify "$merged" 2>&1) || { echo "$out"; fail "systemd-analyze verify $1 + $2"; }
  [[ -z "$out" ]] || { echo "$out"; fail "systemd-analyze verify $1 + $2: warnings"; }
}
dropin="$prefix/etc/systemd/system/blockerbugs.service.d/ansible.conf"
verify_unit ansible/packaging/blockerbugs.service "$dropin"
grep -qx "ExecStart=/usr/bin/env node $prefix/opt/blockerbugs/current/build/node/server/main.js" "$dropin" ||
  fail "the tarball node's drop-in does not start the current release"
cmp -s ansible/packaging/blockerbugs.service "$prefix/etc/systemd/system/blockerbugs.service" ||
  fail "the tarball node's unit is not the packaged one"

step "the RPM in a scratch root (rpm -i --root, %pre included): blockerbugs --help and status"
root="$work/rpm-root"
bash e2e/ops/rpm-root.sh "$root" "$rpm_file"
user=$(grep '^blockerbugs:' "$root/etc/passwd") || fail "%pre created no blockerbugs user"
IFS=: read -r _ _ uid gid _ home shell <<<"$user"
((uid < 1000)) && [[ "$home" == /var/lib/blockerbugs && "$shell" == /sbin/nologin ]] ||
  fail "blockerbugs is not a system user without a shell: $user"
[[ "$(stat -c '%a %u %g' "$root/etc/blockerbugs/blockerbugs.env")" == "640 0 $gid" ]] ||
  fail "blockerbugs.env is not 0640 root:blockerbugs"
[[ "$(stat -c '%a %u %g' "$root/var/lib/blockerbugs")" == "750 $uid $gid" ]] || fail "/var/lib/blockerbugs"
[[ "$(readlink -f "$root/usr/bin/blockerbugs")" == "$root/opt/blockerbugs/app/cli/bin.mjs" ]] ||
  fail "/usr/bin/blockerbugs does not run the packaged command"
# As an operator does: the database and the session secret in the env file, the rest as packaged.
printf "DATABASE_URL='%s'\nSESSION_SECRET='%s'\n" "$BLOCKERBUGS_TEST_DATABASE_URL" "a-scratch-root-secret-of-32-characters" \
  >> "$root/etc/blockerbugs/blockerbugs.env"
rootcli() { env -i PATH="$PATH" BLOCKERBUGS_CONFIG="$root/etc/blockerbugs/blockerbugs.env" "$root/usr/bin/blockerbugs" "$@"; }
rootcli --help | grep -q "^Usage: blockerbugs" || fail "blockerbugs --help from the RPM"
status=$(rootcli status) || fail "blockerbugs status from the RPM"
echo "$status"
grep -q "^Database: external; schema .*, up to date$" <<<"$status" || fail "status: schema"
grep -q "^  Fedora 46 Beta \[active" <<<"$status" || fail "status: the milestones discovered on the tarball node"
grep -q "^Last bugzilla sync: success" <<<"$status" || fail "status: the check sync of the major upgrade"

step "deploy.yml from the RPM, on a second local node"
kill -TERM "$new_pid" && while kill -0 "$new_pid" 2>/dev/null; do sleep 0.2; done # the tarball node is done
export BLOCKERBUGS_TEST_INSTALL_FROM=rpm BLOCKERBUGS_TEST_RPM="$rpm_file"
export BLOCKERBUGS_TEST_PREFIX="$work/prefix-rpm" BLOCKERBUGS_TEST_PORT="${OPS_RPM_APP_PORT:-$(free_port)}"
prefix="$BLOCKERBUGS_TEST_PREFIX"
readyz="http://127.0.0.1:$BLOCKERBUGS_TEST_PORT/blockerbugs/readyz"
rpmcli() { env -i PATH="$PATH" BLOCKERBUGS_CONFIG="$prefix/etc/blockerbugs/blockerbugs.env" "$prefix/usr/bin/blockerbugs" "$@"; }
(cd ansible && ansible-playbook -i inventories/local deploy.yml) > "$work/deploy-rpm.log" 2>&1 ||
  { cat "$work/deploy-rpm.log"; fail "deploy.yml from the RPM"; }
[[ "$(task_result "$work/deploy-rpm.log" "Install or update the package in the scratch prefix")" == "changed:" ]] ||
  { cat "$work/deploy-rpm.log"; fail "the RPM was not installed"; }
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$readyz")" == 200 ]] || fail "/readyz of the node installed from the RPM"
rpm_pid=$(cat "$prefix/var/lib/blockerbugs/blockerbugs.pid")
[[ "$(readlink "/proc/$rpm_pid/cwd")" == "$prefix/opt/blockerbugs" ]] || fail "the app does not run from the package's files"
[[ "$(rpm -q --root "$prefix" --dbpath /var/lib/rpm blockerbugs)" == "$(basename "$rpm_file" .rpm)" ]] ||
  fail "the package database does not list the RPM"
[[ "$(stat -c %a "$prefix/etc/blockerbugs/blockerbugs.env")" == 640 ]] || fail "blockerbugs.env is not mode 0640"
grep -qx "PROPOSAL_RATE_LIMIT='7'" "$prefix/etc/blockerbugs/blockerbugs.env" || fail "the role did not write blockerbugs.env"
[[ -f "$prefix/usr/lib/systemd/system/blockerbugs.service" && ! -e "$prefix/etc/systemd/system/blockerbugs.service" ]] ||
  fail "the node does not use the package's unit"
dropin="$prefix/etc/systemd/system/blockerbugs.service.d/ansible.conf"
grep -q "^ExecStart" "$dropin" && fail "the RPM node's drop-in overrides the package's ExecStart"
grep -qx "Description=Blockerbugs (Fedora QA release-blocker tracker), primary node" "$dropin" || fail "drop-in"
verify_unit "$prefix/usr/lib/systemd/system/blockerbugs.service" "$dropin"
rpmcli status | grep -q "^  Fedora 46 Beta \[active" || fail "blockerbugs status on the node installed from the RPM"

step "upgrade-minor.yml and upgrade-major.yml with the RPM"
(cd ansible && ansible-playbook -i inventories/local upgrade-minor.yml) > "$work/minor-rpm.log" 2>&1 ||
  { cat "$work/minor-rpm.log"; fail "upgrade-minor.yml with the RPM"; }
[[ "$(task_result "$work/minor-rpm.log" "Install or update the package in the scratch prefix")" == "ok:" ]] ||
  { cat "$work/minor-rpm.log"; fail "upgrade-minor.yml with the RPM: the package step changed the installed package"; }
[[ "$(cat "$prefix/var/lib/blockerbugs/blockerbugs.pid")" == "$rpm_pid" ]] || fail "minor: restarted though nothing changed"
(cd ansible && ansible-playbook -i inventories/local upgrade-major.yml) > "$work/major-rpm.log" 2>&1 ||
  { cat "$work/major-rpm.log"; fail "upgrade-major.yml with the RPM"; }
last=0
for marker in "Stop the background process" "changed: \[localhost\]" "Install or update the package in the scratch prefix" \
  "The installed package is blockerbugs_version" "Run blockerbugs upgrade_db" "Nothing to do: the schema is up to date" \
  "Run blockerbugs sync" "Sync done" "Start the app as a background process" "Wait until Blockerbugs is ready"; do
  line=$(awk -v start="$last" -v pat="$marker" 'NR > start && $0 ~ pat { print NR; exit }' "$work/major-rpm.log")
  [[ -n "$line" ]] || { cat "$work/major-rpm.log"; fail "upgrade-major.yml with the RPM: '$marker' missing or out of order"; }
  last=$line
done
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$readyz")" == 200 ]] || fail "/readyz after the major upgrade from the RPM"

step "OK: ansible checks, manifests, RPMs; deploy and major upgrade of $(basename "$tarball"); RPM in a scratch root; deploy and upgrades from $(basename "$rpm_file")"
