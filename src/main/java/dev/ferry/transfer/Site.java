package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** One server as the queue sees it: its settings, its waiting items and its pool of workers. Guarded by the model's lock. */
final class Site {

    /**
     * Priority first, then directories (so workers find files early), then the order of adding.
     * Observers sort snapshots by {@link ItemSnapshot#RUN_ORDER}, the same order (RunOrderTest).
     */
    static final Comparator<TransferItem> ORDER = Comparator
            .comparingInt((TransferItem i) -> -i.priority)
            .thenComparing(i -> !i.directory)
            .thenComparingLong(i -> i.sequence)
            .thenComparingLong(i -> i.id);

    final Endpoint endpoint;
    ConnectionSettings settings;
    /** Settings being fetched (a password prompt): every worker of the site waits for this one answer. */
    CompletableFuture<ConnectionSettings> settingsRequest;
    final TreeSet<TransferItem> waiting = new TreeSet<>(ORDER);
    int workers;
    int connected;
    int workerNumbers;
    int limit = Integer.MAX_VALUE;
    /** The site's own "limit sessions to" (set by the batches that add its items); the queue's setting otherwise. */
    int ownLimit = Integer.MAX_VALUE;
    /**
     * The server could not be reached, since {@link #unreachableSince} (nanoTime), after
     * {@link #reconnectTries} tries: one worker at a time tries again, not before {@link #reconnectAt},
     * while the items wait without spending their retries.
     */
    boolean unreachable;
    long unreachableSince;
    long reconnectAt;
    int reconnectTries;
    /** A worker is trying to reach the unreachable server: the others wait for what it finds. */
    boolean probing;
    /**
     * It announced REST STREAM but refused REST: no download of it is split or continued from a
     * part file again, which would be refused again (and cost a session its connection).
     */
    volatile boolean restRefused;
    /**
     * It refused to continue an upload (ProFTPD's default "AllowStoreRestart off": REST is taken,
     * the STOR after it refused): its uploads are sent whole from then on.
     */
    volatile boolean uploadContinuationRefused;
    /**
     * The user agreed, for this run, to plain FTP with this "TLS if available" server, which offers no
     * TLS: its next sessions log in without asking, whatever settings a new item brings.
     */
    boolean plainAgreed;
    /**
     * The last upload to this server refused after its data in words naming no cause, and what it was told, until
     * an upload to it succeeds: another file refused so holds the others.
     */
    TransferItem uploadRefusedFirst;
    dev.ferry.message.Message uploadRefusalSaid;
    /** Some item waits, or failed, for want of room on this server: a file it takes releases them. */
    boolean roomWanted;
    /** Segmented downloads running now: idle workers of this server take their waiting segments. */
    final List<SegmentedDownload> segmentedRuns = new ArrayList<>();
    /** Logged-in sessions handed over by the caller: a worker takes one before it logs in itself. */
    final ArrayDeque<FtpSession> spareSessions = new ArrayDeque<>();
    /**
     * Callers waiting for an idle worker's session back (see {@link SessionPool#takeBack}): on a server
     * that takes one session per client, their own login would be refused until the worker idled out.
     */
    int sessionsWanted;
    /** Sessions idle workers gave up for those callers, not yet taken. */
    final ArrayDeque<FtpSession> handedBack = new ArrayDeque<>();

    Site(Endpoint endpoint) {
        this.endpoint = endpoint;
    }
}
