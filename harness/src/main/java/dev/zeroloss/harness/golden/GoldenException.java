package dev.zeroloss.harness.golden;

/** A golden file that is missing, truncated, corrupt or from another config; the message names the file. */
public class GoldenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GoldenException(String message) {
        super(message);
    }
}
