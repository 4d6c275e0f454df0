package dev.ferry.diagnose;

import dev.ferry.message.Message;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.tls.TlsConnector;
import dev.ferry.tls.TlsPolicy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.TrustManagerFactory;

/**
 * Gets this JVM's TLS ready before the first handshake a diagnosis times: on a slow machine the
 * first handshake spends seconds loading and seeding the crypto and reading the system's trusted
 * authorities, and a server must not be called "stalled" for time we spent. A ClientHello is made
 * and sent to a local socket that hangs up on it (nothing leaves this computer), and the system
 * trust store is loaded.
 */
final class TlsWarmUp {

    private static final TlsConnector.Events QUIET = new TlsConnector.Events() {
        @Override
        public void tls(Message message) {
        }

        @Override
        public void warning(Message message) {
        }
    };

    private TlsWarmUp() {
    }

    static void warm(Duration timeout) {
        int millis = ControlProbe.millis(timeout);
        try (ServerSocket local = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofVirtual().name("ferry-tls-warm-up").start(() -> {
                try (Socket accepted = local.accept()) {
                    accepted.setSoTimeout(millis);
                    accepted.getInputStream().read(new byte[16 * 1024]);
                } catch (IOException e) {
                    // Hanging up is all this end does.
                }
            });
            try (Socket socket = new Socket()) {
                socket.connect(local.getLocalSocketAddress(), millis);
                new TlsConnector("localhost", local.getLocalPort(), TlsPolicy.DEFAULT,
                        CertificateTrust.nonInteractive(KnownHosts.inMemory(), java.util.Set.of()), QUIET)
                        .connectControl(socket, timeout);
            } catch (IOException expected) {
                // The local end hung up after the ClientHello: the point was making it.
            }
            peer.join(timeout);
        } catch (IOException e) {
            // No local socket: the first real handshake will simply be slower.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).init((KeyStore) null);
        } catch (GeneralSecurityException e) {
            // The certificate check will report it in its own words.
        }
    }
}
