package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known-answer test: every kernel's output on fixed seeded inputs has a committed SHA-256 of its raw bits
 * (src/test/resources/expected-bits.txt). Comparing fast paths with references in one JVM cannot catch a
 * change that moves both (a JDK's fma or sqrt, the RNG); comparing with committed bits does. CI runs this
 * on JDK 17, JDK 25 and with -XX:UseAVX=2, and at several thread counts here, against the same file.
 * To regenerate after an intended change: run with -Dzeroloss.printExpectedBits=true and paste the output.
 */
class ExpectedBitsTest {

    private static Mat random(Rng r, int rows, int cols) {
        Mat m = new Mat(rows, cols);
        r.fillGaussian(m, 0.0, 1.0);
        return m;
    }

    private static Mat spd(Rng r, int n) {
        Mat g = random(r, n, n + 3);
        Mat k = new Mat(n, n);
        GemmReference.syrk(g, k);
        for (int i = 0; i < n; i++) {
            k.data[i * n + i] += n;
        }
        return k;
    }

    static Map<String, String> compute(int threads) {
        Map<String, String> out = new LinkedHashMap<>();
        try (WorkerPool pool = new WorkerPool(threads)) {
            Rng r = Rng.stream(20261126L, "expected-bits");
            Gemm gemm = new Gemm(pool);
            Mat a = random(r, 131, 97);
            Mat b = random(r, 97, 203);
            Mat bt = b.transpose();
            Mat at = a.transpose();
            for (int variant = 0; variant < 4; variant++) {
                boolean ta = (variant & 1) != 0;
                boolean tb = (variant & 2) != 0;
                Mat c = random(r, 131, 203);
                gemm.gemm(ta, tb, ta ? at : a, tb ? bt : b, c);
                out.put("gemm_" + (ta ? "T" : "N") + (tb ? "T" : "N") + "_131x203x97", digest(c.data));
            }
            Mat big = random(r, 1031, 67);
            Mat bigB = random(r, 67, 45);
            out.put("gemm_NN_1031x45x67", digest(gemm.multiply(false, false, big, bigB).data));
            Mat h = random(r, 149, 211);
            Mat k = new Mat(149, 149);
            gemm.syrk(h, k);
            out.put("syrk_149x211", digest(k.data));

            Cholesky chol = new Cholesky(pool);
            Triangular tri = new Triangular(pool);
            SpdSolver spd = new SpdSolver(pool);
            Mat kk = spd(r, 157);
            Mat l = chol.factor(kk);
            out.put("cholesky_157", digest(l.data));
            Mat rhs = random(r, 157, 37);
            out.put("solveLower_157x37", digest(tri.solveLower(l, rhs).data));
            out.put("solveLowerT_157x37", digest(tri.solveLowerTransposed(l, rhs).data));
            out.put("spdSolve_157x37", digest(spd.solve(kk, rhs).data));
            out.put("spdInverse_157", digest(spd.inverse(kk).data));

            Mat x = random(r, 53, 71);
            Mat y = random(r, 53, 71);
            Mat o = new Mat(53, 71);
            Elementwise.hadamard(x, y, o);
            out.put("hadamard", digest(o.data));
            Elementwise.relu(x, o);
            out.put("relu", digest(o.data));
            Elementwise.reluBackward(y, x, o);
            out.put("reluBackward", digest(o.data));
            Mat yy = y.copy();
            Elementwise.axpy(0.37, x, yy);
            out.put("axpy", digest(yy.data));
            out.put("reductions", digest(new double[] {Reductions.sum(x), Reductions.dot(x, y),
                    Reductions.sumOfSquares(x), Reductions.frobeniusNorm(x), Reductions.maxAbs(x)}));
            int[] am = new int[53];
            Reductions.argmaxRows(x, am);
            double[] amd = new double[53];
            for (int i = 0; i < 53; i++) {
                amd[i] = am[i];
            }
            out.put("argmaxRows", digest(amd));

            int p = 37;
            int n = 300;
            int[] ia = new int[n];
            int[] ib = new int[n];
            for (int i = 0; i < n; i++) {
                ia[i] = r.nextInt(p);
                ib[i] = r.nextInt(p);
            }
            SparseRows sx = SparseRows.ofOneHotSums(p, ia, ib);
            Mat w = random(r, p, 129);
            Mat z = new Mat(n, 129);
            SparseRows.gatherAdd(sx, w, z);
            out.put("gatherAdd", digest(z.data));
            Mat back = new Mat(p, 129);
            SparseRows.scatterAdd(sx, z, back);
            out.put("scatterAdd", digest(back.data));

            double[] g = new double[1000];
            Rng gr = Rng.stream(7, "gaussians");
            for (int i = 0; i < g.length; i++) {
                g[i] = gr.nextGaussian();
            }
            out.put("rng_gaussian_1000", digest(g));
        }
        return out;
    }

    static String digest(double[] d) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (double v : d) {
                long bits = Double.doubleToRawLongBits(v);
                for (int s = 56; s >= 0; s -= 8) {
                    md.update((byte) (bits >>> s));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> expected() throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (InputStream in = ExpectedBitsTest.class.getResourceAsStream("/expected-bits.txt")) {
            assertTrue(in != null, "expected-bits.txt is missing from the test resources");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] kv = line.trim().split("\\s+");
                m.put(kv[0], kv[1]);
            }
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void everyKernelProducesTheCommittedBits(int threads) throws IOException {
        Map<String, String> got = compute(threads);
        if (Boolean.getBoolean("zeroloss.printExpectedBits") && threads == 1) {
            got.forEach((k, v) -> System.out.println(k + " " + v));
        }
        Map<String, String> want = expected();
        assertEquals(want.keySet(), new TreeMap<>(got).keySet(), "kernel list");
        for (Map.Entry<String, String> e : want.entrySet()) {
            assertEquals(e.getValue(), got.get(e.getKey()), e.getKey() + " at " + threads + " threads ("
                    + System.getProperty("java.version") + ")");
        }
    }
}
