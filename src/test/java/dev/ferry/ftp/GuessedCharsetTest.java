package dev.ferry.ftp;

import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.testing.Transfers;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A charset guessed from one folder's names is a guess: found by helper T3, a server whose names were
 * UTF-8 but for one folder of GBK names was read in the guessed charset from then on, in every folder and
 * at every later login ("has #hash %41 ГјnГЇ ж–‡д»¶.txt"), and a download of a UTF-8 name failed ("The name
 * cannot be written in the server's character set"). A listing that is UTF-8 sets it right.
 */
class GuessedCharsetTest {

    private static List<String> names(FtpSession session, String folder) throws Exception {
        return session.list(folder).entries().stream().map(RemoteEntry::name).sorted().toList();
    }

    @Test
    void aListingInUtf8AfterAGuessIsReadAsUtf8AndTheGuessIsNotKept() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer().useMlsd(false)
                .listing("/gbk", List.of("-rw-r--r-- 1 u g 1 Jan 01 2024 中文目录", "-rw-r--r-- 1 u g 2 Jan 01 2024 项目计划书.xlsx"),
                        Charset.forName("GBK"))
                .listing("/utf8", List.of("-rw-r--r-- 1 u g 3 Jan 01 2024 has #hash ünï 文件.txt"))) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user("u").password("p").build();
            try (FtpSession session = new FtpSession(settings, "guess")) {
                session.connect();
                assertEquals(List.of("中文目录", "项目计划书.xlsx"), names(session, "/gbk"), "the GBK folder, guessed");
                assertEquals(List.of("has #hash ünï 文件.txt"), names(session, "/utf8"), "the UTF-8 folder after the guess");
            }
            assertNull(settings.capabilities().guessedCharset(), "the guess kept for the server's next logins");
            try (FtpSession later = new FtpSession(settings, "later")) {
                later.connect();
                assertEquals(List.of("has #hash ünï 文件.txt"), names(later, "/utf8"), "the UTF-8 folder at the next login");
            }
        }
    }

    /**
     * R26: GBK names that happen to be valid UTF-8 (图片, "Pictures", is; about one common word in thirty) set the
     * guess aside, and the folder showed "ͼƬ": UTF-8 takes over only from names that read better in it.
     */
    @Test
    void gbkNamesThatHappenToBeValidUtf8StayInTheGuess() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer().useMlsd(false)
                .listing("/gbk", List.of("-rw-r--r-- 1 u g 1 Jan 01 2024 中文目录", "-rw-r--r-- 1 u g 2 Jan 01 2024 项目计划书.xlsx"),
                        Charset.forName("GBK"))
                .listing("/gbk/sub", List.of("drwxr-xr-x 1 u g 0 Jan 01 2024 图片", "-rw-r--r-- 1 u g 2 Jan 01 2024 readme.txt"),
                        Charset.forName("GBK"))) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user("u").password("p").build();
            try (FtpSession session = new FtpSession(settings, "guess")) {
                session.connect();
                assertEquals(List.of("中文目录", "项目计划书.xlsx"), names(session, "/gbk"), "the GBK folder, guessed");
                assertEquals(List.of("readme.txt", "图片"), names(session, "/gbk/sub"), "a GBK folder that is valid UTF-8 too");
            }
            assertEquals("GB18030", settings.capabilities().guessedCharset(), "the guess kept");
        }
    }

    private static final Charset GBK = Charset.forName("GBK");
    /** What such a server offers: no UTF8 (nor MLST) in FEAT. */
    private static final List<String> NO_UTF8 = List.of("SIZE", "MDTM", "REST STREAM", "EPSV");

    /** A server whose folder /dir holds names an older client wrote in GBK, and that says nothing of UTF-8. */
    private static FakeFtpServer gbkServer() throws Exception {
        return new FakeFtpServer().useMlsd(false).features(NO_UTF8)
                .listing("/dir", List.of("-rw-r--r-- 1 u g 1 Jan 01 2024 项目计划书.xlsx", "drwxr-xr-x 1 u g 0 Jan 01 2024 中文目录"),
                        GBK);
    }

    private static ConnectionSettings settings(FakeFtpServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build();
    }

    /** The line the server received for {@code verb}, its bytes read as GBK: a UTF-8 name shows as mojibake ("鎶ュ憡"). */
    private static String receivedAsGbk(FakeFtpServer server, String verb) {
        return server.commandBytes().stream().map(bytes -> new String(bytes, GBK)).filter(line -> line.startsWith(verb + " "))
                .reduce((first, second) -> second).orElse("no " + verb + " in " + server.commands());
    }

    private static String receivedAsUtf8(FakeFtpServer server, String verb) {
        return server.commandBytes().stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .filter(line -> line.startsWith(verb + " ")).reduce((first, second) -> second)
                .orElse("no " + verb + " in " + server.commands());
    }

    private static long listings(FakeFtpServer server) {
        return server.commands().stream().filter(line -> line.startsWith("LIST") || line.startsWith("MLSD")).count();
    }

    /**
     * `ferry put 报告.txt ftp://host/dir/` as the first thing done with a GBK server (no UTF8 in FEAT, no charset
     * set for the site): the name went out in UTF-8, and the server stored it under mojibake beside the GBK names
     * other clients wrote. The folder it goes into is listed first, its names tell the charset, and the name goes
     * out in it.
     */
    @Test
    void anUploadBeforeAnyListingSendsItsNameInTheCharsetOfTheFolderItGoesInto() throws Exception {
        try (FakeFtpServer server = gbkServer()) {
            ConnectionSettings settings = settings(server);
            try (FtpSession session = new FtpSession(settings, "put")) {
                session.connect();
                Transfers.store(session, "/dir/报告.txt", "content".getBytes(StandardCharsets.UTF_8),
                        FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
            }
            assertEquals("STOR /dir/报告.txt", receivedAsGbk(server, "STOR"), "the name's bytes on the wire, read as GBK");
            assertEquals("GB18030", settings.capabilities().guessedCharset(), "the guess kept for the next logins");
        }
    }

    /** Any command that names something goes the same way: a folder made, a file renamed, before any listing. */
    @Test
    void aFolderMadeOrAFileRenamedBeforeAnyListingIsNamedInTheFoldersCharset() throws Exception {
        try (FakeFtpServer server = gbkServer()) {
            try (FtpSession session = new FtpSession(settings(server), "mkd")) {
                session.connect();
                try {
                    session.mkd("/dir/新建文件夹");
                } catch (FtpReplyException notOffered) {
                    // The fake server knows no MKD: what it received is what counts.
                }
            }
            assertEquals("MKD /dir/新建文件夹", receivedAsGbk(server, "MKD"));
        }
        try (FakeFtpServer server = gbkServer()) {
            try (FtpSession session = new FtpSession(settings(server), "rename")) {
                session.connect();
                try {
                    session.rename("/dir/项目计划书.xlsx", "/dir/计划.xlsx");
                } catch (FtpReplyException notOffered) {
                    // As above: RNFR is answered 502 here.
                }
            }
            assertEquals("RNFR /dir/项目计划书.xlsx", receivedAsGbk(server, "RNFR"));
            assertEquals(1, listings(server), "one listing, before RNFR: " + server.commands());
        }
    }

    /** The cost: nothing more is sent for an ASCII name, nor to a server that announces UTF-8. */
    @Test
    void asciiNamesAndServersThatSayUtf8AreNotListedFirst() throws Exception {
        try (FakeFtpServer server = gbkServer()) {
            try (FtpSession session = new FtpSession(settings(server), "ascii")) {
                session.connect();
                Transfers.store(session, "/dir/report.txt", new byte[] {1}, FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
            }
            assertEquals(0, listings(server), server.commands().toString());
        }
        try (FakeFtpServer server = new FakeFtpServer().useMlsd(false)
                .listing("/dir", List.of("-rw-r--r-- 1 u g 1 Jan 01 2024 项目计划书.xlsx"), GBK)) {
            try (FtpSession session = new FtpSession(settings(server), "utf8")) {
                session.connect();
                Transfers.store(session, "/dir/报告.txt", new byte[] {1}, FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
            }
            assertEquals(0, listings(server), server.commands().toString());
            assertEquals("STOR /dir/报告.txt", receivedAsUtf8(server, "STOR"), "UTF8 in FEAT: UTF-8");
        }
    }

    /** A folder without names beyond ASCII tells nothing: UTF-8 stays (as in FileZilla), and it is listed once. */
    @Test
    void aFolderOfAsciiNamesLeavesUtf8AndIsListedOnce() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer().useMlsd(false).features(NO_UTF8)
                .listing("/plain", List.of("-rw-r--r-- 1 u g 1 Jan 01 2024 readme.txt"))) {
            ConnectionSettings settings = settings(server);
            try (FtpSession session = new FtpSession(settings, "plain")) {
                session.connect();
                Transfers.store(session, "/plain/报告.txt", new byte[] {1}, FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
                assertEquals("STOR /plain/报告.txt", receivedAsUtf8(server, "STOR"));
                Transfers.store(session, "/plain/总结.txt", new byte[] {2}, FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
                assertEquals("STOR /plain/总结.txt", receivedAsUtf8(server, "STOR"));
            }
            assertEquals(1, listings(server), server.commands().toString());
            assertNull(settings.capabilities().guessedCharset());
        }
    }

    /**
     * A queue's worker logged in before the browsing session guessed the charset: its next name goes out in the
     * guess, without a listing of its own.
     */
    @Test
    void aSessionLoggedInBeforeAnotherGuessedUsesTheGuess() throws Exception {
        try (FakeFtpServer server = gbkServer()) {
            ConnectionSettings settings = settings(server);
            try (FtpSession worker = new FtpSession(settings, "worker"); FtpSession browser = new FtpSession(settings, "browser")) {
                worker.connect();
                browser.connect();
                browser.list("/dir");
                assertEquals("GB18030", settings.capabilities().guessedCharset());
                Transfers.store(worker, "/dir/报告.txt", new byte[] {1}, FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
            }
            assertEquals("STOR /dir/报告.txt", receivedAsGbk(server, "STOR"));
            assertEquals(1, listings(server), "the browser's listing only: " + server.commands());
        }
    }

    /**
     * A server that says nothing of UTF-8 and whose names are UTF-8 (vsftpd without utf8_filesystem): once one session
     * to it has listed names beyond ASCII, the others of the process (a queue's workers) send theirs without listing.
     */
    @Test
    void utf8NamesListedByOneSessionSpareTheOthersAListing() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer().useMlsd(false).features(NO_UTF8)
                .listing("/utf8", List.of("-rw-r--r-- 1 u g 1 Jan 01 2024 项目计划书.xlsx"))) {
            ConnectionSettings settings = settings(server);
            try (FtpSession browser = new FtpSession(settings, "browser")) {
                browser.connect();
                browser.list("/utf8");
            }
            try (FtpSession worker = new FtpSession(settings, "worker")) {
                worker.connect();
                Transfers.store(worker, "/utf8/报告.txt", new byte[] {1}, FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
            }
            assertEquals("STOR /utf8/报告.txt", receivedAsUtf8(server, "STOR"));
            assertEquals(1, listings(server), "the browser's listing only: " + server.commands());
        }
    }

    /**
     * A folder that cannot be listed (not there yet, or not to be read) tells nothing: the command itself is sent and
     * answered as it would have been, and the folder is not tried again in the session.
     */
    @Test
    void aFolderThatCannotBeListedTellsNothingAndIsNotTriedAgain() throws Exception {
        try (FakeFtpServer server = gbkServer()) {
            try (FtpSession session = new FtpSession(settings(server), "missing")) {
                session.connect();
                assertEquals(java.util.OptionalLong.empty(), session.size("/nope/报告.txt"));
                assertEquals(java.util.OptionalLong.empty(), session.size("/nope/总结.txt"));
                org.junit.jupiter.api.Assertions.assertTrue(session.isConnected());
            }
            assertEquals("SIZE /nope/总结.txt", receivedAsUtf8(server, "SIZE"));
            assertEquals(1L, server.commands().stream().filter(line -> line.equals("CWD /nope")).count(), server.commands().toString());
        }
    }
}
