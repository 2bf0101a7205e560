package dev.zeroloss.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An explicit pool of worker threads for the hot loops.
 *
 * <p>Determinism does not come from the schedule but from the kernels: every task writes a disjoint part
 * of the output (an output tile) and computes it wholly, in the canonical order of its scalar reference.
 * Which thread runs which task, and how many threads there are, therefore never changes a single bit.
 *
 * <p>{@link #run(int, Task)} does not allocate: tasks are claimed from an atomic counter, workers wait by
 * spinning briefly and then parking. The pool runs one job at a time; concurrent callers are serialised.
 * Thread count 1 runs everything on the caller, with no worker thread at all.
 */
public final class WorkerPool implements AutoCloseable {

    /** One parallel job: {@code run(task, worker)} for task in [0, taskCount); worker in [0, threads). */
    @FunctionalInterface
    public interface Task {
        void run(int task, int worker);
    }

    private static final int SPINS = 20_000;

    private final int threads;
    private final Thread[] workers;
    /** (generation << 32) | next task index: a claim is valid only for the generation it was made in. */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger completed = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Task job;
    private volatile int jobCount;
    private volatile Throwable failure;

    /** A pool with {@code threads} threads in all (the caller counts as one). */
    public WorkerPool(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("WorkerPool: thread count " + threads + " must be in 1..1024");
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int w = 1; w < threads; w++) {
            final int id = w;
            Thread t = new Thread(() -> workerLoop(id), "zeroloss-worker-" + w);
            t.setDaemon(true);
            workers[w - 1] = t;
            t.start();
        }
    }

    /** A pool sized to the available processors. */
    public static WorkerPool ofAvailableProcessors() {
        return new WorkerPool(Runtime.getRuntime().availableProcessors());
    }

    private static final WorkerPool SERIAL = new WorkerPool(1);

    /** The shared one-thread pool: runs every task on the caller. */
    public static WorkerPool serial() {
        return SERIAL;
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task.run(t, worker)} for every t in [0, taskCount) and returns when all have finished.
     * It waits for the TASKS, not for every worker to wake up: a worker the OS has descheduled costs
     * nothing when the others (or the caller alone) finish the job; if it wakes late it finds the job's
     * claims closed and goes back to sleep. An exception thrown by a task is rethrown here (the first one;
     * tasks not yet started are then skipped).
     */
    public synchronized void run(int taskCount, Task task) {
        if (closed) {
            throw new IllegalStateException("WorkerPool: closed");
        }
        if (taskCount <= 0) {
            return;
        }
        if (threads == 1 || taskCount == 1) {
            for (int t = 0; t < taskCount; t++) {
                task.run(t, 0);
            }
            return;
        }
        int gen = generation + 1;
        // Open the new generation's claims FIRST: from here on a worker still holding the previous
        // generation (woken late) can claim nothing, whatever job fields it then reads.
        claim.set((long) gen << 32);
        failure = null;
        job = task;
        jobCount = taskCount;
        completed.set(0);
        caller = Thread.currentThread();
        generation = gen; // publishes the job to the workers
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        work(gen, task, taskCount, 0);
        int spins = 0;
        while (completed.get() != taskCount) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 20_000L);
            }
        }
        job = null;
        Throwable f = failure;
        if (f != null) {
            failure = null;
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
            throw new IllegalStateException("WorkerPool: task failed", f);
        }
    }

    /** Claims and runs tasks of generation {@code gen} until none is left; a stale generation claims none. */
    private void work(int gen, Task t, int count, int worker) {
        while (true) {
            long cur = claim.get();
            if ((int) (cur >>> 32) != gen) {
                return;
            }
            int i = (int) cur;
            if (i >= count) {
                return;
            }
            if (!claim.compareAndSet(cur, cur + 1)) {
                continue;
            }
            if (failure == null) {
                try {
                    t.run(i, worker);
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
            if (completed.incrementAndGet() == count) {
                LockSupport.unpark(caller);
            }
        }
    }

    private void workerLoop(int id) {
        int seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            int gen = generation;
            seen = gen;
            Task t = job;
            int count = jobCount;
            if (t != null) {
                work(gen, t, count, id);
            }
        }
    }

    @Override
    public void close() {
        if (this == SERIAL) {
            return;
        }
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
