package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    /** One op applied by the fast path or the reference; in-place variants write into a copy of the first operand. */
    interface Op {
        void apply(boolean fast, Mat a, Mat b, Mat out);
    }

    static final double ALPHA = -1.375;

    static final Op[] OPS = {
        (f, a, b, o) -> { if (f) Elementwise.hadamard(a, b, o); else ElementwiseReference.hadamard(a, b, o); },
        (f, a, b, o) -> { if (f) Elementwise.add(a, b, o); else ElementwiseReference.add(a, b, o); },
        (f, a, b, o) -> { if (f) Elementwise.sub(a, b, o); else ElementwiseReference.sub(a, b, o); },
        (f, a, b, o) -> { if (f) Elementwise.scale(ALPHA, a, o); else ElementwiseReference.scale(ALPHA, a, o); },
        (f, a, b, o) -> { o.copyFrom(b); if (f) Elementwise.axpy(ALPHA, a, o); else ElementwiseReference.axpy(ALPHA, a, o); },
        (f, a, b, o) -> { if (f) Elementwise.relu(a, o); else ElementwiseReference.relu(a, o); },
        (f, a, b, o) -> { if (f) Elementwise.reluMask(a, o); else ElementwiseReference.reluMask(a, o); },
        (f, a, b, o) -> { if (f) Elementwise.reluBackward(a, b, o); else ElementwiseReference.reluBackward(a, b, o); },
        // in-place forms (fast) against the out-of-place reference
        (f, a, b, o) -> { o.copyFrom(a); if (f) Elementwise.hadamardInPlace(o, b); else ElementwiseReference.hadamard(a, b, o); },
        (f, a, b, o) -> { o.copyFrom(a); if (f) Elementwise.addInPlace(o, b); else ElementwiseReference.add(a, b, o); },
        (f, a, b, o) -> { o.copyFrom(a); if (f) Elementwise.subInPlace(o, b); else ElementwiseReference.sub(a, b, o); },
        (f, a, b, o) -> { o.copyFrom(a); if (f) Elementwise.scaleInPlace(ALPHA, o); else ElementwiseReference.scale(ALPHA, a, o); },
        (f, a, b, o) -> { o.copyFrom(a); if (f) Elementwise.reluInPlace(o); else ElementwiseReference.relu(a, o); },
        (f, a, b, o) -> { o.copyFrom(a); if (f) Elementwise.reluBackwardInPlace(o, b); else ElementwiseReference.reluBackward(a, b, o); },
    };

    private static void compareAll(SplittableRandom rnd) {
        for (int[] s : ElemTestData.SHAPES) {
            Mat a = ElemTestData.mat(s[0], s[1], rnd);
            Mat b = ElemTestData.mat(s[0], s[1], rnd);
            for (int k = 0; k < OPS.length; k++) {
                Mat fast = new Mat(s[0], s[1]);
                Mat ref = new Mat(s[0], s[1]);
                OPS[k].apply(true, a, b, fast);
                OPS[k].apply(false, a, b, ref);
                assertTrue(fast.bitEquals(ref), "op " + k + " shape " + a.shape());
            }
        }
    }

    @Test
    void fastEqualsReferenceBitForBitIncludingSignedZerosAndSubnormals() {
        compareAll(new SplittableRandom(11));
    }

    @Test
    void fastEqualsReferenceAfterWarmUp() {
        SplittableRandom rnd = new SplittableRandom(12);
        Mat a = ElemTestData.mat(3, 7, rnd), b = ElemTestData.mat(3, 7, rnd), o = new Mat(3, 7);
        for (int it = 0; it < 12_000; it++) { // enough calls for C2 to compile every op
            for (Op op : OPS) {
                op.apply(true, a, b, o);
            }
        }
        compareAll(new SplittableRandom(13));
    }

    @Test
    void reluSemantics() {
        Mat z = Mat.of(new double[] {-0.0, 0.0, -1.0, 2.5, Double.MIN_VALUE, -Double.MIN_VALUE});
        Mat g = Mat.of(new double[] {-3.0, 4.0, -5.0, -6.0, 7.0, 8.0});
        Mat r = new Mat(1, 6), m = new Mat(1, 6), bw = new Mat(1, 6), hm = new Mat(1, 6);
        Elementwise.relu(z, r);
        Elementwise.reluMask(z, m);
        Elementwise.reluBackward(g, z, bw);
        Elementwise.hadamard(g, m, hm);
        assertTrue(r.bitEquals(Mat.of(new double[] {0.0, 0.0, 0.0, 2.5, Double.MIN_VALUE, 0.0})));
        assertTrue(m.bitEquals(Mat.of(new double[] {0.0, 0.0, 0.0, 1.0, 1.0, 0.0})));
        // a product: -3·0 = -0.0, kept as such
        assertTrue(bw.bitEquals(Mat.of(new double[] {-0.0, 0.0, -0.0, -6.0, 7.0, 0.0})));
        assertTrue(bw.bitEquals(hm));
    }

    @Test
    void axpyRoundsOnce() {
        double a = 1 + 0x1p-30, x = 1 + 0x1p-30, y = -1.0;
        Mat xs = Mat.of(new double[] {x, x, x, x, x}), ys = Mat.of(new double[] {y, y, y, y, y});
        Elementwise.axpy(a, xs, ys);
        for (double v : ys.data) {
            assertEquals(Math.fma(a, x, y), v);
            assertNotEquals(y + a * x, v);
        }
    }

    @Test
    void exactIntegerResults() {
        Mat a = new Mat(13, 9), b = new Mat(13, 9), o = new Mat(13, 9);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = i - 50;
            b.data[i] = 3 - i % 7;
        }
        Elementwise.hadamard(a, b, o);
        for (int i = 0; i < o.data.length; i++) {
            assertEquals((double) (i - 50) * (3 - i % 7), o.data[i]);
        }
        Elementwise.sub(a, b, o);
        for (int i = 0; i < o.data.length; i++) {
            assertEquals((double) (i - 50) - (3 - i % 7), o.data[i]);
        }
    }

    @Test
    void shapeMismatchNamesOpAndShapes() {
        Mat a = new Mat(3, 4), b = new Mat(4, 3), o = new Mat(3, 4);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> Elementwise.add(a, b, o));
        assertTrue(e.getMessage().contains("Elementwise.add") && e.getMessage().contains("4x3"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> Elementwise.hadamard(a, a, b));
        assertThrows(ShapeMismatchException.class, () -> Elementwise.axpy(1.0, a, b));
        assertThrows(ShapeMismatchException.class, () -> Elementwise.reluBackward(a, b, o));
        assertThrows(ShapeMismatchException.class, () -> ElementwiseReference.sub(a, b, o));
    }

    @Test
    void nonFiniteInputsAndOverflowThrow() {
        for (int n : new int[] {3, 9, 64}) { // NaN in the tail and in the vector part
            for (int pos : new int[] {0, n - 1}) {
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    Mat a = new Mat(1, n), b = new Mat(1, n), o = new Mat(1, n);
                    a.fill(1.0);
                    b.fill(0.0); // inf·0 = NaN, NaN·0 = NaN: still caught
                    a.data[pos] = bad;
                    for (Op op : OPS) {
                        NonFiniteInputException ef = assertThrows(NonFiniteInputException.class,
                                () -> op.apply(true, a.copy(), b, o));
                        assertThrows(NonFiniteInputException.class, () -> op.apply(false, a.copy(), b, o));
                        assertTrue(ef.getMessage().startsWith("Elementwise."), ef.getMessage());
                    }
                    // z bad in reluBackward (second operand)
                    assertThrows(NonFiniteInputException.class, () -> Elementwise.reluBackward(b, a, o));
                    NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                            () -> Elementwise.hadamard(a, b, o));
                    assertTrue(e.getMessage().contains("(0, " + pos + ")"), e.getMessage());
                }
            }
        }
        Mat big = new Mat(2, 9);
        big.fill(1e200);
        NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                () -> Elementwise.hadamard(big, big, new Mat(2, 9)));
        assertTrue(e.getMessage().contains("overflow"), e.getMessage());
        assertThrows(NonFiniteInputException.class, () -> Elementwise.scale(Double.NaN, big, new Mat(2, 9)));
        assertThrows(NonFiniteInputException.class, () -> Elementwise.axpy(Double.POSITIVE_INFINITY, big, big.copy()));
    }
}
