package dev.ferry.transfer;

import dev.ferry.message.Message;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.store.AtomicFiles;
import dev.ferry.store.Json;
import dev.ferry.store.JsonFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The queue on disk: a snapshot ({@code queue.json}) plus a journal of the changes since
 * ({@code queue.journal}, one JSON line per change, appended). Unfinished, failed and refused items
 * with the endpoints they go to, never a password. Only {@link QueueJournal} writes here, in
 * order; a line torn by a crash is ignored when reading, a corrupt snapshot is moved aside and the
 * queue starts empty.
 */
public final class QueueStore {

    static final int SCHEMA_VERSION = 2;

    /**
     * One item as stored. {@code localPath}/{@code remotePath} are what was asked for (the item's
     * identity); {@code currentLocalPath}/{@code currentRemotePath} where it goes now, when that differs.
     * {@code lastError} is a stored message (see {@link StoredMessages}). {@code segments} is how many
     * segments the item may be split into (0: the queue's setting); {@code segmentPlan} the ranges of a
     * segmented download with the bytes of each already in the part file, or null.
     */
    public record StoredItem(long id, String endpoint, Direction direction, boolean directory, String localPath,
                             String remotePath, long size, Instant modified, ItemState state, long bytesDone,
                             int attempts, Object lastError, int priority, long sequence,
                             ConflictAction conflictAction, int depth, String currentLocalPath,
                             String currentRemotePath, String boundary, long batch, boolean symlink,
                             int segments, List<Segment> segmentPlan, boolean ownsPartFile) {

        /** Why it failed, was skipped or refused, as a message to put into words; null when nothing went wrong. */
        public dev.ferry.message.Message error() {
            return StoredMessages.restore(lastError);
        }
    }

    public record Document(int version, long generation, List<Endpoint> endpoints, List<StoredItem> items) {
        public Document {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
            items = items == null ? List.of() : List.copyOf(items);
        }

        static Document empty() {
            return new Document(SCHEMA_VERSION, 0, List.of(), List.of());
        }
    }

    /** One line of the journal: an item put (with its endpoint) or removed, at a generation. */
    record Entry(long generation, Endpoint endpoint, StoredItem put, Long remove) {
    }

    /**
     * What loading found, and what went wrong reading it, if anything did; {@code unreadableLines}:
     * lines of the journal that could not be read and were left out (not counting a torn last one).
     */
    public record Loaded(Document document, Optional<String> problem, int unreadableLines) {
    }

    private final JsonFile<Document> snapshot;
    private final Path journal;
    private final Path lock;

    public QueueStore(Path path) {
        this.snapshot = new JsonFile<>(path, Document.class, Document::empty);
        String name = path.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        this.journal = path.resolveSibling(stem + ".journal");
        this.lock = path.resolveSibling(stem + ".lock");
    }

    public Path path() {
        return snapshot.path();
    }

    public Path journalPath() {
        return journal;
    }

    /**
     * Copies the saved queue aside before it is written anew without what could not be restored (saved
     * transfers, by remote path, unreadable or whose server is gone; journal lines): left out, not lost.
     * Each time under a name of its own (R19: a second copy replaced the first). Returns what to say.
     */
    List<Message> keepAside(List<String> unreadable, List<String> serverGone, List<String> goneServers, int unreadableLines) {
        String name = path().getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path snapshotCopy = path().resolveSibling(stem + ".unreadable-" + stamp + ".json");
        Path journalCopy = path().resolveSibling(stem + ".unreadable-" + stamp + ".journal");
        List<Message> said = new ArrayList<>(4);
        if (!unreadable.isEmpty()) {
            said.add(Message.of(QueueText.SAVED_TRANSFERS_UNREADABLE, unreadable.size(), firstOf(unreadable)));
        }
        if (!serverGone.isEmpty()) {
            said.add(Message.of(QueueText.SAVED_TRANSFERS_SERVER_GONE, serverGone.size(), firstOf(serverGone),
                    firstOf(goneServers)));
        }
        if (unreadableLines > 0) {
            said.add(Message.of(QueueText.SAVED_QUEUE_CHANGES_UNREADABLE, unreadableLines));
        }
        try {
            List<Path> kept = new ArrayList<>(2);
            if (Files.exists(path())) {
                Files.copy(path(), snapshotCopy);
                kept.add(snapshotCopy);
            }
            if (Files.isRegularFile(journal) && Files.size(journal) > 0) {
                Files.copy(journal, journalCopy);
                kept.add(journalCopy);
            }
            // The folder once, then each file's name on a line of its own: a path wrapped in the middle of a name is hard to read.
            said.add(Message.of(QueueText.SAVED_QUEUE_KEPT_ASIDE, String.valueOf(path().toAbsolutePath().getParent()),
                    String.join("\n", kept.stream().map(p -> p.getFileName().toString()).toList())));
        } catch (IOException e) {
            said.add(Message.of(QueueText.SAVED_QUEUE_NOT_KEPT_ASIDE, String.valueOf(e.getMessage())));
        }
        return said;
    }

