package dev.zeroloss.engine;

/** A NaN or an infinity in an operand; the message names the operation, the operand and the element. */
public class NonFiniteInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NonFiniteInputException(String message) {
        super(message);
    }
}
