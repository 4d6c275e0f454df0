package dev.ferry.diagnose;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataAddresses;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpProtocolException;
import dev.ferry.ftp.FtpReply;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.FtpTlsException;
import dev.ferry.ftp.ProtectionLevel;
import dev.ferry.ftp.SecurityStatus;
import dev.ferry.ftp.ServerCapabilities;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.message.Message;
import dev.ferry.tls.TlsConnectionInfo;
import dev.ferry.tls.TlsVersion;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The steps that need a logged-in session, through the engine's public API: one session per
 * question, each with settings that force the answer (fresh {@link ServerCapabilities} so nothing
 * learned earlier hides a problem; PASV forced by a capabilities snapshot that says EPSV is
 * refused; active mode; the control address or the one PASV announced). The main session logs in
 * first; the data-mode sessions only start once a login worked (a server that counts failed
 * logins should see one, not three) and run in parallel with its listing.
 */
final class SessionProbes {

    private static final Set<FtpText> DATA_TLS_FAILURES = Set.of(FtpText.DATA_REUSE_REQUIRED, FtpText.DATA_TLS_REFUSED,
            FtpText.DATA_TLS_FAILED, FtpText.TLS_REUSE_REQUIRED_13_ONLY, FtpText.DATA_TRUNCATED_TLS);

    private final ConnectionSettings login;
    /** The login uses another TLS mode or port than the settings given (they did not work). */
    private final boolean otherThanGiven;
    private final Duration timeout;
    private final Recorder rec;
    private final Closer closer;
    private final Facts facts;
    private final Executor executor;
    private final List<DialogueListener> dialogue;

    SessionProbes(ConnectionSettings login, boolean otherThanGiven, Duration timeout, Recorder rec, Closer closer,
                  Facts facts, Executor executor, List<DialogueListener> dialogue) {
        this.dialogue = dialogue;
        this.login = login;
        this.otherThanGiven = otherThanGiven;
        this.timeout = timeout;
        this.rec = rec;
        this.closer = closer;
        this.facts = facts;
        this.executor = executor;
    }

    private static final List<Step> DATA_STEPS = List.of(Step.PASSIVE_EPSV, Step.PASSIVE_PASV, Step.ACTIVE,
            Step.DATA_TLS, Step.LISTING);

    void run() {
        rec.start(Step.LOGIN);
        rec.start(Step.PROTECTION);
        EngineSession main = session(DataConnectionMode.PASSIVE, false, new ServerCapabilities(), "diagnose");
        try {
            if (!main.login()) {
                loginFailed(main);
                return;
            }
            loggedIn(main);
            rec.start(Step.PASSIVE_PASV);
            rec.start(Step.ACTIVE);
            CompletableFuture<EngineSession> pasv = CompletableFuture.supplyAsync(() ->
                    dataProbe(DataConnectionMode.PASSIVE, false, epsvRefused(), "diagnose-pasv"), executor);
            CompletableFuture<EngineSession> active = CompletableFuture.supplyAsync(() ->
                    dataProbe(DataConnectionMode.ACTIVE, false, new ServerCapabilities(), "diagnose-active"), executor);
            rec.start(Step.PASSIVE_EPSV);
            rec.start(Step.DATA_TLS);
            rec.start(Step.LISTING);
            main.list();
            // Said goodbye before waiting for the other probes: a server with few sessions to spare needs it back.
            main.close();
            epsv(main);
            if (main.listed()) {
                dataTls(main);
                listing(main);
            }
            EngineSession activeProbe = again(active.join(), DataConnectionMode.ACTIVE, false, new ServerCapabilities(),
                    "diagnose-active");
            active(activeProbe);
            EngineSession pasvProbe = again(pasv.join(), DataConnectionMode.PASSIVE, false, epsvRefused(),
                    "diagnose-pasv");
            pasv(main, pasvProbe);
            if (!rec.finished(Step.DATA_TLS) || !rec.finished(Step.LISTING)) {
                fromOtherProbes(main, List.of(pasvProbe, activeProbe));
            }
        } finally {
            main.close();
        }
    }

