package dev.ferry.tls;

import dev.ferry.message.Message;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Decides whether a server certificate is acceptable. A certificate is accepted silently when it
 * is valid by PKIX against the JDK's trust store and names the host (RFC 6125), or when the user
 * trusted its SHA-256 fingerprint before. Anything else goes to the {@link Prompt}: never a silent
 * accept. Without a prompt (the CLI) an untrusted certificate fails with its fingerprint in the
 * message, so the user can pass it back with {@code --trust-fingerprint}.
 * <p>
 * One instance may serve several sessions to the same server (the browsing session and the
 * queue's workers): "trust once" then holds for all of them, and a prompt is shown once.
 */
public final class CertificateTrust {

    public enum Problem {
        UNTRUSTED_ISSUER(TlsText.PROBLEM_UNTRUSTED_ISSUER),
        SELF_SIGNED(TlsText.PROBLEM_SELF_SIGNED),
        EXPIRED(TlsText.PROBLEM_EXPIRED),
        NOT_YET_VALID(TlsText.PROBLEM_NOT_YET_VALID),
        HOST_MISMATCH(TlsText.PROBLEM_HOST_MISMATCH),
        CHANGED(TlsText.PROBLEM_CHANGED);

        private final TlsText text;

        Problem(TlsText text) {
            this.text = text;
        }

        public Message message() {
            return Message.of(text);
        }
    }

    public enum Decision { REJECT, TRUST_ONCE, TRUST_ALWAYS }

    /** Everything the user sees when asked. {@code previouslyTrusted} is non-empty for CHANGED. */
    public record Review(String host, int port, CertificateInfo certificate, List<CertificateInfo> chain,
                         Set<Problem> problems, List<KnownHosts.TrustedCertificate> previouslyTrusted,
                         String validationDetail) {

        /** Every problem, as one message ("it is self-signed; it has expired"). */
        public Message problemsMessage() {
            List<Problem> all = new ArrayList<>(problems);
            Message joined = all.getLast().message();
            for (int i = all.size() - 2; i >= 0; i--) {
                joined = Message.of(TlsText.PROBLEM_AND, all.get(i).message(), joined);
            }
            return joined;
        }
    }

    /** Asks the user. Called on a session's thread; may block until the user answers. */
    @FunctionalInterface
    public interface Prompt {
        Decision decide(Review review);
    }

    private final KnownHosts knownHosts;
    private final Prompt prompt;
    private final Set<String> pinnedFingerprints;
    private final boolean acceptAny;
    private final Set<String> trustedThisRun = ConcurrentHashMap.newKeySet();
    private final Object promptLock = new Object();

    private CertificateTrust(KnownHosts knownHosts, Prompt prompt, Set<String> pinnedFingerprints, boolean acceptAny) {
        this.knownHosts = knownHosts;
        this.prompt = prompt;
        this.pinnedFingerprints = Set.copyOf(pinnedFingerprints);
        this.acceptAny = acceptAny;
    }

    /** Verifies against the system trust store and the user's saved decisions; asks {@code prompt}. */
    public static CertificateTrust interactive(KnownHosts knownHosts, Prompt prompt) {
        return new CertificateTrust(knownHosts, prompt, Set.of(), false);
    }

    /** For the command line: no questions; extra fingerprints given by the user are trusted. */
    public static CertificateTrust nonInteractive(KnownHosts knownHosts, Set<String> fingerprints) {
        Set<String> normalised = new LinkedHashSet<>();
        for (String f : fingerprints) {
            normalised.add(CertificateInfo.normaliseFingerprint(f));
        }
        return new CertificateTrust(knownHosts, null, normalised, false);
    }

    /** Accepts every certificate ({@code --insecure}); each acceptance is logged as a warning. */
    public static CertificateTrust acceptingAnything(KnownHosts knownHosts) {
        return new CertificateTrust(knownHosts, null, Set.of(), true);
    }

    public KnownHosts knownHosts() {
        return knownHosts;
    }

    /**
     * Accepts the chain or throws. {@code log} receives one line saying why it was accepted, and
     * warnings (a changed certificate, an insecure acceptance).
     */
    public void verify(String host, int port, List<X509Certificate> chain, Consumer<Message> log, Consumer<Message> warn)
            throws CertificateRejectedException {
        X509Certificate leaf = chain.getFirst();
        CertificateInfo info = CertificateInfo.of(leaf);
        String fingerprint = info.sha256Fingerprint();
        String runKey = KnownHosts.key(host, port) + "|" + fingerprint;

        if (pinnedFingerprints.contains(fingerprint)) {
            log.accept(Message.of(TlsText.TRUSTED_BY_FINGERPRINT, fingerprint));
            return;
        }
        if (trustedThisRun.contains(runKey)) {
            log.accept(Message.of(TlsText.TRUSTED_THIS_RUN, fingerprint));
            return;
        }
        if (knownHosts.isTrusted(host, port, fingerprint)) {
            log.accept(Message.of(TlsText.TRUSTED_EARLIER, fingerprint));
            return;
        }

        Set<Problem> problems = EnumSet.noneOf(Problem.class);
        String detail = validate(chain, problems);
        if (!HostnameMatcher.matches(leaf, host)) {
            problems.add(Problem.HOST_MISMATCH);
        }
        List<KnownHosts.TrustedCertificate> previous = knownHosts.trustedCertificates(host, port);
        if (problems.isEmpty()) {
            if (!previous.isEmpty()) {
                warn.accept(Message.of(TlsText.CHANGED_BUT_VALID, host, fingerprint));
            }
            log.accept(Message.of(TlsText.VERIFIED, info.subject(), info.issuer()));
            return;
        }
        if (!previous.isEmpty()) {
            problems.add(Problem.CHANGED);
        }
        List<CertificateInfo> chainInfo = chain.stream().map(CertificateInfo::of).toList();
        Review review = new Review(host, port, info, chainInfo, problems, previous, detail);

        if (acceptAny) {
            warn.accept(Message.of(TlsText.INSECURE_ACCEPT, review.problemsMessage(), fingerprint));
            return;
        }
        if (prompt == null) {
            if (!pinnedFingerprints.isEmpty()) {
                // The user named the certificate to expect and this is another: perhaps someone in between.
                throw new CertificateRejectedException(review, Message.of(TlsText.FINGERPRINT_MISMATCH, fingerprint,
                        String.join(", ", pinnedFingerprints)));
            }
            throw new CertificateRejectedException(review, Message.of(TlsText.NOT_TRUSTED, review.problemsMessage(),
                    fingerprint));
        }
        synchronized (promptLock) {
            // Another session of the same run may have asked while this one waited.
            if (trustedThisRun.contains(runKey) || knownHosts.isTrusted(host, port, fingerprint)) {
                log.accept(Message.of(TlsText.TRUSTED_BY_DECISION, fingerprint));
                return;
            }
            Decision decision = prompt.decide(review);
            switch (decision == null ? Decision.REJECT : decision) {
                case REJECT -> throw new CertificateRejectedException(review,
                        Message.of(TlsText.REJECTED_BY_USER, review.problemsMessage()));
                case TRUST_ONCE -> {
                    trustedThisRun.add(runKey);
                    log.accept(Message.of(TlsText.TRUSTED_ONCE, fingerprint));
                }
                case TRUST_ALWAYS -> {
                    trustedThisRun.add(runKey);
                    try {
                        knownHosts.trust(host, port, info);
                        log.accept(Message.of(TlsText.TRUSTED_ALWAYS, fingerprint));
                    } catch (IOException e) {
                        warn.accept(Message.of(TlsText.TRUST_SAVE_FAILED, String.valueOf(e.getMessage())));
                    }
                }
            }
        }
    }

    /** PKIX against the JDK's trust store; fills {@code problems} and returns the validator's words. */
    private static String validate(List<X509Certificate> chain, Set<Problem> problems) {
        X509Certificate leaf = chain.getFirst();
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            problems.add(Problem.EXPIRED);
        } catch (CertificateNotYetValidException e) {
            problems.add(Problem.NOT_YET_VALID);
        }
        try {
            systemTrustManager().checkServerTrusted(chain.toArray(X509Certificate[]::new), "UNKNOWN");
            return "";
        } catch (GeneralSecurityException | RuntimeException e) {
            if (problems.isEmpty()) {
                problems.add(isSelfSigned(leaf) ? Problem.SELF_SIGNED : Problem.UNTRUSTED_ISSUER);
            } else if (isSelfSigned(leaf)) {
                problems.add(Problem.SELF_SIGNED);
            }
            return String.valueOf(e.getMessage());
        }
    }

    private static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static volatile X509TrustManager systemTrust;

    private static X509TrustManager systemTrustManager() throws GeneralSecurityException {
        X509TrustManager manager = systemTrust;
        if (manager == null) {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager candidate : factory.getTrustManagers()) {
                if (candidate instanceof X509TrustManager x509) {
                    systemTrust = manager = x509;
                    break;
                }
            }
            if (manager == null) {
                throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
            }
        }
        return manager;
    }
}
