package dev.ferry.ui;

import dev.ferry.ui.dialogs.Dialogs;
import javafx.application.HostServices;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens files and folders with the system's applications. On Linux through {@code xdg-open},
 * whose exit code says whether an application was found; when none is, the user is told and
 * offered to choose a program or to see the file in its folder (JavaFX's host services fail
 * without a word); a program chosen there opens the next files of that type, unless the user
 * said otherwise ({@link OpenWithPrograms}). Elsewhere through JavaFX's host services.
 */
public final class DesktopOpener {

    private static volatile HostServices hostServices;

    private DesktopOpener() {
    }

    static void init(HostServices services) {
        hostServices = services;
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /** The program that opens a file with its registered application (a system property for tests). */
    private static String opener() {
        return System.getProperty("ferry.opener", "xdg-open");
    }

    /** Opens {@code path}; call on the FX thread. Failures are reported in a dialog. */
    public static void open(Path path) {
        if (!linux()) {
            HostServices services = hostServices;
            if (services != null) {
                services.showDocument(path.toUri().toString());
            }
            return;
        }
        Background.onOwnThread("ferry-open", () -> {
            OpenWithPrograms programs = OpenWithPrograms.shared();
            Optional<Path> chosen = programs.programFor(path);
            if (chosen.isPresent()) {
                if (run(List.of(chosen.get().toString(), path.toString()))) {
                    return true;
                }
                // It no longer opens files (removed, broken): asked again, as if never chosen.
                programs.forget(path);
            }
            return run(List.of(opener(), path.toString()));
        }, opened -> {
            if (!opened) {
                offerAlternatives(path);
            }
        }, failure -> offerAlternatives(path));
    }

    /**
     * Shows a folder in the file manager (the queue's "Open containing folder"); call on the FX
     * thread. A folder not there (yet), or nothing to show it with, is said in those words: a
     * folder has no "application" to choose instead.
     */
    public static void showFolder(Path folder) {
        Window owner = Dialogs.ownerOr(null);
        Background.onOwnThread("ferry-open", () -> {
            if (!Files.isDirectory(folder)) {
                return I18n.t("open.folderMissing", folder);
            }
            if (!linux()) {
                HostServices services = hostServices;
                if (services == null) {
                    return I18n.t("open.noFileManager", folder);
                }
                Platform.runLater(() -> services.showDocument(folder.toUri().toString()));
                return null;
            }
            return run(List.of(opener(), folder.toString())) ? null : I18n.t("open.noFileManager", folder);
        }, problem -> {
            if (problem != null) {
                Dialogs.error(owner, new IOException(problem));
            }
        }, failure -> Dialogs.error(owner, failure));
    }

    /** Starts the command; true when it reported success (xdg-open: exit 0). */
    private static boolean run(List<String> command) throws InterruptedException {
        return startFailure(command) == null;
    }

    /**
     * The system's reason in the JDK's words for a program that did not start: "Cannot run program
     * "/x": Exec failed, error: 13 (Permission denied)" (JDK 25), "…: error=13, Permission denied"
     * (earlier). The whole message where neither form is found.
     */
    static String systemReason(IOException e) {
        String message = String.valueOf(e.getMessage()).strip();
        java.util.regex.Matcher inParentheses = java.util.regex.Pattern.compile("error: \\d+ \\(([^()]+)\\)$").matcher(message);
        if (inParentheses.find()) {
            return inParentheses.group(1);
        }
        java.util.regex.Matcher afterComma = java.util.regex.Pattern.compile("error=\\d+, (.+)$").matcher(message);
        return afterComma.find() ? afterComma.group(1) : message;
    }

    /** Starts the command; null when it reported success, else why not in words (U4: only "could not open"). */
    private static String startFailure(List<String> command) throws InterruptedException {
        Path program = Path.of(command.getFirst()).getFileName();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // xdg-open returns once the application is started; a viewer that stays is fine too.
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                return null;
            }
            int exit = process.exitValue();
            return exit == 0 ? null : I18n.t("open.exited", program, exit);
        } catch (IOException e) {
            return I18n.t("open.notStarted", program, systemReason(e));
        }
    }

    /**
     * Opens {@code path} with the program the user chose; remembered for the file's type once it
     * started, so that a program that cannot open files is not tried on the next one.
     */
    static void openWith(Path path, Path program, boolean remember, Window owner) {
        Background.onOwnThread("ferry-open", () -> {
            String problem = startFailure(List.of(program.toString(), path.toString()));
            if (problem == null && remember) {
                OpenWithPrograms.shared().remember(path, program);
            }
            return Optional.ofNullable(problem);
        }, problem -> problem.ifPresent(words -> Dialogs.error(owner, new IOException(words))),
                failure -> Dialogs.error(owner, failure));
    }

    /**
     * The file menu's "Open with…": a program chosen for this file, kept for its type as the
     * question's is, so that a choice made before can be changed (xdg-open itself gives the type
     * back to the desktop's own application).
     */
    public static void openWithChosenProgram(Path path, Window owner) {
        chooseProgram(owner).ifPresent(program -> openWith(path, program, true, owner));
    }

    private static Optional<Path> chooseProgram(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(I18n.t("open.with"));
        chooser.setInitialDirectory(new File("/usr/bin").isDirectory() ? new File("/usr/bin") : null);
        File program = chooser.showOpenDialog(owner);
        return Optional.ofNullable(program).map(File::toPath);
    }

    private static void offerAlternatives(Path path) {
        Window owner = Dialogs.ownerOr(null);
        ButtonType openWith = new ButtonType(I18n.t("open.with"), ButtonBar.ButtonData.OTHER);
        ButtonType showFolder = new ButtonType(I18n.t("open.showFolder"), ButtonBar.ButtonData.OTHER);
        ButtonType close = new ButtonType(I18n.t("button.close"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, path.toString(), openWith, showFolder, close);
        Dialogs.prepare(alert, owner);
        alert.getDialogPane().setId("open-failed-dialog");
        alert.setTitle(I18n.t("app.title"));
        alert.setHeaderText(I18n.t("open.noApplication", path.getFileName() == null ? path : path.getFileName()));
        Optional<String> extension = OpenWithPrograms.extension(path);
        CheckBox remember = new CheckBox(extension.map(type -> I18n.t("open.withRemember", type)).orElse(""));
        remember.setId("open-with-remember");
        remember.setSelected(extension.isPresent());
        if (extension.isPresent()) {
            Label where = new Label(path.toString());
            where.setWrapText(true);
            alert.getDialogPane().setContent(new VBox(10, where, remember));
        }
        ButtonType answer = alert.showAndWait().orElse(close);
        if (answer == openWith) {
            chooseProgram(owner).ifPresent(program -> openWith(path, program, remember.isSelected(), owner));
        } else if (answer == showFolder) {
            Path folder = path.toAbsolutePath().getParent();
            if (folder != null) {
                Background.onOwnThread("ferry-open", () -> run(List.of(opener(), folder.toString())), shown -> {
                    if (!shown) {
                        Dialogs.error(owner, new IOException(I18n.t("open.noFileManager", folder)));
                    }
                }, failure -> Dialogs.error(owner, failure));
            }
        }
    }
}
