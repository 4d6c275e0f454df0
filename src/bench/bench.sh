#!/usr/bin/env bash
# Ferry against curl and lftp on one local vsftpd (plain and FTPS), every transferred byte checked.
#
#   src/bench/bench.sh [--runs N] [--out DIR] [--only REGEX] [--ferry package|jar]
#                      [--no-build] [--no-warm] [--no-app] [--keep-data] [--then COMMAND]
#
#   --runs N       timed runs per tool and line (default 3); the tables show medians
#   --out DIR      where results go (default target/bench/); never inside the source tree
#   --only REGEX   only the lines whose id matches (ids: dl1g-plain dl1g-ftps up1g-ftps small2k-plain
#                  small8k-plain small2k-ftps small2k-rtt10 list20k app-launch app-list20k fx-latency-10k)
#   --ferry        the command line to time: the packaged launcher (default, what users run; built
#                  when missing) or `java -jar target/ferry.jar`
#   --no-build     use the jar, test classes and app-image as they are
#   --no-warm      skip the in-process lines (warm JVM, window)
#   --no-app       skip the packaged app's start-up line
#   --then COMMAND instead of measuring, run COMMAND (bash) once the data and servers are ready, with
#                  BENCH_WORK BENCH_OUT BENCH_PLAIN_PORT BENCH_FTPS_PORT BENCH_RTT_PORT BENCH_FINGERPRINT
#                  BENCH_DISPLAY
#                  exported (src/bench/profile.sh uses it)
#
# Needs root: it starts vsftpd and logs in as the system user ferry-interop, and installs what is
# missing (vsftpd curl lftp openssl time xvfb python3) with apt-get. Data lives on tmpfs (/dev/shm), so the
# disk does not decide. The CLI lines time each tool's process from start to exit (wall, user and
# system CPU from GNU time); runs of the tools alternate, so a busy moment hits all of them. A run
# whose bytes differ from the source (SHA-256 of the file, or of every file of the tree with its
# path; names and sizes of a listing) is recorded as FAILED and not timed.
#
# Output in DIR: runs.csv (every run), summary.md (the medians side by side, Ferry / anchor),
# machine.txt (load at start, CPU, versions), logs/ (output of failed runs). Run by hand, not by CI.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

runs=3
out=$repo/target/bench
only='.*'
ferry_kind=package
build=1
warm=1
app=1
keep_data=0
then=
while (($#)); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --ferry) ferry_kind=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-warm) warm=0; shift ;;
    --no-app) app=0; shift ;;
    --keep-data) keep_data=1; shift ;;
    --then) then=$2; shift 2 ;;
    -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench: --runs wants a positive number" >&2; exit 2; }
