package dev.ferry.ui.explorer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.MinaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote search against MINA FtpServer: patterns, depth, bounds and cancelling. */
class RemoteSearchTest {

    @TempDir
    static Path directory;
    static MinaServer server;

    @BeforeAll
    static void start() throws Exception {
        server = MinaServer.builder(directory.resolve("server")).start();
        Path home = server.home();
        Files.writeString(Files.createDirectories(home.resolve("logs/2026/11")).resolve("app.log"), "x");
        Files.writeString(home.resolve("logs/2026/error.LOG"), "x");
        Files.writeString(home.resolve("logs/readme.txt"), "x");
        Files.writeString(Files.createDirectories(home.resolve("www")).resolve("index.html"), "x");
        for (int i = 0; i < 30; i++) {
            Files.writeString(Files.createDirectories(home.resolve("many/d" + i)).resolve("file" + i + ".log"), "x");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static FtpSession session() throws Exception {
        FtpSession session = new FtpSession(ConnectionSettings.builder("127.0.0.1").port(server.port())
                .user(MinaServer.USER).password(MinaServer.PASSWORD).tlsMode(TlsMode.NONE).build(), "search");
        session.connect();
        return session;
    }

    @Test
    void wildcardsMatchWholeNamesAndPlainTextAnyPart() {
        Predicate<String> logs = RemoteSearch.matcher("*.log");
        assertTrue(logs.test("app.log"));
        assertTrue(logs.test("ERROR.LOG"), "case is ignored");
        assertFalse(logs.test("app.log.gz"));
        Predicate<String> question = RemoteSearch.matcher("report-??.pdf");
        assertTrue(question.test("report-11.pdf"));
        assertFalse(question.test("report-2026.pdf"));
        assertTrue(RemoteSearch.matcher("Read").test("readme.txt"));
        assertTrue(RemoteSearch.matcher("a+b(1)").test("a+b(1).txt"), "regex characters are plain text");
        assertTrue(RemoteSearch.matcher("[x]*").test("[x]y"));
    }

    @Test
    void findsInSubfoldersBreadthFirst() throws Exception {
        List<String> found = new ArrayList<>();
        try (FtpSession session = session()) {
            RemoteSearch.Outcome outcome = RemoteSearch.run(session, "/logs", RemoteSearch.matcher("*.log"), 100, 100,
                    new CancelToken(), (hits, folders) -> hits.forEach(h -> found.add(h.path())));
            assertEquals(List.of("/logs/2026/error.LOG", "/logs/2026/11/app.log"), found, "nearer first");
            assertEquals(3, outcome.folders());
            assertFalse(outcome.cancelled() || outcome.resultsLimited() || outcome.foldersLimited());
        }
    }

    @Test
    void stopsAtTheBounds() throws Exception {
        try (FtpSession session = session()) {
            List<String> found = new ArrayList<>();
            RemoteSearch.Outcome results = RemoteSearch.run(session, "/many", RemoteSearch.matcher("*.log"), 5, 1000,
                    new CancelToken(), (hits, folders) -> hits.forEach(h -> found.add(h.path())));
            assertTrue(results.resultsLimited());
            assertEquals(5, found.size());
            assertEquals(5, results.found());
            RemoteSearch.Outcome folders = RemoteSearch.run(session, "/", RemoteSearch.matcher("*.log"), 1000, 4,
                    new CancelToken(), (hits, count) -> { });
            assertTrue(folders.foldersLimited());
            assertEquals(4, folders.folders());
        }
    }

    @Test
    void aCancelStopsBetweenFolders() throws Exception {
        try (FtpSession session = session()) {
            CancelToken token = new CancelToken();
            RemoteSearch.Outcome outcome = RemoteSearch.run(session, "/many", RemoteSearch.matcher("*.log"), 1000, 1000,
                    token, (hits, folders) -> {
                        if (folders == 3) {
                            token.cancel();
                        }
                    });
            assertTrue(outcome.cancelled());
            assertEquals(3, outcome.folders());
        }
    }
}
