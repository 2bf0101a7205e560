package dev.zeroloss.harness.experiments;

import dev.zeroloss.engine.NotPositiveDefiniteException;
import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.analysis.TangentProjection;
import dev.zeroloss.harness.core.Config;
import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.core.Param;
import dev.zeroloss.harness.core.Progress;
import dev.zeroloss.harness.core.RunContext;
import dev.zeroloss.harness.core.Table;
import dev.zeroloss.harness.core.TestHooks;
import dev.zeroloss.harness.core.UsageException;
import dev.zeroloss.harness.model.Linalg;
import dev.zeroloss.harness.model.SmallReluNet;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figs. 5 and 7 (Sec. 4.6, App. D): does the real GD update follow the norm-minimising tangent direction of the
 * zero-loss manifold? Full-batch GD with weight decay on a two-layer ReLU net (modular addition, p = 11,
 * 66 unordered pairs, 7 test). At measured steps t: Δθ_t = θ_t − θ_{max(0, t−lag)}; θ'_t = θ_t after a few
 * momentum GD steps without decay (≈ projection onto Z); J = Jacobian of all training outputs at θ'_t;
 * g̃_t = (I − J⁺J)(−θ_t) normalised; record cos(Δθ_t, g̃_t) (NaN at t = 0, where Δθ = 0).
 *
 * <p>Two phases, both deterministic for any thread count: (1) one task per seed runs the GD trajectory and keeps
 * θ_t and θ_{t−lag} at every measured step; (2) one task per (seed, measured step) does the projection work on a
 * private one-thread {@link Linalg}, so the 5 × 381 measurements balance over the cores. Both phases are one pool
 * job: a projection task waits for its seed's trajectory, so cores without a trajectory measure finished seeds.
 *
 * <p>Resume (--checkpoint-every N): the seeds advance in lockstep in chunks that end at the multiples of N;
 * after each chunk phase 2 measures the steps the chunk passed, then one snapshot (run "trajectories") holds
 * every seed's θ, the θ_{t−lag} kept for measurements still ahead, the measurements so far and the golden
 * checkpoint data. A measurement depends only on θ_t and θ_{t−lag}, and each trajectory only on its seed, so
 * the chunking changes no bit; without N there is one chunk, the plain two-phase run. Golden checkpoints
 * (θ and the metrics at every tenth of the run; the cosine where the step is also measured) are recorded after
 * all chunks, seed by seed, so their order does not depend on N either.
 */
public final class Fig5TangentCosine implements Experiment {

    @Override
    public String name() {
        return "fig5";
    }

