package dev.zeroloss.harness.scaling;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Decimal text of a double that is the same on every JDK: the fewest significant digits k (1..17) such
 * that the exact value rounded half-even to k digits parses back to the same double. (Double.toString
 * changed between JDK 17 and 19+ for some values; BigDecimal rounding and parseDouble are exactly
 * specified.) Plain notation for 1e-4 ≤ |v| &lt; 1e7, else "d.dddE±n". Sweep tables and run hashes use it so
 * that shards run on different JDKs merge byte for byte.
 */
public final class Num {
    private Num() {
    }

    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == 0.0) {
            return 1.0 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal r = exact;
        for (int k = 1; k <= 17; k++) {
            r = exact.round(new MathContext(k, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(r.toString()) == v) {
                break;
            }
        }
        r = r.stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e7) {
            String s = r.toPlainString();
            return s.indexOf('.') < 0 ? s + ".0" : s;
        }
        // scientific: unscaled digits d1 d2 ... with exponent
        String digits = r.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - r.scale();
        StringBuilder sb = new StringBuilder();
        if (r.signum() < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0)).append('.');
        sb.append(digits.length() > 1 ? digits.substring(1) : "0");
        sb.append('E').append(exp);
        return sb.toString();
    }
}
