package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.store.Json;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.Interop;
import dev.ferry.testing.ScriptedServer;
import dev.ferry.testing.Vsftpd;
import dev.ferry.tls.CertificateInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferry diagnose} as a user runs it: a child process, its checklist, its exit code, its JSON. */
class DiagnoseCliTest {

    private static final Map<String, String> ENGLISH = Map.of("LANG", "C.UTF-8", "LC_ALL", "C.UTF-8");

    @TempDir
    Path directory;

    private static ScriptedServer stallingServer() throws Exception {
        return new ScriptedServer(c -> {
            c.reply("220 (vsFTPd 3.0.3)");
            if (c.readCommand() != null) {
                c.reply("234 Proceed with negotiation.");
                c.readForever();
            }
        });
    }

    @Test
    void aHealthyVsftpdGetsTicksEverywhereAndExitZero() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of())) {
            Files.writeString(server.root().resolve("index.html"), "<h1>hi</h1>\n");
            Interop.chownToUser(server.root().resolve("index.html"));
            String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
            CliProcess.Result result = CliProcess.run(directory, ENGLISH, "diagnose", "--trust-fingerprint", fingerprint,
                    "ftpes://" + Interop.USER + ":" + Interop.PASSWORD + "@127.0.0.1:" + server.port());
            String explained = result + "\n" + server.log();
            assertEquals(0, result.exitCode(), explained);
            List<String> lines = result.stdout().lines().toList();
            assertTrue(lines.getFirst().startsWith("Diagnosis of 127.0.0.1:" + server.port() + " (explicit TLS, user "),
                    explained);
            assertTrue(lines.contains("✓ Greeting: (vsFTPd 3.0.3) (the server is vsFTPd 3.0.3)"), explained);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("✓ TLS handshake: TLS 1.3, ")), explained);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("! Certificate: Not trusted by this computer: it is self-signed")),
                    explained);
            assertTrue(lines.contains("    SHA-256 fingerprint: " + fingerprint), explained);
            assertTrue(lines.contains("✓ TLS on the data connection: TLS 1.3, the control connection's session resumed "
                    + "(by a TLS 1.3 session ticket)"), explained);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("✓ Directory listing: Listed ") && l.contains("\"index.html\"")),
                    explained);
            assertFalse(result.stdout().contains("✗"), explained);
            assertTrue(lines.contains("Verdict: Ferry can connect to this server with these settings; see the warnings above."),
                    explained);
            assertTrue(lines.contains("Keep your settings."), explained);
        }
    }

    @Test
    void aServerThatStallsAfterAuthTlsIsDiagnosedInSecondsWithExitOne() throws Exception {
        try (ScriptedServer server = stallingServer()) {
            long start = System.nanoTime();
            CliProcess.Result result = CliProcess.run(directory, ENGLISH, "diagnose", "--step-timeout", "2",
                    "ftpes://bob:secret@127.0.0.1:" + server.port());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(seconds < 60, "the whole run, JVM start included, took " + seconds + " s");
            List<String> lines = result.stdout().lines().toList();
            assertTrue(lines.contains("✗ TLS handshake: The server accepted AUTH TLS and then never completed the TLS "
                    + "handshake (nothing within 2 s)"), result.toString());
            assertTrue(lines.contains("– Login as bob: not tried: \"TLS handshake\" did not work"), result.toString());
            assertTrue(lines.contains("For the server's administrator:"), result.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("  • The server accepts AUTH TLS and then never completes "
                    + "the TLS handshake")), result.toString());
            assertFalse(server.received().contains("PASS") || server.received().contains("USER"), server.received());
        }
    }

    @Test
    void jsonSaysTheSameForScripts() throws Exception {
        try (ScriptedServer server = stallingServer()) {
            CliProcess.Result result = CliProcess.run(directory, ENGLISH, "diagnose", "--json", "--step-timeout", "2",
                    "ftpes://bob:secret@127.0.0.1:" + server.port());
            assertEquals(1, result.exitCode(), result.toString());
            JsonNode json = Json.mapper().readTree(result.stdout());
            assertEquals("EXPLICIT", json.get("tlsMode").asText());
            JsonNode handshake = null;
            for (JsonNode step : json.get("steps")) {
                if (step.get("step").asText().equals("TLS_HANDSHAKE")) {
                    handshake = step;
                }
            }
            assertEquals("FAILED", handshake.get("outcome").asText(), result.toString());
            assertEquals("diagnose.TLS_STALLED", handshake.get("key").asText(), result.toString());
            assertFalse(json.get("verdict").get("usable").asBoolean());
            assertTrue(json.get("verdict").get("settings").has("tlsMode"), "null fields are kept: " + result.stdout());
            assertTrue(json.get("verdict").get("settings").get("tlsMode").isNull(), "no plain FTP suggested: " + result);
        }
    }

    @Test
    void theChecklistSpeaksTheUsersLanguage() throws Exception {
        try (ScriptedServer server = stallingServer()) {
            // The machine may lack the zh_CN locale; the JVM is told directly, as a Chinese desktop would tell it.
            CliProcess.Result result = CliProcess.run(directory, Map.of("LANG", "C.UTF-8", "LC_ALL", "C.UTF-8",
                            "JAVA_TOOL_OPTIONS", "-Duser.language=zh -Duser.country=CN"),
                    "diagnose", "--step-timeout", "2", "ftpes://bob:secret@127.0.0.1:" + server.port());
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.stdout().contains("✗ TLS 握手：服务器接受了 AUTH TLS，但一直没有完成 TLS 握手（2 秒内无应答）"),
                    result.toString());
            assertTrue(result.stdout().contains("给服务器管理员："), result.toString());
        }
    }
}
