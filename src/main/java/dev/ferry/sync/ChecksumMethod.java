package dev.ferry.sync;

import dev.ferry.ftp.FtpFeatures;
import dev.ferry.transfer.Checksums;

import java.util.Locale;
import java.util.Optional;

/**
 * The strongest checksum the server offers, and the command it comes through: HASH (with OPTS
 * HASH to choose), or one of the older XSHA256, XSHA1, XMD5 (or MD5), XCRC.
 *
 * @param algorithm Java's name for it: "SHA-256", "SHA-1", "MD5", "CRC32"
 * @param command   the FTP command that gives it
 */
public record ChecksumMethod(String algorithm, String command) {

    public static Optional<ChecksumMethod> best(FtpFeatures features) {
        String hash = features.parameters("HASH").toUpperCase(Locale.ROOT);
        for (String algorithm : Checksums.ALGORITHMS) {
            if (features.has("HASH") && hash.contains(algorithm)) {
                return Optional.of(new ChecksumMethod(algorithm, "HASH"));
            }
            String verb = switch (algorithm) {
                case "SHA-256" -> "XSHA256";
                case "SHA-1" -> "XSHA1";
                case "MD5" -> features.has("XMD5") ? "XMD5" : "MD5";
                default -> "XCRC";
            };
            if (features.has(verb)) {
                return Optional.of(new ChecksumMethod(algorithm, verb));
            }
        }
        return Optional.empty();
    }
}
