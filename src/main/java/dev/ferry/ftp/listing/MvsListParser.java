package dev.ferry.ftp.listing;

import java.time.Instant;
import java.util.Set;

/**
 * IBM z/OS (MVS) listings, which come in four kinds, each with its own heading:
 * <pre>
 * Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname
 * WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  USER.DATA
 * WPTA01 3290   2004/03/04  1    3  FB      80  3125  PO  USER.PDS
 * Migrated                                                USER.OLD
 *
 *  Name     VV.MM   Created       Changed      Size  Init   Mod   Id
 * MEMBER1   01.03 2002/09/12 2002/10/11 09:37    11    11     0 KIL001
 * MEMBER2
 *
 *  Name      Size     TTR   Alias-of AC --------- Attributes --------- Amode Rmode
 * PROGRAM1  00B308  000411             00 FO             RN RU            31    ANY
 *
 * JOBNAME  JOBID    OWNER    STATUS CLASS
 * IBMUSER2 JOB01906 IBMUSER  OUTPUT A        RC=0000 3 spool files
 * </pre>
 * Data sets: a partitioned one (Dsorg PO, PO-E) holds members and is a folder, the others are
 * files; the listing gives no size in bytes (only tracks used), so the size is unknown, and the
 * date is the day the data set was last referred to. Members: the "Size" column counts records,
 * not bytes, so the size is unknown; the date is when it was changed. Load modules give their
 * size in hexadecimal bytes. Jobs (JES spool) are files named by their job id, which is what
 * RETR takes. A member listed by name alone is only taken as one after a member heading, or
 * when the server said it is MVS (SYST): otherwise any one-word line would do.
 */
public final class MvsListParser implements ListingParser {

    private static final Set<String> DSORGS = Set.of("PS", "PO", "PO-E", "DA", "IS", "VS", "PS-E", "PS-L",
            "POU", "PSU", "DAU", "??");

    private enum Kind { UNKNOWN, DATA_SETS, MEMBERS, LOAD_MODULES, JOBS }

    private final ListingDates dates;
    private final boolean namedBySystem;
    private Kind kind = Kind.UNKNOWN;
    private String problem;

    MvsListParser(ListingDates dates, boolean namedBySystem) {
        this.dates = dates;
        this.namedBySystem = namedBySystem;
    }

    @Override
    public String formatName() {
        return "MVS";
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
        if (trimmed.startsWith("Volume ") && trimmed.contains("Dsname")) {
            kind = Kind.DATA_SETS;
            return "the data set heading";
        }
        if (trimmed.startsWith("Name ") && trimmed.contains("VV.MM")) {
            kind = Kind.MEMBERS;
            return "the member heading";
        }
        if (trimmed.startsWith("Name ") && trimmed.contains("TTR")) {
            kind = Kind.LOAD_MODULES;
            return "the load module heading";
        }
        if (trimmed.startsWith("JOBNAME ") && trimmed.contains("JOBID")) {
            kind = Kind.JOBS;
            return "the job heading";
        }
        if (trimmed.startsWith("--------") || trimmed.regionMatches(true, 0, "No members found", 0, 16)) {
            return "a separator or note of the server";
        }
        return null;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        Tokens t = new Tokens(line);
        int n = t.count();
        if (n == 0) {
            return null;
        }
        RemoteEntry entry = dataSet(t);
        if (entry == null && problem == null) {
            entry = member(t);
        }
        if (entry == null && problem == null) {
            entry = loadModule(t);
        }
        if (entry == null && problem == null) {
            entry = job(t);
        }
        if (entry == null && problem == null && n == 1
                && (kind == Kind.MEMBERS || kind == Kind.LOAD_MODULES || namedBySystem)) {
            entry = file(t.text(0), RemoteEntry.Type.FILE, -1, null, RemoteEntry.TimePrecision.UNKNOWN, null, line);
        }
        return entry;
    }

    private RemoteEntry dataSet(Tokens t) {
        int n = t.count();
        String line = t.line;
        String name = t.text(n - 1);
        if (n == 2 && t.isIgnoreCase(0, "Migrated")) {
            return file(name, RemoteEntry.Type.FILE, -1, null, RemoteEntry.TimePrecision.UNKNOWN, null, line);
        }
        if (n == 3 && t.isIgnoreCase(1, "Tape")) {
            return file(name, RemoteEntry.Type.FILE, -1, null, RemoteEntry.TimePrecision.UNKNOWN, null, line);
        }
        if (n == 4 && t.is(2, "VSAM")) {
            return file(name, RemoteEntry.Type.FILE, -1, null, RemoteEntry.TimePrecision.UNKNOWN, null, line);
        }
        if (n == 6 && t.is(1, "Not") && t.is(2, "Direct") && t.is(3, "Access")) {
            return file(name, RemoteEntry.Type.FILE, -1, null, RemoteEntry.TimePrecision.UNKNOWN, null, line);
        }
        if (n < 9 || n > 10 || t.length(0) > 6 || !DSORGS.contains(t.text(n - 2))
                || !t.isDigits(n - 3) || !t.isDigits(n - 4)) {
            return null;
        }
        Instant referred = null;
        if (!t.is(2, "**NONE**")) {
            int date = dates.date(t, 2, ListingConfig.DateOrder.MDY);
            if (date < 10000) {
                if (ListingDates.dateShaped(t, 2)) {
                    problem = "an impossible date";
                }
                return null;
            }
            referred = dates.instant(date, -1);
        }
        String dsorg = t.text(n - 2);
        RemoteEntry.Type type = dsorg.startsWith("PO") ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE;
        return file(name, type, -1, referred,
                referred == null ? RemoteEntry.TimePrecision.UNKNOWN : RemoteEntry.TimePrecision.DAYS, null, line);
    }

