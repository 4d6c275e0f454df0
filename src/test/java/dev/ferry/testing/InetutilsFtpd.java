package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GNU inetutils ftpd 2.4 (Debian's inetutils-ftpd), unpacked by .ci/unpack-servers (it
 * conflicts with vsftpd) and run inetd-style. Plain FTP only. The user logs into the account's
 * home; {@link #remoteRoot()} is the per-test folder by its absolute path.
 */
public final class InetutilsFtpd extends ServerProcess {

    private InetutilsFtpd(Process process, int port, Path root, List<Path> logs, long start) {
        super(process, port, root, logs, start);
    }

    public static InetutilsFtpd start(Path directory, List<String> extraFlags) throws IOException {
        Path binary = unpacked("inetutils-ftpd", "usr/sbin/ftpd");
        requirePythonModules("python3", "socket");
        Interop.requireUser();
        NetkitFtpd.installPamService(unpacked("inetutils-ftpd", "etc/pam.d/ftp"));
        Files.createDirectories(directory);
        Path root = Interop.userDirectory(directory.resolve("root"));
        int port = Interop.freePort();
        Path log = directory.resolve("ftpd.log");
        Path out = directory.resolve("inetd.out");
        List<String> daemon = new ArrayList<>(List.of(binary.toString(), "-l"));
        daemon.addAll(extraFlags);
        long start = System.nanoTime();
        Process process = startUnderInetd(directory, "127.0.0.1", port, daemon, log, out);
        return new InetutilsFtpd(process, port, root, List.of(out, log), start);
    }

    @Override
    public String remoteRoot() {
        return root().toString();
    }
}
