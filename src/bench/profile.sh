#!/usr/bin/env bash
# Profiles the lines where Ferry's command line is slowest, against the benchmark's servers:
#
#   src/bench/bench.sh --no-warm --no-app --out target/bench-profile --then src/bench/profile.sh
#
# Writes into $BENCH_OUT/profile/: for each line the JFR recording (profile settings plus CPU-time
# sampling) with its hot methods, GC, compiler and class-loading views; a perf profile by thread
# and by symbol (JIT code named through the JVM's perf map) when perf works here; the FTP dialogue
# of a small mirror (round trips per file); for `ferry ls` the start-up split (JVM alone,
# --version, ls with JIT, GC or CDS changed), the classes it loads and where from. Times are
# medians of 5 runs (wall, user, sys). PROFILE_ONLY=REGEX picks sections: ls, mirror, put, getftps, get.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
: "${BENCH_WORK:?run through bench.sh --then}"
out=$BENCH_OUT/profile
only=${PROFILE_ONLY:-.}
mkdir -p "$out"
java=$JAVA_HOME/bin/java
jar=$repo/target/ferry.jar
launcher=$repo/target/package/ferry/bin/ferry
user=ferry-interop
plain=ftp://$user@127.0.0.1:$BENCH_PLAIN_PORT
ftps=ftpes://$user@127.0.0.1:$BENCH_FTPS_PORT
o=$BENCH_WORK/out
export FERRY_CONFIG_DIR=$BENCH_WORK/config-cli FERRY_PASSWORD=ferry-interop-pw
perf_ok=0
perf record -q -o "$out/perf.check" -- true >/dev/null 2>&1 && perf_ok=1
rm -f "$out/perf.check"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# label command...: median wall, user, sys of 5 runs, one line into times.txt
times5() {
  local label=$1; shift
  local walls=() users=() syss=()
  for _ in 1 2 3 4 5; do
    rm -rf "$o" && mkdir -p "$o"
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f '%U %S' -o "$out/time.tmp" "$@" >/dev/null 2>"$out/last.err" || { echo "$label: failed: $(tail -3 "$out/last.err")" >>"$out/times.txt"; return; }
    end=$(date +%s%N)
    walls+=("$(awk -v a="$start" -v b="$end" 'BEGIN {print (b - a) / 1e9}')")
    read -r u s <"$out/time.tmp"; users+=("$u"); syss+=("$s")
  done
  printf '%-58s wall %6.3f s  user %5.2f s  sys %5.2f s\n' "$label" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${users[@]}" | median)" \
    "$(printf '%s\n' "${syss[@]}" | median)" | tee -a "$out/times.txt" >&2
}

# name command...: one run under JFR (profile settings, CPU-time samples every 10 ms), then its views
jfr_run() {
  local name=$1; shift
  rm -rf "$o" && mkdir -p "$o"
  local jfc=$out/ferry-profile.jfc
  if [ ! -f "$jfc" ]; then
    "$JAVA_HOME/bin/jfr" configure --input profile jdk.CPUTimeSample#enabled=true \
      jdk.CPUTimeSample#throttle=10ms jdk.ClassLoad#enabled=true --output "$jfc" >/dev/null
  fi
  JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$out/$name.jfr,settings=$jfc" "$@" >/dev/null 2>"$out/$name.err"
  local view
  for view in cpu-time-hot-methods hot-methods cpu-time-statistics gc gc-cpu-time compiler-statistics \
      thread-cpu-load allocation-by-class class-loaders; do
    echo "=== $view" >>"$out/$name.jfr.txt"
    "$JAVA_HOME/bin/jfr" view --width 160 "$view" "$out/$name.jfr" >>"$out/$name.jfr.txt" 2>&1 || true
  done
  "$JAVA_HOME/bin/jfr" summary "$out/$name.jfr" >"$out/$name.jfr-summary.txt"
}

