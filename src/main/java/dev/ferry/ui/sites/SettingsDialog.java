package dev.ferry.ui.sites;

import dev.ferry.site.Settings;
import dev.ferry.site.SiteStore;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.I18n;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.util.StringConverter;

import java.util.List;
import java.util.Map;

/**
 * The global settings. On OK they are saved and applied at once (queue sessions, retries, speed
 * limits, file-exists action, hidden files, theme); the language changes at the next start.
 */
public final class SettingsDialog {

    private SettingsDialog() {
    }

    public static void show(Window owner, AppContext app) {
        Settings s = app.settings();
        Dialog<ButtonType> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner);
        dialog.setTitle(I18n.t("settings.title"));
        dialog.getDialogPane().setId("settings-dialog");

        ToggleGroup mode = new ToggleGroup();
        RadioButton passive = new RadioButton(I18n.t("settings.passive"));
        RadioButton active = new RadioButton(I18n.t("settings.active"));
        passive.setToggleGroup(mode);
        active.setToggleGroup(mode);
        (s.passive() ? passive : active).setSelected(true);
        TextField external = new TextField(s.activeExternalAddress() == null ? "" : s.activeExternalAddress());
        TextField ports = new TextField(s.activePortMin() == 0 ? "" : s.activePortMin() + "-" + s.activePortMax());
        ports.setPromptText("50000-50100");
        Spinner<Integer> timeout = dev.ferry.ui.NumberFields.typable(new Spinner<>(5, 600, s.timeoutSeconds()));
        Spinner<Integer> keepAlive = dev.ferry.ui.NumberFields.typable(new Spinner<>(0, 3600, s.keepAliveSeconds(), 30));
        GridPane connection = grid();
        connection.addRow(0, passive);
        connection.addRow(1, active);
        connection.addRow(2, new Label(I18n.t("settings.externalIp")), external);
        connection.addRow(3, new Label(I18n.t("settings.portRange")), ports);
        connection.addRow(4, new Label(I18n.t("settings.timeout")), timeout);
        connection.addRow(5, new Label(I18n.t("settings.keepAlive")), keepAlive);

        Spinner<Integer> sessions = dev.ferry.ui.NumberFields.typable(new Spinner<>(1, 10, s.concurrentTransfers()));
        sessions.setId("settings-sessions");
        Spinner<Integer> retries = dev.ferry.ui.NumberFields.typable(new Spinner<>(0, 50, s.retries()));
        TextField download = new TextField(Long.toString(s.downloadLimitKiB()));
        TextField upload = new TextField(Long.toString(s.uploadLimitKiB()));
        ChoiceBox<ConflictAction> exists = conflictChoice(s.fileExistsDownload());
        ChoiceBox<ConflictAction> existsUpload = conflictChoice(s.fileExistsUpload());
        exists.setId("settings-exists-download");
        existsUpload.setId("settings-exists-upload");
        GridPane transfers = grid();
        transfers.addRow(0, new Label(I18n.t("settings.concurrent")), sessions);
        transfers.addRow(1, new Label(I18n.t("settings.retries")), retries);
        transfers.addRow(2, new Label(I18n.t("settings.downloadLimit")), download);
        transfers.addRow(3, new Label(I18n.t("settings.uploadLimit")), upload);
        transfers.addRow(4, new Label(I18n.t("settings.existsDownload")), exists);
        transfers.addRow(5, new Label(I18n.t("settings.existsUpload")), existsUpload);
        Spinner<Integer> segments = dev.ferry.ui.NumberFields.typable(new Spinner<>(1, 10, s.segments()));
        segments.setId("settings-segments");
        Spinner<Integer> threshold = new Spinner<>(1, 1 << 20, (int) Math.min(1 << 20, s.segmentThresholdMiB()));
        threshold.setId("settings-segment-threshold");
        threshold.setEditable(true);
        transfers.addRow(6, new Label(I18n.t("settings.segments")), segments);
        transfers.addRow(7, new Label(I18n.t("settings.segmentThreshold")), threshold);

