package dev.zeroloss.harness.core;

/** Bad input from the user (a value, a file, a name): one clear message, exit code 2, nothing written. */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
