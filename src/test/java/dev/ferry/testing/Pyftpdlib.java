package dev.ferry.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * pyftpdlib 1.5 (Debian's python3-pyftpdlib) run by Debian's python3: one user
 * ({@link Interop#USER}, {@link Interop#PASSWORD}, a DummyAuthorizer, no system account) in a
 * per-test folder. Plain or TLS (python3-openssl), on 127.0.0.1 or {@code ::1}, names on the
 * wire in UTF-8 or another character set (files on disk keep UTF-8 names).
 */
public final class Pyftpdlib extends ServerProcess {

    public enum Tls { NONE, EXPLICIT, REQUIRED }

    /**
     * How to run it. {@code namespace} runs it inside a network namespace of a {@link NetworkLab}
     * (then {@code port} must be given: the test cannot probe that namespace for a free one).
     * {@code passivePorts} is "first-last"; without {@code epsv} it answers EPSV with 502, so
     * clients must use PASV and the address it announces.
     */
    public record Options(String host, int port, Tls tls, Charset wireCharset, NetworkLab.Namespace namespace,
                          String passivePorts, boolean epsv, boolean rest, boolean plainData) {
        public static Options plain() {
            return new Options("127.0.0.1", 0, Tls.NONE, null, null, null, true, true, false);
        }

        /** Misconfigured: says yes to PROT P and goes on sending data in plain. */
        public Options plainDataUnderProtP() {
            return new Options(host, port, tls, wireCharset, namespace, passivePorts, epsv, rest, true);
        }

        /** No REST at all: FEAT does not offer it and the command is unknown. */
        public Options withoutRest() {
            return new Options(host, port, tls, wireCharset, namespace, passivePorts, epsv, false, plainData);
        }

        public Options host(String host) {
            return new Options(host, port, tls, wireCharset, namespace, passivePorts, epsv, rest, plainData);
        }

        public Options tls(Tls tls) {
            return new Options(host, port, tls, wireCharset, namespace, passivePorts, epsv, rest, plainData);
        }

        public Options wireCharset(Charset charset) {
            return new Options(host, port, tls, charset, namespace, passivePorts, epsv, rest, plainData);
        }

        /** Runs inside {@code namespace}, listening on {@code host} port {@code port} there. */
        public Options inNamespace(NetworkLab.Namespace namespace, String host, int port) {
            return new Options(host, port, tls, wireCharset, namespace, passivePorts, epsv, rest, plainData);
        }

        public Options passivePorts(int first, int last) {
            return new Options(host, port, tls, wireCharset, namespace, first + "-" + last, epsv, rest, plainData);
        }

        public Options withoutEpsv() {
            return new Options(host, port, tls, wireCharset, namespace, passivePorts, false, rest, plainData);
        }
    }

    private final String host;
    private final TestCertificates certificate;

    private Pyftpdlib(Process process, int port, Path root, List<Path> logs, long start, String host,
                      TestCertificates certificate) {
        super(process, port, root, logs, start);
        this.host = host;
        this.certificate = certificate;
    }

    public static Pyftpdlib start(Path directory, Options options) throws IOException {
        requirePythonModules("python3-pyftpdlib, python3-openssl", "pyftpdlib", "OpenSSL");
        Files.createDirectories(directory);
        Path root = Files.createDirectories(directory.resolve("root"));
        InetAddress address = InetAddress.getByName(options.host());
        int port = options.port() != 0 ? options.port() : freePort(address);
        Path log = directory.resolve("pyftpdlib.log");
        Path out = directory.resolve("pyftpdlib.out");
        List<String> command = new ArrayList<>();
        if (options.namespace() != null) {
            command.addAll(options.namespace().execPrefix());
        }
        command.addAll(List.of(DEBIAN_PYTHON.toString(), "-W", "ignore",
                script("pyftpdlib_server.py", directory).toString(), "--host", options.host(),
                "--port", Integer.toString(port), "--root", root.toString(), "--user", Interop.USER,
                "--password", Interop.PASSWORD, "--log", log.toString()));
        TestCertificates certificate = null;
        if (options.tls() != Tls.NONE) {
            certificate = TestCertificates.selfSignedRsa();
            command.addAll(List.of("--certificate", certificate.writePem(directory.resolve("pyftpdlib.pem")).toString()));
            if (options.tls() == Tls.REQUIRED) {
                command.add("--tls-required");
            }
        }
        if (options.wireCharset() != null) {
            command.addAll(List.of("--encoding", options.wireCharset().name().toLowerCase()));
        }
        if (options.passivePorts() != null) {
            command.addAll(List.of("--passive-ports", options.passivePorts()));
        }
        if (!options.epsv()) {
            command.add("--no-epsv");
        }
        if (!options.rest()) {
            command.add("--no-rest");
        }
        if (options.plainData()) {
            command.add("--plain-data-under-prot-p");
        }
        long start = System.nanoTime();
        Process process = launch(command, out, Map.of());
        if (options.namespace() != null) {
            options.namespace().awaitListening(options.host(), port, process, out);
        } else {
            awaitListening(address, port, process, out);
        }
        return new Pyftpdlib(process, port, root, List.of(out, log), start, options.host(), certificate);
    }

    /** The address it listens on, as given ("127.0.0.1" or "::1"). */
    public String host() {
        return host;
    }

    /** Its self-signed certificate (null without TLS). */
    public TestCertificates certificate() {
        return certificate;
    }
}
