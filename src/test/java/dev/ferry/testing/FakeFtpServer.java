package dev.ferry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A small FTP server whose every answer the test decides: listings as raw lines (hostile names
 * included), file contents, features, checksums, the address announced in PASV. It speaks enough
 * FTP for the engine and the queue (login, FEAT, PWD, CWD, TYPE, EPSV/PASV, LIST/MLSD, RETR, STOR,
 * SIZE, MDTM, HASH-style checksums, QUIT) and records every command line it receives.
 */
public final class FakeFtpServer implements AutoCloseable {

    private volatile ServerSocket listener;
    private final int port;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<byte[]> commandBytes = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> listings = new ConcurrentHashMap<>();
    private final Map<String, java.nio.charset.Charset> listingCharsets = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    private volatile List<String> features = List.of("MLST type*;size*;modify*;", "SIZE", "MDTM", "REST STREAM", "UTF8", "EPSV");
    private volatile boolean mlsd = true;
    private volatile String pasvAddress;
    private volatile boolean epsv = true;
    private volatile Function<String, String> checksum;
    private volatile int dataConnectionsOpened;
    private volatile Function<Integer, java.io.Closeable> onPassivePort;
    private final List<java.io.Closeable> passiveHooks = new CopyOnWriteArrayList<>();
    private final List<String> sentBehindEpsv = new CopyOnWriteArrayList<>();
    private final List<String> lostCommands = new CopyOnWriteArrayList<>();
    private volatile boolean dropPipelinedCommands;
    private volatile int refusedEpsv;
    private volatile String refusedEpsvReply;
    private volatile boolean hangUpOnPipelinedCommands;
    private volatile boolean goneAfterHangingUp;
    private volatile String greeting = "220 fake server ready";
    private volatile int pauseDownloadsAfter = -1;
    private volatile int heldDownload;
    private volatile int hungUpDownload;
    private volatile int hangUpAfterBytes;
    private final java.util.concurrent.atomic.AtomicInteger downloadsAsked = new java.util.concurrent.atomic.AtomicInteger();
    private final List<String> dataEndings = new CopyOnWriteArrayList<>();
    private volatile boolean acceptRest;
    private volatile int keepOfUploads = -1;
    private volatile String uploadRefusal;
    private volatile java.util.function.Function<String, String> uploadAnswer;

    /** Probe: after each STOR's data, asks this (with the path) for a refusal to answer; null stores the file as sent. */
    public FakeFtpServer uploadAnswer(java.util.function.Function<String, String> answer) {
        this.uploadAnswer = answer;
        return this;
    }
    private volatile String sizeReply;
    private final Map<String, String> mdtmStamps = new ConcurrentHashMap<>();
    private final Map<String, byte[]> changeDuringDownload = new ConcurrentHashMap<>();
    private final Map<String, byte[]> changeAfterDownload = new ConcurrentHashMap<>();
    private volatile int changeAfterBytes;
    private volatile long endDownloadsAt = -1;
    private volatile long downloadsSendAtMost = -1;
    private volatile int stallDownloadsAfter = -1;
    private volatile String system = "UNIX Type: L8";
    /** What PWD answers for the folder entered last: the path as entered, as ProFTPD's logical paths are. */
    private volatile Function<String, String> pwdAnswer = Function.identity();
    /** CWD of these paths gets this reply, whatever is there. */
    private final Map<String, String> cwdReplies = new ConcurrentHashMap<>();

