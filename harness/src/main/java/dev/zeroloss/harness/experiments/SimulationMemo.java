package dev.zeroloss.harness.experiments;

import dev.zeroloss.harness.core.Checkpoint;
import dev.zeroloss.harness.core.RunContext;
import dev.zeroloss.harness.model.IsolatedDynamics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finished isolated-dynamics runs of this process, keyed by (settings, seed), so that `./repro` does not
 * integrate the same 5000 steps twice: `training` simulates seed 0 with the same settings as `fig6` did a
 * moment before. A simulation is a pure function of (settings, seed) — the engine's results do not depend on
 * the thread count — so a replay hands the caller the very bits a recomputation would: the same evaluation
 * rows, the same checkpoint tensors, the same final E. Only the carried compute seconds are those of the
 * original run. Runs with snapshots (--checkpoint-every, --resume) neither record nor replay: their state must
 * come from their own snapshot files.
 *
 * <p>Off unless a caller opens {@link #share()}: only the all-experiments command (`./repro`) does. A test or
 * `./repro verify` that runs an experiment twice must recompute it, or it would compare a run with itself.
 */
public final class SimulationMemo {
    /** At most this many runs are held (each ≈ 11 checkpoints of p·d_h doubles). */
    private static final int CAPACITY = 8;

    record Key(Fig6IsolatedDynamics.Settings settings, int seed) {
    }

    /** What a run handed to its caller and to its context. */
    record Entry(List<IsolatedDynamics.Eval> evals, List<Checkpoint> checkpoints, double[] eFinal, double seconds) {
    }

    private static final Map<Key, Entry> RUNS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    private static boolean sharing;

    private SimulationMemo() {
    }

    /** Shares finished simulations between the experiments run until the returned scope is closed. */
    public static synchronized Scope share() {
        sharing = true;
        return new Scope();
    }

    /** Ends sharing and forgets every remembered run. */
    public static final class Scope implements AutoCloseable {
        private Scope() {
        }

        @Override
        public void close() {
            synchronized (SimulationMemo.class) {
                sharing = false;
                RUNS.clear();
            }
        }
    }

    static synchronized boolean enabled() {
        return sharing;
    }

    static synchronized Entry find(Fig6IsolatedDynamics.Settings s, int seed) {
        return sharing ? RUNS.get(new Key(s, seed)) : null;
    }

    static synchronized void remember(Fig6IsolatedDynamics.Settings s, int seed, Entry e) {
        if (sharing) {
            RUNS.put(new Key(s, seed), e);
        }
    }

    /**
     * Replays a remembered run into {@code ctx} under the name {@code run}: the evaluation rows to
     * {@code rows} (copies), the checkpoints, and the carries {@code run/E_final}, {@code run/seconds}.
     */
    static void replay(Entry e, RunContext ctx, String run, Consumer<IsolatedDynamics.Eval> rows) {
        for (IsolatedDynamics.Eval ev : e.evals()) {
            rows.accept(copy(ev));
        }
        for (Checkpoint c : e.checkpoints()) {
            ctx.checkpoint(run, c.step(), c.tensors(), c.metrics());
        }
        ctx.carry(run + "/E_final", e.eFinal());
        ctx.carry(run + "/seconds", new double[] {e.seconds()});
    }

    /** The checkpoints {@code ctx} holds for {@code run}, in recording order. */
    static List<Checkpoint> checkpointsOf(RunContext ctx, String run) {
        List<Checkpoint> out = new ArrayList<>();
        for (Checkpoint c : ctx.checkpoints()) {
            if (c.run().equals(run)) {
                out.add(c);
            }
        }
        return out;
    }

    static IsolatedDynamics.Eval copy(IsolatedDynamics.Eval ev) {
        IsolatedDynamics.Eval c = new IsolatedDynamics.Eval();
        c.step = ev.step;
        c.trainLoss = ev.trainLoss;
        c.trainAcc = ev.trainAcc;
        c.testLoss = ev.testLoss;
        c.testAcc = ev.testAcc;
        c.normE = ev.normE;
        c.normW = ev.normW;
        return c;
    }
}