# name command...: one run under perf (JIT frames named from the JVM's perf map), by thread and symbol
perf_run() {
  ((perf_ok)) || return 0
  local name=$1; shift
  rm -rf "$o" && mkdir -p "$o"
  JAVA_TOOL_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" \
    perf record -q -F 1999 -g -o "$out/$name.perf" -- "$@" >/dev/null 2>"$out/$name.perf.err" || true
  perf report -i "$out/$name.perf" --stdio --no-children --sort comm --percent-limit 1 -g none \
    >"$out/$name.perf-threads.txt" 2>/dev/null || true
  perf report -i "$out/$name.perf" --stdio --no-children --sort dso --percent-limit 1 -g none \
    >"$out/$name.perf-dso.txt" 2>/dev/null || true
  perf report -i "$out/$name.perf" --stdio --no-children --sort comm,sym --percent-limit 0.7 -g none \
    >"$out/$name.perf-symbols.txt" 2>/dev/null || true
  # Inclusive: a method with everything it calls (Java frames walk through -XX:+PreserveFramePointer).
  perf report -i "$out/$name.perf" --stdio --children --sort sym --percent-limit 1.5 -g none \
    >"$out/$name.perf-inclusive.txt" 2>/dev/null || true
  # perf reads the JIT symbols from /tmp/perf-PID.map now, not later: keep a copy next to the data.
  cp /tmp/perf-*.map "$out/" 2>/dev/null || true
  rm -f /tmp/perf-*.map
}

classes() { # name command...: which classes load, from where
  local name=$1; shift
  rm -rf "$o" && mkdir -p "$o"
  JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$out/$name.classes.log:uptime" "$@" >/dev/null 2>&1 || true
  {
    echo "classes loaded: $(grep -c 'source:' "$out/$name.classes.log")"
    echo "by source:"
    sed -n 's/.*source: \([^ :]*\).*/\1/p' "$out/$name.classes.log" | sort | uniq -c | sort -rn
    echo "by package group:"
    sed -n 's/.*\] \([a-zA-Z0-9_$.]*\) source:.*/\1/p' "$out/$name.classes.log" \
      | awk -F. '{ g = $1 "." $2; if ($1 == "dev") g = $1 "." $2 "." $3; if ($1 == "org" || $1 == "com") g = $1 "." $2 "." $3; print g }' \
      | sort | uniq -c | sort -rn | awk 'NR <= 25'
    echo "uptime of the first class of:"
    for p in picocli dev.ferry.cli dev.ferry.ftp.FtpSession com.fasterxml org.bouncycastle java.net.Socket sun.nio.ch.SocketChannelImpl; do
      printf '  %-28s %s\n' "$p" "$(grep -m1 "\] $p" "$out/$name.classes.log" | sed 's/^\[\([^]]*\)\].*/\1/')"
    done
    echo "  last class                   $(tail -1 "$out/$name.classes.log" | sed 's/^\[\([^]]*\)\].*/\1/')"
  } >"$out/$name.classes.txt"
}

ferry_jar=("$java" -jar "$jar")

