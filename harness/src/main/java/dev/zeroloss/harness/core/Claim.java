package dev.zeroloss.harness.core;

/**
 * One of the paper's claims turned into a check: what is claimed, what was measured, the tolerance that
 * decides pass or fail. A failing claim is reported as failing, never tuned away.
 */
public record Claim(String figure, String claim, String measured, String tolerance, boolean pass) {
    public String status() {
        return pass ? "pass" : "FAIL";
    }
}
