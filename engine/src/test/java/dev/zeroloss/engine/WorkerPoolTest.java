package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void everyTaskRunsExactlyOnceAcrossManyJobs(int threads) {
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int round = 0; round < 500; round++) {
                int tasks = 1 + (round * 7) % 23;
                AtomicIntegerArray hits = new AtomicIntegerArray(tasks);
                AtomicIntegerArray workerOk = new AtomicIntegerArray(1);
                pool.run(tasks, (t, w) -> {
                    hits.incrementAndGet(t);
                    if (w < 0 || w >= threads) {
                        workerOk.set(0, 1);
                    }
                });
                for (int t = 0; t < tasks; t++) {
                    assertEquals(1, hits.get(t), "round " + round + " task " + t);
                }
                assertEquals(0, workerOk.get(0), "worker index out of range");
            }
        }
    }

    @Test
    void workerIndicesAreDistinctPerConcurrentTask() {
        // Each worker index owns its own workspace: two tasks running at once must never share an index.
        try (WorkerPool pool = new WorkerPool(3)) {
            int[] busy = new int[3];
            boolean[] clash = new boolean[1];
            for (int round = 0; round < 200; round++) {
                pool.run(12, (t, w) -> {
                    synchronized (busy) {
                        if (busy[w] != 0) {
                            clash[0] = true;
                        }
                        busy[w]++;
                    }
                    Thread.onSpinWait();
                    synchronized (busy) {
                        busy[w]--;
                    }
                });
            }
            assertTrue(!clash[0], "two running tasks shared a worker index");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7})
    void taskExceptionReachesTheCallerAndPoolStaysUsable(int threads) {
        try (WorkerPool pool = new WorkerPool(threads)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(10, (t, w) -> {
                if (t == 4) {
                    throw new IllegalStateException("task 4 failed");
                }
            }));
            assertEquals("task 4 failed", e.getMessage());
            double[] out = new double[10];
            pool.run(10, (t, w) -> out[t] = t);
            assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, out);
        }
    }

    @Test
    void rejectsBadThreadCountsAndUseAfterClose() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
        WorkerPool pool = new WorkerPool(2);
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.run(2, (t, w) -> { }));
    }
}
