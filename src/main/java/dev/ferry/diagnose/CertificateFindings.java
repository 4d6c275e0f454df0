package dev.ferry.diagnose;

import dev.ferry.message.Message;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the certificate step reports: the certificate's facts and, when it is not trusted, why. */
final class CertificateFindings {

    private CertificateFindings() {
    }

    static List<Message> details(CertificateInfo certificate, CertificateTrust.Review review) {
        List<Message> details = new ArrayList<>();
        details.add(Message.of(DiagnoseText.CERT_SUBJECT, certificate.subject()));
        details.add(Message.of(DiagnoseText.CERT_ISSUER, certificate.issuer()));
        details.add(Message.of(DiagnoseText.CERT_VALIDITY, certificate.notBefore().toString(),
                certificate.notAfter().toString()));
        if (!certificate.subjectAlternativeNames().isEmpty()) {
            details.add(Message.of(DiagnoseText.CERT_NAMES, String.join(", ", certificate.subjectAlternativeNames())));
        }
        details.add(Message.of(DiagnoseText.CERT_FINGERPRINT, certificate.sha256Fingerprint()));
        if (review != null && review.chain().size() > 1) {
            for (int i = 1; i < review.chain().size(); i++) {
                details.add(Message.of(DiagnoseText.CERT_CHAIN_ENTRY, String.valueOf(i), review.chain().get(i).subject()));
            }
        }
        return details;
    }

    /** The problems, as one nested message: "a; b; c". */
    static Message problems(Set<CertificateTrust.Problem> problems, String host) {
        Message all = null;
        List<CertificateTrust.Problem> ordered = new ArrayList<>(problems);
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Message one = problem(ordered.get(i), host);
            all = all == null ? one : Message.of(DiagnoseText.LIST_PAIR, one, all);
        }
        return all == null ? Message.of(DiagnoseText.CERT_PROBLEM_UNTRUSTED_ISSUER) : all;
    }

    private static Message problem(CertificateTrust.Problem problem, String host) {
        return switch (problem) {
            case UNTRUSTED_ISSUER -> Message.of(DiagnoseText.CERT_PROBLEM_UNTRUSTED_ISSUER);
            case SELF_SIGNED -> Message.of(DiagnoseText.CERT_PROBLEM_SELF_SIGNED);
            case EXPIRED -> Message.of(DiagnoseText.CERT_PROBLEM_EXPIRED);
            case NOT_YET_VALID -> Message.of(DiagnoseText.CERT_PROBLEM_NOT_YET_VALID);
            case HOST_MISMATCH -> Message.of(DiagnoseText.CERT_PROBLEM_HOST_MISMATCH, host);
            case CHANGED -> Message.of(DiagnoseText.CERT_PROBLEM_CHANGED);
        };
    }

    static String commonName(String distinguishedName) {
        for (String part : distinguishedName.split(",")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "CN=", 0, 3)) {
                return p.substring(3);
            }
        }
        return distinguishedName;
    }
}
