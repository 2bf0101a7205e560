package dev.zeroloss.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.harness.core.UsageException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModularAdditionTest {

    @Test
    void paperSplitSizesAndLabels() {
        ModularAddition d = ModularAddition.create(37, 0.7, 0);
        assertEquals(703, ModularAddition.pairCount(37));
        assertEquals(492, d.train.size());
        assertEquals(211, d.test.size());
        Set<Integer> seen = new HashSet<>();
        for (ModularAddition.Split s : new ModularAddition.Split[] {d.train, d.test}) {
            for (int i = 0; i < s.size(); i++) {
                assertTrue(s.a[i] <= s.b[i]);
                assertEquals((s.a[i] + s.b[i]) % 37, s.label[i]);
                assertTrue(seen.add(s.a[i] * 37 + s.b[i]));
            }
        }
        assertEquals(703, seen.size());
        assertEquals(66, ModularAddition.pairCount(11));
    }

    @Test
    void splitDependsOnSeedOnly() {
        ModularAddition a = ModularAddition.create(11, 0.7, 4);
        ModularAddition b = ModularAddition.create(11, 0.7, 4);
        ModularAddition c = ModularAddition.create(11, 0.7, 5);
        assertArrayEquals(a.train.a, b.train.a);
        assertArrayEquals(a.train.b, b.train.b);
        assertTrue(!java.util.Arrays.equals(a.train.a, c.train.a) || !java.util.Arrays.equals(a.train.b, c.train.b));
    }

    @Test
    void gatherIsSumOfRowsAndScatterIsItsTranspose() {
        int p = 5;
        PairRows x = new PairRows(p, new int[] {0, 1, 3}, new int[] {0, 4, 3});
        Mat e = new Mat(p, 2);
        for (int i = 0; i < e.data.length; i++) {
            e.data[i] = i * 0.25 - 1.0;
        }
        Mat z = new Mat(3, 2);
        x.gather(e, z);
        for (int c = 0; c < 2; c++) {
            assertEquals(2 * e.get(0, c), z.get(0, c));
            assertEquals(e.get(1, c) + e.get(4, c), z.get(1, c));
            assertEquals(2 * e.get(3, c), z.get(2, c));
        }
        Mat m = Mat.of(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6});
        Mat s = new Mat(p, 2);
        x.scatter(m, s);
        assertArrayEquals(new double[] {2, 4, 3, 4, 0, 0, 10, 12, 3, 4}, s.data);
    }

    @Test
    void badInputs() {
        assertThrows(UsageException.class, () -> ModularAddition.create(2, 0.7, 0));
        assertThrows(UsageException.class, () -> ModularAddition.create(11, 0.0, 0));
        assertThrows(UsageException.class, () -> ModularAddition.create(11, 1.0, 0));
        assertThrows(UsageException.class, () -> ModularAddition.create(3, 0.01, 0)); // 0 train rows
    }
}
