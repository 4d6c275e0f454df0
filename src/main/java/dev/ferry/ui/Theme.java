package dev.ferry.ui;

import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.scene.Scene;

/** Light or dark stylesheets; "system" follows the platform's preference and its changes. */
public final class Theme {

    private static final String BASE = Theme.class.getResource("/dev/ferry/ui/ferry.css").toExternalForm();
    private static final String DARK = Theme.class.getResource("/dev/ferry/ui/ferry-dark.css").toExternalForm();

    private Theme() {
    }

    public static void apply(Scene scene, String theme) {
        boolean dark = switch (theme == null ? "system" : theme) {
            case "dark" -> true;
            case "light" -> false;
            default -> systemIsDark();
        };
        scene.getStylesheets().setAll(dark ? java.util.List.of(BASE, DARK) : java.util.List.of(BASE));
        if ("system".equals(theme) || theme == null) {
            Platform.getPreferences().colorSchemeProperty().addListener((o, a, scheme) -> {
                if (scene.getWindow() != null) {
                    scene.getStylesheets().setAll(scheme == ColorScheme.DARK ? java.util.List.of(BASE, DARK)
                            : java.util.List.of(BASE));
                }
            });
        }
    }

    static boolean systemIsDark() {
        try {
            return Platform.getPreferences().getColorScheme() == ColorScheme.DARK;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** For dialogs opened on their own scene. */
    public static void styleDialog(javafx.scene.control.DialogPane pane) {
        pane.getStylesheets().add(BASE);
    }
}
