package dev.zeroloss.harness.scaling;

import dev.zeroloss.engine.Rng;
import dev.zeroloss.engine.SparseRows;
import dev.zeroloss.harness.model.Linalg;

/**
 * Trains one {@link RunConfig}. Loop (step t = 0, 1, …):
 * <ol>
 * <li>if t % eval_every == 0 (or t = max_steps, or the stop step): evaluate θ_t on the full train and test
 *     sets (loss, accuracy, V = ‖θ‖², collapse fraction); update T_mem (first train acc ≥ mem_acc), T_grok
 *     (first test acc ≥ grok_acc) and T_grok_hi (≥ grok_acc_hi);</li>
 * <li>stop at max_steps or at the first evaluation at or after T_grok_hi + stop_after;</li>
 * <li>gradient on the batch (full batch, or B rows in a seeded order: stream "scaling-batches" shuffles
 *     the train indexes, consecutive B-blocks are the batches, a new shuffle when fewer than B remain);</li>
 * <li>optimiser step with λ, or λ = 0 once T_mem is reached when wd_off_at_mem.</li>
 * </ol>
 */
public final class Trainer {

    /** Called at every step t with the parameters θ_t (before the update of step t). */
    public interface Hook {
        void onStep(int step, Mlp net, boolean evaluated, RunResult soFar);

        /**
         * Called once after the last step with the final parameters θ at {@code step} = stepsRun: the step the
         * run stopped at (max_steps, T_grok_hi + stop_after) or diverged at (onStep was not called for it then).
         */
        default void onEnd(int step, Mlp net, RunResult result) {
        }
    }

    private Trainer() {
    }

    public static RunResult run(RunConfig c, Linalg la) {
        return run(c, ModTask.of(c), la, null);
    }

    public static RunResult run(RunConfig c, ModTask task, Linalg la, Hook hook) {
        long t0 = System.nanoTime();
        int n = task.yTrain.length;
        Mlp net = new Mlp(la, task.inputDim, c.width, task.p, c.model, c.loss);
        net.init(c.seed, c.initScale, c.p);
        Optimizer opt = new Optimizer(c.optimizer, c.beta1, c.beta2, c.eps, net.params(), net.grads());
        int b = c.batch == 0 ? n : c.batch;
        boolean full = b == n;
        Mlp.Buffers trainBuf = net.buffers(n);
        Mlp.Buffers testBuf = net.buffers(task.yTest.length);
        Mlp.Buffers batchBuf = full ? trainBuf : net.buffers(b);
        SparseRows xb = full ? task.xTrain : new SparseRows(b, task.inputDim);
        int[] yb = full ? task.yTrain : new int[b];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng batchRng = Rng.stream(c.seed, "scaling-batches");
        int cursor = n; // forces a shuffle before the first minibatch
        RunResult r = new RunResult();
        r.vInit = net.squaredNorm();
        int stopAt = c.maxSteps;
        double lambda = c.lambda;
        for (int t = 0; ; t++) {
            boolean evaluated = false;
            if (t % c.evalEvery == 0 || t == stopAt) {
                evaluate(net, task, trainBuf, testBuf, r, t, c);
                evaluated = true;
                if (r.tGrokHi >= 0) {
                    stopAt = Math.min(stopAt, r.tGrokHi + c.stopAfter);
                }
                if (!Double.isFinite(r.evals.get(r.evals.size() - 1)[0])) {
                    break; // diverged: the loss is not finite; recorded as such
                }
            }
            if (hook != null) {
                hook.onStep(t, net, evaluated, r);
            }
            if (t >= stopAt) {
                r.stepsRun = t;
                break;
            }
            if (c.wdOffAtMem && r.tMem >= 0 && lambda != 0.0) {
                lambda = 0.0;
                r.wdOffStep = t;
            }
            if (!full) {
                if (cursor + b > n) {
                    batchRng.shuffle(order);
                    cursor = 0;
                }
                for (int i = 0; i < b; i++) {
                    ModTask.copyRow(task.xTrain, order[cursor + i], xb, i);
                    yb[i] = task.yTrain[order[cursor + i]];
                }
                cursor += b;
            }
            net.lossAndGradients(xb, yb, batchBuf);
            opt.step(c.eta, lambda);
            r.stepsRun = t + 1;
        }
        if (hook != null) {
            hook.onEnd(r.stepsRun, net, r);
        }
        finish(r);
        r.seconds = (System.nanoTime() - t0) / 1e9;
        return r;
    }

    private static void evaluate(Mlp net, ModTask task, Mlp.Buffers trainBuf, Mlp.Buffers testBuf, RunResult r,
                                 int t, RunConfig c) {
        net.forward(task.xTrain, trainBuf);
        double trLoss = Mlp.lossGrad(trainBuf.out, task.yTrain, null, c.loss, false);
        double trAcc = Mlp.correctRows(trainBuf.out, task.yTrain) / (double) task.yTrain.length;
        double collapse = Mlp.collapsedRows(trainBuf.out, task.yTrain) / (double) task.yTrain.length;
        net.forward(task.xTest, testBuf);
        double teLoss = Mlp.lossGrad(testBuf.out, task.yTest, null, c.loss, false);
        double teAcc = Mlp.correctRows(testBuf.out, task.yTest) / (double) task.yTest.length;
        double v = net.squaredNorm();
        r.evalSteps.add(new int[] {t});
        r.evals.add(new double[] {trLoss, trAcc, teLoss, teAcc, v, collapse});
        if (r.tMem < 0 && trAcc >= c.memAcc) {
            r.tMem = t;
            r.vAtMem = v;
        }
        if (r.tGrok < 0 && teAcc >= c.grokAcc) {
            r.tGrok = t;
            r.vAtGrok = v;
        }
        if (r.tGrokHi < 0 && teAcc >= c.grokAccHi) {
            r.tGrokHi = t;
        }
        r.finalTrainLoss = trLoss;
        r.finalTrainAcc = trAcc;
        r.finalTestLoss = teLoss;
        r.finalTestAcc = teAcc;
        r.collapseFraction = collapse;
        r.maxCollapseFraction = Math.max(r.maxCollapseFraction, collapse);
    }

    /** V peak after T_mem (up to T_grok, or the end) and the log-V decay slope from the peak to T_grok. */
    static void finish(RunResult r) {
        if (r.tMem < 0) {
            return;
        }
        int end = r.tGrok >= 0 ? r.tGrok : Integer.MAX_VALUE;
        int peakIdx = -1;
        for (int i = 0; i < r.evals.size(); i++) {
            int s = r.evalSteps.get(i)[0];
            if (s < r.tMem || s > end) {
                continue;
            }
            if (peakIdx < 0 || r.evals.get(i)[4] > r.evals.get(peakIdx)[4]) {
                peakIdx = i;
            }
        }
        r.vPeak = r.evals.get(peakIdx)[4];
        r.vPeakStep = r.evalSteps.get(peakIdx)[0];
        if (r.tGrok < 0) {
            return;
        }
        // least squares of log V on step over [peak, T_grok]
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = 0;
        for (int i = peakIdx; i < r.evals.size(); i++) {
            int s = r.evalSteps.get(i)[0];
            if (s > r.tGrok) {
                break;
            }
            double y = StrictMath.log(r.evals.get(i)[4]);
            sx += s;
            sy += y;
            sxx += (double) s * s;
            sxy += s * y;
            m++;
        }
        if (m >= 3) {
            double den = m * sxx - sx * sx;
            r.decayRate = (m * sxy - sx * sy) / den;
            r.decayFrom = r.vPeakStep;
            r.decayTo = r.tGrok;
        }
    }
}
