package dev.ferry.ftp.listing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * DOS-style listings as IIS, Windows CE and other Windows servers send them:
 * <pre>
 * 01-02-24  03:04PM       &lt;DIR&gt;          name
 * 01-02-2024  15:04            1,234 name with spaces
 * 2024-01-02  15:04       &lt;JUNCTION&gt;     name
 * </pre>
 * Dates are month-day-year (two-digit years pivot at 70) or ISO, day first when written with
 * dots or when the site says so; times are 12-hour with AM/PM or 24-hour, in the server's time
 * zone; sizes may have thousands separators. The columns are fixed: a name starts one blank
 * after its size, or fifteen characters after the start of {@code <DIR>}, so its own leading
 * spaces are kept.
 */
public final class DosListParser implements ListingParser {

    private static final int TYPE_COLUMN_WIDTH = 15;

    private final ListingDates dates;
    private String problem;

    public DosListParser(ZoneId zone) {
        this(new ListingDates(ListingConfig.of(zone), Clock.systemUTC()));
    }

    DosListParser(ListingDates dates) {
        this.dates = dates;
    }

    @Override
    public String formatName() {
        return "DOS";
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
        if (trimmed.startsWith("Volume in drive") || trimmed.startsWith("Volume Serial Number")
                || trimmed.startsWith("Directory of ")) {
            return "a heading of the Windows dir command";
        }
        if (trimmed.contains(" File(s) ") || trimmed.contains(" Dir(s) ")) {
            return "the summary of the Windows dir command";
        }
        return null;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        Tokens t = new Tokens(line);
        int n = t.count();
        if (n < 4 || !Character.isDigit(t.first(0))) {
            return null;
        }
        int date = dates.date(t, 0, ListingConfig.DateOrder.MDY);
        if (date < 0 || date / 10000 == 0) {
            if (ListingDates.dateShaped(t, 0) && ListingDates.timeShaped(t, 1)) {
                problem = "an impossible date";
            }
            return null;
        }
        int time = dates.time(t, 1);
        int k = 2;
        if (time >= 0 && ListingDates.meridiem(t.line, t.start(2), t.end(2)) >= 0) {
            // "03:04 PM"
            time = ListingDates.withMeridiem(time, ListingDates.meridiem(t.line, t.start(2), t.end(2)) == 1);
            k = 3;
        }
        if (time < 0) {
            if (ListingDates.timeShaped(t, 1)) {
                problem = "an impossible time";
            }
            return null;
        }
        if (k + 1 >= n) {
            problem = "no name";
            return null;
        }
        RemoteEntry.Type type;
        long size = -1;
        int nameStart;
        String linkTarget = null;
        if (t.first(k) == '<' && t.last(k) == '>') {
            if (t.isIgnoreCase(k, "<DIR>")) {
                type = RemoteEntry.Type.DIRECTORY;
            } else if (t.isIgnoreCase(k, "<JUNCTION>") || t.isIgnoreCase(k, "<SYMLINKD>")
                    || t.isIgnoreCase(k, "<SYMLINK>")) {
                type = RemoteEntry.Type.SYMLINK;
            } else {
                return null;
            }
            nameStart = fixedColumn(t, k);
        } else {
            size = thousands(t, k);
            if (size < 0) {
                return null;
            }
            type = RemoteEntry.Type.FILE;
            nameStart = t.end(k) + 1;
        }
        String name = t.line.substring(Math.min(nameStart, t.line.length()));
        if (type == RemoteEntry.Type.SYMLINK && name.endsWith("]")) {
            // The dir command shows where a junction points: "name [C:\target]".
            int open = name.lastIndexOf(" [");
            if (open > 0) {
                linkTarget = name.substring(open + 2, name.length() - 1);
                name = name.substring(0, open);
            }
        } else if (type == RemoteEntry.Type.SYMLINK) {
            // Some servers write it as ls does: "name -> C:\target".
            LinkArrow link = LinkArrow.split(name);
            name = link.name();
            linkTarget = link.target();
        }
        if (name.isBlank()) {
            problem = "no name";
            return null;
        }
        Instant modified = dates.instant(date, time);
        if (modified == null) {
            problem = "an impossible date";
            return null;
        }
        return new RemoteEntry(name, type, size, modified, ListingDates.precisionOf(time), null, null, null,
                linkTarget, line);
    }

    /** Where the name starts after "<DIR>": at the fixed column when the padding is there, else after the blanks. */
    private static int fixedColumn(Tokens t, int k) {
        String s = t.line;
        int column = t.start(k) + TYPE_COLUMN_WIDTH;
        boolean padded = column < s.length();
        for (int p = t.end(k); padded && p < column; p++) {
            padded = Tokens.isBlank(s.charAt(p));
        }
        if (padded) {
            return column;
        }
        int p = t.end(k);
        while (p < s.length() && Tokens.isBlank(s.charAt(p))) {
            p++;
        }
        return p;
    }

    /** "1234", "9,730", "1.234.567": a size, with separators only between groups of three digits; -1 otherwise. */
    static long thousands(Tokens t, int k) {
        if (t.isDigits(k)) {
            return t.number(k);
        }
        String s = t.line;
        int from = t.start(k);
        int to = t.end(k);
        char separator = s.charAt(from) == ',' || s.charAt(from) == '.' ? 0 : findSeparator(s, from, to);
        if (separator == 0) {
            return -1;
        }
        long value = 0;
        int group = 0;
        boolean first = true;
        for (int p = from; p < to; p++) {
            char c = s.charAt(p);
            if (c == separator) {
                if ((first && (group == 0 || group > 3)) || (!first && group != 3)) {
                    return -1;
                }
                first = false;
                group = 0;
            } else if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                group++;
                if (value > Long.MAX_VALUE / 10) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return group == 3 ? value : -1;
    }

    private static char findSeparator(String s, int from, int to) {
        for (int p = from; p < to; p++) {
            char c = s.charAt(p);
            if (c == ',' || c == '.' || c == '\'' || c == '\u00a0') {
                return c;
            }
        }
        return 0;
    }
}
