package dev.ferry.tls;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.ProtectionLevel;
import dev.ferry.ftp.SecurityStatus;
import dev.ferry.ftp.TlsMode;
import dev.ferry.ftp.TransferListener;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Transfers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FTPS against MINA FtpServer with a certificate made by the test: every combination that matters. */
class FtpsMinaTest {

    @TempDir
    Path directory;

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (MinaServer.Tls tls : List.of(MinaServer.Tls.EXPLICIT, MinaServer.Tls.IMPLICIT)) {
            for (DataConnectionMode mode : DataConnectionMode.values()) {
                for (String version : List.of("TLSv1.2", "TLSv1.3")) {
                    all.add(Arguments.of(tls, mode, version, ProtectionLevel.PRIVATE));
                }
            }
        }
        all.add(Arguments.of(MinaServer.Tls.EXPLICIT, DataConnectionMode.PASSIVE, "TLSv1.3", ProtectionLevel.CLEAR));
        all.add(Arguments.of(MinaServer.Tls.EXPLICIT, DataConnectionMode.ACTIVE, "TLSv1.2", ProtectionLevel.CLEAR));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} PROT {3}")
    @MethodSource("combinations")
    void uploadAndDownloadKeepTheirBytes(MinaServer.Tls tls, DataConnectionMode mode, String version,
                                         ProtectionLevel protection) throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(tls).tlsProtocols(version).start()) {
            String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD)
                    .tlsMode(tls == MinaServer.Tls.IMPLICIT ? TlsMode.IMPLICIT : TlsMode.EXPLICIT)
                    .dataConnectionMode(mode).protectionLevel(protection)
                    .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(), Set.of(fingerprint)))
                    .build();
            CollectingLog log = new CollectingLog();
            byte[] content = TestFiles.bytes(3_000_000, 5);
            Path local = Files.write(directory.resolve("up.bin"), content);
            try (FtpSession session = new FtpSession(settings, "ftps")) {
                session.addListener(log);
                session.connect();
                SecurityStatus security = session.security();
                assertTrue(security.controlEncrypted());
                assertEquals(protection == ProtectionLevel.PRIVATE, security.dataEncrypted());
                assertEquals(version.equals("TLSv1.3") ? TlsVersion.TLS_1_3 : TlsVersion.TLS_1_2,
                        security.control().version());
                Transfers.store(session, "/up.bin", local, FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
                assertArrayEquals(content, Files.readAllBytes(server.home().resolve("up.bin")));
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                Transfers.retrieve(session, "/up.bin", 0, Channels.newChannel(back), TransferListener.NONE);
                assertArrayEquals(content, back.toByteArray());
                assertTrue(session.list("/").entries().stream().anyMatch(e -> e.name().equals("up.bin")));
                session.quit();
            }
            assertFalse(log.text().contains(MinaServer.PASSWORD));
            assertTrue(log.contains("control connection: TLS"), log.text());
            if (protection == ProtectionLevel.PRIVATE) {
                assertTrue(log.contains("data connection: TLS"), log.text());
                // TLS 1.2 by session ID; TLS 1.3 by the tickets the JDK's server sends after the handshake.
                List<String> dataHandshakes = log.entries().stream().map(CollectingLog::words)
                        .filter(text -> text.contains("data connection: ")).toList();
                assertEquals(3, dataHandshakes.size(), log.text());
                assertTrue(dataHandshakes.stream().allMatch(text -> text.endsWith(", session resumed")),
                        "every data connection resumes: " + log.text());
            } else {
                assertFalse(log.contains("data connection: TLS"), log.text());
            }
        }
    }
}
