package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ProFTPD 1.3.8 from Debian's proftpd-core and proftpd-mod-crypto (mod_tls), unpacked by
 * .ci/unpack-servers because the packages conflict with vsftpd. Runs in the foreground on a free
 * loopback port with its own configuration; the test user lands in a per-test folder
 * ({@code DefaultChdir}, no chroot). TLS uses mod_tls's defaults (TLS 1.2 and 1.3, data
 * connections must reuse the control connection's session) unless directives say otherwise.
 */
public final class Proftpd extends ServerProcess {

    public enum Tls { NONE, EXPLICIT, IMPLICIT }

    /** Offers TLS 1.3 and nothing else. */
    public static final List<String> TLS_1_3_ONLY = List.of("TLSProtocol TLSv1.3");

    private static final java.util.Set<String> OVERRIDABLE = java.util.Set.of("Umask", "AllowOverwrite",
            "AllowRetrieveRestart", "AllowStoreRestart", "MaxInstances", "TimesGMT");

    private final TestCertificates certificate;

    private Proftpd(Process process, int port, Path root, List<Path> logs, long start, TestCertificates certificate) {
        super(process, port, root, logs, start);
        this.certificate = certificate;
    }

    /** Directives that make every TLS client present a certificate issued by {@code authority}. */
    public static List<String> clientCertificateRequired(Path authorityPem) {
        return List.of("TLSVerifyClient on", "TLSCACertificateFile " + authorityPem, "TLSVerifyDepth 2");
    }

    public static Proftpd start(Path directory, Tls tls, List<String> extraDirectives) throws IOException {
        Path binary = unpacked("proftpd-core", "usr/sbin/proftpd");
        Path modules = unpacked("proftpd-core", "usr/lib/proftpd");
        if (tls != Tls.NONE) {
            unpacked("proftpd-mod-crypto", "usr/lib/proftpd/mod_tls.so");
        }
        Interop.requireUser();
        Files.createDirectories(directory);
        Path root = Interop.userDirectory(directory.resolve("root"));
        int port = Interop.freePort();
        Path systemLog = directory.resolve("proftpd-system.log");
        Path commandLog = directory.resolve("proftpd-commands.log");
        Path tlsLog = directory.resolve("proftpd-tls.log");
        Path out = directory.resolve("proftpd.out");
        List<String> config = new ArrayList<>(List.of(
                "ServerType standalone", "ServerName \"Ferry test ProFTPD\"", "DefaultAddress 127.0.0.1",
                "SocketBindTight on", "Port " + port, "UseIPv6 off", "UseReverseDNS off", "WtmpLog off",
                "User " + Interop.USER, "Group " + Interop.USER,
                // No PAM service file comes with an unpacked package: check /etc/shadow directly.
                "AuthPAM off", "AuthOrder mod_auth_unix.c", "RequireValidShell on",
                "ModulePath " + modules, "ControlsEngine off", "DelayTable none",
                "ScoreboardFile " + directory.resolve("proftpd.scoreboard"), "PidFile " + directory.resolve("proftpd.pid"),
                "SystemLog " + systemLog, "TransferLog " + directory.resolve("proftpd-xfer.log"),
                "LogFormat commands \"%t %a %r -> %s\"", "ExtendedLog " + commandLog + " ALL commands",
                "DefaultChdir " + root, "Umask 022", "AllowOverwrite on", "AllowRetrieveRestart on",
                "AllowStoreRestart on", "MaxInstances 50", "TimesGMT on"));
        TestCertificates certificate = null;
        if (tls != Tls.NONE) {
            certificate = TestCertificates.selfSignedRsa();
            Path pem = certificate.writePem(directory.resolve("proftpd.pem"));
            config.addAll(List.of("LoadModule mod_tls.c", "TLSEngine on", "TLSLog " + tlsLog,
                    "TLSRSACertificateFile " + pem, "TLSRSACertificateKeyFile " + pem, "TLSRequired on"));
            if (tls == Tls.IMPLICIT) {
                config.add("TLSOptions UseImplicitSSL");
            }
        }
        // ProFTPD takes the first of two same directives: a test's own setting of one of these
        // defaults wins only in place of ours (LoadModule, TLSOptions and the like add up instead).
        for (String extra : extraDirectives) {
            String name = extra.split(" ", 2)[0];
            if (OVERRIDABLE.contains(name)) {
                config.removeIf(line -> line.split(" ", 2)[0].equals(name));
            }
        }
        config.addAll(extraDirectives);
        Path configFile = directory.resolve("proftpd.conf");
        Files.write(configFile, config);
        long start = System.nanoTime();
        Process process = launch(List.of(binary.toString(), "--nodaemon", "--config", configFile.toString()), out, Map.of());
        Interop.awaitListening(port, process, out);
        return new Proftpd(process, port, root, List.of(out, systemLog, commandLog, tlsLog), start, certificate);
    }

    /** The server's self-signed certificate (null for plain FTP). */
    public TestCertificates certificate() {
        return certificate;
    }
}
