package dev.ferry.ftp;

/** Who opens the data connection: we (passive, works behind NAT) or the server (active). */
public enum DataConnectionMode {
    PASSIVE,
    ACTIVE
}
