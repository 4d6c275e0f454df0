package dev.ferry.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SavedDocumentTest {

    public record Names(List<String> names) {
        public Names {
            names = names == null ? List.of() : List.copyOf(names);
        }

        static Names empty() {
            return new Names(List.of());
        }

        Names with(String name) {
            List<String> more = new ArrayList<>(names);
            more.add(name);
            return new Names(more);
        }
    }

    @TempDir
    Path directory;

    @Test
    void changesFromManyThreadsAllReachTheDiskAndTheNewestIsWrittenLast() throws Exception {
        Path path = directory.resolve("names.json");
        SavedDocument<Names> saved = SavedDocument.open(path, Names.class, Names::empty);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String name = thread + "-" + i;
                        saved.update(names -> names.with(name));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(400, saved.current().names().size());
        Names onDisk = SavedDocument.open(path, Names.class, Names::empty).current();
        assertEquals(saved.current(), onDisk, "the file holds the newest document, not an older one written late");
    }

    @Test
    void anUnreadableFileIsKeptAsideAndSaid() throws Exception {
        Path path = directory.resolve("names.json");
        Files.writeString(path, "{ not json");
        SavedDocument<Names> saved = SavedDocument.open(path, Names.class, Names::empty);
        assertTrue(saved.current().names().isEmpty());
        assertTrue(saved.loadProblem().orElseThrow().contains("names.json"), saved.loadProblem().toString());
        try (var aside = Files.list(directory)) {
            assertTrue(aside.anyMatch(p -> p.getFileName().toString().startsWith("names.json.corrupt-")),
                    "the unreadable file is kept under another name");
        }
    }

    @Test
    void inMemoryWritesNothing() throws Exception {
        SavedDocument<Names> saved = SavedDocument.inMemory(Names.empty());
        saved.update(names -> names.with("kept in memory"));
        assertEquals(List.of("kept in memory"), saved.current().names());
        assertFalse(saved.loadProblem().isPresent());
        try (var files = Files.list(directory)) {
            assertEquals(0, files.count());
        }
    }
}
