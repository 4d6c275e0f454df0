package dev.ferry.diagnose;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.tls.TlsText;
import dev.ferry.tls.TlsVersion;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * From the steps' outcomes and what the probes learned to a verdict: does it work, with which
 * settings, and what can the server's administrator fix. Each rule names the fact it rests on.
 */
final class VerdictRules {

    private final ConnectionSettings given;
    private final Facts facts;
    private final Map<Step, StepResult> results = new EnumMap<>(Step.class);
    private final boolean deadlineReached;
    private final boolean cancelled;

    VerdictRules(ConnectionSettings given, Facts facts, List<StepResult> steps, boolean deadlineReached, boolean cancelled) {
        this.given = given;
        this.facts = facts;
        steps.forEach(r -> results.put(r.step(), r));
        this.deadlineReached = deadlineReached;
        this.cancelled = cancelled;
    }

    Verdict verdict() {
        List<Step> works = new ArrayList<>();
        List<Step> fails = new ArrayList<>();
        boolean warnings = false;
        for (StepResult r : results.values()) {
            if (r.outcome().works()) {
                works.add(r.step());
            } else if (r.outcome() == Outcome.FAILED) {
                fails.add(r.step());
            }
            warnings |= r.outcome() == Outcome.WARNING || r.outcome() == Outcome.FAILED;
        }
        boolean passiveWorks = works(Step.PASSIVE_EPSV) || works(Step.PASSIVE_PASV);
        boolean activeWorks = works(Step.ACTIVE);
        boolean usable = works(Step.LOGIN) && works(Step.LISTING);
        SettingsDelta delta = usable || works(Step.LOGIN) ? settings(passiveWorks, activeWorks) : SettingsDelta.NONE;
        Message summary;
        if (cancelled) {
            summary = Message.of(DiagnoseText.VERDICT_CANCELLED);
        } else if (usable) {
            summary = Message.of(!delta.isEmpty() ? DiagnoseText.VERDICT_WORKS_WITH_CHANGES
                    : warnings ? DiagnoseText.VERDICT_WORKS_WITH_WARNINGS : DiagnoseText.VERDICT_WORKS);
        } else if (deadlineReached) {
            summary = Message.of(DiagnoseText.VERDICT_DEADLINE);
        } else {
            StepResult failed = firstFailed();
            summary = failed == null ? Message.of(DiagnoseText.VERDICT_FAILS_UNKNOWN)
                    : Message.of(DiagnoseText.VERDICT_FAILS, failed.title(), failed.message());
        }
        return new Verdict(usable, summary, works, fails, delta, adminAdvice(passiveWorks, activeWorks), notes());
    }

    private SettingsDelta settings(boolean passiveWorks, boolean activeWorks) {
        ConnectionSettings login = facts.loginSettings;
        TlsMode tlsMode = null;
        Integer port = null;
        if (login != null && login != given) {
            tlsMode = login.tlsMode() != given.tlsMode() ? login.tlsMode() : null;
            port = login.port() != given.port() ? login.port() : null;
        }
        TlsVersion tlsMax = facts.needsTls12 && given.tlsPolicy().maxVersion().compareTo(TlsVersion.TLS_1_2) > 0
                ? TlsVersion.TLS_1_2 : null;
        DataConnectionMode mode = null;
        if (given.dataConnectionMode() == DataConnectionMode.ACTIVE && !activeWorks && passiveWorks) {
            mode = DataConnectionMode.PASSIVE;
        } else if (given.dataConnectionMode() == DataConnectionMode.PASSIVE && !passiveWorks && activeWorks) {
            mode = DataConnectionMode.ACTIVE;
        }
        Boolean trustPassive = null;
        // Only matters when PASV is what passive mode uses: EPSV names no address.
        boolean pasvDecides = !works(Step.PASSIVE_EPSV);
        if (given.trustPassiveAddress() && facts.pasvNeedsControlAddress) {
            trustPassive = false;
        } else if (!given.trustPassiveAddress() && facts.pasvNeedsAnnouncedAddress && pasvDecides) {
            trustPassive = true;
        }
        java.nio.charset.Charset charset = null;
        if (given.charset() == null && facts.guessedCharset != null && java.nio.charset.Charset.isSupported(facts.guessedCharset)) {
            charset = java.nio.charset.Charset.forName(facts.guessedCharset);
        }
        return new SettingsDelta(tlsMode, port, tlsMax, mode, trustPassive, charset);
    }

