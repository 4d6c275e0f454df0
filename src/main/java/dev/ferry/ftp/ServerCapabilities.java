package dev.ferry.ftp;

import dev.ferry.tls.TlsVersion;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What Ferry learned about one server by talking to it: which TLS version its data connections
 * work with, which optional commands it refuses, which LIST form it understands, which data
 * connection mode works from here. Every session to the server reads it (so the browsing session
 * and the queue's workers learn once, together) and updates it; the engine never writes it to a
 * file: the owner listens and persists a {@link Snapshot}.
 * <p>
 * Learned facts are hints, never locks: the engine re-checks a fact when it stops working, and a
 * setting the user gave explicitly wins over it (see {@link ConnectionSettings}).
 */
public final class ServerCapabilities {

    /** How a directory is listed (after CWD into it) when MLSD is not available. */
    public enum ListCommand {
        /** {@code LIST -a}: Unix servers hide dot files from a bare LIST (web masters need .htaccess). */
        LIST_ALL,
        /** A bare {@code LIST}: for servers that take any argument, "-a" included, as a path. */
        LIST
    }

    /** A learned TLS ceiling and when it was learned. */
    public record TlsCeiling(TlsVersion version, Instant learnedAt) {
    }

    /**
     * How far the times in the server's LIST output are ahead of UTC (negative: behind), in minutes,
     * and when that was measured. MLSD times are UTC and need none. A measurement, not a zone: a
     * server whose zone has summer time is off by an hour for files from the other half of the year.
     */
    public record ListingOffset(int minutes, Instant learnedAt) {
    }

    /** Everything learned, for persisting; nulls mean "not learned". */
    public record Snapshot(TlsCeiling tlsCeiling, Boolean epsvRefused, Boolean eprtRefused, Boolean mlsdRefused,
                           ListCommand listCommand, DataConnectionMode dataMode, Instant dataModeLearnedAt,
                           Boolean keepAliveDuringTransferRefused, String guessedCharset, ListingOffset listingOffset,
                           Boolean pipeliningRefused, String dataModeLearnedWith, ListingOffset mdtmOffset,
                           Instant pipeliningRefusedAt) {

        public static final Snapshot EMPTY = new Snapshot(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);

        public boolean learnedNothing() {
            return equals(EMPTY);
        }

        Snapshot withTlsCeiling(TlsCeiling value) {
            return new Snapshot(value, epsvRefused, eprtRefused, mlsdRefused, listCommand, dataMode, dataModeLearnedAt,
                    keepAliveDuringTransferRefused, guessedCharset, listingOffset, pipeliningRefused, dataModeLearnedWith, mdtmOffset, pipeliningRefusedAt);
        }

        /** Also public: a diagnosis forces PASV with capabilities that say EPSV is refused. */
        public Snapshot withEpsvRefused(Boolean value) {
            return new Snapshot(tlsCeiling, value, eprtRefused, mlsdRefused, listCommand, dataMode, dataModeLearnedAt,
                    keepAliveDuringTransferRefused, guessedCharset, listingOffset, pipeliningRefused, dataModeLearnedWith, mdtmOffset, pipeliningRefusedAt);
        }

        Snapshot withEprtRefused(Boolean value) {
            return new Snapshot(tlsCeiling, epsvRefused, value, mlsdRefused, listCommand, dataMode, dataModeLearnedAt,
                    keepAliveDuringTransferRefused, guessedCharset, listingOffset, pipeliningRefused, dataModeLearnedWith, mdtmOffset, pipeliningRefusedAt);
        }

        Snapshot withMlsdRefused(Boolean value) {
            return new Snapshot(tlsCeiling, epsvRefused, eprtRefused, value, listCommand, dataMode, dataModeLearnedAt,
                    keepAliveDuringTransferRefused, guessedCharset, listingOffset, pipeliningRefused, dataModeLearnedWith, mdtmOffset, pipeliningRefusedAt);
        }

        Snapshot withListCommand(ListCommand value) {
            return new Snapshot(tlsCeiling, epsvRefused, eprtRefused, mlsdRefused, value, dataMode, dataModeLearnedAt,
                    keepAliveDuringTransferRefused, guessedCharset, listingOffset, pipeliningRefused, dataModeLearnedWith, mdtmOffset, pipeliningRefusedAt);
        }

        Snapshot withDataMode(DataConnectionMode value, Instant learnedAt, String learnedWith) {
            return new Snapshot(tlsCeiling, epsvRefused, eprtRefused, mlsdRefused, listCommand, value, learnedAt,
                    keepAliveDuringTransferRefused, guessedCharset, listingOffset, pipeliningRefused, learnedWith, mdtmOffset, pipeliningRefusedAt);
        }

        Snapshot withKeepAliveDuringTransferRefused(Boolean value) {
            return new Snapshot(tlsCeiling, epsvRefused, eprtRefused, mlsdRefused, listCommand, dataMode,
                    dataModeLearnedAt, value, guessedCharset, listingOffset, pipeliningRefused, dataModeLearnedWith, mdtmOffset, pipeliningRefusedAt);
        }

        Snapshot withListingOffset(ListingOffset value) {
            return new Snapshot(tlsCeiling, epsvRefused, eprtRefused, mlsdRefused, listCommand, dataMode,
                    dataModeLearnedAt, keepAliveDuringTransferRefused, guessedCharset, value, pipeliningRefused, dataModeLearnedWith, mdtmOffset, pipeliningRefusedAt);
        }

        Snapshot withMdtmOffset(ListingOffset value) {
            return new Snapshot(tlsCeiling, epsvRefused, eprtRefused, mlsdRefused, listCommand, dataMode,
                    dataModeLearnedAt, keepAliveDuringTransferRefused, guessedCharset, listingOffset, pipeliningRefused,
                    dataModeLearnedWith, value, pipeliningRefusedAt);
        }

        Snapshot withPipeliningRefused(Boolean value, Instant learnedAt) {
            return new Snapshot(tlsCeiling, epsvRefused, eprtRefused, mlsdRefused, listCommand, dataMode,
                    dataModeLearnedAt, keepAliveDuringTransferRefused, guessedCharset, listingOffset, value, dataModeLearnedWith,
                    mdtmOffset, learnedAt);
        }

        Snapshot withGuessedCharset(String value) {
            return new Snapshot(tlsCeiling, epsvRefused, eprtRefused, mlsdRefused, listCommand, dataMode,
                    dataModeLearnedAt, keepAliveDuringTransferRefused, value, listingOffset, pipeliningRefused, dataModeLearnedWith, mdtmOffset, pipeliningRefusedAt);
        }
    }

    /** Gives every session to a server the same object: the application installs one that also persists. */
    @FunctionalInterface
    public interface Registry {
        ServerCapabilities forServer(String host, int port);
    }

    /** By default nothing is shared: a library user decides; the app and the CLI install theirs at start. */
    private static volatile Registry registry = (host, port) -> new ServerCapabilities();

    public static void useRegistry(Registry next) {
        registry = next;
    }

    static ServerCapabilities forServer(String host, int port) {
        return registry.forServer(host, port);
    }

    @FunctionalInterface
    public interface Listener {
        /** Called on the session's thread after a change; must not block. */
        void learned(Snapshot snapshot);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private Snapshot state;
    /**
     * The key exchange group the server chose at the last TLS handshake, which the next session
     * offers first (a server that wants another asks again: a round trip and a key pair). Not
     * saved: learning it again costs one such retry. -1 when unknown.
     */
    private volatile int keyShareGroup = -1;
    /**
     * A command sent behind EPSV was answered in this process: later ones get the ordinary reply
     * timeout instead of the short wait that finds a server losing them, and a failure then is not
     * taken for the server's refusal of them. Not saved: the short wait costs nothing with a
     * server that answers.
     */
    private volatile boolean pipeliningConfirmed;
    /**
     * Whether "MDTM time path" sets a file's time on this server without MFMT (vsftpd's mdtm_write):
     * null until tried in this process. Not saved: a server that refuses costs one reply per run.
     */
    private volatile Boolean mdtmSetsTime;
    /**
     * A listing in this process had names beyond ASCII that read as UTF-8, with no charset guessed: a name beyond
     * ASCII goes out in UTF-8 without a folder listed first ({@link NameCharset}). Not saved: learning it again
     * costs one listing per run.
     */
    private volatile boolean utf8NamesSeen;
    /** An upload asked MDTM to measure the server's clock in this process: not again, learnt or not. */
    private final java.util.concurrent.atomic.AtomicBoolean mdtmClockChecked = new java.util.concurrent.atomic.AtomicBoolean();

    public ServerCapabilities() {
        this(Snapshot.EMPTY);
    }

    public ServerCapabilities(Snapshot learned) {
        this.state = learned == null ? Snapshot.EMPTY : learned;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public synchronized Snapshot snapshot() {
        return state;
    }

    public synchronized TlsCeiling tlsCeiling() {
        return state.tlsCeiling();
    }

    public synchronized boolean epsvRefused() {
        return Boolean.TRUE.equals(state.epsvRefused());
    }

    public synchronized boolean eprtRefused() {
        return Boolean.TRUE.equals(state.eprtRefused());
    }

    public synchronized boolean mlsdRefused() {
        return Boolean.TRUE.equals(state.mlsdRefused());
    }

    /** The LIST form that worked last, or null when none was learned. */
    public synchronized ListCommand listCommand() {
        return state.listCommand();
    }

    /** The data connection mode that worked when the configured one did not, or null. */
    public synchronized DataConnectionMode dataMode() {
        return state.dataMode();
    }

    /**
     * The learned data connection mode, when it was learned with the same data connection settings
     * ({@link ConnectionSettings#dataConnectionSetup()}); else null. A mode learned because the
     * announced address or the trusted PASV address did not work says nothing about another one:
     * a user who changes them wants them tried.
     */
    public synchronized DataConnectionMode dataModeLearnedWith(String dataConnectionSetup) {
        return java.util.Objects.equals(state.dataModeLearnedWith(), dataConnectionSetup) ? state.dataMode() : null;
    }

    public synchronized boolean keepAliveDuringTransferRefused() {
        return Boolean.TRUE.equals(state.keepAliveDuringTransferRefused());
    }

    /**
     * True when a command sent behind EPSV (before EPSV was answered) was lost, hung up on, or came
     * with a refused EPSV, before any such command had been answered: this server gets one
     * command at a time.
     */
    public synchronized boolean pipeliningRefused() {
        Instant learnedAt = state.pipeliningRefusedAt();
        // A server is upgraded or reconfigured on a scale of weeks: after that it gets its chance again, and
        // a server that still loses commands is learned again (one reconnection). Without a date (written by
        // an older Ferry) when it was learned is unknown.
        return Boolean.TRUE.equals(state.pipeliningRefused()) && learnedAt != null
                && learnedAt.plus(REFUSAL_LIFETIME).isAfter(Instant.now());
    }

    /** How long a learned refusal of an optional way of working holds before it is tried again. */
    public static final java.time.Duration REFUSAL_LIFETIME = java.time.Duration.ofDays(30);

    /** The charset guessed from the server's names (not UTF-8 and not configured), or null. */
    public synchronized String guessedCharset() {
        return state.guessedCharset();
    }

    void learnTlsCeiling(TlsVersion version) {
        change(s -> s.withTlsCeiling(version == null ? null : new TlsCeiling(version, Instant.now())));
    }

    void learnEpsvRefused() {
        change(s -> s.withEpsvRefused(Boolean.TRUE));
    }

    void learnEprtRefused() {
        change(s -> s.withEprtRefused(Boolean.TRUE));
    }

    void learnMlsdRefused() {
        change(s -> s.withMlsdRefused(Boolean.TRUE));
    }

    void learnListCommand(ListCommand command) {
        change(s -> s.withListCommand(command));
    }

    void learnDataMode(DataConnectionMode mode, String dataConnectionSetup) {
        change(s -> s.withDataMode(mode, mode == null ? null : Instant.now(), mode == null ? null : dataConnectionSetup));
    }

    /** Back to the data mode known before, with when and with which settings it was learned. */
    void restoreDataMode(Snapshot before) {
        change(s -> s.withDataMode(before.dataMode(), before.dataModeLearnedAt(), before.dataModeLearnedWith()));
    }

    void learnKeepAliveDuringTransferRefused() {
        change(s -> s.withKeepAliveDuringTransferRefused(Boolean.TRUE));
    }

    void learnPipeliningRefused() {
        change(s -> s.withPipeliningRefused(Boolean.TRUE, Instant.now()));
    }

    void learnGuessedCharset(String charset) {
        change(s -> s.withGuessedCharset(charset));
    }

    /** The guessed charset was wrong for names met since: logins read names as UTF-8 again. */
    void forgetGuessedCharset() {
        change(s -> s.withGuessedCharset(null));
    }

    /** The measured offset of the server's LIST times from UTC, or null when none was measured. */
    public synchronized ListingOffset listingOffset() {
        return state.listingOffset();
    }

    /**
     * {@code listing} with its LIST times moved to UTC by the offset learnt for this server (a sync's
     * measurement, or a mirror's by MDTM); as it is when none was learnt, or for MLSD and EPLF.
     */
    public dev.ferry.ftp.listing.Listing inUtc(dev.ferry.ftp.listing.Listing listing) {
        ListingOffset learned = listingOffset();
        return learned == null ? listing : listing.movedBack(java.time.Duration.ofMinutes(learned.minutes()));
    }

    /**
     * Remembers how far the server's LIST times are ahead of UTC. Public, unlike the engine's other
     * lessons: the engine cannot tell a listing's time from the truth, whoever compares trees can.
     */
    public void learnListingOffset(java.time.Duration offset) {
        ListingOffset learned = new ListingOffset(Math.toIntExact(offset.toMinutes()), Instant.now());
        change(s -> s.withListingOffset(learned));
    }

    /**
     * How far the server's MDTM answers are ahead of UTC, when measured (null: not known, and taken as
     * UTC, as RFC 3659 has it). Some servers answer in their local time (vsftpd's use_localtime); west
     * of UTC that made a file changed after a part was written look older than the part, and the part
     * of the old version was continued.
     */
    public synchronized ListingOffset mdtmOffset() {
        return state.mdtmOffset();
    }

    /** How long an MDTM clock, once measured, is taken as it is: daylight saving time moves it. */
    private static final java.time.Duration MDTM_CLOCK_KEPT = java.time.Duration.ofDays(1);

    /** {@link #mdtmOffset()} if it was measured within a day, else null: then it is worth measuring again. */
    public synchronized ListingOffset recentMdtmOffset() {
        ListingOffset known = state.mdtmOffset();
        return known != null && known.learnedAt() != null && known.learnedAt().isAfter(Instant.now().minus(MDTM_CLOCK_KEPT))
                ? known : null;
    }

    /** See {@link #utf8NamesSeen}. */
    boolean utf8NamesSeen() {
        return utf8NamesSeen;
    }

    void learnUtf8NamesSeen() {
        utf8NamesSeen = true;
    }

    /** Null when not tried yet; see {@link #mdtmSetsTime}. */
    Boolean mdtmSetsTime() {
        return mdtmSetsTime;
    }

    void learnMdtmSetsTime(boolean sets) {
        mdtmSetsTime = sets;
    }

    /**
     * Whether an upload is to measure the server's MDTM clock: until one measure has ended in this process (learnt
     * or not). Every upload that ends while the first measure goes on measures too: told "not yet", the first
     * uploads to a server, several at once, set no time and kept the moment of their upload (T8).
     */
    public boolean mdtmClockToMeasure() {
        return !mdtmClockChecked.get();
    }

    /** A measure of the MDTM clock ended, learnt or not: the next uploads do not ask again. */
    public void mdtmClockMeasured() {
        mdtmClockChecked.set(true);
    }

    public void learnMdtmOffset(java.time.Duration offset) {
        ListingOffset learned = new ListingOffset(Math.toIntExact(offset.toMinutes()), Instant.now());
        change(s -> s.withMdtmOffset(learned));
    }

    public int keyShareGroup() {
        return keyShareGroup;
    }

    public void learnKeyShareGroup(int group) {
        keyShareGroup = group;
    }

    boolean pipeliningConfirmed() {
        return pipeliningConfirmed;
    }

    void confirmPipelining() {
        pipeliningConfirmed = true;
    }

    /** Forgets everything learned (the site manager's "forget what was learned"). */
    public void forget() {
        keyShareGroup = -1;
        pipeliningConfirmed = false;
        change(s -> Snapshot.EMPTY);
    }

    private void change(java.util.function.UnaryOperator<Snapshot> edit) {
        Snapshot next;
        synchronized (this) {
            next = edit.apply(state);
            if (next.equals(state)) {
                return;
            }
            state = next;
        }
        // Outside the lock: a listener saves a file.
        for (Listener listener : listeners) {
            listener.learned(next);
        }
    }
}
