package dev.ferry.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** What a user needs to decide about a server certificate, in printable form. */
public record CertificateInfo(String subject, String issuer, Instant notBefore, Instant notAfter,
                              List<String> subjectAlternativeNames, String sha256Fingerprint) {

    public static CertificateInfo of(X509Certificate certificate) {
        return new CertificateInfo(
                certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                alternativeNames(certificate),
                fingerprint(certificate));
    }

    /** SHA-256 of the DER encoding, as colon-separated upper-case hex (the form browsers show). */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    /** Accepts a fingerprint typed with or without colons, any case, optionally "SHA256:"-prefixed. */
    public static String normaliseFingerprint(String text) {
        String hex = text.trim();
        if (hex.regionMatches(true, 0, "SHA256:", 0, 7) || hex.regionMatches(true, 0, "SHA-256:", 0, 8)) {
            hex = hex.substring(hex.indexOf(':') + 1);
        }
        hex = hex.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits): " + text);
        }
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }

    private static List<String> alternativeNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    int type = (Integer) entry.get(0);
                    if (type == 2) {
                        names.add("DNS:" + entry.get(1));
                    } else if (type == 7) {
                        names.add("IP:" + entry.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            names.add("(unreadable: " + e.getMessage() + ")");
        }
        return List.copyOf(names);
    }
}
