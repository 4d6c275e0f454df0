package dev.ferry.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private freedesktop Secret Service: a D-Bus session bus of its own ({@code dbus-daemon
 * --session}) and an unlocked gnome-keyring-daemon (secrets component) on it, with a private
 * HOME and XDG_RUNTIME_DIR so the machine's own keyrings are never touched. The test JVM keeps
 * the session bus it started with; child processes get this one through {@link #environment()}
 * (e.g. {@code CliProcess.run(dir, service.environment(), ...)} or a ProcessBuilder). Needs Debian's
 * dbus-daemon, gnome-keyring and (for {@link #store}/{@link #lookup}) libsecret-tools; skips
 * saying which is missing.
 */
public final class SecretService implements AutoCloseable {

    /** The password of the private login keyring. */
    public static final String KEYRING_PASSWORD = "ferry-test-keyring";

    private static final Path DBUS_DAEMON = Path.of("/usr/bin/dbus-daemon");
    private static final Path KEYRING_DAEMON = Path.of("/usr/bin/gnome-keyring-daemon");
    private static final Path DBUS_SEND = Path.of("/usr/bin/dbus-send");
    private static final Path SECRET_TOOL = Path.of("/usr/bin/secret-tool");

    private final Process bus;
    private final Process keyring;
    private final Map<String, String> environment;
    private final Path keyringLog;

    private SecretService(Process bus, Process keyring, Map<String, String> environment, Path keyringLog) {
        this.bus = bus;
        this.keyring = keyring;
        this.environment = environment;
        this.keyringLog = keyringLog;
    }

    public static SecretService start(Path directory) throws IOException {
        for (var tool : List.of(Map.entry(DBUS_DAEMON, "dbus-daemon"), Map.entry(KEYRING_DAEMON, "gnome-keyring"),
                Map.entry(DBUS_SEND, "dbus-bin"), Map.entry(SECRET_TOOL, "libsecret-tools"))) {
            if (!Files.isExecutable(tool.getKey())) {
                Interop.unavailable("no " + tool.getKey() + " (Debian package " + tool.getValue() + "; .ci/packages lists it)");
            }
        }
        Path home = Files.createDirectories(directory.resolve("home"));
        Path runtime = Files.createDirectories(directory.resolve("runtime"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        Path busLog = directory.resolve("dbus-daemon.log");
        Process bus = new ProcessBuilder(DBUS_DAEMON.toString(), "--session", "--nofork", "--print-address=1",
                "--address=unix:path=" + runtime.resolve("bus"))
                .redirectError(ProcessBuilder.Redirect.appendTo(busLog.toFile())).start();
        String address = readAddress(bus, busLog);
        Map<String, String> environment = Map.of("DBUS_SESSION_BUS_ADDRESS", address, "HOME", home.toString(),
                "XDG_RUNTIME_DIR", runtime.toString());

        Path keyringLog = directory.resolve("gnome-keyring.log");
        ProcessBuilder keyringBuilder = new ProcessBuilder(KEYRING_DAEMON.toString(), "--foreground", "--unlock",
                "--components=secrets").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(keyringLog.toFile()));
        keyringBuilder.environment().putAll(environment);
        Process keyring = keyringBuilder.start();
        // --unlock reads the password up to the end of its standard input, then unlocks (or creates) the login keyring.
        try (OutputStream in = keyring.getOutputStream()) {
            in.write(KEYRING_PASSWORD.getBytes(StandardCharsets.UTF_8));
        }
        SecretService service = new SecretService(bus, keyring, environment, keyringLog);
        try {
            service.awaitSecretsOnTheBus();
        } catch (IOException e) {
            service.close();
            throw e;
        }
        return service;
    }

    private static String readAddress(Process bus, Path busLog) throws IOException {
        // The first line dbus-daemon prints is its address; it prints it once it listens.
        BufferedReader reader = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8));
        String address = reader.readLine();
        if (address == null || !address.startsWith("unix:")) {
            bus.destroyForcibly();
            throw new IOException("dbus-daemon printed no address (" + address + "): " + Interop.readQuietly(busLog));
        }
        return address.strip();
    }

    private void awaitSecretsOnTheBus() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!keyring.isAlive()) {
                throw new IOException("gnome-keyring-daemon exited with " + keyring.exitValue() + ": "
                        + Interop.readQuietly(keyringLog));
            }
            String reply = run(List.of(DBUS_SEND.toString(), "--session", "--dest=org.freedesktop.DBus", "--print-reply",
                    "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"), null);
            if (reply.contains("boolean true")) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("org.freedesktop.secrets did not appear on the private bus within 15 s: "
                + Interop.readQuietly(keyringLog));
    }

    /**
     * DBUS_SESSION_BUS_ADDRESS, HOME and XDG_RUNTIME_DIR for a child process that should use this
     * Secret Service (a child JVM, or a whole surefire fork started with them).
     */
    public Map<String, String> environment() {
        return environment;
    }

    public String busAddress() {
        return environment.get("DBUS_SESSION_BUS_ADDRESS");
    }

    /** {@code secret-tool store}: keeps {@code secret} under the attributes (name, value, name, value...). */
    public void store(String label, String secret, String... attributes) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(SECRET_TOOL.toString(), "store", "--label=" + label));
        command.addAll(List.of(attributes));
        String output = run(command, secret);
        if (!output.isEmpty()) {
            throw new IOException("secret-tool store said: " + output);
        }
    }

    /** {@code secret-tool lookup}: the secret under the attributes, or null. */
    public String lookup(String... attributes) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(SECRET_TOOL.toString(), "lookup"));
        command.addAll(List.of(attributes));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String secret = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("secret-tool lookup did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return process.exitValue() == 0 ? secret : null;
    }

    private String run(List<String> command, String input) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return output.strip();
    }

    public String log() {
        return Interop.readQuietly(keyringLog);
    }

    @Override
    public void close() {
        Interop.stop(keyring);
        Interop.stop(bus);
    }
}
