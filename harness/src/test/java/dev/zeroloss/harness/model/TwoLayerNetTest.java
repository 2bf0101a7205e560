package dev.zeroloss.harness.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.data.ModularAddition;
import org.junit.jupiter.api.Test;

class TwoLayerNetTest {

    @Test
    void backpropMatchesFiniteDifferences() {
        ModularAddition data = ModularAddition.create(7, 0.7, 2);
        Mat w1 = Init.embedding(2, 7, 12);
        Mat w2 = Init.secondLayer(2, 12, 7);
        double lambda = 0.1;
        Linalg la = new Linalg(WorkerPool.serial());
        TwoLayerNet net = new TwoLayerNet(la, data.train.rows(7), data.train.label, w1, w2);
        net.gradients(lambda);
        Mat g1 = net.gradW1().copy();
        Mat g2 = net.gradW2().copy();
        double h = 1e-6;
        for (Mat which : new Mat[] {w1, w2}) {
            Mat g = which == w1 ? g1 : g2;
            double num = 0.0;
            double den = 0.0;
            for (int i = 0; i < which.data.length; i++) {
                double old = which.data[i];
                which.data[i] = old + h;
                double lp = new TwoLayerNet(la, data.train.rows(7), data.train.label, w1, w2).gradients(lambda);
                which.data[i] = old - h;
                double lm = new TwoLayerNet(la, data.train.rows(7), data.train.label, w1, w2).gradients(lambda);
                which.data[i] = old;
                double fd = (lp - lm) / (2 * h);
                num += (fd - g.data[i]) * (fd - g.data[i]);
                den += g.data[i] * g.data[i];
            }
            double rel = Math.sqrt(num / den);
            assertTrue(rel < 1e-6, (which == w1 ? "W1" : "W2") + " relative error " + rel);
        }
    }

    @Test
    void gradientDescentLowersTheObjective() {
        ModularAddition data = ModularAddition.create(7, 0.7, 2);
        TwoLayerNet net = new TwoLayerNet(new Linalg(WorkerPool.serial()), data.train.rows(7), data.train.label,
                Init.embedding(2, 7, 16), Init.secondLayer(2, 16, 7));
        double first = net.step(0.002, 0.1);
        double last = first;
        for (int t = 0; t < 50; t++) {
            last = net.step(0.002, 0.1);
        }
        assertTrue(last < first, first + " -> " + last);
    }
}
