package dev.ferry.ui.explorer;

import dev.ferry.ftp.FtpUrl;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "Copy URL": a URL that names the file, for a browser, curl or Ferry's own command line. */
class CopyUrlTest {

    /** Found by helper U3: "ftp://user@host:21///a.txt", one slash too many. */
    @Test
    void anAbsolutePathIsWrittenAsCurlAndRfc1738ReadIt() {
        assertEquals("//a.txt", RemotePane.urlPath("/a.txt"));
        assertEquals("//docs/a%20b%23.txt", RemotePane.urlPath("/docs/a b#.txt"));
        assertEquals("//", RemotePane.urlPath("/"));
        for (String path : new String[]{"/", "/a.txt", "/docs/a b#.txt", "/年度/报告 1.txt", "/%25 literal"}) {
            FtpUrl read = FtpUrl.parse("ftp://user@example.net:2121" + RemotePane.urlPath(path));
            assertTrue(read.absolute(), path);
            assertEquals(path, read.path(), "read back");
        }
    }
}
