package dev.ferry.interop;

import dev.ferry.diagnose.DiagnoseOptions;
import dev.ferry.diagnose.DiagnoseText;
import dev.ferry.diagnose.Diagnoser;
import dev.ferry.diagnose.Diagnosis;
import dev.ferry.diagnose.DiagnosisListener;
import dev.ferry.diagnose.DiagnosisText;
import dev.ferry.diagnose.Outcome;
import dev.ferry.diagnose.SettingsDelta;
import dev.ferry.diagnose.Step;
import dev.ferry.diagnose.Verdict;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.message.MessageKey;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.English;
import dev.ferry.testing.NetworkLab;
import dev.ferry.testing.Pyftpdlib;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Proftpd;
import dev.ferry.testing.TestCertificates;
import dev.ferry.testing.Vsftpd;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.tls.TlsVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.store.Json;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry diagnose}'s engine against real servers, each set up to be healthy or broken in
 * one known way; every test checks the steps that way touches and the verdict's settings.
 */
class DiagnoseInteropTest {

    static final DiagnoseOptions OPTIONS = new DiagnoseOptions(Duration.ofSeconds(5), Duration.ofSeconds(60));

    @TempDir
    Path directory;

    private static ConnectionSettings.Builder settings(int port, TlsMode mode, TestCertificates certificate) {
        ConnectionSettings.Builder b = RealServerScenarios.settings(port, DataConnectionMode.PASSIVE).tlsMode(mode);
        if (certificate != null) {
            b.certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(),
                    Set.of(CertificateInfo.fingerprint(certificate.certificate()))));
        }
        return b;
    }

    private static Diagnosis diagnose(ConnectionSettings settings) {
        return Diagnoser.diagnose(settings, OPTIONS, DiagnosisListener.NONE);
    }

    static String explain(Diagnosis d, Supplier<String> serverLog) {
        return DiagnosisText.render(d, Locale.ROOT, true) + "\n--- server\n" + serverLog.get();
    }

    static void assertStep(Diagnosis d, Step step, Outcome outcome, MessageKey key, Supplier<String> log) {
        assertEquals(outcome, d.outcome(step), step + "\n" + explain(d, log));
        if (key != null) {
            assertEquals(key, d.result(step).orElseThrow().message().key(), step + "\n" + explain(d, log));
        }
    }

    private static List<MessageKey> keys(List<Message> messages) {
        return messages.stream().map(Message::key).toList();
    }

    @Test
    void vsftpdRequiringSessionReuseIsHealthyAndItsDataConnectionsResume() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of())) {
            Files.writeString(server.root().resolve("report.txt"), "quarterly\n");
            Interop.chownToUser(server.root().resolve("report.txt"));
            Diagnosis d = diagnose(settings(server.port(), TlsMode.EXPLICIT, server.certificate()).build());
            Supplier<String> log = server::log;
            assertStep(d, Step.GREETING, Outcome.OK, DiagnoseText.GREETING_OK, log);
            assertTrue(English.of(d.result(Step.GREETING).orElseThrow().message()).contains("the server is vsFTPd 3.0"),
                    explain(d, log));
            assertStep(d, Step.AUTH_TLS, Outcome.OK, DiagnoseText.AUTH_TLS_OK, log);
            assertStep(d, Step.TLS_HANDSHAKE, Outcome.OK, DiagnoseText.TLS_OK, log);
            assertStep(d, Step.CERTIFICATE, Outcome.WARNING, DiagnoseText.CERT_NOT_TRUSTED, log);
            assertStep(d, Step.IMPLICIT_TLS_PORT, Outcome.NOT_OFFERED, DiagnoseText.IMPLICIT_PLAIN, log);
            assertStep(d, Step.LOGIN, Outcome.OK, DiagnoseText.LOGIN_OK, log);
            assertStep(d, Step.PROTECTION, Outcome.OK, DiagnoseText.PROTECTION_OK, log);
            assertStep(d, Step.PASSIVE_EPSV, Outcome.OK, DiagnoseText.EPSV_OK, log);
            assertStep(d, Step.PASSIVE_PASV, Outcome.OK, DiagnoseText.PASV_OK, log);
            assertStep(d, Step.ACTIVE, Outcome.OK, DiagnoseText.ACTIVE_OK, log);
            assertStep(d, Step.DATA_TLS, Outcome.OK, DiagnoseText.DATA_TLS_RESUMED, log);
            assertStep(d, Step.LISTING, Outcome.OK, DiagnoseText.LISTING_OK, log);
            Verdict v = d.verdict();
            assertTrue(v.usable(), explain(d, log));
            assertEquals(SettingsDelta.NONE, v.settings(), explain(d, log));
            assertEquals(List.of(DiagnoseText.ADMIN_CERTIFICATE), keys(v.adminAdvice()), explain(d, log));
        }
    }

    @Test
    void vsftpdThatOffersTls13OnlyAndNoTicketsButRequiresReuseIsExplainedToItsAdministrator() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of(),
                VsftpdTls13ResumptionInteropTest.openSslConfig(directory.resolve("ssl"), "MinProtocol = TLSv1.3",
                        "NumTickets = 0"))) {
            Diagnosis d = diagnose(settings(server.port(), TlsMode.EXPLICIT, server.certificate()).build());
            Supplier<String> log = server::log;
            assertStep(d, Step.TLS_HANDSHAKE, Outcome.OK, DiagnoseText.TLS_OK, log);
            assertEquals("1.3", String.valueOf(d.result(Step.TLS_HANDSHAKE).orElseThrow().message().arguments().getFirst()),
                    explain(d, log));
            assertStep(d, Step.LOGIN, Outcome.OK, DiagnoseText.LOGIN_OK, log);
            assertStep(d, Step.PASSIVE_EPSV, Outcome.OK, DiagnoseText.EPSV_OK, log);
            assertStep(d, Step.DATA_TLS, Outcome.FAILED, FtpText.TLS_REUSE_REQUIRED_13_ONLY, log);
            assertTrue(d.result(Step.DATA_TLS).orElseThrow().details().stream().map(English::of)
                    .anyMatch(t -> t.contains("sent no TLS 1.3 session ticket")), explain(d, log));
            assertStep(d, Step.LISTING, Outcome.SKIPPED, DiagnoseText.SKIPPED_AFTER, log);
            Verdict v = d.verdict();
            assertFalse(v.usable(), explain(d, log));
            assertTrue(keys(v.adminAdvice()).contains(DiagnoseText.ADMIN_REUSE_13_ONLY_NO_TICKETS), explain(d, log));
            assertTrue(English.of(v.adminAdvice().get(keys(v.adminAdvice()).indexOf(DiagnoseText.ADMIN_REUSE_13_ONLY_NO_TICKETS)))
                    .startsWith("The server requires TLS session reuse on data connections and offers TLS 1.3 only, "
                            + "but sends no session tickets: allow TLS 1.2"), explain(d, log));
        }
    }

    @Test
    void vsftpdThatSendsNoTicketsButRequiresReuseWorksWithTls12AndTheVerdictSaysSo() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of(),
                VsftpdTls13ResumptionInteropTest.openSslConfig(directory.resolve("ssl"), "NumTickets = 0"))) {
            Files.writeString(server.root().resolve("x.txt"), "x\n");
            Interop.chownToUser(server.root().resolve("x.txt"));
            Diagnosis d = diagnose(settings(server.port(), TlsMode.EXPLICIT, server.certificate()).build());
            Supplier<String> log = server::log;
            assertStep(d, Step.DATA_TLS, Outcome.WARNING, DiagnoseText.DATA_TLS_NEEDS_12, log);
            assertStep(d, Step.LISTING, Outcome.OK, DiagnoseText.LISTING_OK, log);
            Verdict v = d.verdict();
            assertTrue(v.usable(), explain(d, log));
            assertEquals(new SettingsDelta(null, null, TlsVersion.TLS_1_2, null, null, null), v.settings(), explain(d, log));
            assertTrue(keys(v.adminAdvice()).contains(DiagnoseText.ADMIN_REUSE_NO_TICKETS), explain(d, log));
            assertEquals(DiagnoseText.VERDICT_WORKS_WITH_CHANGES, v.summary().key());
        }
    }

    @Test
    void proftpdRequiringSessionReuseResumesEveryDataConnection() throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.EXPLICIT, List.of())) {
            Files.writeString(server.root().resolve("p.txt"), "p\n");
            Interop.chownToUser(server.root().resolve("p.txt"));
            Diagnosis d = diagnose(settings(server.port(), TlsMode.EXPLICIT, server.certificate()).build());
            Supplier<String> log = server::log;
            assertTrue(English.of(d.result(Step.GREETING).orElseThrow().message()).contains("ProFTPD"), explain(d, log));
            assertStep(d, Step.LOGIN, Outcome.OK, DiagnoseText.LOGIN_OK, log);
            assertStep(d, Step.PROTECTION, Outcome.OK, DiagnoseText.PROTECTION_OK, log);
            assertStep(d, Step.DATA_TLS, Outcome.OK, DiagnoseText.DATA_TLS_RESUMED, log);
            assertStep(d, Step.ACTIVE, Outcome.OK, DiagnoseText.ACTIVE_OK, log);
            assertStep(d, Step.LISTING, Outcome.OK, DiagnoseText.LISTING_OK, log);
            assertTrue(d.verdict().usable(), explain(d, log));
            assertEquals(SettingsDelta.NONE, d.verdict().settings(), explain(d, log));
        }
    }

    @Test
    void plainVsftpdWithoutPassiveModeWorksInActiveModeAndTheVerdictKeepsIt() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of("pasv_enable=NO"))) {
            Supplier<String> log = server::log;
            Diagnosis d = diagnose(settings(server.port(), TlsMode.NONE, null)
                    .dataConnectionMode(DataConnectionMode.ACTIVE).build());
            assertStep(d, Step.AUTH_TLS, Outcome.NOT_OFFERED, DiagnoseText.AUTH_TLS_REFUSED, log);
            assertStep(d, Step.PROTECTION, Outcome.SKIPPED, DiagnoseText.PROTECTION_PLAIN, log);
            assertStep(d, Step.ACTIVE, Outcome.OK, DiagnoseText.ACTIVE_OK, log);
            assertEquals("EPRT", String.valueOf(d.result(Step.ACTIVE).orElseThrow().message().arguments().getFirst()));
            assertStep(d, Step.PASSIVE_EPSV, Outcome.NOT_OFFERED, DiagnoseText.EPSV_REFUSED, log);
            assertStep(d, Step.PASSIVE_PASV, Outcome.FAILED, DiagnoseText.PASV_REFUSED, log);
            assertStep(d, Step.DATA_TLS, Outcome.SKIPPED, DiagnoseText.DATA_TLS_PLAIN, log);
            assertStep(d, Step.LISTING, Outcome.OK, DiagnoseText.LISTING_EMPTY, log);
            Verdict v = d.verdict();
            assertTrue(v.usable(), explain(d, log));
            assertEquals(SettingsDelta.NONE, v.settings(), "active mode, as set, works: " + explain(d, log));

            // The same server with passive mode set: the verdict says to use active mode.
            Diagnosis passive = diagnose(settings(server.port(), TlsMode.NONE, null).build());
            assertTrue(passive.verdict().usable(), explain(passive, log));
            assertEquals(new SettingsDelta(null, null, null, DataConnectionMode.ACTIVE, null, null),
                    passive.verdict().settings(), explain(passive, log));
        }
    }

    @Test
    void plainVsftpdWithoutActiveModeTellsAnActiveSiteToUsePassiveMode() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of("port_enable=NO"))) {
            Supplier<String> log = server::log;
            Diagnosis d = diagnose(settings(server.port(), TlsMode.NONE, null)
                    .dataConnectionMode(DataConnectionMode.ACTIVE).build());
            assertStep(d, Step.ACTIVE, Outcome.FAILED, DiagnoseText.ACTIVE_REFUSED, log);
            assertStep(d, Step.PASSIVE_EPSV, Outcome.OK, DiagnoseText.EPSV_OK, log);
            assertTrue(d.verdict().usable(), explain(d, log));
            assertEquals(new SettingsDelta(null, null, null, DataConnectionMode.PASSIVE, null, null), d.verdict().settings(),
                    explain(d, log));
        }
    }

    @Test
    void aServerWhoseNamesAreGbkGetsItsCharsetInTheVerdict() throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain()
                .wireCharset(Charset.forName("GBK")))) {
            Files.writeString(server.root().resolve("中文报告.txt"), "报告\n");
            Supplier<String> log = server::log;
            Diagnosis d = diagnose(ServerSmoke.settings(server, DataConnectionMode.PASSIVE).build());
            assertStep(d, Step.LISTING, Outcome.WARNING, DiagnoseText.LISTING_CHARSET_GUESSED, log);
            assertEquals("GB18030", String.valueOf(d.result(Step.LISTING).orElseThrow().message().arguments().get(2)));
            assertTrue(d.verdict().usable(), explain(d, log));
            assertEquals(new SettingsDelta(null, null, null, null, null, Charset.forName("GB18030")), d.verdict().settings(),
                    explain(d, log));
        }
    }

    /**
     * A server behind NAT that announces its private address in PASV and offers no EPSV, with
     * {@code ferry diagnose --json} run from a client that cannot reach that address.
     */
    @Test
    void theCommandLineFindsAServerBehindNatThatAnnouncesItsPrivateAddress() throws Exception {
        try (NetworkLab lab = NetworkLab.open()) {
            NetworkLab.ServerBehindNat net = lab.serverBehindNat(2121, 40000, 40009);
            try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain()
                    .inNamespace(net.server(), NetworkLab.ServerBehindNat.SERVER_ADDRESS, 2121)
                    .passivePorts(net.passiveFirst(), net.passiveLast()).withoutEpsv())) {
                Files.writeString(server.root().resolve("behind-nat.txt"), "hello\n");
                String url = "ftp://" + Interop.USER + ":" + Interop.PASSWORD + "@"
                        + NetworkLab.ServerBehindNat.ROUTER_PUBLIC_ADDRESS + ":2121";
                CliProcess.Result result = lab.runCli(net.client(), directory.resolve("cli"), "diagnose", "--json",
                        "--step-timeout", "3", url);
                String explained = result + "\n" + server.log();
                assertEquals(0, result.exitCode(), explained);
                JsonNode json = Json.mapper().readTree(result.stdout());
                assertEquals("NOT_OFFERED", outcome(json, "PASSIVE_EPSV"), explained);
                assertEquals("WARNING", outcome(json, "PASSIVE_PASV"), explained);
                assertEquals("diagnose.PASV_REPLACED", step(json, "PASSIVE_PASV").get("key").asText(), explained);
                assertEquals("OK", outcome(json, "LISTING"), explained);
                assertTrue(step(json, "LISTING").get("message").asText().contains("behind-nat.txt"), explained);
                JsonNode verdict = json.get("verdict");
                assertTrue(verdict.get("usable").asBoolean(), explained);
                assertTrue(verdict.get("settings").get("trustPassiveAddress").isNull(), "the default already works: " + explained);
                assertTrue(verdict.get("adminAdvice").get(0).asText().contains("private address ("
                        + NetworkLab.ServerBehindNat.SERVER_ADDRESS + ") in PASV"), explained);
            }
        }
    }

    @Test
    void overIpv6PasvIsNotOfferedAndEpsvAndEprtDoTheWork() throws Exception {
        try (NetworkLab lab = NetworkLab.open()) {
            NetworkLab.Ipv6Pair net = lab.ipv6Pair();
            try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain()
                    .inNamespace(net.server(), NetworkLab.Ipv6Pair.SERVER_ADDRESS, 2121))) {
                String url = "ftp://" + Interop.USER + ":" + Interop.PASSWORD + "@[" + NetworkLab.Ipv6Pair.SERVER_ADDRESS
                        + "]:2121";
                CliProcess.Result result = lab.runCli(net.client(), directory.resolve("cli"), "diagnose", "--json",
                        "--step-timeout", "3", url);
                String explained = result + "\n" + server.log();
                assertEquals(0, result.exitCode(), explained);
                JsonNode json = Json.mapper().readTree(result.stdout());
                assertEquals("OK", outcome(json, "PASSIVE_EPSV"), explained);
                assertEquals("NOT_OFFERED", outcome(json, "PASSIVE_PASV"), explained);
                assertEquals("diagnose.PASV_IPV6", step(json, "PASSIVE_PASV").get("key").asText(), explained);
                assertEquals("OK", outcome(json, "ACTIVE"), explained);
                assertTrue(step(json, "ACTIVE").get("details").toString().contains("EPRT |2|"), explained);
                assertTrue(json.get("verdict").get("adminAdvice").isEmpty(), explained);
            }
        }
    }

    private static JsonNode step(JsonNode json, String name) {
        for (JsonNode step : json.get("steps")) {
            if (step.get("step").asText().equals(name)) {
                return step;
            }
        }
        throw new AssertionError(name + " not in " + json);
    }

    private static String outcome(JsonNode json, String name) {
        return step(json, name).get("outcome").asText();
    }
}
