package dev.zeroloss.harness.cli;

/** Placeholder entry point replaced by the picocli CLI. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("zeroloss");
    }
}