    // ------------------------------------------------------------------ login

    private void loginFailed(EngineSession main) {
        FtpException e = main.loginFailure;
        if (e.reason() == FtpText.PROT_REFUSED) {
            // The server let us in (230) and then refused to encrypt data connections.
            facts.protRefused = true;
            rec.finish(Step.LOGIN, Outcome.OK, loginMessage(), loginDetails(main));
            rec.finish(Step.PROTECTION, Outcome.FAILED, e.explanation(), protectionDetails(main));
            rec.skipAfter(Step.PROTECTION, DATA_STEPS);
            return;
        }
        if (e instanceof FtpTlsException tls && tls.certificateReview() != null) {
            String fingerprint = tls.certificateReview().certificate().sha256Fingerprint();
            facts.rejectedFingerprint = fingerprint;
            rec.finish(Step.LOGIN, Outcome.FAILED, Message.of(DiagnoseText.LOGIN_CERTIFICATE_REJECTED, fingerprint),
                    List.of(e.explanation()));
        } else {
            rec.finish(Step.LOGIN, Outcome.FAILED, e.explanation(), loginDetails(main));
        }
        rec.skipAfter(Step.LOGIN, List.of(Step.PROTECTION));
        rec.skipAfter(Step.LOGIN, DATA_STEPS);
    }

    private void loggedIn(EngineSession main) {
        facts.features = main.session().features();
        SecurityStatus security = main.afterLogin;
        facts.fellBackToPlain = security.fellBackToPlain();
        List<Message> details = loginDetails(main);
        if (security.fellBackToPlain()) {
            rec.finish(Step.LOGIN, Outcome.WARNING, Message.of(DiagnoseText.LOGIN_OK_PLAIN_FALLBACK, login.user()), details);
        } else {
            rec.finish(Step.LOGIN, Outcome.OK, loginMessage(), details);
        }
        if (!security.controlEncrypted()) {
            rec.finish(Step.PROTECTION, Outcome.SKIPPED, Message.of(DiagnoseText.PROTECTION_PLAIN));
        } else if (security.dataEncrypted()) {
            rec.finish(Step.PROTECTION, Outcome.OK, Message.of(DiagnoseText.PROTECTION_OK), protectionDetails(main));
        } else if (login.protectionLevel() == ProtectionLevel.CLEAR) {
            rec.finish(Step.PROTECTION, Outcome.WARNING, Message.of(DiagnoseText.PROTECTION_CLEAR_CHOSEN),
                    protectionDetails(main));
        } else {
            rec.finish(Step.PROTECTION, Outcome.WARNING, Message.of(DiagnoseText.PROTECTION_CLEAR),
                    protectionDetails(main));
        }
    }

    private Message loginMessage() {
        return otherThanGiven ? Message.of(DiagnoseText.LOGIN_OK_WITH, login.user(), SettingsDelta.tlsModeName(login.tlsMode()),
                String.valueOf(login.port())) : Message.of(DiagnoseText.LOGIN_OK, login.user());
    }

    private List<Message> loginDetails(EngineSession main) {
        List<Message> details = new ArrayList<>();
        details.addAll(main.exchange("USER"));
        details.addAll(main.exchange("PASS"));
        details.addAll(main.exchange("ACCT"));
        var features = main.session().features();
        if (!features.names().isEmpty()) {
            details.add(Message.of(DiagnoseText.FEATURES, String.join(" ", features.names())));
            details.add(Message.of(features.supportsUtf8() ? DiagnoseText.FEATURES_UTF8 : DiagnoseText.FEATURES_NO_UTF8));
        }
        String home = main.session().initialDirectory();
        if (home != null) {
            details.add(Message.of(DiagnoseText.LOGIN_DIRECTORY, home));
        }
        return details;
    }

    private static List<Message> protectionDetails(EngineSession session) {
        List<Message> details = new ArrayList<>(session.exchange("PBSZ"));
        details.addAll(session.exchange("PROT"));
        return details;
    }

    // ------------------------------------------------------------------ data connections

