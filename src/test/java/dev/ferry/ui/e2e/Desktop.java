package dev.ferry.ui.e2e;

import dev.ferry.testing.Interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A private X display (Xvfb) with a real window manager (openbox), and the user's hands on it
 * (xdotool): pointer moves, clicks, drags and keys are real X events, delivered to whatever
 * window is under the pointer or focused, as with a person at the machine.
 */
public final class Desktop implements AutoCloseable {

    public static final int WIDTH = 1400;
    public static final int HEIGHT = 900;

    private final int display;
    private final Process xvfb;
    private final Process windowManager;
    private final Path work;

    private Desktop(int display, Process xvfb, Process windowManager, Path work) {
        this.display = display;
        this.xvfb = xvfb;
        this.windowManager = windowManager;
        this.work = work;
    }

    /** Starts Xvfb and openbox on a free display, or skips the test when they are not installed. */
    public static Desktop start(Path work) throws Exception {
        for (String tool : List.of("/usr/bin/Xvfb", "/usr/bin/openbox", "/usr/bin/xdotool", "/usr/bin/import")) {
            if (!Files.isExecutable(Path.of(tool))) {
                Interop.unavailable(tool + " is missing (Debian packages xvfb, openbox, xdotool, imagemagick)");
            }
        }
        Files.createDirectories(work);
        // FERRY_E2E_DISPLAYS=FIRST-LAST keeps the tests to displays a shared machine leaves them.
        String range = System.getenv().getOrDefault("FERRY_E2E_DISPLAYS", "70-199");
        int first = Integer.parseInt(range.substring(0, range.indexOf('-')).strip());
        int last = Integer.parseInt(range.substring(range.indexOf('-') + 1).strip());
        for (int n = first; n <= last; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process xvfb = new ProcessBuilder("/usr/bin/Xvfb", ":" + n, "-screen", "0", WIDTH + "x" + HEIGHT + "x24",
                    "-nolisten", "tcp", "-noreset")
                    .redirectErrorStream(true).redirectOutput(work.resolve("xvfb-" + n + ".log").toFile()).start();
            Path socket = Path.of("/tmp/.X11-unix/X" + n);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (xvfb.isAlive() && !Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (!xvfb.isAlive() || !Files.exists(socket)) {
                xvfb.destroyForcibly();
                continue; // Another test took that display at the same moment: try the next.
            }
            ProcessBuilder openbox = new ProcessBuilder("/usr/bin/openbox", "--sm-disable")
                    .redirectErrorStream(true).redirectOutput(work.resolve("openbox.log").toFile());
            openbox.environment().put("DISPLAY", ":" + n);
            Process wm = openbox.start();
            Desktop desktop = new Desktop(n, xvfb, wm, work);
            desktop.waitFor("openbox to manage the screen", () -> desktop.xprop("-root", "_NET_SUPPORTING_WM_CHECK")
                    .contains("window id"));
            return desktop;
        }
        throw new IOException("no free X display between :" + first + " and :" + last);
    }

    public String display() {
        return ":" + display;
    }

    /** Runs xdotool with these arguments; returns what it printed. */
    public String xdotool(String... args) {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/xdotool");
        command.addAll(List.of(args));
        return run(command);
    }

    String xprop(String... args) {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/xprop");
        command.addAll(List.of(args));
        return run(command);
    }

    private String run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DISPLAY", display());
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("did not finish in 30 s: " + command);
            }
            return new String(output, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void click(double x, double y) {
        xdotool("mousemove", "--sync", fmt(x), fmt(y), "click", "1");
    }

    public void doubleClick(double x, double y) {
        xdotool("mousemove", "--sync", fmt(x), fmt(y), "click", "--repeat", "2", "--delay", "80", "1");
    }

    public void rightClick(double x, double y) {
        xdotool("mousemove", "--sync", fmt(x), fmt(y), "click", "3");
    }

    /**
     * Presses the button at one point and releases it at another, moving in small steps as a
     * hand does: toolkits start a drag only after the pointer has moved a few pixels while pressed.
     */
    public void drag(double fromX, double fromY, double toX, double toY) {
        List<String> args = new ArrayList<>(List.of("mousemove", "--sync", fmt(fromX), fmt(fromY), "mousedown", "1"));
        int steps = 24;
        for (int i = 1; i <= steps; i++) {
            double x = fromX + (toX - fromX) * i / steps;
            double y = fromY + (toY - fromY) * i / steps;
            args.addAll(List.of("sleep", "0.03", "mousemove", fmt(x), fmt(y)));
        }
        // A few small moves over the target: the drop target needs motion to accept the drop.
        args.addAll(List.of("sleep", "0.1", "mousemove", fmt(toX + 2), fmt(toY), "sleep", "0.1",
                "mousemove", fmt(toX), fmt(toY), "sleep", "0.2", "mouseup", "1"));
        xdotool(args.toArray(String[]::new));
    }

    /**
     * The first part of a drag that is not over in one go: presses the button at a point and
     * moves, in steps, to another, holding the button ({@link #dragOn}, {@link #dropAt}). A person
     * dragging a file to another window may stop on the way, watching something, before going on.
     */
    public void pressAndDrag(double fromX, double fromY, double toX, double toY) {
        List<String> args = new ArrayList<>(List.of("mousemove", "--sync", fmt(fromX), fmt(fromY), "mousedown", "1"));
        addSteps(args, fromX, fromY, toX, toY);
        xdotool(args.toArray(String[]::new));
    }

    /** Goes on with a drag from {@link #pressAndDrag}: moves in steps, the button still held. */
    public void dragOn(double fromX, double fromY, double toX, double toY) {
        List<String> args = new ArrayList<>();
        addSteps(args, fromX, fromY, toX, toY);
        xdotool(args.toArray(String[]::new));
    }

    /**
     * Ends a drag from {@link #pressAndDrag} where the pointer is: small moves over the target, then the release.
     * A drop counts only once the target has answered a move with its acceptance, which another process's
     * window (the stand-in file manager) may take a while to do on a busy machine: a hover of a second, as a
     * hand gives it, rather than a fifth.
     */
    public void dropAt(double x, double y) {
        xdotool("sleep", "0.1", "mousemove", fmt(x + 2), fmt(y), "sleep", "0.2",
                "mousemove", fmt(x), fmt(y), "sleep", "0.3", "mousemove", fmt(x + 1), fmt(y), "sleep", "0.2",
                "mousemove", fmt(x), fmt(y), "sleep", "0.2", "mouseup", "1");
    }

    private static void addSteps(List<String> args, double fromX, double fromY, double toX, double toY) {
        int steps = 24;
        for (int i = 1; i <= steps; i++) {
            double x = fromX + (toX - fromX) * i / steps;
            double y = fromY + (toY - fromY) * i / steps;
            args.addAll(List.of("sleep", "0.03", "mousemove", fmt(x), fmt(y)));
        }
    }

    public void key(String... keys) {
        List<String> args = new ArrayList<>(List.of("key", "--clearmodifiers"));
        args.addAll(List.of(keys));
        xdotool(args.toArray(String[]::new));
    }

    public void type(String text) {
        xdotool("type", "--delay", "8", text);
    }

    /** The X windows whose name matches (a regular expression), as xdotool ids. */
    public List<String> windowsNamed(String pattern) {
        String output = xdotool("search", "--onlyvisible", "--name", pattern);
        return output.isBlank() ? List.of() : List.of(output.split("\\s+"));
    }

    /** "x y width height" of an X window as the window manager placed it (client area). */
    public int[] geometry(String windowId) {
        String output = xdotool("getwindowgeometry", "--shell", windowId);
        int x = 0;
        int y = 0;
        int w = 0;
        int h = 0;
        for (String line : output.split("\n")) {
            String[] kv = line.split("=");
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0]) {
                case "X" -> x = Integer.parseInt(kv[1].strip());
                case "Y" -> y = Integer.parseInt(kv[1].strip());
                case "WIDTH" -> w = Integer.parseInt(kv[1].strip());
                case "HEIGHT" -> h = Integer.parseInt(kv[1].strip());
                default -> { }
            }
        }
        return new int[]{x, y, w, h};
    }

    /** A PNG of the whole screen. */
    public void screenshot(Path png) {
        run(List.of("/usr/bin/import", "-display", display(), "-window", "root", png.toString()));
    }

    /** Waits until {@code condition} holds, up to 30 s; the message says what was awaited. */
    public void waitFor(String what, Supplier<Boolean> condition) {
        waitFor(what, 30, condition);
    }

    public void waitFor(String what, int seconds, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("Timed out after " + seconds + " s waiting for " + what, last);
    }

    private static String fmt(double value) {
        return Long.toString(Math.round(value));
    }

    @Override
    public void close() {
        windowManager.destroy();
        xvfb.destroy();
        try {
            windowManager.waitFor(5, TimeUnit.SECONDS);
            xvfb.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        windowManager.destroyForcibly();
        xvfb.destroyForcibly();
    }

    Path work() {
        return work;
    }
}
