package dev.zeroloss.engine;

import java.util.concurrent.atomic.AtomicIntegerArray;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast Cholesky factorisation {@code K = L·Lᵀ}, equal to {@link CholeskyReference#factor} bit for bit.
 *
 * <p>Right-looking blocked algorithm on b×b blocks (b = the block width), run as ONE pool job: a list of small
 * tasks with explicit dependencies, claimed by whichever thread finds one ready (look-ahead: while the trailing
 * updates of block column j still run, block column j+1 is factored as soon as its own updates are done).
 * Tasks, for block rows/columns r, c and panels j:
 * <ul>
 * <li>ZERO(r): L's blocks right of the diagonal block of block row r = +0.0;</li>
 * <li>DIAG(j): the diagonal block, packed transposed (one column contiguous over rows) and factored: eight
 *     columns at a time, an 8×8 scalar part with the pivots, then the rows below it with the vector kernels;</li>
 * <li>PANEL(j, r): block (r, j) below it: packed into a per-worker buffer, finished with the reference's own
 *     left-looking chain restricted to k in [kb, j) (continued from the partial sum left by the updates, in
 *     increasing k, vectorised across rows: each lane is one element's chain, never a lane sum), unpacked,
 *     and stored as GEMM micro-panels (−L in MR-row panels, L in NR-column panels) for the updates;</li>
 * <li>UPDATE(j, r, c), j &lt; c ≤ r: block (r, c) −= L(r, j)·L(c, j)ᵀ through
 *     {@link GemmKernel#packedBlockUpdate} (lower triangle only when r = c), p increasing.</li>
 * </ul>
 * The first task to touch a block of the lower triangle (DIAG(0), PANEL(0, r), UPDATE(0, r, c)) reads it from K
 * (and checks it is finite) while it is in cache; every later one reads L.
 * Dependencies: UPDATE(j, r, c) after PANEL(j, r), PANEL(j, c) and UPDATE(j−1, r, c) (so each block's updates
 * run in increasing j); DIAG(j) after UPDATE(j−1, j, j); PANEL(j, r) after DIAG(j) and UPDATE(j−1, r, j). So
 * every element is the reference's single fma chain over k = 0..j-1 followed by the same correctly rounded
 * sqrt or division, whatever thread runs which task; DIAG(j) runs only after DIAG(j−1) succeeded, so the first
 * non-positive pivot is met at the same column with the same value. Only the lower triangle of K is read;
 * L's strict upper triangle is +0.0.
 *
 * <p>Scheduling: the list is in a fixed priority order that is also a topological order; a thread runs the first
 * ready unclaimed task (a CAS claims it). Hence the first unclaimed task is ready whenever no task is running:
 * no deadlock, also when a thread never wakes up. The panel micro-panels live in a ring of {@link #RING} slots
 * (panel j in slot j mod RING); DIAG(j) waits until every update of panel j−RING is done.
 *
 * <p>Not thread-safe: an instance owns its workspace (grown only when a larger size is first seen) and
 * runs its parallel parts on the pool of its {@link GemmKernel}.
 */
public final class Cholesky {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    static final int V = 4;
    static final VectorSpecies<Double> S8 = DoubleVector.SPECIES_512;
    /** Exact vector classes: every receiver is cast to them so that JDK 17 binds statically (see GemmKernel.V256). */
    static final Class<?> V256 = S.vectorType();
    static final Class<?> V512 = S8.vectorType();
    /**
     * The panel kernels' width follows the GEMM's ({@link GemmKernel#WIDE}: 512-bit where the hardware has it,
     * or as forced by {@code -Dzeroloss.gemm.width}). On AVX2 hardware a 512-bit species is not intrinsified and
     * runs boxed (measured 6× slower Cholesky, 27× slower solves at n = 492), so there the 256-bit twins run.
     * Lanes are independent chains either way: the width never changes a bit.
     */
    static final boolean WIDE = GemmKernel.WIDE;
    /**
     * Block width: the k depth of every update and the size of a task (measured: docs/decisions/cholesky.md). A
     * multiple of 24, so that the blocks are whole micro-tiles of both GEMM widths (8×24 and 8×12). 96 with the
     * 512-bit kernels; 48 with the 256-bit ones, whose panel kernel is slower (more of the work stays in it at 96).
     */
    static final int DEFAULT_BLOCK = WIDE ? 96 : 48;
    /** Panel slots: the look-ahead depth is RING − 1 block columns. */
    static final int RING = 4;
    /** How far past the first unclaimed task a thread looks for a ready one. */
    private static final int WINDOW = 64;
    private static final int ZERO = 0;
    private static final int DIAG = 1;
    private static final int PANEL = 2;
    private static final int UPDATE = 3;
    private static final int MR = GemmKernel.MR;
    private static final int NR = GemmKernel.NR;

    private final GemmKernel gemm;
    private final WorkerPool pool;
    private final int block;
    /** Rows of one block rounded up to MR and to NR (the micro-panel padding). */
    private final int block8;
    private final int blockNr;
    /** Strides of the packed diagonal block and of a worker's packed block row. */
    private final int ldDiag;
    private final int ldRows;

    // The task list for n = listN: kind << 60 | j << 40 | r << 20 | c.
    private int listN = -1;
    private int blocks;
    private long[] tasks = new long[0];
    private int taskCount;
    private AtomicIntegerArray claimed = new AtomicIntegerArray(0);
    /** level[r·blocks + c]: how many panels' updates block (r, c) has received. */
    private AtomicIntegerArray level = new AtomicIntegerArray(0);
    /** rowLevel[r]: j + 1 once PANEL(j, r) is done (for r = j: once DIAG(j) is done). */
    private AtomicIntegerArray rowLevel = new AtomicIntegerArray(0);
    /** updatesDone[j]: finished UPDATE(j, ·, ·) tasks. */
    private AtomicIntegerArray updatesDone = new AtomicIntegerArray(0);

    // Ring slots: the packed diagonal block, −L(·, j) in MR-row panels, L(·, j) in NR-column panels.
    private final double[][] slotDiag = new double[RING][0];
    private final double[][] slotA = new double[RING][0];
    private final double[][] slotB = new double[RING][0];
    /** Per worker: one packed block row, and an MR×NR edge tile for the updates. */
    private final double[][] rowBuffers;
    private final double[][] tileBuffers;

    // The running job (written before the dispatch; no per-call allocation).
    private String jobOp;
    private double[] jobK;
    private double[] jobL;
    private int jobN;
    private volatile boolean abort;
    private volatile boolean nonFinite;
    private final WorkerPool.Task loopTask = (t, worker) -> runTasks(worker);

    public Cholesky(WorkerPool pool) {
        this(new GemmKernel(pool));
    }

    public Cholesky(GemmKernel gemm) {
        this(gemm, DEFAULT_BLOCK);
    }

    /** With an explicit block width (tests use small ones to get many blocks on small matrices). */
    Cholesky(GemmKernel gemm, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("Cholesky: block size " + block + " must be >= 1");
        }
        if (block > 1 << 16) {
            throw new IllegalArgumentException("Cholesky: block size " + block + " must be <= 65536");
        }
        this.gemm = gemm;
        this.pool = gemm.pool();
        this.block = block;
        this.block8 = (block + MR - 1) / MR * MR;
        this.blockNr = (block + NR - 1) / NR * NR;
        this.ldDiag = panelStride(block + 8); // room for the 8-row tiles past w (factorDiagonal)
        this.ldRows = panelStride(blockNr);
        this.rowBuffers = new double[pool.threads()][0];
        this.tileBuffers = new double[pool.threads()][MR * NR];
    }

    public GemmKernel gemm() {
        return gemm;
    }

    /** Returns a new L with K = L·Lᵀ (reads only the lower triangle of K). */
    public Mat factor(Mat k) {
        Checks.requireSquare("Cholesky.factor", "K", k);
        Mat l = new Mat(k.rows, k.rows);
        factor(k, l);
        return l;
    }

    /** Writes L with K = L·Lᵀ into the caller-owned {@code l} (n×n, not aliasing K); no allocation once warm. */
    public void factor(Mat k, Mat l) {
        Checks.requireSquare("Cholesky.factor", "K", k);
        Checks.requireShape("Cholesky.factor", "L", l, k.rows, k.rows);
        Checks.requireDistinct("Cholesky.factor", l, k, "K");
        factorRaw("Cholesky.factor", k.data, l.data, k.rows);
    }

    /** Factors the n×n row-major {@code k} into {@code l} (both of length ≥ n·n, distinct arrays). */
    void factorRaw(String op, double[] k, double[] l, int n) {
        // On an exception the content of L is unspecified.
        if (n == 0) {
            return;
        }
        prepare(n);
        int nb = blocks;
        for (int i = 0; i < taskCount; i++) {
            claimed.set(i, 0);
        }
        for (int i = 0; i < nb * nb; i++) {
            level.set(i, 0);
        }
        for (int i = 0; i < nb; i++) {
            rowLevel.set(i, 0);
            updatesDone.set(i, 0);
        }
        abort = false;
        nonFinite = false;
        jobOp = op;
        jobK = k;
        jobL = l;
        jobN = n;
        try {
            if (pool.threads() == 1 || nb == 1) {
                runTasks(0);
            } else {
                pool.run(pool.threads(), loopTask);
            }
            if (nonFinite) {
                requireFiniteLower(op, "K", k, n); // names the first non-finite element
            }
        } finally {
            jobK = null;
            jobL = null;
        }
    }

    /** Builds the task list and grows the workspaces for n (only when n differs from the last call's). */
    private void prepare(int n) {
        if (n == listN) {
            return;
        }
        int b = block;
        int nb = (n + b - 1) / b;
        long count = 2L * nb + (long) nb * (nb - 1) / 2;
        for (int j = 0; j < nb; j++) {
            count += updateCount(nb, j);
        }
        if (count > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Cholesky: n = " + n + " with block " + b + " needs too many tasks");
        }
        long[] list = new long[(int) count];
        int[] nextColumn = new int[nb];
        int t = 0;
        // Priority by block column; before DIAG(c) reuses slot c mod RING, every update of panel c − RING.
        for (int c = 0; c < nb; c++) {
            nextColumn[c] = c + 1;
            if (c >= RING) {
                int j = c - RING;
                for (int cc = nextColumn[j]; cc < nb; cc++) {
                    for (int r = cc; r < nb; r++) {
                        list[t++] = task(UPDATE, j, r, cc);
                    }
                }
                nextColumn[j] = nb;
            }
            for (int j = 0; j < c - 1; j++) {
                if (nextColumn[j] == c) {
                    for (int r = c; r < nb; r++) {
                        list[t++] = task(UPDATE, j, r, c);
                    }
                    nextColumn[j] = c + 1;
                }
            }
            if (c >= 1) {
                list[t++] = task(UPDATE, c - 1, c, c);
            }
            list[t++] = task(DIAG, c, c, c);
            for (int r = c + 1; r < nb; r++) {
                if (c >= 1) {
                    list[t++] = task(UPDATE, c - 1, r, c);
                }
                list[t++] = task(PANEL, c, r, c);
            }
            if (c >= 1) {
                nextColumn[c - 1] = c + 1;
            }
        }
        // Last: ready from the start, they fill the idle time of the final, serial block columns.
        for (int r = 0; r < nb; r++) {
            list[t++] = task(ZERO, 0, r, 0);
        }
        if (t != count) {
            throw new IllegalStateException("Cholesky: task list " + t + " != " + count);
        }
        tasks = list;
        taskCount = t;
        claimed = new AtomicIntegerArray(t);
        level = new AtomicIntegerArray(nb * nb);
        rowLevel = new AtomicIntegerArray(nb);
        updatesDone = new AtomicIntegerArray(nb);
        blocks = nb;
        int w = Math.min(b, n);
        int below = Math.max(0, nb - 1);
        for (int s = 0; s < RING; s++) {
            if (slotDiag[s].length < w * ldDiag) {
                slotDiag[s] = new double[w * ldDiag];
            }
            if (slotA[s].length < below * block8 * w) {
                slotA[s] = new double[below * block8 * w];
            }
            if (slotB[s].length < below * blockNr * w) {
                slotB[s] = new double[below * blockNr * w];
            }
        }
        if (nb > 1) {
            for (int i = 0; i < rowBuffers.length; i++) {
                if (rowBuffers[i].length < b * ldRows) {
                    rowBuffers[i] = new double[b * ldRows];
                }
            }
        }
        listN = n;
    }

    private static long task(int kind, int j, int r, int c) {
        return (long) kind << 60 | (long) j << 40 | (long) r << 20 | c;
    }

    /** Number of UPDATE(j, r, c) tasks, j &lt; c ≤ r &lt; nb. */
    private static long updateCount(int nb, int j) {
        long m = nb - 1 - j;
        return m * (m + 1) / 2;
    }

    /** One thread's share of the job: runs the first ready unclaimed task until every task is claimed. */
    private void runTasks(int worker) {
        long[] list = tasks;
        int total = taskCount;
        AtomicIntegerArray cl = claimed;
        int head = 0;
        int idle = 0;
        while (true) {
            while (head < total && cl.get(head) != 0) {
                head++;
            }
            if (head >= total || abort) {
                return;
            }
            int end = Math.min(total, head + WINDOW);
            boolean ran = false;
            for (int i = head; i < end; i++) {
                long t = list[i];
                if (cl.get(i) == 0 && ready(t) && cl.compareAndSet(i, 0, 1)) {
                    try {
                        run(t, worker);
                    } catch (Throwable e) {
                        abort = true;
                        throw e;
                    }
                    ran = true;
                    break;
                }
            }
            if (ran) {
                idle = 0;
            } else if (++idle < 4096) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private boolean ready(long t) {
        int kind = (int) (t >>> 60);
        int j = (int) (t >>> 40) & 0xFFFFF;
        int r = (int) (t >>> 20) & 0xFFFFF;
        int c = (int) t & 0xFFFFF;
        int nb = blocks;
        switch (kind) {
            case ZERO:
                return true;
            case DIAG:
                return (j == 0 || level.get(j * nb + j) >= j)
                        && (j < RING || updatesDone.get(j - RING) == updateCount(nb, j - RING));
            case PANEL:
                return rowLevel.get(j) > j && level.get(r * nb + j) >= j;
            default:
                return rowLevel.get(r) > j && rowLevel.get(c) > j && level.get(r * nb + c) >= j;
        }
    }

    private void run(long t, int worker) {
        int kind = (int) (t >>> 60);
        int j = (int) (t >>> 40) & 0xFFFFF;
        int r = (int) (t >>> 20) & 0xFFFFF;
        int c = (int) t & 0xFFFFF;
        switch (kind) {
            case ZERO:
                zeroRows(r);
                break;
            case DIAG:
                diagonal(j);
                rowLevel.set(j, j + 1);
                break;
            case PANEL:
                panel(j, r, worker);
                rowLevel.set(r, j + 1);
                break;
            default:
                update(j, r, c, worker);
                level.set(r * blocks + c, j + 1);
                updatesDone.incrementAndGet(j);
                break;
        }
    }

    /** ZERO(r): L's rows of block r right of the diagonal block = +0.0. */
    private void zeroRows(int rb) {
        double[] l = jobL;
        int n = jobN;
        int i1 = Math.min(n, (rb + 1) * block);
        for (int i = rb * block; i < i1; i++) {
            java.util.Arrays.fill(l, i * n + i1, i * n + n, 0.0);
        }
    }

    /** Rows [i0, i0+rows) × columns [j0, j0+cols) of K into L (only j ≤ i when lower); false if one is not finite. */
    private boolean copyBlock(int i0, int rows, int j0, int cols, boolean lower) {
        double[] k = jobK;
        double[] l = jobL;
        int n = jobN;
        double check = 0.0;
        for (int i = 0; i < rows; i++) {
            int src = (i0 + i) * n + j0;
            int len = lower ? i + 1 : cols;
            System.arraycopy(k, src, l, src, len);
            check += finiteSum(l, src, src + len);
        }
        return check == check;
    }

    /** DIAG(j): the diagonal block, in slot j mod RING. */
    private void diagonal(int jb) {
        double[] l = jobL;
        int n = jobN;
        int kb = jb * block;
        int w = Math.min(block, n - kb);
        double[] p = slotDiag[jb % RING];
        int ld = ldDiag;
        if (jb == 0 && !finiteLower(jobK, n, 0, w)) {
            nonFinite = true;
        }
        packDiagonal(jb == 0 ? jobK : l, n, p, ld, kb, w);
        try {
            factorDiagonal(jobOp, p, ld, w, n, kb);
        } catch (NotPositiveDefiniteException e) {
            // A non-finite K is reported as such (as when it was scanned before the factorisation).
            requireFiniteLower(jobOp, "K", jobK, n);
            throw e;
        }
        unpackDiagonal(l, n, p, ld, kb, w);
    }

    /** PANEL(j, r): block (r, j) finished against the diagonal block, unpacked, and stored as micro-panels. */
    private void panel(int jb, int rb, int worker) {
        double[] l = jobL;
        int n = jobN;
        int kb = jb * block;
        int w = block; // a panel with blocks below it is whole
        int i0 = rb * block;
        int rows = Math.min(block, n - i0);
        double[] p = rowBuffers[worker];
        int ld = ldRows;
        double[] m = slotDiag[jb % RING];
        int ldm = ldDiag;
        if (jb == 0) {
            if (!finiteRows(jobK, n, i0, rows, 0, w)) {
                nonFinite = true;
            }
            pack(jobK, n, p, ld, i0, kb, w, rows);
        } else {
            pack(l, n, p, ld, i0, kb, w, rows);
        }
        // Zero rows up to whole micro-panels: the kernels run on whole 8-row tiles, the panels are padded.
        int end8 = (rows + 7) & ~7;
        int endNr = (rows + NR - 1) / NR * NR;
        for (int j = 0; j < w; j++) {
            java.util.Arrays.fill(p, j * ld + rows, j * ld + endNr, 0.0);
        }
        for (int j = 0; j < w; j += 4) {
            columns(m, ldm, p, ld, j, Math.min(4, w - j), 0, end8);
        }
        unpack(l, n, p, ld, i0, kb, w, rows);
        int slot = jb % RING;
        storePanelsA(p, ld, w, end8, slotA[slot], (rb - jb - 1) * block8 * w);
        storePanelsB(p, ld, w, endNr, slotB[slot], (rb - jb - 1) * blockNr * w);
    }

    /** UPDATE(j, r, c): block (r, c) −= L(r, j)·L(c, j)ᵀ (lower triangle when r = c), p increasing. */
    private void update(int jb, int rb, int cb, int worker) {
        int n = jobN;
        int slot = jb % RING;
        int w = block;
        int rows = Math.min(block, n - rb * block);
        int cols = Math.min(block, n - cb * block);
        if (jb == 0 && !copyBlock(rb * block, rows, cb * block, cols, rb == cb)) {
            nonFinite = true;
        }
        GemmKernel.packedBlockUpdate(rows, cols, w, rb == cb,
                slotA[slot], (rb - jb - 1) * block8 * w,
                slotB[slot], (cb - jb - 1) * blockNr * w,
                jobL, rb * block * n + cb * block, n, tileBuffers[worker]);
    }

    /** p[j*ld + r] = L[row0+r][col0+j] for r &lt; rows, j &lt; w. */
    private static void pack(double[] l, int n, double[] p, int ld, int row0, int col0, int w, int rows) {
        // Column by column: strided loads, sequential stores (measured 2× faster than the other order, which
        // writes w lines at a stride).
        for (int j = 0; j < w; j++) {
            int d = j * ld;
            for (int r = 0, src = row0 * n + col0 + j; r < rows; r++, src += n) {
                p[d + r] = l[src];
            }
        }
    }

    /** The lower triangle of the diagonal block at (kb, kb): p[j*ld + r] = L[kb+r][kb+j] for j ≤ r &lt; w, +0.0 above. */
    private static void packDiagonal(double[] l, int n, double[] p, int ld, int kb, int w) {
        for (int j = 0; j < w; j++) {
            int d = j * ld;
            java.util.Arrays.fill(p, d, d + j, 0.0);
            for (int r = j, src = (kb + j) * n + kb + j; r < w; r++, src += n) {
                p[d + r] = l[src];
            }
        }
    }

    /** The inverse of {@link #packDiagonal}: +0.0 above the diagonal whatever p holds there. */
    private static void unpackDiagonal(double[] l, int n, double[] p, int ld, int kb, int w) {
        for (int r = 0; r < w; r++) {
            int dst = (kb + r) * n + kb;
            for (int j = 0; j <= r; j++) {
                l[dst + j] = p[j * ld + r];
            }
            for (int j = r + 1; j < w; j++) {
                l[dst + j] = 0.0;
            }
        }
    }

    /** The inverse of {@link #pack} (in the diagonal block, the r &lt; j entries are the untouched +0.0). */
    private static void unpack(double[] l, int n, double[] p, int ld, int row0, int col0, int w, int rows) {
        for (int r = 0; r < rows; r++) {
            int dst = (row0 + r) * n + col0;
            for (int j = 0; j < w; j++) {
                l[dst + j] = p[j * ld + r];
            }
        }
    }

    /** −p as MR-row micro-panels: a[base + g·MR·w + j·MR + i] = −p[j·ld + g·MR + i], rows [0, end) (a multiple of MR). */
    private static void storePanelsA(double[] p, int ld, int w, int end, double[] a, int base) {
        for (int g = 0; g < end; g += MR) {
            int d = base + g * w;
            if (WIDE) {
                for (int j = 0; j < w; j++, d += MR) {
                    ((DoubleVector) V512.cast(((DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, j * ld + g)))
                            .neg())).intoArray(a, d);
                }
            } else {
                for (int j = 0; j < w; j++, d += MR) {
                    int s = j * ld + g;
                    ((DoubleVector) V256.cast(((DoubleVector) V256.cast(DoubleVector.fromArray(S, p, s)))
                            .neg())).intoArray(a, d);
                    ((DoubleVector) V256.cast(((DoubleVector) V256.cast(DoubleVector.fromArray(S, p, s + 4)))
                            .neg())).intoArray(a, d + 4);
                }
            }
        }
    }

    /** p as NR-column micro-panels: b[base + h·NR·w + j·NR + q] = p[j·ld + h·NR + q], rows [0, end) (a multiple of NR). */
    private static void storePanelsB(double[] p, int ld, int w, int end, double[] b, int base) {
        for (int h = 0; h < end; h += NR) {
            int d = base + h * w;
            for (int j = 0; j < w; j++, d += NR) {
                int s = j * ld + h;
                for (int q = 0; q < NR; q += 4) { // NR is a constant: C2 unrolls this
                    ((DoubleVector) V256.cast(DoubleVector.fromArray(S, p, s + q))).intoArray(b, d + q);
                }
            }
        }
    }

    /**
     * The diagonal block (rows r &lt; w), four columns j..j+3 at a time: first every row r ≥ j gets its chain over
     * q &lt; j with the vector kernels (the rows j..j+3 of the 4×4 diagonal part too; the strict upper entries of
     * that part are computed and never used: {@link #unpackDiagonal} writes +0.0 there), then the 4×4 part with
     * the scalar pivots in column order (so the first failing pivot is the reference's column and value), then the
     * rows below it finish with the 4-column triangle. Each element's chain is q = 0, 1, …, c−1 in order, as in
     * the reference. Rows [w, ld) are zero rows: they keep the vector kernels on whole 8-row tiles.
     */
    private static void factorDiagonal(String op, double[] p, int ld, int w, int n, int kb) {
        for (int j = 0; j < w; j++) {
            java.util.Arrays.fill(p, j * ld + w, j * ld + ld, 0.0);
        }
        for (int j = 0; j < w; j += 4) {
            int cw = Math.min(4, w - j);
            if (cw == 4) {
                chains(p, ld, j, j, j + ((w - j + 7) & ~7));
            } else {
                for (int c = j; c < j + cw; c++) {
                    for (int r = c; r < w; r++) {
                        double t = p[c * ld + r];
                        for (int q = 0; q < j; q++) {
                            t = Math.fma(-p[q * ld + r], p[q * ld + c], t);
                        }
                        p[c * ld + r] = t;
                    }
                }
            }
            for (int c = j; c < j + cw; c++) {
                int cc = c * ld;
                double s = p[cc + c];
                for (int q = j; q < c; q++) {
                    double x = p[q * ld + c];
                    s = Math.fma(-x, x, s);
                }
                if (!(s > 0.0)) {
                    throw new NotPositiveDefiniteException(op, n, kb + c, s);
                }
                double d = Math.sqrt(s);
                p[cc + c] = d;
                int rEnd = cw == 4 ? j + cw : w;
                for (int r = c + 1; r < rEnd; r++) {
                    double t = p[cc + r];
                    for (int q = j; q < c; q++) {
                        t = Math.fma(-p[q * ld + r], p[q * ld + c], t);
                    }
                    p[cc + r] = t / d;
                }
            }
            if (cw == 4 && j + 4 < w) {
                int r0 = j + 4;
                int r1 = r0 + ((w - r0 + 7) & ~7);
                if (WIDE) {
                    quadTriangle(p, ld, p, ld, j, r0, r1);
                } else {
                    quadTriangle256(p, ld, p, ld, j, r0, r1);
                }
            }
        }
    }

    /** Rows [r0, r1) (r1 − r0 a multiple of 8) of columns j..j+3: the chains over q &lt; j only (no division). */
    private static void chains(double[] p, int ld, int j, int r0, int r1) {
        int r = r0;
        if (WIDE) {
            for (; r + 32 <= r1; r += 32) {
                quad32(p, ld, p, ld, j, r, false);
            }
            for (; r < r1; r += 8) {
                quad8(p, ld, p, ld, j, r, false);
            }
        } else {
            for (; r < r1; r += 4) {
                quad4(p, ld, p, ld, j, r, false);
            }
        }
    }

    /**
     * Panel columns [j, j+cw) (cw ≤ 4) for rows [r0, r1), whose rows [j, j+cw) are final: the reference chain of
     * each element over q in [0, j+c), vectorised over rows (one lane = one element's chain).
     */
    private static void columns(double[] m, int ldm, double[] p, int ld, int j, int cw, int r0, int r1) {
        if (!WIDE) {
            columns256(m, ldm, p, ld, j, cw, r0, r1);
            return;
        }
        if (cw < 4) {
            for (int c = j; c < j + cw; c++) {
                column(m, ldm, p, ld, c, m[c * ldm + c], r0, r1);
            }
            return;
        }
        int r = r0;
        for (; r + 32 <= r1; r += 32) {
            quad32(m, ldm, p, ld, j, r, true);
        }
        for (; r + 8 <= r1; r += 8) {
            quad8(m, ldm, p, ld, j, r, true);
        }
        if (r < r1) {
            for (int c = j; c < j + 4; c++) {
                columnScalar(m, ldm, p, ld, c, m[c * ldm + c], r, r1);
            }
        }
    }

    /**
     * Rows [r, r+32) of panel columns j..j+3 (all four chains over q &lt; j together: 4 loads and 4 broadcasts per
     * 16 fmas), then the 4-column triangle ({@link #quadTriangle}); exactly the chains of {@link #column}.
     */
    private static void quad32(double[] m, int ldm, double[] p, int ld, int j, int r, boolean tri) {
        int c0 = j * ld;
        int c1 = c0 + ld;
        int c2 = c1 + ld;
        int c3 = c2 + ld;
        DoubleVector a00 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r));
        DoubleVector a01 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r + 8));
        DoubleVector a02 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r + 16));
        DoubleVector a03 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r + 24));
        DoubleVector a10 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c1 + r));
        DoubleVector a11 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c1 + r + 8));
        DoubleVector a12 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c1 + r + 16));
        DoubleVector a13 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c1 + r + 24));
        DoubleVector a20 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c2 + r));
        DoubleVector a21 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c2 + r + 8));
        DoubleVector a22 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c2 + r + 16));
        DoubleVector a23 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c2 + r + 24));
        DoubleVector a30 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c3 + r));
        DoubleVector a31 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c3 + r + 8));
        DoubleVector a32 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c3 + r + 16));
        DoubleVector a33 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c3 + r + 24));
        for (int q = 0, cq = r, mq = j; q < j; q++, cq += ld, mq += ldm) {
            DoubleVector x0 = DoubleVector.fromArray(S8, p, cq);
            DoubleVector x1 = DoubleVector.fromArray(S8, p, cq + 8);
            DoubleVector x2 = DoubleVector.fromArray(S8, p, cq + 16);
            DoubleVector x3 = DoubleVector.fromArray(S8, p, cq + 24);
            DoubleVector b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[mq]));
            a00 = b.fma(x0, a00);
            a01 = b.fma(x1, a01);
            a02 = b.fma(x2, a02);
            a03 = b.fma(x3, a03);
            b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[mq + 1]));
            a10 = b.fma(x0, a10);
            a11 = b.fma(x1, a11);
            a12 = b.fma(x2, a12);
            a13 = b.fma(x3, a13);
            b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[mq + 2]));
            a20 = b.fma(x0, a20);
            a21 = b.fma(x1, a21);
            a22 = b.fma(x2, a22);
            a23 = b.fma(x3, a23);
            b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[mq + 3]));
            a30 = b.fma(x0, a30);
            a31 = b.fma(x1, a31);
            a32 = b.fma(x2, a32);
            a33 = b.fma(x3, a33);
        }
        ((DoubleVector) V512.cast(a00)).intoArray(p, c0 + r);
        ((DoubleVector) V512.cast(a01)).intoArray(p, c0 + r + 8);
        ((DoubleVector) V512.cast(a02)).intoArray(p, c0 + r + 16);
        ((DoubleVector) V512.cast(a03)).intoArray(p, c0 + r + 24);
        ((DoubleVector) V512.cast(a10)).intoArray(p, c1 + r);
        ((DoubleVector) V512.cast(a11)).intoArray(p, c1 + r + 8);
        ((DoubleVector) V512.cast(a12)).intoArray(p, c1 + r + 16);
        ((DoubleVector) V512.cast(a13)).intoArray(p, c1 + r + 24);
        ((DoubleVector) V512.cast(a20)).intoArray(p, c2 + r);
        ((DoubleVector) V512.cast(a21)).intoArray(p, c2 + r + 8);
        ((DoubleVector) V512.cast(a22)).intoArray(p, c2 + r + 16);
        ((DoubleVector) V512.cast(a23)).intoArray(p, c2 + r + 24);
        ((DoubleVector) V512.cast(a30)).intoArray(p, c3 + r);
        ((DoubleVector) V512.cast(a31)).intoArray(p, c3 + r + 8);
        ((DoubleVector) V512.cast(a32)).intoArray(p, c3 + r + 16);
        ((DoubleVector) V512.cast(a33)).intoArray(p, c3 + r + 24);
        if (tri) {
            quadTriangle(m, ldm, p, ld, j, r, r + 32);
        }
    }


    /** As {@link #quad32} for rows [r, r+8). */
    private static void quad8(double[] m, int ldm, double[] p, int ld, int j, int r, boolean tri) {
        int c0 = j * ld;
        int c1 = c0 + ld;
        int c2 = c1 + ld;
        int c3 = c2 + ld;
        DoubleVector a0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r));
        DoubleVector a1 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c1 + r));
        DoubleVector a2 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c2 + r));
        DoubleVector a3 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c3 + r));
        for (int q = 0, cq = r, mq = j; q < j; q++, cq += ld, mq += ldm) {
            DoubleVector x = DoubleVector.fromArray(S8, p, cq);
            a0 = ((DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[mq]))).fma(x, a0);
            a1 = ((DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[mq + 1]))).fma(x, a1);
            a2 = ((DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[mq + 2]))).fma(x, a2);
            a3 = ((DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[mq + 3]))).fma(x, a3);
        }
        ((DoubleVector) V512.cast(a0)).intoArray(p, c0 + r);
        ((DoubleVector) V512.cast(a1)).intoArray(p, c1 + r);
        ((DoubleVector) V512.cast(a2)).intoArray(p, c2 + r);
        ((DoubleVector) V512.cast(a3)).intoArray(p, c3 + r);
        if (tri) {
            quadTriangle(m, ldm, p, ld, j, r, r + 8);
        }
    }

    /**
     * Rows [r0, r1) (a multiple of 8) of columns j..j+3, holding the chains over q &lt; j: column j is divided by
     * its pivot, column j+1 takes its q = j term from the new column j and is divided, and so on.
     */
    private static void quadTriangle(double[] m, int ldm, double[] p, int ld, int j, int r0, int r1) {
        int c0 = j * ld;
        int c1 = c0 + ld;
        int c2 = c1 + ld;
        int c3 = c2 + ld;
        int m0 = j * ldm;
        int m1 = m0 + ldm;
        int m2 = m1 + ldm;
        int m3 = m2 + ldm;
        DoubleVector d0 = DoubleVector.broadcast(S8, m[m0 + j]);
        DoubleVector d1 = DoubleVector.broadcast(S8, m[m1 + j + 1]);
        DoubleVector d2 = DoubleVector.broadcast(S8, m[m2 + j + 2]);
        DoubleVector d3 = DoubleVector.broadcast(S8, m[m3 + j + 3]);
        DoubleVector m01 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[m0 + j + 1]));
        DoubleVector m02 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[m0 + j + 2]));
        DoubleVector m12 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[m1 + j + 2]));
        DoubleVector m03 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[m0 + j + 3]));
        DoubleVector m13 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[m1 + j + 3]));
        DoubleVector m23 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[m2 + j + 3]));
        for (int r = r0; r < r1; r += 8) {
            DoubleVector x0 = (DoubleVector) V512.cast(
                    ((DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r))).div(d0));
            x0.intoArray(p, c0 + r);
            DoubleVector x1 = (DoubleVector) V512.cast(
                    ((DoubleVector) V512.cast(m01.fma(x0, DoubleVector.fromArray(S8, p, c1 + r)))).div(d1));
            x1.intoArray(p, c1 + r);
            DoubleVector t2 = (DoubleVector) V512.cast(m02.fma(x0, DoubleVector.fromArray(S8, p, c2 + r)));
            DoubleVector x2 = (DoubleVector) V512.cast(((DoubleVector) V512.cast(m12.fma(x1, t2))).div(d2));
            x2.intoArray(p, c2 + r);
            DoubleVector t3 = (DoubleVector) V512.cast(m03.fma(x0, DoubleVector.fromArray(S8, p, c3 + r)));
            t3 = (DoubleVector) V512.cast(m13.fma(x1, t3));
            t3 = (DoubleVector) V512.cast(m23.fma(x2, t3));
            ((DoubleVector) V512.cast(t3.div(d3))).intoArray(p, c3 + r);
        }
    }

    /**
     * Panel column j for rows [r0, r1): {@code s = P[j][r]; for q < j: s = fma(-P[q][r], P[q][j], s);
     * P[j][r] = s / d} — the reference chain of L[kb+r][kb+j] over k in [kb, kb+j), vectorised over r.
     */
    static void column(double[] m, int ldm, double[] p, int ld, int j, double d, int r0, int r1) {
        int cj = j * ld;
        int r = r0;
        DoubleVector dv = DoubleVector.broadcast(S8, d);
        for (; r + 16 <= r1; r += 16) {
            DoubleVector a0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, cj + r));
            DoubleVector a1 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, cj + r + 8));
            for (int q = 0; q < j; q++) {
                int cq = q * ld + r;
                DoubleVector b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[q * ldm + j]));
                a0 = b.fma(DoubleVector.fromArray(S8, p, cq), a0);
                a1 = b.fma(DoubleVector.fromArray(S8, p, cq + 8), a1);
            }
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a0)).div(dv))).intoArray(p, cj + r);
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a1)).div(dv))).intoArray(p, cj + r + 8);
        }
        for (; r + 8 <= r1; r += 8) {
            DoubleVector a0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, cj + r));
            for (int q = 0; q < j; q++) {
                DoubleVector b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -m[q * ldm + j]));
                a0 = b.fma(DoubleVector.fromArray(S8, p, q * ld + r), a0);
            }
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a0)).div(dv))).intoArray(p, cj + r);
        }
        columnScalar(m, ldm, p, ld, j, d, r, r1);
    }

    /** {@link #column} for a few rows, scalar. */
    private static void columnScalar(double[] m, int ldm, double[] p, int ld, int j, double d, int r0, int r1) {
        int cj = j * ld;
        for (int r = r0; r < r1; r++) {
            double s = p[cj + r];
            for (int q = 0; q < j; q++) {
                s = Math.fma(-p[q * ld + r], m[q * ldm + j], s);
            }
            p[cj + r] = s / d;
        }
    }

    /** {@link #columns} with 256-bit vectors (hardware without 512-bit vectors): the same chains, 4 rows a step. */
    private static void columns256(double[] m, int ldm, double[] p, int ld, int j, int cw, int r0, int r1) {
        if (cw < 4) {
            for (int c = j; c < j + cw; c++) {
                column256(m, ldm, p, ld, c, m[c * ldm + c], r0, r1);
            }
            return;
        }
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            quad4(m, ldm, p, ld, j, r, true);
        }
        if (r < r1) {
            for (int c = j; c < j + 4; c++) {
                columnScalar(m, ldm, p, ld, c, m[c * ldm + c], r, r1);
            }
        }
    }

    /** {@link #quad8} for 4 rows with 256-bit vectors. */
    private static void quad4(double[] m, int ldm, double[] p, int ld, int j, int r, boolean tri) {
        int c0 = j * ld;
        int c1 = c0 + ld;
        int c2 = c1 + ld;
        int c3 = c2 + ld;
        DoubleVector a0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, c0 + r));
        DoubleVector a1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, c1 + r));
        DoubleVector a2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, c2 + r));
        DoubleVector a3 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, c3 + r));
        for (int q = 0, cq = r, mq = j; q < j; q++, cq += ld, mq += ldm) {
            DoubleVector x = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, cq));
            a0 = ((DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[mq]))).fma(x, a0);
            a1 = ((DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[mq + 1]))).fma(x, a1);
            a2 = ((DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[mq + 2]))).fma(x, a2);
            a3 = ((DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[mq + 3]))).fma(x, a3);
        }
        ((DoubleVector) V256.cast(a0)).intoArray(p, c0 + r);
        ((DoubleVector) V256.cast(a1)).intoArray(p, c1 + r);
        ((DoubleVector) V256.cast(a2)).intoArray(p, c2 + r);
        ((DoubleVector) V256.cast(a3)).intoArray(p, c3 + r);
        if (tri) {
            quadTriangle256(m, ldm, p, ld, j, r, r + 4);
        }
    }

    /** {@link #quadTriangle} with 256-bit vectors; rows [r0, r1) a multiple of 4. */
    private static void quadTriangle256(double[] m, int ldm, double[] p, int ld, int j, int r0, int r1) {
        int c0 = j * ld;
        int c1 = c0 + ld;
        int c2 = c1 + ld;
        int c3 = c2 + ld;
        int m0 = j * ldm;
        int m1 = m0 + ldm;
        int m2 = m1 + ldm;
        int m3 = m2 + ldm;
        DoubleVector d0 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, m[m0 + j]));
        DoubleVector d1 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, m[m1 + j + 1]));
        DoubleVector d2 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, m[m2 + j + 2]));
        DoubleVector d3 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, m[m3 + j + 3]));
        DoubleVector m01 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[m0 + j + 1]));
        DoubleVector m02 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[m0 + j + 2]));
        DoubleVector m12 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[m1 + j + 2]));
        DoubleVector m03 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[m0 + j + 3]));
        DoubleVector m13 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[m1 + j + 3]));
        DoubleVector m23 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[m2 + j + 3]));
        for (int r = r0; r < r1; r += 4) {
            DoubleVector x0 = (DoubleVector) V256.cast(
                    ((DoubleVector) V256.cast(DoubleVector.fromArray(S, p, c0 + r))).div(d0));
            x0.intoArray(p, c0 + r);
            DoubleVector x1 = (DoubleVector) V256.cast(
                    ((DoubleVector) V256.cast(m01.fma(x0, DoubleVector.fromArray(S, p, c1 + r)))).div(d1));
            x1.intoArray(p, c1 + r);
            DoubleVector t2 = (DoubleVector) V256.cast(m02.fma(x0, DoubleVector.fromArray(S, p, c2 + r)));
            DoubleVector x2 = (DoubleVector) V256.cast(((DoubleVector) V256.cast(m12.fma(x1, t2))).div(d2));
            x2.intoArray(p, c2 + r);
            DoubleVector t3 = (DoubleVector) V256.cast(m03.fma(x0, DoubleVector.fromArray(S, p, c3 + r)));
            t3 = (DoubleVector) V256.cast(m13.fma(x1, t3));
            t3 = (DoubleVector) V256.cast(m23.fma(x2, t3));
            ((DoubleVector) V256.cast(t3.div(d3))).intoArray(p, c3 + r);
        }
    }

    /** {@link #column} with 256-bit vectors. */
    private static void column256(double[] m, int ldm, double[] p, int ld, int j, double d, int r0, int r1) {
        int cj = j * ld;
        int r = r0;
        DoubleVector dv = (DoubleVector) V256.cast(DoubleVector.broadcast(S, d));
        for (; r + 8 <= r1; r += 8) {
            DoubleVector a0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, cj + r));
            DoubleVector a1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, cj + r + 4));
            for (int q = 0; q < j; q++) {
                int cq = q * ld + r;
                DoubleVector b = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -m[q * ldm + j]));
                a0 = b.fma(DoubleVector.fromArray(S, p, cq), a0);
                a1 = b.fma(DoubleVector.fromArray(S, p, cq + 4), a1);
            }
            ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a0)).div(dv))).intoArray(p, cj + r);
            ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a1)).div(dv))).intoArray(p, cj + r + 4);
        }
        columnScalar(m, ldm, p, ld, j, d, r, r1);
    }

    /** {@link #finiteSum} with 256-bit vectors. */
    private static double finiteSum256(double[] a, int from, int end) {
        DoubleVector zero = (DoubleVector) V256.cast(DoubleVector.zero(S));
        DoubleVector acc0 = zero;
        DoubleVector acc1 = zero;
        int j = from;
        for (; j + 8 <= end; j += 8) {
            acc0 = ((DoubleVector) V256.cast(DoubleVector.fromArray(S, a, j))).fma(zero, acc0);
            acc1 = ((DoubleVector) V256.cast(DoubleVector.fromArray(S, a, j + 4))).fma(zero, acc1);
        }
        DoubleVector acc = ((DoubleVector) V256.cast(acc0)).add(acc1);
        double s = acc.lane(0) + acc.lane(1) + acc.lane(2) + acc.lane(3);
        for (; j < end; j++) {
            s = Math.fma(a[j], 0.0, s);
        }
        return s;
    }

    /** Stride of the packed panel: ≥ rows, a whole number of cache lines, and an odd number of them. */
    static int panelStride(int rows) {
        int ld = (rows + 7) & ~7;
        return (ld & 8) == 0 ? ld + 8 : ld;
    }

    /** NaN/±inf anywhere in the lower triangle (the part that is read) → NonFiniteInputException. */
    static void requireFiniteLower(String op, String name, double[] a, int n) {
        if (finiteLower(a, n)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j <= i; j++) {
                double v = a[row + j];
                if (v - v != 0.0) {
                    throw nonFinite(op, name, n, i, j, v);
                }
            }
        }
    }

    /** Whether rows [i0, i0+rows) × columns [j0, j0+cols) of the n-column matrix a are finite. */
    static boolean finiteRows(double[] a, int n, int i0, int rows, int j0, int cols) {
        double s = 0.0;
        for (int i = i0; i < i0 + rows; i++) {
            s += finiteSum(a, i * n + j0, i * n + j0 + cols);
        }
        return s == s;
    }

    /** Whether the lower triangle of the w×w diagonal block at (kb, kb) is finite. */
    static boolean finiteLower(double[] a, int n, int kb, int w) {
        double s = 0.0;
        for (int i = 0; i < w; i++) {
            int row = (kb + i) * n + kb;
            s += finiteSum(a, row, row + i + 1);
        }
        return s == s;
    }

    /**
     * Whether the lower triangle is finite: fma(v, 0, acc) is NaN from a non-finite v on and ±0 otherwise, so the
     * sums are NaN exactly when some element is not finite (only NaN-or-not is used: the order is free).
     */
    static boolean finiteLower(double[] a, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += finiteSum(a, i * n, i * n + i + 1);
        }
        return s == s;
    }

    /**
     * NaN iff a[from..end) holds a NaN or ±inf. A separate method on purpose: on JDK 17 a vector carried by the
     * phi of an OUTER loop is boxed on every inner iteration (measured 1.4 MB per 492×492 scan); here the
     * accumulators live only in this loop and leave it as a scalar.
     */
    static double finiteSum(double[] a, int from, int end) {
        if (!WIDE) {
            return finiteSum256(a, from, end);
        }
        DoubleVector zero = (DoubleVector) V512.cast(DoubleVector.zero(S8));
        DoubleVector acc0 = zero;
        DoubleVector acc1 = zero;
        int j = from;
        for (; j + 16 <= end; j += 16) {
            acc0 = ((DoubleVector) V512.cast(DoubleVector.fromArray(S8, a, j))).fma(zero, acc0);
            acc1 = ((DoubleVector) V512.cast(DoubleVector.fromArray(S8, a, j + 8))).fma(zero, acc1);
        }
        DoubleVector acc = ((DoubleVector) V512.cast(acc0)).add(acc1);
        // Lanes summed as scalars (no mask, no lane reduction).
        double s = acc.lane(0) + acc.lane(1) + acc.lane(2) + acc.lane(3) + acc.lane(4) + acc.lane(5) + acc.lane(6)
                + acc.lane(7);
        for (; j < end; j++) {
            s = Math.fma(a[j], 0.0, s);
        }
        return s;
    }

    static NonFiniteInputException nonFinite(String op, String name, int n, int i, int j, double v) {
        return new NonFiniteInputException(op + ": " + name + " (" + n + "x" + n + ") has " + v + " at (" + i + ", "
                + j + "); inputs must be finite");
    }
}
