package dev.zeroloss.harness.analysis;

import dev.zeroloss.engine.Mat;

/**
 * Fourier features of an embedding E (p×d, row j = E_j, p odd):
 * F_k = (1/p) Σ_j e^{−2πi·jk/p} E_j for k = 1 .. (p−1)/2, so Re F_k = (1/p) Σ_j cos(2π·jk/p) E_j and
 * Im F_k = −(1/p) Σ_j sin(2π·jk/p) E_j. Angles use the exact residue m = jk mod p and StrictMath.cos/sin of
 * 2π·m/p; each sum is one fma chain in increasing j, then multiplied by 1/p (one rounding). The 2K vectors are
 * ordered Re F_1, Im F_1, Re F_2, Im F_2, …
 */
public final class FourierFeatures {
    public final int p;
    public final int freqs;
    public final int dim;
    /** vectors[2(k−1)] = Re F_k, vectors[2(k−1)+1] = Im F_k, each of length d. */
    public final double[][] vectors;
    public final double[] reNorm;
    public final double[] imNorm;

    private FourierFeatures(int p, int dim, double[][] vectors) {
        this.p = p;
        this.freqs = (p - 1) / 2;
        this.dim = dim;
        this.vectors = vectors;
        this.reNorm = new double[freqs];
        this.imNorm = new double[freqs];
        for (int k = 0; k < freqs; k++) {
            reNorm[k] = norm(vectors[2 * k]);
            imNorm[k] = norm(vectors[2 * k + 1]);
        }
    }

    public static FourierFeatures of(Mat e) {
        int p = e.rows;
        int d = e.cols;
        if (p < 3) {
            throw new IllegalArgumentException("FourierFeatures: E has " + p + " rows; need p >= 3");
        }
        int kk = (p - 1) / 2;
        double[] cos = new double[p];
        double[] sin = new double[p];
        for (int m = 0; m < p; m++) {
            double a = 2.0 * StrictMath.PI * m / p;
            cos[m] = StrictMath.cos(a);
            sin[m] = StrictMath.sin(a);
        }
        double[][] v = new double[2 * kk][d];
        double inv = 1.0 / p;
        for (int k = 1; k <= kk; k++) {
            double[] re = v[2 * (k - 1)];
            double[] im = v[2 * (k - 1) + 1];
            for (int j = 0; j < p; j++) {
                int m = (int) ((long) j * k % p);
                double c = cos[m];
                double s = -sin[m];
                for (int col = 0; col < d; col++) {
                    double x = e.data[j * d + col];
                    re[col] = Math.fma(c, x, re[col]);
                    im[col] = Math.fma(s, x, im[col]);
                }
            }
            for (int col = 0; col < d; col++) {
                re[col] *= inv;
                im[col] *= inv;
            }
        }
        return new FourierFeatures(p, d, v);
    }

    /** See {@link Vectors#dot}. */
    public static double dot(double[] a, double[] b) {
        return Vectors.dot(a, b);
    }

    public static double norm(double[] a) {
        return Vectors.norm(a);
    }

    /** cos(a, b); NaN when either is zero. */
    public static double cosine(double[] a, double[] b) {
        return Vectors.cosine(a, b);
    }

    /** All 2K norms in vector order (Re 1, Im 1, Re 2, …). */
    public double[] allNorms() {
        double[] out = new double[2 * freqs];
        for (int k = 0; k < freqs; k++) {
            out[2 * k] = reNorm[k];
            out[2 * k + 1] = imNorm[k];
        }
        return out;
    }

    /** Coefficient of variation (population std / mean) of the 2K norms. */
    public double normCv() {
        double[] x = allNorms();
        double mean = 0.0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0.0;
        for (double v : x) {
            var = Math.fma(v - mean, v - mean, var);
        }
        return Math.sqrt(var / x.length) / mean;
    }

    /** Largest relative gap between Re and Im norms of one frequency: max_k |‖Re F_k‖ − ‖Im F_k‖| / mean. */
    public double maxReImGap() {
        double worst = 0.0;
        for (int k = 0; k < freqs; k++) {
            double m = 0.5 * (reNorm[k] + imNorm[k]);
            worst = Math.max(worst, Math.abs(reNorm[k] - imNorm[k]) / m);
        }
        return worst;
    }

    /** The 2K×2K matrix of cosines between the vectors. */
    public Mat cosineMatrix() {
        return cosines(vectors);
    }

    /** The 2K×2K matrix of cosines between the elementwise absolute values of the vectors. */
    public Mat absCosineMatrix() {
        double[][] a = new double[vectors.length][];
        for (int i = 0; i < a.length; i++) {
            a[i] = new double[dim];
            for (int c = 0; c < dim; c++) {
                a[i][c] = Math.abs(vectors[i][c]);
            }
        }
        return cosines(a);
    }

