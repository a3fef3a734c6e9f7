#!/usr/bin/env bash
# Installs an RPM into a scratch root the way a node's package manager would, scriptlets included:
# `rpm -i --root <root> --nodeps`, after giving the root what the package's %pre runs in it (a shell,
# getent, groupadd and useradd with their libraries, /etc/passwd and friends, /dev/null). Needs root.
#   rpm-root.sh <root> <package.rpm>
set -euo pipefail
root=$1
package=$2
[[ "$(id -u)" == 0 ]] || { echo "rpm-root: installing into a root needs root (rpm --root)" >&2; exit 1; }
mkdir -p "$root/etc" "$root/tmp" "$root/var/tmp" "$root/dev" "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib" "$root/usr/lib64"
# Merged /usr, as on Fedora and EL: /bin/sh is /usr/bin/sh.
for d in bin sbin lib lib64; do [[ -e "$root/$d" ]] || ln -s "usr/$d" "$root/$d"; done
chmod 1777 "$root/tmp" "$root/var/tmp"
for tool in sh getent groupadd useradd; do
  bin=$(command -v "$tool")
  for f in "$bin" $(ldd "$(readlink -f "$bin")" | grep -o '/[^ ]*'); do
    mkdir -p "$root$(dirname "$f")"
    cp -L "$f" "$root$f"
  done
done
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
printf 'root:*:20000:0:99999:7:::\n' > "$root/etc/shadow"
printf 'root:*::\n' > "$root/etc/gshadow"
chmod 0640 "$root/etc/shadow" "$root/etc/gshadow"
cp /etc/login.defs "$root/etc/"
printf 'passwd: files\ngroup: files\nshadow: files\n' > "$root/etc/nsswitch.conf"
[[ -e "$root/dev/null" ]] || mknod -m 0666 "$root/dev/null" c 1 3
# Debian's rpm keeps its database in ~/.rpmdb: use the distributions' place inside the root.
rpm -i --root "$root" --dbpath /var/lib/rpm --nodeps "$package" 2> >(grep -v 'Alien\|assuming you know' >&2)
