#!/usr/bin/env bash
# Builds Ferry's Linux app-image (and, unless told otherwise, a .deb) with a bundled runtime.
#
#   packaging/build-linux.sh [--no-deb] [--no-aot]
#
# Run after `./mvnw package` (the Maven profile `-Ppackage` calls it). Needs a JDK 25 (JAVA_HOME or
# the `java` on PATH) with jlink and jpackage; the .deb needs fakeroot and dpkg-deb (Debian packages
# fakeroot, dpkg-dev); the window's AOT cache is trained on a display, or xvfb-run (Debian xvfb)
# provides one. Without them those steps are skipped with a warning: the app-image still works, the
# window just starts slower without its cache.
#
# Output in target/package/: ferry/ (the app-image; ferry/bin/ferry is the launcher, for both the
# window and the CLI) and ferry_<version>_<arch>.deb.
set -euo pipefail

make_deb=1
make_aot=1
for arg in "$@"; do
  case $arg in
    --no-deb) make_deb=0 ;;
    --no-aot) make_aot=0 ;;
    *) echo "usage: $0 [--no-deb] [--no-aot]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
target=$root/target
out=$target/package
work=$target/package-work
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
for tool in jlink jpackage jar; do
  [[ -x $jdk/bin/$tool ]] || { echo "error: $jdk/bin/$tool not found; set JAVA_HOME to a JDK 25" >&2; exit 1; }
done
[[ -f $target/ferry.jar && -d $target/lib ]] || { echo "error: run ./mvnw package first" >&2; exit 1; }

