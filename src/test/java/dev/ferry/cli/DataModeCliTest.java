package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which data connection mode a run uses: the one the user chose, else the one learned with the same settings. */
class DataModeCliTest {

    private static final Set<String> ACTIVE_COMMANDS = Set.of("EPRT", "PORT");
    private static final Set<String> PASSIVE_COMMANDS = Set.of("EPSV", "PASV");

    @TempDir
    Path directory;

    /** Records the data connection commands, and refuses those of one mode while told to. */
    private static final class DataCommands extends DefaultFtplet {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final AtomicBoolean refuseActive = new AtomicBoolean();
        final AtomicBoolean refusePassive = new AtomicBoolean();
        final AtomicBoolean refuseEpsv = new AtomicBoolean();
        final AtomicBoolean leaveActiveUnanswered = new AtomicBoolean();
        /** After an unanswered EPRT, logins are cut: the server went down as the fallback reconnects. */
        final AtomicBoolean downAfterActive = new AtomicBoolean();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
            String command = request.getCommand();
            if (ACTIVE_COMMANDS.contains(command) || PASSIVE_COMMANDS.contains(command)) {
                sent.add(command);
            }
            if (leaveActiveUnanswered.get() && ACTIVE_COMMANDS.contains(command)) {
                down.set(downAfterActive.get());
                return FtpletResult.SKIP;
            }
            if (down.get() && ("USER".equals(command) || "PASS".equals(command))) {
                return FtpletResult.DISCONNECT;
            }
            if ((refuseActive.get() && ACTIVE_COMMANDS.contains(command))
                    || (refusePassive.get() && PASSIVE_COMMANDS.contains(command))
                    || (refuseEpsv.get() && "EPSV".equals(command))) {
                session.write(new DefaultFtpReply(500, "Not here."));
                return FtpletResult.SKIP;
            }
            return super.beforeCommand(session, request);
        }