    /** "MEMBER1   01.03 2002/09/12 2002/10/11 09:37    11    11     0 KIL001" */
    private RemoteEntry member(Tokens t) {
        int n = t.count();
        if (n < 9 || !isVersion(t, 1)) {
            return null;
        }
        int changed = dates.date(t, 3, ListingConfig.DateOrder.MDY);
        int time = dates.time(t, 4);
        if (dates.date(t, 2, ListingConfig.DateOrder.MDY) < 10000 || changed < 10000 || time < 0
                || !t.isDigits(5) || !t.isDigits(6) || !t.isDigits(7)) {
            if (ListingDates.dateShaped(t, 3) && ListingDates.timeShaped(t, 4)) {
                problem = "an impossible date or time";
            }
            return null;
        }
        Instant modified = dates.instant(changed, time);
        if (modified == null) {
            problem = "an impossible date";
            return null;
        }
        return file(t.text(0), RemoteEntry.Type.FILE, -1, modified, ListingDates.precisionOf(time), null, t.line);
    }

    private static boolean isVersion(Tokens t, int k) {
        return t.length(k) == 5 && t.digitsIn(t.start(k), t.start(k) + 2) && t.line.charAt(t.start(k) + 2) == '.'
                && t.digitsIn(t.start(k) + 3, t.end(k));
    }

    /** "PROGRAM1  00B308  000411             00 FO             RN RU            31    ANY" */
    private RemoteEntry loadModule(Tokens t) {
        int n = t.count();
        if (n < 6 || !isHex(t, 1) || !isHex(t, 2)) {
            return null;
        }
        if (!isMode(t, n - 1) || !isMode(t, n - 2)) {
            return null;
        }
        boolean sawCode = false;
        for (int k = 3; k < n - 2; k++) {
            if (t.isDigits(k) && t.length(k) == 2) {
                sawCode = true;
            } else if (!isUpperWord(t, k)) {
                return null;
            }
        }
        if (!sawCode) {
            return null;
        }
        long size = Long.parseLong(t.text(1), 16);
        return file(t.text(0), RemoteEntry.Type.FILE, size, null, RemoteEntry.TimePrecision.UNKNOWN, null, t.line);
    }

    private static boolean isHex(Tokens t, int k) {
        if (t.length(k) != 6) {
            return false;
        }
        for (int p = t.start(k); p < t.end(k); p++) {
            if (Character.digit(t.line.charAt(p), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMode(Tokens t, int k) {
        return t.isDigits(k) || t.is(k, "ANY");
    }

    private static boolean isUpperWord(Tokens t, int k) {
        for (int p = t.start(k); p < t.end(k); p++) {
            char c = t.line.charAt(p);
            if ((c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '@' && c != '#' && c != '$') {
                return false;
            }
        }
        return true;
    }

    /** "IBMUSER2 JOB01906 IBMUSER  OUTPUT A  RC=0000 3 spool files" or "JOB01906 OUTPUT …". */
    private RemoteEntry job(Tokens t) {
        int n = t.count();
        int id = isJobId(t, 0) ? 0 : n > 1 && isJobId(t, 1) ? 1 : -1;
        if (id < 0 || n < id + 2) {
            return null;
        }
        int status = -1;
        for (int k = id + 1; k <= id + 2 && k < n; k++) {
            if (t.is(k, "OUTPUT") || t.is(k, "ACTIVE") || t.is(k, "INPUT") || t.is(k, "HELD")) {
                status = k;
                break;
            }
        }
        if (status < 0) {
            return null;
        }
        String owner = status == id + 2 ? t.text(id + 1) : null;
        return file(t.text(id), RemoteEntry.Type.FILE, -1, null, RemoteEntry.TimePrecision.UNKNOWN, null, t.line,
                owner);
    }

    /** "JOB01906", "TSU01830", "STC00012", "J0012345": a job (or TSO session, started task) id. */
    private static boolean isJobId(Tokens t, int k) {
        int length = t.length(k);
        if (length == 8 && (t.line.startsWith("JOB", t.start(k)) || t.line.startsWith("TSU", t.start(k))
                || t.line.startsWith("STC", t.start(k)))) {
            return t.digitsIn(t.start(k) + 3, t.end(k));
        }
        char first = t.first(k);
        return length == 8 && (first == 'J' || first == 'T' || first == 'S') && t.digitsIn(t.start(k) + 1, t.end(k));
    }

    private static RemoteEntry file(String name, RemoteEntry.Type type, long size, Instant modified,
                                    RemoteEntry.TimePrecision precision, String permissions, String line) {
        return file(name, type, size, modified, precision, permissions, line, null);
    }

    private static RemoteEntry file(String name, RemoteEntry.Type type, long size, Instant modified,
                                    RemoteEntry.TimePrecision precision, String permissions, String line,
                                    String owner) {
        return new RemoteEntry(name, type, size, modified, precision, permissions, owner, null, null, line);
    }
}
