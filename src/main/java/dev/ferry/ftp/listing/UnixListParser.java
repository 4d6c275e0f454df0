package dev.ferry.ftp.listing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ls -l} style listings as vsftpd, ProFTPD, Pure-FTPd and busybox send them:
 * <pre>
 * drwxr-xr-x    2 user     group        4096 Jan 15 12:34 dir
 * -rw-r--r--    1 0        0           12345 Mar  3  2021 name with spaces
 * lrwxrwxrwx    1 root     root           7 Jan  1 00:00 link -&gt; target
 * crw-rw-rw-    1 root     root        1,   3 Jan  1  2020 null
 * </pre>
 * The link count and the group are optional (some servers omit them). Dates come as
 * "Mon dd hh:mm" (the last six months, year inferred), "Mon dd yyyy", "dd Mon ..." or ISO
 * "yyyy-mm-dd hh:mm", in the server's time zone. The name is everything after the single space
 * that follows the date, so leading and inner spaces survive.
 */
public final class UnixListParser implements ListingParser {

    private static final String MONTH = "[A-Za-z]{3}|\\d{1,2}\u6708";
    private static final Pattern LINE = Pattern.compile(
            "^([-bcdlpsDnw?])([-rwxsStTlL]{9})[+@.]?\\s+"
                    + "(?:(\\d+)\\s+)?"
                    + "(\\S+)\\s+"
                    + "(?:(\\S+)\\s+)?"
                    + "(\\d+|\\d+,\\s*\\d+)\\s+"
                    + "(?:"
                    + "(?<month1>" + MONTH + ")\\s+(?<day1>\\d{1,2})\\s+(?<when1>\\d{1,2}:\\d{2}|\\d{4})"
                    + "|(?<day2>\\d{1,2})\\s+(?<month2>" + MONTH + ")\\s+(?<when2>\\d{1,2}:\\d{2}|\\d{4})"
                    + "|(?<iso>\\d{4}-\\d{2}-\\d{2})\\s+(?<isotime>\\d{2}:\\d{2})"
                    + ")"
                    // Any character belongs to a name, CR included: it is then flagged unsafe, not lost.
                    + " (?<name>(?s:.+))$");

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4),
            Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8),
            Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));

    private final Clock clock;
    private final ZoneId zone;

    /**
     * @param zone  the time zone the server prints its times in (a site setting; UTC by default)
     * @param clock "now", to infer the year of recent entries
     */
    public UnixListParser(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String formatName() {
        return "Unix";
    }

    @Override
    public boolean isNoise(String line) {
        return line.isBlank() || line.regionMatches(true, 0, "total ", 0, 6);
    }

    @Override
    public RemoteEntry parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        char typeLetter = m.group(1).charAt(0);
        RemoteEntry.Type type = switch (typeLetter) {
            case '-' -> RemoteEntry.Type.FILE;
            case 'd' -> RemoteEntry.Type.DIRECTORY;
            case 'l' -> RemoteEntry.Type.SYMLINK;
            default -> RemoteEntry.Type.OTHER;
        };
        String sizeText = m.group(6);
        long size = sizeText.indexOf(',') >= 0 ? -1 : parseLong(sizeText);
        String owner = m.group(4);
        String group = m.group(5);

        LocalDateTime local;
        RemoteEntry.TimePrecision precision;
        if (m.group("iso") != null) {
            local = LocalDateTime.parse(m.group("iso") + "T" + m.group("isotime"));
            precision = RemoteEntry.TimePrecision.MINUTES;
        } else {
            boolean first = m.group("month1") != null;
            Integer month = month(first ? m.group("month1") : m.group("month2"));
            int day = Integer.parseInt(first ? m.group("day1") : m.group("day2"));
            String when = first ? m.group("when1") : m.group("when2");
            if (month == null || day < 1 || day > 31) {
                return null;
            }
            LocalDateTime parsed = dateTime(month, day, when);
            if (parsed == null) {
                return null;
            }
            local = parsed;
            precision = when.indexOf(':') >= 0 ? RemoteEntry.TimePrecision.MINUTES : RemoteEntry.TimePrecision.DAYS;
        }

        String name = m.group("name");
        String linkTarget = null;
        if (type == RemoteEntry.Type.SYMLINK) {
            int arrow = name.indexOf(" -> ");
            if (arrow >= 0) {
                linkTarget = name.substring(arrow + 4);
                name = name.substring(0, arrow);
            }
        }
        String permissions = m.group(2);
        return new RemoteEntry(name, type, size, local.atZone(zone).toInstant(), precision,
                permissions, owner, group, linkTarget, line);
    }

    private LocalDateTime dateTime(int month, int day, String when) {
        try {
            if (when.indexOf(':') < 0) {
                return LocalDate.of(Integer.parseInt(when), month, day).atStartOfDay();
            }
            int colon = when.indexOf(':');
            int hour = Integer.parseInt(when.substring(0, colon));
            int minute = Integer.parseInt(when.substring(colon + 1));
            // "Mon dd hh:mm" is used for the last six months: this year, unless that lies in the future.
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
            LocalDateTime candidate = LocalDateTime.of(now.getYear(), month, day, hour, minute);
            if (candidate.isAfter(now.toLocalDateTime().plusDays(1))) {
                candidate = candidate.minusYears(1);
            }
            return candidate;
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static Integer month(String text) {
        if (text.endsWith("\u6708")) {
            int value = Integer.parseInt(text.substring(0, text.length() - 1));
            return value >= 1 && value <= 12 ? value : null;
        }
        return MONTHS.get(text.toLowerCase(Locale.ROOT));
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
