package dev.zeroloss.harness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.data.ModularAddition;
import org.junit.jupiter.api.Test;

class IsolatedDynamicsTest {

    private static IsolatedDynamics make(ModularAddition data, Mat e0, WorkerPool pool) {
        int p = data.p;
        return new IsolatedDynamics(new Linalg(pool), data.train.rows(p), data.train.label, data.test.rows(p),
                data.test.label, e0);
    }

    /** R(E)/λ = ‖E‖² + Tr(Yᵀ(HHᵀ)⁻¹Y) at E. */
    private static double cost(ModularAddition data, Mat e) {
        IsolatedDynamics sim = make(data, e, WorkerPool.serial());
        sim.forward();
        return Dense.sumSquares(e.data) + sim.traceTerm();
    }

    @Test
    void eq20EqualsMinusGradientOverTwoLambdaByFiniteDifferences() {
        ModularAddition data = ModularAddition.create(7, 0.7, 3); // 28 pairs, 20 train
        Mat e = Init.embedding(3, 7, 32);
        IsolatedDynamics sim = make(data, e, WorkerPool.serial());
        sim.forward();
        Mat dir = sim.direction().copy();
        double h = 1e-6;
        double num = 0.0;
        double den = 0.0;
        for (int i = 0; i < e.data.length; i++) {
            double old = e.data[i];
            e.data[i] = old + h;
            double rp = cost(data, e);
            e.data[i] = old - h;
            double rm = cost(data, e);
            e.data[i] = old;
            double fd = -(rp - rm) / (2 * h) / 2.0; // −∇R/(2λ) with λ = 1
            num += (fd - dir.data[i]) * (fd - dir.data[i]);
            den += dir.data[i] * dir.data[i];
        }
        double rel = Math.sqrt(num / den);
        assertTrue(rel < 1e-6, "relative error of Eq. 20 vs finite differences: " + rel);
    }

    @Test
    void smallRunGroksLate() {
        ModularAddition data = ModularAddition.create(13, 0.8, 0);
        IsolatedDynamics sim = make(data, Init.embedding(0, 13, 96), WorkerPool.serial());
        IsolatedDynamics.Eval ev = new IsolatedDynamics.Eval();
        double early = 0.0;
        double maxTrainLoss = 0.0;
        for (int t = 0; t <= 500; t++) {
            sim.forward();
            if (t % 25 == 0) {
                sim.evaluate(ev);
                maxTrainLoss = Math.max(maxTrainLoss, ev.trainLoss);
                assertEquals(1.0, ev.trainAcc);
                if (t <= 50) {
                    early = Math.max(early, ev.testAcc);
                }
            }
            if (t < 500) {
                sim.direction();
                sim.applyUpdate(0.01);
            }
        }
        assertTrue(early <= 0.2, "test accuracy early: " + early);
        assertTrue(ev.testAcc >= 0.75, "test accuracy at step 500: " + ev.testAcc);
        assertTrue(maxTrainLoss < 1e-12, "train loss: " + maxTrainLoss);
    }

    @Test
    void sameBitsOnAnyThreadCount() {
        ModularAddition data = ModularAddition.create(11, 0.7, 5);
        Mat e0 = Init.embedding(5, 11, 64);
        Mat ref = null;
        for (int threads : new int[] {1, 2, 3}) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                IsolatedDynamics sim = make(data, e0, pool);
                for (int t = 0; t < 15; t++) {
                    sim.step(0.01);
                }
                if (ref == null) {
                    ref = sim.embedding().copy();
                } else {
                    assertTrue(ref.bitEquals(sim.embedding()), "threads " + threads);
                }
            }
        }
    }

    @Test
    void deadReluRowIsAClearError() {
        ModularAddition data = ModularAddition.create(7, 0.7, 1);
        Mat e = Init.embedding(1, 7, 32);
        int a = data.train.a[0];
        int b = data.train.b[0];
        for (int c = 0; c < e.cols; c++) {
            e.set(a, c, -Math.abs(e.get(a, c)) - 0.01);
            e.set(b, c, -Math.abs(e.get(b, c)) - 0.01);
        }
        IsolatedDynamics sim = make(data, e, WorkerPool.serial());
        DynamicsBreakdownException ex = assertThrows(DynamicsBreakdownException.class, sim::forward);
        assertEquals(0, ex.step());
        assertEquals(0, ex.column());
        assertTrue(ex.getMessage().contains("step 0") && ex.getMessage().contains("column 0")
                && ex.getMessage().contains("all zeros"), ex.getMessage());
    }

    @Test
    void divergingRunIsABreakdownNamingTheStep() {
        ModularAddition data = ModularAddition.create(7, 0.7, 1);
        IsolatedDynamics sim = make(data, Init.embedding(1, 7, 32), WorkerPool.serial());
        DynamicsBreakdownException ex = assertThrows(DynamicsBreakdownException.class, () -> {
            for (int t = 0; t < 200; t++) {
                sim.step(1e6);
            }
        });
        assertTrue(ex.getMessage().contains("step " + ex.step()), ex.getMessage());
    }

    @Test
    void hiddenNotAboveTrainCountIsRejected() {
        ModularAddition data = ModularAddition.create(7, 0.7, 1); // 20 train rows
        assertThrows(IllegalArgumentException.class, () -> make(data, Init.embedding(1, 7, 20), WorkerPool.serial()));
    }

    @Test
    void stateMachineIsChecked() {
        ModularAddition data = ModularAddition.create(7, 0.7, 1);
        IsolatedDynamics sim = make(data, Init.embedding(1, 7, 32), WorkerPool.serial());
        assertThrows(IllegalStateException.class, sim::direction);
        assertThrows(IllegalStateException.class, () -> sim.applyUpdate(0.1));
    }
}
