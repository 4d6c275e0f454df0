package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small networks made of Linux network namespaces, veth pairs and iptables NAT, for tests of
 * what NAT and IPv6 do to FTP. A server runs inside one namespace (e.g. {@link Pyftpdlib} with
 * {@link Pyftpdlib.Options#inNamespace}) and Ferry's command line inside another
 * ({@link #runCli}): the test JVM cannot move into a namespace, its children can. The namespaces
 * are linked only to each other, never to the machine's own network, so nothing sent inside
 * leaves the lab. Names carry this JVM's process id; {@link #close()} kills what runs inside and
 * deletes them, a shutdown hook does so if a test never got that far, and a later lab removes
 * those of JVMs that died. Needs root, iproute2 and iptables; skips (or fails under
 * FERRY_INTEROP=require) saying what is missing.
 */
public final class NetworkLab implements AutoCloseable {

    private static final String PREFIX = "ferry-lab-";
    private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)-\\S*");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Path IP = Path.of("/usr/sbin/ip");
    private static final Path IPTABLES = Path.of("/usr/sbin/iptables");

    private final String id;
    private final List<Namespace> namespaces = new CopyOnWriteArrayList<>();
    private final AtomicInteger namespaceCount = new AtomicInteger();
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::tearDown, "network-lab-teardown");
    private boolean closed;

    /** One namespace of the lab. */
    public final class Namespace {
        private final String name;

        private Namespace(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** The words that run a command inside this namespace. */
        public List<String> execPrefix() {
            return List.of(IP.toString(), "netns", "exec", name);
        }

        /** Runs a command inside, failing with its output when it fails. */
        public String run(String... command) throws IOException {
            List<String> full = new ArrayList<>(execPrefix());
            full.addAll(List.of(command));
            return NetworkLab.run(full);
        }

        /** Starts a long-running command inside; the lab stops it on close. */
        public Process start(List<String> command, Path out) throws IOException {
            List<String> full = new ArrayList<>(execPrefix());
            full.addAll(command);
            Process process = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
            processes.add(process);
            return process;
        }

        /** Waits until something inside accepts TCP connections on {@code host} and {@code port}. */
        public void awaitListening(String host, int port, Process process, Path log) throws IOException {
            processes.add(process);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the server in " + name + " exited with " + process.exitValue() + ": "
                            + Interop.readQuietly(log));
                }
                List<String> probe = new ArrayList<>(execPrefix());
                probe.addAll(List.of("bash", "-c", "exec 3<>/dev/tcp/" + host + "/" + port));
                if (exitCode(probe) == 0) {
                    return;
                }
                sleep(50);
            }
            throw new IOException("nothing listened on " + host + " port " + port + " in " + name + " within 15 s: "
                    + Interop.readQuietly(log));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Client 10.200.1.2 behind a masquerading router 198.18.1.1; server at 198.18.1.2 with no route back to 10.200.1.0/24. */
    public record ClientBehindNat(Namespace client, Namespace router, Namespace server) {
        public static final String CLIENT_ADDRESS = "10.200.1.2";
        public static final String ROUTER_PUBLIC_ADDRESS = "198.18.1.1";
        public static final String SERVER_ADDRESS = "198.18.1.2";
    }

    /**
     * Server 10.200.2.2 behind a router whose public address 198.18.2.1 forwards the control port
     * and a passive port range to it (DNAT) and masquerades what the server opens (active mode);
     * the client at 198.18.2.2 has no route to 10.200.2.0/24, so the server's own address in PASV
     * is unreachable from it.
     */
    public record ServerBehindNat(Namespace client, Namespace router, Namespace server, int controlPort,
                                  int passiveFirst, int passiveLast) {
        public static final String CLIENT_ADDRESS = "198.18.2.2";
        public static final String ROUTER_PUBLIC_ADDRESS = "198.18.2.1";
        public static final String SERVER_ADDRESS = "10.200.2.2";
    }

    /** Two namespaces on one veth pair with IPv6 only (unique local addresses). */
    public record Ipv6Pair(Namespace client, Namespace server) {
        public static final String CLIENT_ADDRESS = "fd00:fe77::2";
        public static final String SERVER_ADDRESS = "fd00:fe77::1";
    }

    private NetworkLab(String id) {
        this.id = id;
    }

    /** A new, empty lab, or a skip saying why there can be none here. */
    public static NetworkLab open() {
        if (!Interop.isRoot()) {
            Interop.unavailable("network namespaces need root");
        }
        if (!Files.isExecutable(IP)) {
            Interop.unavailable("no " + IP + " (Debian package iproute2)");
        }
        if (!Files.isExecutable(IPTABLES)) {
            Interop.unavailable("no " + IPTABLES + " (Debian package iptables)");
        }
        removeLeftovers();
        NetworkLab lab = new NetworkLab(PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            // Creating one tells whether this machine allows namespaces at all.
            Namespace probe = lab.namespace("probe");
            lab.namespaces.remove(probe);
            delete(probe.name());
        } catch (IOException e) {
            lab.close();
            Interop.unavailable("ip netns add failed (no network namespaces here?): " + e.getMessage());
        }
        return lab;
    }

    /** A new namespace with its loopback up (a lab may hold several topologies: names are numbered). */
    public Namespace namespace(String role) throws IOException {
        String name = id + "-" + namespaceCount.incrementAndGet() + "-" + role;
        run(List.of(IP.toString(), "netns", "add", name));
        Namespace namespace = new Namespace(name);
        namespaces.add(namespace);
        namespace.run("ip", "link", "set", "lo", "up");
        return namespace;
    }

    /** A veth pair between two namespaces, each end up with its address ("10.0.0.1/24", "fd00::1/64"). */
    public void link(Namespace a, String aInterface, String aAddress, Namespace b, String bInterface, String bAddress)
            throws IOException {
        run(List.of(IP.toString(), "link", "add", aInterface, "netns", a.name(), "type", "veth", "peer", "name",
                bInterface, "netns", b.name()));
        address(a, aInterface, aAddress);
        address(b, bInterface, bAddress);
    }

    private static void address(Namespace namespace, String device, String address) throws IOException {
        if (address.contains(":")) {
            // No duplicate address detection: the address is usable at once, not after a second or two.
            namespace.run("ip", "-6", "addr", "add", address, "dev", device, "nodad");
        } else {
            namespace.run("ip", "addr", "add", address, "dev", device);
        }
        namespace.run("ip", "link", "set", device, "up");
    }

    private static void forwarding(Namespace router) throws IOException {
        router.run("sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
    }

    public ClientBehindNat clientBehindNat() throws IOException {
        Namespace client = namespace("client");
        Namespace router = namespace("router");
        Namespace server = namespace("server");
        link(client, "eth0", ClientBehindNat.CLIENT_ADDRESS + "/24", router, "lan", "10.200.1.1/24");
        link(router, "wan", ClientBehindNat.ROUTER_PUBLIC_ADDRESS + "/24", server, "eth0", ClientBehindNat.SERVER_ADDRESS + "/24");
        client.run("ip", "route", "add", "default", "via", "10.200.1.1");
        forwarding(router);
        router.run(IPTABLES.toString(), "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE");
        return new ClientBehindNat(client, router, server);
    }

    public ServerBehindNat serverBehindNat(int controlPort, int passiveFirst, int passiveLast) throws IOException {
        Namespace client = namespace("client");
        Namespace router = namespace("router");
        Namespace server = namespace("server");
        link(client, "eth0", ServerBehindNat.CLIENT_ADDRESS + "/24", router, "wan", ServerBehindNat.ROUTER_PUBLIC_ADDRESS + "/24");
        link(router, "lan", "10.200.2.1/24", server, "eth0", ServerBehindNat.SERVER_ADDRESS + "/24");
        server.run("ip", "route", "add", "default", "via", "10.200.2.1");
        forwarding(router);
        for (String ports : List.of(Integer.toString(controlPort), passiveFirst + ":" + passiveLast)) {
            router.run(IPTABLES.toString(), "-t", "nat", "-A", "PREROUTING", "-i", "wan", "-p", "tcp", "--dport", ports,
                    "-j", "DNAT", "--to-destination", ServerBehindNat.SERVER_ADDRESS);
        }
        // What the server opens itself (active-mode data connections) leaves with the router's address, as at home.
        router.run(IPTABLES.toString(), "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE");
        return new ServerBehindNat(client, router, server, controlPort, passiveFirst, passiveLast);
    }

    public Ipv6Pair ipv6Pair() throws IOException {
        Namespace client = namespace("client6");
        Namespace server = namespace("server6");
        link(client, "eth0", Ipv6Pair.CLIENT_ADDRESS + "/64", server, "eth0", Ipv6Pair.SERVER_ADDRESS + "/64");
        return new Ipv6Pair(client, server);
    }

    /**
     * Ferry's command line in a child JVM inside {@code namespace}, on the test class path, with
     * its own configuration folder under {@code work}.
     */
    public CliProcess.Result runCli(Namespace namespace, Path work, String... args) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path stdout = Files.createTempFile(work, "out", ".txt");
        Path stderr = Files.createTempFile(work, "err", ".txt");
        List<String> command = new ArrayList<>(namespace.execPrefix());
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.ferry.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().remove("FERRY_PASSWORD");
        builder.environment().put("FERRY_CONFIG_DIR", work.resolve("config").toString());
        Process process = builder.start();
        processes.add(process);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the CLI in " + namespace + " did not finish within 120 s: " + String.join(" ", args));
        }
        return new CliProcess.Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    @Override
    public synchronized void close() {
        tearDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs (or ran) tearDown itself.
        }
    }

    private synchronized void tearDown() {
        if (closed) {
            return;
        }
        closed = true;
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Namespace namespace : namespaces) {
            delete(namespace.name());
        }
    }

    /** Kills what still runs inside a namespace of ours and deletes it. */
    private static void delete(String name) {
        try {
            String pids = run(List.of(IP.toString(), "netns", "pids", name));
            for (String pid : pids.split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            run(List.of(IP.toString(), "netns", "delete", name));
        } catch (IOException | NumberFormatException e) {
            System.err.println("NetworkLab: could not delete network namespace " + name + ": " + e.getMessage());
        }
    }

    /** Namespaces of labs whose JVM died before closing them. */
    private static void removeLeftovers() {
        try {
            for (String line : run(List.of(IP.toString(), "netns", "list")).split("\n")) {
                Matcher matcher = OURS.matcher(line.strip());
                if (matcher.find() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
                    delete(line.strip().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            // Nothing listed: nothing to remove.
        }
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.strip());
        }
        return output;
    }

    private static int exitCode(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
