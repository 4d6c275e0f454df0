package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * Novell NetWare listings:
 * <pre>
 * d [RWCEAFMS] rwinston                          512 Nov 24  2005 Favorites
 * - [R----F--] rhesus             214059       Oct 20 15:27    report 2005.doc
 * </pre>
 * A type ({@code d} or {@code -}), the user's rights in brackets, the owner, the size, an
 * {@code ls}-style date, the name. NetWare pads before the name, so blanks before it are skipped.
 */
public final class NetwareListParser implements ListingParser {

    private final LsDate date;
    private String problem;

    NetwareListParser(ListingDates dates) {
        this.date = new LsDate(dates);
    }

    @Override
    public String formatName() {
        return "NetWare";
    }

    @Override
    public String noiseReason(String line) {
        if (line.isBlank()) {
            return "a blank line";
        }
        return UnixListParser.isTotal(line) ? "the total line" : null;
    }

    @Override
    public String lastProblem() {
        return problem;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        Tokens t = new Tokens(line);
        int n = t.count();
        if (n < 5 || t.first(0) != 'd' && t.first(0) != '-') {
            return null;
        }
        // Hellsoft's server glues the type to the rights: "d[RWCEMFA] supervisor ...".
        boolean glued = t.length(0) > 3 && line.charAt(t.start(0) + 1) == '[' && t.last(0) == ']';
        int shift = glued ? -1 : 0;
        if (!glued && (n < 6 || t.length(0) != 1 || t.first(1) != '[' || t.last(1) != ']')) {
            return null;
        }
        String rights = glued ? line.substring(t.start(0) + 1, t.end(0)) : t.text(1);
        for (int i = 3 + shift; i < n - 1; i++) {
            if (!t.isDigits(i - 1)) {
                continue;
            }
            int found = date.read(t, i);
            if (found == LsDate.BAD) {
                problem = "an impossible date or time";
                return null;
            }
            if (found != LsDate.FOUND) {
                continue;
            }
            Instant modified = date.instant();
            if (modified == null) {
                problem = "an impossible date";
                return null;
            }
            int p = t.end(date.end());
            while (p < line.length() && Tokens.isBlank(line.charAt(p))) {
                p++;
            }
            if (p >= line.length()) {
                problem = "no name";
                return null;
            }
            String owner = i - 2 >= 2 + shift ? t.span(2 + shift, i - 2) : null;
            boolean directory = t.first(0) == 'd';
            return new RemoteEntry(line.substring(p), directory ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE,
                    t.number(i - 1), modified, date.precision(), rights, owner, null, null, line);
        }
        return null;
    }
}
