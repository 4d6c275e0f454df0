package dev.ferry.tls;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.crypto.KeyAgreement;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Ferry's key exchange agrees with the JDK's on the other side, and refuses what RFC 8446 refuses. */
class LightweightKeyExchangeTest {

    private final TlsCrypto crypto = TlsSupport.crypto();

    private TlsAgreement agreement(int group) {
        TlsECDomain domain = LightweightKeyExchange.domain(crypto, group);
        assertNotNull(domain, "handled: " + NamedGroup.getName(group));
        return domain.createECDH();
    }

    @ParameterizedTest
    @CsvSource({"23, secp256r1", "24, secp384r1", "25, secp521r1"})
    void theSharedSecretOfANistCurveIsTheOneTheJdkComputes(int group, String curveName) throws Exception {
        for (int round = 0; round < 5; round++) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curveName));
            KeyPair server = generator.generateKeyPair();
            ECPublicKey serverKey = (ECPublicKey) server.getPublic();
            int size = (serverKey.getParams().getCurve().getField().getFieldSize() + 7) / 8;

            TlsAgreement ours = agreement(group);
            byte[] ourPublic = ours.generateEphemeral();
            assertEquals(1 + 2 * size, ourPublic.length);
            assertEquals(0x04, ourPublic[0], "uncompressed");
            ours.receivePeerValue(uncompressed(serverKey.getW(), size));

            KeyAgreement jdk = KeyAgreement.getInstance("ECDH");
            jdk.init(server.getPrivate());
            jdk.doPhase(ecPublicKey(ourPublic, size, serverKey.getParams()), true);
            assertArrayEquals(jdk.generateSecret(), ours.calculateSecret().extract());
        }
    }

    @Test
    void theSharedSecretOfX25519IsTheOneTheJdkComputes() throws Exception {
        for (int round = 0; round < 5; round++) {
            KeyPair server = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            TlsAgreement ours = agreement(NamedGroup.x25519);
            byte[] ourPublic = ours.generateEphemeral();
            assertEquals(32, ourPublic.length);
            ours.receivePeerValue(littleEndian(((XECPublicKey) server.getPublic()).getU(), 32));

            KeyAgreement jdk = KeyAgreement.getInstance("X25519");
            jdk.init(server.getPrivate());
            jdk.doPhase(KeyFactory.getInstance("X25519").generatePublic(
                    new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, reversed(ourPublic)))), true);
            assertArrayEquals(jdk.generateSecret(), ours.calculateSecret().extract());
        }
    }

    @Test
    void aPointOffTheCurveACompressedPointAndAWrongLengthAreRefused() throws Exception {
        TlsAgreement ours = agreement(NamedGroup.secp256r1);
        byte[] valid = ours.generateEphemeral();
        byte[] offCurve = valid.clone();
        offCurve[offCurve.length - 1] ^= 1;
        assertIllegal(() -> agreement(NamedGroup.secp256r1).receivePeerValue(offCurve));
        byte[] compressed = Arrays.copyOf(valid, 33);
        compressed[0] = 0x02;
        assertIllegal(() -> agreement(NamedGroup.secp256r1).receivePeerValue(compressed));
        assertIllegal(() -> agreement(NamedGroup.secp256r1).receivePeerValue(Arrays.copyOf(valid, 64)));
        byte[] coordinateTooLarge = new byte[65];
        coordinateTooLarge[0] = 0x04;
        Arrays.fill(coordinateTooLarge, 1, 33, (byte) 0xff);
        assertIllegal(() -> agreement(NamedGroup.secp256r1).receivePeerValue(coordinateTooLarge));
    }

    @Test
    void anX25519PeerValueOfSmallOrderAndAWrongLengthAreRefused() throws Exception {
        TlsAgreement smallOrder = agreement(NamedGroup.x25519);
        smallOrder.generateEphemeral();
        // u = 0 (and u = 1) give an all-zero shared secret whatever the private key.
        smallOrder.receivePeerValue(new byte[32]);
        assertIllegal(smallOrder::calculateSecret);
        TlsAgreement one = agreement(NamedGroup.x25519);
        one.generateEphemeral();
        byte[] uOne = new byte[32];
        uOne[0] = 1;
        one.receivePeerValue(uOne);
        assertIllegal(one::calculateSecret);
        assertIllegal(() -> agreement(NamedGroup.x25519).receivePeerValue(new byte[31]));
    }

    @Test
    void otherGroupsAreLeftToTheJdk() {
        assertNull(LightweightKeyExchange.domain(crypto, NamedGroup.x448));
        assertNull(LightweightKeyExchange.domain(crypto, NamedGroup.ffdhe2048));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void assertIllegal(Step step) {
        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class, step::run);
        assertEquals(AlertDescription.illegal_parameter, alert.getAlertDescription());
    }

    private static byte[] uncompressed(ECPoint point, int size) {
        byte[] encoded = new byte[1 + 2 * size];
        encoded[0] = 0x04;
        System.arraycopy(unsigned(point.getAffineX(), size), 0, encoded, 1, size);
        System.arraycopy(unsigned(point.getAffineY(), size), 0, encoded, 1 + size, size);
        return encoded;
    }

    private static java.security.PublicKey ecPublicKey(byte[] encoded, int size, ECParameterSpec params) throws Exception {
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 1 + size));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 1 + size, 1 + 2 * size));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
    }

    private static byte[] unsigned(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[size];
        int copy = Math.min(bytes.length, size);
        System.arraycopy(bytes, bytes.length - copy, fixed, size - copy, copy);
        return fixed;
    }

    private static byte[] littleEndian(BigInteger value, int size) {
        return reversed(unsigned(value, size));
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
