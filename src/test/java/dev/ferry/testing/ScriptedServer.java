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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hostile or broken FTP server that plays a script: for each accepted control connection the
 * script gets a {@link Conversation} to read commands and write whatever it likes. Every byte a
 * client sent is kept, so tests can assert on what reached the wire (e.g. that no PASS was sent).
 */
public final class ScriptedServer implements AutoCloseable {

    @FunctionalInterface
    public interface Script {
        void play(Conversation conversation) throws Exception;
    }

    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Conversation> conversations = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public ScriptedServer(Script script) throws IOException {
        this(InetAddress.getLoopbackAddress(), script);
    }

    public ScriptedServer(InetAddress address, Script script) throws IOException {
        listener = new ServerSocket(0, 50, address);
        acceptor = Thread.ofPlatform().daemon().name("scripted-ftp").start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    sockets.add(socket);
                    Conversation conversation = new Conversation(socket);
                    conversations.add(conversation);
                    Thread.ofPlatform().daemon().start(() -> {
                        try {
                            script.play(conversation);
                        } catch (Exception e) {
                            // A script ends however it ends; the client's behaviour is what is tested.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public int port() {
        return listener.getLocalPort();
    }

    public List<Conversation> conversations() {
        return conversations;
    }

    /** True once a client connected and every client connection reached its end (the client hung up). */
    public boolean clientClosed() {
        return !conversations.isEmpty() && conversations.stream().allMatch(Conversation::ended);
    }

    /** Everything every client sent, as text. */
    public String received() {
        StringBuilder all = new StringBuilder();
        conversations.forEach(c -> all.append(c.received()));
        return all.toString();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** One control connection as the script sees it. */
    public static final class Conversation {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile boolean ended;

        Conversation(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        public Socket socket() {
            return socket;
        }

        /** Writes raw text (add "\r\n" yourself: malformed replies are the point). */
        public Conversation send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        public Conversation sendBytes(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return this;
        }

        public Conversation reply(String line) throws IOException {
            return send(line + "\r\n");
        }

        /** Reads one command line; null at end of stream. */
        public String readCommand() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = readByte()) >= 0) {
                synchronized (received) {
                    received.write(b);
                }
                if (b == '\n') {
                    break;
                }
                line.write(b);
            }
            if (b < 0) {
                ended = true;
                if (line.size() == 0) {
                    return null;
                }
            }
            return line.toString(StandardCharsets.UTF_8).replace("\r", "");
        }

        private int readByte() throws IOException {
            try {
                return in.read();
            } catch (java.net.SocketTimeoutException quiet) {
                throw quiet;
            } catch (IOException e) {
                ended = true;
                throw e;
            }
        }

        /** Reads and records everything until the client closes, without answering. */
        public void readForever() throws IOException {
            byte[] buffer = new byte[4096];
            int read;
            try {
                while ((read = in.read(buffer)) >= 0) {
                    synchronized (received) {
                        received.write(buffer, 0, read);
                    }
                }
            } finally {
                ended = true;
            }
        }

        /** True once the client's side of this connection ended. */
        public boolean ended() {
            return ended;
        }

        public String received() {
            synchronized (received) {
                return received.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }
}
