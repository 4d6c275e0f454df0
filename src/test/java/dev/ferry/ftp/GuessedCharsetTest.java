package dev.ferry.ftp;

import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
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
}
