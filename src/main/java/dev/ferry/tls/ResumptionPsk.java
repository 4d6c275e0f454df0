package dev.ferry.tls;

import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JceTlsSecret;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Hashtable;

/**
 * Offers a {@link Tls13Ticket} through Bouncy Castle 1.84's one PSK hook, {@code getExternalPSKs}.
 * Bouncy Castle treats every PSK it offers as external, which differs from a resumption PSK in
 * two places on the wire (RFC 8446 §4.2.11), both corrected here:
 * <ul>
 * <li>The binder key is derived with the label "ext binder", where a resumption PSK needs
 * "res binder". The early secret of a ticket's key is a {@link BinderLabelFix}, which derives
 * with "res binder" when asked for "ext binder" (see {@link Salt}, installed by
 * {@link FastAeadCrypto#hkdfInit}).</li>
 * <li>The identity's obfuscated_ticket_age is written as 0. {@link AgeFix} rewrites it as Bouncy
 * Castle puts the pre_shared_key extension into the ClientHello's extensions, before the binder
 * is computed over them. OpenSSL servers ignore the age unless they accept early data; GnuTLS
 * servers (FileZilla Server) refuse a ticket whose age is implausible.</li>
 * </ul>
 */
final class ResumptionPsk implements TlsPSKExternal {

    private final JcaTlsCrypto crypto;
    private final Tls13Ticket ticket;

    ResumptionPsk(JcaTlsCrypto crypto, Tls13Ticket ticket) {
        this.crypto = crypto;
        this.ticket = ticket;
    }

    @Override
    public byte[] getIdentity() {
        return ticket.identity().clone();
    }

    /** A fresh secret per call: Bouncy Castle may destroy what it is handed. */
    @Override
    public TlsSecret getKey() {
        return new TicketKey(crypto, ticket.key().clone());
    }

    @Override
    public int getPRFAlgorithm() {
        return ticket.prfAlgorithm();
    }

    /** The key of a ticket: marks the HKDF input whose early secret needs {@link BinderLabelFix}. */
    static final class TicketKey extends JceTlsSecret {
        TicketKey(JcaTlsCrypto crypto, byte[] key) {
            super(crypto, key);
        }
    }

    /** The all-zero HKDF salt the TLS 1.3 key schedule starts from; extracting a ticket's key yields a {@link BinderLabelFix}. */
    static final class Salt extends JceTlsSecret {
        Salt(JcaTlsCrypto crypto, byte[] zeros) {
            super(crypto, zeros);
        }

        @Override
        public synchronized TlsSecret hkdfExtract(int cryptoHashAlgorithm, TlsSecret ikm) {
            TlsSecret earlySecret = super.hkdfExtract(cryptoHashAlgorithm, ikm);
            if (ikm instanceof TicketKey) {
                return new BinderLabelFix(crypto, earlySecret.extract());
            }
            return earlySecret;
        }
    }

    /** The early secret of a resumption PSK: "ext binder" becomes "res binder"; everything else is unchanged. */
    static final class BinderLabelFix extends JceTlsSecret {
        private static final byte[] EXTERNAL = "tls13 ext binder".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] RESUMPTION = "tls13 res binder".getBytes(StandardCharsets.US_ASCII);
        /** HkdfLabel: uint16 length, then the label with its one-byte length. */
        private static final int LABEL_OFFSET = 3;

        BinderLabelFix(JcaTlsCrypto crypto, byte[] earlySecret) {
            super(crypto, earlySecret);
        }

        @Override
        public synchronized TlsSecret hkdfExpand(int cryptoHashAlgorithm, byte[] info, int length) {
            return super.hkdfExpand(cryptoHashAlgorithm, isExternalBinderLabel(info) ? resumptionBinderLabel(info) : info,
                    length);
        }

        static boolean isExternalBinderLabel(byte[] info) {
            return info.length >= LABEL_OFFSET + EXTERNAL.length && (info[2] & 0xFF) == EXTERNAL.length
                    && Arrays.equals(info, LABEL_OFFSET, LABEL_OFFSET + EXTERNAL.length, EXTERNAL, 0, EXTERNAL.length);
        }

        static byte[] resumptionBinderLabel(byte[] info) {
            byte[] fixed = info.clone();
            System.arraycopy(RESUMPTION, 0, fixed, LABEL_OFFSET, RESUMPTION.length);
            return fixed;
        }
    }

    /**
     * Client extensions whose pre_shared_key carries the ticket's real obfuscated age. Bouncy
     * Castle puts the extension here (again after a HelloRetryRequest) before it encodes the
     * ClientHello and computes the binders over it.
     */
    static final class AgeFix extends Hashtable<Integer, byte[]> {
        private final Tls13Ticket ticket;

        AgeFix(Tls13Ticket ticket) {
            this.ticket = ticket;
        }

        @Override
        public synchronized byte[] put(Integer type, byte[] data) {
            if (TlsExtensionsUtils.EXT_pre_shared_key.equals(type) && data != null) {
                try {
                    data = withAge(data, ticket, ticket.obfuscatedAge(System.nanoTime()));
                } catch (IOException e) {
                    throw new IllegalStateException("Bouncy Castle wrote a pre_shared_key extension Ferry cannot read", e);
                }
            }
            return super.put(type, data);
        }

        /** OfferedPsks without binders: identities<7..2^16-1>, each an opaque16 identity and a uint32 age. */
        static byte[] withAge(byte[] extension, Tls13Ticket ticket, long obfuscatedAge) throws IOException {
            ByteArrayInputStream in = new ByteArrayInputStream(extension);
            ByteArrayOutputStream identities = new ByteArrayOutputStream();
            byte[] list = TlsUtils.readOpaque16(in);
            byte[] rest = in.readAllBytes();
            ByteArrayInputStream entries = new ByteArrayInputStream(list);
            while (entries.available() > 0) {
                byte[] identity = TlsUtils.readOpaque16(entries, 1);
                long age = TlsUtils.readUint32(entries);
                TlsUtils.writeOpaque16(identity, identities);
                TlsUtils.writeUint32(Arrays.equals(identity, ticket.identity()) ? obfuscatedAge : age, identities);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(extension.length);
            TlsUtils.writeOpaque16(identities.toByteArray(), out);
            out.write(rest);
            return out.toByteArray();
        }
    }
}
