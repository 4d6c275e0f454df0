package dev.ferry.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Twisted's FTP server (Debian's python3-twisted, {@code twisted.protocols.ftp}) run by Debian's
 * python3 with a small script: plain FTP, one user ({@link Interop#USER}) with a password, in a
 * per-test folder.
 */
public final class TwistedFtpd extends ServerProcess {

    private TwistedFtpd(Process process, int port, Path root, List<Path> logs, long start) {
        super(process, port, root, logs, start);
    }

    public static TwistedFtpd start(Path directory) throws IOException {
        requirePythonModules("python3-twisted", "twisted.protocols.ftp");
        Files.createDirectories(directory);
        Path root = Files.createDirectories(directory.resolve("root"));
        int port = Interop.freePort();
        Path log = directory.resolve("twisted.log");
        Path out = directory.resolve("twisted.out");
        long start = System.nanoTime();
        Process process = launch(List.of(DEBIAN_PYTHON.toString(), "-W", "ignore",
                script("twisted_ftp.py", directory).toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--root", root.toString(), "--user", Interop.USER, "--password", Interop.PASSWORD, "--log", log.toString()),
                out, Map.of());
        awaitListening(InetAddress.getByName("127.0.0.1"), port, process, out);
        return new TwistedFtpd(process, port, root, List.of(out, log), start);
    }
}
