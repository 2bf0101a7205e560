package dev.zeroloss.harness.golden;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bit-level fingerprints. A tensor's digest is SHA-256 over its elements' raw IEEE-754 bits
 * ({@link Double#doubleToRawLongBits}), each as 8 bytes big-endian, in storage order. Scalars are stored
 * as hex floats ({@link Double#toHexString}), never as decimal text: Double.toString prints some values
 * differently on JDK 17 and 25.
 */
public final class Digest {
    private Digest() {
    }

    public static String sha256(double[] data) {
        MessageDigest md = newSha256();
        byte[] buf = new byte[8 * 1024];
        int pos = 0;
        for (double v : data) {
            long bits = Double.doubleToRawLongBits(v);
            for (int s = 56; s >= 0; s -= 8) {
                buf[pos++] = (byte) (bits >>> s);
            }
            if (pos == buf.length) {
                md.update(buf, 0, pos);
                pos = 0;
            }
        }
        md.update(buf, 0, pos);
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public static String hex(double v) {
        return Double.toHexString(v);
    }

    public static double fromHex(String s) {
        return Double.parseDouble(s);
    }

    /**
     * Distance in units in the last place: how many representable doubles lie between a and b (0 when the
     * bits are equal; +0.0 and -0.0 are 1 apart). NaN against anything else counts as Long.MAX_VALUE.
     */
    public static long ulpDistance(double a, double b) {
        long x = Double.doubleToRawLongBits(a);
        long y = Double.doubleToRawLongBits(b);
        if (x == y) {
            return 0;
        }
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Long.MAX_VALUE;
        }
        long ox = x < 0 ? Long.MIN_VALUE - x - 1 : x; // monotone map of the bit pattern onto the number line
        long oy = y < 0 ? Long.MIN_VALUE - y - 1 : y;
        long d = ox - oy;
        if ((ox ^ oy) < 0 && (d ^ ox) < 0) {
            return Long.MAX_VALUE; // overflow: opposite huge values
        }
        return Math.abs(d);
    }
}
