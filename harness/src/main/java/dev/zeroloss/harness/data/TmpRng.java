package dev.zeroloss.harness.data;

/**
 * TEMPORARY stand-in for {@code dev.zeroloss.engine.Rng} (branch elem), same method names, so the
 * experiments can be written before that class is merged. SplitMix64; to be deleted on the merge.
 */
public final class TmpRng {
    private long state;
    private double spare;
    private boolean hasSpare;

    private TmpRng(long state) {
        this.state = state;
    }

    public static TmpRng stream(long seed, String purpose) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < purpose.length(); i++) {
            h = mix(h ^ purpose.charAt(i));
        }
        return new TmpRng(mix(h));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public int nextInt(int bound) {
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        spare = r * StrictMath.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * StrictMath.cos(2 * Math.PI * u2);
    }

    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
