package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Pure-FTPd 1.0.50 from Debian's pure-ftpd, unpacked by .ci/unpack-servers (it conflicts with
 * vsftpd), run in the foreground with command-line flags. The test user is a virtual user
 * (PureDB) mapped to the system account, chrooted into a per-test folder; its password hash is
 * the account's SHA-512 one from /etc/shadow (pure-pw's default Argon2 costs seconds per login).
 */
public final class PureFtpd extends ServerProcess {

    /** Pure-FTPd's {@code -Y}: 0 plain only, 1 TLS optional, 2 TLS required for the login, 3 TLS required for everything. */
    public enum Tls {
        NONE(0), OPTIONAL(1), REQUIRED_FOR_LOGIN(2), REQUIRED(3);

        final int flag;

        Tls(int flag) {
            this.flag = flag;
        }
    }

    private final TestCertificates certificate;

    private PureFtpd(Process process, int port, Path root, List<Path> logs, long start, TestCertificates certificate) {
        super(process, port, root, logs, start);
        this.certificate = certificate;
    }

    public static PureFtpd start(Path directory, Tls tls, List<String> extraFlags) throws IOException {
        return start(directory, tls, extraFlags, -1);
    }

    /** With the test user's size quota (bytes; -1 for none): over it Pure-FTPd answers 552 and deletes the upload. */
    public static PureFtpd start(Path directory, Tls tls, List<String> extraFlags, long sizeQuota) throws IOException {
        Path binary = unpacked("pure-ftpd", "usr/sbin/pure-ftpd");
        Path purePw = unpacked("pure-ftpd", "usr/bin/pure-pw");
        Interop.requireUser();
        Files.createDirectories(directory);
        Path root = Interop.userDirectory(directory.resolve("root"));
        Path passwd = directory.resolve("pureftpd.passwd");
        Path database = directory.resolve("pureftpd.pdb");
        String[] account = shadowEntry();
        // user:hash:uid:gid:gecos:home ("/./" ends the chroot), then limits: the 13th field is the size quota.
        List<String> fields = new ArrayList<>(List.of(Interop.USER, account[1], uid("-u"), uid("-g"), "", root + "/./"));
        while (fields.size() < 18) {
            fields.add(fields.size() == 12 && sizeQuota >= 0 ? Long.toString(sizeQuota) : "");
        }
        Files.writeString(passwd, String.join(":", fields) + "\n");
        run(List.of(purePw.toString(), "mkdb", database.toString(), "-f", passwd.toString()));
        int port = Interop.freePort();
        Path transferLog = directory.resolve("pure-ftpd-transfers.log");
        Path out = directory.resolve("pure-ftpd.out");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1," + port,
                "--login", "puredb:" + database, "--noanonymous", "--syslogfacility", "none",
                "--altlog", "clf:" + transferLog, "--pidfile", directory.resolve("pure-ftpd.pid").toString(),
                "--tls", Integer.toString(tls.flag)));
        TestCertificates certificate = null;
        if (tls != Tls.NONE) {
            certificate = TestCertificates.selfSignedRsa();
            command.addAll(List.of("--certfile", certificate.writePem(directory.resolve("pure-ftpd.pem")).toString()));
        }
        command.addAll(extraFlags);
        long start = System.nanoTime();
        Process process = launch(command, out, Map.of());
        Interop.awaitListening(port, process, out);
        return new PureFtpd(process, port, root, List.of(out, transferLog), start, certificate);
    }

    /** Its self-signed certificate (null without TLS). */
    public TestCertificates certificate() {
        return certificate;
    }

    private static String[] shadowEntry() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/shadow"))) {
            String[] fields = line.split(":");
            if (fields.length > 1 && fields[0].equals(Interop.USER)) {
                return fields;
            }
        }
        throw new IOException("no /etc/shadow entry for " + Interop.USER);
    }

    private static String uid(String flag) throws IOException {
        return run(List.of("id", flag, Interop.USER)).strip();
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return output;
    }
}
