package dev.zeroloss.harness.model;

/** The isolated dynamics cannot continue: K = H·Hᵀ lost positive definiteness at a given step. */
public final class DynamicsBreakdownException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int step;
    private final int column;

    public DynamicsBreakdownException(String message, int step, int column, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.column = column;
    }

    public int step() {
        return step;
    }

    public int column() {
        return column;
    }
}
