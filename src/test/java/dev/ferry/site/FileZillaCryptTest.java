package dev.ferry.site;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Passwords FileZilla encrypted under its master password, read with it. The vectors come from
 * independent implementations of libfilezilla's scheme: filezilla-crypt-vectors.py (Python
 * "cryptography") and a second, published set made with Python as well (master "master heslo ľšč").
 */
class FileZillaCryptTest {

    static final String MASTER = "zilla master ü";
    static final String PUBKEY = "wVtEnvA8gyxfzaUDhqNE3OAbvokT+wVywhG/62wpuV8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHw==";
    static final String GCM = "1rAEbYxXy94IkIVodt1ZpuBPQUFLHLkpI6JdSMY/yEpitJeAYGuXxUtAGrNvvv8B/XUydeGWs9apE/W7bRQ8XNKZ9m3oYiYydjiDVKDXjD/o9NDgFXKpS2mXIRj3NdGO";
    static final String CTR = "wAjWj8ExuKy/LtNt9U6vXf/Huh1R7Yh0DmTOeZ2iD08qAgobZL80zpCW5J7h3KIJH37zH51C19NXvkCfzL0+DJ7A6rsgHGLnd+lALuRWdzI=";
    static final String LONG = "OFhj3wT7av/R2dLD4tOBbbc3Oef5JZ8kcpNcnRyYrlyy/Q0+kMUmKm8YehN/x7rzxER0F/57pYP9ruzo+rTIaMfKPCsxPt48WK9codkwHX+OmvbYTo0V1FTS9VmSanS+zHIJfMTXw599CIgrZBEEARM7fnbDXQ==";

    @Test
    void readsGcmCtrAndLongPasswordsWithTheMasterPassword() throws Exception {
        FileZillaCrypt crypt = FileZillaCrypt.unlock(PUBKEY, MASTER.toCharArray());
        assertEquals("s3cret-pa55", crypt.decrypt(GCM));
        assertEquals("s3cret-pa55", crypt.decrypt(CTR));
        assertEquals("a longer pässword, over sixteen bytes", crypt.decrypt(LONG));
    }

    @Test
    void aSecondIndependentSetOfVectorsAgrees() throws Exception {
        FileZillaCrypt crypt = FileZillaCrypt.unlock(
                "zdcaYObsbdn1NYjTLjkp8tx2x4y/pZLG8EPWiY1eFDYAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHw",
                "master heslo ľšč".toCharArray());
        assertEquals("pass word šč", crypt.decrypt("Gr2DdjCVB3K29/gLmr0lGvFoMSHzShBoRu5/mGwE6Bs4Wj1wRwXPFeRKd3+0nDjGswbgvM08/5PVwaP0FMcrpuewPctue0DBxFERrZB6uMp8ODHUZL7LMtz0mLAlR/9u"));
        assertEquals("legacy-pw", crypt.decrypt("WZpyd/N73PSz9ANnnv9gyd7MGi6sUmM6QTAta6qgjl8F5OQCwdZWHYO8pM6dfrt8xoGZg0u8umTK6jhJ+kYHkfj2Qr2dkG8ua1uX9mSrZCg"));
    }

    @Test
    void aWrongOrMissingMasterPasswordIsToldApartFromDamage() throws Exception {
        FileZillaCrypt.CryptException wrong = assertThrows(FileZillaCrypt.CryptException.class,
                () -> FileZillaCrypt.unlock(PUBKEY, "zilla master u".toCharArray()));
        assertEquals(FileZillaCrypt.Failure.WRONG_MASTER_PASSWORD, wrong.failure);
        assertEquals(FileZillaCrypt.Failure.WRONG_MASTER_PASSWORD, assertThrows(FileZillaCrypt.CryptException.class,
                () -> FileZillaCrypt.unlock(PUBKEY, new char[0])).failure);
        assertEquals(FileZillaCrypt.Failure.DAMAGED, assertThrows(FileZillaCrypt.CryptException.class,
                () -> FileZillaCrypt.unlock("abcdef0123456789", MASTER.toCharArray())).failure);

        FileZillaCrypt crypt = FileZillaCrypt.unlock(PUBKEY, MASTER.toCharArray());
        byte[] tampered = Base64.getDecoder().decode(GCM);
        tampered[70] ^= 1;
        String result;
        try {
            result = crypt.decrypt(Base64.getEncoder().encodeToString(tampered));
        } catch (FileZillaCrypt.CryptException e) {
            result = null;
        }
        assertNotEquals("s3cret-pa55", result, "a tampered ciphertext never yields the password");
        assertEquals(FileZillaCrypt.Failure.DAMAGED, assertThrows(FileZillaCrypt.CryptException.class,
                () -> crypt.decrypt("AAAA")).failure);
    }
}
