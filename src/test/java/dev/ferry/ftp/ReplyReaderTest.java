package dev.ferry.ftp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyReaderTest {

    private static ReplyReader reader(String text) {
        return reader(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ReplyReader reader(byte[] bytes) {
        return new ReplyReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
    }

    private static FtpReply read(ReplyReader reader) throws Exception {
        return reader.read(line -> { });
    }

    @Test
    void singleLineReply() throws Exception {
        FtpReply reply = read(reader("220 Welcome to the server\r\n"));
        assertEquals(220, reply.code());
        assertEquals("Welcome to the server", reply.text());
        assertTrue(reply.isPositive());
    }

    @Test
    void multiLineReplyWithContinuationLinesAndForeignCodes() throws Exception {
        String text = "211-Features:\r\n MDTM\r\n REST STREAM\r\n200 looks like a code but is not the end\r\n"
                + "211-still not the end\r\n211 End\r\n220 next\r\n";
        ReplyReader reader = reader(text);
        List<String> seen = new ArrayList<>();
        FtpReply reply = reader.read(seen::add);
        assertEquals(211, reply.code());
        assertEquals(6, reply.lines().size());
        assertEquals(reply.lines(), seen);
        assertEquals("End", reply.lines().getLast().substring(4));
        assertEquals(220, read(reader).code(), "the next reply starts after the terminator");
    }

    /** Replies of plain ASCII take a short cut; the rest is decoded by the charset, control characters masked either way. */
    @Test
    void repliesReadTheSameWhetherPlainAsciiOrNot() throws Exception {
        assertEquals("150 Opening BINARY mode data connection for /a b\tc.bin (4096 bytes).",
                read(reader("150 Opening BINARY mode data connection for /a b\tc.bin (4096 bytes).\r\n")).lines().getFirst());
        assertEquals("550 \u4E2D\u6587.bin: no such file", read(reader("550 中文.bin: no such file\r\n")).lines().getFirst());
        assertEquals("550 a\uFFFDb\uFFFDc", read(reader("550 a\u001bb\u007fc\r\n")).lines().getFirst());
        byte[] gbk = "226 已完成 done\r\n".getBytes(java.nio.charset.Charset.forName("GBK"));
        assertEquals("226 已完成 done", new ReplyReader(new ByteArrayInputStream(gbk), java.nio.charset.Charset.forName("GBK"))
                .read(line -> { }).lines().getFirst());
        // EBCDIC: no byte is its ASCII character, so nothing goes through the short cut.
        java.nio.charset.Charset ebcdic = java.nio.charset.Charset.forName("IBM037");
        byte[] ebcdicReply = "230 Logged in.\r\n".getBytes(ebcdic);
        ebcdicReply[ebcdicReply.length - 2] = '\r';
        ebcdicReply[ebcdicReply.length - 1] = '\n';
        assertEquals("230 Logged in.", new ReplyReader(new ByteArrayInputStream(ebcdicReply), ebcdic)
                .read(line -> { }).lines().getFirst());
    }

    @Test
    void codeAloneIsAValidReply() throws Exception {
        assertEquals(200, read(reader("200\r\n")).code());
    }

    @Test
    void bareLineFeedsAreAccepted() throws Exception {
        ReplyReader reader = reader("230-a\n230 b\n");
        assertEquals(2, read(reader).lines().size());
    }

    @Test
    void malformedRepliesAreProtocolErrors() {
        for (String bad : List.of("hello\r\n", "600 no such class\r\n", "20 short\r\n", "2x0 letters\r\n",
                "220Welcome\r\n", "\r\n", "099 low\r\n")) {
            FtpProtocolException e = assertThrows(FtpProtocolException.class, () -> read(reader(bad)), bad);
            assertEquals(FtpText.MALFORMED_REPLY, e.reason(), e::getMessage);
        }
    }

    @Test
    void aMegabyteWithoutLineBreakIsRefusedWithoutExhaustingMemory() {
        byte[] huge = new byte[1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        huge[0] = '2';
        huge[1] = '2';
        huge[2] = '0';
        huge[3] = ' ';
        FtpProtocolException e = assertThrows(FtpProtocolException.class, () -> read(reader(huge)));
        assertEquals(FtpText.REPLY_LINE_TOO_LONG, e.reason(), e::getMessage);
    }

    @Test
    void anEndlessMultiLineReplyIsRefused() {
        InputStream endless = new InputStream() {
            private final byte[] first = "211-start\r\n".getBytes(StandardCharsets.US_ASCII);
            private final byte[] line = " more\r\n".getBytes(StandardCharsets.US_ASCII);
            private long position;

            @Override
            public int read() {
                byte b = position < first.length ? first[(int) position]
                        : line[(int) ((position - first.length) % line.length)];
                position++;
                return b & 0xff;
            }
        };
        ReplyReader reader = new ReplyReader(endless, StandardCharsets.UTF_8);
        FtpProtocolException e = assertThrows(FtpProtocolException.class, () -> reader.read(l -> { }));
        assertEquals(FtpText.REPLY_TOO_LONG, e.reason(), e::getMessage);
    }

    @Test
    void endOfStreamInTheMiddleOfAReply() {
        EOFException e = assertThrows(EOFException.class, () -> read(reader("211-start\r\n more")));
        assertTrue(e.getMessage().contains("middle"), e.getMessage());
    }

    @Test
    void invalidUtf8AndControlCharactersBecomeReplacementCharacters() throws Exception {
        byte[] bytes = {'2', '2', '0', ' ', 'a', (byte) 0xff, (byte) 0xfe, 'b', 0, 'c', 0x1b, 'd', '\r', '\n'};
        FtpReply reply = read(reader(bytes));
        assertEquals(220, reply.code());
        String text = reply.text();
        assertTrue(text.startsWith("a") && text.contains("b") && text.endsWith("d"), text);
        assertTrue(text.chars().noneMatch(c -> c < 0x20), "no control characters survive: " + text);
    }

    @Test
    void gbkRepliesAreDecodedWithTheSessionCharset() throws Exception {
        byte[] bytes = "257 \"/\u4e2d\u6587\" is current directory\r\n".getBytes("GBK");
        ReplyReader reader = new ReplyReader(new ByteArrayInputStream(bytes), java.nio.charset.Charset.forName("GBK"));
        assertEquals("/\u4e2d\u6587", SessionContext.parseQuotedPath(reader.read(l -> { })));
    }
}
