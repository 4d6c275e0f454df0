package dev.ferry.ui.dialogs;

import dev.ferry.ftp.FtpCancelledException;
import dev.ferry.ftp.FtpConnectionException;
import dev.ferry.ftp.FtpText;
import dev.ferry.message.Message;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cancel the user asked for (■ during Open / Edit) showed an error dialog saying "Cancelled". */
class DialogsTest {

    @Test
    void aCancelIsNoErrorToShowHoweverWrapped() {
        assertTrue(Dialogs.isCancel(new FtpCancelledException()));
        assertTrue(Dialogs.isCancel(new CompletionException(new FtpCancelledException())));
        FtpConnectionException lost = new FtpConnectionException(Message.of(FtpText.NOT_CONNECTED, "h:21"), null);
        assertFalse(Dialogs.isCancel(lost));
        assertFalse(Dialogs.isCancel(new CompletionException(lost)));
        assertFalse(Dialogs.isCancel(new IllegalStateException("x", new FtpCancelledException())),
                "a failure that happened because of a cancel is still a failure");
    }

    /** Reject in the certificate question was followed by an error dialog saying it was rejected. */
    @Test
    void aCertificateTheUserJustRejectedIsNoErrorToShow() {
        dev.ferry.tls.CertificateRejectedException byUser = new dev.ferry.tls.CertificateRejectedException(null,
                Message.of(dev.ferry.tls.TlsText.REJECTED_BY_USER, "it is self-signed"));
        assertTrue(Dialogs.isCancel(new dev.ferry.ftp.FtpTlsException(byUser.explanation(), null, byUser)));
        dev.ferry.tls.CertificateRejectedException mismatch = new dev.ferry.tls.CertificateRejectedException(null,
                Message.of(dev.ferry.tls.TlsText.DATA_CERTIFICATE_DIFFERENT, "AB:CD"));
        assertFalse(Dialogs.isCancel(new dev.ferry.ftp.FtpTlsException(mismatch.explanation(), null, mismatch)),
                "a certificate refused for the user is said");
    }
}
