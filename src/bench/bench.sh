#!/usr/bin/env bash
# Ferry's command line against curl and lftp on one local vsftpd, in one go.
#
#   src/bench/bench.sh [RUNS]        (default 3 runs per case; prints medians and ratios)
#
# Needs: root (to start vsftpd and use the system user ferry-interop), vsftpd, curl, lftp,
# openssl, a built target/ferry.jar and a JDK 25 (JAVA_HOME or /usr/lib/jvm). Everything lives
# in a tmpfs (/dev/shm) so that the disk does not decide the result. Times include process
# start-up, as a user running each tool would see it. The machine may be shared: read ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-3}
user=ferry-interop
password=ferry-interop-pw
work=${BENCH_DIR:-/dev/shm/ferry-bench}
jar=$PWD/target/ferry.jar

[ "$(id -u)" = 0 ] || { echo "bench: run as root (vsftpd and its test user need it)" >&2; exit 1; }
for tool in vsftpd curl lftp openssl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done
[ -f "$jar" ] || { echo "bench: build first: ./mvnw -DskipTests package" >&2; exit 1; }
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"2[5-9]'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)
fi
java="$JAVA_HOME/bin/java"

id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user"
echo "$user:$password" | chpasswd -c SHA512

rm -rf "$work"
mkdir -p "$work/root/small" "$work/out" "$work/config" /var/run/vsftpd/empty
echo "preparing data in $work ..."
head -c 1073741824 /dev/urandom > "$work/root/big.bin"
cp "$work/root/big.bin" "$work/upload.bin"
for d in $(seq 0 19); do
  mkdir -p "$work/root/small/d$d" "$work/upsmall/d$d"
  for f in $(seq 0 99); do head -c 4096 /dev/urandom > "$work/root/small/d$d/f$f.bin"; done
done
cp -r "$work/root/small/." "$work/upsmall/"
chown -R "$user" "$work/root"
chmod 755 "$work" "$work/root"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
cat "$work/cert.pem" "$work/key.pem" > "$work/vsftpd.pem"
fingerprint=$(openssl x509 -in "$work/cert.pem" -noout -fingerprint -sha256 | cut -d= -f2)

start_vsftpd() { # name port tls(YES|NO)
  cat > "$work/$1.conf" <<EOF
listen=YES
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
  vsftpd "$work/$1.conf" >"$work/$1.log" 2>&1 0<>"$work/$1.log" &
  pids+=($!)
}
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
start_vsftpd plain 2621 NO
start_vsftpd ftps 2622 YES
sleep 1

export FERRY_CONFIG_DIR="$work/config" FERRY_PASSWORD="$password"
ferry() { "$java" -jar "$jar" "$@"; }
lftp_tls='set ssl:verify-certificate no; set ftp:ssl-force true; set ftp:ssl-protect-data true;'
lftp_plain='set ftp:ssl-allow false;'

# One unmeasured round: warm caches, and let Ferry learn once that this vsftpd needs TLS 1.2.
ferry get --trust-fingerprint "$fingerprint" "ftpes://$user@127.0.0.1:2622/small/d0/f0.bin" "$work/out/warm" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
measure() { # command... : prints the median wall time of $runs runs, after cleaning the output
  local times=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/out" && mkdir -p "$work/out"
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "FAILED"; return; }
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | median
}

declare -A result
run_case() { # case-name tool command...
  local name=$1 tool=$2
  shift 2
  echo "  $name / $tool ..." >&2
  result["$name/$tool"]=$(measure "$@")
}

for mode in plain ftps; do
  if [ "$mode" = plain ]; then port=2621; url="ftp://$user@127.0.0.1:$port"; curl_tls=(); lftp_set=$lftp_plain; ferry_tls=()
  else port=2622; url="ftpes://$user@127.0.0.1:$port"; curl_tls=(--ssl-reqd -k); lftp_set=$lftp_tls; ferry_tls=(--trust-fingerprint "$fingerprint"); fi
  curl_url="ftp://$user:$password@127.0.0.1:$port"

  run_case "1 GiB download $mode" ferry ferry get "${ferry_tls[@]}" "$url/big.bin" "$work/out/big.bin"
  run_case "1 GiB download $mode" curl curl -s "${curl_tls[@]}" -o "$work/out/big.bin" "$curl_url/big.bin"
  run_case "1 GiB download $mode" lftp lftp -u "$user,$password" -e "$lftp_set get big.bin -o $work/out/big.bin; quit" "127.0.0.1:$port"

  run_case "1 GiB upload $mode" ferry ferry put "${ferry_tls[@]}" "$work/upload.bin" "$url/up.bin"
  run_case "1 GiB upload $mode" curl curl -s "${curl_tls[@]}" -T "$work/upload.bin" "$curl_url/up.bin"
  run_case "1 GiB upload $mode" lftp lftp -u "$user,$password" -e "$lftp_set put $work/upload.bin -o up.bin; quit" "127.0.0.1:$port"

  for sessions in 1 4; do
    run_case "2000 x 4 KiB down $mode, $sessions session(s)" ferry ferry mirror --parallel "$sessions" "${ferry_tls[@]}" "$url/small" "$work/out/small"
    run_case "2000 x 4 KiB down $mode, $sessions session(s)" lftp lftp -u "$user,$password" -e "$lftp_set mirror -P $sessions small $work/out/small; quit" "127.0.0.1:$port"
    run_case "2000 x 4 KiB up $mode, $sessions session(s)" ferry bash -c "rm -rf '$work/root/upsmall'; exec \"$java\" -jar '$jar' mirror --reverse --parallel $sessions ${ferry_tls[*]} '$work/upsmall' '$url/upsmall'"
    run_case "2000 x 4 KiB up $mode, $sessions session(s)" lftp bash -c "rm -rf '$work/root/upsmall'; exec lftp -u '$user,$password' -e '$lftp_set mirror -R -P $sessions $work/upsmall upsmall; quit' 127.0.0.1:$port"
  done
done

ratio() { [ "$1" = FAILED ] || [ "$2" = FAILED ] || [ -z "$2" ] && { echo "-"; return; }; echo "scale=2; $1 / $2" | bc; }
printf '\n%-40s %9s %9s %9s %12s %12s\n' "case (median of $runs, seconds)" ferry curl lftp ferry/curl ferry/lftp
for mode in plain ftps; do
  for name in "1 GiB download $mode" "1 GiB upload $mode" \
      "2000 x 4 KiB down $mode, 1 session(s)" "2000 x 4 KiB down $mode, 4 session(s)" \
      "2000 x 4 KiB up $mode, 1 session(s)" "2000 x 4 KiB up $mode, 4 session(s)"; do
    f=${result["$name/ferry"]:-}; c=${result["$name/curl"]:-}; l=${result["$name/lftp"]:-}
    printf '%-40s %9s %9s %9s %12s %12s\n' "$name" "$f" "${c:--}" "$l" "$(ratio "$f" "$c")" "$(ratio "$f" "$l")"
  done
done
