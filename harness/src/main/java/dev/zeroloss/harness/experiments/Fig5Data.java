package dev.zeroloss.harness.experiments;

import dev.zeroloss.engine.Rng;
import dev.zeroloss.harness.model.SmallReluNet;
import java.util.Arrays;

/**
 * The Fig. 5/7 data set: modular addition mod p over UNORDERED pairs a ≤ b (p(p+1)/2 samples; 66 for p = 11),
 * input e_a + e_b, target e_{(a+b) mod p}, split at random into a test set of a given size and the rest for
 * training. Pairs are numbered in lexicographic order (a, b); the split shuffles those numbers with the
 * named stream (seed, "fig5/split") by Fisher–Yates, takes the first {@code testCount} as test, and keeps
 * both sets in ascending pair order (so row order does not depend on the shuffle beyond set membership).
 */
public final class Fig5Data {
    private Fig5Data() {
    }

    /** Train and test batches. */
    public record Split(SmallReluNet.Batch train, SmallReluNet.Batch test) {
    }

    public static int pairCount(int p) {
        return p * (p + 1) / 2;
    }

    /** All unordered pairs a ≤ b in lexicographic order, as a batch. */
    public static SmallReluNet.Batch allPairs(int p) {
        int k = pairCount(p);
        int[] a = new int[k];
        int[] b = new int[k];
        int[] y = new int[k];
        int idx = 0;
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                a[idx] = i;
                b[idx] = j;
                y[idx] = (i + j) % p;
                idx++;
            }
        }
        return new SmallReluNet.Batch(a, b, y);
    }

    /** The seeded split: {@code testCount} test pairs, the rest train. */
    public static Split split(int p, int testCount, long seed) {
        int k = pairCount(p);
        if (testCount < 1 || testCount >= k) {
            throw new IllegalArgumentException("Fig5Data: test count " + testCount + " must be in [1, " + (k - 1) + "]");
        }
        int[] perm = new int[k];
        for (int i = 0; i < k; i++) {
            perm[i] = i;
        }
        Rng.stream(seed, "fig5/split").shuffle(perm);
        int[] test = Arrays.copyOfRange(perm, 0, testCount);
        int[] train = Arrays.copyOfRange(perm, testCount, k);
        Arrays.sort(test);
        Arrays.sort(train);
        SmallReluNet.Batch all = allPairs(p);
        return new Split(select(all, train), select(all, test));
    }

    static SmallReluNet.Batch select(SmallReluNet.Batch all, int[] idx) {
        int[] a = new int[idx.length];
        int[] b = new int[idx.length];
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            a[i] = all.a[idx[i]];
            b[i] = all.b[idx[i]];
            y[i] = all.label[idx[i]];
        }
        return new SmallReluNet.Batch(a, b, y);
    }

    /**
     * PyTorch's nn.Linear default weight init, U(−1/√fan_in, 1/√fan_in): W1 (fan_in d_in) from the stream
     * (seed, "fig5/init/W1"), W2 (fan_in d_h) from (seed, "fig5/init/W2"), each filled in θ order.
     */
    public static double[] initTheta(SmallReluNet net, long seed) {
        double[] theta = new double[net.paramCount()];
        double b1 = 1.0 / Math.sqrt(net.dIn);
        double b2 = 1.0 / Math.sqrt(net.dHidden);
        Rng r1 = Rng.stream(seed, "fig5/init/W1");
        for (int i = 0; i < net.w2Offset(); i++) {
            theta[i] = r1.uniform(-b1, b1);
        }
        Rng r2 = Rng.stream(seed, "fig5/init/W2");
        for (int i = net.w2Offset(); i < theta.length; i++) {
            theta[i] = r2.uniform(-b2, b2);
        }
        return theta;
    }
}
