package dev.ferry.ftp.listing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenVMS listings (the DIRECTORY/FULL-like output of its FTP servers):
 * <pre>
 * Directory USER1:[TEMP]
 *
 * 1-JUN.LIS;1              9/9           2-JUN-1998 07:32:04  [GROUP,OWNER]    (RWED,RWED,RWED,RE)
 * DATA.DIR;1               1/9           2-JUN-1998 07:32:04  [GROUP,OWNER]    (,RWED,RWED,RE)
 * UNZIP_AND_ATTACH_FILES.COM;12
 *                         14/15         24-JUL-2002 14:35:40  [TRANSLATED]    (RWE,RWE,RWE,RE)
 *
 * Total of 3 files, 24/33 blocks.
 * </pre>
 * A name too long for its column puts the rest of the entry on the next line. Sizes are in
 * blocks of 512 bytes (used/allocated), or with a unit ("2KB"); the fields after the name come
 * in more than one order.
 * <p>
 * Every file carries a version ({@code ;1}). Ferry keeps the highest version of each file and
 * names it without the version: that is the file a VMS server gives for a name without version
 * (RETR, SIZE, DELE), and the name a copy on another system should have. Older versions are
 * not listed. A folder is {@code NAME.DIR;1} and is listed as {@code NAME}.
 */
public final class VmsListParser implements ListingParser {

    private static final int BLOCK = 512;

    private final ListingDates dates;
    private final Map<RemoteEntry, Integer> versions = new IdentityHashMap<>();
    private String problem;

    VmsListParser(ListingDates dates) {
        this.dates = dates;
    }

    @Override
    public String formatName() {
        return "VMS";
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
        String trimmed = line.strip();
        if (trimmed.regionMatches(true, 0, "Directory ", 0, 10) && (trimmed.indexOf('[') > 0 || trimmed.indexOf(':') > 0)) {
            return "the folder heading";
        }
        if (trimmed.regionMatches(true, 0, "Total of ", 0, 9) || trimmed.regionMatches(true, 0, "Grand total of ", 0, 15)
                || trimmed.regionMatches(true, 0, "Total ", 0, 6) && trimmed.toLowerCase(java.util.Locale.ROOT).endsWith(" files")) {
            return "the folder total";
        }
        // A heading of the volume and folder alone: "DISK$FTP:[ANONYMOUS]".
        if (trimmed.indexOf(' ') < 0 && trimmed.endsWith("]") && trimmed.indexOf(":[") > 0) {
            return "the folder heading";
        }
        return null;
    }

    @Override
    public boolean continuesOnNextLine(String line) {
        Tokens t = new Tokens(line);
        return t.count() == 1 && versionAt(t) > 0;
    }

