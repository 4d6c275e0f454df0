package dev.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy between an FTP client and a plain FTP server that can break things on purpose,
 * on the control connection and on data connections. Passive replies (227, 229) are rewritten
 * to point at data listeners of the proxy, so data connections pass through it too.
 * <p>
 * Faults are armed with {@link #nextDataConnections(int, Fault)} (the next N data connections
 * misbehave, in whichever direction they carry the file) or {@link #controlFault(Fault)} (the
 * server's replies); {@link #cutControlConnections()} and {@link #cutDataConnections()} break what
 * is open right now; {@link #refuseNewConnections(boolean)} turns new control connections away.
 */
public final class FaultProxy implements AutoCloseable {

    /** What happens to the bytes of one connection, server to client. */
    public record Fault(long cutAfterBytes, long stallAfterBytes, long stallMillis, long trickleBytesPerSecond,
                        boolean reset) {
        public static final Fault NONE = new Fault(-1, -1, 0, 0, false);

        public static Fault cutAfter(long bytes) {
            return new Fault(bytes, -1, 0, 0, false);
        }

        public static Fault resetAfter(long bytes) {
            return new Fault(bytes, -1, 0, 0, true);
        }

        public static Fault stallAfter(long bytes, long millis) {
            return new Fault(-1, bytes, millis, 0, false);
        }

        public static Fault trickle(long bytesPerSecond) {
            return new Fault(-1, -1, 0, bytesPerSecond, false);
        }
    }

    private static final Pattern PASV = Pattern.compile("^227 .*?(\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)");
    private static final Pattern EPSV = Pattern.compile("^229 (.*)\\(\\|\\|\\|(\\d+)\\|\\)(.*)$");

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Socket> controlSockets = new CopyOnWriteArrayList<>();
    private final List<Socket> dataSockets = new CopyOnWriteArrayList<>();
    /** Each control connection's two sockets, in the order they were opened. */
    private final List<Socket[]> controlPairs = new CopyOnWriteArrayList<>();
    private final AtomicInteger dataFaultsLeft = new AtomicInteger();
    private volatile Fault dataFault = Fault.NONE;
    private volatile Fault controlFault = Fault.NONE;
    private volatile boolean refusing;
    /** Open while replies flow; closed by {@link #freezeControlReplies}. */
    private volatile java.util.concurrent.CountDownLatch thawed = new java.util.concurrent.CountDownLatch(0);
    private final AtomicInteger controlConnections = new AtomicInteger();
    private final AtomicInteger dataConnections = new AtomicInteger();

    public FaultProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("fault-proxy").start(this::acceptControl);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The next {@code count} data connections get {@code fault} on their server-to-client bytes. */
    public void nextDataConnections(int count, Fault fault) {
        dataFault = fault;
        dataFaultsLeft.set(count);
    }

    /** Control connections opened from now on get this fault. */
    public void controlFault(Fault fault) {
        controlFault = fault;
    }

    /**
     * A server that stops answering without closing anything (a stopped process, a black hole on
     * the way): no control reply is passed on, on open or new connections, until thawed.
     */
    public void freezeControlReplies(boolean freeze) {
        if (freeze) {
            thawed = new java.util.concurrent.CountDownLatch(1);
        } else {
            thawed.countDown();
        }
    }

    public void refuseNewConnections(boolean refuse) {
        refusing = refuse;
    }

    /** Resets every open control connection now (both sides see the connection die). */
    public void cutControlConnections() {
        reset(controlSockets);
    }

    /**
     * Waits until the kernel has delivered the resets of {@link #cutControlConnections()} to the
     * clients: no socket of this machine is connected to the proxy any more. On a busy machine the
     * reset reaches the client's socket some time after the proxy's close returned, and a client
     * that looks at its idle connection before then rightly sees nothing wrong. Linux only (it reads
     * {@code /proc/net/tcp}), like the rest of the suite.
     */
    public void awaitClientsSawTheCut() {
        Await.until("the reset to reach the client's side of every control connection to port " + port(),
                () -> connectionsTo(port()) == 0, Await.DEFAULT, () -> connectionsTo(port()) + " still connected");
    }

    private static long connectionsTo(int port) {
        String remotePort = String.format(":%04X", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                count += java.nio.file.Files.readAllLines(java.nio.file.Path.of(table)).stream().skip(1)
                        .map(line -> line.trim().split("\\s+"))
                        // Columns: slot, local address, remote address, state; 01 is ESTABLISHED.
                        .filter(columns -> columns.length > 3 && columns[2].endsWith(remotePort) && columns[3].equals("01"))
                        .count();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + table, e);
            }
        }
        return count;
    }

    /**
     * Resets the {@code nth} control connection opened (from 0) and no other: one client's session
     * drops while the others go on (a browsing connection the server idled out beside busy transfers).
     */
    public void cutControlConnection(int nth) {
        Socket[] pair = controlPairs.get(nth);
        controlSockets.removeAll(List.of(pair));
        reset(new java.util.ArrayList<>(List.of(pair)));
    }

    /** Resets every open data connection now. */
    public void cutDataConnections() {
        reset(dataSockets);
    }

    private static void reset(List<Socket> open) {
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
        open.clear();
    }

    public int controlConnections() {
        return controlConnections.get();
    }

    public int dataConnections() {
        return dataConnections.get();
    }

    private void acceptControl() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                if (refusing) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                controlConnections.incrementAndGet();
                Socket server = new Socket();
                server.connect(target, 5000);
                sockets.add(server);
                controlSockets.add(client);
                controlSockets.add(server);
                controlPairs.add(new Socket[] {client, server});
                Fault fault = controlFault;
                Thread.ofPlatform().daemon().start(() -> pump(client, server, Fault.NONE, false));
                Thread.ofPlatform().daemon().start(() -> pump(server, client, fault, true));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies bytes one way; for a control connection from the server, rewrites passive replies. */
    private void pump(Socket from, Socket to, Fault fault, boolean rewritePassive) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            long moved = 0;
            boolean stalled = false;
            byte[] buffer = new byte[rewritePassive ? 1 : 16 * 1024];
            StringBuilder line = new StringBuilder();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (rewritePassive) {
                    line.append((char) (buffer[0] & 0xff));
                    if (buffer[0] != '\n') {
                        continue;
                    }
                    while (!thawed.await(1, java.util.concurrent.TimeUnit.SECONDS) && !to.isClosed()) {
                        // Frozen: the reply waits, as long as the client is still there for it.
                    }
                    byte[] rewritten = rewrite(line.toString()).getBytes(StandardCharsets.ISO_8859_1);
                    line.setLength(0);
                    moved = forward(out, rewritten, rewritten.length, moved, fault);
                } else {
                    if (!stalled && fault.stallAfterBytes() >= 0 && moved + read > fault.stallAfterBytes()) {
                        stalled = true;
                        Thread.sleep(fault.stallMillis());
                    }
                    moved = forward(out, buffer, read, moved, fault);
                }
                if (moved < 0) {
                    if (fault.reset()) {
                        // Closing with linger 0 sends a reset instead of an orderly end.
                        from.setSoLinger(true, 0);
                        to.setSoLinger(true, 0);
                    }
                    return;
                }
            }
        } catch (IOException e) {
            // A broken pipe is how proxied connections end.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes, honouring cut and trickle; returns the new count, or -1 once cut. */
    private long forward(OutputStream out, byte[] bytes, int length, long moved, Fault fault)
            throws IOException, InterruptedException {
        int allowed = length;
        if (fault.cutAfterBytes() >= 0) {
            allowed = (int) Math.max(0, Math.min(length, fault.cutAfterBytes() - moved));
        }
        if (fault.trickleBytesPerSecond() > 0) {
            // A slice every 50 ms (one byte at a time below 20 bytes a second): a slow link, not a stop.
            int slice = (int) Math.max(1, fault.trickleBytesPerSecond() / 20);
            for (int at = 0; at < allowed; at += slice) {
                int sliceLength = Math.min(slice, allowed - at);
                out.write(bytes, at, sliceLength);
                out.flush();
                Thread.sleep(Math.max(1, sliceLength * 1000L / fault.trickleBytesPerSecond()));
            }
        } else {
            out.write(bytes, 0, allowed);
            out.flush();
        }
        moved += allowed;
        if (fault.cutAfterBytes() >= 0 && moved >= fault.cutAfterBytes()) {
            return -1;
        }
        return moved;
    }

    private String rewrite(String line) throws IOException {
        Matcher pasv = PASV.matcher(line);
        if (pasv.find()) {
            int port = Integer.parseInt(pasv.group(5)) * 256 + Integer.parseInt(pasv.group(6));
            int local = openDataRelay(port);
            return "227 Entering Passive Mode (127,0,0,1," + (local >> 8) + "," + (local & 0xff) + ").\r\n";
        }
        Matcher epsv = EPSV.matcher(line.stripTrailing());
        if (epsv.find()) {
            int local = openDataRelay(Integer.parseInt(epsv.group(2)));
            return "229 " + epsv.group(1) + "(|||" + local + "|)" + epsv.group(3) + "\r\n";
        }
        return line;
    }

    /** Listens for the client's data connection and relays it to the server's data port. */
    private int openDataRelay(int serverPort) throws IOException {
        ServerSocket relay = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        relay.setSoTimeout(30_000);
        Thread.ofPlatform().daemon().start(() -> {
            try (relay) {
                Socket client = relay.accept();
                sockets.add(client);
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort), 5000);
                sockets.add(server);
                dataSockets.add(client);
                dataSockets.add(server);
                dataConnections.incrementAndGet();
                Fault fault = dataFaultsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? dataFault : Fault.NONE;
                if (fault.reset() && fault.cutAfterBytes() == 0) {
                    client.setSoLinger(true, 0);
                    client.close();
                    server.close();
                    return;
                }
                // Each direction counts its own bytes: a download's fault hits the server's bytes,
                // an upload's the client's.
                Thread.ofPlatform().daemon().start(() -> pump(client, server, fault, false));
                Thread.ofPlatform().daemon().start(() -> pump(server, client, fault, false));
            } catch (IOException e) {
                // The client never came; nothing to relay.
            }
        });
        return relay.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
