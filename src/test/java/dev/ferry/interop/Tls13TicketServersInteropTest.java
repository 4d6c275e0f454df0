package dev.ferry.interop;

import dev.ferry.message.Message;
import dev.ferry.testing.English;
import dev.ferry.testing.Interop;
import dev.ferry.testing.TestCertificates;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.tls.TlsConnection;
import dev.ferry.tls.TlsConnector;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS 1.3 resumption with session tickets against the two TLS libraries FTP servers are built
 * on, below FTP: OpenSSL (vsftpd, ProFTPD, Pure-FTPd) and GnuTLS (FileZilla Server). Each server
 * checks the resumption binder; GnuTLS also refuses a ticket whose reported age is implausible,
 * which Bouncy Castle alone would write as 0.
 */
class Tls13TicketServersInteropTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    enum Server {
        OPENSSL("openssl", "-num_tickets", "0"),
        GNUTLS("gnutls-serv", "--noticket");

        final String binary;
        final List<String> withoutTickets;

        Server(String binary, String... withoutTickets) {
            this.binary = binary;
            this.withoutTickets = List.of(withoutTickets);
        }

        List<String> command(int port, Path pem, boolean tickets) {
            List<String> command = new ArrayList<>(switch (this) {
                // -rev: answers each line reversed; s_server serves one connection after another.
                case OPENSSL -> List.of(binary, "s_server", "-accept", "127.0.0.1:" + port, "-cert", pem.toString(),
                        "-key", pem.toString(), "-tls1_3", "-rev", "-quiet");
                case GNUTLS -> List.of(binary, "--echo", "--port", String.valueOf(port), "--x509certfile", pem.toString(),
                        "--x509keyfile", pem.toString(), "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.3");
            });
            if (!tickets) {
                command.addAll(withoutTickets);
            }
            return command;
        }
    }

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Server.class)
    void dataConnectionsResumeWithTheTicketsTheControlConnectionReceived(Server server) throws Exception {
        List<String> events = new ArrayList<>();
        TestCertificates certificate = TestCertificates.selfSignedRsa();
        Running running = start(server, certificate, true);
        try {
            TlsConnector tls = connector(running, certificate, events);
            // openssl s_server serves one connection at a time: the control connection ends first.
            try (TlsConnection control = tls.connectControl(new Socket("127.0.0.1", running.port()), TIMEOUT)) {
                assertEquals(TlsVersion.TLS_1_3, control.info().version());
                // The tickets follow the server's Finished; they are read with the first answer.
                exchange(control, "control");
            }
            assertTrue(tls.canResume(), "a ticket arrived: " + events);
            for (int i = 0; i < 3; i++) {
                try (TlsConnection data = tls.connectData(new Socket("127.0.0.1", running.port()), TIMEOUT)) {
                    exchange(data, "data " + i);
                    assertTrue(data.info().resumed(), "data connection " + i + " resumed: " + events);
                    assertEquals(tls.controlInfo().peerCertificate(), data.info().peerCertificate());
                }
            }
        } finally {
            Interop.stop(running.process());
        }
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void withoutTicketsTheDataConnectionMakesAFullHandshakeAndSaysWhy(Server server) throws Exception {
        List<String> events = new ArrayList<>();
        TestCertificates certificate = TestCertificates.selfSignedRsa();
        Running running = start(server, certificate, false);
        try {
            TlsConnector tls = connector(running, certificate, events);
            try (TlsConnection control = tls.connectControl(new Socket("127.0.0.1", running.port()), TIMEOUT)) {
                exchange(control, "control");
            }
            assertFalse(tls.canResume());
            String reason = "the server sent no TLS 1.3 session ticket on the control connection";
            assertEquals(reason, English.of(tls.resumptionUnavailableReason()));
            try (TlsConnection data = tls.connectData(new Socket("127.0.0.1", running.port()), TIMEOUT)) {
                exchange(data, "data");
                assertFalse(data.info().resumed());
            }
            assertTrue(events.stream().anyMatch(e -> e.endsWith("not resumed (" + reason + ")")), events.toString());
            String advice = English.of(tls.sessionReuseRefusalAdvice());
            assertTrue(advice.contains(reason) && advice.contains("send TLS 1.3 session tickets")
                    && advice.contains("require_ssl_reuse=NO"), advice);
        } finally {
            Interop.stop(running.process());
        }
        assertNull(events.stream().filter(e -> e.startsWith("!")).findFirst().orElse(null), events.toString());
    }

    private record Running(Process process, int port) {
    }

    private Running start(Server server, TestCertificates certificate, boolean tickets) throws IOException {
        if (!isInstalled(server.binary)) {
            Interop.unavailable(server.binary + " is not installed (Debian package "
                    + (server == Server.OPENSSL ? "openssl" : "gnutls-bin") + ")");
        }
        Path pem = certificate.writePem(directory.resolve("server.pem"));
        int port = Interop.freePort();
        Path log = directory.resolve(server.binary + ".log");
        Process process = new ProcessBuilder(server.command(port, pem, tickets)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Interop.awaitListening(port, process, log);
        return new Running(process, port);
    }

    private static boolean isInstalled(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    private static TlsConnector connector(Running server, TestCertificates certificate, List<String> events) {
        String fingerprint = CertificateInfo.fingerprint(certificate.certificate());
        return new TlsConnector("127.0.0.1", server.port(), TlsPolicy.DEFAULT,
                CertificateTrust.nonInteractive(KnownHosts.inMemory(), Set.of(fingerprint)), new TlsConnector.Events() {
            @Override
            public void tls(Message message) {
                events.add(English.of(message));
            }

            @Override
            public void warning(Message message) {
                events.add("! " + English.of(message));
            }
        });
    }

    /** Sends a line and reads until an answer has come (echoed or reversed, depending on the server). */
    private static void exchange(TlsConnection connection, String line) throws IOException {
        connection.output().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        connection.output().flush();
        byte[] answer = new byte[256];
        int total = 0;
        while (total < line.length() + 1) {
            int read = connection.input().read(answer, total, answer.length - total);
            assertTrue(read > 0, "the server answered \"" + line + "\"");
            total += read;
        }
    }
}