    /** Where the version number starts in the first token ("NAME.EXT;12"), or -1. */
    private static int versionAt(Tokens t) {
        int semicolon = t.line.indexOf(';', t.start(0));
        if (semicolon <= t.start(0) || semicolon >= t.end(0) - 1 || !t.digitsIn(semicolon + 1, t.end(0))) {
            return -1;
        }
        return semicolon + 1;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        Tokens t = new Tokens(line);
        int n = t.count();
        if (n < 2) {
            return null;
        }
        int versionStart = versionAt(t);
        if (versionStart < 0) {
            return null;
        }
        String written = line.substring(t.start(0), versionStart - 1);
        // CMU/VMS-IP writes the folder in front: "[VMSSERV.FILES]ALARM.DIR;1".
        int folderEnd = written.lastIndexOf(']');
        if (folderEnd >= 0 && written.indexOf('[') == 0 && (folderEnd == 0 || written.charAt(folderEnd - 1) != '^')) {
            written = written.substring(folderEnd + 1);
        }
        String name = unescape(written);
        long version = t.number(versionStart, t.end(0));
        RemoteEntry.Type type = RemoteEntry.Type.FILE;
        if (name.length() > 4 && name.regionMatches(true, name.length() - 4, ".DIR", 0, 4)) {
            type = RemoteEntry.Type.DIRECTORY;
            name = name.substring(0, name.length() - 4);
        }
        long size = -1;
        int date = -1;
        int time = -1;
        String owner = null;
        String group = null;
        String permissions = null;
        for (int k = 1; k < n; k++) {
            char first = t.first(k);
            if (first == '[') {
                // [GROUP,OWNER] (a UIC) or [IDENTIFIER]; some servers cut the closing bracket.
                String uic = t.text(k).substring(1);
                if (uic.endsWith("]")) {
                    uic = uic.substring(0, uic.length() - 1);
                }
                int comma = uic.indexOf(',');
                if (comma >= 0) {
                    group = uic.substring(0, comma);
                    owner = uic.substring(comma + 1);
                } else {
                    owner = uic;
                }
            } else if (first == '(') {
                String text = t.text(k);
                permissions = text.substring(1, text.endsWith(")") ? text.length() - 1 : text.length());
            } else if (date < 0 && dates.date(t, k, ListingConfig.DateOrder.DMY) > 10000) {
                date = dates.date(t, k, ListingConfig.DateOrder.DMY);
            } else if (time < 0 && ListingDates.timeShaped(t, k)) {
                time = dates.time(t, k);
                if (time < 0) {
                    problem = "an impossible time";
                    return null;
                }
                if (k + 1 < n && ListingDates.meridiem(line, t.start(k + 1), t.end(k + 1)) >= 0) {
                    time = ListingDates.withMeridiem(time, ListingDates.meridiem(line, t.start(k + 1), t.end(k + 1)) == 1);
                    k++;
                    if (time < 0) {
                        problem = "an impossible time";
                        return null;
                    }
                }
            } else if (first == '*' && t.text(k).chars().allMatch(c -> c == '*')) {
                // The size did not fit its column: unknown.
                continue;
            } else if (size < 0 && Character.isDigit(first) && blocks(t, k) >= 0) {
                size = blocks(t, k);
            } else if (owner == null && Character.isLetter(first) && isWord(t, k)) {
                owner = t.text(k);
            } else {
                return null;
            }
        }
        if (date < 0) {
            if (ListingDates.dateShaped(t, 1) || n > 2) {
                problem = "no date";
            }
            return null;
        }
        Instant modified = dates.instant(date, time);
        if (modified == null) {
            problem = "an impossible date";
            return null;
        }
        if (name.isBlank()) {
            problem = "no name";
            return null;
        }
        RemoteEntry entry = new RemoteEntry(name, type, size, modified,
                time < 0 ? RemoteEntry.TimePrecision.DAYS : ListingDates.precisionOf(time),
                permissions, owner, group, null, line);
        if (size >= 0) {
            // Blocks of 512 bytes, or a rounded unit: the file's last block is rarely full.
            entry = entry.withApproximateSize();
        }
        versions.put(entry, (int) Math.min(version, Integer.MAX_VALUE));
        return entry;
    }

    /** "9", "9/12" (used/allocated blocks), "2KB": bytes, or -1. */
    private static long blocks(Tokens t, int k) {
        String s = t.line;
        int slash = t.indexOf('/', k);
        int end = slash >= 0 ? slash : t.end(k);
        if (t.digitsIn(t.start(k), end)) {
            if (end < t.end(k) && !t.digitsIn(end + 1, t.end(k))) {
                return -1;
            }
            long used = t.number(t.start(k), end);
            return used < 0 || used > Long.MAX_VALUE / BLOCK ? -1 : used * BLOCK;
        }
        return UnixListParser.namedSize(s, t.start(k), t.end(k));
    }

    private static boolean isWord(Tokens t, int k) {
        for (int p = t.start(k); p < t.end(k); p++) {
            char c = t.line.charAt(p);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '$' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** ODS-5 escapes: "^." a dot, "^_" a space, "^20" a character by its hexadecimal code. */
    private static String unescape(String name) {
        if (name.indexOf('^') < 0) {
            return name;
        }
        StringBuilder text = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '^' || i + 1 == name.length()) {
                text.append(c);
                continue;
            }
            char next = name.charAt(++i);
            if (next == '_') {
                text.append(' ');
            } else if (i + 1 < name.length() && Character.digit(next, 16) >= 0
                    && Character.digit(name.charAt(i + 1), 16) >= 0) {
                text.append((char) Integer.parseInt(name.substring(i, i + 2), 16));
                i++;
            } else {
                text.append(next);
            }
        }
        return text.toString();
    }

    @Override
    public String droppedReason() {
        return "an older version of a file; its highest version is listed";
    }

    /** One entry per name: the highest version, where the first version was listed. */
    @Override
    public List<RemoteEntry> finish(List<RemoteEntry> entries) {
        Map<String, Integer> position = new HashMap<>();
        List<RemoteEntry> kept = new ArrayList<>(entries.size());
        for (RemoteEntry entry : entries) {
            String key = entry.name().toUpperCase(Locale.ROOT) + (entry.isDirectory() ? "/" : "");
            Integer at = position.get(key);
            if (at == null) {
                position.put(key, kept.size());
                kept.add(entry);
            } else if (versions.getOrDefault(entry, 0) > versions.getOrDefault(kept.get(at), 0)) {
                kept.set(at, entry);
            }
        }
        return kept;
    }
}
