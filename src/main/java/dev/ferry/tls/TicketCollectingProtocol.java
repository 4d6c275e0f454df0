package dev.ferry.tls;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsHandshakeHash;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsSecret;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.function.Consumer;

/**
 * Bouncy Castle's client protocol, keeping the TLS 1.3 session tickets it receives. Bouncy Castle
 * 1.84 reads a NewSessionTicket after a TLS 1.3 handshake and throws it away, and it never derives
 * the resumption master secret the ticket's key comes from (RFC 8446 §7.1). This class does both:
 * right after the client Finished it derives {@code resumption_master_secret} from the master
 * secret and the transcript hash up to that Finished, and for each ticket it derives the PSK and
 * hands a {@link Tls13Ticket} to the sink.
 * <p>
 * The transcript hash lives in a package-private field of {@link TlsProtocol}; it is read
 * reflectively (the one way to it from outside Bouncy Castle's package, whose jar is signed, so no
 * class can join that package). If a later Bouncy Castle renames the field, {@link #available()}
 * says so and connections simply make full handshakes, as before.
 */
final class TicketCollectingProtocol extends TlsClientProtocol {

    private static final Field HANDSHAKE_HASH = handshakeHashField();
    /** RFC 8446 §4.6.1: servers MUST NOT use any value greater than 604800 seconds (7 days). */
    private static final long MAX_TICKET_LIFETIME = 604_800;

    private final Consumer<Tls13Ticket> sink;
    private TlsSecret resumptionMasterSecret;
    private int prfAlgorithm;
    private int prfHashAlgorithm;
    private int prfHashLength;

    /** @param sink where tickets go; null to ignore them (as Bouncy Castle does) */
    TicketCollectingProtocol(Consumer<Tls13Ticket> sink) {
        this.sink = sink;
    }

    /** Whether tickets can be turned into resumption PSKs with this Bouncy Castle. */
    static boolean available() {
        return HANDSHAKE_HASH != null;
    }

    private static Field handshakeHashField() {
        try {
            Field field = TlsProtocol.class.getDeclaredField("handshakeHash");
            if (!TlsHandshakeHash.class.isAssignableFrom(field.getType())) {
                return null;
            }
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    protected void process13HelloRetryRequest(ServerHello helloRetryRequest) throws IOException {
        if (tlsClient instanceof FerryTlsClient client) {
            client.keyShareRetry();
        }
        super.process13HelloRetryRequest(helloRetryRequest);
    }

    @Override
    protected void send13FinishedMessage() throws IOException {
        super.send13FinishedMessage();
        if (sink == null || HANDSHAKE_HASH == null) {
            return;
        }
        SecurityParameters parameters = getContext().getSecurityParametersHandshake();
        byte[] transcriptThroughClientFinished;
        try {
            transcriptThroughClientFinished = ((TlsHandshakeHash) HANDSHAKE_HASH.get(this)).forkPRFHash().calculateHash();
        } catch (IllegalAccessException e) {
            return;
        }
        prfAlgorithm = parameters.getPRFAlgorithm();
        prfHashAlgorithm = parameters.getPRFCryptoHashAlgorithm();
        prfHashLength = parameters.getPRFHashLength();
        resumptionMasterSecret = TlsCryptoUtils.hkdfExpandLabel(parameters.getMasterSecret(), prfHashAlgorithm,
                "res master", transcriptThroughClientFinished, prfHashLength);
    }

    @Override
    protected void receive13NewSessionTicket(ByteArrayInputStream buf) throws IOException {
        if (isHandshaking()) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message);
        }
        long lifetime = TlsUtils.readUint32(buf);
        long ageAdd = TlsUtils.readUint32(buf);
        byte[] nonce = TlsUtils.readOpaque8(buf);
        byte[] ticket = TlsUtils.readOpaque16(buf, 1);
        TlsUtils.readOpaque16(buf); // extensions: only early_data is defined, and Ferry sends none
        assertEmpty(buf);
        if (sink == null || resumptionMasterSecret == null || lifetime == 0) {
            return;
        }
        TlsSecret key = TlsCryptoUtils.hkdfExpandLabel(resumptionMasterSecret, prfHashAlgorithm, "resumption", nonce,
                prfHashLength);
        sink.accept(new Tls13Ticket(ticket, key.extract(), prfAlgorithm, ageAdd, System.nanoTime(),
                Math.min(lifetime, MAX_TICKET_LIFETIME)));
    }
}
