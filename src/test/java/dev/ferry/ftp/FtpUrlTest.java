package dev.ferry.ftp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FtpUrlTest {

    @Test
    void theUsualPartsAreRead() {
        FtpUrl url = FtpUrl.parse("ftpes://me%40home:p%3Ass+1@[::1]:2121/pub/a%20b+c.txt");
        assertEquals(TlsMode.EXPLICIT, url.tlsMode());
        assertEquals("::1", url.host());
        assertEquals(2121, url.port());
        assertEquals("me@home", url.user());
        assertEquals("p:ss+1", url.password());
        assertEquals("pub/a b+c.txt", url.path());
        assertFalse(url.absolute());
        assertTrue(FtpUrl.parse("ftp://h//abs/x").absolute());
        assertNull(FtpUrl.parse("ftps://h/").user());
    }

    @Test
    void aSpaceThatEndsANameIsKeptAndOnlyWhatNoNameHoldsIsTrimmed() {
        assertEquals("pub/name ", FtpUrl.parse("ftp://h/pub/name ").path());
        assertEquals("pub/name ", FtpUrl.parse("ftp://h/pub/name%20").path());
        // Pasted: blanks before the URL, a line break after it, blanks after a URL without a path.
        assertEquals("pub/name", FtpUrl.parse("  ftp://h/pub/name\r\n").path());
        assertEquals("h", FtpUrl.parse("ftp://h:21 ").host());
        assertEquals(21, FtpUrl.parse("ftp://h:21 ").port());
        assertEquals("", FtpUrl.parse("\tftp://u@h \n").path());
    }

    @Test
    void aBadPercentEscapeIsNamedInWords() {
        for (String text : new String[] {"ftp://h/%zz", "ftp://h/a%2", "ftp://u:%g1@h/"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> FtpUrl.parse(text));
            String message = refused.getMessage();
            assertTrue(message.contains("%") && message.contains("two hexadecimal digits") && message.contains("%25"),
                    text + ": " + message);
            assertFalse(message.contains("URLDecoder"), message);
        }
    }

    @Test
    void noMessageShowsAPassword() {
        for (String text : new String[] {"ftp://u:s3cr%zzet@h/", "ftpx://u:s3cret@h/", "ftp://u:s3cret@/x"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> FtpUrl.parse(text));
            assertFalse(refused.getMessage().contains("s3cr") || refused.getMessage().contains("zz"),
                    text + ": " + refused.getMessage());
        }
        assertEquals("ftp://u:****@h:21/p@x", FtpUrl.masked("ftp://u:pw@h:21/p@x"));
        assertEquals("ftp://u@h/100%25/", FtpUrl.withoutPassword("ftp://u:p%3Aw@h/100%25/"));
        assertEquals("ftp://u@h/", FtpUrl.withoutPassword("ftp://u@h/"));
    }
}
