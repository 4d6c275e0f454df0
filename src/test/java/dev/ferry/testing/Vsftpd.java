package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real vsftpd from Debian's package, started on a free loopback port with its own
 * configuration and a per-test root directory ({@code local_root}). Tests that need it skip
 * (with the reason) when vsftpd is not installed or the test user cannot be prepared.
 */
public final class Vsftpd implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/vsftpd");

    public enum Tls { NONE, EXPLICIT, IMPLICIT }

    /**
     * vsftpd 3.0.3 has no option for TLS 1.3 only (ssl_tlsv1 covers TLS 1.0 alone; ssl_ciphers
     * sets the TLS 1.2 list, and one naming only TLS 1.3 suites makes it exit with "500 OOPS: SSL:
     * could not set cipher list"). OpenSSL's own configuration can: an environment for
     * {@link #start(Path, Tls, List, Map)} whose OPENSSL_CONF sets MinProtocol TLSv1.3.
     */
    public static Map<String, String> tls13Only(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path config = Files.writeString(directory.resolve("openssl-tls13-only.cnf"), String.join("\n",
                "openssl_conf = ferry_tests", "[ferry_tests]", "ssl_conf = ferry_ssl", "[ferry_ssl]",
                "system_default = ferry_tls13_only", "[ferry_tls13_only]", "MinProtocol = TLSv1.3", ""));
        return Map.of("OPENSSL_CONF", config.toString());
    }

    /** Options that make vsftpd demand a client certificate issued by the authority in {@code authorityPem}. */
    public static List<String> clientCertificateRequired(Path authorityPem) {
        return List.of("ssl_request_cert=YES", "require_cert=YES", "validate_cert=YES", "ca_certs_file=" + authorityPem);
    }

    private Process process;
    private final Map<String, String> environment;
    private final Path configFile;
    private final Path out;
    private final int port;
    private final Path root;
    private final Path log;
    private final TestCertificates certificate;

    private Vsftpd(Process process, Map<String, String> environment, Path configFile, Path out, int port, Path root,
                   Path log, TestCertificates certificate) {
        this.process = process;
        this.environment = environment;
        this.configFile = configFile;
        this.out = out;
        this.port = port;
        this.root = root;
        this.log = log;
        this.certificate = certificate;
    }

    /** Skips the test unless vsftpd and the test user are available. */
    public static void require() {
        if (!Files.isExecutable(BINARY)) {
            Interop.unavailable("vsftpd is not installed (Debian package vsftpd; .ci/run installs it)");
        }
        Interop.requireUser();
    }

    public static Vsftpd start(Path directory, Tls tls, List<String> extraOptions) throws IOException {
        return start(directory, tls, extraOptions, Map.of());
    }

    /** Starts vsftpd with {@code environment} added to its own (e.g. {@link #tls13Only(Path)}). */
    public static Vsftpd start(Path directory, Tls tls, List<String> extraOptions, Map<String, String> environment)
            throws IOException {
        require();
        Files.createDirectories(directory);
        Path root = Interop.userDirectory(directory.resolve("root"));
        Path empty = Files.createDirectories(Path.of("/var/run/vsftpd/empty"));
        int port = Interop.freePort();
        Path log = directory.resolve("vsftpd.log");
        List<String> config = new ArrayList<>(List.of(
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port,
                "background=NO", "anonymous_enable=NO", "local_enable=YES", "write_enable=YES", "local_umask=022",
                "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO",
                "pasv_enable=YES", "port_enable=YES", "connect_from_port_20=NO",
                "secure_chroot_dir=" + empty, "pam_service_name=vsftpd", "local_root=" + root,
                "userlist_enable=NO", "max_per_ip=0", "max_clients=0",
                "xferlog_enable=YES", "log_ftp_protocol=YES", "vsftpd_log_file=" + log,
                "use_localtime=NO", "text_userdb_names=NO"));
        TestCertificates certificate = null;
        if (tls != Tls.NONE) {
            certificate = TestCertificates.selfSignedRsa();
            Path pem = certificate.writePem(directory.resolve("vsftpd.pem"));
            config.addAll(List.of("ssl_enable=YES", "rsa_cert_file=" + pem, "rsa_private_key_file=" + pem,
                    "ssl_ciphers=HIGH", "require_ssl_reuse=YES", "force_local_data_ssl=YES",
                    "force_local_logins_ssl=YES", "allow_anon_ssl=NO", "ssl_request_cert=NO",
                    "implicit_ssl=" + (tls == Tls.IMPLICIT ? "YES" : "NO")));
        }
        config.addAll(extraOptions);
        Path configFile = directory.resolve("vsftpd.conf");
        Files.write(configFile, config);
        Path out = directory.resolve("vsftpd.out");
        Process process = launch(configFile, out, environment);
        Interop.awaitListening(port, process, out);
        return new Vsftpd(process, environment, configFile, out, port, root, log, certificate);
    }

    private static Process launch(Path configFile, Path out, Map<String, String> environment) throws IOException {
        // vsftpd writes its fatal "500 OOPS" messages to fd 0: open it read-write on the log file.
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "exec \"$0\" \"$1\" 0<>\"$2\" >>\"$2\" 2>&1",
                BINARY.toString(), configFile.toString(), out.toString());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * SIGKILL to the listener and every session process it forked (they share its command line):
     * what a crashed or killed server looks like to clients.
     */
    public void killHard() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        new ProcessBuilder("pkill", "-KILL", "-f", configFile.toString()).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
    }

    /** The processes serving one session each (the listener's children): killing one cuts that session. */
    public java.util.stream.Stream<ProcessHandle> sessionProcesses() {
        return process.toHandle().children();
    }

    /** Starts the server again on the same port with the same configuration and files. */
    public void startAgain() throws IOException {
        process = launch(configFile, out, environment);
        Interop.awaitListening(port, process, out);
    }

    public int port() {
        return port;
    }

    /** The directory the test user lands in after login. */
    public Path root() {
        return root;
    }

    public TestCertificates certificate() {
        return certificate;
    }

    public String log() {
        return Interop.readQuietly(log) + "\n--- vsftpd.out\n" + Interop.readQuietly(out);
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("pkill", "-TERM", "-f", configFile.toString()).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // pkill missing: the listener below still goes.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Interop.stop(process);
    }
}
