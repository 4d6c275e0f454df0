package dev.ferry.testing;

import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Apache MINA FtpServer in this JVM on a random loopback port, with one user and a temporary
 * home directory: the fast server for integration tests.
 */
public final class MinaServer implements AutoCloseable {

    public static final String USER = "ferry";
    public static final String PASSWORD = "s3cret-pa55";

    public enum Tls { NONE, EXPLICIT, IMPLICIT }

    private final FtpServer server;
    private final java.util.concurrent.atomic.AtomicInteger loggedIn = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostLoggedIn = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger logins = new java.util.concurrent.atomic.AtomicInteger();
    private final Listener listener;
    private final Path home;
    private final TestCertificates certificate;

    private MinaServer(Builder b) throws IOException {
        this.home = Files.createDirectories(b.home);
        this.certificate = b.tls == Tls.NONE ? null : (b.certificate != null ? b.certificate : TestCertificates.selfSigned());
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listenerFactory = new ListenerFactory();
        listenerFactory.setServerAddress("127.0.0.1");
        listenerFactory.setPort(b.port);
        listenerFactory.setIdleTimeout(120);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setActiveEnabled(true);
        data.setActiveIpCheck(true);
        data.setPassiveAddress("127.0.0.1");
        if (b.passiveExternalAddress != null) {
            data.setPassiveExternalAddress(b.passiveExternalAddress);
        }
        if (certificate != null) {
            SslConfigurationFactory ssl = new SslConfigurationFactory();
            Path keyStore = certificate.writeKeyStore(Files.createTempFile(home.getParent(), "server", ".p12"));
            ssl.setKeystoreFile(keyStore.toFile());
            ssl.setKeystoreType("PKCS12");
            ssl.setKeystorePassword(TestCertificates.PASSWORD);
            ssl.setKeyPassword(TestCertificates.PASSWORD);
            ssl.setSslProtocol(b.tlsProtocols);
            // One configuration (one SSLContext, one session cache) so data connections can resume.
            SslConfiguration shared = ssl.createSslConfiguration();
            listenerFactory.setSslConfiguration(shared);
            listenerFactory.setImplicitSsl(b.tls == Tls.IMPLICIT);
            data.setSslConfiguration(shared);
            data.setImplicitSsl(b.tls == Tls.IMPLICIT);
        }
        listenerFactory.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener("default", listenerFactory.createListener());

        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setMaxLogins(b.maxLogins);
        connections.setMaxThreads(0);
        connections.setAnonymousLoginEnabled(true);
        connections.setLoginFailureDelay(0);
        factory.setConnectionConfig(connections.createConnectionConfig());

        java.util.LinkedHashMap<String, org.apache.ftpserver.ftplet.Ftplet> ftplets = new java.util.LinkedHashMap<>();
        ftplets.put("counter", new DefaultFtplet() {
            @Override
            public FtpletResult onLogin(FtpSession session, FtpRequest request) {
                // Called after every PASS, refused ones too: only a session that is in counts as logged in.
                logins.incrementAndGet();
                if (session.isLoggedIn()) {
                    session.setAttribute("ferry.counted", Boolean.TRUE);
                    mostLoggedIn.accumulateAndGet(loggedIn.incrementAndGet(), Math::max);
                }
                return FtpletResult.DEFAULT;
            }

            @Override
            public FtpletResult onDisconnect(FtpSession session) {
                // MINA may mark the session logged out before this runs: remember it ourselves.
                if (session.getAttribute("ferry.counted") != null) {
                    session.removeAttribute("ferry.counted");
                    loggedIn.decrementAndGet();
                }
                return FtpletResult.DEFAULT;
            }
        });
        if (b.ftplet != null) {
            ftplets.put("test", b.ftplet);
        }
        factory.setFtplets(ftplets);

        PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
        users.setFile(Files.createTempFile(home.getParent(), "users", ".properties").toFile());
        users.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        UserManager userManager = users.createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toString());
        user.setMaxIdleTime(0);
        List<Authority> authorities = List.of(new WritePermission(), new ConcurrentLoginPermission(0, 0));
        user.setAuthorities(authorities);
        try {
            userManager.save(user);
            factory.setUserManager(userManager);
            this.server = factory.createServer();
            server.start();
        } catch (FtpException e) {
            throw new IOException("MINA FtpServer did not start", e);
        }
        this.listener = factory.getListener("default");
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** A ftplet that answers {@code command} itself with this reply, as a server that refuses it or says otherwise. */
    public static org.apache.ftpserver.ftplet.Ftplet answering(String command, int code, String text) {
        return new org.apache.ftpserver.ftplet.DefaultFtplet() {
            @Override
            public org.apache.ftpserver.ftplet.FtpletResult beforeCommand(org.apache.ftpserver.ftplet.FtpSession session,
                    org.apache.ftpserver.ftplet.FtpRequest request) throws org.apache.ftpserver.ftplet.FtpException, IOException {
                if (command.equals(request.getCommand())) {
                    session.write(new org.apache.ftpserver.ftplet.DefaultFtpReply(code, text));
                    return org.apache.ftpserver.ftplet.FtpletResult.SKIP;
                }
                return super.beforeCommand(session, request);
            }
        };
    }

    public int port() {
        return listener.getPort();
    }

    /** The most sessions that were logged in at the same time. */
    public int mostConcurrentLogins() {
        return mostLoggedIn.get();
    }

    /**
     * Sessions logged in now. A client's session ends here some time after the client let go of it
     * (its QUIT's 221 is read before the server has closed its side): wait for this, not for the
     * client, before counting sessions at once anew.
     */
    public int loggedIn() {
        return loggedIn.get();
    }

    /** PASS commands answered since start, refused ones included (was a password sent at all?). */
    public int logins() {
        return logins.get();
    }

    public Path home() {
        return home;
    }

    public TestCertificates certificate() {
        return certificate;
    }

    @Override
    public void close() {
        server.stop();
    }

    public static final class Builder {
        private final Path home;
        private Tls tls = Tls.NONE;
        private String[] tlsProtocols = {"TLSv1.3", "TLSv1.2"};
        private TestCertificates certificate;
        private int maxLogins = 50;
        private String passiveExternalAddress;
        private int port;
        private org.apache.ftpserver.ftplet.Ftplet ftplet;

        private Builder(Path directory) {
            this.home = directory.resolve("home");
        }

        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        public Builder tlsProtocols(String... protocols) {
            this.tlsProtocols = protocols;
            return this;
        }

        public Builder certificate(TestCertificates certificate) {
            this.certificate = certificate;
            return this;
        }

        public Builder maxLogins(int maxLogins) {
            this.maxLogins = maxLogins;
            return this;
        }

        /** The address the server announces in PASV replies (a NAT'ed or hostile server). */
        public Builder passiveExternalAddress(String address) {
            this.passiveExternalAddress = address;
            return this;
        }

        /** A fixed port, e.g. to start a server again where a killed one was; 0 (default) picks one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Extra server behaviour for the test (refusals, 421 storms), after the login counter. */
        public Builder ftplet(org.apache.ftpserver.ftplet.Ftplet ftplet) {
            this.ftplet = ftplet;
            return this;
        }

        public MinaServer start() throws IOException {
            return new MinaServer(this);
        }
    }
}
