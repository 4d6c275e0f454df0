package dev.ferry.ftp;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The commands that need no data connection: one command, one reply (two for a rename), the
 * reply turned into a result or a refusal.
 */
final class FileCommands {

    private static final DateTimeFormatter MDTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    /** A 550 that refuses to look, rather than saying nothing is there. */
    private static final Pattern ACCESS_REFUSED = Pattern.compile("(?i)denied|permission|not allowed|forbidden");

    private final SessionContext ctx;

    FileCommands(SessionContext ctx) {
        this.ctx = ctx;
    }

    String pwd() throws FtpException {
        FtpReply reply = ctx.commands.command("PWD");
        if (reply.code() != 257) {
            throw new FtpReplyException("PWD", reply);
        }
        ctx.workingDirectory = SessionContext.parseQuotedPath(reply);
        return ctx.workingDirectory;
    }

    void cdup() throws FtpException {
        SessionContext.expectPositive("CDUP", ctx.commands.command("CDUP"));
        ctx.workingDirectory = ctx.workingDirectory == null ? null : RemotePaths.parent(ctx.workingDirectory);
    }

    String mkd(String path) throws FtpException {
        FtpReply reply = ctx.commands.command("MKD", ctx.resolve(path));
        SessionContext.expectPositive("MKD", reply);
        String created = SessionContext.parseQuotedPath(reply);
        return created != null ? created : path;
    }

    void rmd(String path) throws FtpException {
        SessionContext.expectPositive("RMD", ctx.commands.command("RMD", ctx.resolve(path)));
    }

    void delete(String path) throws FtpException {
        SessionContext.expectPositive("DELE", ctx.commands.command("DELE", ctx.resolve(path)));
    }

    void rename(String from, String to) throws FtpException {
        FtpReply reply = ctx.commands.command("RNFR", ctx.resolve(from));
        if (reply.code() != 350) {
            throw new FtpReplyException("RNFR", reply);
        }
        SessionContext.expectPositive("RNTO", ctx.commands.command("RNTO", ctx.resolve(to)));
    }

