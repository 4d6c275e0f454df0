package dev.ferry.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Sizes, dates, speeds and durations as the interface shows them. */
public final class Formats {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /**
     * Sizes in binary units with their IEC names (KiB, MiB, GiB: 1024-based, as counted), one
     * decimal; the command line's {@code Terminal.bytes} follows the same convention.
     */
    public static String size(long bytes) {
        if (bytes < 0) {
            return "";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    public static String speed(double bytesPerSecond) {
        return bytesPerSecond <= 0 ? "" : size((long) bytesPerSecond) + "/s";
    }

    public static String date(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    public static String duration(long seconds) {
        if (seconds < 0) {
            return "";
        }
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
