package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpTlsException;
import dev.ferry.ftp.ServerCapabilities;
import dev.ferry.ftp.TlsMode;
import dev.ferry.ftp.TransferListener;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;
import dev.ferry.transfer.FileTransfers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vsftpd restricted to TLS 1.3 with require_ssl_reuse=YES: a server that Ferry could only fail
 * against while its data connections could not resume a TLS 1.3 session (Bouncy Castle offers
 * no resumption PSK of its own). Each data connection must resume the control session with a
 * ticket the server sent, with no fallback to TLS 1.2 (which the server refuses).
 */
class VsftpdTls13ResumptionInteropTest {

    /** Three rounds of list, download, upload: more data connections than the two tickets vsftpd sends. */
    private static final int ROUNDS = 3;

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void everyDataConnectionResumesTheTls13ControlSession(DataConnectionMode mode) throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of(),
                openSslConfig(directory, "MinProtocol = TLSv1.3"))) {
            requireTls13Only(server);
            byte[] content = TestFiles.bytes(3_000_000, 41);
            Files.write(server.root().resolve("down.bin"), content);
            Interop.chownToUser(server.root().resolve("down.bin"));
            KnownHosts knownHosts = KnownHosts.inMemory();
            CollectingLog log = new CollectingLog();
            ServerCapabilities learned = new ServerCapabilities();
            try (FtpSession session = new FtpSession(settings(server, knownHosts).dataConnectionMode(mode)
                    .capabilities(learned).build(), "tls13")) {
                session.addListener(log);
                session.connect();
                assertEquals(TlsVersion.TLS_1_3, session.security().control().version(), log.text());
                String home = session.initialDirectory();
                for (int round = 0; round < ROUNDS; round++) {
                    assertTrue(session.list(home).entries().stream().anyMatch(e -> e.name().equals("down.bin")), log.text());
                    Path back = directory.resolve("back-" + round + ".bin");
                    FileTransfers.download(session, home + "/down.bin", back, content.length, false, null,
                            TransferListener.NONE);
                    assertArrayEquals(content, Files.readAllBytes(back));
                    FileTransfers.upload(session, back, home + "/up-" + round + ".bin", 0, TransferListener.NONE);
                    assertArrayEquals(content, Files.readAllBytes(server.root().resolve("up-" + round + ".bin")));
                }
                assertEquals(TlsVersion.TLS_1_3, session.security().control().version(), "still the first control session");
                session.quit();
            }
            List<String> dataHandshakes = log.entries().stream().map(CollectingLog::words)
                    .filter(text -> text.contains("data connection: ")).toList();
            assertEquals(3 * ROUNDS, dataHandshakes.size(), log.text());
            for (String handshake : dataHandshakes) {
                assertTrue(handshake.contains("data connection: TLS 1.3, ") && handshake.endsWith(", session resumed"),
                        "every data handshake resumed: " + handshake + "\n" + log.text());
            }
            assertTrue(log.entries().stream().noneMatch(e -> e.kind() == DialogueEntry.Kind.REPLY
                    && e.text().startsWith("522 ")), log.text());
            assertEquals(ServerCapabilities.Snapshot.EMPTY.tlsCeiling(), learned.tlsCeiling(), "nothing to learn: TLS 1.3 works");
        }
    }

    /**
     * A server that takes only P-256 answers the X25519 key share Ferry offers first with a
     * HelloRetryRequest: a second ClientHello, key pair and round trip, on every data connection
     * (a third of the time of each small FTPS file on this machine, as profiled). The control
     * connection pays it once; data connections offer the group it settled on.
     */
    @org.junit.jupiter.api.Test
    void dataConnectionsOfferTheKeyShareGroupTheControlConnectionSettledOn() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of(),
                openSslConfig(directory, "Groups = P-256"))) {
            byte[] content = TestFiles.bytes(50_000, 43);
            Files.write(server.root().resolve("small.bin"), content);
            Interop.chownToUser(server.root().resolve("small.bin"));
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings(server, KnownHosts.inMemory()).build(), "groups")) {
                session.addListener(log);
                session.connect();
                assertEquals(TlsVersion.TLS_1_3, session.security().control().version(), log.text());
                assertTrue(session.security().control().keyShareRetried(),
                        "the server asked the control connection for P-256 (else this server does not test it): " + log.text());
                String home = session.initialDirectory();
                for (int transfer = 0; transfer < 3; transfer++) {
                    Path back = directory.resolve("back-" + transfer + ".bin");
                    FileTransfers.download(session, home + "/small.bin", back, content.length, false, null,
                            TransferListener.NONE);
                    assertArrayEquals(content, Files.readAllBytes(back));
                    var data = session.security().lastData();
                    assertTrue(data.resumed(), "data connection " + transfer + " resumed: " + log.text());
                    assertTrue(!data.keyShareRetried(), "data connection " + transfer
                            + " was asked for another key share: " + log.text());
                }
                session.quit();
            }
        }
    }

    /** The next session to the same server (a queue's other workers, a reconnection) is not asked again either. */
    @org.junit.jupiter.api.Test
    void aLaterSessionOffersTheGroupTheServerChoseForTheFirst() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of(),
                openSslConfig(directory, "Groups = P-256"))) {
            ServerCapabilities learned = new ServerCapabilities();
            KnownHosts knownHosts = KnownHosts.inMemory();
            for (int session = 0; session < 2; session++) {
                CollectingLog log = new CollectingLog();
                try (FtpSession ftp = new FtpSession(settings(server, knownHosts).capabilities(learned).build(), "s" + session)) {
                    ftp.addListener(log);
                    ftp.connect();
                    assertEquals(TlsVersion.TLS_1_3, ftp.security().control().version(), log.text());
                    assertEquals(session == 0, ftp.security().control().keyShareRetried(),
                            "session " + session + ": only the first is asked for P-256: " + log.text());
                    ftp.quit();
                }
            }
        }
    }

    /** Skips unless OpenSSL's configuration really keeps this vsftpd (3.0.3 has no option for it) from TLS 1.2. */
    private void requireTls13Only(Vsftpd server) throws IOException {
        ConnectionSettings tls12 = settings(server, KnownHosts.inMemory())
                .tlsPolicy(TlsPolicy.DEFAULT.withMaxVersion(TlsVersion.TLS_1_2)).build();
        try (FtpSession probe = new FtpSession(tls12, "probe")) {
            probe.connect();
        } catch (FtpTlsException refused) {
            assertTrue(refused.getMessage().contains("protocol_version"), "refused for its version: " + refused.getMessage());
            return;
        }
        Interop.unavailable("vsftpd accepted TLS 1.2 although OPENSSL_CONF says MinProtocol = TLSv1.3: "
                + "it cannot be restricted to TLS 1.3 here");
    }

    private static ConnectionSettings.Builder settings(Vsftpd server, KnownHosts knownHosts) {
        String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
        return RealServerScenarios.settings(server.port(), DataConnectionMode.PASSIVE).tlsMode(TlsMode.EXPLICIT)
                .certificateTrust(CertificateTrust.nonInteractive(knownHosts, Set.of(fingerprint)));
    }

    /**
     * An OpenSSL configuration whose system defaults every SSL_CTX of the server takes, e.g.
     * {@code MinProtocol = TLSv1.3} or {@code NumTickets = 0}; returned as the server's environment.
     */
    static Map<String, String> openSslConfig(Path directory, String... defaults) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("openssl-" + Integer.toHexString(String.join(",", defaults).hashCode()) + ".cnf");
        StringBuilder text = new StringBuilder("""
                openssl_conf = default_conf
                [default_conf]
                ssl_conf = ssl_sect
                [ssl_sect]
                system_default = system_default_sect
                [system_default_sect]
                """);
        for (String line : defaults) {
            text.append(line).append('\n');
        }
        Files.writeString(file, text);
        return Map.of("OPENSSL_CONF", file.toString());
    }
}
