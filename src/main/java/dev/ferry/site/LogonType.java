package dev.ferry.site;

/** How a site logs in (FileZilla's set, so that imported sites keep their meaning). */
public enum LogonType {
    /** User "anonymous", an e-mail-like password. */
    ANONYMOUS,
    /** User and saved password. */
    NORMAL,
    /** User saved; the password is asked at each connect and never saved. */
    ASK_FOR_PASSWORD,
    /** Like ASK_FOR_PASSWORD, for servers that ask more than once (one-time passwords). */
    INTERACTIVE,
    /** User, password and an account (ACCT). */
    ACCOUNT;

    /** Whether a site logging in so keeps a password (anonymous's is made up; the others ask each time). */
    public boolean savesPassword() {
        return this == NORMAL || this == ACCOUNT;
    }
}