[[ $ferry_kind == package || $ferry_kind == jar ]] || { echo "bench: --ferry is package or jar" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "bench: run as root (vsftpd and its system user need it)" >&2; exit 1; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
case $out/ in
  "$repo"/target/*) ;;
  "$repo"/*) echo "bench: $out is inside the source tree; give a folder under target/ or outside" >&2; exit 2 ;;
esac

# ------------------------------------------------------------------ tools and builds

missing=()
for pair in vsftpd:vsftpd curl:curl lftp:lftp openssl:openssl /usr/bin/time:time Xvfb:xvfb perl:perl-base \
  python3:python3-minimal; do
  command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
done
if ((${#missing[@]})); then
  echo "bench: installing ${missing[*]}" >&2
  apt-get install -y "${missing[@]}" >/dev/null || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
fi

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)
fi
[ -x "$JAVA_HOME/bin/java" ] || { echo "bench: no JDK 25 (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME PATH=$JAVA_HOME/bin:$PATH
java=$JAVA_HOME/bin/java
jar=$repo/target/ferry.jar
launcher=$repo/target/package/ferry/bin/ferry
classpath_file=$repo/target/test-classpath.txt

if ((build)); then
  echo "bench: building (jar, test classes, class path) ..." >&2
  ./mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath_file" >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
  if [[ $ferry_kind == package ]] || ((app)); then
    if [ ! -x "$launcher" ] || [ "$jar" -nt "$launcher" ]; then
      echo "bench: building the app-image (packaging/build-linux.sh --no-deb) ..." >&2
      packaging/build-linux.sh --no-deb >>"$out/build.log" 2>&1 || { tail -30 "$out/build.log" >&2; exit 1; }
    fi
  fi
fi
[ -f "$jar" ] || { echo "bench: no $jar (drop --no-build)" >&2; exit 1; }
if [[ $ferry_kind == package ]]; then
  [ -x "$launcher" ] || { echo "bench: no app-image at $launcher (drop --no-build, or --ferry jar)" >&2; exit 1; }
  ferry_cmd=("$launcher")
else
  ferry_cmd=("$java" -jar "$jar")
fi

# ------------------------------------------------------------------ data on tmpfs

user=ferry-interop
password=ferry-interop-pw
id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user"
echo "$user:$password" | chpasswd -c SHA512
grep -qx /bin/bash /etc/shells || echo /bin/bash >>/etc/shells

work=$(mktemp -d /dev/shm/ferry-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -z "${server_cgroup:-}" ] || rmdir "$server_cgroup" 2>/dev/null || true
  ((keep_data)) || rm -rf "$work"
}
trap cleanup EXIT

echo "bench: preparing data in $work ..." >&2
mkdir -p "$work"/{root,local,out,logs,config-cli,config-app,home} /var/run/vsftpd/empty
head -c 1073741824 /dev/urandom >"$work/root/big.bin"
ln "$work/root/big.bin" "$work/local/big.bin"
# Trees of 4 KiB random files, 100 per folder; a folder of 20,000 entries of varied (sparse) sizes.
perl -e '
  my ($root) = @ARGV;
  open my $random, "<:raw", "/dev/urandom" or die "urandom: $!";
  for my $tree (["small2k", 20], ["small8k", 80], ["small10k", 100]) {
    my ($name, $folders) = @$tree;
    mkdir "$root/$name" or die;
    for my $d (0 .. $folders - 1) {
      mkdir "$root/$name/d$d" or die;
      for my $f (0 .. 99) {
        read($random, my $bytes, 4096) == 4096 or die;
        open my $file, ">:raw", "$root/$name/d$d/f$f.bin" or die;
        print $file $bytes;
        close $file or die;
      }
    }
  }
  mkdir "$root/list20k" or die;
  for my $i (0 .. 19999) {
    my $path = sprintf("%s/list20k/entry-%05d.dat", $root, $i);
    open my $file, ">", $path or die;
    truncate($file, ($i * 7919) % 1048576) or die;
    close $file;
  }' "$work/root"
chown -R "$user:$user" "$work/root"

tree_digest() { # DIR: SHA-256 over every file's path and SHA-256
  (cd "$1" && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -r -d '\n' sha256sum | sha256sum | cut -d' ' -f1)
}
listing_digest() { # reads "size name" lines
  LC_ALL=C sort | sha256sum | cut -d' ' -f1
}
declare -A expect
expect[big]=$(sha256sum <"$work/root/big.bin" | cut -d' ' -f1)
for tree in small2k small8k small10k; do expect[$tree]=$(tree_digest "$work/root/$tree"); done
expect[list20k]=$(find "$work/root/list20k" -maxdepth 1 -type f -printf '%s %f\n' | listing_digest)

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
cat "$work/cert.pem" "$work/key.pem" >"$work/vsftpd.pem"
fingerprint=$(openssl x509 -in "$work/cert.pem" -noout -fingerprint -sha256 | cut -d= -f2)

# ------------------------------------------------------------------ servers

free_port() {
  local port
  for port in $(shuf -i 20000-45000 -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "bench: no free port" >&2; exit 1
}
listening() { # port pid: true once something listens there, false when the process died first
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
start_vsftpd() { # name tls(YES|NO): sets port; another free port when one was taken meanwhile
  local attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    write_vsftpd_conf "$1" "$port" "$2"
    # vsftpd writes fatal "500 OOPS" messages to fd 0: open it read-write on the log.
    vsftpd "$work/$1.conf" 0<>"$work/$1.out" >>"$work/$1.out" 2>&1 &
    if listening "$port" $!; then pids+=($!); return; fi
    kill $! 2>/dev/null || true
  done
  echo "bench: vsftpd ($1) did not start: $(cat "$work/$1.out")" >&2; exit 1
}
write_vsftpd_conf() { # name port tls(YES|NO)
  cat >"$work/$1.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$2
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
connect_from_port_20=NO
secure_chroot_dir=/var/run/vsftpd/empty
pam_service_name=vsftpd
local_root=$work/root
userlist_enable=NO
max_clients=0
max_per_ip=0
ssl_enable=$3
rsa_cert_file=$work/vsftpd.pem
rsa_private_key_file=$work/vsftpd.pem
ssl_ciphers=HIGH
require_ssl_reuse=YES
force_local_data_ssl=$3
force_local_logins_ssl=$3
EOF
}
# The servers' CPU time, per run: vsftpd forks a process per session, and a cgroup counts them all.
# On two cores what the server spends is time no client can take back: it is each line's floor.
server_cgroup=
if [ -d /sys/fs/cgroup/cpuacct ] && mkdir -p /sys/fs/cgroup/cpuacct/ferry-bench-servers 2>/dev/null; then
  server_cgroup=/sys/fs/cgroup/cpuacct/ferry-bench-servers
elif [ -f /sys/fs/cgroup/cgroup.controllers ] && mkdir -p /sys/fs/cgroup/ferry-bench-servers 2>/dev/null; then
  server_cgroup=/sys/fs/cgroup/ferry-bench-servers
fi
server_cpu_ns() { # the servers' CPU time so far, in ns; empty without a cgroup
  if [ -z "$server_cgroup" ]; then return; fi
  if [ -f "$server_cgroup/cpuacct.usage" ]; then cat "$server_cgroup/cpuacct.usage"
  else awk '$1 == "usage_usec" {printf "%d\n", $2 * 1000}' "$server_cgroup/cpu.stat"; fi
}
into_server_cgroup() { # pid
  [ -z "$server_cgroup" ] || echo "$1" >"$server_cgroup/cgroup.procs" 2>/dev/null \
    || { echo "bench: no server CPU figures (cgroup refused the server)" >&2; server_cgroup=; }
}

start_vsftpd plain NO
plain_port=$port
into_server_cgroup "${pids[-1]}"
start_vsftpd ftps YES
ftps_port=$port
into_server_cgroup "${pids[-1]}"

# The small2k-rtt10 line talks to the plain server through a proxy that holds commands and replies
# 5 ms each way: what round trips per file cost away from loopback (data connections stay direct).
rtt_port=$(free_port)
python3 "$repo/src/bench/delay-proxy.py" "$rtt_port" "$plain_port" 5 >"$work/delay-proxy.out" 2>&1 &
listening "$rtt_port" $! || { echo "bench: the delaying proxy did not start: $(cat "$work/delay-proxy.out")" >&2; exit 1; }
pids+=($!)

display=
start_xvfb() {
  local n
  for n in $(seq 90 130); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
  done
  Xvfb ":$n" -screen 0 1400x900x24 -nolisten tcp >"$work/xvfb.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    [ -e "/tmp/.X11-unix/X$n" ] && { display=:$n; return; }
    sleep 0.1
  done
  echo "bench: Xvfb did not start: $(cat "$work/xvfb.out")" >&2; exit 1
}
if ((app || warm)); then start_xvfb; fi

# ------------------------------------------------------------------ what runs

plain_url=ftp://$user@127.0.0.1:$plain_port
rtt_url=ftp://$user@127.0.0.1:$rtt_port
curl_rtt=ftp://$user:$password@127.0.0.1:$rtt_port
lftp_rtt="set cmd:fail-exit yes; set ftp:ssl-allow no; open -u $user,$password -p $rtt_port 127.0.0.1"
ftps_url=ftpes://$user@127.0.0.1:$ftps_port
curl_plain=ftp://$user:$password@127.0.0.1:$plain_port
curl_ftps=ftp://$user:$password@127.0.0.1:$ftps_port
lftp_plain="set cmd:fail-exit yes; set ftp:ssl-allow no; open -u $user,$password -p $plain_port 127.0.0.1"
lftp_ftps="set cmd:fail-exit yes; set ftp:ssl-force yes; set ftp:ssl-protect-data yes; set ssl:verify-certificate no"
lftp_ftps+="; open -u $user,$password -p $ftps_port 127.0.0.1"
# GnuTLS priority string without TLS 1.3: lftp's faster setting for many small files over FTPS.
lftp_ftps12="set ssl:priority NORMAL:-VERS-TLS1.3; $lftp_ftps"
o=$work/out

export FERRY_PASSWORD=$password
ferry=(env FERRY_CONFIG_DIR="$work/config-cli" "${ferry_cmd[@]}")

# The command of one tool on one line, in the array `cmd`; unset when the tool has no such line.
command_for() { # case tool
  cmd=()
  case $1/$2 in
    dl1g-plain/ferry) cmd=("${ferry[@]}" get "$plain_url/big.bin" "$o/big.bin") ;;
    dl1g-plain/curl) cmd=(curl -sS --fail -o "$o/big.bin" "$curl_plain/big.bin") ;;
    dl1g-plain/lftp) cmd=(lftp -c "$lftp_plain; get big.bin -o $o/big.bin") ;;
    dl1g-ftps/ferry) cmd=("${ferry[@]}" get --trust-fingerprint "$fingerprint" "$ftps_url/big.bin" "$o/big.bin") ;;
    dl1g-ftps/curl) cmd=(curl -sS --fail --ssl-reqd -k -o "$o/big.bin" "$curl_ftps/big.bin") ;;
    dl1g-ftps/lftp) cmd=(lftp -c "$lftp_ftps; get big.bin -o $o/big.bin") ;;
    up1g-ftps/ferry) cmd=("${ferry[@]}" put --trust-fingerprint "$fingerprint" "$work/local/big.bin" "$ftps_url/up.bin") ;;
    up1g-ftps/curl) cmd=(curl -sS --fail --ssl-reqd -k -T "$work/local/big.bin" "$curl_ftps/up.bin") ;;
    up1g-ftps/lftp) cmd=(lftp -c "$lftp_ftps; put $work/local/big.bin -o up.bin") ;;
    small*-plain/ferry) cmd=("${ferry[@]}" mirror --parallel 4 "$plain_url/${1%-*}" "$o/${1%-*}") ;;
    small*-rtt10/ferry) cmd=("${ferry[@]}" mirror --parallel 4 "$rtt_url/${1%-*}" "$o/${1%-*}") ;;
    small*-ftps/ferry) cmd=("${ferry[@]}" mirror --parallel 4 --trust-fingerprint "$fingerprint" "$ftps_url/${1%-*}" "$o/${1%-*}") ;;
    # curl has no mirror: it is given the names (no listing) and 4 transfers at a time.
    small*/curl)
      local folders=$(( ${1:5:1} == 2 ? 19 : 79 )) tls=()
      [[ $1 == *ftps ]] && tls=(--ssl-reqd -k)
      local base=$curl_plain; [[ $1 == *ftps ]] && base=$curl_ftps; [[ $1 == *rtt10 ]] && base=$curl_rtt
      cmd=(curl -sS --fail "${tls[@]}" -Z --parallel-max 4 --create-dirs -o "$o/${1%-*}/d#1/f#2.bin"
        "$base/${1%-*}/d[0-$folders]/f[0-99].bin") ;;
    small*-plain/lftp) cmd=(lftp -c "$lftp_plain; mirror --parallel=4 ${1%-*} $o/${1%-*}") ;;
    small*-rtt10/lftp) cmd=(lftp -c "$lftp_rtt; mirror --parallel=4 ${1%-*} $o/${1%-*}") ;;
    small*-ftps/lftp) cmd=(lftp -c "$lftp_ftps; mirror --parallel=4 ${1%-*} $o/${1%-*}") ;;
    small*-ftps/lftp-tls12) cmd=(lftp -c "$lftp_ftps12; mirror --parallel=4 ${1%-*} $o/${1%-*}") ;;
    list20k/ferry) cmd=("${ferry[@]}" ls "$plain_url/list20k/") ;;
    list20k/curl) cmd=(curl -sS --fail "$curl_plain/list20k/") ;;
    list20k/lftp) cmd=(lftp -c "$lftp_plain; cls -l list20k") ;;
    app-launch/ferry-app)
      cmd=(env -u FERRY_PASSWORD HOME="$work/home" FERRY_CONFIG_DIR="$work/config-app" DISPLAY="$display"
        JAVA_TOOL_OPTIONS=-Dferry.startupProbe=true "$launcher") ;;
  esac
}

