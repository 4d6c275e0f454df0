package dev.ferry.bench;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.KnownHostsFile;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.FxLatencyProbe;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueStore;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.MainWindow;
import dev.ferry.ui.UiState;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.explorer.FilePane;
import dev.ferry.ui.explorer.FileRow;
import dev.ferry.ui.explorer.RemotePane;
import javafx.application.Platform;
import javafx.scene.control.TableColumn;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Not a test: the in-process half of {@code src/bench/bench.sh}. One long-lived JVM drives the
 * transfer queue as the desktop app does ({@code new TransferQueue(settings, source, store)},
 * {@code addDownload}/{@code addUpload}, {@code start}, {@code awaitIdle}), after a warm-up round,
 * against the vsftpd the script started; every run's bytes are compared with the source before it
 * counts. With {@code gui}, the real main window lists a 20,000-entry folder (to the first painted
 * frame that shows it, then sorted) and runs 10,000 items while a probe measures how late the FX
 * thread runs a posted task.
 * <pre>
 * WarmBench files|gui --work DIR --plain-port P --ftps-port P --fingerprint SHA256 --runs N --csv FILE [--only REGEX]
 * </pre>
 * Rows are appended to the CSV in the script's format (see bench.sh). Only public APIs of the
 * queue and the window are used.
 */
public final class WarmBench {

    static final String USER = "ferry-interop";
    static final String PASSWORD = "ferry-interop-pw";
    static final int SESSIONS = 4;

    private final Path work;
    private final int plainPort;
    private final int ftpsPort;
    private final String fingerprint;
    private final int runs;
    private final Path csv;
    private final Pattern only;
    private final Path config;

