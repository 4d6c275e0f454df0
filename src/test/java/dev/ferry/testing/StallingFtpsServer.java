package dev.ferry.testing;

import dev.ferry.tls.CertificateInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An explicit-FTPS server (the JDK's TLS) whose uploads stall: it accepts STOR, completes the
 * data connection's TLS handshake, and then never reads, so the client's writes block once the
 * socket buffers are full. Everything else it needs to answer, it answers well.
 */
public final class StallingFtpsServer implements AutoCloseable {

    private final ServerSocket control;
    private final ServerSocket data;
    private final SSLContext tls;
    private final String fingerprint;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger stalledUploads = new AtomicInteger();
    private volatile boolean vanishAtLogin;

    public StallingFtpsServer(Path directory) throws Exception {
        TestCertificates certificates = TestCertificates.selfSigned();
        fingerprint = CertificateInfo.fingerprint(certificates.certificate());
        Path store = certificates.writeKeyStore(Files.createDirectories(directory).resolve("stalling.p12"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, TestCertificates.PASSWORD.toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        control = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        data = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("stalling-ftps").start(this::acceptLoop);
    }

    public int port() {
        return control.getLocalPort();
    }

    public String fingerprint() {
        return fingerprint;
    }

    /**
     * From now on the server asks for a client certificate (and takes none), then goes away at
     * USER without a word, as a server that is stopped or restarted does.
     */
    public StallingFtpsServer vanishingAtLoginAfterAskingForACertificate() {
        vanishAtLogin = true;
        return this;
    }

    /** Uploads whose data connection is open and never read. */
    public int stalledUploads() {
        return stalledUploads.get();
    }

    private void acceptLoop() {
        while (!control.isClosed()) {
            try {
                Socket socket = control.accept();
                sockets.add(socket);
                Thread.ofPlatform().daemon().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket raw) {
        try {
            OutputStream out = raw.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.UTF_8));
            reply(out, "220 stalling server");
            String command = in.readLine();
            if (command == null || !command.startsWith("AUTH")) {
                return;
            }
            reply(out, "234 go ahead");
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(raw, "127.0.0.1", raw.getPort(), true);
            secure.setUseClientMode(false);
            boolean vanishing = vanishAtLogin;
            secure.setWantClientAuth(vanishing);
            secure.startHandshake();
            sockets.add(secure);
            out = secure.getOutputStream();
            in = new BufferedReader(new InputStreamReader(secure.getInputStream(), StandardCharsets.UTF_8));
            while ((command = in.readLine()) != null) {
                String verb = command.split(" ")[0].toUpperCase();
                if (vanishing && verb.equals("USER")) {
                    // No alert, no close_notify: the connection is reset, as by a server killed.
                    raw.setSoLinger(true, 0);
                    raw.close();
                    return;
                }
                switch (verb) {
                    case "USER" -> reply(out, "331 password please");
                    case "PASS" -> reply(out, "230 logged in");
                    case "FEAT" -> reply(out, "211 no features");
                    case "PWD" -> reply(out, "257 \"/\"");
                    case "PBSZ", "PROT", "TYPE", "NOOP" -> reply(out, "200 ok");
                    case "SIZE", "MDTM" -> reply(out, "550 no such file");
                    case "EPSV" -> reply(out, "229 Entering Extended Passive Mode (|||" + data.getLocalPort() + "|)");
                    case "STOR" -> {
                        reply(out, "150 send it");
                        Socket rawData = data.accept();
                        sockets.add(rawData);
                        SSLSocket secureData = (SSLSocket) tls.getSocketFactory().createSocket(rawData, "127.0.0.1",
                                rawData.getPort(), true);
                        secureData.setUseClientMode(false);
                        secureData.startHandshake();
                        sockets.add(secureData);
                        stalledUploads.incrementAndGet();
                        // ... and nothing is ever read: the client's writes fill the buffers and block.
                    }
                    case "ABOR" -> reply(out, "226 aborted");
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 not here");
                }
            }
        } catch (IOException e) {
            // The client went away; that ends this conversation.
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        control.close();
        data.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
