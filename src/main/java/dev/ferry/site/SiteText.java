package dev.ferry.site;

import dev.ferry.message.MessageKey;

/**
 * What the saved sites, their passwords and imports tell the user, as keys; the words are in
 * {@code dev/ferry/message/messages*.properties} under {@code site.NAME}. Arguments in order are
 * listed in each constant's comment.
 */
public enum SiteText implements MessageKey {
    // ---- where a password lives (used as arguments)
    STORE_KEYRING,
    STORE_VAULT,
    STORE_FILE,
    STORE_NONE,
    /** keyring name (e.g. "GNOME Keyring") */
    STORE_KEYRING_NAMED,

    // ---- why the system keyring cannot be used now
    KEYRING_NO_SESSION_BUS,
    /** the bus address */
    KEYRING_BUS_UNREACHABLE,
    KEYRING_NO_SECRET_SERVICE,
    KEYRING_NO_DEFAULT_COLLECTION,
    KEYRING_LOCKED_NO_PROMPT,
    KEYRING_UNLOCK_DISMISSED,
    /** seconds */
    KEYRING_UNLOCK_TIMED_OUT,
    /** the service's error text */
    KEYRING_FAILED,
    /** operating system name */
    KEYRING_UNSUPPORTED_SYSTEM,
    /** the keyring's error text */
    KEYRING_NATIVE_FAILED,

    // ---- connecting with a saved site
    /** site, reason (nested) */
    PASSWORD_UNREACHABLE_ASKING,
    /** site, reason (nested) */
    PASSWORD_UNREACHABLE_NOT_TERMINAL,
    PASSWORD_NOT_SAVED_NOT_TERMINAL,
    /** site */
    KEYRING_ENTRY_MISSING,
    /** where (nested STORE_*) */
    LIST_PASSWORD_STORE,
    /** site, reason (nested) */
    PASSWORD_NOT_SAVED,

    // ---- imports
    /** sites imported, passwords kept, where (nested STORE_*), sites without a password */
    IMPORT_SUMMARY,
    /** site */
    IMPORT_NO_HOST,
    /** site, protocol name */
    IMPORT_NOT_FTP,
    /** site, logon type number */
    IMPORT_LOGON_TYPE,
    /** site */
    IMPORT_ACCOUNT_NOT_IMPORTED,
    /** site, charset */
    IMPORT_UNKNOWN_CHARSET,
    /** site, server type number */
    IMPORT_SERVER_TYPE,
    /** site */
    IMPORT_PASSWORD_NOT_BASE64,
    /** site */
    IMPORT_PASSWORD_NEEDS_FILEZILLA_MASTER,
    /** site */
    IMPORT_PASSWORD_WRONG_FILEZILLA_MASTER,
    /** site */
    IMPORT_PASSWORD_FILEZILLA_DAMAGED,
    /** site, encoding name */
    IMPORT_PASSWORD_UNKNOWN_ENCODING,
    /** site, reason (nested) */
    IMPORT_PASSWORD_NOT_KEPT,
    /** site path */
    SITE_DELETED_ELSEWHERE,
    /** file, what is wrong with it */
    SITES_UNREADABLE,
    /** site */
    IMPORT_PASSWORD_POLICY_DONT_SAVE,
    /** site */
    IMPORT_PASSWORD_OTHER_VAULT,
    /** number of sites whose passwords FileZilla encrypted */
    IMPORT_FILEZILLA_MASTER_NEEDED,
    /** number of imported sites that were already in the site manager */
    IMPORT_ALREADY_HERE,
    /** number of passwords given to sites already in the site manager */
    IMPORT_PASSWORDS_ADDED_HERE,
    /** sites already here, passwords given to them, the store they went to */
    IMPORT_NOTHING_NEW,

    // ---- the vault
    VAULT_LOCKED,
    VAULT_WRONG_PASSWORD,
    VAULT_DAMAGED,
    VAULT_NONE;

    @Override
    public String bundleKey() {
        return "site." + name();
    }
}
