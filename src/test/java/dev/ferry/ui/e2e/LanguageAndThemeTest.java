package dev.ferry.ui.e2e;

import dev.ferry.ui.I18n;
import dev.ferry.ui.e2e.FerryProcess.Box;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The real app in 简体中文 and in the dark theme, as set in Settings before a start. */
class LanguageAndThemeTest {

    @TempDir
    static Path directory;
    static Desktop desktop;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(RealWindowTest.SHOTS);
        desktop = Desktop.start(directory.resolve("x"));
    }

    @AfterAll
    static void stop() {
        if (desktop != null) {
            desktop.close();
        }
        I18n.use("en");
    }

    static FerryProcess startWith(String name, String language, String theme) throws Exception {
        Path config = Files.createDirectories(directory.resolve(name));
        Files.writeString(config.resolve("settings.json"), """
                {"version": 1, "passive": true, "timeoutSeconds": 30, "concurrentTransfers": 2, "retries": 5,
                 "showHiddenFiles": true, "theme": "%s", "language": "%s"}
                """.formatted(theme, language));
        Files.writeString(config.resolve("ui-state.json"), """
                {"x": 20, "y": 20, "width": 1340, "height": 840, "maximized": false, "logVisible": true, "queueVisible": true}
                """);
        return FerryProcess.start(desktop, config, Map.of());
    }

    /** The window is up with its local folder listed, so a screenshot shows it drawn, not black. */
    static void painted(FerryProcess app) {
        RealWindowTest.node(app, "#quick-host");
        desktop.waitFor("the local folder listed", () -> !app.items("local-table").isEmpty());
        RealWindowTest.node(app, "#local-table .table-row-cell");
    }

    @Test
    void inChineseEvenJavaFxOwnWordsAreChinese() throws Exception {
        I18n.use("zh-CN");
        try (FerryProcess app = startWith("zh", "zh-CN", "light")) {
            painted(app);
            desktop.screenshot(RealWindowTest.SHOTS.resolve("main-window-zh.png"));
            // A text field's own menu comes from JavaFX's bundles: Chinese only with the default locale set.
            Box host = RealWindowTest.node(app, "#quick-host");
            desktop.rightClick(host.centerX(), host.centerY());
            desktop.waitFor("the text field menu in Chinese (全选 = Select All)", 10,
                    () -> !app.text("全选").isEmpty());
            desktop.key("Escape");
            Box settings = RealWindowTest.node(app, "#toolbar-settings");
            desktop.click(settings.centerX(), settings.centerY());
            desktop.waitFor("Settings with 确定 and 取消", 10, () -> !app.text("确定").isEmpty() && !app.text("取消").isEmpty());
            desktop.screenshot(RealWindowTest.SHOTS.resolve("settings-zh.png"));
            desktop.key("Escape");
            desktop.waitFor("Settings closed", () -> desktop.windowsNamed("^" + I18n.t("settings.title") + "$").isEmpty());
            RealWindowTest.assertSiteManagerLabelsWhole(app, "site-manager-zh.png");
        } finally {
            I18n.use("en");
        }
    }

    @Test
    void theDarkThemeIsReadable() throws Exception {
        try (FerryProcess app = startWith("dark", "en", "dark")) {
            painted(app);
            desktop.screenshot(RealWindowTest.SHOTS.resolve("main-window-dark.png"));
            Box settings = RealWindowTest.node(app, "#toolbar-settings");
            desktop.click(settings.centerX(), settings.centerY());
            desktop.waitFor("Settings", 10, () -> !desktop.windowsNamed("^" + I18n.t("settings.title") + "$").isEmpty());
            desktop.waitFor("Settings at full size", 10, () -> !app.text(I18n.t("button.cancel")).isEmpty());
            desktop.screenshot(RealWindowTest.SHOTS.resolve("settings-dark.png"));
            desktop.key("Escape");
            assertFalse(app.windows().isEmpty());
        }
    }
}
