package dev.ferry.ftp;

import dev.ferry.testing.English;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that takes logins only over TLS says so in its own words, in a 530, 550 or even a 421.
 * Ferry said "the server rejected the user name or password" (no password had been sent), and a
 * 421 of that kind was taken for a full server and retried.
 */
class LoginRefusalTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "530|Non-anonymous sessions must use encryption.",
            "550|SSL/TLS required on the control channel",
            "421|Sorry, cleartext sessions and weak ciphers are not accepted on this server.",
            "530|This server does not allow plain FTP. You have to use FTP over TLS.",
            "534|Policy requires SSL.",
    })
    void aServerThatWantsTlsIsSaidToWantTls(int code, String text) {
        FtpLoginException refused = new FtpLoginException(FtpReply.of(code, text));
        assertEquals(FtpText.LOGIN_NEEDS_TLS, refused.reason());
        assertFalse(refused.isTransient(), "asking again without TLS cannot help");
        assertFalse(refused.isConnectionLimit());
        assertFalse(refused.mayBeWrongCredentials(), "the password is not asked for again");
        assertTrue(English.of(refused).contains("ftpes://"), English.of(refused));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "530|Login incorrect.|LOGIN_REJECTED",
            "530|Sorry, the maximum number of clients (5) for this user are already connected.|LOGIN_LIMIT",
            "421|Too many connections (8) from this IP|LOGIN_LIMIT",
    })
    void otherRefusalsKeepTheirMeaning(int code, String text, FtpText expected) {
        assertEquals(expected, new FtpLoginException(FtpReply.of(code, text)).reason());
    }

    /**
     * R15: a reply to PASS that says "later" (4xx) or "not understood" (500/501/503) was taken for a wrong
     * password: the password typed was forgotten, and the tab logged in no more. Only a 530 says the
     * user name or password may be wrong.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "530|Login incorrect.|true",
            "451|Requested action aborted: local error in processing.|false",
            "450|Try later.|false",
            "500|OOPS: cannot change directory:/home/ferry|false",
            "503|Login with USER first.|false",
    })
    void onlyA530MayMeanAWrongPassword(int code, String text, boolean wrong) {
        assertEquals(wrong, new FtpLoginException(FtpReply.of(code, text)).mayBeWrongCredentials(), code + " " + text);
    }
}
