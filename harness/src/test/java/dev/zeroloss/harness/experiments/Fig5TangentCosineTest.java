package dev.zeroloss.harness.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.Rng;
import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.analysis.TangentProjection;
import dev.zeroloss.harness.core.Runner;
import dev.zeroloss.harness.core.UsageException;
import dev.zeroloss.harness.model.Linalg;
import dev.zeroloss.harness.model.SmallGemm;
import dev.zeroloss.harness.model.SmallReluNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fig5TangentCosineTest {
    private static final SmallReluNet NET = new SmallReluNet(11, 128, 11);
    private static final Fig5Data.Split SPLIT = Fig5Data.split(11, 7, 0);
    private static final Linalg LA = new Linalg(WorkerPool.serial());

    /** θ after a few hundred GD steps (past memorisation's start), deterministic. */
    private static double[] trainedTheta(int steps) {
        double[] th = Fig5Data.initTheta(NET, 0);
        double[] g = new double[th.length];
        SmallReluNet.Workspace ws = NET.workspace(SPLIT.train().size());
        for (int t = 0; t < steps; t++) {
            NET.lossAndGradient(th, SPLIT.train(), ws, g);
            for (int i = 0; i < th.length; i++) {
                th[i] = Math.fma(-1.0, Math.fma(1e-4, th[i], g[i]), th[i]);
            }
        }
        return th;
    }

    private static double loss(double[] th) {
        SmallReluNet.Workspace ws = NET.workspace(SPLIT.train().size());
        NET.forward(th, SPLIT.train(), ws);
        return ws.loss;
    }

    private static double[] outputs(double[] th) {
        SmallReluNet.Batch b = SPLIT.train();
        SmallReluNet.Workspace ws = NET.workspace(b.size());
        NET.forward(th, b, ws);
        double[] u = new double[b.size() * NET.dOut];
        for (int i = 0; i < b.size(); i++) {
            for (int o = 0; o < NET.dOut; o++) {
                u[i * NET.dOut + o] = ws.output(i, o);
            }
        }
        return u;
    }

    @Test
    void dataSetHas66UnorderedPairsSplit59To7() {
        assertEquals(66, Fig5Data.pairCount(11));
        assertEquals(59, SPLIT.train().size());
        assertEquals(7, SPLIT.test().size());
        SmallReluNet.Batch all = Fig5Data.allPairs(11);
        for (int i = 0; i < all.size(); i++) {
            assertTrue(all.a[i] <= all.b[i]);
            assertEquals((all.a[i] + all.b[i]) % 11, all.label[i]);
        }
        Fig5Data.Split again = Fig5Data.split(11, 7, 0);
        assertArrayEquals(SPLIT.test().a, again.test().a);
        assertArrayEquals(SPLIT.test().b, again.test().b);
    }

    /** Dense reference: X as a dense matrix, every product a full fma chain from +0.0 (no skipping). */
    @Test
    void gradientEqualsDenseScalarReferenceBitForBit() {
        double[] th = trainedTheta(50);
        SmallReluNet.Batch b = SPLIT.train();
        int n = b.size();
        int p = 11;
        int dh = 128;
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            x[i * p + b.a[i]] += 1.0;
            x[i * p + b.b[i]] += 1.0;
        }
        int w2 = NET.w2Offset();
        double[] z = new double[n * dh];
        double[] hm = new double[n * dh];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dh; k++) {
                double s = 0.0;
                for (int a = 0; a < p; a++) {
                    s = Math.fma(x[i * p + a], th[a * dh + k], s);
                }
                z[i * dh + k] = s;
                hm[i * dh + k] = s > 0.0 ? s : 0.0;
            }
        }
        double[] g = new double[n * p];
        double l = 0.0;
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < p; o++) {
                double s = 0.0;
                for (int k = 0; k < dh; k++) {
                    s = Math.fma(hm[i * dh + k], th[w2 + k * p + o], s);
                }
                double d = s - (o == b.label[i] ? 1.0 : 0.0);
                l = Math.fma(d, d, l);
                g[i * p + o] = 2.0 / (n * p) * d;
            }
        }
        l = l / (n * p);
        double[] ref = new double[th.length];
        for (int k = 0; k < dh; k++) {
            for (int o = 0; o < p; o++) {
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                    s = Math.fma(hm[i * dh + k], g[i * p + o], s);
                }
                ref[w2 + k * p + o] = s;
            }
        }
        double[] dz = new double[n * dh];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dh; k++) {
                double s = 0.0;
                for (int o = 0; o < p; o++) {
                    s = Math.fma(g[i * p + o], th[w2 + k * p + o], s);
                }
                dz[i * dh + k] = z[i * dh + k] > 0.0 ? s : 0.0;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int k = 0; k < dh; k++) {
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                    s = Math.fma(x[i * p + a], dz[i * dh + k], s);
                }
                ref[a * dh + k] = s;
            }
        }
        double[] grad = new double[th.length];
        SmallReluNet.Workspace ws = NET.workspace(n);
        for (int rep = 0; rep < 300; rep++) { // warm-up: compiled code must give the same bits
            double lossFast = NET.lossAndGradient(th, b, ws, grad);
            assertEquals(Double.doubleToRawLongBits(l), Double.doubleToRawLongBits(lossFast));
            for (int j = 0; j < th.length; j++) {
                assertEquals(Double.doubleToRawLongBits(ref[j]), Double.doubleToRawLongBits(grad[j]), "param " + j);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double[] th = trainedTheta(30);
        double[] grad = new double[th.length];
        NET.lossAndGradient(th, SPLIT.train(), NET.workspace(SPLIT.train().size()), grad);
        Rng r = Rng.stream(7, "test/fd");
        double eps = 1e-6;
        for (int t = 0; t < 60; t++) {
            int j = t < 30 ? r.nextInt(NET.w2Offset()) : NET.w2Offset() + r.nextInt(NET.paramCount() - NET.w2Offset());
            double[] tp = th.clone();
            double[] tm = th.clone();
            tp[j] += eps;
            tm[j] -= eps;
            double fd = (loss(tp) - loss(tm)) / (2 * eps);
            assertEquals(grad[j], fd, 1e-8 + 1e-5 * Math.abs(grad[j]), "param " + j);
        }
    }

    @Test
    void jacobianMatchesFiniteDifferencesAndProducts() {
        double[] th = trainedTheta(30);
        SmallReluNet.Batch b = SPLIT.train();
        SmallReluNet.Workspace ws = NET.workspace(b.size());
        NET.forward(th, b, ws);
        Mat j = NET.jacobian(th, b, ws);
        assertEquals(59 * 11, j.rows);
        assertEquals(2816, j.cols);
        Rng r = Rng.stream(8, "test/jac");
        double eps = 1e-6;
        for (int t = 0; t < 40; t++) {
            int c = t % 2 == 0 ? r.nextInt(NET.w2Offset()) : NET.w2Offset() + r.nextInt(NET.paramCount() - NET.w2Offset());
            double[] tp = th.clone();
            double[] tm = th.clone();
            tp[c] += eps;
            tm[c] -= eps;
            double[] fp = outputs(tp);
            double[] fm = outputs(tm);
            for (int row = 0; row < j.rows; row++) {
                double fd = (fp[row] - fm[row]) / (2 * eps);
                assertEquals(j.get(row, c), fd, 1e-7, "row " + row + " col " + c);
            }
        }
        // J·v and Jᵀ·w (the matrix-free products the projection uses) agree with the dense J.
        double[] v = new double[th.length];
        Rng rv = Rng.stream(9, "test/v");
        for (int i = 0; i < v.length; i++) {
            v[i] = rv.nextGaussian();
        }
        double[] u = new double[j.rows];
        NET.jvp(th, b, ws, v, u);
        double[] w = new double[j.rows];
        for (int i = 0; i < w.length; i++) {
            w[i] = rv.nextGaussian();
        }
        double[] jtw = new double[th.length];
        NET.backward(th, b, ws, w, jtw);
        for (int row = 0; row < j.rows; row++) {
            double s = 0.0;
            for (int c = 0; c < j.cols; c++) {
                s += j.get(row, c) * v[c];
            }
            assertEquals(s, u[row], 1e-10 * (1 + Math.abs(s)));
        }
        for (int c = 0; c < j.cols; c++) {
            double s = 0.0;
            for (int row = 0; row < j.rows; row++) {
                s += j.get(row, c) * w[row];
            }
            assertEquals(s, jtw[c], 1e-10 * (1 + Math.abs(s)));
        }
        // Structured J·Jᵀ equals Σ_c J[r][c]·J[s][c] of the dense Jacobian up to rounding (sampled entries,
        // every diagonal block included).
        Mat k = NET.gram(th, b, ws, LA);
        double max = 0.0;
        for (double d : k.data) {
            max = Math.max(max, Math.abs(d));
        }
        Rng re = Rng.stream(10, "test/gram");
        for (int t = 0; t < 3000; t++) {
            int row = re.nextInt(j.rows);
            int col = t % 3 == 0 ? (row / 11) * 11 + re.nextInt(11) : re.nextInt(j.rows);
            double s = 0.0;
            for (int c = 0; c < j.cols; c++) {
                s = Math.fma(j.get(row, c), j.get(col, c), s);
            }
            assertEquals(s, k.get(row, col), 1e-12 * max, "K[" + row + "][" + col + "]");
            assertEquals(Double.doubleToRawLongBits(k.get(row, col)), Double.doubleToRawLongBits(k.get(col, row)));
        }
    }

    @Test
    void projectionIsOrthogonalToJRowsAndIdempotent() {
        double[] th = trainedTheta(200);
        double[] thPrime = Fig5TangentCosine.momentumSteps(NET, SPLIT.train(), th, 20, 1.0, 0.9);
        TangentProjection tp = new TangentProjection(NET, SPLIT.train(), thPrime, LA);
        assertEquals(649, tp.rows());
        assertTrue(tp.minPivot() > 0.0);
        double[] v = new double[th.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = -th[i];
        }
        double[] g = tp.project(v);
        double jv = TangentProjection.norm(tp.apply(v));
        double jg = TangentProjection.norm(tp.apply(g));
        assertTrue(jv > 1e-3, "J·v is not trivially zero: " + jv);
        assertTrue(jg <= 1e-9 * jv, "J·Pv = " + jg + " vs J·v = " + jv);
        double[] gg = tp.project(g);
        double ng = TangentProjection.norm(g);
        for (int i = 0; i < g.length; i++) {
            assertEquals(g[i], gg[i], 1e-9 * ng);
        }
        // v − Pv lies in the row space of J, so it is orthogonal to Pv.
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i] - g[i];
        }
        assertEquals(0.0, TangentProjection.dot(r, g), 1e-9 * ng * TangentProjection.norm(r));
    }

    @Test
    void momentumStepsReduceTrainLoss() {
        double[] th = trainedTheta(200);
        double before = loss(th);
        double[] thPrime = Fig5TangentCosine.momentumSteps(NET, SPLIT.train(), th, 100, 1.0, 0.9);
        double after = loss(thPrime);
        assertTrue(after < 0.5 * before, "loss " + before + " -> " + after);
        assertArrayEquals(trainedTheta(200), th, "the input θ is not modified");
    }

    @Test
    void smallGemmEqualsReferenceBitForBit() {
        Rng r = Rng.stream(3, "test/gemm");
        int[][] shapes = {{1, 1, 1}, {11, 59, 128}, {59, 12, 128}, {128, 12, 59}, {59, 128, 11}, {7, 13, 5},
            {9, 4, 3}, {17, 31, 1}, {3, 8, 0}};
        for (int[] sh : shapes) {
            int m = sh[0];
            int n = sh[1];
            int k = sh[2];
            for (boolean transA : new boolean[] {false, true}) {
                double[] a = new double[Math.max(1, m * k) + 3];
                double[] b = new double[Math.max(1, k * n)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = r.nextGaussian();
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = r.nextGaussian();
                }
                int aRs = transA ? 1 : k;
                int aCs = transA ? m : 1;
                double[] c1 = new double[m * n];
                double[] c2 = new double[m * n];
                for (int rep = 0; rep < 200; rep++) {
                    java.util.Arrays.fill(c2, Double.NaN);
                    SmallGemm.reference(m, n, k, a, 3, aRs, aCs, b, n, c1, n);
                    SmallGemm.multiply(m, n, k, a, 3, aRs, aCs, b, n, c2, n);
                    for (int i = 0; i < c1.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(c1[i]), Double.doubleToRawLongBits(c2[i]),
                                m + "x" + n + "x" + k + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void measuredStepGrid() {
        int[] s = Fig5TangentCosine.measuredSteps(200_000, 100, 20_000, 1000);
        assertEquals(381, s.length);
        assertEquals(0, s[0]);
        assertEquals(100, s[1]);
        assertEquals(20_000, s[200]);
        assertEquals(21_000, s[201]);
        assertEquals(200_000, s[380]);
        assertArrayEquals(new int[] {0, 50, 100, 150, 200, 300, 400, 410},
                Fig5TangentCosine.measuredSteps(410, 50, 200, 100));
    }

    @Test
    void badConfigurationsAreUsageErrors(@TempDir Path dir) {
        Runner.Request req = new Runner.Request();
        req.experiment = "fig5";
        req.ciScale = true;
        req.seeds = List.of(0);
        req.progress = false;
        req.out = dir.resolve("a");
        req.sets = List.of("hidden=4");
        UsageException e = assertThrows(UsageException.class, () -> Runner.run(new Fig5TangentCosine(), req));
        assertTrue(e.getMessage().contains("hidden=4"), e.getMessage());
        req.sets = List.of("test_pairs=66");
        e = assertThrows(UsageException.class, () -> Runner.run(new Fig5TangentCosine(), req));
        assertTrue(e.getMessage().contains("test_pairs=66"), e.getMessage());
    }

    @Test
    void ciScaleRunWritesEverythingAndRecordsNaNAtStepZero(@TempDir Path dir) throws Exception {
        Runner.Request req = new Runner.Request();
        req.experiment = "fig5";
        req.ciScale = true;
        req.seeds = List.of(0);
        req.threads = 1;
        req.progress = false;
        req.out = dir.resolve("run");
        Runner.Outcome o = Runner.run(new Fig5TangentCosine(), req);
        for (String f : List.of("config.json", "metrics.csv", "mean.csv", "fig5_loss.png", "fig5_cosine.png",
                "fig7_accuracy.png", "fig7_cosine.png", "claims.md", "summary.json")) {
            assertTrue(Files.size(o.dir().resolve(f)) > 0, f);
        }
        List<String> lines = Files.readAllLines(o.dir().resolve("metrics.csv"));
        String[] header = lines.get(0).split(",");
        int cosCol = List.of(header).indexOf("cosine");
        String[] first = lines.get(1).split(",");
        assertEquals("0", first[1]);
        assertEquals("NaN", first[cosCol]);
        double c1 = Double.parseDouble(lines.get(2).split(",")[cosCol]);
        assertTrue(Double.isFinite(c1) && Math.abs(c1) <= 1.0);
        assertEquals(7, lines.size() - 1);
    }

    @Test
    void resultsDoNotDependOnThreadCount(@TempDir Path dir) throws Exception {
        byte[][] metrics = new byte[2][];
        int[] threads = {1, 3};
        for (int r = 0; r < 2; r++) {
            Runner.Request req = new Runner.Request();
            req.experiment = "fig5";
            req.ciScale = true;
            req.seeds = List.of(0, 1);
            req.threads = threads[r];
            req.progress = false;
            req.sets = List.of("hidden=32", "steps=120", "proj_steps=5", "fine_every=40", "fine_until=120");
            req.out = dir.resolve("t" + threads[r]);
            Runner.Outcome o = Runner.run(new Fig5TangentCosine(), req);
            metrics[r] = Files.readAllBytes(o.dir().resolve("metrics.csv"));
        }
        assertArrayEquals(metrics[0], metrics[1]);
    }
}