if [[ ls =~ $only ]]; then
echo "profile: ferry ls (start-up)" >&2
mkdir -p "$out/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hi"); } }\n' >"$out/hello/Hello.java"
"$JAVA_HOME/bin/javac" -d "$out/hello" "$out/hello/Hello.java"
times5 "JVM alone (Hello, default CDS)" "$java" -cp "$out/hello" Hello
times5 "ferry --version (jar)" "${ferry_jar[@]}" --version
times5 "ferry ls, 5 entries (jar)" "${ferry_jar[@]}" ls "$plain/"
[ -x "$launcher" ] && times5 "ferry ls (packaged launcher, AOT cache)" "$launcher" ls "$plain/"
times5 "ferry ls (jar) -XX:TieredStopAtLevel=1" "$java" -XX:TieredStopAtLevel=1 -jar "$jar" ls "$plain/"
times5 "ferry ls (jar) -Xint" "$java" -Xint -jar "$jar" ls "$plain/"
times5 "ferry ls (jar) -XX:+UseSerialGC" "$java" -XX:+UseSerialGC -jar "$jar" ls "$plain/"
times5 "ferry ls (jar) -Xshare:off (no CDS)" "$java" -Xshare:off -jar "$jar" ls "$plain/"
"$java" -XX:AOTCacheOutput="$out/ls.aot" -jar "$jar" ls "$plain/" >/dev/null 2>&1
times5 "ferry ls (jar) with an AOT cache trained on ls" "$java" -XX:AOTCache="$out/ls.aot" -jar "$jar" ls "$plain/"
classes ls-jar "${ferry_jar[@]}" ls "$plain/"
[ -x "$launcher" ] && classes ls-packaged "$launcher" ls "$plain/"
"$java" -XX:+UnlockDiagnosticVMOptions -XX:+PrintCompilation -jar "$jar" ls "$plain/" >"$out/ls.compilation.txt" 2>&1
{
  echo "methods compiled: $(grep -c '::' "$out/ls.compilation.txt")"
  echo "by tier (level 1-3 C1, 4 C2):"
  awk '/::/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-4]$/) { print "  tier " $i; break } }' "$out/ls.compilation.txt" | sort | uniq -c
} >"$out/ls.compilation-summary.txt"
"$java" -Xlog:startuptime -Xlog:gc -jar "$jar" ls "$plain/" >"$out/ls.startuptime.txt" 2>&1 || true
perf_run ls "${ferry_jar[@]}" ls "$plain/"
fi

if [[ mirror =~ $only ]]; then
echo "profile: 2000 x 4 KiB mirror, plain, 4 sessions" >&2
times5 "mirror 2000 x 4 KiB (jar)" "${ferry_jar[@]}" mirror --parallel 4 "$plain/small2k" "$o/small2k"
times5 "mirror 2000 x 4 KiB (jar) -XX:TieredStopAtLevel=1" "$java" -XX:TieredStopAtLevel=1 -jar "$jar" mirror --parallel 4 "$plain/small2k" "$o/small2k"
times5 "mirror 2000 x 4 KiB (jar) -XX:+UseSerialGC" "$java" -XX:+UseSerialGC -jar "$jar" mirror --parallel 4 "$plain/small2k" "$o/small2k"
times5 "lftp mirror --parallel=4" lftp -c "set ftp:ssl-allow no; open -u $user,$FERRY_PASSWORD -p $BENCH_PLAIN_PORT 127.0.0.1; mirror --parallel=4 small2k $o/small2k"
jfr_run mirror2k "${ferry_jar[@]}" mirror --parallel 4 "$plain/small2k" "$o/small2k"
perf_run mirror2k "${ferry_jar[@]}" mirror --parallel 4 "$plain/small2k" "$o/small2k"
classes mirror2k "${ferry_jar[@]}" mirror --parallel 4 "$plain/small2k" "$o/small2k"
rm -rf "$o" && mkdir -p "$o"
"${ferry_jar[@]}" mirror --log --parallel 4 "$plain/small2k" "$o/small2k" >/dev/null 2>"$out/mirror2k.dialogue.txt"
lftp -c "debug -t -o $out/mirror2k.lftp-dialogue.txt 9; set ftp:ssl-allow no; open -u $user,$FERRY_PASSWORD -p $BENCH_PLAIN_PORT 127.0.0.1; mirror --parallel=4 small2k $o/small2k-lftp" >/dev/null 2>&1
{
  echo "Ferry, commands sent for 2000 files (from --log):"
  { grep -oE '\] > [A-Z]+' "$out/mirror2k.dialogue.txt" || true; } | awk '{print $3}' | sort | uniq -c | sort -rn
  echo "lftp, commands sent (debug 9):"
  { grep -oE -- '---> [A-Z]+' "$out/mirror2k.lftp-dialogue.txt" || true; } | awk '{print $2}' | sort | uniq -c | sort -rn
} >"$out/mirror2k.round-trips.txt"
fi