prepare() { # case: a clean slate for one run
  rm -rf "$o" && mkdir -p "$o"
  [[ $1 != up1g-ftps ]] || rm -f "$work/root/up.bin"
}

# Prints nothing when the run's result is right, else what is wrong. $1 case, $2 tool, $3 stdout file.
verify() {
  case $1 in
    dl1g-*) check_file "$o/big.bin" ;;
    up1g-*) check_file "$work/root/up.bin" ;;
    small*) local tree=${1%-*}
      [ -d "$o/$tree" ] || { echo "no $o/$tree"; return; }
      [ "$(tree_digest "$o/$tree")" = "${expect[$tree]}" ] \
        || echo "tree differs: $(find "$o/$tree" -type f | wc -l) files, expected $(find "$work/root/$tree" -type f | wc -l)" ;;
    list20k) local got
      case $2 in
        ferry) got=$(awk '{print $2, $NF}' "$3" | listing_digest) ;;
        curl) got=$(awk '{print $5, $NF}' "$3" | listing_digest) ;;
        lftp) got=$(awk '{name = $NF; sub(/.*\//, "", name); print $5, name}' "$3" | listing_digest) ;;
      esac
      [ "$got" = "${expect[list20k]}" ] || echo "names and sizes differ from the folder's ($(wc -l <"$3") lines)" ;;
    app-launch) grep -q '^ferry-startup-ms [0-9]' "$3" || echo "no ferry-startup-ms line: the window never painted" ;;
  esac
}
check_file() {
  [ -f "$1" ] || { echo "no $1"; return; }
  [ "$(stat -c %s "$1")" = 1073741824 ] || { echo "size $(stat -c %s "$1") instead of 1073741824"; return; }
  [ "$(sha256sum <"$1" | cut -d' ' -f1)" = "${expect[big]}" ] || echo "SHA-256 differs"
}

