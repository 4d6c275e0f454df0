package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.ServerCapabilities;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.English;
import dev.ferry.testing.Vsftpd;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A server that requires session reuse on data connections, offers TLS 1.3 only and sends no
 * session tickets: no data connection can resume, and TLS 1.2 (where a session ID would do) is
 * refused. The engine must say exactly that, once; not reconnect with TLS 1.3 again as if the
 * TLS 1.2 ceiling it had just tried were an old learned one, and end on "connection closed".
 */
class ReuseRequiredTls13OnlyInteropTest {

    @TempDir
    Path directory;

    @Test
    void aListingEndsWithTheReuseExplanationAndLearnsNoCeiling() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of(),
                VsftpdTls13ResumptionInteropTest.openSslConfig(directory.resolve("ssl"), "MinProtocol = TLSv1.3",
                        "NumTickets = 0"))) {
            ServerCapabilities learned = new ServerCapabilities();
            ConnectionSettings settings = RealServerScenarios.settings(server.port(), DataConnectionMode.PASSIVE)
                    .tlsMode(TlsMode.EXPLICIT).capabilities(learned)
                    .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(),
                            Set.of(CertificateInfo.fingerprint(server.certificate().certificate()))))
                    .build();
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings, "reuse")) {
                session.addListener(log);
                session.connect();
                FtpException e = assertThrows(FtpException.class, () -> session.list(session.initialDirectory()));
                assertEquals(FtpText.TLS_REUSE_REQUIRED_13_ONLY, e.reason(), English.of(e) + "\n" + log.text());
            }
            assertEquals(1, log.count(FtpText.TLS_RELEARN_REUSE), "TLS 1.2 tried once: " + log.text());
            assertEquals(0, log.count(FtpText.TLS_LEARNED_MAX_EXPIRED), "no second round with TLS 1.3: " + log.text());
            assertNull(learned.tlsCeiling(), "TLS 1.2 does not work here: nothing to remember");
        }
    }
}