    private static Mat cosines(double[][] v) {
        int m = v.length;
        Mat out = new Mat(m, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                out.data[i * m + j] = cosine(v[i], v[j]);
            }
        }
        return out;
    }

    /** Largest |cos| off the diagonal of a cosine matrix. */
    public static double maxOffDiagonal(Mat cos) {
        double worst = 0.0;
        for (int i = 0; i < cos.rows; i++) {
            for (int j = 0; j < cos.cols; j++) {
                if (i != j) {
                    worst = Math.max(worst, Math.abs(cos.data[i * cos.cols + j]));
                }
            }
        }
        return worst;
    }

    /** Abs-value similarity: mean over k of cos(|Re F_k|, |Im F_k|) (within) and mean over pairs of vectors of
     *  different frequencies (across, each unordered pair once), plus the largest across value. */
    public record AbsSimilarity(double withinMean, double acrossMean, double acrossMax, double withinMin) {
    }

    public AbsSimilarity absSimilarity() {
        Mat c = absCosineMatrix();
        int m = c.rows;
        double within = 0.0;
        double withinMin = Double.POSITIVE_INFINITY;
        for (int k = 0; k < freqs; k++) {
            double v = c.data[(2 * k) * m + 2 * k + 1];
            within += v;
            withinMin = Math.min(withinMin, v);
        }
        double across = 0.0;
        double acrossMax = 0.0;
        int cnt = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                if (i / 2 != j / 2) {
                    double v = c.data[i * m + j];
                    across += v;
                    acrossMax = Math.max(acrossMax, v);
                    cnt++;
                }
            }
        }
        return new AbsSimilarity(within / freqs, cnt == 0 ? Double.NaN : across / cnt, acrossMax, withinMin);
    }

    /**
     * Coordinates of every E_j in the orthonormal basis (u1, u2) of span(Re F_k, Im F_k), u1 = Re F_k/‖Re F_k‖,
     * u2 = the normalised part of Im F_k orthogonal to u1. Returns p×2.
     */
    public Mat project(Mat e, int k) {
        if (k < 1 || k > freqs) {
            throw new IllegalArgumentException("FourierFeatures.project: k = " + k + " not in 1.." + freqs);
        }
        double[] re = vectors[2 * (k - 1)];
        double[] im = vectors[2 * (k - 1) + 1];
        double nre = norm(re);
        double[] u1 = new double[dim];
        for (int c = 0; c < dim; c++) {
            u1[c] = re[c] / nre;
        }
        double along = dot(im, u1);
        double[] u2 = new double[dim];
        for (int c = 0; c < dim; c++) {
            u2[c] = Math.fma(-along, u1[c], im[c]);
        }
        double n2 = norm(u2);
        for (int c = 0; c < dim; c++) {
            u2[c] /= n2;
        }
        Mat out = new Mat(e.rows, 2);
        double[] row = new double[dim];
        for (int j = 0; j < e.rows; j++) {
            System.arraycopy(e.data, j * dim, row, 0, dim);
            out.data[2 * j] = dot(row, u1);
            out.data[2 * j + 1] = dot(row, u2);
        }
        return out;
    }

    /**
     * How circular a projection is, about the points' centroid (the mean row F_0 shifts every point alike):
     * the coefficient of variation of the radii, and the fraction of j whose
     * angle step φ_{j+1} − φ_j (wrapped to (−π, π]) is within π/p of s·2πk/p (wrapped), s = ±1 the better
     * orientation. A perfect circle visited in steps of k gives (0, 1).
     */
    public record Circularity(double radiusCv, double stepFraction) {
    }

    public static Circularity circularity(Mat proj, int k) {
        int p = proj.rows;
        double[] r = new double[p];
        double[] phi = new double[p];
        double cx = 0.0;
        double cy = 0.0;
        for (int j = 0; j < p; j++) {
            cx += proj.data[2 * j];
            cy += proj.data[2 * j + 1];
        }
        cx /= p;
        cy /= p;
        double mean = 0.0;
        for (int j = 0; j < p; j++) {
            double x = proj.data[2 * j] - cx;
            double y = proj.data[2 * j + 1] - cy;
            r[j] = Math.sqrt(x * x + y * y);
            phi[j] = StrictMath.atan2(y, x);
            mean += r[j];
        }
        mean /= p;
        double var = 0.0;
        for (double v : r) {
            var += (v - mean) * (v - mean);
        }
        double cv = Math.sqrt(var / p) / mean;
        double target = wrap(2.0 * StrictMath.PI * k / p);
        int plus = 0;
        int minus = 0;
        for (int j = 0; j < p; j++) {
            double step = wrap(phi[(j + 1) % p] - phi[j]);
            if (Math.abs(wrap(step - target)) <= StrictMath.PI / p) {
                plus++;
            }
            if (Math.abs(wrap(step + target)) <= StrictMath.PI / p) {
                minus++;
            }
        }
        return new Circularity(cv, (double) Math.max(plus, minus) / p);
    }

    static double wrap(double a) {
        double twoPi = 2.0 * StrictMath.PI;
        double w = a - twoPi * Math.floor((a + StrictMath.PI) / twoPi);
        return w;
    }
}
