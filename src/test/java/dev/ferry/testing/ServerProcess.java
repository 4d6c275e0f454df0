package dev.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real FTP server run by a test as a child process: its port, the folder the test user lands
 * in, and its log files (shown in failure messages through {@link #log()}). {@link #close()}
 * stops it and every process it started.
 */
public abstract class ServerProcess implements AutoCloseable {

    /** Debian's own Python, whose dist-packages hold python3-pyftpdlib and friends (not a pyenv shim). */
    public static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

    private final Process process;
    private final int port;
    private final Path root;
    private final List<Path> logs;
    private final long startMillis;

    protected ServerProcess(Process process, int port, Path root, List<Path> logs, long startNanos) {
        this.process = process;
        this.port = port;
        this.root = root;
        this.logs = List.copyOf(logs);
        this.startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    public int port() {
        return port;
    }

    /** The folder the test user is in after login. */
    public Path root() {
        return root;
    }

    /**
     * The folder {@link #root()} as the server names it, for servers that log the user into the
     * account's home rather than into {@link #root()}; null when the login folder is {@link #root()}.
     */
    public String remoteRoot() {
        return null;
    }

    /** How long the start took, from launch until the port accepted connections. */
    public long startMillis() {
        return startMillis;
    }

    /** Every log file of the server, each under its name, for failure messages. */
    public String log() {
        StringBuilder text = new StringBuilder();
        for (Path file : logs) {
            text.append("--- ").append(file.getFileName()).append('\n').append(Interop.readQuietly(file)).append('\n');
        }
        return text.toString();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        // Session processes a daemon forked go with it: they are descendants of the listener.
        List<ProcessHandle> children = process.descendants().toList();
        Interop.stop(process);
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
    }

    /** Starts a command with its output (both streams) appended to {@code out}. */
    protected static Process launch(List<String> command, Path out, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Waits until something accepts connections on {@code address}, which may be IPv6, or fails with the log. */
    protected static void awaitListening(InetAddress address, int port, Process process, Path logFile) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + ": " + Interop.readQuietly(logFile));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 200);
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
        throw new IOException("the server did not listen on " + address.getHostAddress() + " port " + port
                + " within 15 s: " + Interop.readQuietly(logFile));
    }

    /** A free TCP port on {@code address}. */
    protected static int freePort(InetAddress address) throws IOException {
        if (address.isLoopbackAddress() && System.getenv("FERRY_SERVER_PORTS") != null) {
            return Interop.freePort();
        }
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Runs an inetd-style FTP daemon (one process per connection, the socket as its standard input
     * and output) under a small Python listener on a free port of {@code host}.
     */
    protected static Process startUnderInetd(Path directory, String host, int port, List<String> daemon, Path log,
                                             Path out) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(DEBIAN_PYTHON.toString(),
                script("inetd.py", directory).toString(), "--host", host, "--port", Integer.toString(port),
                "--log", log.toString(), "--"));
        command.addAll(daemon);
        Process process = launch(command, out, Map.of());
        awaitListening(InetAddress.getByName(host), port, process, out);
        return process;
    }

    /** Copies a script kept beside this class in the test resources into {@code directory}. */
    protected static Path script(String name, Path directory) throws IOException {
        Path target = directory.resolve(name);
        try (InputStream in = ServerProcess.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Skips the test unless Debian's Python can import every module named. */
    protected static void requirePythonModules(String packages, String... modules) {
        String problem = PYTHON_PROBLEMS.computeIfAbsent(String.join(", ", modules), ServerProcess::pythonProblem);
        if (!problem.isEmpty()) {
            Interop.unavailable(problem + " (Debian packages " + packages + "; .ci/packages lists them)");
        }
    }

    private static final Map<String, String> PYTHON_PROBLEMS = new ConcurrentHashMap<>();

    private static String pythonProblem(String modules) {
        if (!Files.isExecutable(DEBIAN_PYTHON)) {
            return "Debian's python3 is not installed";
        }
        try {
            Process check = new ProcessBuilder(DEBIAN_PYTHON.toString(), "-c", "import " + modules)
                    .redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes());
            if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
                return "Debian's python3 cannot import " + modules + ": " + output.strip();
            }
            return "";
        } catch (IOException e) {
            return "could not run " + DEBIAN_PYTHON + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * A file inside a Debian package unpacked by .ci/unpack-servers (packages that conflict with the
     * installed vsftpd), found under {@code FERRY_SERVERS} or the default cache folder; skips the
     * test, saying so, when it is not there.
     */
    protected static Path unpacked(String debianPackage, String file) {
        String configured = System.getenv("FERRY_SERVERS");
        String cache = System.getenv("XDG_CACHE_HOME");
        Path folder = configured != null && !configured.isBlank() ? Path.of(configured)
                : (cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("ferry/servers");
        Path path = folder.resolve(debianPackage).resolve(file);
        if (!Files.exists(path)) {
            Interop.unavailable(debianPackage + " is not unpacked: no " + path
                    + " (run .ci/unpack-servers, which .ci/run does, exporting FERRY_SERVERS)");
        }
        return path;
    }
}