    @Override
    public String title() {
        return "Figs. 5 & 7: cosine between real GD updates and the norm-minimising tangent direction (p=11 MLP)";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.integer("p", 11, 2, 61, "modulus; unordered pairs a<=b give p(p+1)/2 samples (paper: 11)"),
                Param.integer("hidden", 128, 1, 4096, "hidden width (paper: 128)"),
                Param.integer("test_pairs", 7, 1, 1_000_000, "number of test pairs (paper: 7 of 66)"),
                Param.real("lr", 1.0, 0.0, true, 100.0, false, "GD learning rate (paper: 1)"),
                Param.real("weight_decay", 1e-4, 0.0, 1.0, "lambda, applied as grad += lambda*theta (paper: 1e-4)"),
                Param.integer("steps", 200_000, 1, 100_000_000, "GD steps"),
                Param.integer("lag", 10, 1, 1_000_000, "delta theta_t = theta_t - theta_{t-lag} (paper: 10)"),
                Param.integer("proj_steps", 100, 0, 1_000_000,
                        "momentum GD steps without decay that estimate proj_Z(theta_t) (paper: 100)"),
                Param.real("proj_lr", 1.0, 0.0, true, 100.0, false, "learning rate of those steps (paper: 1)"),
                Param.real("proj_momentum", 0.9, 0.0, false, 1.0, true, "momentum of those steps (paper: 0.9)"),
                Param.integer("fine_every", 100, 1, 100_000_000, "measure every this many steps up to fine_until"),
                Param.integer("fine_until", 20_000, 0, 100_000_000, "end of the fine measurement grid"),
                Param.integer("coarse_every", 1000, 1, 100_000_000, "measure every this many steps after fine_until"),
                Param.real("loss_threshold", 1e-4, 0.0, true, 1.0, false,
                        "report the first step whose train loss is below this"));
    }

    @Override
    public List<Integer> defaultSeeds() {
        return List.of(0, 1, 2, 3, 4);
    }

    @Override
    public Map<String, String> ciScale() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("steps", "400");
        m.put("fine_every", "50");
        m.put("fine_until", "200");
        m.put("coarse_every", "100");
        m.put("proj_steps", "20");
        return m;
    }

    /** The measured steps: 0, then every fine_every up to fine_until, then every coarse_every, and the last step. */
    static int[] measuredSteps(int steps, int fineEvery, int fineUntil, int coarseEvery) {
        List<Integer> out = new ArrayList<>();
        out.add(0);
        int until = Math.min(fineUntil, steps);
        for (long t = fineEvery; t <= until; t += fineEvery) {
            out.add((int) t);
        }
        long start = ((long) until / coarseEvery + 1) * coarseEvery;
        for (long t = start; t <= steps; t += coarseEvery) {
            out.add((int) t);
        }
        if (out.get(out.size() - 1) != steps) {
            out.add(steps);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Waits until trajectory {@code i} of the current job has ended; false if it failed (its own exception is then
     * the job's failure, which the pool rethrows, so the waiting task just returns).
     */
    private static boolean awaitTrajectory(AtomicIntegerArray trajectory, int i) {
        int spins = 0;
        int st;
        while ((st = trajectory.get(i)) == 0) {
            if (++spins < 10_000) {
                Thread.onSpinWait();
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000L);
            }
        }
        return st == 1;
    }

    /** What phase 1 leaves for one seed. */
    static final class SeedRun {
        final int seed;
        final Fig5Data.Split split;
        final int[] steps;
        final double[][] theta;
        final double[][] thetaPrev;
        final double[] trainLoss;
        final double[] trainAcc;
        final double[] testLoss;
        final double[] testAcc;
        final double[] norm;
        int tMem = -1;
        int tLoss = -1;
        final double[] cosine;
        final double[] projLoss;
        final double[] minPivot;
        final double[] maxPivot;
        final double[] tangentShare;
        final boolean[] fullRank;

        SeedRun(int seed, Fig5Data.Split split, int[] steps, int[] cpSteps) {
            this.seed = seed;
            this.split = split;
            this.steps = steps;
            int m = steps.length;
            theta = new double[m][];
            thetaPrev = new double[m][];
            trainLoss = new double[m];
            trainAcc = new double[m];
            testLoss = new double[m];
            testAcc = new double[m];
            norm = new double[m];
            cosine = new double[m];
            projLoss = new double[m];
            minPivot = new double[m];
            maxPivot = new double[m];
            tangentShare = new double[m];
            fullRank = new boolean[m];
            this.cpSteps = cpSteps;
            cpTheta = new double[cpSteps.length][];
            cpMetrics = new double[cpSteps.length][];
        }

        // The live trajectory: θ_t before step t, and where the bookkeeping stands.
        final int[] cpSteps;
        final double[][] cpTheta;   // θ at each golden checkpoint step
        final double[][] cpMetrics; // train loss, train acc, test loss, test acc, ‖θ‖ there
        private double[] cur;
        private double[] grad;
        private SmallReluNet.Workspace wsTr;
        private SmallReluNet.Workspace wsTe;
        private int next;     // next measured index
        private int nextPrev; // next measured index whose θ_{t−lag} is still to be kept
        private int nextCp;   // next checkpoint index

        void start(SmallReluNet net, double[] theta0) {
            cur = theta0;
            grad = new double[theta0.length];
            wsTr = net.workspace(split.train().size());
            wsTe = net.workspace(split.test().size());
        }

        /**
         * Runs the GD iterations t = from..to−1 (the iteration t = total evaluates only): the loss and gradient
         * at θ_t, the bookkeeping of step t, then θ_{t+1}.
         */
        void advance(SmallReluNet net, int from, int to, int total, double lr, double wd, int lag, double lossThr,
                     AtomicLong done, Progress prog) {
            int nTr = split.train().size();
            int nTe = split.test().size();
            int m = steps.length;
            double[] theta = cur;
            for (int t = from; t < to; t++) {
                double loss = net.lossAndGradient(theta, split.train(), wsTr, grad);
                if (tMem < 0 && wsTr.correct == nTr) {
                    tMem = t;
                }
                if (tLoss < 0 && loss < lossThr) {
                    tLoss = t;
                }
                while (nextPrev < m && Math.max(0, steps[nextPrev] - lag) == t) {
                    thetaPrev[nextPrev++] = theta.clone();
                }
                boolean meas = next < m && steps[next] == t;
                boolean cp = nextCp < cpSteps.length && cpSteps[nextCp] == t;
                if (meas || cp) {
                    double trAcc = wsTr.correct / (double) nTr;
                    net.forward(theta, split.test(), wsTe);
                    double teLoss = wsTe.loss;
                    double teAcc = wsTe.correct / (double) nTe;
                    double nrm = TangentProjection.norm(theta);
                    if (meas) {
                        this.theta[next] = theta.clone();
                        trainLoss[next] = loss;
                        trainAcc[next] = trAcc;
                        testLoss[next] = teLoss;
                        testAcc[next] = teAcc;
                        norm[next] = nrm;
                        next++;
                    }
                    if (cp) {
                        cpTheta[nextCp] = theta.clone();
                        cpMetrics[nextCp] = new double[] {loss, trAcc, teLoss, teAcc, nrm};
                        nextCp++;
                    }
                }
                TestHooks.step("seed" + seed, t);
                if (t == total) {
                    break;
                }
                // SGD with weight decay as PyTorch does it: g = grad + λθ; θ ← θ − lr·g.
                for (int i = 0; i < theta.length; i++) {
                    double g = Math.fma(wd, theta[i], grad[i]);
                    theta[i] = Math.fma(-lr, g, theta[i]);
                }
                if ((t & 1023) == 1023) {
                    long d = done.addAndGet(1024);
                    if (prog != null) {
                        prog.update(d, null);
                    }
                }
            }
        }

        /** Adds this seed's state at a chunk boundary {@code at} (θ_at; everything before it done) to {@code s}. */
        void save(Map<String, double[]> s, int at, int lag) {
            String k = "seed" + seed + "/";
            s.put(k + "theta", cur);
            s.put(k + "first_steps", new double[] {tMem, tLoss});
            for (int i = countBelow(steps, at); i < nextPrev; i++) {
                s.put(k + "theta_prev/" + i, thetaPrev[i]); // kept for a measurement still ahead
            }
            for (int j = 0; j < nextCp; j++) {
                s.put(k + "cp_theta/" + j, cpTheta[j]);
                s.put(k + "cp_metrics/" + j, cpMetrics[j]);
            }
            s.put(k + "train_loss", trainLoss);
            s.put(k + "train_acc", trainAcc);
            s.put(k + "test_loss", testLoss);
            s.put(k + "test_acc", testAcc);
            s.put(k + "norm", norm);
            s.put(k + "cosine", cosine);
            s.put(k + "proj_loss", projLoss);
            s.put(k + "min_pivot", minPivot);
            s.put(k + "max_pivot", maxPivot);
            s.put(k + "tangent_share", tangentShare);
            double[] fr = new double[fullRank.length];
            for (int i = 0; i < fr.length; i++) {
                fr[i] = fullRank[i] ? 1.0 : 0.0;
            }
            s.put(k + "full_rank", fr);
        }

        /** The inverse of {@link #save} at the boundary {@code at}. */
        void restore(Map<String, double[]> s, int at, int lag) {
            String k = "seed" + seed + "/";
            System.arraycopy(s.get(k + "theta"), 0, cur, 0, cur.length);
            double[] first = s.get(k + "first_steps");
            tMem = (int) first[0];
            tLoss = (int) first[1];
            next = countBelow(steps, at);
            nextPrev = 0;
            while (nextPrev < steps.length && Math.max(0, steps[nextPrev] - lag) < at) {
                nextPrev++;
            }
            for (int i = next; i < nextPrev; i++) {
                thetaPrev[i] = s.get(k + "theta_prev/" + i).clone();
            }
            nextCp = countBelow(cpSteps, at);
            for (int j = 0; j < nextCp; j++) {
                cpTheta[j] = s.get(k + "cp_theta/" + j).clone();
                cpMetrics[j] = s.get(k + "cp_metrics/" + j).clone();
            }
            copy(s.get(k + "train_loss"), trainLoss);
            copy(s.get(k + "train_acc"), trainAcc);
            copy(s.get(k + "test_loss"), testLoss);
            copy(s.get(k + "test_acc"), testAcc);
            copy(s.get(k + "norm"), norm);
            copy(s.get(k + "cosine"), cosine);
            copy(s.get(k + "proj_loss"), projLoss);
            copy(s.get(k + "min_pivot"), minPivot);
            copy(s.get(k + "max_pivot"), maxPivot);
            copy(s.get(k + "tangent_share"), tangentShare);
            double[] fr = s.get(k + "full_rank");
            for (int i = 0; i < fr.length; i++) {
                fullRank[i] = fr[i] != 0.0;
            }
        }

        private static void copy(double[] from, double[] to) {
            System.arraycopy(from, 0, to, 0, to.length);
        }
    }

    @Override
    public void run(RunContext ctx) {
        Config c = ctx.config();
        final int p = c.getInt("p");
        final int hidden = c.getInt("hidden");
        final int testPairs = c.getInt("test_pairs");
        final double lr = c.getDouble("lr");
        final double wd = c.getDouble("weight_decay");
        final int steps = c.getInt("steps");
        final int lag = c.getInt("lag");
        final int projSteps = c.getInt("proj_steps");
        final double projLr = c.getDouble("proj_lr");
        final double projMom = c.getDouble("proj_momentum");
        final double lossThr = c.getDouble("loss_threshold");
        final int k = Fig5Data.pairCount(p);
        if (testPairs >= k) {
            throw new UsageException("test_pairs=" + testPairs + ": p=" + p + " has only " + k
                    + " unordered pairs; test_pairs must be in [1, " + (k - 1) + "] so the training set is not empty");
        }
        final SmallReluNet net = new SmallReluNet(p, hidden, p);
        int nTrain = k - testPairs;
        if ((long) nTrain * p > net.paramCount()) {
            throw new UsageException("hidden=" + hidden + " with p=" + p + ": the Jacobian of the " + nTrain + "x" + p
                    + " training outputs has more rows (" + (nTrain * p) + ") than the net has parameters ("
                    + net.paramCount() + "), so J·Jᵀ is singular and (I − J⁺J) is undefined; use hidden >= "
                    + ceilDiv((long) nTrain * p, 2L * p) + " or more test pairs");
        }
        final int[] measured = measuredSteps(steps, c.getInt("fine_every"), c.getInt("fine_until"),
                c.getInt("coarse_every"));
        final int[] cpSteps = checkpointSteps(steps);
        final List<Integer> seeds = ctx.seeds();
        final SeedRun[] runs = new SeedRun[seeds.size()];
        for (int i = 0; i < runs.length; i++) {
            int seed = seeds.get(i);
            runs[i] = new SeedRun(seed, Fig5Data.split(p, testPairs, seed), measured, cpSteps);
            runs[i].start(net, Fig5Data.initTheta(net, seed));
        }
        final int m = measured.length;
        // timing (never digested): wall and CPU seconds of the two phases, summed over resumes
        double[] timing = new double[4];
        int from = 0;
        RunContext.ResumePoint rp = ctx.resumePoint(SNAPSHOT_RUN);
        if (rp != null) {
            from = (int) rp.step();
            for (SeedRun r : runs) {
                r.restore(rp.state(), from, lag);
            }
            timing = rp.state().get("timing").clone();
        }
        WorkerPool pool = ctx.pool();
        final Linalg[] las = new Linalg[pool.threads()];
        for (int w = 0; w < las.length; w++) {
            las[w] = new Linalg(new WorkerPool(1));
        }
        final AtomicLong done = new AtomicLong((long) seeds.size() * from);
        Progress prog1 = ctx.progress("GD", (long) seeds.size() * steps);
        int measuredBefore = countBelow(measured, from);
        final AtomicLong done2 = new AtomicLong((long) runs.length * measuredBefore);
        Progress prog2 = ctx.progress("projections", (long) runs.length * m);
        try {
            while (true) {
                // The chunk: steps from..to-1 (to = steps + 1 for the last, which also evaluates step `steps`).
                int to = from + 1;
                while (to <= steps && !ctx.snapshotDue(to)) {
                    to++;
                }
                final int lo = from;
                final int hi = to;
                // Phase 1 (trajectories, one task per seed) and phase 2 (projections of the steps this chunk passed,
                // one task per (seed, measured step), each on its worker's one-thread Linalg) as ONE job: tasks are
                // claimed in index order, trajectories first, so a projection task waits only for a trajectory that
                // is already running on another worker; meanwhile the cores that have no trajectory left measure
                // the finished seeds (5 seeds on 2 cores: the odd trajectory no longer runs beside an idle core).
                // Every task writes only its own slots, so the schedule changes no bit.
                final int i0 = measuredBefore;
                final int cnt = countBelow(measured, to) - i0;
                final int nRuns = runs.length;
                final AtomicIntegerArray trajectory = new AtomicIntegerArray(nRuns); // 0 running, 1 done, 2 failed
                final long t0 = System.nanoTime();
                final AtomicLong trajectoriesEnd = new AtomicLong(t0);
                final AtomicLong cpu1 = new AtomicLong();
                final AtomicLong cpu2 = new AtomicLong();
                pool.run(nRuns + nRuns * cnt, (task, worker) -> {
                    long c0 = cpuNanos();
                    if (task < nRuns) {
                        boolean ok = false;
                        try {
                            runs[task].advance(net, lo, hi, steps, lr, wd, lag, lossThr, done,
                                    worker == 0 ? prog1 : null);
                            ok = true;
                        } finally {
                            trajectory.set(task, ok ? 1 : 2);
                            trajectoriesEnd.accumulateAndGet(System.nanoTime(), Math::max);
                            cpu1.addAndGet(cpuNanos() - c0);
                        }
                        return;
                    }
                    int mt = task - nRuns;
                    if (!awaitTrajectory(trajectory, mt / cnt)) {
                        return;
                    }
                    c0 = cpuNanos();
                    SeedRun r = runs[mt / cnt];
                    int idx = i0 + mt % cnt;
                    TestHooks.step("seed" + r.seed + "/measure", r.steps[idx]);
                    measure(net, r, idx, projSteps, projLr, projMom, las[worker]);
                    r.theta[idx] = null; // measured: only the results are kept
                    r.thetaPrev[idx] = null;
                    cpu2.addAndGet(cpuNanos() - c0);
                    long d = done2.incrementAndGet();
                    if (worker == 0) {
                        prog2.update(d, null);
                    }
                });
                long t1 = System.nanoTime();
                timing[0] += (trajectoriesEnd.get() - t0) / 1e9; // wall until the last trajectory of the chunk ended
                timing[1] += (t1 - trajectoriesEnd.get()) / 1e9; // wall of the projections after that
                timing[2] += cpu1.get() / 1e9;
                timing[3] += cpu2.get() / 1e9;
                measuredBefore += cnt;
                if (to > steps) {
                    break;
                }
                Map<String, double[]> state = new LinkedHashMap<>();
                for (SeedRun r : runs) {
                    r.save(state, to, lag);
                }
                state.put("timing", timing.clone());
                ctx.snapshot(SNAPSHOT_RUN, to, state);
                from = to;
            }
        } finally {
            for (Linalg la : las) {
                la.pool().close();
            }
        }
        prog1.done();
        prog2.done();

        // Golden checkpoints, seed by seed.
        for (SeedRun r : runs) {
            for (int j = 0; j < cpSteps.length; j++) {
                double[] cm = r.cpMetrics[j];
                Map<String, Double> met = new LinkedHashMap<>();
                met.put("train_loss", cm[0]);
                met.put("train_acc", cm[1]);
                met.put("test_loss", cm[2]);
                met.put("test_acc", cm[3]);
                met.put("theta_norm", cm[4]);
                int idx = indexOf(measured, cpSteps[j]);
                if (idx >= 0) {
                    met.put("cosine", r.cosine[idx]);
                }
                ctx.checkpoint("seed" + r.seed, cpSteps[j], Map.of("theta", r.cpTheta[j]), met);
            }
        }

        report(ctx, net, runs, measured, steps, lag, lossThr, timing[0], timing[1], timing[2], timing[3]);
    }

    /** The snapshot's run name: all seeds advance together. */
    static final String SNAPSHOT_RUN = "trajectories";

    /** The golden checkpoint steps of a run of {@code steps} steps, increasing. */
    static int[] checkpointSteps(int steps) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            int t = (int) ((long) steps * i / 10);
            if (RunContext.isCheckpoint(t, steps) && (out.isEmpty() || out.get(out.size() - 1) != t)) {
                out.add(t);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** How many of the increasing {@code values} are below {@code bound}. */
    static int countBelow(int[] values, long bound) {
        int n = 0;
        while (n < values.length && values[n] < bound) {
            n++;
        }
        return n;
    }

    /** CPU time of the current thread (timing only: never part of a recorded result). */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * θ' = θ after {@code n} steps of heavy-ball GD without decay (PyTorch SGD momentum: buf ← μ·buf + g,
     * buf₀ = g; θ ← θ − lr·buf). Returns θ' (a new array).
     */
    public static double[] momentumSteps(SmallReluNet net, SmallReluNet.Batch batch, double[] theta, int n,
                                         double lr, double mu) {
        double[] th = theta.clone();
        double[] grad = new double[th.length];
        double[] buf = new double[th.length];
        SmallReluNet.Workspace ws = net.workspace(batch.size());
        for (int s = 0; s < n; s++) {
            net.lossAndGradient(th, batch, ws, grad);
            for (int i = 0; i < th.length; i++) {
                buf[i] = Math.fma(mu, buf[i], grad[i]); // first step: μ·0 + g = g exactly
                th[i] = Math.fma(-lr, buf[i], th[i]);
            }
        }
        return th;
    }

    static void measure(SmallReluNet net, SeedRun r, int idx, int projSteps, double projLr, double projMom,
                        Linalg la) {
        double[] theta = r.theta[idx];
        double[] thetaPrime = momentumSteps(net, r.split.train(), theta, projSteps, projLr, projMom);
        SmallReluNet.Workspace ws = net.workspace(r.split.train().size());
        net.forward(thetaPrime, r.split.train(), ws);
        r.projLoss[idx] = ws.loss;
        double[] neg = new double[theta.length];
        double[] delta = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            neg[i] = -theta[i];
            delta[i] = theta[i] - r.thetaPrev[idx][i];
        }
        try {
            TangentProjection tp = new TangentProjection(net, r.split.train(), thetaPrime, la);
            double[] g = tp.project(neg);
            r.fullRank[idx] = true;
            r.minPivot[idx] = tp.minPivot();
            r.maxPivot[idx] = tp.maxPivot();
            r.tangentShare[idx] = TangentProjection.norm(g) / TangentProjection.norm(theta);
            // cos(Δθ, g̃) with g̃ = g/‖g‖ is cos(Δθ, g). At t = 0, Δθ = 0: undefined, NaN.
            r.cosine[idx] = r.steps[idx] == 0 ? Double.NaN : TangentProjection.cosine(delta, g);
        } catch (NotPositiveDefiniteException e) {
            r.fullRank[idx] = false;
            r.minPivot[idx] = e.pivot();
            r.maxPivot[idx] = Double.NaN;
            r.tangentShare[idx] = Double.NaN;
            r.cosine[idx] = Double.NaN;
        }
    }

    // ---------------------------------------------------------------------------------------------- reporting

    private static double meanSkipNaN(double[] v) {
        double s = 0.0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static double[] column(SeedRun[] runs, int idx, java.util.function.Function<SeedRun, double[]> f) {
        double[] v = new double[runs.length];
        for (int s = 0; s < runs.length; s++) {
            v[s] = f.apply(runs[s])[idx];
        }
        return v;
    }

    private static double[] mean(SeedRun[] runs, int m, java.util.function.Function<SeedRun, double[]> f) {
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            out[i] = meanSkipNaN(column(runs, i, f));
        }
        return out;
    }

    private static int indexOf(int[] steps, int t) {
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == t) {
                return i;
            }
        }
        return -1;
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String g3(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private void report(RunContext ctx, SmallReluNet net, SeedRun[] runs, int[] steps, int totalSteps, int lag,
                        double lossThr, double phase1, double phase2, double cpu1, double cpu2) {
        int m = steps.length;
        Table t = ctx.table("metrics.csv", "seed", "step", "train_loss", "train_acc", "test_loss", "test_acc",
                "theta_norm", "cosine", "proj_train_loss", "jjt_min_pivot", "jjt_max_pivot", "jacobian_full_rank",
                "tangent_share");
        for (SeedRun r : runs) {
            for (int i = 0; i < m; i++) {
                t.add(r.seed, r.steps[i], r.trainLoss[i], r.trainAcc[i], r.testLoss[i], r.testAcc[i], r.norm[i],
                        r.cosine[i], r.projLoss[i], r.minPivot[i], r.maxPivot[i], r.fullRank[i], r.tangentShare[i]);
            }
        }
        double[] mTrainLoss = mean(runs, m, r -> r.trainLoss);
        double[] mTestLoss = mean(runs, m, r -> r.testLoss);
        double[] mTrainAcc = mean(runs, m, r -> r.trainAcc);
        double[] mTestAcc = mean(runs, m, r -> r.testAcc);
        double[] mCos = mean(runs, m, r -> r.cosine);
        double[] mNorm = mean(runs, m, r -> r.norm);
        Table tm = ctx.table("mean.csv", "step", "train_loss", "test_loss", "train_acc", "test_acc", "cosine",
                "theta_norm");
        for (int i = 0; i < m; i++) {
            tm.add(steps[i], mTrainLoss[i], mTestLoss[i], mTrainAcc[i], mTestAcc[i], mCos[i], mNorm[i]);
        }

        // Figures.
        ctx.figure("fig5_loss.png", lineChart("Fig. 5 (left): train and test loss, mean of " + runs.length + " runs",
                "loss (MSE, mean over n·p)", true, steps, new String[] {"train loss", "test loss"},
                new double[][] {mTrainLoss, mTestLoss}));
        ctx.figure("fig5_cosine.png", cosineChart("Fig. 5 (right)", runs, steps, mCos));
        ctx.figure("fig7_accuracy.png", lineChart("Fig. 7 (left): train and test accuracy, mean of " + runs.length
                + " runs", "accuracy", false, steps, new String[] {"train accuracy", "test accuracy"},
                new double[][] {mTrainAcc, mTestAcc}));
        ctx.figure("fig7_cosine.png", cosineChart("Fig. 7 (right)", runs, steps, mCos));

        // Numbers.
        int fullRank = 0;
        double minPivot = Double.POSITIVE_INFINITY;
        int rows = runs[0].split.train().size() * net.dOut;
        List<Integer> tMem = new ArrayList<>();
        List<Integer> tLoss = new ArrayList<>();
        List<Integer> tGrok = new ArrayList<>();
        List<Integer> peakStepRun = new ArrayList<>();
        List<Double> peakValRun = new ArrayList<>();
        List<Double> finalNorm = new ArrayList<>();
        for (SeedRun r : runs) {
            for (int i = 0; i < m; i++) {
                if (r.fullRank[i]) {
                    fullRank++;
                    minPivot = Math.min(minPivot, r.minPivot[i]);
                }
            }
            tMem.add(r.tMem);
            tLoss.add(r.tLoss);
            int g = -1;
            for (int i = 0; i < m; i++) {
                if (r.testAcc[i] == 1.0) {
                    g = r.steps[i];
                    break;
                }
            }
            tGrok.add(g);
            int best = -1;
            for (int i = 0; i < m; i++) {
                if (!Double.isNaN(r.cosine[i]) && (best < 0 || r.cosine[i] > r.cosine[best])) {
                    best = i;
                }
            }
            peakStepRun.add(best < 0 ? -1 : r.steps[best]);
            peakValRun.add(best < 0 ? Double.NaN : r.cosine[best]);
            finalNorm.add(r.norm[m - 1]);
        }
        int peak = -1;
        for (int i = 0; i < m; i++) {
            if (!Double.isNaN(mCos[i]) && (peak < 0 || mCos[i] > mCos[peak])) {
                peak = i;
            }
        }
        double peakVal = peak < 0 ? Double.NaN : mCos[peak];
        int peakStep = peak < 0 ? -1 : steps[peak];
        // Steepest fall of the mean test loss per unit of log(step), between consecutive measured steps.
        int steep = -1;
        double steepRate = Double.NEGATIVE_INFINITY;
        for (int i = 2; i < m; i++) {
            double rate = (StrictMath.log(mTestLoss[i - 1]) - StrictMath.log(mTestLoss[i]))
                    / (StrictMath.log(steps[i]) - StrictMath.log(steps[i - 1]));
            if (rate > steepRate) {
                steepRate = rate;
                steep = i;
            }
        }
        int steepStep = steep < 0 ? -1 : steps[steep];
        // Grokking window: first measured step where some run's test accuracy exceeds 1/2, to the last first-7/7.
        int grokStart = -1;
        for (int i = 0; i < m && grokStart < 0; i++) {
            for (SeedRun r : runs) {
                if (r.testAcc[i] > 0.5 && r.trainAcc[i] == 1.0) {
                    grokStart = steps[i];
                    break;
                }
            }
        }
        int grokEnd = tGrok.contains(-1) || tGrok.isEmpty() ? -1 : tGrok.stream().mapToInt(Integer::intValue).max().getAsInt();
        double meanFinalNorm = mNorm[m - 1];
        int i10k = indexOf(steps, 10_000);
        int i30k = indexOf(steps, 30_000);

        ctx.summary("measured_steps", m);
        ctx.summary("jacobian_rows", rows);
        ctx.summary("param_count", net.paramCount());
        ctx.summary("jacobian_full_rank_measurements", fullRank);
        ctx.summary("measurements", runs.length * m);
        ctx.summary("jjt_min_pivot", minPivot);
        ctx.summary("t_mem", tMem);
        ctx.summary("t_loss_below_threshold", tLoss);
        ctx.summary("t_test_acc_full", tGrok);
        ctx.summary("cosine_peak_step_per_run", peakStepRun);
        ctx.summary("cosine_peak_value_per_run", peakValRun);
        ctx.summary("mean_cosine_peak_step", peakStep);
        ctx.summary("mean_cosine_peak_value", peakVal);
        ctx.summary("mean_cosine_10k", i10k < 0 ? null : mCos[i10k]);
        ctx.summary("mean_cosine_30k", i30k < 0 ? null : mCos[i30k]);
        ctx.summary("mean_cosine_final", mCos[m - 1]);
        ctx.summary("mean_test_acc_at_cosine_peak", peak < 0 ? null : mTestAcc[peak]);
        ctx.summary("steepest_test_loss_fall_step", steepStep);
        ctx.summary("grokking_window", List.of(grokStart, grokEnd));
        ctx.summary("final_theta_norm_per_run", finalNorm);
        ctx.summary("final_theta_norm_mean", meanFinalNorm);
        ctx.summary("phase1_trajectory_seconds", Math.round(phase1 * 100) / 100.0);
        ctx.summary("phase2_projection_seconds", Math.round(phase2 * 100) / 100.0);
        ctx.summary("phase1_cpu_seconds", Math.round(cpu1 * 100) / 100.0);
        ctx.summary("phase2_cpu_seconds", Math.round(cpu2 * 100) / 100.0);
        ctx.summary("gd_step_cpu_microseconds", Math.round(cpu1 / ((double) runs.length * totalSteps) * 1e6 * 100) / 100.0);
        ctx.summary("projection_cpu_milliseconds", Math.round(cpu2 / ((double) runs.length * m) * 1e3 * 100) / 100.0);

        String fig = "Fig. 5/7";
        ctx.claim(fig, "J (" + rows + " x " + net.paramCount() + ") has full row rank at every measured θ'_t",
                fullRank + "/" + (runs.length * m) + " full rank; smallest Cholesky pivot of JJᵀ " + g3(minPivot),
                "all measurements", fullRank == runs.length * m);
        boolean memOk = !tMem.contains(-1) && tMem.stream().allMatch(x -> x <= 500);
        ctx.claim(fig, "train accuracy reaches 100 % early (reference: by step 200)", "T_mem per run " + tMem,
                "every run T_mem <= 500", memOk);
        boolean lossLater = true;
        for (int s = 0; s < runs.length; s++) {
            lossLater &= tLoss.get(s) >= 0 && tLoss.get(s) > tMem.get(s);
        }
        ctx.claim(fig, "train loss falls below " + g3(lossThr) + " only well after T_mem (accuracy alone says "
                + "'memorised' too early)", "first step with loss < " + g3(lossThr) + " per run " + tLoss,
                "every run reaches it, after its T_mem", lossLater);
        ctx.claim(fig, "mean cosine peaks at 0.78–0.82 (reference)", "peak " + f3(peakVal) + " at step " + peakStep
                + "; per run " + fmtList(peakValRun), "peak in [0.70, 0.90]", peakVal >= 0.70 && peakVal <= 0.90);
        ctx.claim(fig, "the cosine peak comes around steps 2.2k–2.6k (reference), right after the train loss settles",
                "mean peak at step " + peakStep + "; per run " + peakStepRun, "mean peak step in [1000, 5000]",
                peakStep >= 1000 && peakStep <= 5000);
        if (i10k >= 0) {
            ctx.claim(fig, "mean cosine ≈ 0.55 at step 10k (reference)", f3(mCos[i10k]), "±0.10",
                    Math.abs(mCos[i10k] - 0.55) <= 0.10);
        }
        if (i30k >= 0) {
            ctx.claim(fig, "mean cosine ≈ 0.26 at step 30k (reference)", f3(mCos[i30k]), "±0.10",
                    Math.abs(mCos[i30k] - 0.26) <= 0.10);
        }
        ctx.claim(fig, "mean cosine ≈ 0 by the end (reference: by 200k)", f3(mCos[m - 1]) + " at step " + totalSteps,
                "|cos| <= 0.10", Math.abs(mCos[m - 1]) <= 0.10);
        boolean grokOk = !tGrok.contains(-1) && tGrok.stream().allMatch(x -> x >= 20_000 && x <= 100_000);
        ctx.claim(fig, "test accuracy reaches 7/7 between steps 30k and 72k (reference)",
                "first 7/7 per run " + tGrok + " (-1: never)", "every run, within [20k, 100k]", grokOk);
        ctx.claim(fig, "final ‖θ‖ ≈ 8.25 (reference)", f3(meanFinalNorm) + " (mean); per run " + fmtList(finalNorm),
                "±5 %", Math.abs(meanFinalNorm - 8.25) <= 0.05 * 8.25);
        boolean inWindow = grokStart >= 0 && grokEnd >= 0 && peakStep >= grokStart && peakStep <= grokEnd;
        ctx.claim(fig, "the paper: the cosine is highest during grokking (while test accuracy rises)",
                "mean cosine peak at step " + peakStep + " (mean test acc there " + f3(peak < 0 ? Double.NaN : mTestAcc[peak])
                        + "); test accuracy rises in [" + grokStart + ", " + grokEnd + "] (first step a run > 1/2 "
                        + "with train 100 %, last first-7/7); steepest fall of the mean test loss at step " + steepStep,
                "peak step inside the rise window", inWindow);
    }

    private static String fmtList(List<Double> v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(f3(v.get(i)));
        }
        return sb.append(']').toString();
    }

    private static XYChart baseChart(String title, String yTitle, boolean logY) {
        XYChart ch = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("GD step (log scale)")
                .yAxisTitle(yTitle).build();
        ch.getStyler().setXAxisLogarithmic(true);
        ch.getStyler().setYAxisLogarithmic(logY);
        ch.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        ch.getStyler().setChartBackgroundColor(Color.WHITE);
        ch.getStyler().setPlotBackgroundColor(Color.WHITE);
        ch.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        ch.getStyler().setMarkerSize(0);
        return ch;
    }

    /** x = steps > 0 with finite (and, for log y, positive) y. */
    private static void addSeries(XYChart ch, String name, int[] steps, double[] y, boolean logY, Color color,
                                  float width) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] > 0 && Double.isFinite(y[i]) && (!logY || y[i] > 0)) {
                xs.add((double) steps[i]);
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = ch.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width));
    }

    private static final Color[] RUN_COLORS = {
        new Color(31, 119, 180, 110), new Color(255, 127, 14, 110), new Color(44, 160, 44, 110),
        new Color(214, 39, 40, 110), new Color(148, 103, 189, 110), new Color(140, 86, 75, 110),
        new Color(227, 119, 194, 110), new Color(127, 127, 127, 110)};

    private static XYChart lineChart(String title, String yTitle, boolean logY, int[] steps, String[] names,
                                     double[][] ys) {
        XYChart ch = baseChart(title, yTitle, logY);
        Color[] colors = {new Color(31, 119, 180), new Color(214, 39, 40)};
        for (int i = 0; i < names.length; i++) {
            addSeries(ch, names[i], steps, ys[i], logY, colors[i % colors.length], 2.0f);
        }
        if (!logY) {
            ch.getStyler().setYAxisMin(0.0);
            ch.getStyler().setYAxisMax(1.02);
            ch.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        }
        return ch;
    }

    private static XYChart cosineChart(String title, SeedRun[] runs, int[] steps, double[] mean) {
        XYChart ch = baseChart(title + ": cos(Δθ_t, norm-minimising tangent direction)", "cosine", false);
        for (int s = 0; s < runs.length; s++) {
            addSeries(ch, "seed " + runs[s].seed, steps, runs[s].cosine, false, RUN_COLORS[s % RUN_COLORS.length], 1.0f);
        }
        addSeries(ch, "mean of " + runs.length, steps, mean, false, Color.BLACK, 2.5f);
        ch.getStyler().setYAxisMin(-0.2);
        ch.getStyler().setYAxisMax(1.0);
        return ch;
    }
}
