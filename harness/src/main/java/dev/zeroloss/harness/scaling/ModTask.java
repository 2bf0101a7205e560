package dev.zeroloss.harness.scaling;

import dev.zeroloss.engine.Rng;
import dev.zeroloss.engine.SparseRows;

/**
 * Modular arithmetic data for the scaling study: all p² ORDERED pairs (a, b), label (a + b) mod p or
 * (a·b) mod p, a seeded permutation (stream "scaling-split"), the first ⌊f·p²⌋ pairs train, the rest test.
 * Inputs: concatenated one-hots [e_a, e_b] (2p columns) or the summed one-hot e_a + e_b (p columns).
 */
public final class ModTask {
    public final int p;
    public final int inputDim;
    public final SparseRows xTrain;
    public final SparseRows xTest;
    public final int[] yTrain;
    public final int[] yTest;

    public ModTask(int p, int inputDim, SparseRows xTrain, int[] yTrain, SparseRows xTest, int[] yTest) {
        this.p = p;
        this.inputDim = inputDim;
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.xTest = xTest;
        this.yTest = yTest;
    }

    public static ModTask of(RunConfig c) {
        int p = c.p;
        int n = c.pairCount();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Rng.stream(c.seed, "scaling-split").shuffle(perm);
        int nTr = c.trainCount();
        boolean concat = c.input.equals("concat");
        int dim = c.inputDim();
        SparseRows tr = new SparseRows(nTr, dim);
        SparseRows te = new SparseRows(n - nTr, dim);
        int[] ytr = new int[nTr];
        int[] yte = new int[n - nTr];
        for (int i = 0; i < n; i++) {
            int a = perm[i] / p;
            int b = perm[i] % p;
            int y = c.task.equals("add") ? (a + b) % p : (int) ((long) a * b % p);
            SparseRows x = i < nTr ? tr : te;
            int r = i < nTr ? i : i - nTr;
            if (concat) {
                x.setPairs(r, a, 1.0, p + b, 1.0);
            } else {
                x.setOneHotSum(r, a, b);
            }
            (i < nTr ? ytr : yte)[r] = y;
        }
        return new ModTask(p, dim, tr, ytr, te, yte);
    }

    /** Copies row {@code from} of src into row {@code to} of dst (same column count). */
    static void copyRow(SparseRows src, int from, SparseRows dst, int to) {
        int k = src.count(from);
        if (k == 2) {
            dst.setPairs(to, src.index(from, 0), src.weight(from, 0), src.index(from, 1), src.weight(from, 1));
        } else if (k == 1) {
            dst.setSingle(to, src.index(from, 0), src.weight(from, 0));
        } else {
            dst.clearRow(to);
        }
    }
}
