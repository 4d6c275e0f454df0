package dev.ferry.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What interop tests with real servers need from the machine: the server binaries and a system
 * user they can log in as. When something is missing the test is skipped with the reason; with
 * {@code FERRY_INTEROP=require} (set by .ci/run) it fails instead, so CI cannot pass by skipping.
 */
public final class Interop {

    public static final String USER = "ferry-interop";
    public static final String PASSWORD = "ferry-interop-pw";

    private static volatile String userProblem;
    private static volatile boolean userChecked;

    private Interop() {
    }

    /** Skips (or, when required, fails) the calling test with {@code reason}. */
    public static void unavailable(String reason) {
        if ("require".equals(System.getenv("FERRY_INTEROP"))) {
            Assertions.fail("FERRY_INTEROP=require but " + reason);
        }
        Assumptions.abort("Skipped: " + reason);
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Makes sure the test user exists with a SHA-512 password hash (which both PAM and busybox's
     * crypt understand; Debian's default yescrypt is unknown to busybox). Needs root.
     */
    public static synchronized void requireUser() {
        if (!userChecked) {
            userChecked = true;
            userProblem = prepareUser();
        }
        if (userProblem != null) {
            unavailable(userProblem);
        }
    }

    private static String prepareUser() {
        if (!isRoot()) {
            return "interop tests log in as the system user " + USER + ", which only root can prepare";
        }
        try {
            if (run(List.of("id", USER)) != 0) {
                if (run(List.of("useradd", "-m", "-s", "/bin/bash", USER)) != 0) {
                    return "could not create the user " + USER + " with useradd";
                }
            }
            Process chpasswd = new ProcessBuilder("chpasswd", "-c", "SHA512").redirectErrorStream(true).start();
            chpasswd.getOutputStream().write((USER + ":" + PASSWORD + "\n").getBytes());
            chpasswd.getOutputStream().close();
            if (!chpasswd.waitFor(30, TimeUnit.SECONDS) || chpasswd.exitValue() != 0) {
                return "could not set the password of " + USER + " with chpasswd";
            }
            if (!Files.readString(Path.of("/etc/shells")).contains("/bin/bash")) {
                return "/bin/bash is not listed in /etc/shells, so PAM refuses " + USER;
            }
            return null;
        } catch (IOException e) {
            return "could not prepare the user " + USER + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** A directory the test user owns and can write, for a server's root. */
    public static Path userDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        // Every directory above must be traversable by the test user.
        for (Path p = directory.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                var permissions = Files.getPosixFilePermissions(p);
                if (!permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(p, permissions);
                }
            } catch (IOException | UnsupportedOperationException e) {
                break;
            }
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            run(List.of("chown", "-R", USER + ":" + USER, directory.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return directory;
    }

    /** Gives files the test created as root to the test user, so the server can rename or delete them. */
    public static void chownToUser(Path path) throws IOException {
        try {
            run(List.of("chown", "-R", USER + ":" + USER, path.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks a server process to end, and makes it after five seconds. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Server ports are chosen from here up to the kernel's ephemeral range. */
    static final int LOWEST_SERVER_PORT = 10_000;

    /**
     * A free port P for a server, with P - 1 free too, both below the kernel's range of ephemeral
     * ports. Netkit's ftpd (like other BSD-derived daemons) sends active-mode data from P - 1, as
     * RFC 959 has it; when that port is taken it retries its bind for about a minute (sleeping 1,
     * 2, ... s) while the client waits for the 150. On a busy machine the kernel hands ports of its
     * ephemeral range to any connection; ports below it are never handed out that way.
     */
    public static synchronized int freePort() throws IOException {
        // A machine shared by several people may give each a range of its own: "24100-24199".
        String range = System.getenv("FERRY_SERVER_PORTS");
        if (range != null && range.matches("\\d+-\\d+")) {
            int low = Integer.parseInt(range.substring(0, range.indexOf('-')));
            int high = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            for (int port = low + 1; port <= high; port++) {
                if (bindable(port) && bindable(port - 1)) {
                    return port;
                }
            }
            throw new IOException("no two free ports in a row in FERRY_SERVER_PORTS=" + range);
        }
        int ephemeralLow = 32768;
        Path kernelRange = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.isReadable(kernelRange)) {
            // Line by line: read whole, a /proc file (whose size says 0) gave "3" on JDK 25, and every
            // port came from the kernel's own range, where the one below may be any connection's.
            ephemeralLow = Integer.parseInt(Files.readAllLines(kernelRange).getFirst().trim().split("\\s+")[0]);
        }
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; ephemeralLow - LOWEST_SERVER_PORT > 100 && attempt < 500; attempt++) {
            int port = random.nextInt(LOWEST_SERVER_PORT + 1, ephemeralLow);
            if (bindable(port) && bindable(port - 1)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Nothing bound to the port on loopback or the IPv4 wildcard, not even a closed connection
     * lingering in TIME_WAIT (a bind without SO_REUSEADDR is refused then).
     */
    static boolean bindable(int port) {
        for (String address : List.of("127.0.0.1", "0.0.0.0")) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(false);
                probe.bind(new InetSocketAddress(address, port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Waits until something accepts connections on the port, or fails. */
    public static void awaitListening(int port, Process process, Path logFile) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + ": " + readQuietly(logFile));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", interrupted);
                }
            }
        }
        process.destroyForcibly();
        throw new IOException("the server did not listen on port " + port + " within 10 s: " + readQuietly(logFile));
    }

    static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