        CheckBox hidden = new CheckBox(I18n.t("settings.hidden"));
        hidden.setSelected(s.showHiddenFiles());
        ChoiceBox<String> theme = choice(Map.of("system", "settings.theme.system", "light", "settings.theme.light",
                "dark", "settings.theme.dark"), List.of("system", "light", "dark"), s.theme());
        theme.setId("settings-theme");
        ChoiceBox<String> language = choice(Map.of("system", "settings.language.system", "en", "English",
                "zh-CN", "简体中文"), List.of("system", "en", "zh-CN"), s.language());
        language.setId("settings-language");
        CheckBox savePlain = new CheckBox(I18n.t("sites.savePlain"));
        GridPane interfaceTab = grid();
        interfaceTab.addRow(0, hidden);
        interfaceTab.addRow(1, new Label(I18n.t("settings.theme")), theme);
        interfaceTab.addRow(2, new Label(I18n.t("settings.language")), language);
        interfaceTab.add(new Label(I18n.t("settings.restartLanguage")), 1, 3);
        SiteStore sites = app.sites();
        if (!sites.hasMasterPassword()) {
            savePlain.setSelected(sites.passwordPolicy() == SiteStore.PasswordPolicy.SAVE_UNPROTECTED);
            Label warning = new Label(I18n.t("sites.passwords.plain"));
            warning.getStyleClass().add("warning-text");
            warning.setWrapText(true);
            warning.visibleProperty().bind(savePlain.selectedProperty());
            interfaceTab.addRow(4, savePlain);
            interfaceTab.add(warning, 0, 5, 2, 1);
        }

        TabPane tabs = new TabPane(new Tab(I18n.t("settings.connection"), connection),
                new Tab(I18n.t("settings.transfers"), transfers), new Tab(I18n.t("settings.interface"), interfaceTab));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        dialog.getDialogPane().setContent(tabs);
        dialog.getDialogPane().getButtonTypes().addAll(Dialogs.OK, Dialogs.CANCEL);
        if (dialog.showAndWait().orElse(Dialogs.CANCEL) != Dialogs.OK) {
            return;
        }
        try {
            for (Spinner<?> number : List.of(timeout, keepAlive, sessions, retries, segments, threshold)) {
                dev.ferry.ui.NumberFields.commit(number);
            }
            int[] range = parseRange(ports.getText());
            Settings next = new Settings(Settings.SCHEMA_VERSION, passive.isSelected(),
                    external.getText().isBlank() ? null : external.getText().strip(), range[0], range[1],
                    timeout.getValue(), keepAlive.getValue(), sessions.getValue(), retries.getValue(),
                    parseLong(download.getText()), parseLong(upload.getText()), exists.getValue(), existsUpload.getValue(),
                    hidden.isSelected(), theme.getValue(), language.getValue(), segments.getValue(), threshold.getValue());
            // The language is read at the next start, as the dialog says: switched now, the dialogs opened later
            // spoke it and the window did not (T10).
            app.settingsStore().save(next);
            // Only a change of the check box changes where passwords go (the keyring is the default).
            boolean wasPlain = sites.passwordPolicy() == SiteStore.PasswordPolicy.SAVE_UNPROTECTED;
            if (!sites.hasMasterPassword() && savePlain.isSelected() != wasPlain) {
                sites.setPasswordPolicy(savePlain.isSelected() ? SiteStore.PasswordPolicy.SAVE_UNPROTECTED
                        : SiteStore.PasswordPolicy.SAVE_IN_KEYRING);
            }
        } catch (Exception e) {
            Dialogs.error(owner, e);
        }
    }

    static int[] parseRange(String text) {
        if (text == null || text.isBlank()) {
            return new int[]{0, 0};
        }
        String[] parts = text.split("-");
        int min = Integer.parseInt(parts[0].strip());
        int max = Integer.parseInt(parts[parts.length - 1].strip());
        if (min < 1 || max > 65535 || min > max) {
            throw new IllegalArgumentException("The port range must be like 50000-50100, within 1-65535");
        }
        return new int[]{min, max};
    }

    private static long parseLong(String text) {
        try {
            return Math.max(0, Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Speed limits are whole numbers of KiB/s");
        }
    }

    private static GridPane grid() {
        return SiteManagerDialog.grid();
    }

    static ChoiceBox<ConflictAction> conflictChoice(ConflictAction value) {
        ChoiceBox<ConflictAction> box = new ChoiceBox<>();
        box.getItems().setAll(ConflictAction.values());
        box.setValue(value);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(ConflictAction action) {
                return action == null ? "" : I18n.t("conflict." + action.name());
            }

            @Override
            public ConflictAction fromString(String string) {
                return null;
            }
        });
        return box;
    }

    private static ChoiceBox<String> choice(Map<String, String> labels, List<String> values, String value) {
        ChoiceBox<String> box = new ChoiceBox<>();
        box.getItems().setAll(values);
        box.setValue(values.contains(value) ? value : values.getFirst());
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(String key) {
                String label = labels.get(key);
                return label == null ? key : label.contains(".") ? I18n.t(label) : label;
            }

            @Override
            public String fromString(String string) {
                return null;
            }
        });
        return box;
    }
}
