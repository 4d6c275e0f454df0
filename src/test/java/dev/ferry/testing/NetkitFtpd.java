package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * netkit ftpd with SSL patches (Debian's ftpd-ssl, {@code in.ftpd}), unpacked by
 * .ci/unpack-servers (it conflicts with vsftpd) and run inetd-style. As packaged, with no
 * certificate at /etc/ftpd-ssl/ftpd.pem, it answers {@code 234} to AUTH TLS and then fails the
 * handshake: a server with broken TLS. Plain FTP works. The user logs into the account's home;
 * {@link #remoteRoot()} is the per-test folder by its absolute path.
 */
public final class NetkitFtpd extends ServerProcess {

    private NetkitFtpd(Process process, int port, Path root, List<Path> logs, long start) {
        super(process, port, root, logs, start);
    }

    public static NetkitFtpd start(Path directory, List<String> extraFlags) throws IOException {
        Path binary = unpacked("ftpd-ssl", "usr/sbin/in.ftpd");
        requirePythonModules("python3", "socket");
        Interop.requireUser();
        installPamService(unpacked("ftpd-ssl", "etc/pam.d/ftp"));
        Files.createDirectories(directory);
        Path root = Interop.userDirectory(directory.resolve("root"));
        int port = Interop.freePort();
        Path log = directory.resolve("in.ftpd.log");
        Path out = directory.resolve("inetd.out");
        List<String> daemon = new ArrayList<>(List.of(binary.toString(), "-l"));
        daemon.addAll(extraFlags);
        long start = System.nanoTime();
        Process process = startUnderInetd(directory, "127.0.0.1", port, daemon, log, out);
        return new NetkitFtpd(process, port, root, List.of(out, log), start);
    }

    /**
     * Both netkit's and inetutils' ftpd authenticate through the PAM service "ftp", whose file the
     * packages would install. Without it PAM's "other" service answers USER with
     * "550 Authentication failure" (and then accepts PASS). Installs the package's own file, once.
     */
    static synchronized void installPamService(Path packagedFile) throws IOException {
        Path service = Path.of("/etc/pam.d/ftp");
        if (!Files.exists(service)) {
            Files.copy(packagedFile, service);
        }
    }

    @Override
    public String remoteRoot() {
        return root().toString();
    }
}
