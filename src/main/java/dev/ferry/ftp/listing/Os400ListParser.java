package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * IBM i (OS/400) listings in its own format (LISTFMT 0):
 * <pre>
 * QSYS            77824 02/23/00 15:09:55 *DIR       QOpenSys/
 * PEP              6409 04/03/24 14:06:29 *STMF      build.xml
 * QPGMR           36864 18.09.06 14:21:26 *FILE      RPGUNIT.FILE
 * QPGMR                                   *MEM       RPGUNIT.FILE/RUCALLTST.MBR
 * </pre>
 * Owner, size, date, time (members of a file have none of these), an object type, the name.
 * Folders end in "/"; a member's name is given with its file ("FILE/MEMBER.MBR") and is listed
 * by its own last part. Object types: {@code *DIR}, {@code *LIB}, {@code *FLR} are folders, and
 * so is a {@code *FILE} named "X.FILE" (path syntax, where its members are reached by entering
 * it); other {@code *FILE}s (library syntax, save files), {@code *STMF}, {@code *MEM},
 * {@code *DOC} are files; {@code *SYMLNK} links; others (programs, commands…) other. The order of the date is the server's job setting: month first
 * unless the site says otherwise (or the date cannot be month first).
 */
public final class Os400ListParser implements ListingParser {

    private final ListingDates dates;
    private String problem;

    Os400ListParser(ListingDates dates) {
        this.dates = dates;
    }

    @Override
    public String formatName() {
        return "OS/400";
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
        int k = 1;
        while (k < n && k <= 4 && t.first(k) != '*') {
            k++;
        }
        if (n < 2 || k >= n || k > 4 || t.first(k) != '*' || t.length(k) < 3 || t.first(0) == '*') {
            return null;
        }
        for (int p = t.start(k) + 1; p < t.end(k); p++) {
            char c = t.line.charAt(p);
            if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
                return null; // an object type is "*" and a word: "**NONE**" (an MVS volume without a date) is not one
            }
        }
        long size = -1;
        int date = -1;
        int time = -1;
        int fields = k - 1;
        if (fields == 1 || fields == 3) {
            if (!t.isDigits(1)) {
                return null;
            }
            size = t.number(1);
        }
        if (fields >= 2) {
            int d = fields == 3 ? 2 : 1;
            date = dates.date(t, d, ListingConfig.DateOrder.MDY);
            time = dates.time(t, d + 1);
            if (date < 10000 || time < 0) {
                if (ListingDates.dateShaped(t, d) && ListingDates.timeShaped(t, d + 1)) {
                    problem = "an impossible date or time";
                }
                return null;
            }
        }
        if (k + 1 >= n) {
            problem = "no name";
            return null;
        }
        String type = t.text(k).toUpperCase(java.util.Locale.ROOT);
        String name = t.restFrom(k + 1);
        boolean folder = name.endsWith("/");
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        if (name.isBlank()) {
            problem = "no name";
            return null;
        }
        RemoteEntry.Type kind = switch (type) {
            case "*DIR", "*DDIR", "*LIB", "*FLR" -> RemoteEntry.Type.DIRECTORY;
            case "*STMF", "*DSTMF", "*MEM", "*DOC" -> RemoteEntry.Type.FILE;
            // In path syntax (NAMEFMT 1) a database file "X.FILE" is entered to reach its members;
            // in library syntax (NAMEFMT 0) RETR of a file gives its first member.
            case "*FILE" -> name.toUpperCase(java.util.Locale.ROOT).endsWith(".FILE")
                    ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE;
            case "*SYMLNK" -> RemoteEntry.Type.SYMLINK;
            default -> folder ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.OTHER;
        };
        Instant modified = date < 0 ? null : dates.instant(date, time);
        if (date >= 0 && modified == null) {
            problem = "an impossible date";
            return null;
        }
        return new RemoteEntry(name, kind, size, modified,
                modified == null ? RemoteEntry.TimePrecision.UNKNOWN : ListingDates.precisionOf(time),
                null, t.text(0), null, null, line);
    }
}
