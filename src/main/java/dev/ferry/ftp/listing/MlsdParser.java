package dev.ferry.ftp.listing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Machine listings (RFC 3659 MLSD/MLST): {@code fact=value;...; name}. The facts end at the
 * first blank (a space, or a tab as some servers send); the name is everything after that one
 * blank, its own spaces included. Times are UTC. Entries of type {@code cdir}/{@code pdir} (the
 * directory itself and its parent) are noise. Servers older than the RFC may omit the last
 * semicolon; fact names are compared without regard to case.
 */
public final class MlsdParser implements ListingParser {

    private final boolean factsRequired;
    private String problem;

    public MlsdParser() {
        this(false);
    }

    /** @param factsRequired refuse lines without facts (when MLSD-like lines turn up in a LIST reply) */
    MlsdParser(boolean factsRequired) {
        this.factsRequired = factsRequired;
    }

    @Override
    public String formatName() {
        return "MLSD";
    }

    @Override
    public String lastProblem() {
        return problem;
    }

    @Override
    public String noiseReason(String line) {
        if (line.isBlank()) {
            return "a blank line";
        }
        int blank = firstBlank(line);
        int end = blank < 0 ? line.length() : blank;
        int start = 0;
        while (start < end) {
            int stop = line.indexOf(';', start);
            if (stop < 0 || stop > end) {
                stop = end;
            }
            if (stop - start == 9 && line.regionMatches(true, start, "type=cdir", 0, 9)) {
                return "the listed folder itself (type=cdir)";
            }
            if (stop - start == 9 && line.regionMatches(true, start, "type=pdir", 0, 9)) {
                return "the parent folder (type=pdir)";
            }
            start = stop + 1;
        }
        return null;
    }

    private static int firstBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        int blank = firstBlank(line);
        if (blank < 0) {
            if (line.indexOf('=') > 0) {
                problem = "no name";
            }
            return null;
        }
        String name = line.substring(blank + 1);
        RemoteEntry.Type type = RemoteEntry.Type.OTHER;
        String linkTarget = null;
        long size = -1;
        long sizd = -1;
        Instant modified = null;
        String mode = null;
        String perm = null;
        String owner = null;
        String ownerId = null;
        String group = null;
        String groupId = null;
        String unique = null;
        boolean sawFact = false;
        boolean typed = false;
        int start = 0;
        while (start < blank) {
            int end = line.indexOf(';', start);
            if (end < 0 || end > blank) {
                end = blank;
            }
            if (end == start) {
                start = end + 1;
                continue;
            }
            int equals = line.indexOf('=', start);
            if (equals < 0 || equals >= end || equals == start) {
                return null;
            }
            sawFact = true;
            String value = line.substring(equals + 1, end);
            switch (factName(line, start, equals)) {
                case "type" -> {
                    typed = true;
                    String t = value.toLowerCase(Locale.ROOT);
                    if (t.equals("file")) {
                        type = RemoteEntry.Type.FILE;
                    } else if (t.equals("dir") || t.equals("cdir") || t.equals("pdir")) {
                        type = RemoteEntry.Type.DIRECTORY;
                    } else if (t.equals("link") || t.equals("os.unix=slink") || t.equals("os.unix=symlink")
                            || t.startsWith("os.unix=slink:") || t.startsWith("os.unix=symlink:")) {
                        type = RemoteEntry.Type.SYMLINK;
                        int colon = value.indexOf(':');
                        linkTarget = colon >= 0 && colon + 1 < value.length() ? value.substring(colon + 1) : null;
                    }
                }
                case "size" -> size = number(value);
                case "sizd" -> sizd = number(value);
                case "modify" -> modified = time(value);
                case "perm" -> perm = value;
                case "unix.mode" -> mode = value;
                case "unix.ownername" -> owner = value;
                case "unix.owner", "unix.uid" -> ownerId = value;
                case "unix.groupname" -> group = value;
                case "unix.group", "unix.gid" -> groupId = value;
                case "unique" -> unique = value;
                default -> {
                }
            }
            start = end + 1;
        }
        if (!sawFact && (blank > 0 || factsRequired)) {
            return null;
        }
        if (name.isBlank()) {
            problem = "no name";
            return null;
        }
        if (!typed) {
            // The type fact is optional (RFC 3659 7.5): an entry without one is a file, as clients read
            // it, unless only a folder's size (sizd) is given; "special file" was wrong for it.
            type = size < 0 && sizd >= 0 ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE;
        }
        if (size < 0) {
            size = sizd;
        }
        String permissions = mode != null ? UnixModes.toSymbolic(mode) : perm;
        return new RemoteEntry(name, type, size, modified,
                modified == null ? RemoteEntry.TimePrecision.UNKNOWN : RemoteEntry.TimePrecision.SECONDS,
                permissions, owner != null ? owner : ownerId, group != null ? group : groupId, linkTarget, line,
                unique);
    }

    private static String factName(String line, int from, int to) {
        String name = line.substring(from, to);
        for (int i = 0; i < name.length(); i++) {
            if (Character.isUpperCase(name.charAt(i))) {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    /** The value of a fact, names compared case-insensitively as RFC 3659 requires. */
    static String fact(String facts, String wanted) {
        int start = 0;
        while (start < facts.length()) {
            int end = facts.indexOf(';', start);
            if (end < 0) {
                end = facts.length();
            }
            int equals = facts.indexOf('=', start);
            if (equals > start && equals < end && facts.substring(start, equals).equalsIgnoreCase(wanted)) {
                return facts.substring(equals + 1, end);
            }
            start = end + 1;
        }
        return null;
    }

    private static long number(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long result = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            result = result * 10 + (c - '0');
        }
        return result;
    }

    /** YYYYMMDDHHMMSS[.sss] in UTC; null when it is not a possible time. */
    static Instant time(String value) {
        if (value.length() < 14) {
            return null;
        }
        for (int i = 0; i < 14; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return null;
            }
        }
        int year = Integer.parseInt(value, 0, 4, 10);
        int month = Integer.parseInt(value, 4, 6, 10);
        int day = Integer.parseInt(value, 6, 8, 10);
        int hour = Integer.parseInt(value, 8, 10, 10);
        int minute = Integer.parseInt(value, 10, 12, 10);
        int second = Integer.parseInt(value, 12, 14, 10);
        if (hour > 23 || minute > 59 || second > 60) {
            return null;
        }
        Instant instant = ListingDates.instant(year, month, day, hour * 3600 + minute * 60 + Math.min(second, 59),
                ZoneOffset.UTC);
        if (instant == null) {
            return null;
        }
        if (value.length() > 15 && value.charAt(14) == '.') {
            long nanos = 0;
            int digits = 0;
            for (int i = 15; i < value.length() && digits < 9; i++, digits++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return instant;
                }
                nanos = nanos * 10 + (c - '0');
            }
            for (; digits < 9; digits++) {
                nanos *= 10;
            }
            instant = instant.plusNanos(nanos);
        }
        return instant;
    }
}