version=$(unzip -p "$target/ferry.jar" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *//p' | tr -d '\r')
version=${version%-SNAPSHOT}

rm -rf "$out" "$work"
mkdir -p "$out" "$work/fx-modules" "$work/fx-native" "$work/input/lib"

# Unpacks JAR into DIR without its signature: the signature files go, and the manifest is cut to
# its main section (the per-file digests after it belonged to the signature).
unpack_unsigned() {
  mkdir -p "$2"
  (cd "$2" && "$jdk/bin/jar" --extract --file "$1")
  rm -f "$2"/META-INF/*.SF "$2"/META-INF/*.RSA "$2"/META-INF/*.DSA "$2"/META-INF/*.EC "$2"/META-INF/*.sha1
  if [[ -f $2/META-INF/MANIFEST.MF ]]; then
    sed '/^\r*$/q' "$2/META-INF/MANIFEST.MF" > "$2.MANIFEST.MF"
    rm "$2/META-INF/MANIFEST.MF"
  fi
}

# Packs a folder that unpack_unsigned wrote (DIR) into JAR.
repack() {
  local manifest=()
  [[ -f $1.MANIFEST.MF ]] && manifest=(--manifest "$1.MANIFEST.MF")
  "$jdk/bin/jar" --create --file "$2" "${manifest[@]}" -C "$1" .
}

# JavaFX's Maven jars carry their native libraries as resources, which JavaFX unpacks into the
# user's home at first start. Link the modules without them and put the libraries into the
# runtime's lib/ instead, where JavaFX finds them through the boot library path.
for fx in "$target"/lib/javafx-*-linux.jar; do
  unpacked=$work/fx-unpacked/$(basename "$fx" .jar)
  unpack_unsigned "$fx" "$unpacked"
  find "$unpacked" -maxdepth 1 -name '*.so' -exec mv {} "$work/fx-native/" \;
  repack "$unpacked" "$work/fx-modules/$(basename "$fx")"
done

# The modules Ferry and its libraries use (jdeps over target/lib), plus the charsets for servers
# that speak GBK or Shift_JIS and the locale data for the Chinese translation. jdk.security.auth:
# dbus-java reads the user's uid through com.sun.security.auth.module.UnixSystem to log in to the
# session bus (the system keyring); without it the packaged app cannot reach the keyring.
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml
modules+=,jdk.charsets,jdk.localedata,jdk.net,jdk.security.auth,jdk.unsupported
modules+=,javafx.base,javafx.graphics,javafx.controls
"$jdk/bin/jlink" --module-path "$work/fx-modules" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --include-locales=en,zh \
  --output "$work/runtime"
cp "$work"/fx-native/*.so "$work/runtime/lib/"

# The JDK's java.security names providers whose modules this runtime leaves out (XML signatures,
# smart cards, PKCS#11, Kerberos SASL). The first lookup of an algorithm that no other provider
# offers (Bouncy Castle's TLS probes several at every start) made the JDK look for each of those
# among the class path's service providers, which builds every one of them: Bouncy Castle's JCA
# provider cost each FTPS command about half a second of CPU (`ferry ls` of an FTPS server: CPU
# 1.5 -> 0.9 s, wall 0.85 -> 0.59 s). The runtime's list keeps the providers it has, in order.
provider_module() {
  case $1 in
    SUN|SunRsaSign|SunEC|SunJSSE|SunJCE) echo java.base ;;
    SunJGSS) echo java.security.jgss ;;
    SunSASL) echo java.security.sasl ;;
    XMLDSig) echo java.xml.crypto ;;
    SunPCSC) echo java.smartcardio ;;
    JdkLDAP) echo java.naming ;;
    JdkSASL) echo jdk.security.jgss ;;
    SunPKCS11) echo jdk.crypto.cryptoki ;;
  esac
}
security=$work/runtime/conf/security/java.security
runtime_modules=" $(sed -n 's/^MODULES="\(.*\)"$/\1/p' "$work/runtime/release") "
# Read wrong, the list would drop every provider, SUN's too: better no runtime than one without crypto.
[[ $runtime_modules == *" java.base "* ]] || { echo "build-linux.sh: no module list in $work/runtime/release" >&2; exit 1; }
kept=0
while IFS= read -r line || [[ -n $line ]]; do
  if [[ $line =~ ^security\.provider\.[0-9]+=(.*)$ ]]; then
    provider=${BASH_REMATCH[1]}
    module=$(provider_module "${provider%% *}")
    if [[ -z $module ]]; then
      echo "build-linux.sh: warning: unknown security provider ${provider%% *} kept; add its module to provider_module" >&2
    elif [[ $runtime_modules != *" $module "* ]]; then
      continue
    fi
    line="security.provider.$((kept += 1))=$provider"
  fi
  printf '%s\n' "$line"
done < "$security" > "$security.new"
mv "$security.new" "$security"

# Everything else stays on the class path, as with `java -jar target/ferry.jar`.
cp "$target/ferry.jar" "$work/input/"
# What the libraries' licences ask of a redistribution: their notices and texts (lib/app/legal).
cp -r "$root/packaging/legal" "$work/input/legal"
find "$target/lib" -name '*.jar' ! -name 'javafx-*' -exec cp {} "$work/input/lib/" \;
# The AOT caches leave out the classes of signed jars ("Signed JAR"): with Bouncy Castle's jars as
# published, every FTPS command loaded and checked ~1000 of their classes anew, and Ferry's TLS
# classes that extend them with them. The runtime bundled here is OpenJDK's, which asks no JCE
# provider for a signature, so the app's copies go unsigned (the tests use the published jars).
for jar in "$work"/input/lib/*.jar; do
  unzip -l "$jar" 'META-INF/*.SF' >/dev/null 2>&1 || continue
  unpacked=$work/unsigned/$(basename "$jar" .jar)
  unpack_unsigned "$jar" "$unpacked"
  rm "$jar"
  repack "$unpacked" "$jar"
done

# AES-GCM (every FTPS byte) is fast only once C2 compiles implGCMCrypt, which then uses the CPU's
# AES and carry-less multiply instructions. At its default threshold a command's JVM got there
# ~3 s in, after ~2 of the 4 s a 1 GiB FTPS download took; compiled after 1/20 of the calls it is
# there ~1.1 s in, and that download takes ~0.5 s less (README, Performance).
gcm_early="-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.GaloisCounterMode::implGCMCrypt,0.05"

# C2 only for the crypto (packaging/jit-directives.json); everything else stays with C1. On two
# cores C2 compiling Ferry's, JavaFX's and the JDK's general code took more CPU than it ever saved
# in runs of seconds to minutes: a 2000-file mirror's user CPU 2.1 -> 1.5 s, 8000 files 5.3 ->
# 3.2 s, `ferry ls` of 20,000 entries 1.0 -> 0.6 s, the window's start 2.1 -> 1.4 s and 10,000
# queued files in the window 9.2-13.4 -> 7.1 s, with no transfer slower (README, Performance).
# Without C2 at all (TieredStopAtLevel=1) AES-GCM and SHA-256 miss the CPU's instructions:
# FTPS five times slower. The launcher (below) passes the file.
cp "$root/packaging/jit-directives.json" "$work/input/"

"$jdk/bin/jpackage" --type app-image --dest "$out" \
  --name ferry --app-version "$version" --vendor Ferry \
  --description "FTP and FTPS transfer manager" \
  --icon "$root/packaging/icons/ferry-256.png" \
  --input "$work/input" --main-jar ferry.jar --main-class dev.ferry.Main \
  --runtime-image "$work/runtime" \
  --java-options "--enable-native-access=javafx.graphics,ALL-UNNAMED" \
  --java-options "--add-modules=javafx.controls" \
  --java-options "-Xss2m" \
  --java-options "-XX:CompileCommand=quiet" \
  --java-options "$gcm_early"

app=$out/ferry
cfg=$app/lib/app/ferry.cfg
cp "$root/packaging/linux/dev.ferry.Ferry.metainfo.xml" "$app/lib/"

# jpackage's native launcher asks rpm and then dpkg which package owns it, twice, before it starts
# Java: a quarter to a third of a second on every start, of the window and of each command alike
# (more once installed, when it also lists the package's files). Ours starts the same JVM with the
# options, class path and main class jpackage wrote into ferry.cfg, plus the AOT cache of the mode
# it starts. The runtime's `java` is copied as `ferry` so that the process is still called ferry
# in ps and top.
write_launcher() {
  local options classpath main_class
  options=$(sed -n 's/^java-options=\(.*\)$/ "\1"/p' "$cfg" | tr -d '\n')
  classpath=$(sed -n 's/^app.classpath=\(.*\)$/\1/p' "$cfg" | paste -sd:)
  main_class=$(sed -n 's/^app.mainclass=\(.*\)$/\1/p' "$cfg")
  cat > "$work/launcher" <<EOF
#!/bin/sh
# Written by packaging/build-linux.sh from lib/app/ferry.cfg.
self=\$(readlink -f "\$0")
app=\${self%/bin/*}
APPDIR=\$app/lib/app
# Each mode maps its own AOT cache: the window's holds JavaFX, which would only slow down the start
# of every command. The mode is chosen as dev.ferry.Main chooses it: no argument, or one ftp://,
# ftps:// or ftpes:// URL (a desktop link), is the window.
mode=cli
case \$#:\$1 in
  0:|1:[Ff][Tt][Pp]://*|1:[Ff][Tt][Pp][Ss]://*|1:[Ff][Tt][Pp][Ee][Ss]://*) mode=app ;;
esac
aot=
[ -f "\$APPDIR/ferry-\$mode.aot" ] && aot=-XX:AOTCache=\$APPDIR/ferry-\$mode.aot
# C2 for the crypto only (why: packaging/build-linux.sh). Reading the file, the JVM says "2 compiler
# directives added" on standard output, which is a file's bytes with \`ferry get URL -\`: its own
# output is turned off then. That also silences what it writes there itself: a thread dump on
# kill -3 (\`jcmd PID Thread.print\` still gives one), errors that stop it before Java starts,
# -XX:+PrintFlagsFinal. FERRY_JVM_OUTPUT=1 keeps it all, the line included. Without the file (an
# edited or partial install) the JVM starts without it, as it would have to stop with no word.
jit=
quiet=
if [ -r "\$APPDIR/jit-directives.json" ]; then
  jit=-XX:CompilerDirectivesFile=\$APPDIR/jit-directives.json
  [ "\${FERRY_JVM_OUTPUT:-}" = 1 ] || quiet=-XX:-DisplayVMOutput
fi
exec "\$app/lib/runtime/bin/ferry" \${aot:+"\$aot"} -XX:+UnlockDiagnosticVMOptions \${quiet:+"\$quiet"} \${jit:+"\$jit"}$options -Djpackage.app-path="\$app/bin/ferry" -cp "$classpath" $main_class "\$@"
EOF
  install -m 755 "$work/launcher" "$app/bin/ferry"
}
cp "$app/lib/runtime/bin/java" "$app/lib/runtime/bin/ferry"
write_launcher

if (( make_aot )); then
  # Two AOT caches (JEP 483/514), each trained on a real run of the launcher: the command line's
  # (`ferry --version`) and the window's (shown, its first frame timed, then closed). Both runs
  # first do command-line work against a loopback server (pyftpdlib), so that both caches hold
  # the transfers' classes and the profiles of their loops. Later starts map what the training
  # loaded and linked instead of parsing it again.
  training_commands=$work/training-commands.txt
  : > "$training_commands"
  server_pid=
  # Debian's python3 first: a python3 earlier on the PATH (pyenv, venv) rarely has pyftpdlib.
  python=python3
  [[ -x /usr/bin/python3 ]] && python=/usr/bin/python3
  serve=$work/training-ftp
  training_out=$work/training-out
  if "$python" -c 'import pyftpdlib' 2>/dev/null; then
    mkdir -p "$serve/files/a" "$serve/files/b"
    for i in $(seq 1 100); do head -c 4096 /dev/urandom > "$serve/files/$([ $((i % 2)) = 0 ] && echo a || echo b)/f$i.bin"; done
    head -c $((16 << 20)) /dev/urandom > "$serve/big.bin"
    # Its TLS takes only P-256, as vsftpd's does: Ferry's first key share (X25519) is then asked
    # again for P-256, so both key exchanges, and the retry, are trained.
    printf 'openssl_conf = conf\n[conf]\nssl_conf = ssl\n[ssl]\nsystem_default = defaults\n[defaults]\nGroups = P-256\n' \
      > "$work/training-openssl.cnf"
    coproc TRAINING_SERVER { OPENSSL_CONF=$work/training-openssl.cnf "$python" "$root/packaging/aot-training-server.py" "$serve" "$work/training-cert.pem" 2>"$work/training-ftp.log"; }
    server_pid=$TRAINING_SERVER_PID
    read -r -t 30 _ plain_port tls_port <&"${TRAINING_SERVER[0]}" || true
  fi
  if [[ -n ${plain_port:-} ]]; then
    plain=ftp://ferry@127.0.0.1:$plain_port
    {
      printf 'ls\t%s/files/\n' "$plain"
      printf 'mirror\t--parallel\t4\t%s/files\t%s/files\n' "$plain" "$training_out"
      printf 'get\t%s/big.bin\t%s/big.bin\n' "$plain" "$training_out"
      printf 'put\t%s/big.bin\t%s/up.bin\n' "$training_out" "$plain"
      if [[ -n ${tls_port:-} ]]; then
        fingerprint=$(openssl x509 -in "$work/training-cert.pem" -noout -fingerprint -sha256 | cut -d= -f2)
        secure=ftpes://ferry@127.0.0.1:$tls_port
        printf 'ls\t--trust-fingerprint\t%s\t%s/files/\n' "$fingerprint" "$secure"
        printf 'mirror\t--parallel\t4\t--trust-fingerprint\t%s\t%s/files\t%s/files-tls\n' "$fingerprint" "$secure" "$training_out"
        printf 'get\t--trust-fingerprint\t%s\t%s/big.bin\t%s/big-tls.bin\n' "$fingerprint" "$secure" "$training_out"
        printf 'put\t--trust-fingerprint\t%s\t%s/big.bin\t%s/up-tls.bin\n' "$fingerprint" "$training_out" "$secure"
      fi
    } > "$training_commands"
  else
    echo "WARNING: no pyftpdlib (Debian python3-pyftpdlib): the AOT caches hold no transfers; transfers start slower" >&2
  fi

  # mode (cli or app), then the command that runs the launcher
  train() {
    local mode=$1 log=$work/training-$1.log; shift
    # Each run transfers into empty folders: nothing asks whether to overwrite.
    rm -rf "$training_out" "$serve/up.bin" "$serve/up-tls.bin"
    mkdir -p "$training_out" "$work/training-config-$mode"
    FERRY_CONFIG_DIR=$work/training-config-$mode FERRY_PASSWORD=training \
      JAVA_TOOL_OPTIONS="-XX:AOTCacheOutput=$app/lib/app/ferry-$mode.aot -Dferry.startupProbe=true -Dferry.aotTraining=$training_commands -Xlog:aot=warning,cds=warning" \
      "$@" > "$log" 2>&1 \
      || { cat "$log" >&2; echo "error: the AOT training run ($mode) failed" >&2; exit 1; }
    if grep -q '^ferry-training exit [1-9]' "$log"; then
      grep '^ferry-training' "$log" >&2
      echo "WARNING: a training command failed ($mode): the cache covers less of the transfers" >&2
    fi
    [[ -s $app/lib/app/ferry-$mode.aot ]] || { cat "$log" >&2; echo "error: no AOT cache written ($mode)" >&2; exit 1; }
  }

  # A user's runs start from what earlier runs saved: what was learned about their servers and the
  # certificates they trusted. Both training runs find such files (for a server they never use),
  # so the caches hold what reading them loads (Jackson's deserializers: ~80 classes otherwise read
  # from jars, ~0.1-0.2 s of every command's start once a server taught Ferry anything).
  for mode in cli app; do
    mkdir -p "$work/training-config-$mode"
    cat > "$work/training-config-$mode/learned-servers.json" <<'JSON'
{"version":1,"servers":{"files.example.org:21":{"tlsCeiling":{"version":"TLS_1_2","learnedAt":"2026-01-02T03:04:05Z"},
 "mlsdRefused":true,"listCommand":"LIST","dataMode":"ACTIVE","dataModeLearnedAt":"2026-01-02T03:04:05Z",
 "guessedCharset":"GBK","listingOffset":{"minutes":60,"learnedAt":"2026-01-02T03:04:05Z"}}}}
JSON
    cat > "$work/training-config-$mode/known-hosts.json" <<'JSON'
{"version":2,"hosts":{"files.example.org:990":{"trusted":[{"sha256":"00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
 "subject":"CN=files.example.org","notAfter":"2027-01-02T03:04:05Z","trustedAt":"2026-01-02T03:04:05Z"}]}}}
JSON
  done
  train cli "$app/bin/ferry" --version
  display=()
  if [[ -z ${DISPLAY:-} ]] && command -v xvfb-run >/dev/null; then
    display=(xvfb-run -a -s "-screen 0 1280x800x24")
  fi
  if [[ -n ${DISPLAY:-} || ${#display[@]} -gt 0 ]]; then
    # A user's window starts from the files an earlier start left (settings, window state):
    # one unrecorded start first, so that the trained start reads them too and the cache holds
    # what reading them loads (Jackson's deserializers, 77 classes otherwise read from jars).
    mkdir -p "$work/training-config-app"
    FERRY_CONFIG_DIR=$work/training-config-app JAVA_TOOL_OPTIONS=-Dferry.startupProbe=true \
      "${display[@]}" "$app/bin/ferry" > "$work/training-app-first.log" 2>&1 \
      || { cat "$work/training-app-first.log" >&2; echo "error: the window did not start before its training" >&2; exit 1; }
    train app "${display[@]}" "$app/bin/ferry"
    grep -q '^ferry-startup-ms' "$work/training-app.log" \
      || { cat "$work/training-app.log" >&2; echo "error: the training run never showed the window" >&2; exit 1; }
  else
    echo "WARNING: no DISPLAY and no xvfb-run: no AOT cache for the window, which will start about 1 s slower" >&2
  fi
  if [[ -n $server_pid ]]; then
    # It serves until its standard input closes.
    server_in=${TRAINING_SERVER[1]}
    exec {server_in}>&-
    wait "$server_pid" 2>/dev/null || true
  fi
fi

if (( make_deb )) && ! { command -v fakeroot && command -v dpkg-deb; } >/dev/null; then
  echo "WARNING: fakeroot or dpkg-deb is missing: no .deb built" >&2
  make_deb=0
fi
if (( make_deb )); then
  "$jdk/bin/jpackage" --type deb --dest "$out" --app-image "$app" \
    --name ferry --app-version "$version" --vendor Ferry \
    --description "FTP and FTPS transfer manager" \
    --icon "$root/packaging/icons/ferry-256.png" \
    --resource-dir "$root/packaging/linux" \
    --linux-package-name ferry \
    --linux-package-deps "libgtk-3-0 | libgtk-3-0t64, libgl1" \
    --linux-app-category net --linux-menu-group "Network;FileTransfer" --linux-shortcut
  # jpackage copies the app-image into the package without the files' times, and the JVM maps an
  # AOT cache only while the jars on the class path keep the times it was trained with: installed,
  # the caches were refused on every start, with errors on stderr. Give every packaged file the
  # time it has in the app-image.
  rm -rf "$work/deb-root"
  deb=$(ls "$out"/ferry_*.deb)
  fakeroot -- bash -euo pipefail -c '
    deb=$1 root=$2 app=$3
    dpkg-deb --raw-extract "$deb" "$root"
    # (jpackage leaves out its own .jpackage.xml)
    (cd "$app" && find . -type f -print0) | while IFS= read -r -d "" file; do
      if [ -e "$root/opt/ferry/$file" ]; then
        touch --no-dereference --reference="$app/$file" "$root/opt/ferry/$file"
      fi
    done
    dpkg-deb --build "$root" "$deb" >/dev/null' _ "$deb" "$work/deb-root" "$app"
fi

echo "app-image: $app"
ls "$out"/*.deb 2>/dev/null | sed 's/^/package: /' || true