    public FakeFtpServer() throws IOException {
        port = listen(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    private int listen(ServerSocket listening) {
        listener = listening;
        Thread.ofPlatform().daemon().name("fake-ftp").start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket socket = listening.accept();
                    sockets.add(socket);
                    Thread.ofPlatform().daemon().start(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return listening.getLocalPort();
    }

    public int port() {
        return port;
    }

    /** A server gone after hanging up ({@link #goneAfterHangingUp}) comes back on its port, as after a restart. */
    public void back() throws IOException {
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        listen(listening);
    }

    /** Lines of the listing of {@code path}: MLSD facts lines or LIST lines, as set by {@link #useMlsd}. */
    public FakeFtpServer listing(String path, List<String> lines) {
        listings.put(path, lines);
        return this;
    }

    /** A listing whose names are sent in {@code charset}, as a server with names of an older client's has them. */
    public FakeFtpServer listing(String path, List<String> lines, java.nio.charset.Charset charset) {
        listingCharsets.put(path, charset);
        return listing(path, lines);
    }

    public FakeFtpServer file(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    public FakeFtpServer useMlsd(boolean useMlsd) {
        this.mlsd = useMlsd;
        return this;
    }

    public FakeFtpServer features(List<String> features) {
        this.features = List.copyOf(features);
        return this;
    }

    /** Announce this address in PASV replies and refuse EPSV (as a NAT'ed or hostile server might). */
    public FakeFtpServer pasvAddress(String address) {
        this.pasvAddress = address;
        this.epsv = false;
        return this;
    }

    /** Answers XSHA256 with whatever this returns for a path (e.g. a wrong checksum). */
    public FakeFtpServer checksum(Function<String, String> checksum) {
        this.checksum = checksum;
        return this;
    }

    /** Called with the data port of every PASV reply (e.g. to set a trap at the announced address). */
    public FakeFtpServer onPassivePort(Function<Integer, java.io.Closeable> hook) {
        this.onPassivePort = hook;
        return this;
    }

    /**
     * Behave like servers that read one packet and act on its first command only: whatever came
     * with it is lost (a client that sends a command behind another never gets its answer).
     */
    public FakeFtpServer dropPipelinedCommands() {
        this.dropPipelinedCommands = true;
        return this;
    }

    /** The commands that had already arrived when an EPSV was answered: sent behind it without waiting. */
    public List<String> sentBehindEpsv() {
        return sentBehindEpsv;
    }

    public FakeFtpServer greeting(String line) {
        this.greeting = line;
        return this;
    }

    /** Answers the {@code nth} EPSV of a connection with {@code reply}, once (a server out of passive ports for a moment). */
    public FakeFtpServer refuseEpsv(int nth, String reply) {
        this.refusedEpsv = nth;
        this.refusedEpsvReply = reply;
        return this;
    }

    /** Behave like firewalls that inspect FTP strictly: a command sent before the last was answered ends the connection. */
    public FakeFtpServer hangUpOnPipelinedCommands() {
        this.hangUpOnPipelinedCommands = true;
        return this;
    }

    /**
     * After {@link #hangUpOnPipelinedCommands} or {@link #hangUpDuringDownload} hung up, no connection is taken any
     * more: a server that went down then (until {@link #back}).
     */
    public FakeFtpServer goneAfterHangingUp() {
        this.goneAfterHangingUp = true;
        return this;
    }

    /** What {@link #dropPipelinedCommands} lost, or the command {@link #hangUpOnPipelinedCommands} hung up on. */
    public List<String> lostCommands() {
        return lostCommands;
    }

    /**
     * Sends only the first {@code bytes} of a download, then waits for ABOR before looking at how
     * the client ended the data connection (see {@link #dataEndings}).
     */
    public FakeFtpServer pauseDownloadsAfter(int bytes) {
        this.pauseDownloadsAfter = bytes;
        return this;
    }

    /**
     * The file at {@code path} is replaced by {@code newContent} while its next download runs, after
     * {@code afterBytes} of the old one went out: the client gets the old start and the new rest, as
     * from a server that reads a file being overwritten.
     */
    public FakeFtpServer changeDuringDownload(String path, byte[] newContent, int afterBytes) {
        changeDuringDownload.put(path, newContent);
        changeAfterBytes = afterBytes;
        return this;
    }

    /** The file at {@code path} is replaced by {@code newContent} once its next download has ended: a new version between two tries. */
    public FakeFtpServer changeAfterDownload(String path, byte[] newContent) {
        changeAfterDownload.put(path, newContent);
        return this;
    }

    /** Uploads keep only their first {@code bytes} and are answered {@code reply}: a disk that filled up during STOR. */
    public FakeFtpServer uploadsFillTheDiskAfter(int bytes, String reply) {
        this.keepOfUploads = bytes;
        this.uploadRefusal = reply;
        return this;
    }

    /** Answers every SIZE with {@code reply}, whatever is there: e.g. "500 SIZE not understood" after an upload. */
    public FakeFtpServer answerSize(String reply) {
        this.sizeReply = reply;
        return this;
    }

    /** Answers MDTM of {@code path} with this stamp (yyyyMMddHHmmss), in whatever zone the test plays the server in. */
    public FakeFtpServer mdtm(String path, String stamp) {
        mdtmStamps.put(path, stamp);
        return this;
    }

    /** Answers REST with 350 and starts the next RETR there (otherwise REST is "502 not implemented"). */
    public FakeFtpServer acceptRest() {
        this.acceptRest = true;
        return this;
    }

    /**
     * Every download ends at byte {@code offset} of the file, however it started, and is called
     * complete (226): a server that stops at the same place each time.
     */
    public FakeFtpServer endDownloadsAt(long offset) {
        this.endDownloadsAt = offset;
        return this;
    }

    /** Every download sends at most {@code bytes} from where it started and is called complete (226). */
    public FakeFtpServer downloadsSendAtMost(long bytes) {
        this.downloadsSendAtMost = bytes;
        return this;
    }

    /**
     * Sends the first {@code bytes} of a download and then nothing, until the client closes or
     * resets the data connection; then answers 426, as vsftpd and pyftpdlib do when the client
     * ended the transfer.
     */
    public FakeFtpServer stallDownloadsAfter(int bytes) {
        this.stallDownloadsAfter = bytes;
        return this;
    }

    /** CWD of {@code path} gets {@code reply} (e.g. "450 try later"), whatever is there. */
    public FakeFtpServer answerCwd(String path, String reply) {
        cwdReplies.put(path, reply);
        return this;
    }

    /** What PWD answers in the folder entered last (by CWD): where a link led, as vsftpd says it, or nonsense. */
    public FakeFtpServer pwdAnswers(Function<String, String> answer) {
        this.pwdAnswer = answer;
        return this;
    }

    /** The SYST reply's text, e.g. "VMS OpenVMS V8.4". */
    public FakeFtpServer system(String text) {
        this.system = text;
        return this;
    }

    /**
     * The {@code nth} download (counting from 1, on any connection) is not answered (no 150, no
     * data) until the client aborts it or hangs up: a transfer still starting when something else happens.
     */
    public FakeFtpServer holdDownload(int nth) {
        this.heldDownload = nth;
        return this;
    }

    /**
     * The {@code nth} download (counting from 1, on any connection) sends its first {@code afterBytes} and
     * then the server hangs up, data and control connection alike, without a reply: a connection lost mid-file.
     */
    public FakeFtpServer hangUpDuringDownload(int nth, int afterBytes) {
        this.hungUpDownload = nth;
        this.hangUpAfterBytes = afterBytes;
        return this;
    }

    /**
     * How the client ended each data connection that it ended early or that carried an upload:
     * "reset", or "closed" for an orderly close (which, for an upload, says the file is complete).
     */
    public List<String> dataEndings() {
        return dataEndings;
    }

    /**
     * Every command line as its bytes on the wire, without the line end: {@link #commands()} reads them as UTF-8,
     * and a name in another charset comes out there as replacement characters.
     */
    public List<byte[]> commandBytes() {
        return commandBytes;
    }

    public List<String> commands() {
        return commands;
    }

    public byte[] stored(String path) {
        return stored.get(path);
    }

    public int dataConnectionsOpened() {
        return dataConnectionsOpened;
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            ServerSocket data = null;
            String cwd = "/";
            reply(out, greeting);
            String line;
            boolean behindEpsv = false;
            int epsvCount = 0;
            long restart = 0;
            while ((line = readLine(in, commandBytes)) != null) {
                commands.add(line);
                if (behindEpsv) {
                    sentBehindEpsv.add(line);
                }
                behindEpsv = false;
                if (hangUpOnPipelinedCommands && in.available() > 0) {
                    lostCommands.addAll(new String(in.readNBytes(in.available()), StandardCharsets.UTF_8).lines().toList());
                    if (goneAfterHangingUp) {
                        // Before the hang-up is seen: the client's new connection finds nobody listening.
                        listener.close();
                    }
                    return;
                }
                if (dropPipelinedCommands && in.available() > 0) {
                    String dropped = new String(in.readNBytes(in.available()), StandardCharsets.UTF_8);
                    lostCommands.addAll(dropped.lines().toList());
                }
                int space = line.indexOf(' ');
                String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase();
                String argument = space < 0 ? "" : line.substring(space + 1);
                switch (verb) {
                    case "USER" -> reply(out, "331 password please");
                    case "PASS" -> reply(out, "230 logged in");
                    case "FEAT" -> {
                        StringBuilder text = new StringBuilder("211-Features:\r\n");
                        features.forEach(f -> text.append(' ').append(f).append("\r\n"));
                        text.append("211 End");
                        reply(out, text.toString());
                    }
                    case "OPTS", "TYPE", "NOOP", "PBSZ", "PROT" -> reply(out, "200 ok");
                    case "SYST" -> reply(out, "215 " + system);
                    case "REST" -> {
                        if (acceptRest) {
                            restart = Long.parseLong(argument.trim());
                            reply(out, "350 restarting at " + restart);
                        } else {
                            reply(out, "502 command not implemented");
                        }
                    }
                    case "PWD" -> reply(out, "257 \"" + pwdAnswer.apply(cwd) + "\" is current");
                    case "CWD" -> {
                        // A file's path may have a listing too (LIST of one file): it is still no folder.
                        if (cwdReplies.containsKey(argument)) {
                            reply(out, cwdReplies.get(argument));
                        } else if (listings.containsKey(argument) && !files.containsKey(argument)) {
                            cwd = argument;
                            reply(out, "250 ok");
                        } else {
                            reply(out, "550 no such directory");
                        }
                    }
                    case "EPSV" -> {
                        epsvCount++;
                        if (!epsv) {
                            reply(out, "500 EPSV not understood");
                        } else if (epsvCount == refusedEpsv && refusedEpsvReply != null) {
                            reply(out, refusedEpsvReply);
                            refusedEpsvReply = null;
                        } else {
                            if (data != null) {
                                data.close();
                            }
                            data = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                            // Unbuffered reads on loopback: a command written with EPSV has arrived already.
                            behindEpsv = in.available() > 0;
                            reply(out, "229 Entering Extended Passive Mode (|||" + data.getLocalPort() + "|)");
                        }
                    }
                    case "PASV" -> {
                        data = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                        String address = pasvAddress != null ? pasvAddress : "127.0.0.1";
                        int port = data.getLocalPort();
                        Function<Integer, java.io.Closeable> hook = onPassivePort;
                        if (hook != null) {
                            passiveHooks.add(hook.apply(port));
                        }
                        reply(out, "227 Entering Passive Mode (" + address.replace('.', ',') + "," + (port >> 8) + ","
                                + (port & 0xff) + ")");
                    }
                    case "MLSD", "LIST" -> {
                        String path = verb.equals("MLSD") && !argument.isEmpty() ? argument
                                : argument.isEmpty() || argument.startsWith("-") ? cwd : argument;
                        List<String> lines = listings.get(path);
                        if (verb.equals("MLSD") && !mlsd) {
                            reply(out, "500 MLSD not understood");
                            break;
                        }
                        if (lines == null || data == null) {
                            reply(out, lines == null ? "550 no such directory" : "425 no data connection");
                            break;
                        }
                        reply(out, "150 here it comes");
                        sendData(data, String.join("\r\n", lines).concat("\r\n")
                                .getBytes(listingCharsets.getOrDefault(path, StandardCharsets.UTF_8)));
                        data = null;
                        reply(out, "226 done");
                    }
                    case "RETR" -> {
                        byte[] content = files.get(argument);
                        if (content == null || data == null) {
                            reply(out, content == null ? "550 no such file" : "425 no data connection");
                            break;
                        }
                        int downloadNumber = downloadsAsked.incrementAndGet();
                        if (downloadNumber == hungUpDownload) {
                            if (goneAfterHangingUp) {
                                listener.close();
                            }
                            reply(out, "150 sending");
                            sendData(data, java.util.Arrays.copyOf(content, Math.min(hangUpAfterBytes, content.length)));
                            return;
                        }
                        if (downloadNumber == heldDownload) {
                            if (!holdUntilAborted(data, in, out)) {
                                return;
                            }
                            data = null;
                            break;
                        }
                        reply(out, "150 sending");
                        long from = Math.min(restart, content.length);
                        restart = 0;
                        byte[] replacement = changeDuringDownload.remove(argument);
                        if (replacement != null) {
                            java.io.ByteArrayOutputStream mixed = new java.io.ByteArrayOutputStream();
                            mixed.write(content, (int) from, Math.max(0, changeAfterBytes - (int) from));
                            mixed.write(replacement, changeAfterBytes, replacement.length - changeAfterBytes);
                            files.put(argument, replacement);
                            sendData(data, mixed.toByteArray());
                            reply(out, "226 done");
                        } else if (stallDownloadsAfter >= 0) {
                            stallUntilClientEnds(data, content);
                            reply(out, "426 Connection closed; transfer aborted.");
                        } else if (from > 0 || endDownloadsAt >= 0 || downloadsSendAtMost >= 0) {
                            long end = endDownloadsAt >= 0 ? Math.min(endDownloadsAt, content.length) : content.length;
                            end = downloadsSendAtMost >= 0 ? Math.min(end, from + downloadsSendAtMost) : end;
                            sendData(data, java.util.Arrays.copyOfRange(content, (int) from, (int) Math.max(from, end)));
                            reply(out, "226 done");
                        } else if (pauseDownloadsAfter >= 0 && pauseDownloadsAfter < content.length) {
                            sendUntilAborted(data, content, in, out);
                        } else {
                            sendData(data, content);
                            reply(out, "226 done");
                        }
                        data = null;
                        byte[] next = changeAfterDownload.remove(argument);
                        if (next != null) {
                            files.put(argument, next);
                        }
                    }
                    case "STOR" -> {
                        if (data == null) {
                            reply(out, "425 no data connection");
                            break;
                        }
                        reply(out, "150 receiving");
                        byte[] received = receiveData(data);
                        data = null;
                        java.util.function.Function<String, String> answer = uploadAnswer;
                        String refusal = received == null || answer == null ? null : answer.apply(argument);
                        if (received == null) {
                            reply(out, "426 connection reset, transfer aborted");
                        } else if (refusal != null) {
                            reply(out, refusal);
                        } else if (keepOfUploads >= 0 && received.length > keepOfUploads) {
                            stored.put(argument, java.util.Arrays.copyOf(received, keepOfUploads));
                            reply(out, uploadRefusal);
                        } else {
                            stored.put(argument, received);
                            reply(out, "226 done");
                        }
                    }
                    case "SIZE" -> {
                        byte[] content = files.containsKey(argument) ? files.get(argument) : stored.get(argument);
                        if (!features.contains("SIZE")) {
                            reply(out, "502 SIZE is not offered here");
                        } else if (sizeReply != null) {
                            reply(out, sizeReply);
                        } else {
                            reply(out, content == null ? "550 no such file" : "213 " + content.length);
                        }
                    }
                    case "MDTM" -> reply(out, mdtmStamps.containsKey(argument) ? "213 " + mdtmStamps.get(argument)
                            : files.containsKey(argument) ? "213 20240102030405" : "550 no such file");
                    case "XSHA256" -> {
                        Function<String, String> sum = checksum;
                        reply(out, sum == null ? "502 not implemented" : "250 " + sum.apply(argument));
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 command not implemented");
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private void sendData(ServerSocket data, byte[] content) throws IOException {
        try (data; Socket socket = data.accept()) {
            dataConnectionsOpened++;
            socket.getOutputStream().write(content);
        }
    }

    /** What an upload sent, or null when the client reset the data connection. */
    private byte[] receiveData(ServerSocket data) throws IOException {
        try (data; Socket socket = data.accept()) {
            dataConnectionsOpened++;
            try {
                byte[] received = socket.getInputStream().readAllBytes();
                dataEndings.add("closed");
                return received;
            } catch (java.net.SocketException e) {
                dataEndings.add("reset");
                return null;
            }
        }
    }

    /** Sends the first bytes and waits, as a server does whose client has all it wanted, until ABOR comes. */
    private void sendUntilAborted(ServerSocket data, byte[] content, InputStream in, OutputStream out) throws IOException {
        try (data; Socket socket = data.accept()) {
            dataConnectionsOpened++;
            socket.getOutputStream().write(content, 0, pauseDownloadsAfter);
            String abort = readLine(in);
            commands.add(abort);
            try {
                dataEndings.add(socket.getInputStream().read() < 0 ? "closed" : "data");
            } catch (java.net.SocketException e) {
                dataEndings.add("reset");
            }
            reply(out, "426 transfer aborted");
            reply(out, "226 abort successful");
        }
    }

    private void stallUntilClientEnds(ServerSocket data, byte[] content) throws IOException {
        try (data; Socket socket = data.accept()) {
            dataConnectionsOpened++;
            socket.getOutputStream().write(content, 0, Math.min(stallDownloadsAfter, content.length));
            socket.getOutputStream().flush();
            try {
                dataEndings.add(socket.getInputStream().read() < 0 ? "closed" : "data");
            } catch (java.net.SocketException e) {
                dataEndings.add("reset");
            }
        }
    }

    /** Answers nothing until the client aborts or hangs up; false when it hung up. */
    private boolean holdUntilAborted(ServerSocket data, InputStream in, OutputStream out) throws IOException {
        try (data) {
            String abort = readLine(in);
            if (abort == null) {
                return false;
            }
            commands.add(abort);
            reply(out, "426 transfer aborted");
            reply(out, "226 abort successful");
            return true;
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        return readLine(in, null);
    }

    private static String readLine(InputStream in, List<byte[]> raw) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        if (raw != null) {
            int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            raw.add(java.util.Arrays.copyOf(bytes, end));
        }
        return line.toString(StandardCharsets.UTF_8).replace("\r", "");
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (java.io.Closeable hook : passiveHooks) {
            hook.close();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