    private EngineSession session(DataConnectionMode mode, boolean trustPassiveAddress, ServerCapabilities capabilities,
                                  String name) {
        ConnectionSettings settings = login.toBuilder()
                .timeouts(timeout)
                .dataConnectionMode(mode).dataModeExplicit(true)
                .trustPassiveAddress(trustPassiveAddress)
                .capabilities(capabilities)
                .controlKeepAlive(Duration.ZERO)
                .build();
        EngineSession session = new EngineSession(settings, name, closer);
        dialogue.forEach(session.session()::addListener);
        return session;
    }

    /** A session that logs in and lists once in one data connection mode; closed when it returns. */
    private EngineSession dataProbe(DataConnectionMode mode, boolean trustPassiveAddress, ServerCapabilities capabilities,
                                    String name) {
        EngineSession probe = session(mode, trustPassiveAddress, capabilities, name);
        try {
            if (probe.login()) {
                probe.list();
            }
        } finally {
            probe.close();
        }
        return probe;
    }

    /**
     * A probe refused for too many connections tries again, now that the others are done (a
     * server that allows one session per user still gets every question asked, one at a time);
     * a server may need a moment to count a session that just ended.
     */
    private EngineSession again(EngineSession probe, DataConnectionMode mode, boolean trustPassiveAddress,
                                ServerCapabilities capabilities, String name) {
        EngineSession latest = probe;
        for (int attempt = 1; attempt <= 3 && latest.loginFailure != null && latest.refusedForTooManyConnections()
                && !closer.isClosed(); attempt++) {
            try {
                Thread.sleep(250L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return latest;
            }
            latest = dataProbe(mode, trustPassiveAddress, capabilities, name);
        }
        return latest;
    }

    /** Capabilities that say EPSV is refused: the session then uses PASV, which announces an address. */
    private static ServerCapabilities epsvRefused() {
        return new ServerCapabilities(ServerCapabilities.Snapshot.EMPTY.withEpsvRefused(Boolean.TRUE));
    }

    private void epsv(EngineSession main) {
        Optional<String> reply = main.reply("EPSV");
        List<Message> details = main.exchange("EPSV");
        if (reply.isEmpty()) {
            rec.finish(Step.PASSIVE_EPSV, Outcome.SKIPPED, notReached(main), details);
            return;
        }
        int code = EngineSession.code(reply.get());
        if (code != 229) {
            rec.finish(Step.PASSIVE_EPSV, code >= 500 ? Outcome.NOT_OFFERED : Outcome.FAILED,
                    Message.of(DiagnoseText.EPSV_REFUSED, String.valueOf(code), EngineSession.textOf(reply.get())), details);
            return;
        }
        String port = epsvPort(reply.get());
        if (main.modeSwitched()) {
            rec.finish(Step.PASSIVE_EPSV, Outcome.FAILED, Message.of(DiagnoseText.EPSV_CONNECT_FAILED,
                    controlHost(main), port, seconds()), details);
        } else if (main.listFailure != null && main.listFailure.reason() == FtpText.DATA_SERVER_COULD_NOT_OPEN) {
            rec.finish(Step.PASSIVE_EPSV, Outcome.FAILED, main.listFailure.explanation(), details);
        } else {
            rec.finish(Step.PASSIVE_EPSV, Outcome.OK, Message.of(DiagnoseText.EPSV_OK, port), details);
        }
    }

    private void pasv(EngineSession main, EngineSession probe) {
        if (probe.loginFailure != null) {
            rec.finish(Step.PASSIVE_PASV, Outcome.FAILED, Message.of(DiagnoseText.PROBE_LOGIN_FAILED,
                    probe.loginFailure.explanation()));
            return;
        }
        List<Message> details = new ArrayList<>(probe.exchange("PASV"));
        Optional<String> reply = probe.reply("PASV");
        if (reply.isEmpty()) {
            // With EPSV marked as refused, the only way not to send PASV is an IPv6 control
            // connection: the engine gives up on passive mode before asking.
            boolean ipv6 = probe.modeSwitched() || main.session().settings().host().indexOf(':') >= 0;
            rec.finish(Step.PASSIVE_PASV, ipv6 ? Outcome.NOT_OFFERED : Outcome.SKIPPED,
                    ipv6 ? Message.of(DiagnoseText.PASV_IPV6) : notReached(probe), details);
            return;
        }
        int code = EngineSession.code(reply.get());
        if (code != 227) {
            boolean epsvWorks = rec.works(Step.PASSIVE_EPSV);
            rec.finish(Step.PASSIVE_PASV, epsvWorks ? Outcome.NOT_OFFERED : Outcome.FAILED,
                    Message.of(DiagnoseText.PASV_REFUSED, String.valueOf(code), EngineSession.textOf(reply.get())), details);
            return;
        }
        DataAddresses.PassiveAddress announced;
        try {
            announced = DataAddresses.parsePasv(new FtpReply(227, List.of(reply.get())));
        } catch (FtpProtocolException e) {
            rec.finish(Step.PASSIVE_PASV, Outcome.FAILED, e.explanation(), details);
            return;
        }
        String port = String.valueOf(announced.port());
        String announcedHost = announced.address().getHostAddress();
        Optional<Message> replaced = probe.firstMessage(FtpText.PASV_ADDRESS_REPLACED);
        boolean controlWorks = dataWorked(probe);
        if (replaced.isEmpty()) {
            if (controlWorks) {
                rec.finish(Step.PASSIVE_PASV, Outcome.OK, Message.of(DiagnoseText.PASV_OK, announcedHost, port), details);
            } else {
                if (probe.listFailure != null && probe.listFailure.reason() == FtpText.DATA_SERVER_COULD_NOT_OPEN) {
                        }
                rec.finish(Step.PASSIVE_PASV, Outcome.FAILED, Message.of(DiagnoseText.PASV_CONNECT_FAILED, announcedHost,
                        port, seconds()), details);
            }
            return;
        }
        String controlHost = String.valueOf(replaced.get().arguments().get(1));
        facts.pasvAnnounced = announced.address();
        // Now the address the server announced, as it is: can we reach it from here?
        EngineSession trusting = dataProbe(DataConnectionMode.PASSIVE, true, epsvRefused(), "diagnose-pasv-announced");
        trusting = again(trusting, DataConnectionMode.PASSIVE, true, epsvRefused(), "diagnose-pasv-announced");
        boolean announcedWorks = trusting.loginFailure == null && dataWorked(trusting);
        details.add(Message.of(announcedWorks ? DiagnoseText.PASV_ANNOUNCED_REACHED : DiagnoseText.PASV_ANNOUNCED_UNREACHED,
                announcedHost, port));
        if (controlWorks && announcedWorks) {
            rec.finish(Step.PASSIVE_PASV, Outcome.OK, Message.of(DiagnoseText.PASV_OTHER_ADDRESS_REACHABLE, announcedHost,
                    controlHost), details);
        } else if (controlWorks) {
            facts.pasvNeedsControlAddress = true;
            rec.finish(Step.PASSIVE_PASV, Outcome.WARNING, Message.of(DiagnoseText.PASV_REPLACED, announcedHost,
                    controlHost), details);
        } else if (announcedWorks) {
            facts.pasvNeedsAnnouncedAddress = true;
            rec.finish(Step.PASSIVE_PASV, Outcome.WARNING, Message.of(DiagnoseText.PASV_ANNOUNCED_ONLY, announcedHost,
                    controlHost), details);
        } else {
            rec.finish(Step.PASSIVE_PASV, Outcome.FAILED, Message.of(DiagnoseText.PASV_BOTH_FAILED, announcedHost,
                    controlHost, port), details);
        }
    }

    private void active(EngineSession probe) {
        if (probe.loginFailure != null) {
            rec.finish(Step.ACTIVE, Outcome.FAILED, Message.of(DiagnoseText.PROBE_LOGIN_FAILED,
                    probe.loginFailure.explanation()));
            return;
        }
        String verb = probe.sent("PORT") ? "PORT" : "EPRT";
        List<Message> details = new ArrayList<>(probe.exchange("EPRT"));
        if (verb.equals("PORT")) {
            details.addAll(probe.exchange("PORT"));
        }
        String listVerb = probe.sent("MLSD") ? "MLSD" : "LIST";
        details.addAll(probe.exchange(listVerb));
        Optional<String> announce = probe.reply(verb);
        if (announce.isEmpty()) {
            FtpText reason = probe.listFailure == null ? null : probe.listFailure.reason();
            boolean ours = reason == FtpText.DATA_LISTEN_FAILED || reason == FtpText.DATA_EXTERNAL_ADDRESS_UNKNOWN;
            rec.finish(Step.ACTIVE, ours ? Outcome.FAILED : Outcome.SKIPPED,
                    ours ? probe.listFailure.explanation() : notReached(probe), details);
            return;
        }
        int code = EngineSession.code(announce.get());
        if (code >= 300) {
            rec.finish(Step.ACTIVE, Outcome.FAILED, Message.of(DiagnoseText.ACTIVE_REFUSED, verb, String.valueOf(code),
                    EngineSession.textOf(announce.get())), details);
            return;
        }
        if (probe.modeSwitched() || (probe.listFailure != null && probe.listFailure.reason() == FtpText.DATA_NO_CONNECT_BACK)) {
            Optional<String> listReply = probe.reply(listVerb);
            if (probe.said(FtpText.DATA_FOREIGN_PEER_REFUSED)) {
                rec.finish(Step.ACTIVE, Outcome.FAILED, probe.firstMessage(FtpText.DATA_FOREIGN_PEER_REFUSED).orElseThrow(),
                        details);
            } else if (listReply.isPresent() && EngineSession.code(listReply.get()) >= 400) {
                rec.finish(Step.ACTIVE, Outcome.FAILED, Message.of(DiagnoseText.ACTIVE_NOT_CONNECTED_BACK_SAID,
                        String.valueOf(EngineSession.code(listReply.get())), EngineSession.textOf(listReply.get())), details);
            } else {
                rec.finish(Step.ACTIVE, Outcome.FAILED, Message.of(DiagnoseText.ACTIVE_NOT_CONNECTED_BACK, seconds()),
                        details);
            }
            return;
        }
        if (!probe.listed() && probe.listFailure instanceof dev.ferry.ftp.FtpTimeoutException
                && probe.reply(listVerb).isEmpty()) {
            // EPRT taken, then no answer at all to the listing, nor a connection back (T4: netkit ftpd-ssl): no
            // working active mode, though the server said nothing against it. A listing that began (150) and
            // stalled is not this (R27).
            rec.finish(Step.ACTIVE, Outcome.FAILED, Message.of(DiagnoseText.ACTIVE_NOT_CONNECTED_BACK, seconds()), details);
            return;
        }
        rec.finish(Step.ACTIVE, Outcome.OK, Message.of(DiagnoseText.ACTIVE_OK, verb), details);
    }

    /** The data connection itself was made (the listing may still have failed for another reason). */
    private static boolean dataWorked(EngineSession probe) {
        if (probe.modeSwitched()) {
            return false;
        }
        if (probe.listed()) {
            return true;
        }
        FtpException failure = probe.listFailure;
        return failure != null && failure.reason() != FtpText.DATA_SERVER_COULD_NOT_OPEN
                && failure.reason() != FtpText.DATA_CONNECT_FAILED && failure.reason() != FtpText.DATA_CONNECT_TIMED_OUT
                && !(failure instanceof dev.ferry.ftp.FtpCancelledException);
    }

    // ------------------------------------------------------------------ TLS on data, listing

    private void dataTls(EngineSession probe) {
        SecurityStatus security = probe.afterList;
        List<Message> details = new ArrayList<>();
        if (!security.controlEncrypted()) {
            rec.finish(Step.DATA_TLS, Outcome.SKIPPED, Message.of(DiagnoseText.DATA_TLS_PLAIN));
            return;
        }
        if (!security.dataEncrypted()) {
            rec.finish(Step.DATA_TLS, Outcome.WARNING, Message.of(DiagnoseText.DATA_TLS_CLEAR));
            return;
        }
        TlsConnectionInfo data = security.lastData();
        if (data == null) {
            rec.finish(Step.DATA_TLS, Outcome.SKIPPED, notReached(probe));
            return;
        }
        details.add(Message.of(DiagnoseText.DATA_TLS_SUMMARY, data.version().number(), data.cipherSuite()));
        if (security.control() != null) {
            details.add(Message.of(DiagnoseText.CONTROL_TLS_SUMMARY, security.control().version().number(),
                    security.control().cipherSuite()));
        }
        if (probe.said(FtpText.TLS_RELEARN_REUSE)) {
            facts.needsTls12 = true;
            addResumptionReason(details);
            rec.finish(Step.DATA_TLS, Outcome.WARNING, Message.of(DiagnoseText.DATA_TLS_NEEDS_12, data.version().number(),
                    data.resumed() ? Message.of(DiagnoseText.RESUMED_BY_SESSION_ID) : Message.of(DiagnoseText.NOT_RESUMED)),
                    details);
        } else if (data.resumed()) {
            rec.finish(Step.DATA_TLS, Outcome.OK, Message.of(DiagnoseText.DATA_TLS_RESUMED, data.version().number(),
                    Message.of(data.version() == TlsVersion.TLS_1_3 ? DiagnoseText.RESUMED_BY_TICKET
                            : DiagnoseText.RESUMED_BY_SESSION_ID)), details);
        } else {
            addResumptionReason(details);
            rec.finish(Step.DATA_TLS, Outcome.OK, Message.of(DiagnoseText.DATA_TLS_NEW_SESSION, data.version().number()),
                    details);
        }
    }

    private void addResumptionReason(List<Message> details) {
        Message reason = facts.resumptionUnavailable;
        if (reason != null) {
            details.add(Message.of(DiagnoseText.RESUMPTION_UNAVAILABLE, reason));
        }
    }

    private void listing(EngineSession probe) {
        List<RemoteEntry> entries = probe.listing.entries();
        String directory = probe.session().initialDirectory() == null ? "" : probe.session().initialDirectory();
        List<Message> details = new ArrayList<>();
        String verb = probe.sent("MLSD") ? "MLSD" : "LIST";
        details.addAll(probe.exchange(verb));
        String undecodable = entries.stream().map(RemoteEntry::name).filter(n -> n.indexOf('\uFFFD') >= 0)
                .findFirst().orElse(null);
        Optional<Message> guessed = probe.firstMessage(FtpText.CHARSET_GUESSED);
        if (guessed.isPresent()) {
            // The engine recognised the names' charset from their bytes: a setting worth saving.
            facts.guessedCharset = String.valueOf(guessed.get().arguments().getFirst());
            rec.finish(Step.LISTING, Outcome.WARNING, Message.of(DiagnoseText.LISTING_CHARSET_GUESSED, directory,
                    entries.size(), facts.guessedCharset, verb), details);
        } else if (undecodable != null || probe.said(FtpText.NAMES_NOT_UTF8)) {
            facts.undecodableName = undecodable == null ? "" : undecodable;
            rec.finish(Step.LISTING, Outcome.WARNING, Message.of(DiagnoseText.LISTING_NOT_DECODABLE,
                    undecodable == null ? "?" : undecodable, charsetName()), details);
        } else if (entries.isEmpty()) {
            rec.finish(Step.LISTING, Outcome.OK, Message.of(DiagnoseText.LISTING_EMPTY, directory, verb), details);
        } else {
            rec.finish(Step.LISTING, Outcome.OK, Message.of(DiagnoseText.LISTING_OK, directory, entries.size(),
                    entries.getFirst().name(), verb), details);
        }
    }

    private String charsetName() {
        return login.charset() == null ? "UTF-8" : login.charset().name();
    }

    /** The main session did not list: take the data steps from a probe that did, or explain why none could. */
    private void fromOtherProbes(EngineSession main, List<EngineSession> others) {
        for (EngineSession probe : others) {
            if (probe.listed()) {
                if (!rec.finished(Step.DATA_TLS)) {
                    dataTls(probe);
                }
                if (!rec.finished(Step.LISTING)) {
                    listing(probe);
                }
                return;
            }
        }
        List<EngineSession> all = new ArrayList<>();
        all.add(main);
        all.addAll(others);
        for (EngineSession probe : all) {
            FtpException failure = probe.listFailure;
            if (failure != null && failure.reason() != null && DATA_TLS_FAILURES.contains(failure.reason())) {
                dataTlsFailed(probe, failure);
                break;
            }
        }
        if (!rec.finished(Step.DATA_TLS) && !main.afterLogin.dataEncrypted()) {
            rec.finish(Step.DATA_TLS, Outcome.SKIPPED, Message.of(main.afterLogin.controlEncrypted()
                    ? DiagnoseText.DATA_TLS_CLEAR : DiagnoseText.DATA_TLS_PLAIN));
        }
        boolean anyDataConnection = rec.works(Step.PASSIVE_EPSV) || rec.works(Step.PASSIVE_PASV) || rec.works(Step.ACTIVE);
        if (rec.finished(Step.DATA_TLS) && rec.outcome(Step.DATA_TLS) == Outcome.FAILED) {
            rec.skipAfter(Step.DATA_TLS, List.of(Step.LISTING));
        } else if (main.listFailure != null && anyDataConnection && !main.modeSwitched()) {
            rec.finish(Step.LISTING, Outcome.FAILED, main.listFailure.explanation(), main.exchange(main.sent("MLSD")
                    ? "MLSD" : "LIST"));
        } else {
            rec.skip(List.of(Step.DATA_TLS, Step.LISTING), Message.of(DiagnoseText.SKIPPED_NO_DATA_CONNECTION));
        }
    }

    private void dataTlsFailed(EngineSession probe, FtpException failure) {
        List<Message> details = new ArrayList<>();
        SecurityStatus security = probe.afterList;
        if (security.control() != null) {
            details.add(Message.of(DiagnoseText.CONTROL_TLS_SUMMARY, security.control().version().number(),
                    security.control().cipherSuite()));
        }
        addResumptionReason(details);
        details.addAll(probe.exchange(probe.sent("MLSD") ? "MLSD" : "LIST"));
        FtpText reason = failure.reason();
        if (reason == FtpText.TLS_REUSE_REQUIRED_13_ONLY) {
            facts.reuse13Only = true;
        } else if (reason == FtpText.DATA_REUSE_REQUIRED) {
            facts.reuseDeclined = true;
        }
        rec.finish(Step.DATA_TLS, Outcome.FAILED, failure.explanation(), details);
    }

    // ------------------------------------------------------------------ plumbing

    private Message notReached(EngineSession probe) {
        if (probe.listFailure != null) {
            return Message.of(DiagnoseText.SKIPPED_BECAUSE, probe.listFailure.explanation());
        }
        return Message.of(DiagnoseText.SKIPPED_NOT_REACHED);
    }

    private static String controlHost(EngineSession session) {
        return session.firstMessage(FtpText.CONNECTED).map(m -> {
            String address = String.valueOf(m.arguments().getFirst());
            int colon = address.lastIndexOf(':');
            String host = colon > 0 ? address.substring(0, colon) : address;
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }).orElse(session.session().settings().host());
    }

    private static String epsvPort(String reply) {
        try {
            return String.valueOf(DataAddresses.parseEpsv(new FtpReply(229, List.of(reply))));
        } catch (FtpProtocolException e) {
            return "?";
        }
    }

    static boolean isPrivate(InetAddress address) {
        if (address == null) {
            return false;
        }
        if (address.isSiteLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        // 100.64.0.0/10: carrier-grade NAT, as unreachable from outside as 10/8.
        return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }

    private String seconds() {
        return String.valueOf(Math.max(1, timeout.toSeconds()));
    }
}