csv=$out/runs.csv
echo "case,tool,run,status,wall_s,user_s,sys_s,files,bytes,max_rss_kib,detail" >"$csv"
rm -rf "$out/logs" && mkdir -p "$out/logs"

files_of() { case $1 in dl1g-*|up1g-*) echo 1 ;; small2k-*) echo 2000 ;; small8k-*) echo 8000 ;; list20k) echo 20000 ;; *) echo ;; esac; }
bytes_of() { case $1 in dl1g-*|up1g-*) echo 1073741824 ;; small2k-*) echo $((2000 * 4096)) ;; small8k-*) echo $((8000 * 4096)) ;; *) echo ;; esac; }

run_once() { # case tool run
  local case=$1 tool=$2 run=$3 log=$out/logs/$1.$2.$3
  command_for "$case" "$tool"
  prepare "$case"
  local start end rc=0 server_before server_after
  server_before=$(server_cpu_ns)
  start=$(date +%s%N)
  /usr/bin/time -f '%U %S %M' -o "$log.time" "${cmd[@]}" >"$log.out" 2>"$log.err" || rc=$?
  end=$(date +%s%N)
  server_after=$(server_cpu_ns)
  local problem detail=""
  problem=$(verify "$case" "$tool" "$log.out")
  if ((rc != 0)); then problem="exit status $rc${problem:+; $problem}"; fi
  read -r user sys rss < <(tail -1 "$log.time")
  local wall
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
  if [[ $case == app-launch && -z $problem ]]; then
    # ferry-startup-ms <JVM uptime> epoch-ms <wall clock> first-pulse-ms <JVM uptime>, at the painted frame.
    read -r _ uptime _ epoch _ pulse < <(grep -m1 '^ferry-startup-ms' "$log.out")
    wall=$(awk -v a="$start" -v e="$epoch" 'BEGIN {printf "%.3f", (e * 1e6 - a) / 1e9}')
    detail="painted_jvm_uptime_ms=$uptime;first_pulse_jvm_uptime_ms=${pulse:-};process_exit_s=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", (b - a) / 1e9}')"
  fi
  if [[ -n $server_before && -n $server_after && $case != app-launch ]]; then
    detail="server_cpu_s=$(awk -v a="$server_before" -v b="$server_after" 'BEGIN {printf "%.3f", (b - a) / 1e9}')"
  fi
  if [ -n "$problem" ]; then
    echo "$case,$tool,$run,FAILED,,,,,,,\"${problem//\"/\'}\"" >>"$csv"
    echo "    $tool run $run: FAILED: $problem (logs: $log.*)" >&2
  else
    echo "$case,$tool,$run,ok,$wall,$user,$sys,$(files_of "$case"),$(bytes_of "$case"),$rss,$detail" >>"$csv"
    echo "    $tool run $run: $wall s" >&2
    rm -f "$log.out" "$log.err" "$log.time"
  fi
}

