package dev.ferry.ftp;

/** TYPE I (bytes as they are, the default) or TYPE A (line endings converted by the server). */
public enum TransferType {
    BINARY("I"),
    ASCII("A");

    private final String code;

    TransferType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
