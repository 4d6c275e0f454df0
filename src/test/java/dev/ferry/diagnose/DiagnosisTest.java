package dev.ferry.diagnose;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.testing.English;
import dev.ferry.testing.Interop;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.ScriptedServer;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Diagnoses against servers in this JVM: MINA FtpServer (healthy, implicit, behind an address it
 * cannot be reached at) and scripted broken servers. Real servers are in DiagnoseInteropTest.
 */
class DiagnosisTest {

    /** For the servers that stall on purpose: each such step costs its whole timeout. */
    private static final DiagnoseOptions QUICK = new DiagnoseOptions(Duration.ofSeconds(2), Duration.ofSeconds(60));
    /**
     * For healthy servers, whose steps (a TLS handshake, a data connection) must not time out because
     * a busy CI machine ran them late: 2 s was within its reach.
     */
    private static final DiagnoseOptions HEALTHY = new DiagnoseOptions(Duration.ofSeconds(15), Duration.ofSeconds(120));

    @TempDir
    Path directory;

    private static ConnectionSettings.Builder mina(MinaServer server, TlsMode mode) {
        ConnectionSettings.Builder b = ConnectionSettings.builder("127.0.0.1").port(server.port())
                .user(MinaServer.USER).password(MinaServer.PASSWORD).tlsMode(mode);
        if (server.certificate() != null) {
            b.certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(),
                    Set.of(CertificateInfo.fingerprint(server.certificate().certificate()))));
        }
        return b;
    }

    /** Every step's outcome and words, for failure messages. */
    static String explain(Diagnosis diagnosis) {
        return DiagnosisText.render(diagnosis, java.util.Locale.ROOT, true);
    }

    static Message message(Diagnosis diagnosis, Step step) {
        return diagnosis.result(step).orElseThrow(() -> new AssertionError(step + " was not reported")).message();
    }

    static void assertOutcome(Diagnosis diagnosis, Step step, Outcome expected, DiagnoseText key) {
        assertEquals(expected, diagnosis.outcome(step), step + "\n" + explain(diagnosis));
        if (key != null) {
            assertEquals(key, message(diagnosis, step).key(), step + "\n" + explain(diagnosis));
        }
    }

    @Test
    void aHealthyFtpsServerPassesEveryStepAndNeedsNoChange() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.EXPLICIT).start()) {
            Files.writeString(server.home().resolve("hello.txt"), "hello\n");
            Diagnosis d = Diagnoser.diagnose(mina(server, TlsMode.EXPLICIT).build(), HEALTHY, DiagnosisListener.NONE);
            assertOutcome(d, Step.DNS, Outcome.OK, DiagnoseText.DNS_LITERAL);
            assertOutcome(d, Step.TCP, Outcome.OK, DiagnoseText.TCP_OK);
            assertOutcome(d, Step.GREETING, Outcome.OK, null);
            assertOutcome(d, Step.AUTH_TLS, Outcome.OK, DiagnoseText.AUTH_TLS_OK);
            assertOutcome(d, Step.TLS_HANDSHAKE, Outcome.OK, DiagnoseText.TLS_OK);
            // MINA's certificate is self-signed: a warning, with the fingerprint to check.
            assertOutcome(d, Step.CERTIFICATE, Outcome.WARNING, DiagnoseText.CERT_NOT_TRUSTED);
            String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
            assertTrue(d.result(Step.CERTIFICATE).orElseThrow().details().stream()
                    .anyMatch(m -> English.of(m).contains(fingerprint)), explain(d));
            assertOutcome(d, Step.IMPLICIT_TLS_PORT, Outcome.NOT_OFFERED, DiagnoseText.IMPLICIT_PLAIN);
            assertOutcome(d, Step.LOGIN, Outcome.OK, DiagnoseText.LOGIN_OK);
            assertOutcome(d, Step.PROTECTION, Outcome.OK, DiagnoseText.PROTECTION_OK);
            assertOutcome(d, Step.PASSIVE_EPSV, Outcome.OK, DiagnoseText.EPSV_OK);
            assertOutcome(d, Step.PASSIVE_PASV, Outcome.OK, DiagnoseText.PASV_OK);
            assertOutcome(d, Step.ACTIVE, Outcome.OK, DiagnoseText.ACTIVE_OK);
            assertEquals(Outcome.OK, d.outcome(Step.DATA_TLS), explain(d));
            assertOutcome(d, Step.LISTING, Outcome.OK, DiagnoseText.LISTING_OK);
            assertTrue(English.of(message(d, Step.LISTING)).contains("\"hello.txt\""), explain(d));
            Verdict v = d.verdict();
            assertTrue(v.usable(), explain(d));
            assertTrue(v.settings().isEmpty(), explain(d));
            assertEquals(List.of(DiagnoseText.ADMIN_CERTIFICATE), keys(v.adminAdvice()), explain(d));
            assertFalse(d.deadlineReached());
        }
    }

    /**
     * T4: netkit ftpd-ssl takes EPRT, then never answers the listing nor connects back; the diagnosis said "The
     * server connected back (EPRT)" and that Ferry could connect with these settings, while `ls --active` hung.
     */
    @Test
    void anActiveListingThatIsNeverAnsweredIsNoWorkingActiveMode() throws Exception {
        java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
        org.apache.ftpserver.ftplet.Ftplet silentAfterEprt = new org.apache.ftpserver.ftplet.DefaultFtplet() {
            @Override
            public org.apache.ftpserver.ftplet.FtpletResult beforeCommand(org.apache.ftpserver.ftplet.FtpSession session,
                    org.apache.ftpserver.ftplet.FtpRequest request) throws org.apache.ftpserver.ftplet.FtpException, java.io.IOException {
                String command = request.getCommand();
                if (command.equals("EPRT") || command.equals("PORT")) {
                    session.setAttribute("active", Boolean.TRUE);
                } else if (command.equals("EPSV") || command.equals("PASV")) {
                    session.removeAttribute("active");
                } else if ((command.equals("LIST") || command.equals("MLSD") || command.equals("NLST"))
                        && session.getAttribute("active") != null) {
                    try {
                        end.await(2, java.util.concurrent.TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return org.apache.ftpserver.ftplet.FtpletResult.DISCONNECT;
                }
                return super.beforeCommand(session, request);
            }
        };
        try (MinaServer server = MinaServer.builder(directory).ftplet(silentAfterEprt).start()) {
            Diagnosis d = Diagnoser.diagnose(mina(server, TlsMode.NONE).build(), QUICK, DiagnosisListener.NONE);
            assertEquals(Outcome.FAILED, d.outcome(Step.ACTIVE), explain(d));
        } finally {
            end.countDown();
        }
    }

    @Test
    void aServerThatStallsTheHandshakeAfterAuthTlsIsDiagnosedInSecondsAndGetsNoCredentials() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.reply("220 (vsFTPd 3.0.3)");
            if (c.readCommand() != null) {
                c.reply("234 Proceed with negotiation.");
                c.readForever();
            }
        })) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("bob")
                    .password("top-secret-pw").tlsMode(TlsMode.EXPLICIT).build();
            long start = System.nanoTime();
            Diagnosis d = Diagnoser.diagnose(settings, QUICK, DiagnosisListener.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 15, "diagnosed in " + seconds + " s");
            assertOutcome(d, Step.GREETING, Outcome.OK, DiagnoseText.GREETING_OK);
            assertTrue(English.of(message(d, Step.GREETING)).contains("vsFTPd 3.0.3"), explain(d));
            assertOutcome(d, Step.AUTH_TLS, Outcome.OK, DiagnoseText.AUTH_TLS_OK);
            assertOutcome(d, Step.TLS_HANDSHAKE, Outcome.FAILED, DiagnoseText.TLS_STALLED);
            assertOutcome(d, Step.CERTIFICATE, Outcome.SKIPPED, DiagnoseText.SKIPPED_AFTER);
            for (Step step : List.of(Step.LOGIN, Step.PROTECTION, Step.PASSIVE_EPSV, Step.ACTIVE, Step.DATA_TLS, Step.LISTING)) {
                assertOutcome(d, step, Outcome.SKIPPED, DiagnoseText.SKIPPED_AFTER);
            }
            assertFalse(d.verdict().usable());
            assertEquals(DiagnoseText.VERDICT_FAILS, d.verdict().summary().key());
            assertEquals(List.of(DiagnoseText.ADMIN_TLS_STALLS), keys(d.verdict().adminAdvice()), explain(d));
            assertTrue(d.verdict().settings().isEmpty(), "no plain FTP suggested instead: " + explain(d));
            assertFalse(server.received().contains("USER") || server.received().contains("PASS"), server.received());
        }
    }

    @Test
    void tlsIfAvailableWithABrokenHandshakeNeverFallsBackAndSaysPlainIsTheUsersChoice() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.reply("220 hello");
            if (c.readCommand() != null) {
                c.reply("234 Proceed with negotiation.");
                c.readForever();
            }
        })) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("bob")
                    .password("top-secret-pw").tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE).build();
            Diagnosis d = Diagnoser.diagnose(settings, QUICK, DiagnosisListener.NONE);
            assertOutcome(d, Step.TLS_HANDSHAKE, Outcome.FAILED, DiagnoseText.TLS_STALLED);
            assertOutcome(d, Step.LOGIN, Outcome.SKIPPED, DiagnoseText.SKIPPED_AFTER);
            assertTrue(keys(d.verdict().notes()).contains(DiagnoseText.NOTE_PLAIN_IS_YOUR_CHOICE), explain(d));
            assertFalse(server.received().contains("USER") || server.received().contains("PASS"), server.received());
        }
    }

    @Test
    void aPassiveAddressThatCannotBeReachedIsReplacedAndTheAdministratorIsTold() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).passiveExternalAddress("10.255.255.1").start()) {
            Files.writeString(server.home().resolve("a.txt"), "a\n");
            // The user had asked to trust the PASV address: the verdict takes that back.
            Diagnosis d = Diagnoser.diagnose(mina(server, TlsMode.NONE).trustPassiveAddress(true).build(), QUICK,
                    DiagnosisListener.NONE);
            assertOutcome(d, Step.PASSIVE_EPSV, Outcome.OK, DiagnoseText.EPSV_OK);
            assertOutcome(d, Step.PASSIVE_PASV, Outcome.WARNING, DiagnoseText.PASV_REPLACED);
            assertEquals(List.of("10.255.255.1", "127.0.0.1"), arguments(message(d, Step.PASSIVE_PASV)), explain(d));
            assertOutcome(d, Step.LISTING, Outcome.OK, DiagnoseText.LISTING_OK);
            assertOutcome(d, Step.DATA_TLS, Outcome.SKIPPED, DiagnoseText.DATA_TLS_PLAIN);
            Verdict v = d.verdict();
            assertTrue(v.usable(), explain(d));
            assertEquals(new SettingsDelta(null, null, null, null, false, null), v.settings(), explain(d));
            assertTrue(v.adminAdvice().contains(Message.of(DiagnoseText.ADMIN_PASV_PRIVATE, "10.255.255.1")), explain(d));
            assertTrue(keys(v.notes()).isEmpty() || !keys(v.notes()).contains(DiagnoseText.NOTE_TLS_AVAILABLE), explain(d));
        }
    }

    @Test
    void aPortThatSpeaksImplicitTlsIsFoundAndLoggedInto() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.IMPLICIT).start()) {
            Files.writeString(server.home().resolve("b.txt"), "b\n");
            // Explicit TLS asked for, on a port that waits for a TLS handshake: no greeting ever comes.
            Diagnosis d = Diagnoser.diagnose(mina(server, TlsMode.EXPLICIT).build(), HEALTHY, DiagnosisListener.NONE);
            assertOutcome(d, Step.GREETING, Outcome.FAILED, DiagnoseText.GREETING_TIMED_OUT);
            assertOutcome(d, Step.IMPLICIT_TLS_PORT, Outcome.OK, DiagnoseText.IMPLICIT_OK);
            assertOutcome(d, Step.LOGIN, Outcome.OK, DiagnoseText.LOGIN_OK_WITH);
            assertOutcome(d, Step.LISTING, Outcome.OK, DiagnoseText.LISTING_OK);
            Verdict v = d.verdict();
            assertTrue(v.usable(), explain(d));
            assertEquals(new SettingsDelta(TlsMode.IMPLICIT, null, null, null, null, null), v.settings(), explain(d));
            assertEquals(DiagnoseText.VERDICT_WORKS_WITH_CHANGES, v.summary().key());
        }
    }

    /**
     * Implicit TLS asked for on a port that speaks explicit TLS (a server on 2121, say): explicit
     * TLS on that same port is found and logged into. Only port 21 was tried.
     */
    @Test
    void explicitTlsOnTheSamePortIsFoundWhenImplicitWasAskedFor() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.EXPLICIT).start()) {
            Files.writeString(server.home().resolve("c.txt"), "c\n");
            Diagnosis d = Diagnoser.diagnose(mina(server, TlsMode.IMPLICIT).build(), QUICK, DiagnosisListener.NONE);
            assertOutcome(d, Step.EXPLICIT_TLS_PORT, Outcome.OK, DiagnoseText.EXPLICIT_OK);
            assertOutcome(d, Step.LOGIN, Outcome.OK, DiagnoseText.LOGIN_OK_WITH);
            assertOutcome(d, Step.LISTING, Outcome.OK, DiagnoseText.LISTING_OK);
            Verdict v = d.verdict();
            assertTrue(v.usable(), explain(d));
            assertEquals(new SettingsDelta(TlsMode.EXPLICIT, null, null, null, null, null), v.settings(), explain(d));
            // The handshake failed because the client chose the wrong kind of TLS: nothing for the administrator.
            assertEquals(List.of(), keys(v.adminAdvice()), explain(d));
        }
    }

    /**
     * Where implicit TLS works, explicit TLS on the same port is not tried: that probe would wait
     * out its timeout for a greeting an implicit port never sends, and report it.
     */
    @Test
    void explicitTlsOnTheSamePortIsNotTriedWhereImplicitWorks() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.IMPLICIT).start()) {
            Diagnosis d = Diagnoser.diagnose(mina(server, TlsMode.IMPLICIT).build(), QUICK, DiagnosisListener.NONE);
            assertOutcome(d, Step.TLS_HANDSHAKE, Outcome.OK, null);
            assertOutcome(d, Step.EXPLICIT_TLS_PORT, Outcome.SKIPPED, DiagnoseText.SKIPPED_NOT_NEEDED);
            assertTrue(d.verdict().usable(), explain(d));
        }
    }

    @Test
    void tlsIfAvailableAgainstAServerWithoutTlsLogsInPlainAndSaysSo() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).start()) {
            Diagnosis d = Diagnoser.diagnose(mina(server, TlsMode.EXPLICIT_IF_AVAILABLE).plainWhenTlsNotOffered(true)
                    .build(), HEALTHY, DiagnosisListener.NONE);
            assertOutcome(d, Step.AUTH_TLS, Outcome.NOT_OFFERED, DiagnoseText.AUTH_TLS_REFUSED);
            assertOutcome(d, Step.TLS_HANDSHAKE, Outcome.SKIPPED, DiagnoseText.SKIPPED_AFTER);
            assertOutcome(d, Step.LOGIN, Outcome.WARNING, DiagnoseText.LOGIN_OK_PLAIN_FALLBACK);
            assertOutcome(d, Step.PROTECTION, Outcome.SKIPPED, DiagnoseText.PROTECTION_PLAIN);
            assertOutcome(d, Step.LISTING, Outcome.OK, DiagnoseText.LISTING_EMPTY);
            assertTrue(d.verdict().usable(), explain(d));
            assertEquals(List.of(DiagnoseText.NOTE_NO_TLS), keys(d.verdict().notes()), explain(d));
        }
    }

    /** Without the user's word for plain FTP (the window's Diagnose), nothing goes in clear, and the verdict says why. */
    @Test
    void tlsIfAvailableAgainstAServerWithoutTlsSendsNoPasswordInPlainUnlessAllowed() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).start()) {
            Diagnosis d = Diagnoser.diagnose(mina(server, TlsMode.EXPLICIT_IF_AVAILABLE).build(), HEALTHY,
                    DiagnosisListener.NONE);
            assertOutcome(d, Step.AUTH_TLS, Outcome.NOT_OFFERED, DiagnoseText.AUTH_TLS_REFUSED);
            assertEquals(Outcome.FAILED, d.outcome(Step.LOGIN), explain(d));
            assertEquals(dev.ferry.ftp.FtpText.TLS_NOT_OFFERED_IF_AVAILABLE, message(d, Step.LOGIN).key(), explain(d));
            assertOutcome(d, Step.LISTING, Outcome.SKIPPED, DiagnoseText.SKIPPED_AFTER);
            assertFalse(d.verdict().usable(), explain(d));
        }
    }

    @Test
    void aWrongPasswordFailsTheLoginAndSkipsTheRest() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).start()) {
            Diagnosis d = Diagnoser.diagnose(mina(server, TlsMode.NONE).password("wrong").build(), HEALTHY,
                    DiagnosisListener.NONE);
            assertEquals(Outcome.FAILED, d.outcome(Step.LOGIN), explain(d));
            assertEquals(dev.ferry.ftp.FtpText.LOGIN_REJECTED, message(d, Step.LOGIN).key(), explain(d));
            assertOutcome(d, Step.LISTING, Outcome.SKIPPED, DiagnoseText.SKIPPED_AFTER);
            assertFalse(d.verdict().usable());
            assertEquals(List.of(Step.LOGIN), d.verdict().fails(), explain(d));
        }
    }

    @Test
    void aCertificateTheUserDoesNotTrustStopsTheLoginAndShowsItsFingerprint() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.EXPLICIT).start()) {
            ConnectionSettings settings = mina(server, TlsMode.EXPLICIT)
                    .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(), Set.of())).build();
            Diagnosis d = Diagnoser.diagnose(settings, HEALTHY, DiagnosisListener.NONE);
            String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
            assertOutcome(d, Step.CERTIFICATE, Outcome.WARNING, DiagnoseText.CERT_NOT_TRUSTED);
            assertOutcome(d, Step.LOGIN, Outcome.FAILED, DiagnoseText.LOGIN_CERTIFICATE_REJECTED);
            assertEquals(0, server.logins(), "the password never went over an unverified connection");
            assertTrue(d.verdict().notes().contains(Message.of(DiagnoseText.NOTE_CHECK_FINGERPRINT, fingerprint)),
                    explain(d));
        }
    }

    @Test
    void aServerThatAllowsOneSessionAtATimeStillGetsEveryQuestion() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).maxLogins(1).start()) {
            List<String> sessions = new CopyOnWriteArrayList<>();
            Diagnoser diagnoser = new Diagnoser(mina(server, TlsMode.NONE).build(), HEALTHY);
            diagnoser.addDialogueListener(entry -> {
                if (entry.text() != null && entry.text().startsWith("230")) {
                    sessions.add(entry.session());
                }
            });
            Diagnosis d = diagnoser.run(DiagnosisListener.NONE);
            assertOutcome(d, Step.LOGIN, Outcome.OK, DiagnoseText.LOGIN_OK);
            assertOutcome(d, Step.PASSIVE_EPSV, Outcome.OK, DiagnoseText.EPSV_OK);
            assertOutcome(d, Step.PASSIVE_PASV, Outcome.OK, DiagnoseText.PASV_OK);
            assertOutcome(d, Step.ACTIVE, Outcome.OK, DiagnoseText.ACTIVE_OK);
            assertEquals(1, server.mostConcurrentLogins(), "one session at a time");
            assertEquals(Set.of("diagnose", "diagnose-pasv", "diagnose-active"), Set.copyOf(sessions), sessions.toString());
            assertTrue(d.verdict().usable(), explain(d));
        }
    }

    @Test
    void nothingListeningEndsAtTheTcpStep() throws Exception {
        int port = Interop.freePort();
        Diagnosis d = Diagnoser.diagnose(ConnectionSettings.builder("127.0.0.1").port(port).build(), QUICK,
                DiagnosisListener.NONE);
        assertOutcome(d, Step.TCP, Outcome.FAILED, DiagnoseText.TCP_REFUSED);
        assertOutcome(d, Step.GREETING, Outcome.SKIPPED, DiagnoseText.SKIPPED_AFTER);
        assertOutcome(d, Step.LOGIN, Outcome.SKIPPED, DiagnoseText.SKIPPED_AFTER);
        assertEquals(DiagnoseText.VERDICT_FAILS, d.verdict().summary().key());
        assertTrue(English.of(d.verdict().summary()).contains("refused the connection"), explain(d));
    }

    @Test
    void anSshServerIsRecognised() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.send("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
            c.readForever();
        })) {
            Diagnosis d = Diagnoser.diagnose(ConnectionSettings.builder("127.0.0.1").port(server.port()).build(), QUICK,
                    DiagnosisListener.NONE);
            assertOutcome(d, Step.GREETING, Outcome.FAILED, DiagnoseText.GREETING_SSH);
        }
    }

    @Test
    void theDeadlineEndsADiagnosisOfAServerThatNeverFinishesItsGreeting() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean hungUp = new java.util.concurrent.atomic.AtomicBoolean();
        try (ScriptedServer server = new ScriptedServer(c -> {
            // A multi-line greeting, a line every half second, never ending: each read is quick, the whole is not.
            c.reply("220-Welcome");
            try {
                for (int i = 0; i < 600; i++) {
                    Thread.sleep(500);
                    c.reply("220-still welcoming " + i);
                }
            } catch (java.io.IOException e) {
                hungUp.set(true);
            }
        })) {
            DiagnoseOptions options = new DiagnoseOptions(Duration.ofSeconds(2), Duration.ofSeconds(4));
            long start = System.nanoTime();
            Diagnosis d = Diagnoser.diagnose(ConnectionSettings.builder("127.0.0.1").port(server.port()).build(), options,
                    DiagnosisListener.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 3.5 && seconds < 10, "ended at the deadline, after " + seconds + " s");
            assertTrue(d.deadlineReached());
            assertOutcome(d, Step.GREETING, Outcome.FAILED, DiagnoseText.DEADLINE_REACHED);
            assertOutcome(d, Step.LOGIN, Outcome.SKIPPED, DiagnoseText.SKIPPED_DEADLINE);
            assertEquals(DiagnoseText.VERDICT_DEADLINE, d.verdict().summary().key());
            dev.ferry.testing.Await.until("the probe to hang up", hungUp::get);
        }
    }

    @Test
    void theListenerHearsThePlanFirstAndEveryStepOnceInTime() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).start()) {
            List<String> events = new CopyOnWriteArrayList<>();
            Map<Step, Integer> finished = new ConcurrentHashMap<>();
            List<Step> planned = new ArrayList<>();
            Diagnosis d = Diagnoser.diagnose(mina(server, TlsMode.NONE).build(), HEALTHY, new DiagnosisListener() {
                @Override
                public void planned(List<PlannedStep> steps) {
                    events.add("planned");
                    steps.forEach(s -> planned.add(s.step()));
                }

                @Override
                public void started(Step step) {
                    events.add("started " + step);
                }

                @Override
                public void finished(StepResult result) {
                    events.add("finished " + result.step());
                    finished.merge(result.step(), 1, Integer::sum);
                }
            });
            assertEquals("planned", events.getFirst());
            assertEquals(planned, d.steps().stream().map(StepResult::step).toList());
            assertEquals(planned.stream().collect(Collectors.toMap(s -> s, s -> 1)), finished, events.toString());
            for (Step step : List.of(Step.TCP, Step.LOGIN, Step.LISTING)) {
                assertTrue(events.indexOf("started " + step) < events.indexOf("finished " + step), events.toString());
            }
        }
    }

    @Test
    void everyKeyHasWordsInEnglishAndChinese() {
        java.util.ResourceBundle english = java.util.ResourceBundle.getBundle("dev.ferry.message.messages",
                java.util.Locale.ROOT);
        java.util.ResourceBundle chinese = java.util.ResourceBundle.getBundle("dev.ferry.message.messages",
                java.util.Locale.SIMPLIFIED_CHINESE);
        for (DiagnoseText key : DiagnoseText.values()) {
            String words = english.getString(key.bundleKey());
            String translated = chinese.getString(key.bundleKey());
            // Only protocol words ("AUTH TLS", "TLS {0}, {1}") may stay as they are.
            assertTrue(!translated.equals(words) || !words.matches(".*[a-z].*"), key + " is translated: " + translated);
            for (java.util.Locale locale : List.of(java.util.Locale.ROOT, java.util.Locale.SIMPLIFIED_CHINESE)) {
                int arguments = 0;
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\d)").matcher(
                        locale == java.util.Locale.ROOT ? words : translated);
                while (m.find()) {
                    arguments = Math.max(arguments, Integer.parseInt(m.group(1)) + 1);
                }
                Object[] values = new Object[arguments];
                java.util.Arrays.fill(values, 2);
                String rendered = dev.ferry.message.Messages.render(Message.of(key, values), locale);
                assertFalse(rendered.contains("''") || rendered.contains("{"), key + " renders as " + rendered);
            }
        }
    }

    static List<dev.ferry.message.MessageKey> keys(List<Message> messages) {
        return messages.stream().map(Message::key).toList();
    }

    static List<String> arguments(Message message) {
        return message.arguments().stream().map(String::valueOf).toList();
    }

}
