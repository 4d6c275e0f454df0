package dev.ferry.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * aioftp 0.21 (Debian's python3-aioftp) as its own {@code python3 -m aioftp} runs it: plain FTP,
 * one user with a password, one folder. It takes {@code LIST -a} as a path (and so lists nothing
 * or fails): the reason it is here.
 */
public final class Aioftp extends ServerProcess {

    private Aioftp(Process process, int port, Path root, List<Path> logs, long start) {
        super(process, port, root, logs, start);
    }

    public static Aioftp start(Path directory) throws IOException {
        requirePythonModules("python3-aioftp", "aioftp");
        Files.createDirectories(directory);
        Path root = Files.createDirectories(directory.resolve("root"));
        int port = Interop.freePort();
        Path out = directory.resolve("aioftp.out");
        long start = System.nanoTime();
        Process process = launch(List.of(DEBIAN_PYTHON.toString(), "-W", "ignore", "-m", "aioftp",
                "--user", Interop.USER, "--pass", Interop.PASSWORD, "-d", root.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--family", "ipv4"), out, Map.of());
        awaitListening(InetAddress.getByName("127.0.0.1"), port, process, out);
        return new Aioftp(process, port, root, List.of(out), start);
    }
}
