package dev.zeroloss.engine;

import java.nio.charset.StandardCharsets;

/**
 * The engine's deterministic random number generator: SplitMix64 (Steele, Lea, Flood 2014), identical on
 * every JVM and platform (integer arithmetic and {@link StrictMath} only). Not thread-safe; one per purpose.
 *
 * <p>State update and output ({@link #nextLong()}):
 * <pre>
 *   state += 0x9E3779B97F4A7C15L                     // the "golden gamma", 2^64 / φ rounded to odd
 *   z = state
 *   z = (z ^ (z &gt;&gt;&gt; 30)) * 0xBF58476D1CE4E5B9L
 *   z = (z ^ (z &gt;&gt;&gt; 27)) * 0x94D049BB133111EBL
 *   return z ^ (z &gt;&gt;&gt; 31)                          // mix64
 * </pre>
 * The same sequence as {@code new java.util.SplittableRandom(seed).nextLong()}; seed 0 starts 0xE220A8397B1DCDAF.
 *
 * <p>Derived values (each call consumes a fixed number of nextLong() outputs except nextInt's rejections):
 * <ul>
 * <li>{@link #nextDouble()} = {@code (nextLong() >>> 11) · 2^-53}, in [0, 1), 53 random bits.</li>
 * <li>{@link #nextInt(int)}: u = nextLong() &gt;&gt;&gt; 1 (63 bits), r = u mod bound, rejected and redrawn while
 *     {@code u - r + (bound - 1)} overflows (the top partial block), so every value is equally likely.</li>
 * <li>{@link #nextGaussian()}: Box–Muller, u1 = 1 − nextDouble() ∈ (0, 1], then u2 = nextDouble();
 *     returns {@code StrictMath.sqrt(-2·StrictMath.log(u1)) · StrictMath.cos(2π·u2)} (products rounded in that
 *     order: r·c). The sine partner is DISCARDED, so each Gaussian costs exactly two nextLong() and the stream
 *     has no hidden cache.</li>
 * <li>{@link #uniform(double, double)} = {@code fma(hi − lo, nextDouble(), lo)}; a result that rounds up to hi
 *     is replaced by {@code Math.nextDown(hi)}, so it is in [lo, hi).</li>
 * <li>{@link #shuffle(int[])}: Fisher–Yates from the end: for i = n−1 down to 1, j = nextInt(i + 1), swap a[i], a[j].</li>
 * <li>{@link #fillGaussian}: element by element in row-major order, {@code fma(std, nextGaussian(), mean)};
 *     {@link #fillUniform}: row-major, {@code uniform(lo, hi)}.</li>
 * </ul>
 *
 * <p>Named sub-streams: {@link #stream(long, String)} seeds a generator with
 * {@code mix64(mix64(seed) ^ fnv1a64(UTF-8 bytes of purpose))}, where fnv1a64 is 64-bit FNV-1a (offset basis
 * 0xCBF29CE484222325, prime 0x100000001B3). A stream depends only on (seed, purpose), never on which other
 * streams exist or their creation order.
 */
public final class Rng {
    /** 2^64 / golden ratio, odd. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;
    private static final double TWO_PI = 2.0 * Math.PI; // exact doubling of the double nearest π

    private long state;

    /** A generator whose first output is mix64(seed + GOLDEN_GAMMA). */
    public Rng(long seed) {
        this.state = seed;
    }

    /** The named sub-stream for (seed, purpose); see the class comment for the derivation. */
    public static Rng stream(long seed, String purpose) {
        return new Rng(streamSeed(seed, purpose));
    }

    /** The seed of {@link #stream(long, String)}: mix64(mix64(seed) ^ fnv1a64(utf8(purpose))). */
    public static long streamSeed(long seed, String purpose) {
        return mix64(mix64(seed) ^ fnv1a64(purpose.getBytes(StandardCharsets.UTF_8)));
    }

    /** The SplitMix64 output function (Stafford's "variant 13" finaliser). */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64-bit FNV-1a of the bytes. */
    public static long fnv1a64(byte[] bytes) {
        long h = FNV_OFFSET;
        for (byte b : bytes) {
            h ^= (b & 0xFF);
            h *= FNV_PRIME;
        }
        return h;
    }

    /** The current state (for checkpoints): {@code new Rng(rng.state())} continues the same sequence. */
    public long state() {
        return state;
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), unbiased (rejection); bound must be positive. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("Rng.nextInt: bound " + bound + " must be positive");
        }
        long b = bound;
        while (true) {
            long u = nextLong() >>> 1;
            long r = u % b;
            if (u - r + (b - 1) >= 0) { // no overflow: u lies in a complete block of b values
                return (int) r;
            }
        }
    }

    /** Standard normal via Box–Muller (cosine branch, sine discarded); see the class comment. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log never sees 0
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        return r * StrictMath.cos(TWO_PI * u2);
    }

    /** Uniform in [lo, hi); lo &lt; hi, both finite. */
    public double uniform(double lo, double hi) {
        if (!(lo < hi) || hi - lo == Double.POSITIVE_INFINITY || lo - lo != 0.0 || hi - hi != 0.0) {
            throw new IllegalArgumentException("Rng.uniform: need finite lo < hi, got [" + lo + ", " + hi + ")");
        }
        return uniformUnchecked(lo, hi);
    }

    private double uniformUnchecked(double lo, double hi) {
        double v = Math.fma(hi - lo, nextDouble(), lo);
        return v < hi ? v : Math.nextDown(hi);
    }

    /** Fisher–Yates, from the last element down. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** m[i] = fma(std, nextGaussian(), mean) in row-major order; mean, std finite, std ≥ 0. */
    public void fillGaussian(Mat m, double mean, double std) {
        if (mean - mean != 0.0 || std - std != 0.0 || std < 0.0) {
            throw new IllegalArgumentException("Rng.fillGaussian: mean " + mean + ", std " + std
                    + " must be finite, std >= 0 (" + m.shape() + ")");
        }
        double[] d = m.data;
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.fma(std, nextGaussian(), mean);
        }
    }

    /** m[i] = uniform(lo, hi) in row-major order. */
    public void fillUniform(Mat m, double lo, double hi) {
        if (!(lo < hi) || hi - lo == Double.POSITIVE_INFINITY || lo - lo != 0.0 || hi - hi != 0.0) {
            throw new IllegalArgumentException("Rng.fillUniform: need finite lo < hi, got [" + lo + ", " + hi
                    + ") (" + m.shape() + ")");
        }
        double[] d = m.data;
        for (int i = 0; i < d.length; i++) {
            d[i] = uniformUnchecked(lo, hi);
        }
    }
}
