package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * Listings made by {@code /bin/dls} ("descriptive ls"), as the lynx and mirror.pl projects
 * describe them:
 * <pre>
 * README              763  Jul 11 21:05  Information about this server
 * bin/                  -  Apr 28  1994
 * etc/                  =  11 Jul 21:04
 * morgan               14  Apr 18 09:39  -&gt; ../real/morgan
 * TIMIT.mostlikely.Z
 *                   79215  Jul 11 21:04
 * </pre>
 * The name, then in a column ending at the 23rd character the size in bytes ({@code -} or
 * {@code =} for a folder, whose name ends in "/"), two blanks, an optional date (month and day
 * in either order, then the time or the year), and a free description, or "-&gt; target" for a
 * link. A name too long for its column stands alone on a line and the rest follows on the next.
 * The older form has no date at all. A first line "some/dir:" names the folder listed.
 */
public final class DlsListParser implements ListingParser {

    /** Where the size column ends. */
    private static final int SIZE_END = 23;

    /** What {@link #date} gives for a date that cannot be. */
    private static final int[] IMPOSSIBLE = new int[0];

    private final ListingDates dates;
    private String problem;
    /** The name of a long-named entry, kept while the next line is joined to it. */
    private String pendingName;

    DlsListParser(ListingDates dates) {
        this.dates = dates;
    }

    @Override
    public String formatName() {
        return "dls";
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
        String s = line.strip();
        if (s.length() > 1 && s.endsWith(":") && s.indexOf(' ') < 0 && !s.contains("//") && plainName(s, 0, s.length())) {
            return "the name of the folder listed";
        }
        return null;
    }

    @Override
    public boolean continuesOnNextLine(String line) {
        Tokens t = new Tokens(line);
        if (t.count() == 1 && t.start(0) == 0 && plainName(line, 0, line.length())) {
            pendingName = line;
            return true;
        }
        pendingName = null;
        return false;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        String pending = pendingName;
        pendingName = null;
        Tokens t = new Tokens(line);
        int n = t.count();
        int sizeAt;
        String name;
        if (pending != null && line.startsWith(pending + " ")) {
            // A long name and the next line, joined: the size is the first token after the name.
            sizeAt = 1;
            name = pending;
        } else {
            sizeAt = -1;
            for (int k = 1; k < n; k++) {
                if (t.end(k) == SIZE_END) {
                    sizeAt = k;
                    break;
                }
                if (t.end(k) > SIZE_END) {
                    break;
                }
            }
            if (sizeAt < 0 || t.start(0) != 0 || (t.end(sizeAt) < line.length() && !line.startsWith("  ", t.end(sizeAt)))) {
                return null;
            }
            name = line.substring(0, t.end(sizeAt - 1));
            int slashAt = name.indexOf('/');
            if (!plainName(name, 0, name.length()) || (slashAt >= 0 && slashAt < name.length() - 1) || looksLikeMode(t)) {
                return null;
            }
        }
        if (sizeAt >= n) {
            return null;
        }
        boolean folderMark = t.is(sizeAt, "-") || t.is(sizeAt, "=");
        boolean slash = name.endsWith("/");
        if (folderMark ? !slash : !t.isDigits(sizeAt)) {
            return null;
        }
        if (slash) {
            name = name.substring(0, name.length() - 1);
            if (name.isEmpty()) {
                return null;
            }
        }
        long size = slash ? -1 : t.number(sizeAt);
        int k = sizeAt + 1;
        Instant modified = null;
        RemoteEntry.TimePrecision precision = RemoteEntry.TimePrecision.UNKNOWN;
        int[] when = date(t, k);
        if (when == IMPOSSIBLE) {
            problem = "an impossible date";
            return null;
        }
        if (when != null) {
            modified = dates.instant(when[0], when[1]);
            if (modified == null) {
                problem = "an impossible date";
                return null;
            }
            precision = when[1] < 0 ? RemoteEntry.TimePrecision.DAYS : ListingDates.precisionOf(when[1]);
            k += 3;
        }
        RemoteEntry.Type type = slash ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE;
        String target = null;
        if (k < n && t.is(k, "->") && k + 1 < n) {
            type = RemoteEntry.Type.SYMLINK;
            target = t.restFrom(k + 1);
            if (target.length() > 1 && target.endsWith("/")) {
                target = target.substring(0, target.length() - 1);
            }
        } else if (when == null && k < n
                && (Character.isDigit(t.first(k)) || t.first(k) == '-' || t.first(k) == '[' || t.first(k) == '(')) {
            // Without a date, a description is words; numbers, dates or fields right after the size
            // mean another format's line ("NAME;1  155  2-JUL-2003 …", "d [----AF--]  0  512 10-04-2001 …").
            return null;
        }
        return new RemoteEntry(name, type, size, modified, precision, null, null, null, target, line);
    }

    /**
     * "Jul 11 21:05", "11 Jul 21:04", "Apr 28  1994" from token k: {packed date, time or -1}; null
     * when there is no date there, {@link #IMPOSSIBLE} when there is one that cannot be ("Feb 30").
     */
    private int[] date(Tokens t, int k) {
        if (k + 2 >= t.count()) {
            return null;
        }
        int month = dates.monthName(t, k);
        int dayAt = k + 1;
        if (month == 0) {
            month = dates.monthName(t, k + 1);
            dayAt = k;
        }
        if (month == 0 || t.length(dayAt) > 2 || !t.isDigits(dayAt)) {
            return null;
        }
        int day = (int) t.number(dayAt);
        int last = k + 2;
        if (t.length(last) == 4 && t.isDigits(last)) {
            int year = (int) t.number(last);
            return ListingDates.valid(year, month, day) ? new int[] {year * 10000 + month * 100 + day, -1} : IMPOSSIBLE;
        }
        int time = dates.time(t, last);
        if (time < 0) {
            return ListingDates.timeShaped(t, last) ? IMPOSSIBLE : null;
        }
        if (!ListingDates.valid(0, month, day)) {
            return IMPOSSIBLE;
        }
        int year = dates.recentYear(month, day, time);
        return new int[] {year * 10000 + month * 100 + day, time};
    }

    /** No characters a dls name cannot have ("&lt;", "|", "&gt;", "?", "*", "\"), nor a blank at its start. */
    private static boolean plainName(String s, int from, int to) {
        if (from >= to || s.charAt(from) == ' ') {
            return false;
        }
        for (int p = from; p < to; p++) {
            if ("<|>?*\\\t".indexOf(s.charAt(p)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** A Unix mode first ("-rw-r--r--", "drwx") or NetWare rights ("d [RWCEAFMS]"): another format's line. */
    private static boolean looksLikeMode(Tokens t) {
        if (t.count() > 1 && t.length(0) <= 2 && "-d".indexOf(t.first(0)) >= 0
                && (t.line.indexOf('[', t.start(0)) == t.start(0) + 1 || t.first(1) == '[')) {
            return true;
        }
        return t.length(0) >= 7 && "-dlbcps".indexOf(t.first(0)) >= 0
                && (t.line.charAt(t.start(0) + 1) == 'r' || t.line.charAt(t.start(0) + 1) == '-')
                && (t.line.charAt(t.start(0) + 2) == 'w' || t.line.charAt(t.start(0) + 2) == '-');
    }
}
