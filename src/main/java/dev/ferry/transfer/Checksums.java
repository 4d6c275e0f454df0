package dev.ferry.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/** Local checksums in the algorithms FTP servers offer (HASH, XSHA256, XSHA1, XMD5, XCRC). */
public final class Checksums {

    /** Strongest first: the order in which the server is asked. */
    public static final List<String> ALGORITHMS = List.of("SHA-256", "SHA-1", "MD5", "CRC32");

    private Checksums() {
    }

    public static String compute(Path file, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int read;
            if (algorithm.equals("CRC32")) {
                CRC32 crc = new CRC32();
                while ((read = in.read(buffer)) > 0) {
                    crc.update(buffer, 0, read);
                }
                return String.format(Locale.ROOT, "%08x", crc.getValue());
            }
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no " + algorithm + " on this Java", e);
        }
    }

    /** Servers print CRC32 without leading zeros or in upper case; digests are compared as hex. */
    public static boolean same(String algorithm, String ours, String theirs) {
        if (algorithm.equals("CRC32")) {
            try {
                return Long.parseLong(ours, 16) == Long.parseLong(theirs, 16);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return ours.equalsIgnoreCase(theirs);
    }
}
