package dev.zeroloss.harness.model;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.Rng;

/** Seeded initialisations shared by the simulation and the real training (same seed ⇒ same first layer). */
public final class Init {
    /** Stream purpose of the first-layer / embedding init E ~ N(0, 1/p). */
    public static final String EMBEDDING = "fig6-embedding-init";
    /** Stream purpose of the real net's second-layer init W2 ~ N(0, 1/d_h). */
    public static final String SECOND_LAYER = "training-w2-init";

    private Init() {
    }

    /** E (p×d) with entries N(0, σ²), σ = 1/√p, Rng.fillGaussian (row-major) from Rng.stream(seed, EMBEDDING). */
    public static Mat embedding(long seed, int p, int d) {
        return gaussian(seed, EMBEDDING, p, d, 1.0 / Math.sqrt(p));
    }

    /** W2 (d×p) with entries N(0, 1/d), Rng.fillGaussian (row-major) from Rng.stream(seed, SECOND_LAYER). */
    public static Mat secondLayer(long seed, int d, int p) {
        return gaussian(seed, SECOND_LAYER, d, p, 1.0 / Math.sqrt(d));
    }

    private static Mat gaussian(long seed, String purpose, int rows, int cols, double std) {
        Mat m = new Mat(rows, cols);
        Rng.stream(seed, purpose).fillGaussian(m, 0.0, std);
        return m;
    }
}
