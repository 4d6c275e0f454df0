package dev.ferry.site;

import dev.ferry.message.Message;
import dev.ferry.message.Messages;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.ResourceBundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every SiteText key has words in English and in Chinese, and the import summary reads as the issue asks. */
class SiteTextTest {

    @Test
    void everyKeyHasWordsInBothLanguages() {
        for (Locale locale : new Locale[]{Locale.ROOT, Locale.SIMPLIFIED_CHINESE}) {
            ResourceBundle bundle = ResourceBundle.getBundle("dev.ferry.message.messages", locale);
            for (SiteText key : SiteText.values()) {
                assertTrue(bundle.containsKey(key.bundleKey()), key.bundleKey() + " in " + locale);
                // Numbers fit every placeholder: plain ones, and the counts that choose singular or plural.
                String words = Messages.render(Message.of(key, 1, 2, 3, 4), locale);
                assertTrue(!words.contains(key.bundleKey()), key.bundleKey() + " renders in " + locale + ": " + words);
            }
        }
    }

    @Test
    void theImportSummaryCounts() {
        SiteStore.ImportReport report = new SiteStore.ImportReport(12, 11, PasswordStore.KEYRING, java.util.List.of(), 0, 0);
        assertEquals("12 sites imported, 11 passwords kept in the system keyring, 1 without a password",
                Messages.render(report.summary(), Locale.ROOT));
        assertEquals("已导入 12 个站点，11 个密码保存在系统密钥环，1 个没有密码",
                Messages.render(report.summary(), Locale.SIMPLIFIED_CHINESE));
        assertEquals("1 site imported, no passwords kept in the master-password vault, 1 without a password",
                Messages.render(new SiteStore.ImportReport(1, 0, PasswordStore.VAULT, java.util.List.of(), 0, 0).summary(),
                        Locale.ROOT));
    }
}
