package dev.ferry.ui.dialogs;

import dev.ferry.diagnose.DiagnoseOptions;
import dev.ferry.diagnose.DiagnoseText;
import dev.ferry.diagnose.Diagnoser;
import dev.ferry.diagnose.Diagnosis;
import dev.ferry.diagnose.DiagnosisListener;
import dev.ferry.diagnose.DiagnosisText;
import dev.ferry.diagnose.Outcome;
import dev.ferry.diagnose.PlannedStep;
import dev.ferry.diagnose.SettingsDelta;
import dev.ferry.diagnose.Step;
import dev.ferry.diagnose.StepResult;
import dev.ferry.diagnose.Verdict;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.message.Message;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.TransferMode;
import dev.ferry.ui.I18n;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The "Diagnose…" window: a checklist whose rows turn green or red as the probes finish, then the
 * verdict (what works, the settings that work, what the server's administrator can fix), "Copy as
 * text" and "Save these settings to the site". The diagnosis runs on its own thread; news reach
 * the window with {@code Platform.runLater}. Closing the window stops a running diagnosis.
 */
public final class DiagnosisDialog {

    private static final String GREEN = "#2e7d32";
    private static final String RED = "#c62828";
    private static final String ORANGE = "#e67e00";
    private static final String GREY = "#8a8a8a";

    private final Stage stage = new Stage();
    private final ConnectionSettings settings;
    private final Diagnoser diagnoser;
    private final Consumer<SettingsDelta> saveToSite;
    private final Locale locale = I18n.locale();
    private final GridPane checklist = new GridPane();
    private final Map<Step, Row> rows = new EnumMap<>(Step.class);
    private final VBox verdictBox = new VBox(6);
    private final ProgressIndicator spinner = new ProgressIndicator();
    private final Label status = new Label();
    private final Button copy = new Button(I18n.t("dialog.diagnosis.copy"));
    private final Button save = new Button(I18n.t("dialog.diagnosis.save"));
    private final Button close = new Button(I18n.t("dialog.diagnosis.close"));
    private Diagnosis result;

    /** One checklist row: the mark, the step's title, what happened, its details. */
    private record Row(Label mark, Label title, Label message, Label details) {
    }

    private DiagnosisDialog(Window owner, ConnectionSettings settings, DiagnoseOptions options,
                            Consumer<SettingsDelta> saveToSite) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.diagnoser = new Diagnoser(settings, options);
        this.saveToSite = saveToSite;
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setTitle(I18n.t("dialog.diagnosis.title"));
        stage.setScene(scene(owner));
        stage.setOnHidden(e -> diagnoser.cancel());
    }

    /**
     * Opens the window and starts diagnosing {@code settings} (call on the FX thread). With a
     * {@code saveToSite}, "Save these settings to the site" hands it the settings that work; without,
     * the button is not shown. Returns the window (its scene root's id is {@code diagnosis-dialog}).
     */
    public static Stage show(Window owner, ConnectionSettings settings, Consumer<SettingsDelta> saveToSite) {
        return show(owner, settings, DiagnoseOptions.DEFAULT, saveToSite);
    }

    public static Stage show(Window owner, ConnectionSettings settings, DiagnoseOptions options,
                             Consumer<SettingsDelta> saveToSite) {
        DiagnosisDialog dialog = new DiagnosisDialog(owner, settings, options, saveToSite);
        dialog.stage.show();
        dialog.start();
        return dialog.stage;
    }

    /** A site with the settings a diagnosis found applied: what "Save these settings to the site" saves. */
    public static SiteProfile applyTo(SiteProfile site, SettingsDelta delta) {
        SiteProfile.Builder b = site.toBuilder();
        if (delta.tlsMode() != null) {
            b.protocol(delta.tlsMode());
        }
        if (delta.port() != null) {
            b.port(delta.port());
        }
        if (delta.tlsMax() != null) {
            b.tlsMaxVersion(delta.tlsMax());
        }
        if (delta.dataMode() != null) {
            b.transferMode(delta.dataMode() == DataConnectionMode.ACTIVE ? TransferMode.ACTIVE : TransferMode.PASSIVE);
        }
        if (delta.trustPassiveAddress() != null) {
            b.trustPassiveAddress(delta.trustPassiveAddress());
        }
        if (delta.charset() != null) {
            b.charset(delta.charset().name());
        }
        return b.build();
    }

    private Scene scene(Window owner) {
        Label heading = new Label(DiagnosisText.title(settings.address(), SettingsDelta.tlsModeName(settings.tlsMode()),
                settings.user(), locale));
        heading.setStyle("-fx-font-size: 1.2em; -fx-font-weight: bold;");
        heading.setWrapText(true);
        spinner.setPrefSize(18, 18);
        spinner.setMaxSize(18, 18);
        status.setId("diagnosis-status");
        status.setText(I18n.t("dialog.diagnosis.running"));
        HBox progress = new HBox(8, spinner, status);
        progress.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, heading, progress);
        top.setPadding(new Insets(0, 0, 8, 0));

        checklist.setId("diagnosis-checklist");
        checklist.setHgap(10);
        checklist.setVgap(4);
        checklist.setPadding(new Insets(4, 12, 4, 4));

        verdictBox.setId("diagnosis-verdict");
        verdictBox.setVisible(false);
        verdictBox.setManaged(false);
        verdictBox.setPadding(new Insets(10));

        ScrollPane scroll = new ScrollPane(checklist);
        scroll.setFitToWidth(true);
        scroll.setStyle("-fx-background-color: transparent;");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        // The verdict stays in view below the checklist, however long the checklist is.
        ScrollPane verdictScroll = new ScrollPane(verdictBox);
        verdictScroll.setFitToWidth(true);
        // As tall as the verdict up to a third of the window; the checklist gives way, not the verdict.
        verdictScroll.prefViewportHeightProperty().bind(javafx.beans.binding.Bindings.min(verdictBox.heightProperty(), 300));
        verdictScroll.minViewportHeightProperty().bind(verdictScroll.prefViewportHeightProperty());
        verdictScroll.setStyle("-fx-background-color: transparent;");
        verdictScroll.visibleProperty().bind(verdictBox.visibleProperty());
        verdictScroll.managedProperty().bind(verdictBox.managedProperty());
        VBox content = new VBox(10, scroll, verdictScroll);

        copy.setId("diagnosis-copy");
        copy.setDisable(true);
        copy.setOnAction(e -> copyAsText());
        save.setId("diagnosis-save");
        save.setDisable(true);
        save.setVisible(saveToSite != null);
        save.setManaged(saveToSite != null);
        save.setOnAction(e -> saveSettings());
        close.setId("diagnosis-close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.hide());
        ButtonBar buttons = new ButtonBar();
        ButtonBar.setButtonData(copy, ButtonBar.ButtonData.LEFT);
        ButtonBar.setButtonData(save, ButtonBar.ButtonData.OTHER);
        ButtonBar.setButtonData(close, ButtonBar.ButtonData.CANCEL_CLOSE);
        buttons.getButtons().addAll(copy, save, close);
        buttons.setPadding(new Insets(10, 0, 0, 0));

        BorderPane root = new BorderPane(content, top, null, buttons, null);
        root.setId("diagnosis-dialog");
        root.setPadding(new Insets(14));
        Scene scene = new Scene(root, 900, 820);
        if (owner != null && owner.getScene() != null) {
            // The owner's theme (light or dark) without a stylesheet of our own.
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.hide();
            }
        });
        return scene;
    }

    private void start() {
        DiagnosisListener listener = new DiagnosisListener() {
            @Override
            public void planned(List<PlannedStep> steps) {
                Platform.runLater(() -> plan(steps));
            }

            @Override
            public void started(Step step) {
                Platform.runLater(() -> running(step));
            }

            @Override
            public void finished(StepResult result) {
                Platform.runLater(() -> show(result));
            }
        };
        Thread.ofPlatform().daemon().name("ferry-diagnosis").start(() -> {
            Diagnosis done = diagnoser.run(listener);
            Platform.runLater(() -> finished(done));
        });
    }

    // ------------------------------------------------------------------ on the FX thread

    private void plan(List<PlannedStep> steps) {
        int line = 0;
        for (PlannedStep planned : steps) {
            Label mark = new Label("·");
            mark.setMinWidth(22);
            mark.setAlignment(Pos.CENTER);
            mark.setStyle(markStyle(GREY));
            Label title = new Label(words(planned.title()));
            title.setStyle("-fx-font-weight: bold;");
            title.setMinWidth(240);
            title.setWrapText(true);
            Label message = new Label("");
            message.setWrapText(true);
            Label details = new Label();
            details.setWrapText(true);
            details.setStyle("-fx-font-family: monospace; -fx-font-size: 0.85em; -fx-opacity: 0.75;");
            details.setVisible(false);
            details.setManaged(false);
            VBox text = new VBox(2, message, details);
            GridPane.setHgrow(text, Priority.ALWAYS);
            for (javafx.scene.Node cell : List.of(mark, title, text)) {
                GridPane.setValignment(cell, javafx.geometry.VPos.TOP);
            }
            checklist.add(mark, 0, line);
            checklist.add(title, 1, line);
            checklist.add(text, 2, line);
            mark.setId("diagnosis-mark-" + planned.step().name());
            message.setId("diagnosis-message-" + planned.step().name());
            rows.put(planned.step(), new Row(mark, title, message, details));
            line++;
        }
    }

    private void running(Step step) {
        Row row = rows.get(step);
        if (row != null && row.message().getText().isEmpty()) {
            row.mark().setText("…");
            row.mark().setStyle(markStyle(GREY));
        }
    }

    private void show(StepResult result) {
        Row row = rows.get(result.step());
        if (row == null) {
            return;
        }
        row.mark().setText(DiagnosisText.mark(result.outcome()));
        row.mark().setStyle(markStyle(colour(result.outcome())));
        row.mark().getStyleClass().setAll("label", "step-" + result.outcome().name().toLowerCase(Locale.ROOT));
        row.message().setText(words(result.message()));
        if (!result.details().isEmpty()) {
            String details = String.join("\n", result.details().stream().map(this::words).toList());
            boolean open = result.outcome() == Outcome.FAILED || result.outcome() == Outcome.WARNING;
            row.details().setText(details);
            row.details().setVisible(open);
            row.details().setManaged(open);
            Tooltip.install(row.message(), new Tooltip(details));
        }
    }

    private void finished(Diagnosis diagnosis) {
        result = diagnosis;
        diagnosis.steps().forEach(this::show);
        spinner.setVisible(false);
        spinner.setManaged(false);
        status.setText(I18n.t("dialog.diagnosis.done", String.format(Locale.ROOT, "%.1f",
                diagnosis.took().toMillis() / 1000.0)));
        Verdict verdict = diagnosis.verdict();
        verdictBox.getChildren().clear();
        Label summary = new Label(words(verdict.summary()));
        summary.setId("diagnosis-summary");
        summary.setWrapText(true);
        summary.setStyle("-fx-font-weight: bold; -fx-font-size: 1.1em;");
        verdictBox.getChildren().add(summary);
        section(DiagnoseText.REPORT_SETTINGS, verdict.changes(), "diagnosis-changes");
        section(DiagnoseText.REPORT_ADMIN, verdict.adminAdvice(), "diagnosis-advice");
        section(DiagnoseText.REPORT_NOTES, verdict.notes(), "diagnosis-notes");
        String tint = verdict.usable() ? "46, 125, 50" : "198, 40, 40";
        verdictBox.setStyle("-fx-background-color: rgba(" + tint + ", 0.10); -fx-border-color: rgba(" + tint
                + ", 0.55); -fx-border-radius: 6; -fx-background-radius: 6;");
        verdictBox.setVisible(true);
        verdictBox.setManaged(true);
        copy.setDisable(false);
        save.setDisable(verdict.settings().isEmpty());
        close.setText(I18n.t("dialog.diagnosis.close"));
    }

    private void section(DiagnoseText heading, List<Message> items, String id) {
        if (items.isEmpty()) {
            return;
        }
        Label title = new Label(words(Message.of(heading)));
        title.setStyle("-fx-font-weight: bold;");
        VBox list = new VBox(3);
        list.setId(id);
        for (Message item : items) {
            Label line = new Label("•  " + words(item));
            line.setWrapText(true);
            list.getChildren().add(line);
        }
        VBox box = new VBox(3, title, list);
        box.setPadding(new Insets(4, 0, 0, 0));
        verdictBox.getChildren().add(box);
    }

    private void copyAsText() {
        if (result == null) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(DiagnosisText.render(result, locale, true));
        Clipboard.getSystemClipboard().setContent(content);
        status.setText(I18n.t("dialog.diagnosis.copied"));
    }

    private void saveSettings() {
        if (result == null || saveToSite == null || result.verdict().settings().isEmpty()) {
            return;
        }
        saveToSite.accept(result.verdict().settings());
        save.setDisable(true);
        status.setText(I18n.t("dialog.diagnosis.saved"));
    }

    private String words(Message message) {
        return DiagnosisText.words(message, locale);
    }

    private static String colour(Outcome outcome) {
        return switch (outcome) {
            case OK -> GREEN;
            case WARNING -> ORANGE;
            case FAILED -> RED;
            case SKIPPED, NOT_OFFERED -> GREY;
        };
    }

    private static String markStyle(String colour) {
        return "-fx-text-fill: " + colour + "; -fx-font-weight: bold; -fx-font-size: 1.15em;";
    }
}