    OptionalLong size(String path) throws FtpException {
        FtpReply reply = askSize(path);
        if (reply.code() == 213) {
            try {
                return OptionalLong.of(Long.parseLong(reply.firstLineText().trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /**
     * SIZE answered 550: vsftpd ("Could not get file size."), ProFTPD ("No such file or directory") and
     * Pure-FTPd ("Can't check for file existence") say so of a missing file. Any other answer (SIZE not
     * understood, busy, a size) tells nothing of a file being absent, nor does a 550 that says the file
     * may not be looked at ("Permission denied", "Access is denied"): it may well be there.
     */
    boolean absent(String path) throws FtpException {
        FtpReply reply = askSize(path);
        return reply.code() == 550 && !ACCESS_REFUSED.matcher(reply.text()).find();
    }

    /** SIZE counts bytes only in binary mode (ASCII mode would count converted line ends, or be refused). */
    private FtpReply askSize(String path) throws FtpException {
        ctx.ensureType(TransferType.BINARY);
        return ctx.commands.command("SIZE", ctx.resolve(path));
    }

    Optional<Instant> modificationTime(String path, boolean asAnswered) throws FtpException {
        FtpReply reply = ctx.commands.command("MDTM", ctx.resolve(path));
        if (reply.code() != 213) {
            return Optional.empty();
        }
        Optional<Instant> answered = parseMdtm(reply.firstLineText().trim());
        ServerCapabilities.ListingOffset local = ctx.capabilities.mdtmOffset();
        // A server measured to answer in its local time: its answer moved back to UTC, so that a time
        // compared with this machine's files or stamped on them is not hours off.
        return local == null || asAnswered ? answered : answered.map(time -> time.minus(java.time.Duration.ofMinutes(local.minutes())));
    }

    boolean setModificationTime(String path, Instant time) throws FtpException {
        if (ctx.features.has("MFMT")) {
            String stamp = MDTM.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC));
            return ctx.commands.command("MFMT " + stamp, ctx.resolve(path)).isPositive();
        }
        return setModificationTimeWithMdtm(path, time);
    }

    /**
     * Without MFMT, vsftpd (mdtm_write, on by default) and a few others set a file's time with
     * "MDTM time path", in the clock their MDTM answers in. Elsewhere that is a question about a file
     * named "time path", which does not exist. The first answer in a process is checked by reading
     * the time back; a server where it did not take is not asked again.
     */
    private boolean setModificationTimeWithMdtm(String path, Instant time) throws FtpException {
        Boolean known = ctx.capabilities.mdtmSetsTime();
        ServerCapabilities.ListingOffset clock = ctx.capabilities.mdtmOffset();
        // Only where MDTM was measured to answer in UTC (an upload's check): a server in its local time
        // reads the stamp in that zone, whose offset moves with daylight saving time, and reading the
        // time back in the same wrong clock would agree with it. UTC has no such seasons: a measure of
        // any age holds (a window open for days measures once).
        if (Boolean.FALSE.equals(known) || !ctx.features.has("MDTM") || clock == null || clock.minutes() != 0) {
            return false;
        }
        Instant utcSecond = time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String stamp = MDTM.format(LocalDateTime.ofInstant(utcSecond, ZoneOffset.UTC));
        FtpReply reply = ctx.commands.command("MDTM " + stamp, ctx.resolve(path));
        if (Boolean.TRUE.equals(known)) {
            return reply.isPositive();
        }
        boolean took = reply.code() == 213 && modificationTime(path, false).filter(utcSecond::equals).isPresent();
        // Another session may have learnt yes meanwhile: a refusal of one file does not undo that.
        if (took || ctx.capabilities.mdtmSetsTime() == null) {
            ctx.capabilities.learnMdtmSetsTime(took);
        }
        return took;
    }

    void chmod(String path, int mode) throws FtpException {
        SessionContext.expectPositive("SITE CHMOD",
                ctx.commands.command("SITE CHMOD " + Integer.toOctalString(mode), ctx.resolve(path)));
    }

    void noop() throws FtpException {
        SessionContext.expectPositive("NOOP", ctx.commands.command("NOOP"));
    }

    /**
     * A checksum of a remote file computed by the server, hex in lower case, or empty when the
     * server offers none of the given algorithms ("SHA-256", "SHA-1", "MD5", "CRC32").
     */
    Optional<String[]> checksum(String path, List<String> algorithms) throws FtpException {
        for (String algorithm : algorithms) {
            Optional<String> value = checksumWith(ctx.resolve(path), algorithm);
            if (value.isPresent()) {
                return Optional.of(new String[]{algorithm, value.get()});
            }
        }
        return Optional.empty();
    }

    /** Whether FEAT named a command that hashes with one of {@code algorithms}: no command is sent. */
    boolean offersChecksum(List<String> algorithms) {
        return algorithms.stream().anyMatch(algorithm -> hashOffers(algorithm) || checksumVerb(algorithm) != null);
    }

    private boolean hashOffers(String algorithm) {
        FtpFeatures features = ctx.features;
        return features.has("HASH") && features.parameters("HASH").toUpperCase(Locale.ROOT).contains(algorithm);
    }

    /** The X-command (or draft MD5) FEAT offers for {@code algorithm}, or null. */
    private String checksumVerb(String algorithm) {
        FtpFeatures features = ctx.features;
        String verb = switch (algorithm) {
            case "SHA-256" -> "XSHA256";
            case "SHA-1" -> "XSHA1";
            case "MD5" -> "XMD5";
            case "CRC32" -> "XCRC";
            default -> null;
        };
        if (verb != null && !features.has(verb) && algorithm.equals("MD5") && features.has("MD5")) {
            verb = "MD5"; // draft-twine-ftpmd5: "251 <path> <md5>"
        }
        return verb != null && features.has(verb) ? verb : null;
    }

    private Optional<String> checksumWith(String path, String algorithm) throws FtpException {
        if (hashOffers(algorithm)) {
            FtpReply select = ctx.commands.command("OPTS HASH " + algorithm);
            if (select.isPositive()) {
                FtpReply reply = ctx.commands.command("HASH", path);
                if (reply.code() == 213) {
                    // "213 SHA-256 0-1234 <hex> <name>", on the last line: ProFTPD says "Computing..." first.
                    for (String line : linesLastFirst(reply)) {
                        String[] words = line.trim().split(" ");
                        if (words.length >= 3 && isHex(words[2])) {
                            return Optional.of(words[2].toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        String verb = checksumVerb(algorithm);
        if (verb != null) {
            FtpReply reply = ctx.commands.command(verb, path);
            if (reply.isPositive()) {
                // The checksum is the last hex word: some servers echo the path first.
                for (String line : linesLastFirst(reply)) {
                    String[] words = line.trim().split(" ");
                    for (int i = words.length - 1; i >= 0; i--) {
                        if (isHex(words[i]) && words[i].length() >= 8) {
                            return Optional.of(words[i].toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A multi-line reply's lines without their codes, the final one (which carries the answer) first. */
    private static List<String> linesLastFirst(FtpReply reply) {
        return java.util.Arrays.asList(reply.text().split("\n")).reversed();
    }

    private static boolean isHex(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    static Optional<Instant> parseMdtm(String text) {
        if (text.length() < 14) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text.substring(0, 14), MDTM).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
