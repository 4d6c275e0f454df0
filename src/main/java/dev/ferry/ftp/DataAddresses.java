package dev.ferry.ftp;

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
    /** {@code (|||port|)} where '|' may be any delimiter the server chose. */
    private static final Pattern EPSV = Pattern.compile("\\(([!-~])\\1\\1(\\d{1,10})\\1\\)");

    private DataAddresses() {
    }

    /** What a 227 reply announced. */
    public record PassiveAddress(InetAddress address, int port) {
    }

    public static PassiveAddress parsePasv(FtpReply reply) throws FtpProtocolException {
        Matcher m = PASV.matcher(reply.text());
        if (!m.find()) {
            throw new FtpProtocolException("The server's PASV reply holds no address: \"" + reply.firstLineText() + "\"");
        }
        int[] numbers = new int[6];
        for (int i = 0; i < 6; i++) {
            long value = Long.parseLong(m.group(i + 1));
            if (value > 255) {
                throw new FtpProtocolException("The server's PASV reply holds an out-of-range number (" + value
                        + "): \"" + reply.firstLineText() + "\"");
            }
            numbers[i] = (int) value;
        }
        int port = numbers[4] * 256 + numbers[5];
        if (port == 0) {
            throw new FtpProtocolException("The server's PASV reply names port 0: \"" + reply.firstLineText() + "\"");
        }
        byte[] ip = {(byte) numbers[0], (byte) numbers[1], (byte) numbers[2], (byte) numbers[3]};
        try {
            return new PassiveAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }

    public static int parseEpsv(FtpReply reply) throws FtpProtocolException {
        Matcher m = EPSV.matcher(reply.text());
        if (!m.find()) {
            throw new FtpProtocolException("The server's EPSV reply holds no port: \"" + reply.firstLineText() + "\"");
        }
        long port = Long.parseLong(m.group(2));
        if (port < 1 || port > 65535) {
            throw new FtpProtocolException("The server's EPSV reply names an impossible port (" + port + ")");
        }
        return (int) port;
    }

    /** The argument of PORT: {@code h1,h2,h3,h4,p1,p2}. */
    public static String portArgument(Inet4Address address, int port) {
        byte[] ip = address.getAddress();
        return (ip[0] & 0xff) + "," + (ip[1] & 0xff) + "," + (ip[2] & 0xff) + "," + (ip[3] & 0xff) + ","
                + (port >> 8) + "," + (port & 0xff);
    }

    /** The argument of EPRT: {@code |1|1.2.3.4|port|} or {@code |2|::1|port|}. */
    public static String eprtArgument(InetAddress address, int port) {
        int family = address instanceof Inet6Address ? 2 : 1;
        String host = address.getHostAddress();
        int scope = host.indexOf('%');
        if (scope >= 0) {
            host = host.substring(0, scope);
        }
        return "|" + family + "|" + host + "|" + port + "|";
    }
}