    private static String firstOf(List<String> paths) {
        return String.join(", ", paths.subList(0, Math.min(3, paths.size()))) + (paths.size() > 3 ? ", …" : "");
    }

    /** Locked by the queue that owns this file (see QueuePersistence); empty, and never deleted. */
    /**
     * Whether a Ferry now runs this queue: its lock file is held. A saved ACTIVE item of a queue
     * nobody holds was stopped (Ctrl+C, a crash) and is not transferring.
     */
    public boolean heldByARunningFerry() {
        // Linux lists every lock in /proc/locks: read there, the lock is not taken even for an instant, so
        // a Ferry starting in that instant does not find its queue "in use" and leave it unsaved all session.
        Path locks = Path.of("/proc/locks");
        if (Files.isReadable(locks) && Files.exists(lockPath())) {
            try {
                String inode = ":" + Files.getAttribute(lockPath(), "unix:ino");
                try (java.util.stream.Stream<String> lines = Files.lines(locks)) {
                    return lines.map(line -> line.trim().split("\\s+")).anyMatch(fields -> fields.length > 5
                            && !fields[1].equals("->") && fields[5].endsWith(inode));
                }
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                // Not Linux's files after all: asked the portable way below.
            }
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockPath(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path lockPath() {
        return lock;
    }

    /** The saved queue: the snapshot with every later journal line applied. */
    public Loaded load() {
        JsonFile.Loaded<Document> loaded = snapshot.load();
        Document base = loaded.value();
        Map<Long, StoredItem> items = new LinkedHashMap<>();
        for (StoredItem item : base.items()) {
            items.put(item.id(), item);
        }
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (Endpoint endpoint : base.endpoints()) {
            endpoints.put(endpoint.key(), endpoint);
        }
        long generation = base.generation();
        Optional<String> problem = loaded.problem();
        ObjectMapper mapper = Json.mapper();
        int unreadableLines = 0;
        try {
            byte[] written = Files.readAllBytes(journal);
            int start = 0;
            while (start < written.length) {
                int end = start;
                while (end < written.length && written[end] != '\n') {
                    end++;
                }
                // Every write ends its lines: one without its end is the last write of a process that was killed,
                // and is no damage. A line that ends and cannot be read was damaged on disk: left out and counted,
                // and the lines after it still count (R22: a bad byte, or a bad line, lost all that followed).
                boolean ended = end < written.length;
                Entry entry = entry(mapper, written, start, end);
                start = end + 1;
                if (entry == null) {
                    if (ended) {
                        unreadableLines++;
                    } else {
                        System.getLogger(QueueStore.class.getName()).log(System.Logger.Level.INFO,
                                "ignored an unfinished last line of " + journal);
                    }
                    continue;
                }
                if (entry == BLANK || entry.generation() <= base.generation()) {
                    continue;
                }
                generation = Math.max(generation, entry.generation());
                if (entry.put() != null) {
                    items.put(entry.put().id(), entry.put());
                    if (entry.endpoint() != null) {
                        endpoints.put(entry.endpoint().key(), entry.endpoint());
                    }
                } else if (entry.remove() != null) {
                    items.remove(entry.remove());
                }
            }
        } catch (NoSuchFileException e) {
            // No change since the snapshot.
        } catch (IOException e) {
            problem = Optional.of("Could not read " + journal + ": " + e.getMessage());
        }
        return new Loaded(new Document(SCHEMA_VERSION, generation, List.copyOf(endpoints.values()),
                new ArrayList<>(items.values())), problem, unreadableLines);
    }

    private static final Entry BLANK = new Entry(0, null, null, null);

    /** The journal line in {@code bytes[start, end)}: {@link #BLANK} for an empty one, null for one that cannot be read. */
    private static Entry entry(ObjectMapper mapper, byte[] bytes, int start, int end) {
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, start, end - start)).toString();
        } catch (java.nio.charset.CharacterCodingException notText) {
            return null;
        }
        if (line.isBlank()) {
            return BLANK;
        }
        try {
            return mapper.readValue(line, Entry.class);
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** Replaces everything on disk by {@code document}: the snapshot first, then an empty journal. */
    void writeSnapshot(Document document) throws IOException {
        snapshot.save(document);
        AtomicFiles.write(journal, new byte[0]);
    }
}
