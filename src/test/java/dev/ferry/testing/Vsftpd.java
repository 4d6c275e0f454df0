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

    private Process process;
    private final Path configFile;
    private final Path out;
    private final int port;
    private final Path root;
    private final Path log;
    private final TestCertificates certificate;
    private final Map<String, String> environment;

    private Vsftpd(Process process, Path configFile, Path out, int port, Path root, Path log,
                   TestCertificates certificate, Map<String, String> environment) {
        this.environment = environment;
        this.process = process;
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

    /**
     * With extra environment for the server process: vsftpd 3.0.3 has no option for TLS versions
     * beyond 1.0, but OpenSSL reads {@code OPENSSL_CONF} (MinProtocol, NumTickets, ...).
     */
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
        return new Vsftpd(process, configFile, out, port, root, log, certificate, Map.copyOf(environment));
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
        return Interop.readQuietly(log);
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
