package dev.ferry.ftp;


import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code ftp://[user[:password]@]host[:port]/path}, also {@code ftpes://} (explicit TLS) and
 * {@code ftps://} (implicit TLS). As in RFC 1738 and curl, the path is relative to the directory
 * the server logs us into; {@code ftp://host//abs} (or {@code %2F}) names an absolute path.
 */
public record FtpUrl(TlsMode tlsMode, String host, int port, String user, String password, String path,
                     boolean absolute) {

    public static FtpUrl parse(String text) {
        // Blanks before the scheme and line breaks after the URL come with pasting; a blank that ends
        // the path is part of a name (a server's file may end in a space), so it stays.
        String trimmed = withoutTrailingLineBreaks(text.stripLeading());
        int schemeEnd = trimmed.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("not an FTP URL (expected ftp://host/path): " + masked(text));
        }
        String scheme = trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        TlsMode mode = switch (scheme) {
            case "ftp" -> TlsMode.NONE;
            case "ftpes" -> TlsMode.EXPLICIT;
            case "ftps" -> TlsMode.IMPLICIT;
            default -> throw new IllegalArgumentException("unknown scheme \"" + scheme + "\" (use ftp://, ftpes:// or ftps://)");
        };
        String rest = trimmed.substring(schemeEnd + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest.strip() : rest.substring(0, slash);
        String rawPath = slash < 0 ? "" : rest.substring(slash + 1);

        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), false);
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), true);
        }
        String host;
        int port = 0;
        try {
            URI uri = new URI("ftp://" + authority);
            host = uri.getHost();
            if (uri.getPort() > 0) {
                port = uri.getPort();
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad host in URL: " + authority);
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host in URL: " + masked(text));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = decode(rawPath, false);
        boolean absolute = path.startsWith("/");
        return new FtpUrl(mode, host, port, user, password, path, absolute);
    }

    private static String withoutTrailingLineBreaks(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static String decode(String text, boolean secret) {
        try {
            // '+' is a literal plus in URLs' paths and user info, not a space.
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // No character of a password is ever shown.
            int percent = firstBadEscape(text);
            String where = secret ? "in the URL's password"
                    : "\"" + text.substring(percent, Math.min(text.length(), percent + 3)) + "\" in URL";
            throw new IllegalArgumentException("bad escape " + where + ": a % must be followed by two"
                    + " hexadecimal digits (write %25 for a % in a name)", e);
        }
    }

    /** The text with the password of its user info, if any, replaced by asterisks: fit for a message. */
    static String masked(String text) {
        return replacingPassword(text, ":****");
    }

    /** The URL as typed, without the password of its user info (and its colon), if it has one. */
    public static String withoutPassword(String text) {
        return replacingPassword(text, "");
    }

    private static String replacingPassword(String text, String replacement) {
        int schemeEnd = text.indexOf("://");
        int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int slash = text.indexOf('/', authorityStart);
        int authorityEnd = slash < 0 ? text.length() : slash;
        int at = text.lastIndexOf('@', authorityEnd - 1);
        if (at < authorityStart) {
            return text;
        }
        int colon = text.indexOf(':', authorityStart);
        if (colon < 0 || colon > at) {
            return text;
        }
        return text.substring(0, colon) + replacement + text.substring(at);
    }

    private static int firstBadEscape(String text) {
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                    || Character.digit(text.charAt(i + 2), 16) < 0) {
                return i;
            }
        }
        return Math.max(0, text.indexOf('%'));
    }

    /** The path to use on a server that logged us into {@code loginDirectory} (null if unknown). */
    public String resolve(String loginDirectory) {
        if (absolute) {
            return path;
        }
        if (loginDirectory == null || loginDirectory.isEmpty()) {
            return path.isEmpty() ? "" : path;
        }
        if (path.isEmpty()) {
            return loginDirectory;
        }
        return loginDirectory.endsWith("/") ? loginDirectory + path : loginDirectory + "/" + path;
    }

    /** The URL without the password, for messages. */
    public String display() {
        String scheme = switch (tlsMode) {
            case IMPLICIT -> "ftps";
            case EXPLICIT -> "ftpes";
            default -> "ftp";
        };
        String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + (user != null ? user + "@" : "") + hostPart + (port > 0 ? ":" + port : "") + "/" + path;
    }
}
