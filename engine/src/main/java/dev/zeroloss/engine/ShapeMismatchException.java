package dev.zeroloss.engine;

/** Operand shapes that do not fit the operation; the message names the operation and the shapes. */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeMismatchException(String message) {
        super(message);
    }
}
