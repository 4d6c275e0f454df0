package dev.ferry.ftp;

import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A listing that starts with a UTF-8 byte order mark (a server writing it out as a Windows text
 * file): the mark is no part of the first line, which was left unparsed or named "\uFEFFfirst.txt".
 */
class ListingByteOrderMarkTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aByteOrderMarkBeforeTheFirstLineIsNoPartOfIt(boolean mlsd) throws Exception {
        List<String> lines = mlsd
                ? List.of("\uFEFFtype=file;size=1;modify=20240101000000; first.txt", "type=file;size=2;modify=20240101000000; second.txt")
                : List.of("\uFEFF-rw-r--r-- 1 u g 1 Jan 01 2024 first.txt", "-rw-r--r-- 1 u g 2 Jan 01 2024 second.txt");
        try (FakeFtpServer server = new FakeFtpServer().useMlsd(mlsd).listing("/", lines);
             FtpSession session = new FtpSession(ConnectionSettings.builder("127.0.0.1").port(server.port())
                     .user("u").password("p").build(), "bom")) {
            session.connect();
            Listing listing = session.list("/");
            assertEquals(List.of("first.txt", "second.txt"), listing.entries().stream().map(RemoteEntry::name).sorted().toList(),
                    listing.toString());
            assertEquals(List.of(), listing.unparsedLines());
        }
    }
}
