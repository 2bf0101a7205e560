package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packed SIMD {@link GemmKernel#update} against its scalar definition {@link GemmKernel#updateReference}. */
class GemmKernelTest {
    private static final int[] THREADS = {1, 2, 3, 7};
    private static WorkerPool[] pools;
    private static GemmKernel[] kernels;

    @BeforeAll
    static void createPools() {
        pools = new WorkerPool[THREADS.length];
        kernels = new GemmKernel[THREADS.length];
        for (int t = 0; t < THREADS.length; t++) {
            pools[t] = new WorkerPool(THREADS[t]);
            kernels[t] = new GemmKernel(pools[t]);
        }
    }

    @AfterAll
    static void closePools() {
        for (WorkerPool p : pools) {
            p.close();
        }
    }

    /** One strided operand: element (r, s) at off + r*rs + s*cs in data. */
    private static final class Strided {
        double[] data;
        int off;
        int rs;
        int cs;
    }

    /**
     * A rows×cols operand stored with padding, in row- or column-major order, each stride possibly reversed
     * (negative), or with a zero stride (a broadcast operand).
     */
    private static Strided strided(SplittableRandom rnd, int rows, int cols, int layout) {
        Strided s = new Strided();
        int pad = rnd.nextInt(0, 4);
        int base = rnd.nextInt(0, 5);
        boolean colMajor = (layout & 1) != 0;
        boolean negRows = (layout & 2) != 0;
        boolean negCols = (layout & 4) != 0;
        int rs = colMajor ? 1 : cols + pad;
        int cs = colMajor ? rows + pad : 1;
        if ((layout & 8) != 0) {
            cs = 0; // every column the same
        }
        int span = (rows - 1) * rs + (cols - 1) * cs + 1;
        s.rs = negRows ? -rs : rs;
        s.cs = negCols ? -cs : cs;
        s.off = base + (negRows ? (rows - 1) * rs : 0) + (negCols ? (cols - 1) * cs : 0);
        s.data = GemmTestData.array(rnd, base + span + rnd.nextInt(0, 4));
        return s;
    }

    private static void check(SplittableRandom rnd, int m, int n, int k, boolean negate, boolean lowerOnly,
                              int layoutA, int layoutB, boolean negLdc, GemmKernel... fast) {
        Strided a = strided(rnd, m, k, layoutA);
        Strided b = strided(rnd, k, n, layoutB);
        int ldcAbs = n + rnd.nextInt(0, 3);
        int ldc = negLdc ? -ldcAbs : ldcAbs;
        int cBase = rnd.nextInt(0, 4);
        int cOff = cBase + (negLdc ? (m - 1) * ldcAbs : 0);
        double[] c0 = GemmTestData.array(rnd, cBase + (m - 1) * ldcAbs + n + 3);
        if (lowerOnly) {
            // Elements above the diagonal must neither be read into the result nor written.
            for (int i = 0; i < m; i++) {
                for (int j = i + 1; j < n; j++) {
                    c0[cOff + i * ldc + j] = Double.NaN;
                }
            }
        }
        double[] expected = c0.clone();
        GemmKernel.updateReference(m, n, k, negate, lowerOnly, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs,
                expected, cOff, ldc);
        for (GemmKernel kernel : fast) {
            double[] got = c0.clone();
            kernel.update(m, n, k, negate, lowerOnly, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs,
                    got, cOff, ldc);
            int d = GemmTestData.firstDifference(expected, got);
            assertEquals(-1, d, () -> "m=" + m + " n=" + n + " k=" + k + " negate=" + negate + " lower=" + lowerOnly
                    + " layouts " + layoutA + "/" + layoutB + " negLdc=" + negLdc + " threads="
                    + kernel.pool().threads() + ": first difference at " + d);
        }
    }

    @Test
    void stridesSignsAndNegateMatchReferenceBits() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED);
        int[][] shapes = {{1, 1, 1}, {3, 5, 2}, {8, 12, 7}, {9, 13, 40}, {17, 11, 263}, {31, 29, 19}, {97, 61, 37},
                {40, 101, 300}};
        for (int[] s : shapes) {
            for (int layoutA = 0; layoutA < 16; layoutA++) {
                int layoutB = (layoutA * 7 + 3) & 15;
                boolean negate = (layoutA & 1) == 0;
                check(rnd, s[0], s[1], s[2], negate, false, layoutA, layoutB, (layoutA & 4) != 0, kernels[0]);
            }
            check(rnd, s[0], s[1], s[2], true, false, 6, 5, true, kernels);
        }
    }

    @Test
    void lowerOnlyTouchesOnlyTheLowerTriangle() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 1);
        int[][] shapes = {{1, 1, 3}, {7, 7, 5}, {13, 13, 13}, {50, 50, 20}, {97, 97, 64}, {100, 61, 33},
                {45, 130, 29}, {193, 193, 17}, {211, 211, 270}};
        for (int[] s : shapes) {
            check(rnd, s[0], s[1], s[2], false, true, 0, 1, false, kernels);
            check(rnd, s[0], s[1], s[2], true, true, 5, 2, true, kernels);
        }
    }

    @Test
    void choleskyStyleTrailingUpdate() {
        // K(j+nb.., j+nb..) -= L21·L21ᵀ inside one row-major matrix: A and B are the same panel, C its trailing block.
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 2);
        int size = 300;
        int nb = 48;
        int j0 = 48;
        double[] k0 = GemmTestData.array(rnd, size * size);
        int t = j0 + nb;
        int m = size - t;
        double[] expected = k0.clone();
        GemmKernel.updateReference(m, m, nb, true, true, expected, t * size + j0, size, 1, expected, t * size + j0, 1,
                size, expected, t * size + t, size);
        for (GemmKernel kernel : kernels) {
            double[] got = k0.clone();
            kernel.update(m, m, nb, true, true, got, t * size + j0, size, 1, got, t * size + j0, 1, size, got,
                    t * size + t, size);
            assertEquals(-1, GemmTestData.firstDifference(expected, got), "threads " + kernel.pool().threads());
        }
    }

    /**
     * SYRK shapes (A and B the same storage, B = Aᵀ, not negated): the shared-panel path, where B is read from the
     * packed A panels. Sizes around every block edge (MR = 8, NR = 12/24, MC = NC_LOWER = 96, KC = 256), row-major H
     * with padding and an offset, ldc wider than n, the strict upper triangle NaN (neither read nor written).
     */
    @Test
    void symmetricUpdateReadsBFromThePackedAPanels() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 4);
        int[][] shapes = {{9, 40}, {23, 17}, {25, 64}, {47, 300}, {95, 33}, {97, 256}, {121, 257}, {193, 96},
                {200, 513}};
        for (int[] s : shapes) {
            int n = s[0];
            int d = s[1];
            int ldh = d + rnd.nextInt(0, 3);
            int hOff = rnd.nextInt(0, 5);
            double[] h = GemmTestData.array(rnd, hOff + (n - 1) * ldh + d + 2);
            int ldc = n + rnd.nextInt(0, 3);
            int cOff = rnd.nextInt(0, 4);
            double[] c0 = GemmTestData.array(rnd, cOff + (n - 1) * ldc + n + 3);
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    c0[cOff + i * ldc + j] = Double.NaN;
                }
            }
            double[] expected = c0.clone();
            GemmKernel.updateReference(n, n, d, false, true, h, hOff, ldh, 1, h, hOff, 1, ldh, expected, cOff, ldc);
            for (GemmKernel kernel : kernels) {
                double[] got = c0.clone();
                kernel.update(n, n, d, false, true, h, hOff, ldh, 1, h, hOff, 1, ldh, got, cOff, ldc);
                int diff = GemmTestData.firstDifference(expected, got);
                assertEquals(-1, diff, () -> "n=" + n + " d=" + d + " threads=" + kernel.pool().threads()
                        + ": first difference at " + diff);
            }
        }
    }

    /**
     * {@link GemmKernel#syrkLower(int, int, double[], int, int, double[], int, int, boolean)}: K from +0.0 (stale
     * values, NaN included, are overwritten), the upper triangle left alone or mirrored; also across k super-blocks
     * (zeroed only before the first, mirrored only after the last).
     */
    @Test
    void syrkFromZeroMatchesReferenceBits() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 5);
        int[][] shapes = {{1, 3}, {5, 7}, {9, 40}, {33, 5}, {47, 300}, {97, 256}, {121, 257}, {193, 96}, {211, 270}};
        for (int[] s : shapes) {
            int n = s[0];
            int d = s[1];
            int ldh = d + rnd.nextInt(0, 3);
            int hOff = rnd.nextInt(0, 5);
            double[] h = GemmTestData.array(rnd, hOff + (n - 1) * ldh + d + 2);
            int ldk = n + rnd.nextInt(0, 3);
            int kOff = rnd.nextInt(0, 4);
            double[] k0 = GemmTestData.array(rnd, kOff + (n - 1) * ldk + n + 3);
            for (int i = 0; i < n; i++) {
                k0[kOff + i * ldk + (n - 1 - i)] = Double.NaN; // stale values on both sides of the diagonal
            }
            double[] lower = k0.clone();
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(lower, kOff + i * ldk, kOff + i * ldk + i + 1, 0.0);
            }
            GemmKernel.updateReference(n, n, d, false, true, h, hOff, ldh, 1, h, hOff, 1, ldh, lower, kOff, ldk);
            double[] full = lower.clone();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    full[kOff + j * ldk + i] = full[kOff + i * ldk + j];
                }
            }
            for (boolean mirror : new boolean[] {false, true}) {
                double[] expected = mirror ? full : lower;
                for (GemmKernel kernel : kernels) {
                    double[] got = k0.clone();
                    kernel.syrkLower(n, d, h, hOff, ldh, got, kOff, ldk, mirror);
                    int diff = GemmTestData.firstDifference(expected, got);
                    assertEquals(-1, diff, () -> "n=" + n + " d=" + d + " mirror=" + mirror + " threads="
                            + kernel.pool().threads() + ": first difference at " + diff);
                }
                for (int threads : new int[] {1, 3}) {
                    try (WorkerPool pool = new WorkerPool(threads)) {
                        GemmKernel split = new GemmKernel(pool, 12_000);
                        double[] got = k0.clone();
                        split.syrkLower(n, d, h, hOff, ldh, got, kOff, ldk, mirror);
                        int diff = GemmTestData.firstDifference(expected, got);
                        assertEquals(-1, diff, () -> "super-blocks n=" + n + " d=" + d + " mirror=" + mirror
                                + " threads=" + threads + ": first difference at " + diff);
                    }
                }
            }
        }
    }

    @Test
    void kSuperBlocksMatchReferenceBits() {
        // A tiny packing cap splits k into several packed super-blocks.
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 3);
        for (int threads : new int[] {1, 3}) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                GemmKernel kernel = new GemmKernel(pool, 20_000);
                check(rnd, 50, 47, 700, false, false, 0, 0, false, kernel);
                check(rnd, 61, 61, 600, true, true, 1, 3, true, kernel);
            }
        }
    }

    /**
     * The width is fixed per JVM (a constant); run the suite with -Dzeroloss.gemm.width=256 and =512 (and with
     * -XX:UseAVX=2) to test both micro-kernels against the same reference bits.
     */
    @Test
    void widthIsChosenOnceAndCanBeForced() {
        assertFalse(GemmKernel.chooseWide("256"));
        assertTrue(GemmKernel.chooseWide("512"));
        assertEquals(jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512,
                GemmKernel.chooseWide(null));
        assertEquals(GemmKernel.WIDE, Cholesky.WIDE); // the panel kernels follow the GEMM's width
        assertThrows(IllegalArgumentException.class, () -> GemmKernel.chooseWide("128"));
        assertTrue(GemmKernel.chooseThin("true"));
        assertFalse(GemmKernel.chooseThin("false"));
        assertTrue(GemmKernel.chooseThin(null));
        assertThrows(IllegalArgumentException.class, () -> GemmKernel.chooseThin("yes"));
        String forced = System.getProperty("zeroloss.gemm.width");
        if (forced != null && !forced.isEmpty()) {
            assertEquals(forced.equals("512"), GemmKernel.WIDE);
        }
        assertEquals(GemmKernel.WIDE ? 24 : 12, GemmKernel.NR);
        assertEquals(0, GemmKernel.NC % GemmKernel.NR);
        assertEquals(0, GemmKernel.NC_LOWER % GemmKernel.NR);
    }

    @Test
    void degenerateSizesLeaveCUnchanged() {
        double[] c = {1.5, -0.0, 2.0};
        double[] before = c.clone();
        double[] a = {3.0};
        kernels[1].update(1, 3, 0, false, false, a, 0, 1, 1, a, 0, 1, 0, c, 0, 3);
        kernels[1].update(0, 3, 1, false, false, a, 0, 1, 1, a, 0, 1, 0, c, 0, 3);
        kernels[1].update(1, 0, 1, false, false, a, 0, 1, 1, a, 0, 1, 0, c, 0, 3);
        assertEquals(-1, GemmTestData.firstDifference(before, c));
    }

    @Test
    void repeatedCallsAfterWarmUpKeepTheBits() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 4);
        int m = 70;
        int n = 83;
        int k = 64;
        double[] a = GemmTestData.array(rnd, m * k);
        double[] b = GemmTestData.array(rnd, k * n);
        double[] c0 = GemmTestData.array(rnd, m * n);
        double[] expected = c0.clone();
        double[] expectedLower = c0.clone();
        GemmKernel.updateReference(m, n, k, true, false, a, 0, k, 1, b, 0, n, 1, expected, 0, n);
        GemmKernel.updateReference(m, n, k, false, true, a, 0, k, 1, b, 0, n, 1, expectedLower, 0, n);
        double[] got = new double[m * n];
        for (int rep = 0; rep < 300; rep++) {
            GemmKernel kernel = kernels[rep % 2 == 0 ? 0 : 1 + rep % 3];
            System.arraycopy(c0, 0, got, 0, got.length);
            kernel.update(m, n, k, true, false, a, 0, k, 1, b, 0, n, 1, got, 0, n);
            assertEquals(-1, GemmTestData.firstDifference(expected, got), "repetition " + rep);
            System.arraycopy(c0, 0, got, 0, got.length);
            kernel.update(m, n, k, false, true, a, 0, k, 1, b, 0, n, 1, got, 0, n);
            assertEquals(-1, GemmTestData.firstDifference(expectedLower, got), "lower, repetition " + rep);
        }
    }
}
