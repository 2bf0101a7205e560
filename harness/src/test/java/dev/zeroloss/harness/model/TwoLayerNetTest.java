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

    @Test
    void descendTakesTheSameStepsAsStepBitForBit() {
        ModularAddition data = ModularAddition.create(7, 0.7, 3);
        Linalg la = new Linalg(WorkerPool.serial());
        TwoLayerNet a = new TwoLayerNet(la, data.train.rows(7), data.train.label, Init.embedding(3, 7, 16),
                Init.secondLayer(3, 16, 7));
        TwoLayerNet b = new TwoLayerNet(la, data.train.rows(7), data.train.label, Init.embedding(3, 7, 16),
                Init.secondLayer(3, 16, 7));
        for (int t = 0; t < 30; t++) {
            a.step(0.002, 0.1);
            b.descend(0.002, 0.1);
        }
        assertTrue(a.w1().bitEquals(b.w1()) && a.w2().bitEquals(b.w2()));
        // the objective's data term is the fma chain of the residuals, whichever call computed R
        double obj = b.gradients(0.1);
        double sse = 0.0;
        dev.zeroloss.engine.Mat yhat = b.predict(data.train.rows(7));
        for (int i = 0; i < yhat.rows; i++) {
            for (int c = 0; c < yhat.cols; c++) {
                double res = yhat.data[i * yhat.cols + c] - (c == data.train.label[i] ? 1.0 : 0.0);
                sse = Math.fma(res, res, sse);
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(Double.doubleToLongBits(sse), Double.doubleToLongBits(b.lastDataLoss()));
        assertTrue(obj > sse);
    }
}
