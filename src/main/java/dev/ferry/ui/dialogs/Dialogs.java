package dev.ferry.ui.dialogs;

import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.LocalFileException;
import dev.ferry.ui.I18n;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.IOException;
import java.util.Optional;

/**
 * Small dialogs: errors in words (with the server's reply, never a stack trace), questions; and
 * what every dialog of Ferry gets: an owner, the owner's theme, button texts from our bundles
 * (JavaFX's own follow the locale the JVM started with), a size that fits its content, and a
 * place inside the owner's screen.
 */
public final class Dialogs {

    public static final ButtonType OK = new ButtonType(I18n.t("button.ok"), ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType CANCEL = new ButtonType(I18n.t("button.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);

    private Dialogs() {
    }

    /** The window a dialog without a given owner belongs to: the focused one, else the first shown. */
    public static Window ownerOr(Window owner) {
        // A window already closed (the Site Manager after its Connect) placed the question where it
        // had been, half off the screen (U4): the window in front then owns it.
        if (owner != null && owner.isShowing()) {
            return owner;
        }
        Window first = null;
        for (Window window : Window.getWindows()) {
            if (window instanceof Stage && window.isShowing()) {
                if (window.isFocused()) {
                    return window;
                }
                first = first == null ? window : first;
            }
        }
        return first;
    }

    /** Owner, theme, resizing, and size and place once shown. Call before showing. */
    public static void prepare(Dialog<?> dialog, Window owner) {
        Window parent = ownerOr(owner);
        if (parent != null) {
            dialog.initOwner(parent);
            if (parent.getScene() != null) {
                dialog.getDialogPane().getStylesheets().setAll(parent.getScene().getStylesheets());
            }
        }
        dialog.setResizable(true);
        // Never shorter than the content: GTK dialogs were shown, now and then, at their minimum
        // height (Settings 125 px, scene and window alike, for good) and stayed so; a minimum of
        // the content's height is what the window system then keeps to. Users may still widen,
        // narrow and heighten them.
        dialog.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        dialog.setOnShown(e -> {
            Window window = dialog.getDialogPane().getScene().getWindow();
            fit(window, parent);
        });
    }

    /**
     * Sizes a shown window to its content (never smaller than the content's minimum) and puts it
     * over the middle of its owner, moved inside the owner's screen so the title bar is reachable.
     */
    public static void fit(Window window, Window owner) {
        if (Double.isNaN(window.getWidth()) || Double.isNaN(window.getHeight())) {
            // A dialog's "shown" comes before the toolkit has sized and framed it: wait for that.
            javafx.beans.InvalidationListener[] once = new javafx.beans.InvalidationListener[1];
            once[0] = o -> {
                if (!Double.isNaN(window.getWidth()) && !Double.isNaN(window.getHeight())) {
                    window.widthProperty().removeListener(once[0]);
                    window.heightProperty().removeListener(once[0]);
                    javafx.application.Platform.runLater(() -> fit(window, owner));
                }
            };
            window.widthProperty().addListener(once[0]);
            window.heightProperty().addListener(once[0]);
            return;
        }
        if (window instanceof Stage stage && stage.getScene() != null) {
            javafx.scene.Parent root = stage.getScene().getRoot();
            root.applyCss();
            root.layout();
            Rectangle2D screen = screenOf(owner != null ? owner : window);
            double frameWidth = positive(stage.getWidth() - stage.getScene().getWidth());
            double frameHeight = positive(stage.getHeight() - stage.getScene().getHeight());
            // Explicit sizes from the content: a window mapped before its content was measured
            // otherwise keeps the size it was first shown with (seen on GTK: 424x68, no controls).
            double width = Math.min(screen.getWidth() - frameWidth,
                    Math.max(stage.getScene().getWidth(), Math.max(root.prefWidth(-1), root.minWidth(-1))));
            double height = Math.min(screen.getHeight() - frameHeight,
                    Math.max(stage.getScene().getHeight(), Math.max(root.prefHeight(-1), root.minHeight(-1))));
            stage.setMinWidth(Math.min(screen.getWidth(), Math.max(200, root.minWidth(-1)) + frameWidth));
            stage.setMinHeight(Math.min(screen.getHeight(), Math.max(100, root.minHeight(-1)) + frameHeight));
            stage.setWidth(width + frameWidth);
            stage.setHeight(height + frameHeight);
            place(window, owner);
            growWithContent(stage, owner);
            return;
        }
        place(window, owner);
    }

    /**
     * Tab panes measure their tabs' content only once their skin has laid it out, some pulses after
     * the window was shown; on a busy machine that came after timers of up to 0.8 s had already
     * looked (Settings stayed 125 px high). So the window looks after each layout pulse instead,
     * until several pulses in a row and a second found it at its content's size: later the size is
     * the user's.
     */
    private static void growWithContent(Stage stage, Window owner) {
        Scene scene = stage.getScene();
        int settledPulsesWanted = 5;
        long watchUntil = System.nanoTime() + 1_000_000_000L;
        int[] settled = {0};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            boolean grew = stage.isShowing() && growToContent(stage, owner);
            settled[0] = grew ? 0 : settled[0] + 1;
            if (!stage.isShowing() || settled[0] >= settledPulsesWanted && System.nanoTime() > watchUntil) {
                scene.removePostLayoutPulseListener(listener[0]);
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    /** True when the window had to grow. */
    private static boolean growToContent(Stage stage, Window owner) {
        if (!stage.isShowing() || stage.getScene() == null) {
            return false;
        }
        javafx.scene.Parent root = stage.getScene().getRoot();
        Rectangle2D screen = screenOf(owner != null ? owner : stage);
        double frameWidth = positive(stage.getWidth() - stage.getScene().getWidth());
        double frameHeight = positive(stage.getHeight() - stage.getScene().getHeight());
        double wantWidth = Math.min(screen.getWidth() - frameWidth, Math.max(root.prefWidth(-1), root.minWidth(-1)));
        double wantHeight = Math.min(screen.getHeight() - frameHeight, Math.max(root.prefHeight(-1), root.minHeight(-1)));
        boolean grow = false;
        if (stage.getScene().getWidth() + 1 < wantWidth) {
            stage.setWidth(wantWidth + frameWidth);
            grow = true;
        }
        if (stage.getScene().getHeight() + 1 < wantHeight) {
            stage.setHeight(wantHeight + frameHeight);
            grow = true;
        }
        stage.setMinWidth(Math.min(screen.getWidth(), Math.max(200, root.minWidth(-1)) + frameWidth));
        stage.setMinHeight(Math.min(screen.getHeight(), Math.max(100, root.minHeight(-1)) + frameHeight));
        if (grow) {
            // Grown in place; moved only as far as needed to stay on the screen.
            double width = positive(stage.getWidth());
            double height = positive(stage.getHeight());
            stage.setX(clamp(stage.getX(), screen.getMinX(), screen.getMaxX() - width));
            stage.setY(clamp(stage.getY(), screen.getMinY(), screen.getMaxY() - height));
        }
        return grow;
    }

    /** Centres {@code window} on {@code owner} (or its screen) and keeps it inside that screen. */
    public static void place(Window window, Window owner) {
        Rectangle2D screen = screenOf(owner != null ? owner : window);
        double width = Math.min(positive(window.getWidth()), screen.getWidth());
        double height = Math.min(positive(window.getHeight()), screen.getHeight());
        if (width != window.getWidth()) {
            window.setWidth(width);
        }
        if (height != window.getHeight()) {
            window.setHeight(height);
        }
        double centreX = owner != null && owner.isShowing() ? owner.getX() + owner.getWidth() / 2
                : screen.getMinX() + screen.getWidth() / 2;
        double centreY = owner != null && owner.isShowing() ? owner.getY() + owner.getHeight() / 2
                : screen.getMinY() + screen.getHeight() / 2;
        window.setX(clamp(centreX - width / 2, screen.getMinX(), screen.getMaxX() - width));
        window.setY(clamp(centreY - height / 2, screen.getMinY(), screen.getMaxY() - height));
    }

    /** Whether a remembered window rectangle still has its title bar on one of the current screens. */
    public static boolean onSomeScreen(double x, double y, double width, double height) {
        if (Double.isNaN(x) || Double.isNaN(y) || width <= 0 || height <= 0) {
            return false;
        }
        for (Screen screen : Screen.getScreens()) {
            Rectangle2D bounds = screen.getVisualBounds();
            // The title bar: the top 30 pixels, of which at least 100 across must be visible.
            Rectangle2D titleBar = new Rectangle2D(x, y, width, Math.min(30, height));
            if (bounds.intersects(titleBar) && y >= bounds.getMinY() - 1
                    && Math.min(x + width, bounds.getMaxX()) - Math.max(x, bounds.getMinX()) >= 100) {
                return true;
            }
        }
        return false;
    }

    static Rectangle2D screenOf(Window window) {
        if (window != null && !Double.isNaN(window.getX()) && window.getWidth() > 0) {
            var screens = Screen.getScreensForRectangle(window.getX(), window.getY(),
                    Math.max(1, window.getWidth()), Math.max(1, window.getHeight()));
            if (!screens.isEmpty()) {
                return screens.getFirst().getVisualBounds();
            }
        }
        return Screen.getPrimary().getVisualBounds();
    }

    private static double positive(double value) {
        return Double.isNaN(value) || value < 0 ? 0 : value;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(value, Math.max(min, max)));
    }

    /** The words for a failure: our messages for our failures, the class name never. */
    public static String describe(Throwable failure) {
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof dev.ferry.message.Explained explained && explained.explanation() != null) {
            return I18n.words(t);
        }
        if (t instanceof java.nio.file.NoSuchFileException missing) {
            return I18n.t("error.noSuchFile", missing.getFile());
        }
        if (t instanceof java.nio.file.AccessDeniedException denied) {
            return I18n.t("error.permissionDenied", denied.getFile());
        }
        if (t instanceof java.nio.file.DirectoryNotEmptyException notEmpty) {
            return I18n.t("error.folderNotEmpty", notEmpty.getFile());
        }
        if (t instanceof java.nio.file.FileAlreadyExistsException exists) {
            return I18n.t("error.alreadyExists", exists.getFile());
        }
        return t.getMessage() != null ? t.getMessage() : I18n.t("error.unexpected", t.getClass().getSimpleName());
    }

    public static void error(Window owner, Throwable failure) {
        if (isCancel(failure)) {
            // The user stopped it (■, a closed tab, quitting): saying "Cancelled" in red tells them nothing.
            return;
        }
        errorAlert(owner, failure).show();
    }

    /**
     * An error about one server, named in the header: with several tabs, a tab in the background
     * may fail while another is in front.
     */
    public static void error(Window owner, Throwable failure, String server) {
        if (isCancel(failure)) {
            return;
        }
        errorAlert(owner, failure, server).show();
    }

    public static Alert errorAlert(Window owner, Throwable failure, String server) {
        Alert alert = errorAlert(owner, failure);
        if (server != null && !server.isBlank()) {
            alert.setHeaderText(I18n.t("dialog.error.server", server));
        }
        return alert;
    }

    /** Whether {@code failure} is work stopped on request, however wrapped on its way to the FX thread. */
    static boolean isCancel(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // Reject in the certificate question: the user has just said no; an error saying so came after it.
            if (cause instanceof dev.ferry.message.Explained explained && explained.explanation() != null
                    && explained.explanation().key() == dev.ferry.tls.TlsText.REJECTED_BY_USER) {
                return true;
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.ferry.ftp.FtpCancelledException) {
                return true;
            }
            if (!(cause instanceof java.util.concurrent.CompletionException
                    || cause instanceof java.util.concurrent.ExecutionException)) {
                return false;
            }
        }
        return false;
    }

    /** That something asked for was done, where nothing else on screen shows it. */
    public static void info(Window owner, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text, OK);
        prepare(alert, owner);
        alert.setTitle(I18n.t("app.title"));
        alert.setHeaderText(null);
        alert.getDialogPane().setId("info-dialog");
        alert.show();
    }

    /** Something the user should know that stopped nothing (the work was done, in part). */
    public static void warning(Window owner, String text) {
        Alert alert = new Alert(Alert.AlertType.WARNING, text, OK);
        prepare(alert, owner);
        alert.setTitle(I18n.t("app.title"));
        alert.setHeaderText(null);
        alert.getDialogPane().setId("warning-dialog");
        alert.show();
    }

    /** The error dialog, not yet shown: a caller may add buttons (Diagnose…). */
    public static Alert errorAlert(Window owner, Throwable failure) {
        Alert alert = new Alert(Alert.AlertType.ERROR, "", OK);
        prepare(alert, owner);
        alert.setTitle(I18n.t("dialog.error.title"));
        alert.setHeaderText(null);
        alert.setContentText(describe(failure));
        if (failure instanceof FtpReplyException reply) {
            alert.getDialogPane().setExpandableContent(new javafx.scene.control.TextArea(reply.reply().toString()));
        }
        alert.getDialogPane().setId("error-dialog");
        return alert;
    }

    public static boolean confirm(Window owner, String header, String detail) {
        return confirmation(owner, header, detail, OK).showAndWait().filter(b -> b == OK).isPresent();
    }

    /** A question answered on a button that says what it does ({@code yes}), or Cancel. */
    public static boolean confirm(Window owner, String header, String detail, String yes) {
        ButtonType doIt = new ButtonType(yes, ButtonBar.ButtonData.OK_DONE);
        Alert alert = confirmation(owner, header, detail, doIt);
        // Titled by what it asks, as the window list and the task bar show it: "Ferry" said nothing there.
        alert.setTitle(yes.replace("…", "").strip());
        return alert.showAndWait().filter(b -> b == doIt).isPresent();
    }

    /** Characters a question's header may have before it is wrapped to a width of its own. */
    private static final int LONG_QUESTION = 70;

    /** A question answered with {@code yes} or Cancel. */
    private static Alert confirmation(Window owner, String header, String detail, ButtonType yes) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, detail, yes, CANCEL);
        prepare(alert, owner);
        alert.setTitle(I18n.t("app.title"));
        alert.setHeaderText(header);
        alert.getDialogPane().setId("confirm-dialog");
        if (header != null && header.length() > LONG_QUESTION) {
            // A long name in the question wraps: on one line it made the question as wide as the screen.
            alert.getDialogPane().setPrefWidth(560);
        }
        if (detail == null || detail.isBlank()) {
            // The question says it all: no empty body under it.
            alert.getDialogPane().setContent(new javafx.scene.layout.Region());
        }
        return alert;
    }

    /**
     * Asks before a deletion, on a button that says Delete. When folders go with everything in them,
     * Cancel is the default: an Enter pressed once too often must not take a tree away.
     */
    public static boolean confirmDeletion(Window owner, String header, String detail, boolean withFolders) {
        ButtonType delete = new ButtonType(I18n.t("action.delete"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = confirmation(owner, header, detail, delete);
        alert.setTitle(delete.getText());
        if (withFolders) {
            javafx.scene.control.Button cancel = (javafx.scene.control.Button) alert.getDialogPane().lookupButton(CANCEL);
            ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(delete)).setDefaultButton(false);
            cancel.setDefaultButton(true);
            // Added, not set: prepare's own handler sizes the window and places it over its owner.
            alert.addEventHandler(javafx.scene.control.DialogEvent.DIALOG_SHOWN, shown -> cancel.requestFocus());
        }
        return alert.showAndWait().filter(b -> b == delete).isPresent();
    }

    public static Optional<String> text(Window owner, String question, String initial) {
        TextInputDialog dialog = new TextInputDialog(initial);
        dialog.getDialogPane().getButtonTypes().setAll(OK, CANCEL);
        prepare(dialog, owner);
        dialog.setTitle(I18n.t("app.title"));
        dialog.setHeaderText(null);
        dialog.setContentText(question);
        dialog.getDialogPane().setId("text-dialog");
        return dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }

    /**
     * A name asked for, checked as it is typed: what {@code problem} says of the name shows under the
     * field, and OK waits until there is nothing to say. A name refused after OK closed the question
     * and had to be typed again.
     */
    public static Optional<String> name(Window owner, String question, String initial,
                                        java.util.function.Function<String, Optional<String>> problem) {
        return name(owner, I18n.t("app.title"), question, initial, problem);
    }

    /** As {@link #name(Window, String, String, java.util.function.Function)}, under a title of its own. */
    public static Optional<String> name(Window owner, String title, String question, String initial,
                                        java.util.function.Function<String, Optional<String>> problem) {
        Dialog<String> dialog = new Dialog<>();
        dialog.getDialogPane().getButtonTypes().setAll(OK, CANCEL);
        prepare(dialog, owner);
        dialog.setTitle(title);
        dialog.getDialogPane().setId("text-dialog");
        javafx.scene.control.TextField field = new javafx.scene.control.TextField(initial);
        javafx.scene.control.Label said = new javafx.scene.control.Label();
        said.setId("text-dialog-problem");
        said.getStyleClass().add("error-text");
        said.setWrapText(true);
        said.setMaxWidth(420);
        said.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        said.managedProperty().bind(said.visibleProperty());
        // Wrapped: the folder a new name goes in may be a long path, which made the question as wide as the screen.
        javafx.scene.control.Label asked = new javafx.scene.control.Label(question);
        asked.setWrapText(true);
        asked.setMaxWidth(420);
        asked.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.VBox content = new javafx.scene.layout.VBox(8, asked, field, said);
        dialog.getDialogPane().setContent(content);
        javafx.scene.Node ok = dialog.getDialogPane().lookupButton(OK);
        Runnable check = () -> {
            String typed = field.getText().strip();
            Optional<String> refused = typed.isEmpty() ? Optional.empty() : problem.apply(typed);
            said.setText(refused.orElse(""));
            said.setVisible(refused.isPresent());
            ok.setDisable(typed.isEmpty() || refused.isPresent());
            if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
                Window window = dialog.getDialogPane().getScene().getWindow();
                double centre = window.getX() + window.getWidth() / 2;
                window.sizeToScene();
                if (window.isShowing() && !Double.isNaN(centre)) {
                    // Grown about its middle: to the right only, it left the middle of its owner.
                    Rectangle2D screen = screenOf(window);
                    window.setX(clamp(centre - window.getWidth() / 2, screen.getMinX(), screen.getMaxX() - window.getWidth()));
                }
            }
        };
        field.textProperty().addListener((o, was, now) -> check.run());
        check.run();
        // Added, not set: prepare's own handler sizes the window and places it over its owner.
        dialog.addEventHandler(javafx.scene.control.DialogEvent.DIALOG_SHOWN,
                shown -> javafx.application.Platform.runLater(field::requestFocus));
        dialog.setResultConverter(button -> button == OK ? field.getText().strip() : null);
        return dialog.showAndWait().filter(typed -> !typed.isEmpty() && problem.apply(typed).isEmpty());
    }

    /** A password question; null when cancelled. */
    public static String password(Window owner, String server) {
        return password(owner, I18n.t("dialog.password.title"), I18n.t("dialog.password.text", server));
    }

    /** A question for some secret other than a server's password; null when cancelled. */
    public static String password(Window owner, String title, String question) {
        PasswordAnswer answer = password(owner, title, question, null);
        return answer == null ? null : answer.password();
    }

    /** A password typed at the question, and whether the user asked for it to be kept. */
    public record PasswordAnswer(String password, boolean remember) {
    }

    /**
     * A saved site's password, with a "Remember password" box (off until ticked) worded by
     * {@code remember}; without it when null (nowhere to keep it). Null when cancelled.
     */
    /**
     * @param unavailable why the place {@code remember} names cannot keep it now (the box is then
     *                    greyed, the reason beside it), or null
     */
    public static PasswordAnswer sitePassword(Window owner, String server, String remember, String unavailable) {
        return password(owner, I18n.t("dialog.password.title"), I18n.t("dialog.password.text", server), remember, unavailable);
    }

    private static PasswordAnswer password(Window owner, String title, String question, String remember) {
        return password(owner, title, question, remember, null);
    }

    private static PasswordAnswer password(Window owner, String title, String question, String remember,
                                           String unavailable) {
        Dialog<PasswordAnswer> dialog = new Dialog<>();
        prepare(dialog, owner);
        dialog.setTitle(title);
        dialog.setHeaderText(question);
        javafx.scene.control.PasswordField field = new javafx.scene.control.PasswordField();
        field.setId("password-field");
        javafx.scene.control.CheckBox keep = new javafx.scene.control.CheckBox(remember);
        keep.setId("password-remember");
        javafx.scene.layout.VBox withBox = new javafx.scene.layout.VBox(10, field, keep);
        if (unavailable != null) {
            keep.setDisable(true);
            javafx.scene.control.Label why = new javafx.scene.control.Label(I18n.t("dialog.password.remember.unavailable", unavailable));
            why.setId("password-remember-reason");
            why.getStyleClass().add("hint");
            why.setWrapText(true);
            withBox.getChildren().add(why);
        }
        dialog.getDialogPane().setContent(remember == null ? field : withBox);
        dialog.getDialogPane().getButtonTypes().addAll(OK, CANCEL);
        dialog.setResultConverter(button -> button == OK ? new PasswordAnswer(field.getText(), keep.isSelected()) : null);
        // The box, once ticked, has the focus and took Enter for itself: Enter answers, as from the field.
        keep.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                e.consume();
                ((javafx.scene.control.Button) dialog.getDialogPane().lookupButton(OK)).fire();
            }
        });
        javafx.application.Platform.runLater(field::requestFocus);
        return dialog.showAndWait().orElse(null);
    }
}
