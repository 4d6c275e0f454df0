package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.ServerCapabilities;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.English;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Pyftpdlib;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pyftpdlib 1.5 (Debian package): plain, TLS required, IPv6 on ::1, and names in GBK on the wire. */
class PyftpdlibInteropTest {

    private static final Charset GBK = Charset.forName("GBK");

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void plain(DataConnectionMode mode) throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain())) {
            ServerSmoke.run(ServerSmoke.settings(server, mode).build(), server, directory);
        }
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void tlsRequired(DataConnectionMode mode) throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"),
                Pyftpdlib.Options.plain().tls(Pyftpdlib.Tls.REQUIRED))) {
            var log = ServerSmoke.run(ServerSmoke.settings(server, mode).tlsMode(TlsMode.EXPLICIT)
                    .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(),
                            Set.of(CertificateInfo.fingerprint(server.certificate().certificate())))).build(), server, directory);
            assertTrue(log.contains("data connection: TLS"), "data went over TLS: " + log.text());
        }
    }

    /**
     * A server that accepts PROT P and answers on the data connection in plain: said so, and no
     * TLS 1.2 ceiling learned, which had made every later connection use TLS 1.2 for good.
     */
    @Test
    void plainDataAfterProtPLearnsNoTlsCeiling() throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"),
                Pyftpdlib.Options.plain().tls(Pyftpdlib.Tls.EXPLICIT).plainDataUnderProtP())) {
            Files.write(server.root().resolve("notes.txt"), new byte[100]);
            ServerCapabilities learned = new ServerCapabilities();
            ConnectionSettings settings = ServerSmoke.settings(server, DataConnectionMode.PASSIVE).tlsMode(TlsMode.EXPLICIT)
                    .capabilities(learned)
                    .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(),
                            Set.of(CertificateInfo.fingerprint(server.certificate().certificate())))).build();
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings, "plain-data")) {
                session.addListener(log);
                session.connect();
                FtpException e = assertThrows(FtpException.class, () -> session.list(session.initialDirectory()));
                assertTrue(English.of(e).contains("in plain text, not TLS"), English.of(e) + "\n" + log.text());
            }
            assertEquals(0, log.count(FtpText.TLS_RELEARN_REUSE), "nothing to do with TLS versions: " + log.text());
            assertNull(learned.tlsCeiling(), "no ceiling learned: " + log.text());
        }
    }

    /** pyftpdlib answers MLSD of a file with "501 No such directory", as RFC 3659 asks. */
    @Test
    void lsOfAFileShowsTheFile() throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain())) {
            Files.write(server.root().resolve("notes.txt"), new byte[1234]);
            String base = "ftp://" + Interop.USER + ":" + Interop.PASSWORD + "@127.0.0.1:" + server.port() + "/";
            CliProcess.Result file = CliProcess.run(directory.resolve("cli"), "ls", base + "notes.txt");
            assertEquals(0, file.exitCode(), file.toString());
            assertEquals(1, file.stdout().lines().count(), file.toString());
            assertTrue(file.stdout().startsWith("-") && file.stdout().contains(" 1234 ")
                    && file.stdout().strip().endsWith(" notes.txt"), file.toString());
            CliProcess.Result missing = CliProcess.run(directory.resolve("cli"), "ls", base + "nothing.txt");
            assertEquals(1, missing.exitCode(), missing.toString());
            // In words, not only the server's: "The server answered MLSD with "501 No such directory."".
            CliProcess.Result missingFolder = CliProcess.run(directory.resolve("cli"), "ls", base + "no/such/folder/");
            assertTrue(missingFolder.stderr().contains("The folder does not exist or may not be listed"), missingFolder.toString());
        }
    }

    /** Passive only: pyftpdlib refuses Ferry's EPRT over IPv6 today (see the interop matrix). */
    @Test
    void ipv6OnLoopbackPassive() throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain().host("::1"))) {
            ServerSmoke.run(ServerSmoke.settings(server, DataConnectionMode.PASSIVE).host("::1").build(), server, directory);
            assertTrue(server.log().contains("::1"), "the server saw an IPv6 client: " + server.log());
        }
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void namesInGbkOnTheWire(DataConnectionMode mode) throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain().wireCharset(GBK))) {
            // The server keeps UTF-8 names on disk and speaks GBK: a file named 中文 reaches Ferry as GBK bytes.
            ServerSmoke.run(ServerSmoke.settings(server, mode).charset(GBK).build(), server.root(), null, directory,
                    "中文.bin", "上传.bin", true, server::log);
            assertTrue(Files.exists(server.root().resolve("上传.bin")));
        }
    }
}
