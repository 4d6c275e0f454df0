package dev.ferry.tls;

import org.bouncycastle.tls.OfferedPsks;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Hashtable;
import java.util.Vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two corrections that turn Bouncy Castle's external PSK into a resumption PSK, checked against RFC 8446 directly. */
class ResumptionPskTest {

    private static final byte[] PSK = bytes(32, 5);

    @Test
    void aTicketKeysBinderKeyIsDerivedWithTheResumptionLabel() throws Exception {
        TlsSecret earlySecret = TlsSupport.crypto().hkdfInit(CryptoHashAlgorithm.sha256)
                .hkdfExtract(CryptoHashAlgorithm.sha256, new ResumptionPsk.TicketKey(TlsSupport.crypto(), PSK.clone()));
        // What Bouncy Castle asks for when it computes the binder of a PSK it believes external:
        byte[] binderKey = TlsCryptoUtils.hkdfExpandLabel(earlySecret, CryptoHashAlgorithm.sha256, "ext binder",
                sha256(new byte[0]), 32).extract();
        assertArrayEquals(rfc8446BinderKey(PSK, "res binder"), binderKey);
    }

    @Test
    void anyOtherKeyKeepsBouncyCastlesDerivation() throws Exception {
        TlsSecret earlySecret = TlsSupport.crypto().hkdfInit(CryptoHashAlgorithm.sha256)
                .hkdfExtract(CryptoHashAlgorithm.sha256, TlsSupport.crypto().createSecret(PSK.clone()));
        byte[] binderKey = TlsCryptoUtils.hkdfExpandLabel(earlySecret, CryptoHashAlgorithm.sha256, "ext binder",
                sha256(new byte[0]), 32).extract();
        assertArrayEquals(rfc8446BinderKey(PSK, "ext binder"), binderKey);
    }

    @Test
    void theTicketsIdentityCarriesItsObfuscatedAgeAndOthersAreLeftAlone() throws Exception {
        byte[] ticketIdentity = bytes(120, 9);
        byte[] otherIdentity = bytes(16, 3);
        Tls13Ticket ticket = new Tls13Ticket(ticketIdentity, PSK, PRFAlgorithm.tls13_hkdf_sha256, 0xFFFF_FF00L,
                System.nanoTime() - 1_000_000_000L, 7200);
        Vector<PskIdentity> identities = new Vector<>();
        identities.add(new PskIdentity(otherIdentity, 77));
        identities.add(new PskIdentity(ticketIdentity, 0));
        Hashtable<Integer, byte[]> extensions = new ResumptionPsk.AgeFix(ticket);
        long before = ticket.obfuscatedAge(System.nanoTime());
        TlsExtensionsUtils.addPreSharedKeyClientHello(extensions, new OfferedPsks(identities));
        long after = ticket.obfuscatedAge(System.nanoTime());

        byte[] written = extensions.get(TlsExtensionsUtils.EXT_pre_shared_key);
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(written);
        assertEquals(written.length - 2, org.bouncycastle.tls.TlsUtils.readUint16(in));
        PskIdentity other = PskIdentity.parse(in);
        PskIdentity patched = PskIdentity.parse(in);
        assertEquals(0, in.available());
        assertArrayEquals(otherIdentity, other.getIdentity());
        assertEquals(77, other.getObfuscatedTicketAge());
        assertArrayEquals(ticketIdentity, patched.getIdentity());
        long age = patched.getObfuscatedTicketAge();
        // About one second old, plus ticket_age_add, modulo 2^32 (this ticket_age_add wraps).
        assertTrue(age >= before && age <= after && age < 0xFFFF_FF00L, "obfuscated age " + age);
    }

    @Test
    void thePoolOffersTheNewestLiveTicketAndStopsAfterARefusal() {
        long now = System.nanoTime();
        TicketPool pool = new TicketPool();
        assertNull(pool.newestUsable(now));
        Tls13Ticket old = new Tls13Ticket(bytes(8, 1), PSK, PRFAlgorithm.tls13_hkdf_sha256, 0, now - 400_000_000_000L, 300);
        Tls13Ticket live = new Tls13Ticket(bytes(8, 2), PSK, PRFAlgorithm.tls13_hkdf_sha256, 0, now, 300);
        Tls13Ticket newest = new Tls13Ticket(bytes(8, 3), PSK, PRFAlgorithm.tls13_hkdf_sha256, 0, now, 300);
        pool.add(old);
        assertNull(pool.newestUsable(now), "a ticket past its lifetime is not offered");
        pool.add(live);
        pool.add(newest);
        assertSame(newest, pool.newestUsable(now));
        assertSame(newest, pool.newestUsable(now), "a ticket stays after use");
        pool.discard(newest);
        assertSame(live, pool.newestUsable(now));
        pool.refuse();
        pool.add(new Tls13Ticket(bytes(8, 4), PSK, PRFAlgorithm.tls13_hkdf_sha256, 0, now, 300));
        assertNull(pool.newestUsable(now));
        assertTrue(pool.refused() && pool.everReceived());
    }

    /** RFC 8446 §7.1 spelled out: Early Secret = HKDF-Extract(0, PSK); binder_key = Derive-Secret(., label, ""). */
    private static byte[] rfc8446BinderKey(byte[] psk, String label) throws Exception {
        byte[] earlySecret = hmac(new byte[32], psk);
        byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] context = sha256(new byte[0]);
        ByteArrayOutputStream hkdfLabel = new ByteArrayOutputStream();
        hkdfLabel.write(0);
        hkdfLabel.write(32);
        hkdfLabel.write(fullLabel.length);
        hkdfLabel.write(fullLabel);
        hkdfLabel.write(context.length);
        hkdfLabel.write(context);
        hkdfLabel.write(1); // HKDF-Expand, first (and only) block of 32 bytes
        return hmac(earlySecret, hkdfLabel.toByteArray());
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return bytes;
    }
}
