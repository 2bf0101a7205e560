package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RngTest {

    /** SplitMix64 written out independently of Rng. */
    private static long[] splitMix64(long seed, int n) {
        long[] out = new long[n];
        long s = seed;
        for (int i = 0; i < n; i++) {
            s += 0x9E3779B97F4A7C15L;
            long z = s;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            out[i] = z ^ (z >>> 31);
        }
        return out;
    }

    @Test
    void knownAnswers() {
        Rng r = new Rng(0);
        assertEquals(0xE220A8397B1DCDAFL, r.nextLong()); // published first output for seed 0
        long[] expect = splitMix64(0, 1000);
        Rng r2 = new Rng(0);
        SplittableRandom jdk = new SplittableRandom(0); // same generator in the JDK
        for (int i = 0; i < expect.length; i++) {
            long v = r2.nextLong();
            assertEquals(expect[i], v);
            assertEquals(jdk.nextLong(), v);
        }
        for (long seed : new long[] {1, -1, 42, Long.MIN_VALUE, 0x123456789ABCDEFL}) {
            Rng a = new Rng(seed);
            SplittableRandom b = new SplittableRandom(seed);
            for (int i = 0; i < 100; i++) {
                assertEquals(b.nextLong(), a.nextLong());
            }
        }
        // nextDouble: the top 53 bits; the same as SplittableRandom's definition
        Rng d = new Rng(7);
        SplittableRandom dj = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            double v = d.nextDouble();
            assertEquals(Double.doubleToRawLongBits(dj.nextDouble()), Double.doubleToRawLongBits(v));
            assertTrue(v >= 0.0 && v < 1.0);
        }
        // checkpoint: state() continues the stream
        Rng c = new Rng(99);
        c.nextLong();
        Rng resumed = new Rng(c.state());
        assertEquals(c.nextLong(), resumed.nextLong());
    }

    @Test
    void streamDerivationIsDocumentedAndOrderFree() {
        long h = 0xCBF29CE484222325L;
        for (byte b : "init/W_E".getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xFF);
            h *= 0x100000001B3L;
        }
        assertEquals(0xAF63DC4C8601EC8CL, Rng.fnv1a64(new byte[] {'a'})); // published FNV-1a 64 of "a"
        assertEquals(0xCBF29CE484222325L, Rng.fnv1a64(new byte[0]));
        assertEquals(Rng.mix64(Rng.mix64(5) ^ h), Rng.streamSeed(5, "init/W_E"));
        Rng a1 = Rng.stream(5, "init/W_E");
        Rng b1 = Rng.stream(5, "data/split");
        long a1v = a1.nextLong(), b1v = b1.nextLong();
        Rng b2 = Rng.stream(5, "data/split"); // created in the other order, after other use
        Rng c2 = Rng.stream(5, "extra");
        Rng a2 = Rng.stream(5, "init/W_E");
        c2.nextLong();
        assertEquals(a1v, a2.nextLong());
        assertEquals(b1v, b2.nextLong());
        assertNotEquals(a1v, b1v);
        assertNotEquals(Rng.streamSeed(5, "x"), Rng.streamSeed(6, "x"));
        assertNotEquals(Rng.streamSeed(5, "ü"), Rng.streamSeed(5, "u"));
    }

    @Test
    void gaussianMoments() {
        Rng r = new Rng(2024);
        int n = 100_000;
        double s = 0, s2 = 0, s4 = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            s += g;
            s2 += g * g;
            s4 += g * g * g * g;
        }
        double mean = s / n, var = s2 / n - mean * mean;
        assertTrue(Math.abs(mean) < 5 / Math.sqrt(n), "mean " + mean);
        assertTrue(Math.abs(var - 1) < 5 * Math.sqrt(2.0 / n), "var " + var);
        assertTrue(Math.abs(s4 / n - 3) < 0.15, "kurtosis " + s4 / n);
        // definition: two nextLong per sample, cosine branch
        Rng a = new Rng(3), b = new Rng(3);
        double u1 = 1.0 - b.nextDouble(), u2 = b.nextDouble();
        double expect = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
        assertEquals(Double.doubleToRawLongBits(expect), Double.doubleToRawLongBits(a.nextGaussian()));
        assertEquals(b.nextLong(), a.nextLong());
        Mat m = new Mat(3, 5);
        new Rng(4).fillGaussian(m, 1.5, 0.25);
        Rng c = new Rng(4);
        for (double v : m.data) {
            assertEquals(Double.doubleToRawLongBits(Math.fma(0.25, c.nextGaussian(), 1.5)), Double.doubleToRawLongBits(v));
        }
    }

    @Test
    void nextIntIsInRangeAndUnbiased() {
        Rng r = new Rng(77);
        for (int bound : new int[] {3, 10}) {
            int n = 150_000;
            int[] counts = new int[bound];
            for (int i = 0; i < n; i++) {
                counts[r.nextInt(bound)]++;
            }
            double e = (double) n / bound, chi2 = 0;
            for (int c : counts) {
                chi2 += (c - e) * (c - e) / e;
            }
            assertTrue(chi2 < 40, "chi2 " + chi2 + " for bound " + bound); // df ≤ 9: p ≈ 1e-5
        }
        for (int bound : new int[] {1, 2, 7, 97, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE}) {
            for (int i = 0; i < 2000; i++) {
                int v = r.nextInt(bound);
                assertTrue(v >= 0 && v < bound, v + " / " + bound);
            }
        }
        // top bit of the large bound is hit about half the time (a biased "% bound" on 31 bits would not)
        int high = 0;
        for (int i = 0; i < 20_000; i++) {
            if (r.nextInt((1 << 30) + (1 << 29)) >= (1 << 30)) {
                high++;
            }
        }
        assertTrue(Math.abs(high - 20_000 / 3.0) < 400, "high " + high);
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(-5));
    }

    @Test
    void uniformShuffleAndFills() {
        Rng r = new Rng(5);
        for (int i = 0; i < 10_000; i++) {
            double v = r.uniform(-2.0, 3.0);
            assertTrue(v >= -2.0 && v < 3.0);
        }
        assertThrows(IllegalArgumentException.class, () -> r.uniform(1.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> r.uniform(0.0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> r.uniform(-Double.MAX_VALUE, Double.MAX_VALUE));
        // tiny interval where rounding would reach hi: still below hi
        double lo = 1.0, hi = Math.nextUp(1.0);
        for (int i = 0; i < 1000; i++) {
            assertEquals(lo, r.uniform(lo, hi));
        }
        Mat m = new Mat(4, 7);
        new Rng(6).fillUniform(m, -1, 1);
        Rng c = new Rng(6);
        for (double v : m.data) {
            assertEquals(Double.doubleToRawLongBits(c.uniform(-1, 1)), Double.doubleToRawLongBits(v));
        }
        assertThrows(IllegalArgumentException.class, () -> new Rng(1).fillGaussian(m, 0, -1));
        // Fisher–Yates as documented
        int[] a = new int[50], b = new int[50];
        for (int i = 0; i < 50; i++) {
            a[i] = i;
            b[i] = i;
        }
        new Rng(8).shuffle(a);
        Rng s = new Rng(8);
        for (int i = 49; i > 0; i--) {
            int j = s.nextInt(i + 1);
            int t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
        assertArrayEquals(b, a);
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
    }
}
