package dev.zeroloss.harness.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.engine.Rng;
import org.junit.jupiter.api.Test;

class NumTest {

    @Test
    void shortestRoundTripTextIndependentOfDoubleToString() {
        assertEquals("0.001", Num.format(1e-3));
        assertEquals("0.00025", Num.format(2.5e-4));
        assertEquals("1.0", Num.format(1.0));
        assertEquals("0.0625", Num.format(0.0625));
        assertEquals("1.0E-8", Num.format(1e-8));
        assertEquals("0.002", Num.format(2e-3));
        assertEquals("1.0E23", Num.format(1e23));
        assertEquals("-0.0", Num.format(-0.0));
        assertEquals("0.1", Num.format(0.1));
        assertEquals("3891.0", Num.format(3891.0));
        assertEquals("-1.0876905762882343", Num.format(-1.0876905762882343));
        Rng r = new Rng(5);
        for (int i = 0; i < 20000; i++) {
            double v = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            String s = Num.format(v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(s)), s);
            String mantissa = s.contains("E") ? s.substring(0, s.indexOf('E')) : s;
            assertTrue(mantissa.replaceAll("[^0-9]", "").replaceFirst("^0+", "").length() <= 18, s);
        }
    }
}
