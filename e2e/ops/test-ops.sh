#!/usr/bin/env bash
# `npm run test:ops`: checks ansible/ (yamllint, ansible-lint, --syntax-check of every playbook with every
# inventory), then deploys the release tarball for real on this machine with the local test inventory
# (scratch prefix, background process, an embedded PostgreSQL standing in for the node's server, the
# sandbox standing in for Bugzilla) and runs the major-upgrade playbook against it.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
for tool in ansible-playbook ansible-lint yamllint; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  echo "test:ops: missing ${missing[*]}. Install them: sudo apt-get install -y ansible-core ansible-lint yamllint" >&2
  echo "  (Debian/Ubuntu; elsewhere: pip install ansible-core ansible-lint yamllint). .ci/run installs them." >&2
  exit 1
fi

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

tarball=$(bash e2e/ops/ensure-release.sh)
work=$(mktemp -d /tmp/blockerbugs-ops-XXXXXX)
chmod 755 "$work" # the embedded PostgreSQL runs as user postgres when we are root
pids=()
cleanup() {
  local pidfile="$work/prefix/var/lib/blockerbugs/blockerbugs.pid"
  if [[ -f "$pidfile" ]]; then kill -TERM "$(cat "$pidfile")" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
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
[[ "$(readlink "$prefix/opt/blockerbugs/current")" == */releases/blockerbugs-* ]] || fail "current symlink"
grep -q "http-check send meth GET uri /blockerbugs/readyz" "$prefix/etc/haproxy/haproxy.cfg" || fail "haproxy health check"
grep -q "location /blockerbugs/" "$prefix/etc/nginx/default.d/blockerbugs.conf" || fail "nginx locations"
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
grep -Eq "Sync done .*bugzilla success: 2 milestone\(s\), [1-9][0-9]* bugs read" "$work/major.log" ||
  { cat "$work/major.log"; fail "the check sync did not read the milestones' bugs"; }
kill -0 "$old_pid" 2>/dev/null && fail "the app started by deploy.yml is still running (pid $old_pid)"
new_pid=$(cat "$prefix/var/lib/blockerbugs/blockerbugs.pid")
[[ "$new_pid" != "$old_pid" ]] && kill -0 "$new_pid" || fail "the app was not started again"
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$readyz")" == 200 ]] || fail "/readyz after the major upgrade"

step "OK: ansible checks, deploy and major upgrade of $(basename "$tarball")"
