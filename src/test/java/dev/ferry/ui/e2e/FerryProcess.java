package dev.ferry.ui.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real desktop app in a child JVM on a {@link Desktop}, started as the launcher starts it
 * ({@code dev.ferry.Main} without arguments) with a private configuration folder, and its test
 * hook to ask where things are on screen.
 */
public final class FerryProcess implements AutoCloseable {

    /** Where a node is on screen, and what it says. */
    public record Box(int x, int y, int width, int height, String type, String id, String text) {
        public double centerX() {
            return x + width / 2.0;
        }

        public double centerY() {
            return y + height / 2.0;
        }

        static Box parse(String line) {
            String[] parts = line.split(" ", 7);
            return new Box(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]), parts[4], parts[5], parts.length > 6 ? parts[6] : "");
        }
    }

    /** A JavaFX window: its position and size and its scene's size as JavaFX sees them, and its title. */
    public record FxWindow(int x, int y, int width, int height, int sceneWidth, int sceneHeight, String title) {
        static FxWindow parse(String line) {
            String[] parts = line.split(" ", 7);
            return new FxWindow(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]), Integer.parseInt(parts[4]), Integer.parseInt(parts[5]),
                    parts.length > 6 ? parts[6] : "");
        }
    }

    private final Desktop desktop;
    private final Process process;
    private final Path log;
    private Socket socket;
    private BufferedReader in;
    private PrintWriter out;

    private FerryProcess(Desktop desktop, Process process, Path log) {
        this.desktop = desktop;
        this.process = process;
        this.log = log;
    }

    /** Starts the app with this configuration folder and waits for its main window. */
    public static FerryProcess start(Desktop desktop, Path config, Map<String, String> environment) throws Exception {
        Files.createDirectories(config);
        Path hookFile = config.resolveSibling(config.getFileName() + ".hook");
        Files.deleteIfExists(hookFile);
        Path log = config.resolveSibling(config.getFileName() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        // The app lives for a few seconds to a minute; C2's compiler threads would take much of the two
        // cores from its start (most of these tests' time) and from Xvfb and the window manager.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djavafx.cachedir=" + Path.of("target", "openjfx-cache").toAbsolutePath());
        command.add("-Dferry.testHook=" + hookFile);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.ferry.Main");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("FERRY_") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().put("DISPLAY", desktop.display());
        builder.environment().put("FERRY_CONFIG_DIR", config.toString());
        builder.environment().put("HOME", config.resolveSibling("home").toString());
        // No session bus: GTK must not wait for accessibility or portals that are not there.
        builder.environment().put("NO_AT_BRIDGE", "1");
        builder.environment().put("GTK_A11Y", "none");
        builder.environment().putAll(environment);
        Files.createDirectories(config.resolveSibling("home"));
        FerryProcess app = new FerryProcess(desktop, builder.start(), log);
        try {
            desktop.waitFor("the test hook of the app (log " + log + ")", 60, () -> {
                app.checkAlive();
                return Files.exists(hookFile) && !readQuietly(hookFile).isBlank();
            });
            int port = Integer.parseInt(readQuietly(hookFile).strip());
            app.socket = new Socket(InetAddress.getLoopbackAddress(), port);
            app.socket.setSoTimeout(20_000);
            app.in = new BufferedReader(new InputStreamReader(app.socket.getInputStream(), StandardCharsets.UTF_8));
            app.out = new PrintWriter(app.socket.getOutputStream(), true, StandardCharsets.UTF_8);
            desktop.waitFor("the main window to be mapped", 60, () -> !desktop.windowsNamed("^Ferry$").isEmpty());
            return app;
        } catch (Throwable e) {
            app.close();
            throw e;
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the app exited with " + process.exitValue() + ":\n" + readQuietly(log));
        }
    }

    /** Asks the hook; one answer line per result. */
    public synchronized List<String> ask(String question) {
        checkAlive();
        out.println(question);
        List<String> lines = new ArrayList<>();
        try {
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                if (line.startsWith("error ")) {
                    throw new AssertionError("test hook: " + line + (line.contains("did not answer")
                            ? "\n" + threadDump() : ""));
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines;
    }

    public List<Box> nodes(String selector) {
        return ask("nodes " + selector).stream().map(Box::parse).toList();
    }

    public Optional<Box> node(String selector) {
        return nodes(selector).stream().findFirst();
    }

    /** The cell of a file table ("local", "remote") showing {@code name}, once it is there. */
    public Box cell(String table, String name) {
        List<Box> found = new ArrayList<>();
        desktop.waitFor(name + " in the " + table + " table", () -> {
            found.clear();
            nodes("#" + table + "-table .table-cell").stream().filter(b -> b.text().equals(name)).forEach(found::add);
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    /** The first node matching {@code selector}, once it is on screen. */
    public Box nodeOnScreen(String selector) {
        Box[] found = new Box[1];
        desktop.waitFor(selector + " on screen", () -> {
            found[0] = node(selector).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    public List<Box> text(String text) {
        return ask("text " + text).stream().map(Box::parse).toList();
    }

    /** The first node showing exactly this text inside a window's area {@code within}, if given. */
    public Optional<Box> textIn(String text, String typePrefix) {
        return text(text).stream().filter(b -> typePrefix == null || b.type().startsWith(typePrefix)).findFirst();
    }

    public List<String> items(String tableId) {
        return ask("items " + tableId);
    }

    public List<FxWindow> windows() {
        return ask("windows").stream().map(FxWindow::parse).toList();
    }

    public String focus() {
        List<String> lines = ask("focus");
        return lines.isEmpty() ? "" : lines.getFirst();
    }

    /** The app's threads, for a hang: what the FX thread is doing. */
    public String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int fx = dump.indexOf("\"JavaFX Application Thread\"");
            return fx < 0 ? dump : dump.substring(fx, Math.min(dump.length(), fx + 6000));
        } catch (IOException e) {
            return "no thread dump: " + e;
        }
    }

    public String log() {
        return readQuietly(log);
    }

    public Desktop desktop() {
        return desktop;
    }

    /** The app's process id: what its staging folders for drags are named after. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the app has ended by itself, as when the user closed its window. */
    public void awaitExit(String what) {
        desktop.waitFor(what + " (log " + log + ")", 60, () -> !process.isAlive());
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            // Closing anyway.
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            // The app's output outlives the test's temporary folder, for whoever reads a failure.
            Path kept = Files.createDirectories(Path.of("target", "e2e")).resolve("app-" + process.pid() + ".log");
            Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Nothing to keep.
        }
    }
}
