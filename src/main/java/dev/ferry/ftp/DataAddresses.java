package dev.ferry.ftp;

import dev.ferry.message.Message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encoding and parsing of the addresses exchanged to open data connections:
 * PASV (RFC 959), EPSV and EPRT (RFC 2428), PORT.
 */
public final class DataAddresses {

    /** Six numbers, parentheses optional: servers disagree on the decoration around them. */
    private static final Pattern PASV = Pattern.compile("(\\d{1,10}),(\\d{1,10}),(\\d{1,10}),(\\d{1,10}),(\\d{1,10}),(\\d{1,10})");

    private DataAddresses() {
    }

    /** What a 227 reply announced. */
    public record PassiveAddress(InetAddress address, int port) {
    }

    public static PassiveAddress parsePasv(FtpReply reply) throws FtpProtocolException {
        Matcher m = PASV.matcher(reply.text());
        if (!m.find()) {
            throw new FtpProtocolException(Message.of(FtpText.PASV_NO_ADDRESS, reply.firstLineText()));
        }
        int[] numbers = new int[6];
        for (int i = 0; i < 6; i++) {
            long value = Long.parseLong(m.group(i + 1));
            if (value > 255) {
                throw new FtpProtocolException(Message.of(FtpText.PASV_NUMBER_OUT_OF_RANGE, value, reply.firstLineText()));
            }
            numbers[i] = (int) value;
        }
        int port = numbers[4] * 256 + numbers[5];
        if (port == 0) {
            throw new FtpProtocolException(Message.of(FtpText.PASV_PORT_ZERO, reply.firstLineText()));
        }
        byte[] ip = {(byte) numbers[0], (byte) numbers[1], (byte) numbers[2], (byte) numbers[3]};
        try {
            return new PassiveAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }

    public static int parseEpsv(FtpReply reply) throws FtpProtocolException {
        long port = epsvPort(reply.text());
        if (port < 0) {
            throw new FtpProtocolException(Message.of(FtpText.EPSV_NO_PORT, reply.firstLineText()));
        }
        if (port < 1 || port > 65535) {
            throw new FtpProtocolException(Message.of(FtpText.EPSV_BAD_PORT, port));
        }
        return (int) port;
    }

    /**
     * The port of the first {@code (dddNd)} in {@code text}, d a delimiter from '!' to '~' and N
     * one to ten digits ({@code (|||port|)}, '|' any delimiter the server chose); -1 when there is
     * none. By hand, not a regular expression's search from every character: one reply per file.
     */
    static long epsvPort(String text) {
        int length = text.length();
        for (int open = text.indexOf('('); open >= 0; open = text.indexOf('(', open + 1)) {
            int first = open + 4;
            if (first >= length) {
                return -1;
            }
            char delimiter = text.charAt(open + 1);
            if (delimiter < '!' || delimiter > '~' || text.charAt(open + 2) != delimiter
                    || text.charAt(open + 3) != delimiter) {
                continue;
            }
            int digits = 0;
            while (digits < 10 && first + digits < length && isDigit(text.charAt(first + digits))) {
                digits++;
            }
            // As the pattern would backtrack: a delimiter that is itself a digit may end the number early.
            for (int taken = digits; taken >= 1; taken--) {
                int close = first + taken;
                if (close + 1 < length && text.charAt(close) == delimiter && text.charAt(close + 1) == ')') {
                    return Long.parseLong(text, first, close, 10);
                }
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The argument of PORT: {@code h1,h2,h3,h4,p1,p2}. */
    public static String portArgument(Inet4Address address, int port) {
        byte[] ip = address.getAddress();
        return (ip[0] & 0xff) + "," + (ip[1] & 0xff) + "," + (ip[2] & 0xff) + "," + (ip[3] & 0xff) + ","
                + (port >> 8) + "," + (port & 0xff);
    }

    /**
     * The argument of EPRT: {@code |1|1.2.3.4|port|} or {@code |2|::1|port|}. IPv6 addresses are
     * written in RFC 5952's canonical form: servers such as pyftpdlib compare the text with the
     * control connection's address, and Java's own form ({@code 0:0:0:0:0:0:0:1}) does not match.
     */
    public static String eprtArgument(InetAddress address, int port) {
        if (address instanceof Inet6Address ipv6) {
            return "|2|" + canonicalIpv6(ipv6.getAddress()) + "|" + port + "|";
        }
        return "|1|" + address.getHostAddress() + "|" + port + "|";
    }

    /** RFC 5952 §4: lower case, no leading zeros, the longest run (2+) of zero groups as "::", first on a tie. */
    static String canonicalIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
