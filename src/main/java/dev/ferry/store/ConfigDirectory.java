package dev.ferry.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Ferry keeps everything it persists: the OS convention for per-user configuration,
 * or {@code FERRY_CONFIG_DIR} when set (tests and portable installs).
 */
public final class ConfigDirectory {

    public static final String OVERRIDE_VARIABLE = "FERRY_CONFIG_DIR";
    /** The same override as a system property, for tests that cannot set environment variables. */
    public static final String OVERRIDE_PROPERTY = "ferry.config.dir";

    private ConfigDirectory() {
    }

    public static Path resolve() {
        String property = System.getProperty(OVERRIDE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return resolve(System.getenv(), System.getProperty("os.name", ""), userHome().toString());
    }

    /**
     * The user's home folder: $HOME where the system has one, as every Unix program reads it. Java's
     * user.home comes from the password database and ignores a HOME set for a sandbox, a test or
     * {@code sudo -H}; it remains the answer on Windows and where HOME is unset or relative.
     */
    public static Path userHome() {
        return userHome(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home", "."));
    }

    static Path userHome(Map<String, String> environment, String osName, String userHomeProperty) {
        String home = environment.get("HOME");
        boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
        if (!windows && home != null && !home.isBlank() && Path.of(home).isAbsolute()) {
            return Path.of(home);
        }
        return Path.of(userHomeProperty);
    }

    static Path resolve(Map<String, String> environment, String osName, String userHome) {
        String override = environment.get(OVERRIDE_VARIABLE);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = environment.get("APPDATA");
            return appData != null && !appData.isBlank()
                    ? Path.of(appData, "Ferry")
                    : Path.of(userHome, "AppData", "Roaming", "Ferry");
        }
        if (os.startsWith("mac")) {
            return Path.of(userHome, "Library", "Application Support", "Ferry");
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "ferry");
        }
        return Path.of(userHome, ".config", "ferry");
    }
}
