package dev.ferry.ui;

import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.JsonFile;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the window remembers between runs: size and position, dividers, column widths and
 * sort, the last local folder per site, recent quick-connect servers (never passwords), and
 * the open tabs, and the View menu's directory comparison and synchronized browsing.
 * {@code queueHeight} is the queue's height in pixels (0: not known), kept as such because a
 * fraction of the window drifts when the window is restored at another size. {@code queuePaused}:
 * the user switched "Process queue" off, and a start keeps it so. {@code plainFtpConsents}: the
 * quick connections ("user@host:port") the user allowed, for good, to go on in plain FTP when the
 * server offers no TLS.
 */
public record UiState(double x, double y, double width, double height, boolean maximized,
                      Map<String, Double> dividers, Map<String, List<Double>> columnWidths,
                      Map<String, String> sort, Map<String, String> lastLocalDirectory, List<String> recentServers,
                      boolean logVisible, boolean queueVisible, List<OpenTab> openTabs, boolean compareFolders,
                      boolean syncBrowsing, double queueHeight, boolean queuePaused, List<String> plainFtpConsents) {

    /**
     * A tab to open again at the next start: a saved site's (connected again), a quick connection's
     * ({@code server}, its URL without password: named, and connected by Reconnect once the password is
     * given), or a local folder only. {@code plainFtp}: the quick connection was plain FTP, chosen or
     * agreed to when the server offered no TLS; its URL's ftp:// alone would be "TLS if available".
     */
    public record OpenTab(String siteId, String localFolder, String remoteFolder, boolean selected, String server,
                          boolean plainFtp) {

        public OpenTab(String siteId, String localFolder, String remoteFolder, boolean selected) {
            this(siteId, localFolder, remoteFolder, selected, null, false);
        }
    }

    public static final String FILE_NAME = "ui-state.json";
    private static final String LEGACY_QUEUE_HEIGHT = "queueHeight";

    public static UiState defaults() {
        return new UiState(Double.NaN, Double.NaN, 1200, 800, false, Map.of(), Map.of(), Map.of(), Map.of(), List.of(),
                true, true, List.of(), false, false, 0, false, List.of());
    }

    public UiState {
        if (dividers != null && dividers.containsKey(LEGACY_QUEUE_HEIGHT)) {
            // Written by a version that kept it among the dividers' fractions.
            Map<String, Double> fractions = new HashMap<>(dividers);
            Double legacy = fractions.remove(LEGACY_QUEUE_HEIGHT);
            queueHeight = queueHeight > 0 || legacy == null ? queueHeight : legacy;
            dividers = fractions;
        }
        dividers = dividers == null ? Map.of() : Map.copyOf(dividers);
        columnWidths = columnWidths == null ? Map.of() : Map.copyOf(columnWidths);
        sort = sort == null ? Map.of() : Map.copyOf(sort);
        lastLocalDirectory = lastLocalDirectory == null ? Map.of() : Map.copyOf(lastLocalDirectory);
        recentServers = recentServers == null ? List.of() : List.copyOf(recentServers);
        openTabs = openTabs == null ? List.of() : List.copyOf(openTabs);
        // A hand-edited null is dropped, not a reason to set the whole file aside.
        plainFtpConsents = plainFtpConsents == null ? List.of()
                : plainFtpConsents.stream().filter(java.util.Objects::nonNull).toList();
    }

    /** Without open tabs (a state written before they were remembered, and tests). */
    public UiState(double x, double y, double width, double height, boolean maximized,
                   Map<String, Double> dividers, Map<String, List<Double>> columnWidths,
                   Map<String, String> sort, Map<String, String> lastLocalDirectory, List<String> recentServers,
                   boolean logVisible, boolean queueVisible) {
        this(x, y, width, height, maximized, dividers, columnWidths, sort, lastLocalDirectory, recentServers,
                logVisible, queueVisible, List.of(), false, false, 0, false, List.of());
    }

    public UiState withOpenTabs(List<OpenTab> tabs) {
        return new UiState(x, y, width, height, maximized, dividers, columnWidths, sort, lastLocalDirectory,
                recentServers, logVisible, queueVisible, tabs, compareFolders, syncBrowsing, queueHeight, queuePaused, plainFtpConsents);
    }

    public UiState withLastLocalDirectory(String site, String directory) {
        Map<String, String> map = new HashMap<>(lastLocalDirectory);
        map.put(site, directory);
        return new UiState(x, y, width, height, maximized, dividers, columnWidths, sort, map, recentServers,
                logVisible, queueVisible, openTabs, compareFolders, syncBrowsing, queueHeight, queuePaused, plainFtpConsents);
    }

    public UiState withRecentServer(String server) {
        java.util.ArrayList<String> list = new java.util.ArrayList<>(recentServers);
        list.remove(server);
        list.addFirst(server);
        return new UiState(x, y, width, height, maximized, dividers, columnWidths, sort, lastLocalDirectory,
                list.subList(0, Math.min(15, list.size())), logVisible, queueVisible, openTabs, compareFolders,
                syncBrowsing, queueHeight, queuePaused, plainFtpConsents);
    }

    /** Loads and saves the state file; saving happens off the FX thread. */
    public static final class Store {
        private final JsonFile<UiState> file = new JsonFile<>(ConfigDirectory.resolve().resolve(FILE_NAME),
                UiState.class, UiState::defaults);

        public UiState load() {
            return file.load().value();
        }

        public void save(UiState state) {
            try {
                file.save(state);
            } catch (IOException e) {
                // Losing the window's size is not worth bothering the user on exit.
            }
        }
    }
}
