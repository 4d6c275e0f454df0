package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The saved queue restored after the user added transfers (a drag or a double-click while a big
 * queue is still read at start): the numbers handed out meanwhile are not given again to saved items.
 */
class RestoreAfterAddsTest {

    @TempDir
    Path directory;

    private static ConnectionSettings server() {
        return SavedQueues.nowhere();
    }

    private Path savedQueueOfThree() {
        return SavedQueues.downloads(directory.resolve("config/queue.json"), directory.resolve("dl"), "/saved", 3);
    }

    private static ItemSnapshot byRemote(TransferQueue queue, String remote) {
        return queue.snapshot().stream().filter(item -> item.remotePath().equals(remote)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + remote + " in " + queue.snapshot()));
    }

    @Test
    void savedItemsKeepTheirOwnIdsBatchesAndPlacesAfterTheNewOnes() {
        Path file = savedQueueOfThree();
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            long added = queue.addDownload(server(), null, "/new", directory.resolve("dl/new"), false, 10, null).id();
            queue.restore();
            List<Long> saved = List.of(byRemote(queue, "/saved0").id(), byRemote(queue, "/saved1").id(),
                    byRemote(queue, "/saved2").id());
            assertEquals(4, queue.snapshot().size(), "the three saved and the new one: " + queue.snapshot());
            List<Long> all = queue.snapshot().stream().map(ItemSnapshot::id).toList();
            assertEquals(List.of(added, saved.get(0), saved.get(1), saved.get(2)), queue.inRunOrder(all),
                    "the saved line after what was added meanwhile, in its own order");
            queue.moveUp(saved.getFirst());
            assertEquals(List.of(saved.get(0), added, saved.get(1), saved.get(2)), queue.inRunOrder(all),
                    "a saved item moved up past the new one");
            assertFalse(saved.contains(added));
            assertEquals(1, saved.stream().map(id -> queue.snapshot().stream().filter(s -> s.id() == id)
                    .findFirst().orElseThrow().batch()).distinct().count(), "the saved batch stays one");
        }
    }

    /** A drop's batch is begun before its first item is added: the restore may come in between. */
    @Test
    void aBatchBegunBeforeTheRestoreIsNotASavedOne() {
        Path file = savedQueueOfThree();
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            TransferQueue.Batch batch = queue.batch();
            queue.restore();
            ItemSnapshot mine = batch.addDownload(server(), null, "/mine", directory.resolve("dl/mine"), false, 10, null);
            List<Long> savedBatches = queue.snapshot().stream().filter(item -> item.id() != mine.id())
                    .map(ItemSnapshot::batch).distinct().toList();
            assertFalse(savedBatches.contains(mine.batch()),
                    "the new batch " + mine.batch() + " shared with the saved items' " + savedBatches);
        }
    }

    @Test
    void anIdHandedOutBeforeTheRestoreIsNotGivenAgain() {
        Path file = savedQueueOfThree();
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            long gone = queue.addDownload(server(), null, "/gone", directory.resolve("dl/gone"), false, 10, null).id();
            queue.remove(gone);
            queue.restore();
            List<Long> ids = queue.snapshot().stream().map(ItemSnapshot::id).toList();
            assertEquals(3, ids.size(), "the three saved: " + queue.snapshot());
            assertFalse(ids.contains(gone), "id " + gone + " of the removed item given to a saved one: " + ids);
        }
    }

    /** R17: a saved item moved to the top has a place below the first, zero or less: still after the new ones. */
    @Test
    void aSavedItemMovedToTheTopStillComesAfterTheNewOnesAndMovesPastThem() {
        Path file = savedQueueOfThree();
        try (TransferQueue earlier = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            earlier.restore();
            earlier.moveToTop(byRemote(earlier, "/saved2").id());
        }
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            long added = queue.addDownload(server(), null, "/new", directory.resolve("dl/new"), false, 10, null).id();
            queue.restore();
            long saved0 = byRemote(queue, "/saved0").id(), saved1 = byRemote(queue, "/saved1").id();
            long saved2 = byRemote(queue, "/saved2").id();
            List<Long> all = List.of(added, saved0, saved1, saved2);
            assertEquals(List.of(added, saved2, saved0, saved1), queue.inRunOrder(all),
                    "the saved line, in its own order, after what was added meanwhile");
            queue.moveUp(saved2);
            assertEquals(List.of(saved2, added, saved0, saved1), queue.inRunOrder(all), "moved up past the new one");
        }
    }

    /** R17: batch 0 is none (a file saved before batches were): shifted, it became the user's own batch. */
    @Test
    void aSavedItemOfNoBatchJoinsNoneOfTheUsers() throws Exception {
        Path file = savedQueueOfThree();
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file)
                .replaceAll("\"batch\"\\s*:\\s*\\d+", "\"batch\":0"));
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            TransferQueue.Batch drop = queue.batch();
            queue.restore();
            ItemSnapshot mine = drop.addDownload(server(), null, "/mine", directory.resolve("dl/mine"), false, 10, null);
            assertEquals(0, byRemote(queue, "/saved0").batch(), "restored as saved");
            assertFalse(mine.batch() == 0, "the drop's batch is its own");
        }
    }

    /**
     * R18: a saved item the system cannot take (a NUL in its path) made the whole restore fail, and the
     * next save wrote the saved queue over with what this run had: the other saved items were lost.
     */
    @Test
    void anUnreadableSavedItemIsLeftOutAndTheOthersAreRestoredAndKept() throws Exception {
        Path file = savedQueueOfThree();
        String saved = java.nio.file.Files.readString(file);
        java.nio.file.Files.writeString(file, saved.replace("dl/saved0", "dl/saved\\u00000"));
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            List<Message> said = queue.restore();
            assertEquals(List.of("/saved1", "/saved2"), queue.snapshot().stream().map(ItemSnapshot::remotePath).sorted().toList(),
                    "the readable ones restored");
            assertEquals(Message.of(QueueText.SAVED_TRANSFERS_UNREADABLE, 1, "/saved0"), said.getFirst(), "said: " + said);
            assertTrue(java.nio.file.Files.readString(asideCopies(file).getFirst()).contains("/saved0"),
                    "the saved queue as it was, kept aside");
            assertEquals(Message.of(QueueText.SAVED_QUEUE_KEPT_ASIDE, file.getParent().toString(),
                    asideCopies(file).getFirst().getFileName().toString()), said.getLast(), "where it is kept: " + said);
            queue.addDownload(server(), null, "/new", directory.resolve("dl/new"), false, 10, null);
        }
        List<String> onDisk = new QueueStore(file).load().document().items().stream()
                .map(QueueStore.StoredItem::remotePath).sorted().toList();
        assertEquals(List.of("/new", "/saved1", "/saved2"), onDisk, "the readable saved ones still saved");
    }

    /** A saved item whose server's entry is gone (the file edited or damaged) was dropped without a word. */
    @Test
    void aSavedItemWhoseServerIsGoneIsSaidAndKeptAside() throws Exception {
        Path file = savedQueueOfThree();
        com.fasterxml.jackson.databind.node.ObjectNode saved =
                (com.fasterxml.jackson.databind.node.ObjectNode) dev.ferry.store.Json.mapper().readTree(file.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode first = (com.fasterxml.jackson.databind.node.ObjectNode) saved.get("items").get(0);
        first.put("endpoint", "a server no entry names");
        java.nio.file.Files.writeString(file, saved.toString());
        String remote = first.get("remotePath").asText();
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            List<Message> said = queue.restore();
            assertEquals(2, queue.snapshot().size(), "the others restored: " + queue.snapshot());
            assertEquals(Message.of(QueueText.SAVED_TRANSFERS_SERVER_GONE, 1, remote, "a server no entry names"), said.getFirst(),
                    "said: " + said);
            assertTrue(java.nio.file.Files.readString(asideCopies(file).getFirst()).contains("a server no entry names"),
                    "the saved queue as it was, kept aside");
        }
    }

    /** Three journal lines putting /journal1 to /journal3, after the saved queue of three in {@code file}. */
    private List<byte[]> journalOfThree(Path file) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode saved = dev.ferry.store.Json.mapper().readTree(file.toFile());
        long generation = saved.get("generation").asLong();
        List<byte[]> lines = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            com.fasterxml.jackson.databind.node.ObjectNode item = saved.get("items").get(0).deepCopy();
            item.put("id", 100 + i).put("remotePath", "/journal" + i).put("localPath", directory.resolve("dl/journal" + i).toString());
            com.fasterxml.jackson.databind.node.ObjectNode entry = dev.ferry.store.Json.mapper().createObjectNode();
            entry.put("generation", generation + i).set("put", item);
            lines.add(entry.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** The lines as the journal writes them: each ended. */
    private static void writeJournal(QueueStore store, List<byte[]> lines) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (byte[] line : lines) {
            bytes.writeBytes(line);
            bytes.write('\n');
        }
        java.nio.file.Files.write(store.journalPath(), bytes.toByteArray());
    }

    private static List<String> remotePaths(QueueStore.Loaded loaded) {
        return loaded.document().items().stream().map(QueueStore.StoredItem::remotePath).sorted().toList();
    }

    /**
     * A line of the journal damaged on disk, with more after it, was taken for the torn last write of a
     * killed process: every line after it was left out without a word, and lost at the next save.
     */
    @Test
    void aDamagedJournalLineLosesOnlyItselfAndIsSaid() throws Exception {
        Path file = savedQueueOfThree();
        QueueStore store = new QueueStore(file);
        List<byte[]> lines = journalOfThree(file);
        lines.set(1, (new String(lines.get(1), java.nio.charset.StandardCharsets.UTF_8).substring(0, 40) + "garbage")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        writeJournal(store, lines);
        QueueStore.Loaded loaded = store.load();
        assertEquals(List.of("/journal1", "/journal3", "/saved0", "/saved1", "/saved2"), remotePaths(loaded),
                "everything but the damaged line");
        assertEquals(1, loaded.unreadableLines(), "the damaged line counted");
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            List<Message> said = queue.restore();
            assertEquals(5, queue.snapshot().size(), "restored: " + queue.snapshot());
            assertEquals(Message.of(QueueText.SAVED_QUEUE_CHANGES_UNREADABLE, 1), said.getFirst(), "said: " + said);
            assertEquals(QueueText.SAVED_QUEUE_KEPT_ASIDE, said.getLast().key(), "said: " + said);
            assertTrue(String.valueOf(said.getLast().arguments().getLast()).contains(".journal"),
                    "the journal's copy named: " + said);
        }
    }

    /** R22: a byte that is no UTF-8 made the whole journal unreadable, the lines before it too. */
    @Test
    void aDamagedByteLosesOnlyItsLine() throws Exception {
        Path file = savedQueueOfThree();
        QueueStore store = new QueueStore(file);
        List<byte[]> lines = journalOfThree(file);
        lines.get(1)[20] |= (byte) 0x80;
        writeJournal(store, lines);
        QueueStore.Loaded loaded = store.load();
        assertEquals(List.of("/journal1", "/journal3", "/saved0", "/saved1", "/saved2"), remotePaths(loaded),
                "everything but the damaged line: " + loaded.problem());
        assertEquals(1, loaded.unreadableLines(), "the damaged line counted");
    }

    /** R22: every write ends its lines; a last line that ends and cannot be read was damaged, not torn. */
    @Test
    void aDamagedLastLineThatEndsIsSaid() throws Exception {
        Path file = savedQueueOfThree();
        QueueStore store = new QueueStore(file);
        List<byte[]> lines = journalOfThree(file);
        lines.set(2, "{\"generation\": garbled".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        writeJournal(store, lines);
        QueueStore.Loaded loaded = store.load();
        assertEquals(List.of("/journal1", "/journal2", "/saved0", "/saved1", "/saved2"), remotePaths(loaded), "the others");
        assertEquals(1, loaded.unreadableLines(), "the damaged last line counted");
    }

    /** A torn last line is a killed process's last write: left out, and not said. */
    @Test
    void aTornLastJournalLineIsLeftOutQuietly() throws Exception {
        Path file = savedQueueOfThree();
        QueueStore store = new QueueStore(file);
        java.nio.file.Files.writeString(store.journalPath(), "{\"generation\":99,\"put\":{\"id\":7,\"remo");
        QueueStore.Loaded loaded = store.load();
        assertEquals(0, loaded.unreadableLines(), "a torn last line is no damage");
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            assertEquals(List.of(), queue.restore(), "nothing said");
            assertEquals(List.of(), asideCopies(file), "nothing kept aside");
        }
    }

    private static List<Path> asideCopies(Path file) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(file.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith("queue.unreadable-")
                    && p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** R19: each unreadable restore kept its copy under the same name: a second replaced the first. */
    @Test
    void aSecondUnreadableRestoreKeepsTheFirstCopy() throws Exception {
        Path file = savedQueueOfThree();
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replace("dl/saved0", "dl/saved\\u00000"));
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            queue.restore();
        }
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replace("dl/saved1", "dl/saved\\u00001"));
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            queue.restore();
        }
        List<Path> copies = asideCopies(file);
        assertEquals(2, copies.size(), "two copies kept: " + copies);
        assertTrue(java.nio.file.Files.readString(copies.get(0)).contains("/saved0"), "the first still holds /saved0");
    }
}
