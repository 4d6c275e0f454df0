package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * busybox ftpd under busybox tcpsvd, the FTP server of many embedded boxes. Debian's busybox is
 * built without these applets; .ci/run builds one from source (see .ci/build-busybox) and points
 * {@code FERRY_BUSYBOX} at it. Tests skip, saying so, when no such busybox is found.
 */
public final class BusyboxFtpd implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path root;

    private BusyboxFtpd(Process process, int port, Path root) {
        this.process = process;
        this.port = port;
        this.root = root;
    }

    static Path binary() {
        String configured = System.getenv("FERRY_BUSYBOX");
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of(System.getProperty("user.home"), ".cache/ferry/busybox/busybox"),
                Path.of("/usr/local/bin/busybox-ftpd"));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate) && hasApplets(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean hasApplets(Path busybox) {
        try {
            Process list = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
            String applets = new String(list.getInputStream().readAllBytes());
            list.waitFor(5, TimeUnit.SECONDS);
            return applets.lines().anyMatch("ftpd"::equals) && applets.lines().anyMatch("tcpsvd"::equals);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static BusyboxFtpd start(Path directory) throws IOException {
        Path busybox = binary();
        if (busybox == null) {
            Interop.unavailable("no busybox with the ftpd and tcpsvd applets (Debian's lacks them; "
                    + ".ci/build-busybox builds one and FERRY_BUSYBOX points at it)");
        }
        Interop.requireUser();
        Files.createDirectories(directory);
        Path root = Interop.userDirectory(directory.resolve("root"));
        int port = Interop.freePort();
        Path out = directory.resolve("busybox.out");
        Process process = new ProcessBuilder(busybox.toString(), "tcpsvd", "-vE", "127.0.0.1", Integer.toString(port),
                busybox.toString(), "ftpd", "-vv", "-w", root.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        Interop.awaitListening(port, process, out);
        return new BusyboxFtpd(process, port, root);
    }

    public int port() {
        return port;
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() {
        Interop.stop(process);
    }
}
