package dev.ferry.sync;

import dev.ferry.ftp.listing.RemoteEntry.TimePrecision;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.SavedDocument;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each side of a synchronized pair of folders looked like after its last synchronization
 * ({@code sync-history.json} in the config folder): per file, the local size and time and the
 * server's size and listed time, as listed, not corrected. With it a later run tells which side
 * changed since (a file uploaded to a server without MFMT carries the upload's time, not ours,
 * and is still unchanged); without it, only which copy is newer.
 */
public final class SyncHistory {

    public static final String FILE_NAME = "sync-history.json";
    static final int SCHEMA_VERSION = 1;

    /** One file as both sides had it once they agreed. */
    public record Record(long localSize, Instant localTime, long remoteSize, Instant remoteTime,
                         TimePrecision remotePrecision) {

        boolean matchesLocal(FileState local) {
            return local != null && local.isFile() && local.size() == localSize
                    && java.util.Objects.equals(local.time(), localTime);
        }

        /** The listed time compared at whichever precision knows less (an old file is listed by day). */
        boolean matchesRemote(FileState remote, ListingClock clock) {
            if (remote == null || !remote.isFile() || remote.size() != remoteSize) {
                return false;
            }
            if (remote.time() == null || remoteTime == null) {
                return remote.time() == null && remoteTime == null;
            }
            TimePrecision precision = ListingClock.coarser(remote.precision(),
                    remotePrecision == null ? TimePrecision.UNKNOWN : remotePrecision);
            if (precision == TimePrecision.UNKNOWN) {
                return true;
            }
            return clock.cut(remote.time(), precision).equals(clock.cut(remoteTime, precision));
        }
    }

    public record Pair(Map<String, Record> files) {
        public Pair {
            files = files == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(files));
        }
    }

    public record Document(int version, Map<String, Pair> pairs) {
        public Document {
            pairs = pairs == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(pairs));
        }

        static Document empty() {
            return new Document(SCHEMA_VERSION, Map.of());
        }
    }

    private final SavedDocument<Document> saved;

    private SyncHistory(SavedDocument<Document> saved) {
        this.saved = saved;
    }

    public static SyncHistory open(Path path) {
        return new SyncHistory(SavedDocument.open(path, Document.class, Document::empty));
    }

    public static SyncHistory openDefault() {
        return open(ConfigDirectory.resolve().resolve(FILE_NAME));
    }

    /** Remembers within this run only (tests). */
    public static SyncHistory inMemory() {
        return new SyncHistory(SavedDocument.inMemory(Document.empty()));
    }

    /** Names a pair of folders: the server ("user@host:port"), its folder, and ours. */
    public static String key(String server, String remoteRoot, Path localRoot) {
        return server + remoteRoot + " <> " + localRoot.toAbsolutePath().normalize();
    }

    public Map<String, Record> recall(String key) {
        Pair pair = saved.current().pairs().get(key);
        return pair == null ? Map.of() : pair.files();
    }

    /** Replaces what is remembered for a pair; forgets it when {@code files} is empty. */
    public void remember(String key, Map<String, Record> files) throws IOException {
        saved.update(document -> {
            Map<String, Pair> pairs = new TreeMap<>(document.pairs());
            if (files.isEmpty()) {
                pairs.remove(key);
            } else {
                pairs.put(key, new Pair(new TreeMap<>(files)));
            }
            return new Document(SCHEMA_VERSION, pairs);
        });
    }

    public Optional<String> loadProblem() {
        return saved.loadProblem();
    }
}
