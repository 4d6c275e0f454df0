package dev.ferry.ui;

import javafx.application.HostServices;

import java.nio.file.Path;

/** Opens files and folders with the system's applications (through JavaFX's host services). */
public final class DesktopOpener {

    private static volatile HostServices hostServices;

    private DesktopOpener() {
    }

    static void init(HostServices services) {
        hostServices = services;
    }

    public static void open(Path path) {
        HostServices services = hostServices;
        if (services != null) {
            services.showDocument(path.toUri().toString());
        }
    }
}