    private List<Message> adminAdvice(boolean passiveWorks, boolean activeWorks) {
        List<Message> advice = new ArrayList<>();
        if (facts.tlsStalled && given.tlsMode() != TlsMode.IMPLICIT) {
            advice.add(Message.of(DiagnoseText.ADMIN_TLS_STALLS));
        } else if (facts.tlsFailure != null && outcome(Step.TLS_HANDSHAKE) == Outcome.FAILED
                && !(given.tlsMode() == TlsMode.IMPLICIT && (works(Step.EXPLICIT_TLS_PORT) || works(Step.EXPLICIT_TLS_21)))) {
            // Implicit TLS against a server that speaks explicit TLS fails by the client's choice, not the server's set-up.
            advice.add(Message.of(DiagnoseText.ADMIN_TLS_FAILS, facts.tlsFailure));
        }
        if (facts.review != null) {
            advice.add(Message.of(DiagnoseText.ADMIN_CERTIFICATE, given.host(),
                    CertificateFindings.problems(facts.review.problems(), given.host())));
        }
        if (facts.protRefused) {
            advice.add(Message.of(DiagnoseText.ADMIN_PROT_REFUSED));
        }
        if (facts.pasvNeedsControlAddress && facts.pasvAnnounced != null) {
            advice.add(Message.of(SessionProbes.isPrivate(facts.pasvAnnounced) ? DiagnoseText.ADMIN_PASV_PRIVATE
                    : DiagnoseText.ADMIN_PASV_UNREACHABLE, facts.pasvAnnounced.getHostAddress()));
        }
        if (!passiveWorks && activeWorks && (outcome(Step.PASSIVE_EPSV) == Outcome.FAILED
                || outcome(Step.PASSIVE_PASV) == Outcome.FAILED)) {
            advice.add(Message.of(DiagnoseText.ADMIN_PASSIVE_PORTS));
        }
        boolean tls13WithoutTickets = facts.tls != null && facts.tls.version() == TlsVersion.TLS_1_3
                && facts.resumptionUnavailable != null && facts.resumptionUnavailable.key() == TlsText.NO_TICKETS;
        if (facts.reuse13Only) {
            advice.add(Message.of(tls13WithoutTickets ? DiagnoseText.ADMIN_REUSE_13_ONLY_NO_TICKETS
                    : DiagnoseText.ADMIN_REUSE_13_ONLY_DECLINED));
        } else if (facts.needsTls12) {
            advice.add(Message.of(tls13WithoutTickets ? DiagnoseText.ADMIN_REUSE_NO_TICKETS
                    : DiagnoseText.ADMIN_REUSE_13_DECLINED));
        } else if (facts.reuseDeclined) {
            advice.add(Message.of(DiagnoseText.ADMIN_REUSE_DECLINED));
        }
        return advice;
    }

    private List<Message> notes() {
        List<Message> notes = new ArrayList<>();
        if (given.tlsMode() == TlsMode.NONE && works(Step.TLS_HANDSHAKE)) {
            notes.add(Message.of(DiagnoseText.NOTE_TLS_AVAILABLE));
        } else if (given.tlsMode() == TlsMode.NONE && works(Step.IMPLICIT_TLS_990)) {
            notes.add(Message.of(DiagnoseText.NOTE_IMPLICIT_AVAILABLE));
        }
        if (facts.fellBackToPlain) {
            notes.add(Message.of(DiagnoseText.NOTE_NO_TLS));
        }
        if (given.tlsMode() == TlsMode.EXPLICIT_IF_AVAILABLE && outcome(Step.AUTH_TLS) == Outcome.OK
                && outcome(Step.TLS_HANDSHAKE) == Outcome.FAILED && facts.loginSettings == null) {
            notes.add(Message.of(DiagnoseText.NOTE_PLAIN_IS_YOUR_CHOICE));
        }
        if (facts.rejectedFingerprint != null) {
            notes.add(Message.of(DiagnoseText.NOTE_CHECK_FINGERPRINT, facts.rejectedFingerprint));
        }
        if (facts.undecodableName != null) {
            notes.add(Message.of(DiagnoseText.NOTE_CHARSET, facts.features != null && facts.features.supportsUtf8()
                    ? Message.of(DiagnoseText.FEATURES_UTF8) : Message.of(DiagnoseText.FEATURES_NO_UTF8)));
        }
        return notes;
    }

    /** The failure to name in the summary: one on the way the settings use before an alternative's. */
    private StepResult firstFailed() {
        List<Step> aside = new ArrayList<>(List.of(Step.ACTIVE, Step.PASSIVE_PASV, Step.PASSIVE_EPSV));
        if (given.tlsMode() == TlsMode.NONE) {
            aside.addAll(List.of(Step.AUTH_TLS, Step.TLS_HANDSHAKE, Step.CERTIFICATE));
        }
        for (StepResult r : results.values()) {
            if (r.outcome() == Outcome.FAILED && !aside.contains(r.step())) {
                return r;
            }
        }
        return results.values().stream().filter(r -> r.outcome() == Outcome.FAILED).findFirst().orElse(null);
    }

    private Outcome outcome(Step step) {
        StepResult r = results.get(step);
        return r == null ? null : r.outcome();
    }

    private boolean works(Step step) {
        Outcome o = outcome(step);
        return o != null && o.works();
    }
}
