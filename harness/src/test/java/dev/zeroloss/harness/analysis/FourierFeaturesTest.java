package dev.zeroloss.harness.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.engine.Mat;
import org.junit.jupiter.api.Test;

class FourierFeaturesTest {

    /** E_j = cos(2πjk/p)·u + sin(2πjk/p)·v ⇒ Re F_k = u/2, Im F_k = −v/2, every other frequency 0. */
    @Test
    void circularEmbeddingHasAllMassAtItsFrequency() {
        int p = 13;
        int k = 4;
        int d = 6;
        double[] u = {1.0, 2.0, 0.0, -1.0, 0.5, 0.0};
        double[] v = {0.0, 1.0, 3.0, 1.0, -1.0, 2.0};
        Mat e = new Mat(p, d);
        for (int j = 0; j < p; j++) {
            double a = 2 * Math.PI * j * k / p;
            for (int c = 0; c < d; c++) {
                e.set(j, c, Math.cos(a) * u[c] + Math.sin(a) * v[c]);
            }
        }
        FourierFeatures f = FourierFeatures.of(e);
        assertEquals(6, f.freqs);
        for (int q = 1; q <= f.freqs; q++) {
            double re = f.reNorm[q - 1];
            double im = f.imNorm[q - 1];
            if (q == k) {
                assertEquals(0.5 * Math.sqrt(6.25), re, 1e-12); // ‖u‖ = 2.5
                assertEquals(0.5 * 4.0, im, 1e-12);             // ‖v‖ = 4
                for (int c = 0; c < d; c++) {
                    assertEquals(u[c] / 2, f.vectors[2 * (q - 1)][c], 1e-12);
                    assertEquals(-v[c] / 2, f.vectors[2 * (q - 1) + 1][c], 1e-12);
                }
            } else {
                assertTrue(re < 1e-13 && im < 1e-13, "frequency " + q + ": " + re + ", " + im);
            }
        }
        // projection on span(Re F_k, Im F_k) is the whole embedding: a circle visited in steps of k when u ⟂ v, |u| = |v|
        double[] u2 = {1, 0, 0, 0, 0, 0};
        double[] v2 = {0, 1, 0, 0, 0, 0};
        for (int j = 0; j < p; j++) {
            double a = 2 * Math.PI * j * k / p;
            for (int c = 0; c < d; c++) {
                e.set(j, c, Math.cos(a) * u2[c] + Math.sin(a) * v2[c] + 0.3); // + a mean offset (F_0)
            }
        }
        FourierFeatures g = FourierFeatures.of(e);
        assertEquals(0.5, g.reNorm[k - 1], 1e-12);
        assertEquals(0.5, g.imNorm[k - 1], 1e-12);
        FourierFeatures.Circularity circ = FourierFeatures.circularity(g.project(e, k), k);
        assertTrue(circ.radiusCv() < 1e-12, "radius CV " + circ.radiusCv());
        assertEquals(1.0, circ.stepFraction());
    }

    @Test
    void cosineMatrixAndAbsSimilarity() {
        int p = 7;
        int d = 6;
        // Frequencies 1, 2, 3 on disjoint coordinate pairs: orthogonal, abs-similar only within a frequency.
        Mat e = new Mat(p, d);
        for (int j = 0; j < p; j++) {
            for (int q = 1; q <= 3; q++) {
                double a = 2 * Math.PI * j * q / p;
                e.set(j, 2 * (q - 1), Math.cos(a));
                e.set(j, 2 * (q - 1) + 1, Math.sin(a));
            }
        }
        FourierFeatures f = FourierFeatures.of(e);
        assertTrue(FourierFeatures.maxOffDiagonal(f.cosineMatrix()) < 1e-12);
        assertTrue(f.normCv() < 1e-12);
        FourierFeatures.AbsSimilarity s = f.absSimilarity();
        assertEquals(0.0, s.withinMean(), 1e-12); // Re F_k, Im F_k sit on different coordinates here
        assertEquals(0.0, s.acrossMean(), 1e-12);
        // Same units for Re and Im of one frequency: within = 1.
        Mat e2 = new Mat(p, 3);
        for (int j = 0; j < p; j++) {
            for (int q = 1; q <= 3; q++) {
                double a = 2 * Math.PI * j * q / p;
                e2.set(j, q - 1, Math.cos(a) + Math.sin(a));
            }
        }
        FourierFeatures.AbsSimilarity s2 = FourierFeatures.of(e2).absSimilarity();
        assertEquals(1.0, s2.withinMean(), 1e-12);
        assertEquals(0.0, s2.acrossMean(), 1e-12);
    }
}
