package dev.ferry.site;

import dev.ferry.transfer.ConflictAction;

/**
 * Ferry's global settings, with their defaults. Immutable; the {@link SettingsStore} saves and
 * announces a new one. Sites override some of them (transfer mode, connections).
 *
 * @param passive             passive data connections unless a site says otherwise
 * @param activeExternalAddress address announced in active mode behind NAT, or null
 * @param timeoutSeconds      network timeout (connect, replies, stalled data)
 * @param keepAliveSeconds    NOOP on idle browsing sessions every so often; 0 = never
 * @param concurrentTransfers sessions per server for the queue
 * @param downloadLimitKiB    KiB/s for all downloads, 0 = unlimited
 * @param theme               "system", "light" or "dark"
 * @param language            "system", "en" or "zh-CN"
 * @param segments            a large download is split into this many ranges fetched at once (up to
 *                            {@code concurrentTransfers} sessions); 1 = never. Sites may say otherwise.
 * @param segmentThresholdMiB files smaller than this are never split
 */
public record Settings(int version, boolean passive, String activeExternalAddress, int activePortMin,
                       int activePortMax, int timeoutSeconds, int keepAliveSeconds, int concurrentTransfers,
                       int retries, long downloadLimitKiB, long uploadLimitKiB, ConflictAction fileExistsDownload,
                       ConflictAction fileExistsUpload, boolean showHiddenFiles, String theme, String language,
                       int segments, long segmentThresholdMiB) {

    public static final int SCHEMA_VERSION = 1;

    public static final Settings DEFAULT = new Settings(SCHEMA_VERSION, true, null, 0, 0, 30, 0, 2, 5, 0, 0,
            ConflictAction.ASK, ConflictAction.ASK, true, "system", "system", 1, 16);

    public Settings {
        if (timeoutSeconds <= 0) {
            timeoutSeconds = 30;
        }
        concurrentTransfers = Math.max(1, Math.min(10, concurrentTransfers <= 0 ? 2 : concurrentTransfers));
        retries = Math.max(0, retries);
        fileExistsDownload = fileExistsDownload == null ? ConflictAction.ASK : fileExistsDownload;
        fileExistsUpload = fileExistsUpload == null ? ConflictAction.ASK : fileExistsUpload;
        theme = theme == null ? "system" : theme;
        language = language == null ? "system" : language;
        // Files written before these settings existed read as 0: the defaults.
        segments = Math.max(1, Math.min(10, segments));
        segmentThresholdMiB = segmentThresholdMiB <= 0 ? 16 : segmentThresholdMiB;
    }

    public Settings withTheme(String value) {
        return new Settings(version, passive, activeExternalAddress, activePortMin, activePortMax, timeoutSeconds,
                keepAliveSeconds, concurrentTransfers, retries, downloadLimitKiB, uploadLimitKiB, fileExistsDownload,
                fileExistsUpload, showHiddenFiles, value, language, segments,
                segmentThresholdMiB);
    }

    public Settings withLanguage(String value) {
        return new Settings(version, passive, activeExternalAddress, activePortMin, activePortMax, timeoutSeconds,
                keepAliveSeconds, concurrentTransfers, retries, downloadLimitKiB, uploadLimitKiB, fileExistsDownload,
                fileExistsUpload, showHiddenFiles, theme, value, segments,
                segmentThresholdMiB);
    }

    public Settings withShowHiddenFiles(boolean value) {
        return new Settings(version, passive, activeExternalAddress, activePortMin, activePortMax, timeoutSeconds,
                keepAliveSeconds, concurrentTransfers, retries, downloadLimitKiB, uploadLimitKiB, fileExistsDownload,
                fileExistsUpload, value, theme, language, segments,
                segmentThresholdMiB);
    }

    public Settings withSegments(int count, long thresholdMiB) {
        return new Settings(version, passive, activeExternalAddress, activePortMin, activePortMax, timeoutSeconds,
                keepAliveSeconds, concurrentTransfers, retries, downloadLimitKiB, uploadLimitKiB, fileExistsDownload,
                fileExistsUpload, showHiddenFiles, theme, language, count, thresholdMiB);
    }
}
