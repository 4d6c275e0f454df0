package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * HP NonStop (Tandem) Guardian listings:
 * <pre>
 * File         Code             EOF  Last Modification    Owner  RWEP
 * ALTERLOG      101             528  6-Apr-07 14:21:18  255,  0 "oooo"
 * </pre>
 * Name, file code, end-of-file (the size), date, time, owner (group, user), security string.
 */
public final class TandemListParser implements ListingParser {

    private final ListingDates dates;
    private String problem;

    TandemListParser(ListingDates dates) {
        this.dates = dates;
    }

    @Override
    public String formatName() {
        return "Tandem";
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
        if (trimmed.startsWith("File ") && trimmed.contains(" Code ") && trimmed.contains(" EOF ")) {
            return "the column heading";
        }
        return null;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        Tokens t = new Tokens(line);
        int n = t.count();
        if ((n != 7 && n != 8) || !t.isDigits(1) || !t.isDigits(2)) {
            return null;
        }
        int date = dates.date(t, 3, ListingConfig.DateOrder.DMY);
        int time = dates.time(t, 4);
        if (date < 10000 || time < 0) {
            if (ListingDates.dateShaped(t, 3) || ListingDates.timeShaped(t, 4)) {
                problem = "an impossible date or time";
            }
            return null;
        }
        String owner;
        if (n == 8) {
            if (t.last(5) != ',' || !t.isDigits(6)) {
                return null;
            }
            owner = t.text(5) + " " + t.text(6);
        } else {
            owner = t.text(5);
            if (owner.indexOf(',') <= 0) {
                return null;
            }
        }
        String security = t.text(n - 1);
        if (security.length() < 2 || security.charAt(0) != '"' || security.charAt(security.length() - 1) != '"') {
            return null;
        }
        Instant modified = dates.instant(date, time);
        if (modified == null) {
            problem = "an impossible date";
            return null;
        }
        return new RemoteEntry(t.text(0), RemoteEntry.Type.FILE, t.number(2), modified,
                ListingDates.precisionOf(time), security.substring(1, security.length() - 1), owner, null, null, line);
    }
}
