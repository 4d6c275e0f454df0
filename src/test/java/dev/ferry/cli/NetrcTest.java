package dev.ferry.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetrcTest {

    private static Netrc.Entry find(String text, String host, String user) throws Netrc.SyntaxException {
        return Netrc.find(Netrc.parse(text), host, user).orElse(null);
    }

    @Test
    void tokensMaySpreadOverLinesOrShareOne() throws Exception {
        List<Netrc.Entry> entries = Netrc.parse("machine a.example login u1 password p1 account acc1\n"
                + "machine\tb.example\n  login u2\n  password p2\n");
        assertEquals(2, entries.size());
        assertEquals(new Netrc.Entry("a.example", "u1", "p1", "acc1", 1), entries.get(0));
        assertEquals(new Netrc.Entry("b.example", "u2", "p2", null, 2), entries.get(1));
    }

    @Test
    void quotedTokensKeepSpacesAndEscapes() throws Exception {
        Netrc.Entry entry = find("machine h login \"a user\" password \"p w\\\"q\\\\z\\n\"\n", "h", null);
        assertEquals("a user", entry.login());
        assertEquals("p w\"q\\z\n", entry.password());
        // A quote inside an unquoted token is part of it, as in curl.
        assertEquals("a\"b", find("machine h password a\"b", "h", null).password());
    }

    @Test
    void commentsAndMacrosAreSkipped() throws Exception {
        String text = """
                # my servers
                machine h login u password p # the old one
                macdef init
                machine evil login x password y
                cd /pub

                  # indented comment
                machine k login v password q
                """;
        List<Netrc.Entry> entries = Netrc.parse(text);
        assertEquals(List.of("h", "k"), entries.stream().map(Netrc.Entry::machine).toList());
        assertEquals("p", entries.get(0).password());
        assertEquals(8, entries.get(1).line());
    }

    @Test
    void aMacroAtTheEndOfTheFileNeedsNoEmptyLine() throws Exception {
        assertEquals(1, Netrc.parse("machine h password p\nmacdef init\ncd /").size());
    }

    @Test
    void hostsMatchExactlyWithoutCaseAndTheUserChoosesTheLogin() throws Exception {
        String text = "machine Files.Example.org login alice password a\n"
                + "machine files.example.org login bob password b\n"
                + "machine files.example.org password anyone\n"
                + "machine example.org login alice password wrong-host\n"
                + "default login anonymous password me@example.org\n";
        assertEquals("a", find(text, "files.example.ORG", null).password());
        assertEquals("a", find(text, "files.example.org", "alice").password());
        assertEquals("b", find(text, "files.example.org", "bob").password());
        // An entry without a login is for any user of that host.
        assertEquals("anyone", find(text, "files.example.org", "carol").password());
        // Not a suffix match: example.org is not files.example.org, nor the other way round.
        assertEquals("wrong-host", find(text, "example.org", "alice").password());
        assertEquals("me@example.org", find(text, "sub.example.org", null).password());
        assertNull(find(text, "sub.example.org", "alice"));
    }

    @Test
    void defaultIsOnlyTheFallbackWhereverItStands() throws Exception {
        String text = "default login d password dp\nmachine h login u password p\n";
        assertEquals("p", find(text, "h", null).password());
        assertEquals("dp", find(text, "other", null).password());
        assertNull(find("machine h login u password p\n", "other", null));
    }

    @Test
    void malformedFilesSayWhereAndWhat() {
        Netrc.SyntaxException quote = assertThrows(Netrc.SyntaxException.class,
                () -> Netrc.parse("machine h\nlogin u password \"open\n"));
        assertEquals(2, quote.line());
        assertEquals("netrc.unterminatedQuote", quote.key());

        Netrc.SyntaxException missing = assertThrows(Netrc.SyntaxException.class,
                () -> Netrc.parse("machine h login u\n\npassword"));
        assertEquals(3, missing.line());
        assertEquals("netrc.missingValue", missing.key());
        assertEquals(List.of("password"), List.of(missing.arguments()));

        Netrc.SyntaxException unknown = assertThrows(Netrc.SyntaxException.class,
                () -> Netrc.parse("machine h\n  logn u password p\n"));
        assertEquals(2, unknown.line());
        assertEquals("netrc.unknownWord", unknown.key());

        Netrc.SyntaxException orphan = assertThrows(Netrc.SyntaxException.class,
                () -> Netrc.parse("login u password p\n"));
        assertEquals(1, orphan.line());
        assertEquals("netrc.outsideEntry", orphan.key());
    }

    @Test
    void theFileIsNetrcWhenSetElseInTheHomeFolder() {
        assertEquals(Path.of("/x/my-netrc"), Netrc.location(Map.of("NETRC", "/x/my-netrc"), "/home/u"));
        assertEquals(Path.of("/home/u/.netrc"), Netrc.location(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.netrc"), Netrc.location(Map.of("NETRC", ""), "/home/u"));
    }

    @Test
    void everyWordHasItsSentence() {
        for (String key : List.of("netrc.unterminatedQuote", "netrc.missingValue", "netrc.unknownWord",
                "netrc.outsideEntry")) {
            assertTrue(!Words.text(key, "x").isBlank(), key);
        }
    }
}