run_line() { # case tools...
  local case=$1; shift
  [[ $case =~ $only ]] || return 0
  echo "  $case (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  echo "before $case: loadavg $(cat /proc/loadavg)" >>"$out/machine.txt"
  local run tool
  for run in $(seq "$runs"); do
    for tool in "$@"; do run_once "$case" "$tool" "$run"; done
  done
}

# ------------------------------------------------------------------ the run

{
  echo "date: $(date -u +%FT%TZ)"
  echo "loadavg at start: $(cat /proc/loadavg)"
  echo "cpus: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "kernel: $(uname -r)"
  echo "commit: $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "ferry command line: ${ferry_cmd[*]}"
  echo "java: $("$java" -version 2>&1 | head -1)"
  echo "curl: $(curl --version | head -1)"
  echo "lftp: $(lftp --version | head -1)"
  echo "vsftpd: $(dpkg-query -W -f '${Version}' vsftpd 2>/dev/null)"
  echo "runs per line: $runs"
  echo "work folder: $work (tmpfs)"
} >"$out/machine.txt"

echo "bench: warm-up round (file caches, each tool once)" >&2
"${ferry[@]}" get "$plain_url/small2k/d0/f0.bin" "$o/w1" >/dev/null
"${ferry[@]}" get --trust-fingerprint "$fingerprint" "$ftps_url/small2k/d0/f0.bin" "$o/w2" >/dev/null
curl -sS --fail -o "$o/w3" "$curl_plain/small2k/d0/f0.bin"
curl -sS --fail --ssl-reqd -k -o "$o/w4" "$curl_ftps/small2k/d0/f0.bin"
lftp -c "$lftp_plain; get small2k/d0/f0.bin -o $o/w5"
lftp -c "$lftp_ftps; get small2k/d0/f0.bin -o $o/w6"

