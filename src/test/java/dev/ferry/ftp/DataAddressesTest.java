package dev.ferry.ftp;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DataAddressesTest {

    @Test
    void pasvReplyGivesAddressAndPort() throws Exception {
        DataAddresses.PassiveAddress a = DataAddresses.parsePasv(
                FtpReply.of(227, "Entering Passive Mode (192,168,13,174,165,9)"));
        assertEquals("192.168.13.174", a.address().getHostAddress());
        assertEquals(42249, a.port());
    }

    @Test
    void pasvReplyWithoutParentheses() throws Exception {
        DataAddresses.PassiveAddress a = DataAddresses.parsePasv(FtpReply.of(227, "Entering Passive Mode 10,0,0,1,4,1."));
        assertEquals("10.0.0.1", a.address().getHostAddress());
        assertEquals(1025, a.port());
    }

    @Test
    void pasvReplyWithOutOfRangeNumbersIsRefused() {
        assertThrows(FtpProtocolException.class,
                () -> DataAddresses.parsePasv(FtpReply.of(227, "Entering Passive Mode (192,168,1,256,4,1)")));
        assertThrows(FtpProtocolException.class,
                () -> DataAddresses.parsePasv(FtpReply.of(227, "Entering Passive Mode (1,2,3,4,99999999999,1)")));
        assertThrows(FtpProtocolException.class,
                () -> DataAddresses.parsePasv(FtpReply.of(227, "Entering Passive Mode (1,2,3,4,0,0)")));
        assertThrows(FtpProtocolException.class, () -> DataAddresses.parsePasv(FtpReply.of(227, "no numbers")));
    }

    @Test
    void epsvReplyGivesThePort() throws Exception {
        assertEquals(6446, DataAddresses.parseEpsv(FtpReply.of(229, "Entering Extended Passive Mode (|||6446|)")));
        assertEquals(21000, DataAddresses.parseEpsv(FtpReply.of(229, "Extended Passive (!!!21000!)")));
    }

    @Test
    void epsvReplyWithImpossiblePortIsRefused() {
        assertThrows(FtpProtocolException.class,
                () -> DataAddresses.parseEpsv(FtpReply.of(229, "Entering Extended Passive Mode (|||70000|)")));
        assertThrows(FtpProtocolException.class,
                () -> DataAddresses.parseEpsv(FtpReply.of(229, "Entering Extended Passive Mode (|||0|)")));
        assertThrows(FtpProtocolException.class,
                () -> DataAddresses.parseEpsv(FtpReply.of(229, "Entering Extended Passive Mode (|1|6446|)")));
    }

    @Test
    void portAndEprtArguments() throws Exception {
        Inet4Address v4 = (Inet4Address) InetAddress.getByName("192.168.13.174");
        assertEquals("192,168,13,174,165,9", DataAddresses.portArgument(v4, 42249));
        assertEquals("|1|192.168.13.174|42249|", DataAddresses.eprtArgument(v4, 42249));
        // RFC 5952 text: pyftpdlib compares it with the control connection's address and refuses Java's own form.
        assertEquals("|2|::1|2121|", DataAddresses.eprtArgument(InetAddress.getByName("::1"), 2121));
        assertEquals("|2|2001:db8::1|21|", DataAddresses.eprtArgument(InetAddress.getByName("2001:0db8:0:0:0:0:0:1"), 21));
        assertEquals("|2|fe80::1|21|", DataAddresses.eprtArgument(InetAddress.getByName("fe80::1%1"), 21));
        assertEquals("|2|2001:db8:0:1:1:1:1:1|21|",
                DataAddresses.eprtArgument(InetAddress.getByName("2001:db8:0:1:1:1:1:1"), 21), "one zero group stays");
        assertEquals("|2|2001:0:0:1::1|21|",
                DataAddresses.eprtArgument(InetAddress.getByName("2001:0:0:1:0:0:0:1"), 21), "the longest run is shortened");
        assertEquals("|2|2001:db8::1:0:0:1|21|",
                DataAddresses.eprtArgument(InetAddress.getByName("2001:db8:0:0:1:0:0:1"), 21), "the first of equal runs");
        assertEquals("|2|::|21|", DataAddresses.eprtArgument(InetAddress.getByName("::"), 21));
    }

    /** The hand-written search finds what the pattern "\\(([!-~])\\1\\1(\\d{1,10})\\1\\)" finds, on texts made to trip it. */
    @Test
    void theEpsvPortIsFoundAsThePatternFindsIt() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("\\(([!-~])\\1\\1(\\d{1,10})\\1\\)");
        java.util.Random random = new java.util.Random(16);
        String alphabet = "(()||||!!1123456789 )x";
        java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of("Entering Extended Passive Mode (|||6446|)",
                "(111231)", "(|||)", "(|||12345678901|)", "(||(|||21|)", "((|||7|)", "(|||1|", "(|", "", "(!!!21000!)"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(14); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            java.util.regex.Matcher m = pattern.matcher(text);
            long expected = m.find() ? Long.parseLong(m.group(2)) : -1;
            assertEquals(expected, DataAddresses.epsvPort(text), text);
        }
    }
}
