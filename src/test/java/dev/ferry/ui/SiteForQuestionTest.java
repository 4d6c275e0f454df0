package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which site a password question is for: its name and address, the address once when it is the name (T1, R25). */
class SiteForQuestionTest {

    private static String question(String name, String host, int port) {
        return AppContext.siteForQuestion(SiteProfile.builder(SiteStore.newId(), name, host).port(port)
                .protocol(TlsMode.NONE).user("u").build());
    }

    @Test
    void aSiteNamedByItsAddressIsSaidOnce() {
        assertEquals("Work (u@ftp.example.org:2121)", question("Work", "ftp.example.org", 2121));
        assertEquals("u@ftp.example.org:2121", question("u@ftp.example.org:2121", "ftp.example.org", 2121));
        assertEquals("u@ftp.example.org", question("u@ftp.example.org", "ftp.example.org", 21));
        assertEquals("u@::1:2121", question("u@::1:2121", "::1", 2121), "an IPv6 host without brackets");
        assertEquals("u@[::1]:2121", question("u@[::1]:2121", "::1", 2121), "an IPv6 host in brackets");
        assertEquals("ftp.example.org (u@ftp.example.org:21)", question("ftp.example.org", "ftp.example.org", 21),
                "the host alone says less than the address");
    }

    /** T3: the plain-FTP question about a site named by its address said "u@h:21311 (h:21311)". */
    @Test
    void thePlainFtpQuestionSaysASiteNamedByItsAddressOnce() {
        assertEquals("u@127.0.0.1:21311", dev.ferry.ui.dialogs.PlainFallbackDialog.server("u@127.0.0.1:21311", "127.0.0.1:21311"));
        assertEquals("Work (127.0.0.1:21311)", dev.ferry.ui.dialogs.PlainFallbackDialog.server("Work", "127.0.0.1:21311"));
        assertEquals("127.0.0.1:21311", dev.ferry.ui.dialogs.PlainFallbackDialog.server(null, "127.0.0.1:21311"));
        // R26: a name that holds the address only as a part of another names another server.
        assertEquals("u@10.0.0.5:2121 (10.0.0.5:21)", dev.ferry.ui.dialogs.PlainFallbackDialog.server("u@10.0.0.5:2121", "10.0.0.5:21"));
        assertEquals("backup.example.org:21 (example.org:21)",
                dev.ferry.ui.dialogs.PlainFallbackDialog.server("backup.example.org:21", "example.org:21"));
    }
}