if [ -n "$then" ]; then
  export BENCH_WORK=$work BENCH_OUT=$out BENCH_PLAIN_PORT=$plain_port BENCH_FTPS_PORT=$ftps_port BENCH_RTT_PORT=$rtt_port
  export BENCH_FINGERPRINT=$fingerprint BENCH_DISPLAY=$display
  bash -c "$then"
  exit
fi

echo "bench: command lines, $runs runs each" >&2
run_line dl1g-plain ferry curl lftp
run_line dl1g-ftps ferry curl lftp
run_line up1g-ftps ferry curl lftp
run_line small2k-plain ferry curl lftp
run_line small8k-plain ferry curl lftp
run_line small2k-ftps ferry curl lftp-tls12 lftp
run_line small2k-rtt10 ferry curl lftp
run_line list20k ferry curl lftp

if ((app)) && [[ app-launch =~ $only ]]; then
  if [ -x "$launcher" ]; then
    echo "bench: packaged app start-up (one unmeasured start first)" >&2
    command_for app-launch ferry-app
    "${cmd[@]}" >/dev/null 2>&1 || true
    run_line app-launch ferry-app
  else
    echo "bench: no app-image at $launcher: app-launch skipped" >&2
  fi
fi

if ((warm)); then
  warm_args=(--work "$work" --plain-port "$plain_port" --ftps-port "$ftps_port" --fingerprint "$fingerprint"
    --runs "$runs" --csv "$csv" --only "$only")
  [ -f "$classpath_file" ] || { echo "bench: no $classpath_file (drop --no-build)" >&2; exit 1; }
  warm_cp=$repo/target/classes:$repo/target/test-classes:$(cat "$classpath_file")
  # The app's JVM: with the packaged launcher's JIT choice (C2 for the crypto only), see packaging/build-linux.sh.
  warm_jvm=(--enable-native-access=ALL-UNNAMED -Djavafx.cachedir="$repo/target/openjfx-cache" -Xss2m
    -Duser.home="$work/home" -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput
    -XX:CompilerDirectivesFile="$repo/packaging/jit-directives.json")
  echo "before warm JVM: loadavg $(cat /proc/loadavg)" >>"$out/machine.txt"
  echo "bench: warm JVM, file work (dev.ferry.bench.WarmBench files)" >&2
  "$java" "${warm_jvm[@]}" -cp "$warm_cp" dev.ferry.bench.WarmBench files "${warm_args[@]}" \
    || echo "bench: the warm JVM's file work stopped with an error" >&2
  if [[ app-list20k =~ $only || fx-latency-10k =~ $only ]]; then
    echo "before window: loadavg $(cat /proc/loadavg)" >>"$out/machine.txt"
    echo "bench: warm JVM, the window (dev.ferry.bench.WarmBench gui on $display)" >&2
    DISPLAY=$display "$java" "${warm_jvm[@]}" -cp "$warm_cp" dev.ferry.bench.WarmBench gui "${warm_args[@]}" \
      || echo "bench: the warm JVM's window part stopped with an error" >&2
  fi
fi

echo "loadavg at end: $(cat /proc/loadavg)" >>"$out/machine.txt"
"$java" "$repo/src/bench/Report.java" "$out" >"$out/summary.md"
rmdir "$out/logs" 2>/dev/null || true
cat "$out/summary.md"
echo "bench: results in $out (runs.csv, summary.md, machine.txt)" >&2
