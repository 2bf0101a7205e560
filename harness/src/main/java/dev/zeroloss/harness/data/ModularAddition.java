package dev.zeroloss.harness.data;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.Rng;
import dev.zeroloss.harness.core.UsageException;
import java.util.Arrays;

/**
 * Modular addition a + b mod p on UNORDERED pairs a ≤ b (k = p(p+1)/2 samples), split by a seeded shuffle
 * into n_train = round(f·k) train rows and the rest test (paper doc §3). Input x = e_a + e_b (2·e_a when
 * a = b), target one-hot e_{(a+b) mod p}.
 *
 * <p>The pairs are numbered in lexicographic order (0,0), (0,1), …, (0,p−1), (1,1), …; the permutation
 * comes from the stream {@code Rng.stream(seed, "modadd-split")}; the first n_train shuffled pairs are the
 * train set. Both sets are then sorted back into lexicographic order, so a row's position does not depend on
 * the shuffle beyond set membership.
 */
public final class ModularAddition {
    public final int p;
    public final double trainFraction;
    public final long seed;
    public final Split train;
    public final Split test;

    /** The rows of one side of the split. */
    public static final class Split {
        public final int[] a;
        public final int[] b;
        public final int[] label;

        Split(int[] a, int[] b) {
            this.a = a;
            this.b = b;
            this.label = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                label[i] = -1;
            }
        }

        public int size() {
            return a.length;
        }

        /** The one-hot targets (n×p). */
        public Mat targets(int p) {
            Mat y = new Mat(a.length, p);
            for (int i = 0; i < a.length; i++) {
                y.data[i * p + label[i]] = 1.0;
            }
            return y;
        }

        /** The inputs as sparse rows: x = e_a + e_b, one (a, 2.0) pair when a = b. */
        public PairRows rows(int p) {
            return new PairRows(p, a, b);
        }
    }

    private ModularAddition(int p, double f, long seed, Split train, Split test) {
        this.p = p;
        this.trainFraction = f;
        this.seed = seed;
        this.train = train;
        this.test = test;
    }

    public static int pairCount(int p) {
        return p * (p + 1) / 2;
    }

    /** n_train = round(f·k) with halves rounded up (Math.round). */
    public static int trainCount(int p, double f) {
        return (int) Math.round(f * pairCount(p));
    }

    /** Builds the data set; p ≥ 3 and f in (0, 1) with at least one train and one test row. */
    public static ModularAddition create(int p, double trainFraction, long seed) {
        if (p < 3) {
            throw new UsageException("modulus p = " + p + ": must be at least 3 (with p < 3 there is at most one"
                    + " frequency and no non-trivial addition table)");
        }
        if (p > 2000) {
            throw new UsageException("modulus p = " + p + ": must be at most 2000 (p(p+1)/2 pairs are held densely)");
        }
        if (!(trainFraction > 0.0 && trainFraction < 1.0)) {
            throw new UsageException("train fraction " + trainFraction + ": must be in (0, 1)");
        }
        int k = pairCount(p);
        int nTrain = trainCount(p, trainFraction);
        if (nTrain < 1 || nTrain > k - 1) {
            throw new UsageException("train fraction " + trainFraction + " with p = " + p + " gives " + nTrain
                    + " train rows of " + k + " pairs; need at least one train and one test row");
        }
        int[] pa = new int[k];
        int[] pb = new int[k];
        int idx = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                pa[idx] = a;
                pb[idx] = b;
                idx++;
            }
        }
        int[] perm = new int[k];
        for (int i = 0; i < k; i++) {
            perm[i] = i;
        }
        Rng.stream(seed, "modadd-split").shuffle(perm);
        int[] tr = Arrays.copyOfRange(perm, 0, nTrain);
        int[] te = Arrays.copyOfRange(perm, nTrain, k);
        Arrays.sort(tr);
        Arrays.sort(te);
        return new ModularAddition(p, trainFraction, seed, pick(tr, pa, pb, p), pick(te, pa, pb, p));
    }

    private static Split pick(int[] ids, int[] pa, int[] pb, int p) {
        int[] a = new int[ids.length];
        int[] b = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            a[i] = pa[ids[i]];
            b[i] = pb[ids[i]];
        }
        Split s = new Split(a, b);
        for (int i = 0; i < ids.length; i++) {
            s.label[i] = (a[i] + b[i]) % p;
        }
        return s;
    }
}
