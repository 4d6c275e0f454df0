package dev.ferry.reliability;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.English;
import dev.ferry.testing.SecretsAudit;
import dev.ferry.testing.TestCertificates;
import dev.ferry.testing.Transfers;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.FileTransfers;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 10, the part the certificate tests in {@code tls.*} do not cover: an FTPS server whose data
 * connection ends in the middle without TLS's close_notify (an attacker cutting the stream, or
 * a broken server) and which still claims success with 226. Without SIZE the close_notify is
 * the only evidence: the transfer must fail, and a download must not land under its final name.
 */
class TlsTruncationTest {

    static final String PASSWORD = "truncation-pw-5K";
    static final byte[] CONTENT = new byte[3 << 20];

    static {
        new java.util.SplittableRandom(8).nextBytes(CONTENT);
    }

    @TempDir
    Path directory;

    final SecretsAudit audit = new SecretsAudit(PASSWORD);

    @AfterEach
    void noPassword() throws IOException {
        audit.verify();
    }

    /** Explicit FTPS over JSSE; RETR sends half of the file and drops the TCP connection, then says 226. */
    static final class TruncatingServer implements AutoCloseable {
        final TestCertificates certificate = TestCertificates.selfSigned();
        final SSLContext context;
        final ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        final AtomicInteger truncated = new AtomicInteger();

        TruncatingServer(Path directory) throws Exception {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(certificate.writeKeyStore(directory.resolve("server.p12")))) {
                keyStore.load(in, TestCertificates.PASSWORD.toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, TestCertificates.PASSWORD.toCharArray());
            context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            Thread.ofPlatform().daemon().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket socket = listener.accept();
                        Thread.ofPlatform().daemon().start(() -> serve(socket));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve(Socket plain) {
            try (plain) {
                OutputStream out = plain.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.UTF_8));
                send(out, "220 truncating server");
                String command = in.readLine();
                if (command == null || !command.startsWith("AUTH")) {
                    return;
                }
                send(out, "234 go ahead");
                SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
                tls.setUseClientMode(false);
                tls.startHandshake();
                out = tls.getOutputStream();
                in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
                ServerSocket data = null;
                while ((command = in.readLine()) != null) {
                    String verb = command.split(" ")[0].toUpperCase();
                    switch (verb) {
                        case "USER" -> send(out, "331 password please");
                        case "PASS" -> send(out, "230 logged in");
                        case "PBSZ", "PROT", "TYPE", "OPTS", "NOOP" -> send(out, "200 ok");
                        case "FEAT" -> send(out, "211-Features:\r\n EPSV\r\n PBSZ\r\n PROT\r\n211 End");
                        case "PWD" -> send(out, "257 \"/\"");
                        case "EPSV" -> {
                            data = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                            send(out, "229 Entering Extended Passive Mode (|||" + data.getLocalPort() + "|)");
                        }
                        case "RETR" -> {
                            send(out, "150 sending");
                            try (ServerSocket listening = data; Socket raw = listening.accept()) {
                                SSLSocket dataTls = (SSLSocket) context.getSocketFactory()
                                        .createSocket(raw, "127.0.0.1", raw.getPort(), false);
                                dataTls.setUseClientMode(false);
                                dataTls.startHandshake();
                                dataTls.getOutputStream().write(CONTENT, 0, CONTENT.length / 2);
                                dataTls.getOutputStream().flush();
                                // End the TCP connection under TLS (an orderly FIN), without close_notify.
                                truncated.incrementAndGet();
                            }
                            data = null;
                            send(out, "226 Transfer complete");
                        }
                        case "QUIT" -> {
                            send(out, "221 bye");
                            return;
                        }
                        default -> send(out, "502 not implemented");
                    }
                }
            } catch (IOException e) {
                // The client left.
            }
        }

        private static void send(OutputStream out, String reply) throws IOException {
            out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    private ConnectionSettings settings(TruncatingServer server) {
        KnownHosts knownHosts = KnownHosts.inMemory();
        CertificateTrust trust = CertificateTrust.nonInteractive(knownHosts,
                Set.of(CertificateInfo.fingerprint(server.certificate.certificate())));
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("bob").password(PASSWORD)
                .tlsMode(TlsMode.EXPLICIT).certificateTrust(trust).timeouts(Duration.ofSeconds(5)).build();
    }

    @Test
    void aTruncatedTlsDataStreamIsAFailureEvenWhenTheServerSays226() throws Exception {
        try (TruncatingServer server = new TruncatingServer(directory)) {
            CollectingLog log = new CollectingLog();
            audit.log("dialogue", log);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (FtpSession session = new FtpSession(settings(server), "t")) {
                session.addListener(log);
                session.connect();
                FtpException e = assertThrows(FtpException.class,
                        () -> Transfers.retrieve(session, "/file.bin", 0, Channels.newChannel(received), null));
                audit.exception("exception", e);
                System.out.println("truncated TLS data: " + English.of(e));
                assertEquals(FtpText.DATA_TRUNCATED_TLS, e.reason(), English.of(e));
            }
            assertEquals(1, server.truncated.get());
        }
    }

    @Test
    void aQueuedDownloadOfATruncatedStreamFailsAndNeverLandsUnderItsName() throws Exception {
        try (TruncatingServer server = new TruncatingServer(directory)) {
            CollectingLog log = new CollectingLog();
            audit.log("dialogue", log);
            Path target = directory.resolve("download/file.bin");
            try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConflictDefault(ConflictAction.OVERWRITE)
                    .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(50)), null, null)) {
                queue.addDialogueListener(log);
                queue.addDownload(settings(server), null, "/file.bin", target, false, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)));
                ItemSnapshot item = queue.snapshot().getFirst();
                audit.text("error", () -> English.of(item.lastError()));
                assertEquals(ItemState.FAILED, item.state(), item::toString);
                System.out.println("truncated TLS data, queued: " + item.state() + " after " + item.attempts()
                        + " retries: " + English.of(item.lastError()));
                assertEquals(FtpText.DATA_TRUNCATED_TLS.bundleKey(), item.lastError().key().bundleKey(),
                        English.of(item.lastError()));
            }
            assertFalse(Files.exists(target), "a truncated download never takes the final name");
            assertTrue(server.truncated.get() >= 1);
            assertTrue(Files.notExists(FileTransfers.partFile(target))
                    || Files.size(FileTransfers.partFile(target)) <= CONTENT.length / 2);
        }
    }
}