    private WarmBench(Map<String, String> options) {
        work = Path.of(required(options, "work"));
        plainPort = Integer.parseInt(required(options, "plain-port"));
        ftpsPort = Integer.parseInt(required(options, "ftps-port"));
        fingerprint = required(options, "fingerprint");
        runs = Integer.parseInt(options.getOrDefault("runs", "3"));
        csv = Path.of(required(options, "csv"));
        only = Pattern.compile(options.getOrDefault("only", ".*"));
        config = work.resolve("config-warm");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !Set.of("files", "gui").contains(args[0])) {
            System.err.println("usage: WarmBench files|gui --work DIR --plain-port P --ftps-port P --fingerprint SHA256"
                    + " --runs N --csv FILE [--only REGEX]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        WarmBench bench = new WarmBench(options);
        Files.createDirectories(bench.config);
        System.setProperty("ferry.config.dir", bench.config.toString());
        if (args[0].equals("files")) {
            bench.files();
        } else {
            bench.gui();
        }
        System.exit(0);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    // ------------------------------------------------------------------ connections

    ConnectionSettings plain() {
        return ConnectionSettings.builder("127.0.0.1").port(plainPort).user(USER).password(PASSWORD)
                .tlsMode(TlsMode.NONE).build();
    }

    /** As the app connects: explicit TLS, the certificate trusted by fingerprint. */
    ConnectionSettings ftps() {
        return ConnectionSettings.builder("127.0.0.1").port(ftpsPort).user(USER).password(PASSWORD)
                .tlsMode(TlsMode.EXPLICIT)
                .certificateTrust(CertificateTrust.nonInteractive(KnownHostsFile.openDefault(), Set.of(fingerprint)))
                .build();
    }

    /**
     * A path on the server. vsftpd without chroot shows the whole file system and starts the
     * session in local_root; the queue wants absolute paths, as the app's panes give it.
     */
    String remote(String name) {
        Path root = work.resolve("root");
        return (name.isEmpty() ? root : root.resolve(name)).toString();
    }

    // ------------------------------------------------------------------ file work

    /** One line of the table: what to queue, and how to check the result. */
    record FileCase(String id, long files, long bytes, Runnable prepare, Consumer<TransferQueue> fill,
                    Callable<String> verify) {
    }

    private void files() throws Exception {
        Path root = work.resolve("root");
        Path out = work.resolve("out-warm");
        Path big = work.resolve("local/big.bin");
        long bigSize = Files.size(big);
        List<FileCase> cases = List.of(
                new FileCase("dl1g-plain", 1, bigSize, () -> clean(out),
                        q -> q.addDownload(plain(), null, remote("big.bin"), out.resolve("big.bin"), false, bigSize, null),
                        () -> sameFile(root.resolve("big.bin"), out.resolve("big.bin"))),
                new FileCase("dl1g-ftps", 1, bigSize, () -> clean(out),
                        q -> q.addDownload(ftps(), null, remote("big.bin"), out.resolve("big.bin"), false, bigSize, null),
                        () -> sameFile(root.resolve("big.bin"), out.resolve("big.bin"))),
                new FileCase("up1g-ftps", 1, bigSize, () -> delete(root.resolve("up.bin")),
                        q -> q.addUpload(ftps(), null, big, remote("up.bin"), false),
                        () -> sameFile(big, root.resolve("up.bin"))),
                smallCase("small2k-plain", 2000, root, out, false),
                smallCase("small8k-plain", 8000, root, out, false),
                smallCase("small2k-ftps", 2000, root, out, true));
        for (FileCase c : cases) {
            if (!only.matcher(c.id()).find()) {
                continue;
            }
            System.err.println("warm JVM: " + c.id() + " (warm-up round, then " + runs + " runs)");
            String warmup = runFileCase(c);
            if (warmup.startsWith("FAILED")) {
                System.err.println("warm JVM: " + c.id() + " warm-up " + warmup);
            }
            for (int run = 1; run <= runs; run++) {
                String row = runFileCase(c);
                appendRow(c.id(), "ferry-warm", run, row);
            }
        }
        clean(out);
    }

    private FileCase smallCase(String id, int files, Path root, Path out, boolean tls) {
        String tree = id.substring(0, id.indexOf('-'));
        return new FileCase(id, files, files * 4096L, () -> clean(out),
                q -> q.addDownload(tls ? ftps() : plain(), null, remote(tree), out.resolve(tree), true, -1, null),
                () -> sameTree(root.resolve(tree), out.resolve(tree)));
    }

    /** Runs one case on a fresh queue; returns "ok,wall,user,sys,files,bytes,detail" or "FAILED...". */
    private String runFileCase(FileCase c) throws Exception {
        c.prepare().run();
        Path queueFile = config.resolve("queue.json");
        Files.deleteIfExists(queueFile);
        QueueSettings settings = QueueSettings.DEFAULT.withConnections(SESSIONS)
                .withConflictDefault(ConflictAction.OVERWRITE).withIdleTimeout(Duration.ofSeconds(30));
        long[] cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        boolean idle;
        List<ItemSnapshot> items;
        try (TransferQueue queue = new TransferQueue(settings, endpoint -> endpoint.tlsMode() == TlsMode.NONE ? plain() : ftps(),
                new QueueStore(queueFile))) {
            c.fill().accept(queue);
            queue.start();
            idle = queue.awaitIdle(Duration.ofMinutes(30));
            items = queue.snapshot();
        }
        long wall = System.nanoTime() - start;
        long[] cpuAfter = processCpuNanos();
        if (!idle) {
            return failed("the queue was not idle after 30 minutes");
        }
        List<String> problems = items.stream().filter(i -> i.state() != ItemState.DONE)
                .map(i -> i.state() + " " + i.remotePath() + ": " + i.lastError()).limit(3).toList();
        if (!problems.isEmpty()) {
            return failed("items not done: " + problems);
        }
        String mismatch = c.verify().call();
        if (mismatch != null) {
            return failed(mismatch);
        }
        return String.format(Locale.ROOT, "ok,%.3f,%.3f,%.3f,%d,%d,,", wall / 1e9, (cpuAfter[0] - cpuBefore[0]) / 1e9,
                (cpuAfter[1] - cpuBefore[1]) / 1e9, c.files(), c.bytes());
    }

    private static String failed(String why) {
        return "FAILED,,,,,,," + csvText(why);
    }

    // ------------------------------------------------------------------ the window

    private void gui() throws Exception {
        if (System.getenv("DISPLAY") == null) {
            // No X server: the tests' headless platform, painting in software.
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("headless.geometry", "1400x900-32");
        }
        CompletableFuture<MainWindow> shown = new CompletableFuture<>();
        CompletableFuture<AppContext> context = new CompletableFuture<>();
        Platform.startup(() -> {
            Stage stage = new Stage();
            AppContext app = new AppContext(SettingsStore.open(config.resolve("settings.json")), () -> stage);
            MainWindow window = new MainWindow(app, stage, UiState.defaults());
            stage.show();
            context.complete(app);
            shown.complete(window);
        });
        MainWindow window = shown.get(60, TimeUnit.SECONDS);
        AppContext app = context.get();
        String pipeline = onFx(() -> com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName());
        System.err.println("warm JVM window: " + (System.getenv("DISPLAY") == null ? "Monocle headless" : "X " + System.getenv("DISPLAY"))
                + ", " + pipeline);
        try {
            if (only.matcher("app-list20k").find()) {
                listing(window, pipeline);
            }
            if (only.matcher("fx-latency-10k").find()) {
                latency(app, pipeline);
            }
        } finally {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            Platform.runLater(() -> {
                app.close();
                window.stage().close();
                closed.complete(null);
            });
            closed.get(30, TimeUnit.SECONDS);
        }
    }

    /** Opens the 20,000-entry folder in the remote pane, then sorts it by size, each to the painted frame. */
    private void listing(MainWindow window, String pipeline) throws Exception {
        Path folder = work.resolve("root/list20k");
        String expected = listingDigest(expectedEntries(folder));
        int entries;
        try (Stream<Path> list = Files.list(folder)) {
            entries = (int) list.count();
        }
        String home = remote("");
        String target = remote("list20k");
        ConnectionTab tab = onFx(window::currentTab);
        RemotePane pane = tab.remotePane();
        onFx(() -> {
            tab.connect(plain(), null, "bench", home);
            return null;
        });
        awaitOnFx("the remote pane shows " + home, () -> home.equals(pane.location()), Duration.ofSeconds(60));
        System.err.println("warm JVM: app-list20k (warm-up round, then " + runs + " runs)");
        for (int run = 0; run <= runs; run++) {
            long start = onFx(() -> {
                long now = System.nanoTime();
                pane.navigate(target);
                return now;
            });
            long painted = PaintedFrame.await(window.stage().getScene(),
                    () -> target.equals(pane.location()) && entriesShown(pane).size() == entries, Duration.ofMinutes(2));
            String shownDigest = onFx(() -> listingDigest(entriesShown(pane).stream()
                    .map(r -> r.size() + " " + r.name()).toList()));
            String showRow = expected.equals(shownDigest)
                    ? String.format(Locale.ROOT, "ok,%.3f,,,%d,,,pipeline=%s", (painted - start) / 1e9, entries, pipeline)
                    : failed("the table's names and sizes differ from the folder's");

            long sortStart = onFx(() -> {
                long now = System.nanoTime();
                TableColumn<FileRow, ?> size = pane.table().getColumns().stream()
                        .filter(c -> "size".equals(c.getId())).findFirst().orElseThrow();
                size.setSortType(TableColumn.SortType.DESCENDING);
                pane.table().getSortOrder().setAll(List.of(size));
                return now;
            });
            long sorted = PaintedFrame.await(window.stage().getScene(), () -> true, Duration.ofMinutes(1));
            String disorder = onFx(() -> {
                List<FileRow> items = entriesShown(pane);
                for (int i = 1; i < items.size(); i++) {
                    if (items.get(i - 1).size() < items.get(i).size()) {
                        return "row " + i + " is larger than the one above; the table's sort order is "
                                + pane.table().getSortOrder().stream().map(TableColumn::getId).toList()
                                + " and its first sizes " + items.stream().limit(4).map(FileRow::size).toList();
                    }
                }
                return items.size() == entries ? null : items.size() + " rows after sorting";
            });
            String sortRow = disorder == null
                    ? String.format(Locale.ROOT, "ok,%.3f,,,%d,,,pipeline=%s", (sorted - sortStart) / 1e9, entries, pipeline)
                    : failed("not sorted by size descending after the sort: " + disorder);
            if (run > 0) {
                appendRow("app-list20k-show", "ferry-app", run, showRow);
                appendRow("app-list20k-sort", "ferry-app", run, sortRow);
            }
            onFx(() -> {
                pane.table().getSortOrder().clear();
                pane.navigate(home);
                return null;
            });
            awaitOnFx("the remote pane is back at " + home, () -> home.equals(pane.location())
                    && entriesShown(pane).size() < entries, Duration.ofMinutes(1));
        }
    }

    /** The table's rows in their shown order, without the ".." row that leads up. */
    private static List<FileRow> entriesShown(FilePane pane) {
        return pane.table().getItems().stream().filter(row -> !row.isUp()).toList();
    }

    /** 10,000 small files through the app's own queue while the probe posts tasks to the FX thread. */
    private void latency(AppContext app, String pipeline) throws Exception {
        Path root = work.resolve("root");
        Path out = work.resolve("out-warm");
        TransferQueue queue = app.queue();
        queue.setSettings(queue.settings().withConnections(SESSIONS).withConflictDefault(ConflictAction.OVERWRITE));
        System.err.println("warm JVM: fx-latency-10k (warm-up with 2000 items, then " + runs + " runs)");
        for (int run = 0; run <= runs; run++) {
            String tree = run == 0 ? "small2k" : "small10k";
            clean(out);
            long[] cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            boolean idle;
            FxLatencyProbe probe;
            try (FxLatencyProbe running = new FxLatencyProbe()) {
                probe = running;
                queue.addDownload(plain(), null, remote(tree), out.resolve(tree), true, -1, null);
                queue.start();
                idle = queue.awaitIdle(Duration.ofMinutes(30));
                long wall = System.nanoTime() - start;
                long[] cpuAfter = processCpuNanos();
                // The window catches up with the last progress while the probe still measures.
                PaintedFrame.await(app.window().getScene(), () -> true, Duration.ofMinutes(1));
                Thread.sleep(300);
                if (run == 0) {
                    onFx(() -> {
                        queue.removeFinished();
                        return null;
                    });
                    continue;
                }
                List<ItemSnapshot> items = queue.snapshot();
                String problem = !idle ? "the queue was not idle after 30 minutes"
                        : items.stream().anyMatch(i -> i.state() != ItemState.DONE) ? "items not done: " + items.stream()
                        .filter(i -> i.state() != ItemState.DONE).map(i -> i.state() + " " + i.remotePath() + ": " + i.lastError())
                        .limit(3).toList()
                        : sameTree(root.resolve(tree), out.resolve(tree));
                String row = problem != null ? failed(problem) : String.format(Locale.ROOT,
                        "ok,%.3f,%.3f,%.3f,%d,%d,,p50_ms=%.1f;p90_ms=%.1f;p99_ms=%.1f;max_ms=%d;over_100ms=%d;samples=%d;"
                                + "worst_blocked_ms=%d;worst_computing_ms=%d;worst_cpu_wait_ms=%d;worst_paint_wait_ms=%d;pipeline=%s",
                        wall / 1e9, (cpuAfter[0] - cpuBefore[0]) / 1e9, (cpuAfter[1] - cpuBefore[1]) / 1e9, 10_000, 10_000 * 4096L,
                        probe.delayPercentileMillis(0.5), probe.delayPercentileMillis(0.9), probe.delayPercentileMillis(0.99),
                        probe.worstDelayMillis(), probe.delaysOver(100), probe.samples(), probe.worstBlockedMillis(),
                        probe.worstComputingMillis(), probe.worstStarvedMillis(), probe.worstPaintWaitMillis(), pipeline);
                appendRow("fx-latency-10k", "ferry-app", run, row);
                onFx(() -> {
                    queue.removeFinished();
                    return null;
                });
            }
        }
        clean(out);
    }

    // ------------------------------------------------------------------ checking the bytes

    /** Null when both files have the same size and SHA-256, else what differs. */
    static String sameFile(Path expected, Path actual) throws IOException {
        if (!Files.isRegularFile(actual)) {
            return "missing: " + actual;
        }
        if (Files.size(expected) != Files.size(actual)) {
            return "size " + Files.size(actual) + " instead of " + Files.size(expected) + ": " + actual;
        }
        return sha256(expected).equals(sha256(actual)) ? null : "SHA-256 differs: " + actual;
    }

    /** Null when both trees hold the same files (relative paths, sizes, SHA-256) and nothing else. */
    static String sameTree(Path expected, Path actual) throws IOException {
        if (!Files.isDirectory(actual)) {
            return "missing: " + actual;
        }
        List<String> want = relativeFiles(expected);
        List<String> got = relativeFiles(actual);
        if (!want.equals(got)) {
            List<String> missing = new ArrayList<>(want);
            missing.removeAll(got);
            List<String> extra = new ArrayList<>(got);
            extra.removeAll(want);
            return got.size() + " files instead of " + want.size() + "; missing " + missing.stream().limit(3).toList()
                    + ", unexpected " + extra.stream().limit(3).toList();
        }
        for (String file : want) {
            String problem = sameFile(expected.resolve(file), actual.resolve(file));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static List<String> relativeFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "size name" of every entry of a folder, as the listing must show them. */
    static List<String> expectedEntries(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> {
                try {
                    return Files.size(p) + " " + p.getFileName();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    static String listingDigest(List<String> sizeAndName) {
        MessageDigest digest = sha256();
        sizeAndName.stream().sorted(Comparator.naturalOrder())
                .forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }

    // ------------------------------------------------------------------ helpers

    /** CPU time of this whole JVM (all threads: transfers, GC, JIT), user and system, from /proc. */
    static long[] processCpuNanos() {
        try {
            // Its first line: read whole, a /proc file (whose size says 0) came back cut short on JDK 25.
            String stat = Files.readAllLines(Path.of("/proc/self/stat")).getFirst();
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticksPerSecond = 100; // USER_HZ on Linux
            return new long[]{Long.parseLong(fields[11]) * 1_000_000_000L / ticksPerSecond,
                    Long.parseLong(fields[12]) * 1_000_000_000L / ticksPerSecond};
        } catch (IOException | RuntimeException e) {
            long total = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new long[]{total, 0};
        }
    }

    private void appendRow(String caseId, String tool, int run, String result) throws IOException {
        String line = caseId + "," + tool + "," + run + "," + result + "\n";
        Files.writeString(csv, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.err.println("  " + line.strip());
    }

    static String csvText(String text) {
        return "\"" + text.replace("\"", "'").replace("\n", " ") + "\"";
    }

    private static void clean(Path directory) {
        delete(directory);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T onFx(Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(2, TimeUnit.MINUTES);
    }

    private static void awaitOnFx(String what, Callable<Boolean> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!onFx(condition)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
