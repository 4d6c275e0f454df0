package dev.ferry.tls;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks that a certificate names the host we connected to (RFC 6125): dNSName subject
 * alternative names for host names, iPAddress ones for address literals. A wildcard may only be
 * the whole leftmost label and matches exactly one label. The subject CN is not consulted:
 * certificates without SANs are treated as not matching and go to the user.
 */
public final class HostnameMatcher {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostnameMatcher() {
    }

    public static boolean matches(X509Certificate certificate, String host) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names == null) {
            return false;
        }
        String literal = stripBrackets(host);
        if (isAddressLiteral(literal)) {
            byte[] wanted = addressBytes(literal);
            for (List<?> name : names) {
                if ((Integer) name.get(0) == SAN_IP && wanted != null
                        && Arrays.equals(wanted, addressBytes((String) name.get(1)))) {
                    return true;
                }
            }
            return false;
        }
        String wanted = canonical(host);
        for (List<?> name : names) {
            if ((Integer) name.get(0) == SAN_DNS && dnsNameMatches(canonical((String) name.get(1)), wanted)) {
                return true;
            }
        }
        return false;
    }

    static boolean dnsNameMatches(String pattern, String host) {
        if (pattern.isEmpty() || host.isEmpty()) {
            return false;
        }
        if (!pattern.startsWith("*.")) {
            return !pattern.contains("*") && pattern.equals(host);
        }
        String suffix = pattern.substring(1); // ".example.com"
        // A wildcard must cover one whole label under at least two fixed labels: "*.com" is refused.
        if (suffix.substring(1).indexOf('.') < 0 || suffix.contains("*")) {
            return false;
        }
        if (!host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static String canonical(String name) {
        String n = name.trim();
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        try {
            n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // Not a valid IDN: compare it as written.
        }
        return n.toLowerCase(Locale.ROOT);
    }

    public static boolean isAddressLiteral(String host) {
        String h = stripBrackets(host);
        return IPV4.matcher(h).matches() || h.indexOf(':') >= 0;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static byte[] addressBytes(String literal) {
        if (!isAddressLiteral(literal)) {
            return null;
        }
        try {
            // A literal never triggers a DNS lookup.
            return InetAddress.getByName(stripBrackets(literal)).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
