package dev.ferry.ui.connection;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.FtpTlsException;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.Background;
import dev.ferry.ui.I18n;
import dev.ferry.ui.dialogs.Dialogs;
import dev.ferry.ui.dialogs.PlainFallbackDialog;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * What a tab shows when connecting failed. A "TLS if available" server without TLS, or whose TLS is
 * broken, gets the question before plain FTP (the engine never falls back by itself);
 * every other failure gets the error in words with a "Diagnose…" button beside OK.
 */
final class ConnectFailure {

    private ConnectFailure() {
    }

    /**
     * Call on the FX thread. {@code connectAgain} connects again with the settings given, after the
     * user said yes: without TLS, or, for a quick connection allowed plain FTP for good, with TLS if
     * available and that consent.
     * {@code siteName}: the saved site's name, for the question to say which site it is about; null for
     * a quick connection. {@code plainThisOnce} runs before a connection without TLS that the user said
     * yes to for this once only (not kept in the site nor for the server), so that the tab knows it as such.
     * Returns whether the user chose to go on without TLS (connecting again now, or once the site is saved).
     */
    static boolean show(AppContext app, Window owner, ConnectionSettings settings, String siteId, String siteName,
                     Throwable failure, Consumer<ConnectionSettings> connectAgain, Runnable plainThisOnce) {
        String server = PlainFallbackDialog.server(siteName, settings.address());
        FtpException ftp = ftpCause(failure);
        if (ftp instanceof FtpTlsException tls && tls.reason() == FtpText.TLS_NOT_OFFERED_IF_AVAILABLE) {
            PlainFallbackDialog.Answer answer = PlainFallbackDialog.askWithoutTls(owner, server, tls.authReply(),
                    siteId != null ? I18n.t("dialog.plain.remember")
                            : I18n.t("dialog.plain.rememberServer", settings.user() + "@" + settings.address()),
                    dev.ferry.ui.QuickConnectBar.anonymous(settings));
            if (answer == PlainFallbackDialog.Answer.CONNECT_PLAIN_ALWAYS && siteId == null) {
                // Consent, not plain FTP: the tab's Reconnect, its queue items and its restored self
                // still take TLS once the server offers it.
                app.allowPlainFtp(settings);
                connectAgain.accept(app.withPlainFtpConsent(settings, null));
            } else if (answer == PlainFallbackDialog.Answer.CONNECT_PLAIN_ALWAYS) {
                // Connected only once saved: the login's own save (a remembered password) reads the site
                // after this one, and so keeps plain FTP in it.
                savePlainFtp(app, owner, siteId, () -> connectAgain.accept(plain(settings)));
            } else if (answer == PlainFallbackDialog.Answer.CONNECT_PLAIN) {
                plainThisOnce.run();
                connectAgain.accept(plain(settings));
            }
            return answer == PlainFallbackDialog.Answer.CONNECT_PLAIN_ALWAYS || answer == PlainFallbackDialog.Answer.CONNECT_PLAIN;
        }
        if (ftp != null && settings.tlsMode() == TlsMode.EXPLICIT_IF_AVAILABLE && brokenTls(ftp.reason())) {
            // The dialog says what the choice means; the engine's advice (a command-line option) is not for here.
            Message whatHappened = Message.of(ftp.reason() == FtpText.TLS_BROKEN_IF_AVAILABLE ? FtpText.TLS_FAILED
                    : FtpText.TLS_AUTH_STALLED, ftp.explanation().arguments().toArray());
            if (PlainFallbackDialog.ask(owner, server, whatHappened)) {
                plainThisOnce.run();
                connectAgain.accept(plain(settings));
                return true;
            }
            return false;
        }
        Alert alert = Dialogs.errorAlert(owner, failure, settings.user() + "@" + settings.address());
        ButtonType diagnose = new ButtonType(I18n.t("action.diagnose"), ButtonBar.ButtonData.LEFT);
        alert.getButtonTypes().add(diagnose);
        ((Button) alert.getDialogPane().lookupButton(diagnose)).setId("error-diagnose");
        alert.resultProperty().addListener((o, was, chosen) -> {
            if (chosen == diagnose) {
                ServerMenu.diagnose(app, owner, settings, siteId);
            }
        });
        alert.show();
        return false;
    }

    /** The site's protocol becomes plain FTP, in the store (off the FX thread); a failure to save is said. */
    private static void savePlainFtp(AppContext app, Window owner, String siteId, Runnable thenConnect) {
        Background.disk(() -> {
            SiteStore sites = app.sites();
            SiteProfile site = sites.find(siteId).orElseThrow(() -> new IOException(I18n.t("dialog.plain.siteGone")));
            return sites.save(site.toBuilder().protocol(TlsMode.NONE).build());
        }, saved -> thenConnect.run(), failure -> {
            Dialogs.error(owner, failure);
            thenConnect.run();
        });
    }

    /**
     * The status line's words for a failed connection. Where the question about plain FTP was asked,
     * the engine's advice (a protocol to choose, a command-line option) is not for the window (U4):
     * Reconnect asks again.
     */
    static String statusWords(ConnectionSettings settings, Throwable failure) {
        return asksAboutPlainFtp(settings, failure) ? I18n.t("status.plainNotChosen", settings.address())
                : Dialogs.describe(failure);
    }

    /** Whether {@link #show} asks the user whether to go on without TLS for this failure. */
    static boolean asksAboutPlainFtp(ConnectionSettings settings, Throwable failure) {
        FtpException ftp = ftpCause(failure);
        return ftp != null && (ftp.reason() == FtpText.TLS_NOT_OFFERED_IF_AVAILABLE
                || settings.tlsMode() == TlsMode.EXPLICIT_IF_AVAILABLE && brokenTls(ftp.reason()));
    }

    /** The same connection without TLS: what "Connect WITHOUT encryption" connects with. */
    static ConnectionSettings plain(ConnectionSettings settings) {
        return settings.toBuilder().tlsMode(TlsMode.NONE).build();
    }

    static boolean brokenTls(FtpText reason) {
        return reason == FtpText.TLS_BROKEN_IF_AVAILABLE || reason == FtpText.TLS_AUTH_STALLED_IF_AVAILABLE;
    }

    private static FtpException ftpCause(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof FtpException e ? e : null;
    }
}