        String first() {
            assertTrue(!sent.isEmpty(), "no data connection command was sent");
            return sent.getFirst();
        }
    }

    private static String url(int port) {
        return "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + port + "/";
    }

    /**
     * --active with a new address after a run that fell back to passive (and learned it): only PASV
     * was sent, and the active mode with the address the user now gives was never tried. (The same
     * --active with the same settings keeps what was learned: ConnectEverywhereInteropTest.)
     */
    @Test
    void activeWithNewSettingsIsTriedDespiteALearnedPassiveMode() throws Exception {
        DataCommands commands = new DataCommands();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(commands).start()) {
            commands.refuseActive.set(true);
            CliProcess.Result fellBack = CliProcess.run(directory.resolve("cli"), "ls", "--active", url(server.port()));
            assertEquals(0, fellBack.exitCode(), fellBack::toString);
            String learned = Files.readString(directory.resolve("cli/config/learned-servers.json"));
            assertTrue(learned.contains("PASSIVE"), learned);

            commands.refuseActive.set(false);
            commands.sent.clear();
            CliProcess.Result chosen = CliProcess.run(directory.resolve("cli"), "ls", "--active", "--external-ip",
                    "127.0.0.1", url(server.port()));
            assertEquals(0, chosen.exitCode(), chosen::toString);
            assertTrue(ACTIVE_COMMANDS.contains(commands.first()), "active tried first: " + commands.sent + chosen);

            commands.sent.clear();
            commands.refusePassive.set(true);
            CliProcess.Result passiveChosen = CliProcess.run(directory.resolve("cli"), "ls", "--passive",
                    url(server.port()));
            assertEquals(0, passiveChosen.exitCode(), passiveChosen::toString);
            assertTrue(PASSIVE_COMMANDS.contains(commands.first()), "passive tried first: " + commands.sent);
        }
    }

    /**
     * Active learned because the trusted PASV address did not work: later runs that do not trust it
     * (and choose nothing) started with EPRT, never trying the passive mode that works for them.
     */
    @Test
    void aModeLearnedWithOtherSettingsIsNotUsed() throws Exception {
        DataCommands commands = new DataCommands();
        // An address no one answers on; only the PASV reply names it, so EPSV is refused.
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).passiveExternalAddress("192.0.2.1")
                .ftplet(commands).start()) {
            commands.refuseEpsv.set(true);
            CliProcess.Result trusted = CliProcess.run(directory.resolve("cli"), "ls", "--trust-pasv-ip",
                    "--timeout", "2", url(server.port()));
            assertEquals(0, trusted.exitCode(), trusted::toString);
            String learned = Files.readString(directory.resolve("cli/config/learned-servers.json"));
            assertTrue(learned.contains("ACTIVE"), learned + trusted);

            commands.sent.clear();
            CliProcess.Result plain = CliProcess.run(directory.resolve("cli"), "ls", url(server.port()));
            assertEquals(0, plain.exitCode(), plain::toString);
            assertTrue(PASSIVE_COMMANDS.contains(commands.first()), "passive tried first: " + commands.sent + plain);

            // The same settings again: what was learned with them is used.
            commands.sent.clear();
            CliProcess.Result again = CliProcess.run(directory.resolve("cli"), "ls", "--trust-pasv-ip",
                    "--timeout", "2", url(server.port()));
            assertEquals(0, again.exitCode(), again::toString);
            assertTrue(ACTIVE_COMMANDS.contains(commands.first()), "learned active used: " + commands.sent + again);
        }
    }

    /**
     * The server stops waiting for the passive connection that never came and says so late, on the
     * control connection (pyftpdlib: "421 Passive data channel timed out."): that reply was read as
     * the answer to the fallback's EPRT, and the listing failed, blaming the passive attempt.
     */
    @Test
    void aLateReplyAboutTheAbandonedPassiveConnectionDoesNotAnswerTheFallback() throws Exception {
        int nobodyListens;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobodyListens = closed.getLocalPort();
        }
        AtomicInteger passiveAnswered = new AtomicInteger();
        DefaultFtplet lateTimeout = new DefaultFtplet() {
            @Override
            public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
                if (PASSIVE_COMMANDS.contains(request.getCommand())) {
                    // Answered at once here, where pyftpdlib sends it when its own wait ends.
                    session.write(new DefaultFtpReply(229, "Entering extended passive mode (|||" + nobodyListens + "|)"));
                    session.write(new DefaultFtpReply(421, "Passive data channel timed out."));
                    passiveAnswered.incrementAndGet();
                    return FtpletResult.SKIP;
                }
                return super.beforeCommand(session, request);
            }
        };
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(lateTimeout).start()) {
            Files.writeString(server.home().resolve("here.txt"), "x");
            CliProcess.Result ls = CliProcess.run(directory.resolve("cli"), "ls", url(server.port()));
            assertEquals(1, passiveAnswered.get(), ls::toString);
            assertEquals(0, ls.exitCode(), ls::toString);
            assertTrue(ls.stdout().contains("here.txt"), ls::toString);
        }
    }

    /**
     * Active learned where passive did not work, then a server that cannot connect back: one that
     * connects before it answers EPRT (pyftpdlib) stays silent until its own connect gives up, so
     * EPRT timed out, and every later run failed ("did not answer EPRT"), even with --passive,
     * without trying the passive mode that works now.
     */
    @Test
    void anUnansweredEprtFallsBackToPassive() throws Exception {
        DataCommands commands = new DataCommands();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(commands).start()) {
            commands.refusePassive.set(true);
            CliProcess.Result fellBack = CliProcess.run(directory.resolve("cli"), "ls", url(server.port()));
            assertEquals(0, fellBack.exitCode(), fellBack::toString);
            String learned = Files.readString(directory.resolve("cli/config/learned-servers.json"));
            assertTrue(learned.contains("ACTIVE"), learned + fellBack);

            commands.refusePassive.set(false);
            commands.leaveActiveUnanswered.set(true);
            commands.sent.clear();
            CliProcess.Result ls = CliProcess.run(directory.resolve("cli"), "ls", "--timeout", "2", url(server.port()));
            assertEquals(0, ls.exitCode(), ls::toString);
            assertTrue(commands.sent.stream().anyMatch(PASSIVE_COMMANDS::contains), "passive tried: " + commands.sent + ls);
            // In words, not the constants' names ("The ACTIVE data connection mode", helper N).
            assertTrue(ls.stderr().contains("The active data connection mode does not work with this server from here; "
                    + "using passive mode"), ls::toString);
        }
    }

    /**
     * R7: a server that stalled at EPRT and was down when the fallback reconnected had passive
     * remembered for it, a mode that was never tried.
     */
    @Test
    void aFallbackThatCouldNotReconnectLearnsNothing() throws Exception {
        DataCommands commands = new DataCommands();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(commands).start()) {
            commands.leaveActiveUnanswered.set(true);
            commands.downAfterActive.set(true);
            CliProcess.Result ls = CliProcess.run(directory.resolve("cli"), "ls", "--active", "--timeout", "2", url(server.port()));
            assertEquals(1, ls.exitCode(), ls::toString);
            assertEquals(List.of("EPRT"), commands.sent, ls::toString);
            Path learned = directory.resolve("cli/config/learned-servers.json");
            String saved = Files.exists(learned) ? Files.readString(learned) : "";
            assertTrue(!saved.contains("PASSIVE"), "passive learned without being tried: " + saved + ls);
        }
    }
}