if [[ put =~ $only ]]; then
echo "profile: 1 GiB upload, FTPS" >&2
jfr_run put1g-ftps "${ferry_jar[@]}" put --trust-fingerprint "$BENCH_FINGERPRINT" "$BENCH_WORK/local/big.bin" "$ftps/up.bin"
perf_run put1g-ftps "${ferry_jar[@]}" put --trust-fingerprint "$BENCH_FINGERPRINT" "$BENCH_WORK/local/big.bin" "$ftps/up.bin"
perf_run put1g-ftps-lftp lftp -c "set ftp:ssl-force yes; set ftp:ssl-protect-data yes; set ssl:verify-certificate no; open -u $user,$FERRY_PASSWORD -p $BENCH_FTPS_PORT 127.0.0.1; put $BENCH_WORK/local/big.bin -o up.bin"
times5 "put 1 GiB FTPS (jar)" "${ferry_jar[@]}" put --trust-fingerprint "$BENCH_FINGERPRINT" "$BENCH_WORK/local/big.bin" "$ftps/up.bin"
times5 "lftp put 1 GiB FTPS" lftp -c "set ftp:ssl-force yes; set ftp:ssl-protect-data yes; set ssl:verify-certificate no; open -u $user,$FERRY_PASSWORD -p $BENCH_FTPS_PORT 127.0.0.1; put $BENCH_WORK/local/big.bin -o up.bin"

fi

if [[ getftps =~ $only ]]; then
echo "profile: 1 GiB download, FTPS" >&2
jfr_run get1g-ftps "${ferry_jar[@]}" get --trust-fingerprint "$BENCH_FINGERPRINT" "$ftps/big.bin" "$o/big.bin"
perf_run get1g-ftps "${ferry_jar[@]}" get --trust-fingerprint "$BENCH_FINGERPRINT" "$ftps/big.bin" "$o/big.bin"
perf_run get1g-ftps-lftp lftp -c "set ftp:ssl-force yes; set ftp:ssl-protect-data yes; set ssl:verify-certificate no; open -u $user,$FERRY_PASSWORD -p $BENCH_FTPS_PORT 127.0.0.1; get big.bin -o $o/big.bin"
times5 "get 1 GiB FTPS (jar)" "${ferry_jar[@]}" get --trust-fingerprint "$BENCH_FINGERPRINT" "$ftps/big.bin" "$o/big.bin"
times5 "lftp get 1 GiB FTPS" lftp -c "set ftp:ssl-force yes; set ftp:ssl-protect-data yes; set ssl:verify-certificate no; open -u $user,$FERRY_PASSWORD -p $BENCH_FTPS_PORT 127.0.0.1; get big.bin -o $o/big.bin"
fi

if [[ get =~ $only ]]; then
echo "profile: 1 GiB download, plain" >&2
jfr_run get1g-plain "${ferry_jar[@]}" get "$plain/big.bin" "$o/big.bin"
perf_run get1g-plain "${ferry_jar[@]}" get "$plain/big.bin" "$o/big.bin"
perf_run get1g-plain-curl curl -sS -o "$o/big.bin" "ftp://$user:$FERRY_PASSWORD@127.0.0.1:$BENCH_PLAIN_PORT/big.bin"
rm -rf "$o" && mkdir -p "$o"
strace -f -c -o "$out/get1g-plain.strace.txt" "${ferry_jar[@]}" get "$plain/big.bin" "$o/big.bin" >/dev/null 2>&1 || true
rm -rf "$o" && mkdir -p "$o"
strace -f -c -o "$out/get1g-plain-curl.strace.txt" curl -sS -o "$o/big.bin" "ftp://$user:$FERRY_PASSWORD@127.0.0.1:$BENCH_PLAIN_PORT/big.bin" || true
times5 "get 1 GiB plain (jar)" "${ferry_jar[@]}" get "$plain/big.bin" "$o/big.bin"
times5 "curl 1 GiB plain" curl -sS -o "$o/big.bin" "ftp://$user:$FERRY_PASSWORD@127.0.0.1:$BENCH_PLAIN_PORT/big.bin"
fi

rm -f "$out/time.tmp" "$out/last.err"
echo "profile: done, in $out (times.txt first)" >&2
