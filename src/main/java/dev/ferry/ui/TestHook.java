package dev.ferry.ui;

import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * For the end-to-end tests that drive the real window with real pointer and keyboard events:
 * tells where things are on screen, so the test knows where to click. Off unless the JVM is
 * started with {@code -Dferry.testHook=FILE}; then it listens on 127.0.0.1 (port written to
 * FILE) and answers one-line questions with lines ending in an empty line:
 * {@code windows}, {@code nodes CSS-SELECTOR}, {@code text EXACT-TEXT}, {@code items TABLE-ID},
 * {@code focus}, {@code queue}, {@code drag}, {@code drags}, {@code truncated WINDOW-TITLE}. Answers never contain passwords: text fields are reported by id only.
 */
final class TestHook {

    private static volatile AppContext app;

    private TestHook() {
    }

    static void attach(AppContext context) {
        app = context;
    }

    static void startIfAsked() {
        String file = System.getProperty("ferry.testHook");
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            Files.writeString(Path.of(file), Integer.toString(server.getLocalPort()));
            Thread.ofPlatform().daemon().name("ferry-test-hook").start(() -> serve(server));
        } catch (IOException e) {
            System.err.println("ferry test hook: " + e.getMessage());
        }
    }

    private static void serve(ServerSocket server) {
        while (true) {
            try (Socket client = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                    for (String answer : answer(line)) {
                        out.println(answer.replace('\n', ' '));
                    }
                    out.println();
                }
            } catch (IOException e) {
                // The test went away; wait for the next one.
            }
        }
    }

    private static List<String> answer(String line) {
        int space = line.indexOf(' ');
        String command = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1);
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(switch (command) {
                    case "windows" -> windows();
                    case "nodes" -> nodes(argument);
                    case "text" -> text(argument);
                    case "items" -> items(argument);
                    case "focus" -> focus();
                    case "truncated" -> truncated(argument);
                    case "queue" -> List.of(app == null ? "none" : app.queue().totals().toString());
                    // A drag just over still swallows the next press for a moment (DragGuard): the next drag waits.
                    case "drag" -> List.of(DragGuard.busy() ? "busy" : "idle");
                    case "drags" -> List.of(Integer.toString(DragGuard.begun()));
                    default -> List.of("error unknown command " + command);
                });
            } catch (RuntimeException e) {
                result.complete(List.of("error " + e));
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return List.of("error the FX thread did not answer: " + e);
        }
    }

    /** "x y width height title" of each showing window, in screen pixels. */
    private static List<String> windows() {
        List<String> lines = new ArrayList<>();
        for (Window window : Window.getWindows()) {
            if (window.isShowing()) {
                String title = window instanceof Stage stage && stage.getTitle() != null ? stage.getTitle() : "";
                double sceneWidth = window.getScene() == null ? 0 : window.getScene().getWidth();
                double sceneHeight = window.getScene() == null ? 0 : window.getScene().getHeight();
                lines.add(Math.round(window.getX()) + " " + Math.round(window.getY()) + " " + Math.round(window.getWidth())
                        + " " + Math.round(window.getHeight()) + " " + Math.round(sceneWidth) + " " + Math.round(sceneHeight)
                        + " " + title);
            }
        }
        return lines;
    }

    private static List<Node> roots() {
        List<Node> roots = new ArrayList<>();
        for (Window window : Window.getWindows()) {
            if (window.isShowing() && window.getScene() != null) {
                roots.add(window.getScene().getRoot());
            }
        }
        return roots;
    }

    private static List<String> nodes(String selector) {
        List<String> lines = new ArrayList<>();
        for (Node root : roots()) {
            for (Node node : root.lookupAll(selector)) {
                describe(node).ifPresent(lines::add);
            }
        }
        return lines;
    }

    private static List<String> text(String text) {
        List<String> lines = new ArrayList<>();
        for (Node root : roots()) {
            collect(root, node -> node instanceof Labeled labeled && text.equals(labeled.getText()), lines);
        }
        return lines;
    }

    private static void collect(Node node, java.util.function.Predicate<Node> wanted, List<String> lines) {
        if (!node.isVisible()) {
            return;
        }
        if (wanted.test(node)) {
            describe(node).ifPresent(lines::add);
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, wanted, lines);
            }
        }
    }

    /** "x y width height class id text" in screen pixels, for a node that is on screen. */
    private static java.util.Optional<String> describe(Node node) {
        if (!node.isVisible() || node.getScene() == null || node.getScene().getWindow() == null) {
            return java.util.Optional.empty();
        }
        Bounds bounds = node.localToScreen(node.getBoundsInLocal());
        if (bounds == null || bounds.getWidth() <= 0 || bounds.getHeight() <= 0) {
            return java.util.Optional.empty();
        }
        String text = node instanceof Labeled labeled && labeled.getText() != null ? labeled.getText() : "";
        return java.util.Optional.of(Math.round(bounds.getMinX()) + " " + Math.round(bounds.getMinY()) + " "
                + Math.round(bounds.getWidth()) + " " + Math.round(bounds.getHeight()) + " "
                + node.getClass().getSimpleName() + " " + (node.getId() == null ? "-" : node.getId()) + " " + text);
    }

    /** Labels of the window with this title whose text is cut short ("Na…") where it is shown. */
    private static List<String> truncated(String title) {
        List<String> lines = new ArrayList<>();
        for (Window window : Window.getWindows()) {
            if (window.isShowing() && window instanceof Stage stage && title.equals(stage.getTitle())) {
                for (Node node : window.getScene().getRoot().lookupAll(".label")) {
                    if (node instanceof Labeled labeled && labeled.isVisible() && labeled.getText() != null
                            && !labeled.getText().isEmpty() && !labeled.isWrapText()) {
                        for (Node child : labeled.getChildrenUnmodifiable()) {
                            if (child instanceof javafx.scene.text.Text shown && !labeled.getText().equals(shown.getText())) {
                                lines.add(labeled.getText() + " shown as " + shown.getText());
                            }
                        }
                    }
                }
            }
        }
        return lines;
    }

    /** The names shown by a file table, top to bottom. */
    private static List<String> items(String tableId) {
        for (Node root : roots()) {
            Node node = root.lookup("#" + tableId);
            if (node instanceof TableView<?> table) {
                return table.getItems().stream().map(item -> item instanceof dev.ferry.ui.explorer.FileRow row
                        ? row.name() : String.valueOf(item)).toList();
            }
        }
        return List.of("error no table " + tableId);
    }

    /** The focused window's focus owner: its class, id, and for a text field whether it is inside a table. */
    private static List<String> focus() {
        for (Window window : Window.getWindows()) {
            if (window.isFocused() && window.getScene() != null) {
                Node owner = window.getScene().getFocusOwner();
                if (owner == null) {
                    return List.of("none");
                }
                String inTable = "";
                for (Node n = owner.getParent(); n != null; n = n.getParent()) {
                    if (n instanceof TableView<?> && n.getId() != null) {
                        inTable = " in " + n.getId();
                        break;
                    }
                }
                return List.of(owner.getClass().getSimpleName() + " " + (owner.getId() == null ? "-" : owner.getId())
                        + (owner instanceof TextInputControl ? " editor" : "") + inTable);
            }
        }
        return List.of("none");
    }
}
