package dev.ferry.ui.e2e;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A stand-in for a file manager (Nautilus, Thunar) in its own JVM, for {@link DragOutTest}: a
 * small window that takes dropped files as a copy and, as those do, copies the dropped paths
 * into its folder at drop time. It writes one line per dropped path to its log: "copied NAME
 * SIZE", "copied NAME/ FILES" for a folder, or "missing NAME" (nothing was there to copy).
 *
 * <p>Arguments: the folder, the log, and the window's x, y, width and height; then, optionally, a
 * folder whose files a drag that begins in the window carries out (as a copy), as a file manager's
 * drag of its selection does.
 */
public final class StandInFileManager {

    public static final String TITLE = "Stand-in Files";

    private StandInFileManager() {
    }

    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    /** The window; public for the toolkit's launcher. */
    public static final class Window extends Application {

        @Override
        public void start(Stage stage) {
            List<String> args = getParameters().getRaw();
            Path folder = Path.of(args.get(0));
            Path log = Path.of(args.get(1));
            Label label = new Label("Drop files here");
            StackPane root = new StackPane(label);
            root.setStyle("-fx-background-color: #dde8f0;");
            root.setOnDragOver(e -> {
                if (e.getDragboard().hasFiles()) {
                    e.acceptTransferModes(TransferMode.COPY);
                    e.consume();
                }
            });
            root.setOnDragDropped(e -> {
                StringBuilder lines = new StringBuilder();
                for (File file : e.getDragboard().getFiles()) {
                    Path source = file.toPath();
                    String name = source.getFileName().toString();
                    try {
                        if (Files.isDirectory(source)) {
                            lines.append("copied ").append(name).append("/ ")
                                    .append(copyTree(source, folder.resolve(name))).append('\n');
                        } else if (Files.isRegularFile(source)) {
                            Path copy = Files.copy(source, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                            lines.append("copied ").append(name).append(' ').append(Files.size(copy)).append('\n');
                        } else {
                            lines.append("missing ").append(name).append('\n');
                        }
                    } catch (IOException failure) {
                        lines.append("failed ").append(name).append(' ').append(failure).append('\n');
                    }
                }
                label.setText(lines.toString().strip());
                write(log, lines.toString());
                e.setDropCompleted(true);
                e.consume();
            });
            if (args.size() > 6) {
                Path outbox = Path.of(args.get(6));
                root.setOnDragDetected(e -> {
                    javafx.scene.input.Dragboard board = root.startDragAndDrop(TransferMode.COPY);
                    javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
                    try (java.util.stream.Stream<Path> files = Files.list(outbox)) {
                        content.putFiles(files.sorted().map(Path::toFile).toList());
                    } catch (IOException failure) {
                        throw new java.io.UncheckedIOException(failure);
                    }
                    board.setContent(content);
                    write(log, "dragging\n");
                    e.consume();
                });
            }
            stage.setTitle(TITLE);
            stage.setScene(new Scene(root, Double.parseDouble(args.get(4)), Double.parseDouble(args.get(5))));
            stage.setX(Double.parseDouble(args.get(2)));
            stage.setY(Double.parseDouble(args.get(3)));
            stage.show();
            write(log, "ready\n");
        }

        /** Copies a folder as a file manager does; returns how many files it held. */
        private static int copyTree(Path source, Path target) throws IOException {
            int[] files = {0};
            try (java.util.stream.Stream<Path> walk = Files.walk(source)) {
                for (Path from : walk.toList()) {
                    Path to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                        files[0]++;
                    }
                }
            }
            return files[0];
        }

        private static void write(Path log, String text) {
            try {
                Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
