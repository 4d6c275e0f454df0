package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.TlsMode;
import dev.ferry.ftp.TransferListener;
import dev.ferry.site.LearnedServers;
import dev.ferry.testing.CliProcess;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FTPS against real vsftpd with require_ssl_reuse=YES and TLS forced for logins and data: the
 * configuration under which clients that cannot resume the control session fail.
 */
class VsftpdFtpsInteropTest {

    @TempDir
    Path directory;

    private static ConnectionSettings.Builder settings(Vsftpd server, TlsMode mode, KnownHosts knownHosts) {
        String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
        return RealServerScenarios.settings(server.port(), DataConnectionMode.PASSIVE).tlsMode(mode)
                .certificateTrust(CertificateTrust.nonInteractive(knownHosts, Set.of(fingerprint)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"EXPLICIT, PASSIVE", "EXPLICIT, ACTIVE", "IMPLICIT, PASSIVE", "IMPLICIT, ACTIVE"})
    void everydayOperationsOverTls12WithResumedDataConnections(Vsftpd.Tls tls, DataConnectionMode mode) throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), tls, List.of())) {
            ConnectionSettings settings = settings(server, tls == Vsftpd.Tls.IMPLICIT ? TlsMode.IMPLICIT : TlsMode.EXPLICIT,
                    KnownHosts.inMemory()).dataConnectionMode(mode)
                    .tlsPolicy(TlsPolicy.DEFAULT.withMaxVersion(TlsVersion.TLS_1_2)).build();
            RealServerScenarios.everyday(settings, server.root(), directory);
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings, "resume")) {
                session.addListener(log);
                session.connect();
                session.list(session.initialDirectory());
            }
            assertTrue(log.contains("data connection: TLS 1.2") && log.contains("session resumed"), log.text());
        }
    }

    /**
     * A server that requires reuse but sends no TLS 1.3 session tickets (OpenSSL's NumTickets = 0)
     * leaves a TLS 1.3 data connection nothing to resume with: Ferry learns TLS 1.2 for it.
     */
    @Test
    void tls13IsTriedFirstThenTls12IsLearnedAndRememberedWhenTheServerSendsNoTickets() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of(),
                VsftpdTls13ResumptionInteropTest.openSslConfig(directory, "NumTickets = 0"))) {
            Path learnedFile = directory.resolve("config/learned-servers.json");
            byte[] content = TestFiles.bytes(1_500_000, 21);
            Files.write(server.root().resolve("learn.bin"), content);
            Interop.chownToUser(server.root().resolve("learn.bin"));

            CollectingLog first = new CollectingLog();
            try (FtpSession session = new FtpSession(settings(server, TlsMode.EXPLICIT, KnownHosts.inMemory())
                    .capabilities(LearnedServers.open(learnedFile).forServer("127.0.0.1", server.port())).build(), "first")) {
                session.addListener(first);
                session.connect();
                assertEquals(TlsVersion.TLS_1_3, session.security().control().version(), "TLS 1.3 is offered by default");
                Path back = directory.resolve("learn.back");
                FileTransfers.download(session, session.initialDirectory() + "/learn.bin", back, content.length, false,
                        null, TransferListener.NONE);
                assertArrayEquals(content, Files.readAllBytes(back));
                assertEquals(TlsVersion.TLS_1_2, session.security().control().version());
            }
            assertTrue(refusedForReuse(first), first.text());
            assertTrue(first.contains("not resumed (the server sent no TLS 1.3 session ticket on the control connection)"),
                    first.text());
            assertTrue(first.has(FtpText.TLS_RELEARN_REUSE), first.text());
            assertTrue(Files.readString(learnedFile).contains("TLS_1_2"), Files.readString(learnedFile));

            CollectingLog second = new CollectingLog();
            // A new run: what was learned comes back from the file.
            try (FtpSession session = new FtpSession(settings(server, TlsMode.EXPLICIT, KnownHosts.inMemory())
                    .capabilities(LearnedServers.open(learnedFile).forServer("127.0.0.1", server.port())).build(), "second")) {
                session.addListener(second);
                session.connect();
                assertEquals(TlsVersion.TLS_1_2, session.security().control().version());
                session.list(session.initialDirectory());
            }
            assertFalse(refusedForReuse(second), "the second session knows: " + second.text());
            int firstData = second.text().indexOf("data connection:");
            assertTrue(firstData > 0 && second.text().substring(firstData).startsWith("data connection: TLS 1.2")
                    && second.text().substring(firstData).split("\n")[0].contains("session resumed"), second.text());
        }
    }

    private static boolean refusedForReuse(CollectingLog log) {
        return log.entries().stream().anyMatch(e -> e.kind() == dev.ferry.ftp.DialogueEntry.Kind.REPLY
                && e.text().startsWith("522 "));
    }

    @ParameterizedTest
    @CsvSource({"EXPLICIT, ftpes", "IMPLICIT, ftps"})
    void commandLineOverFtps(Vsftpd.Tls tls, String scheme) throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), tls, List.of())) {
            String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
            byte[] content = TestFiles.bytes(900_000, 31);
            Path local = Files.write(directory.resolve("tls-up.bin"), content);
            String url = scheme + "://" + Interop.USER + ":" + Interop.PASSWORD + "@127.0.0.1:" + server.port();

            CliProcess.Result untrusted = CliProcess.run(directory, "ls", url + "/");
            assertEquals(1, untrusted.exitCode(), untrusted.toString());
            assertTrue(untrusted.stderr().contains("--trust-fingerprint " + fingerprint), untrusted.stderr());

            CliProcess.Result put = CliProcess.run(directory, "put", "--log", "--trust-fingerprint", fingerprint,
                    local.toString(), url + "/");
            assertEquals(0, put.exitCode(), put.toString());
            assertArrayEquals(content, Files.readAllBytes(server.root().resolve("tls-up.bin")));
            assertTrue(put.stderr().contains("session resumed"), put.stderr());
            assertFalse(put.stderr().contains(Interop.PASSWORD));

            CliProcess.Result ls = CliProcess.run(directory, "ls", "--trust-fingerprint", fingerprint, url + "/");
            assertEquals(0, ls.exitCode(), ls.toString());
            assertTrue(ls.stdout().contains(" tls-up.bin"), ls.stdout());

            Path back = directory.resolve("tls-back.bin");
            CliProcess.Result get = CliProcess.run(directory, "get", "--active", "--trust-fingerprint", fingerprint,
                    url + "/tls-up.bin", back.toString());
            assertEquals(0, get.exitCode(), get.toString());
            assertArrayEquals(content, Files.readAllBytes(back));

            CliProcess.Result insecure = CliProcess.run(directory, "ls", "--insecure", url + "/");
            assertEquals(0, insecure.exitCode(), insecure.toString());
            assertTrue(insecure.stderr().contains("INSECURE"), insecure.stderr());
        }
    }
}
