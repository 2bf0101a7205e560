package dev.zeroloss.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The strided block update every level-3 operation of the engine is built on.
 *
 * <p>{@code update} computes, for i in [0, m) and j in [0, n) (only j ≤ i when {@code lowerOnly}):
 * <pre>  s = C(i,j);  for p = 0 .. k-1:  s = fma(±A(i,p), B(p,j), s);  C(i,j) = s</pre>
 * with A(i,p) = a[aOff + i*aRs + p*aCs], B(p,j) = b[bOff + p*bRs + j*bCs], C(i,j) = c[cOff + i*ldc + j], and the
 * sign minus when {@code negate}. Strides may be negative (a reversed k order is a negative k stride).
 * This is exactly the chain of {@link GemmReference}, so every caller that keeps its chains in this form
 * equals its scalar reference bit for bit. {@link #updateReference} is that chain written as scalar loops.
 *
 * <p>The fast path (see docs/decisions/gemm.md for the measurements behind it):
 * <ol>
 *   <li>Pack (one parallel phase per call, or per k super-block when the panels would exceed
 *       {@link #PACK_CAP} doubles): A into row panels of {@value #MR} rows, B into column panels of
 *       NR columns (24 or 12, see {@link #WIDE}), k-major, k-block by k-block so that every (k-block, tile)
 *       slice is contiguous.
 *       Packing handles any strides (also negative or zero), folds the sign of {@code negate} into A (exact)
 *       and zero-pads the edge panels.</li>
 *   <li>Compute (one parallel phase): tasks are output tiles of {@value #MC} rows × {@value #NC} columns
 *       ({@value #NC_LOWER} with {@code lowerOnly}, claimed largest first; tiles wholly above the diagonal
 *       are skipped). A tile is computed wholly by one thread: for each k-block of {@value #KC}, for each
 *       row panel, for each column panel, the micro-kernel loads the 8×{@code NR} block of C into 24
 *       accumulators (NR = 24 with {@code DoubleVector.SPECIES_512} when {@link #WIDE}, else NR = 12 with
 *       {@code SPECIES_256}), broadcasts A(i,p), loads B(p, j..) and does one fma per lane in strictly
 *       increasing p, then stores C back; the next k-block reloads it (partial results are never
 *       summed). Edge and diagonal micro-tiles go through a per-worker 8×NR scratch tile and write back
 *       only the elements they own (with {@code lowerOnly}, never j &gt; i; those are not even read).</li>
 * </ol>
 * SYRK-like calls (lowerOnly, B = Aᵀ of the same storage, not negated) pack only A: the micro-kernel reads B's
 * vectors straight from the packed A panels ({@link #sharedTile}); {@link #syrkLower} also zeroes and mirrors K
 * inside the tile tasks.
 * Each accumulator lane is one scalar chain in increasing p, so the bits equal {@link #updateReference} for
 * every vector width, block size, thread count and JIT state. Very small problems take the scalar loop
 * itself.
 *
 * <p>Threading: one kernel object serves ONE caller thread at a time (it holds per-call state and packing
 * workspaces). The workspaces grow only when a larger size is first seen, so steady-state calls allocate
 * nothing.
 */
public final class GemmKernel {
    /** Fixed species for the narrow micro-kernel and for packing copies. */
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    /** Fixed species for the wide micro-kernel. */
    private static final VectorSpecies<Double> S512 = DoubleVector.SPECIES_512;
    /**
     * The exact vector classes, as constants. JDK 17's C2 binds {@code fma} and {@code intoArray} (methods of the
     * abstract DoubleVector that call {@code length()}/{@code vspecies()} on {@code this}) by their type profile,
     * which all callers in the JVM share. Once a second species uses them (here: 256-bit packing copies beside
     * the 512-bit kernel, or any other kernel), the call becomes bimorphic, the vector intrinsics fail and every
     * vector is boxed: 0.7 GFLOPS instead of 60+. {@code V.cast(v)} of a constant class is a checkcast to a final
     * class, which gives C2 the exact type, so the calls bind statically whatever the profile says.
     */
    private static final Class<?> V256 = S.vectorType();
    private static final Class<?> V512 = S512.vectorType();
    /**
     * The micro-kernel width, chosen once: 512-bit vectors (8×24 tile) when the hardware's preferred species is
     * at least 512 bits, else 256-bit (8×12). {@code -Dzeroloss.gemm.width=256|512} forces either; Cholesky and
     * Triangular follow the same choice for their panel and tile kernels. The width changes speed only, never bits
     * (each lane is one scalar fma chain in increasing p).
     * On JDK 17 too since session 3: every kernel carries the exact-class casts (NoBoxingTest: polluted profile),
     * and the boxing once seen after fig1–fig5 was C1 failing the direct kernels' tier-3 OSR compile, fixed and
     * guarded by C1CompileTest; ReproOrderNoBoxingTest replays that sequence (docs/decisions/gemm.md).
     */
    static final boolean WIDE = chooseWide(System.getProperty("zeroloss.gemm.width"));
    /** Register tile: MR rows × NR columns = 8 × 3 vectors = 24 accumulators (NR = 24 wide, 12 narrow). */
    static final int MR = 8;
    static final int NR = WIDE ? 24 : 12;
    /** k-block: an A micro-panel slice (KC·MR doubles, 16 KB) stays in L1; a tile's B slice (KC·NC) in L2. */
    static final int KC = 256;
    /** Output tile of one task (multiples of MR and NR). */
    static final int MC = 96;
    static final int NC = 384;
    /** Narrower tiles when only the lower triangle is computed: more, smaller tasks balance the triangle. */
    static final int NC_LOWER = 96;
    /** At or below this m·n·k the scalar loop runs (same bits, no packing overhead). */
    static final long SMALL_WORK = 4096;
    /** Below this m·n·k everything runs on the caller (a dispatch costs more than it saves). */
    static final long PARALLEL_WORK = 1L << 18;
    /** Packed doubles (A and B together) above which k is split into super-blocks packed one after another. */
    static final long PACK_CAP = 1L << 23;
    /**
     * Thin path: at most this many columns (any A), or rows (with a row-major B), at least THIN_WORK m·n·k, and
     * the small operand's packed panels (whole k) within the packing cap. There packing the big operand as a whole
     * would cost about as much as the flops it feeds (each of its elements meets only ≤ THIN fmas).
     */
    static final int THIN = 64;
    /**
     * Whether the thin path runs: by default yes. Until session 3 it was JDK 25+ only: on JDK 17, after the whole
     * `./repro` sequence (fig1–fig5 first), the direct kernels ({@code direct256x3}, {@code direct512x3}) ran
     * boxed (34.8–142 MB and 12.6–34 ms per fig6 step). The cause was C1, not C2: their 8-row body made the
     * tier-3 OSR compile bail out ("out of virtual registers"), and a method the tiered policy had put in tier 2
     * stayed there. They now run as two 4-row passes (C1CompileTest forces that compile).
     * {@code -Dzeroloss.gemm.thin=true|false} forces it. Either way the bits are the same (same chains).
     */
    static final boolean THIN_ON = chooseThin(System.getProperty("zeroloss.gemm.thin"));

    static boolean chooseThin(String forced) {
        if (forced != null && !forced.isEmpty()) {
            switch (forced.trim()) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw new IllegalArgumentException("zeroloss.gemm.thin must be true or false, not " + forced);
            }
        }
        return true;
    }
    static final long THIN_WORK = 1L << 15;
    /** Thin path: tasks per worker (the panels of the long dimension are split in about this many parts each). */
    private static final int THIN_TASKS_PER_WORKER = 4;
    /** Lanes per vector of the chosen width. */
    static final int VL = WIDE ? 8 : 4;
    /** Micro-panels packed per packing task. */
    private static final int PACK_CHUNK = 8;
    /** Symmetric packing: rows per group (whole A and B panels: a multiple of MR and NR), groups per task. */
    private static final int SYM_GROUP = 24;
    private static final int SYM_GROUPS_PER_TASK = 3;

    static boolean chooseWide(String forced) {
        if (forced != null && !forced.isEmpty()) {
            switch (forced.trim()) {
                case "256":
                    return false;
                case "512":
                    return true;
                default:
                    throw new IllegalArgumentException("zeroloss.gemm.width must be 256 or 512, not " + forced);
            }
        }
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    private final WorkerPool pool;
    /** Per worker: an MR×NR scratch tile for edge and diagonal micro-tiles. */
    private final double[][] scratch;
    private final PackTask packTask = new PackTask();
    private final ThinTask thinTask = new ThinTask();
    // Thin-path state: split by row panels (A big) or by column panels (B big); panels per task; k.
    private boolean thinByRows;
    /** Per worker: one k-block strip of a big operand's micro-panel (KC·NR doubles ≥ KC·MR). */
    private final double[][] strips;
    private int thinChunk, kAll;
    private final TileTask tileTask = new TileTask();
    private double[] packA = new double[0];
    private double[] packB = new double[0];

    // Per-call state, written by the caller before each dispatch (published by WorkerPool.run's handoff).
    private int m, n, k0, kLen, mPanels, nPanels, packTasksA, tilesM, tilesN, nc;
    /** lowerOnly: the non-empty tiles, largest first (greedy claiming then ends with the small ones). */
    private int[] tileOrder = new int[0];
    private long[] tileWork = new long[0];
    private boolean negate, lowerOnly, symPack;
    /**
     * Symmetric and not negated (SYRK): B is never packed; the micro-kernel reads B(p, j..j+3/7) straight from the
     * packed A panels (B(p, j) = A(j, p) is lane j mod MR of A panel j / MR at k-step p: one contiguous vector).
     */
    private boolean sharedPanels;
    /** syrkLower: C starts from +0.0 (zeroed by each tile task before its first k-block) / is mirrored at the end. */
    private boolean zeroC, mirrorC;
    private int kTotal;
    private double[] a, b, c;
    private int aOff, aRs, aCs, bOff, bRs, bCs, cOff, ldc;

    private final long packCap;

    public GemmKernel(WorkerPool pool) {
        this(pool, PACK_CAP);
    }

    /** Tests only: a small {@code packCap} forces the k super-block split on small problems. */
    GemmKernel(WorkerPool pool, long packCap) {
        this.pool = pool;
        this.packCap = packCap;
        this.scratch = new double[pool.threads()][MR * NR];
        this.strips = new double[pool.threads()][KC * NR];
    }

    public WorkerPool pool() {
        return pool;
    }

    /** The scalar definition of {@link #update}: the bits every fast path must reproduce. */
    public static void updateReference(int m, int n, int k, boolean negate, boolean lowerOnly,
                                       double[] a, int aOff, int aRs, int aCs,
                                       double[] b, int bOff, int bRs, int bCs,
                                       double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int jEnd = lowerOnly ? Math.min(n, i + 1) : n;
            for (int j = 0; j < jEnd; j++) {
                int ci = cOff + i * ldc + j;
                double s = c[ci];
                for (int p = 0; p < k; p++) {
                    double x = a[aOff + i * aRs + p * aCs];
                    s = Math.fma(negate ? -x : x, b[bOff + p * bRs + j * bCs], s);
                }
                c[ci] = s;
            }
        }
    }

    /** C(i,j) ← fma chain over p of ±A(i,p)·B(p,j) from C(i,j), for j ≤ i only when {@code lowerOnly}. */
    public void update(int m, int n, int k, boolean negate, boolean lowerOnly,
                       double[] a, int aOff, int aRs, int aCs,
                       double[] b, int bOff, int bRs, int bCs,
                       double[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0 || k <= 0) {
            return;
        }
        this.zeroC = false;
        this.mirrorC = false;
        updateFast(m, n, k, negate, lowerOnly, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc);
    }

    /**
     * SYRK from zero: K(i,j) for j ≤ i &lt; n ← the fma chain over p &lt; d of H(i,p)·H(j,p) from +0.0 (what K held
     * there before is neither read nor kept), with H(i,p) = h[hOff + i·ldh + p] and K(i,j) = k[kOff + i·ldk + j];
     * with {@code mirror} also K(j,i) ← K(i,j) for j &lt; i, else the strict upper triangle is untouched. The same bits
     * as zeroing the lower triangle and calling {@code update(n, n, d, false, true, h, hOff, ldh, 1, h, hOff, 1, ldh,
     * k, kOff, ldk)}: the tile tasks zero their own part before the first k-block and mirror it after the last one
     * (in parallel and while it is in cache), instead of two serial passes over K.
     */
    public void syrkLower(int n, int d, double[] h, int hOff, int ldh, double[] k, int kOff, int ldk, boolean mirror) {
        if (n <= 0) {
            return;
        }
        if (d <= 0 || (long) n * n * d <= SMALL_WORK) {
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(k, kOff + i * ldk, kOff + i * ldk + i + 1, 0.0);
            }
            if (d > 0) {
                updateReference(n, n, d, false, true, h, hOff, ldh, 1, h, hOff, 1, ldh, k, kOff, ldk);
            }
            if (mirror) {
                mirrorTile(k, kOff, ldk, 0, n, 0, n);
            }
            return;
        }
        this.zeroC = true;
        this.mirrorC = mirror;
        try {
            updateFast(n, n, d, false, true, h, hOff, ldh, 1, h, hOff, 1, ldh, k, kOff, ldk);
        } finally {
            this.zeroC = false;
            this.mirrorC = false;
        }
    }

    /** c(j, i) ← c(i, j) for i in [i0, i1), j in [j0, min(j1, i)): the strict lower part of a tile onto its mirror. */
    private static void mirrorTile(double[] c, int co, int ld, int i0, int i1, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            int dst = co + j * ld;
            for (int i = Math.max(i0, j + 1); i < i1; i++) {
                c[dst + i] = c[co + i * ld + j];
            }
        }
    }

    private void updateFast(int m, int n, int k, boolean negate, boolean lowerOnly,
                            double[] a, int aOff, int aRs, int aCs,
                            double[] b, int bOff, int bRs, int bCs,
                            double[] c, int cOff, int ldc) {
        long work = (long) m * n * k;
        if (work <= SMALL_WORK) {
            updateReference(m, n, k, negate, lowerOnly, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc);
            return;
        }
        boolean thinCols = n <= THIN;
        boolean thin = THIN_ON && !lowerOnly && work >= THIN_WORK && (thinCols || (m <= THIN && bCs == 1))
                && (long) (thinCols ? (n + NR - 1) / NR * NR : (m + MR - 1) / MR * MR) * k <= packCap;
        if (thin) {
            updateThin(m, n, k, negate, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, work);
            return;
        }
        int mp = (m + MR - 1) / MR;
        // With lowerOnly, columns j ≥ m are never written: neither packed nor visited.
        int nUsed = lowerOnly ? Math.min(n, m) : n;
        int np = (nUsed + NR - 1) / NR;
        long panelRows = (long) mp * MR + (long) np * NR;
        int ks = (int) Math.min(k, Math.max(KC, packCap / panelRows / KC * KC));
        boolean sym = lowerOnly && a == b && aOff == bOff && aRs == bCs && aCs == bRs;
        boolean shared = sym && !negate;
        if ((zeroC || mirrorC) && !shared) {
            throw new IllegalStateException("GemmKernel: zeroC/mirror need the shared-panel path");
        }
        this.kTotal = k;
        ensureWorkspace((long) mp * MR * ks, shared ? NR : (long) np * NR * ks);

        this.m = m;
        this.n = n;
        this.negate = negate;
        this.lowerOnly = lowerOnly;
        this.a = a;
        this.aOff = aOff;
        this.aRs = aRs;
        this.aCs = aCs;
        this.b = b;
        this.bOff = bOff;
        this.bRs = bRs;
        this.bCs = bCs;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        this.mPanels = mp;
        this.nPanels = np;
        this.packTasksA = (mp + PACK_CHUNK - 1) / PACK_CHUNK;
        int packTasks = packTasksA + (np + PACK_CHUNK - 1) / PACK_CHUNK;
        // SYRK-like (B = Aᵀ of the same storage, as in syrkLower and Cholesky's trailing update): B panels are copied
        // from the packed A panels instead of gathered from the source a second time.
        this.symPack = sym;
        this.sharedPanels = shared;
        if (symPack) {
            int groups = (Math.max(mp * MR, np * NR) + SYM_GROUP - 1) / SYM_GROUP;
            packTasks = (groups + SYM_GROUPS_PER_TASK - 1) / SYM_GROUPS_PER_TASK;
        }
        this.nc = lowerOnly ? NC_LOWER : NC;
        this.tilesM = (m + MC - 1) / MC;
        this.tilesN = (nUsed + nc - 1) / nc;
        int tiles = lowerOnly ? orderLowerTiles(m, nUsed) : tilesM * tilesN;
        boolean parallel = pool.threads() > 1 && work >= PARALLEL_WORK;
        try {
            for (int p0 = 0; p0 < k; p0 += ks) {
                this.k0 = p0;
                this.kLen = Math.min(ks, k - p0);
                dispatch(packTasks, packTask, parallel);
                dispatch(tiles, tileTask, parallel);
            }
        } finally {
            // Do not keep the caller's arrays reachable between calls.
            this.a = null;
            this.b = null;
            this.c = null;
        }
    }

    /** Lists the tiles that meet the lower triangle in tileOrder, by decreasing element count; returns their number. */
    private int orderLowerTiles(int m, int n) {
        int total = tilesM * tilesN;
        if (tileOrder.length < total) {
            tileOrder = new int[total];
            tileWork = new long[total];
        }
        int[] order = tileOrder;
        long[] work = tileWork;
        int count = 0;
        for (int t = 0; t < total; t++) {
            long w = lowerTileWork(t, m, n);
            if (w == 0) {
                continue;
            }
            int pos = count++;
            while (pos > 0 && work[pos - 1] < w) { // stable insertion sort; most tiles have equal work
                order[pos] = order[pos - 1];
                work[pos] = work[pos - 1];
                pos--;
            }
            order[pos] = t;
            work[pos] = w;
        }
        return count;
    }

    private long lowerTileWork(int t, int m, int n) {
        int ib = t / tilesN;
        int jb = t - ib * tilesN;
        int i0 = ib * MC;
        int i1 = Math.min(m, i0 + MC);
        int j0 = jb * nc;
        int j1 = Math.min(n, j0 + nc);
        long w = 0;
        for (int i = i0; i < i1; i++) {
            w += Math.max(0, Math.min(j1, i + 1) - j0);
        }
        return w;
    }

    /**
     * The thin path (see {@link #THIN}): the big operand is never packed as a whole. The small one is packed once
     * on the caller (whole k as one block); the big one is read per task, one k-block strip of one micro-panel at
     * a time, either in place (a row-major A: eight sequential row streams) or copied into a per-worker L1 strip
     * (a row-major B, a transposed A: their k-step is a whole row, often 4 KB, so in place every step would touch
     * a new page and the same L1 sets once per micro-tile; the copy touches it once and is reused by every
     * micro-tile of the strip). One dispatch; tasks split the panels of the long dimension. Same chains as the
     * packed path: every lane one fma chain in increasing p, C reloaded between k-blocks. {@code negate} is folded
     * into the packed small operand: fma(−x, y, s) and fma(x, −y, s) are the same exact product, so the same bits.
     * The big operand is read while C is written: like the reference, this needs C not to overlap A or B.
     */
    private void updateThin(int m, int n, int k, boolean negate, double[] a, int aOff, int aRs, int aCs,
                            double[] b, int bOff, int bRs, int bCs, double[] c, int cOff, int ldc, long work) {
        int mp = (m + MR - 1) / MR;
        int np = (n + NR - 1) / NR;
        boolean byRows = n <= THIN; // else m ≤ THIN with a row-major B
        ensureWorkspace(byRows ? MR : (long) mp * MR * k, byRows ? (long) np * NR * k : NR);
        this.m = m;
        this.n = n;
        this.negate = negate; // read by packPanelA only
        this.lowerOnly = false;
        this.a = a;
        this.aOff = aOff;
        this.aRs = aRs;
        this.aCs = aCs;
        this.b = b;
        this.bOff = bOff;
        this.bRs = bRs;
        this.bCs = bCs;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        this.mPanels = mp;
        this.nPanels = np;
        this.k0 = 0;
        this.kLen = k;
        this.kAll = k;
        this.thinByRows = byRows;
        try {
            if (byRows) {
                packPanelsB(0, np, 0, k);
                if (negate) {
                    double[] pb = packB;
                    for (int i = 0, end = np * NR * k; i < end; i++) {
                        pb[i] = -pb[i];
                    }
                }
            } else {
                for (int ip = 0; ip < mp; ip++) {
                    packPanelA(ip, 0, k);
                }
            }
            int panels = byRows ? mp : np;
            boolean parallel = pool.threads() > 1 && work >= PARALLEL_WORK;
            int tasks = parallel ? Math.min(panels, pool.threads() * THIN_TASKS_PER_WORKER) : 1;
            this.thinChunk = (panels + tasks - 1) / tasks;
            dispatch((panels + thinChunk - 1) / thinChunk, thinTask, parallel);
        } finally {
            this.a = null;
            this.b = null;
            this.c = null;
        }
    }

    /** A range of row panels (all column panels) or of column panels (all row panels), k-block by k-block. */
    private final class ThinTask implements WorkerPool.Task {
        @Override
        public void run(int task, int worker) {
            int k = kAll;
            int from = task * thinChunk;
            boolean byRows = thinByRows;
            int to = Math.min(byRows ? mPanels : nPanels, from + thinChunk);
            double[] tmp = scratch[worker];
            double[] strip = strips[worker];
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (byRows) {
                    for (int ip = from; ip < to; ip++) {
                        thinRowPanel(ip, pc, kc, strip, tmp);
                    }
                } else {
                    for (int jp = from; jp < to; jp++) {
                        thinColumnPanel(jp, pc, kc, strip, tmp);
                    }
                }
            }
        }
    }

    /** Row panel ip (A, the big operand) against every packed column panel of B, over k-block [pc, pc + kc). */
    private void thinRowPanel(int ip, int pc, int kc, double[] strip, double[] tmp) {
        int ir = ip * MR;
        int rows = Math.min(MR, m - ir);
        double[] sa;
        int ai;
        int ars;
        int acs;
        if (rows == MR && aCs == 1) {
            sa = a; // eight sequential row streams: read in place
            ai = aOff + ir * aRs + pc;
            ars = aRs;
            acs = 1;
        } else {
            copyStripA(ir, rows, pc, kc, strip);
            sa = strip;
            ai = 0;
            ars = 1;
            acs = MR;
        }
        double[] cc = c;
        int k = kAll;
        for (int jp = 0; jp < nPanels; jp++) {
            int jr = jp * NR;
            int cols = Math.min(NR, n - jr);
            int bi = jp * NR * k + pc * NR;
            int ci = cOff + ir * ldc + jr;
            if (rows == MR && cols == NR) {
                if (sa == strip) {
                    microKernel(kc, strip, 0, packB, bi, cc, ci, ldc);
                } else {
                    directKernel(NR / VL, kc, sa, ai, ars, acs, packB, bi, NR, cc, ci, ldc);
                }
            } else {
                thinEdge(rows, cols, kc, sa, ai, ars, acs, packB, bi, NR, cc, ci, tmp);
            }
        }
    }

    /** Column panel jp (B, the big row-major operand, copied into the strip) against every packed row panel of A. */
    private void thinColumnPanel(int jp, int pc, int kc, double[] strip, double[] tmp) {
        int jr = jp * NR;
        int cols = Math.min(NR, n - jr);
        copyStripB(jr, cols, pc, kc, strip);
        double[] cc = c;
        int k = kAll;
        for (int ip = 0; ip < mPanels; ip++) {
            int ir = ip * MR;
            int rows = Math.min(MR, m - ir);
            int ai = ip * MR * k + pc * MR;
            int ci = cOff + ir * ldc + jr;
            if (rows == MR && cols == NR) {
                microKernel(kc, packA, ai, strip, 0, cc, ci, ldc);
            } else {
                thinEdge(rows, cols, kc, packA, ai, 1, MR, strip, 0, NR, cc, ci, tmp);
            }
        }
    }

    /** A partial micro-tile through the scratch tile, with only as many column vectors as it needs. */
    private void thinEdge(int rows, int cols, int kc, double[] sa, int ai, int ars, int acs, double[] sb, int bi,
                          int brs, double[] cc, int ci, double[] tmp) {
        int ld = ldc;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(cc, ci + r * ld, tmp, r * NR, cols);
        }
        directKernel((cols + VL - 1) / VL, kc, sa, ai, ars, acs, sb, bi, brs, tmp, 0, NR);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tmp, r * NR, cc, ci + r * ld, cols);
        }
    }

    /** strip[p·MR + r] = A(ir + r, pc + p) for r < rows, zero below: one micro-panel's k-block. */
    private void copyStripA(int ir, int rows, int pc, int kc, double[] strip) {
        double[] src = a;
        int rs = aRs;
        int cs = aCs;
        int s = aOff + ir * rs + pc * cs;
        if (rows == MR && rs == 1) {
            // A transposed: the eight values of one k-step are contiguous.
            for (int p = 0, d = 0; p < kc; p++, d += MR, s += cs) {
                ((DoubleVector) V256.cast(DoubleVector.fromArray(S, src, s))).intoArray(strip, d);
                ((DoubleVector) V256.cast(DoubleVector.fromArray(S, src, s + 4))).intoArray(strip, d + 4);
            }
            return;
        }
        for (int p = 0, d = 0; p < kc; p++, d += MR, s += cs) {
            int r = 0;
            for (; r < rows; r++) {
                strip[d + r] = src[s + r * rs];
            }
            for (; r < MR; r++) {
                strip[d + r] = 0.0;
            }
        }
    }

    /** strip[p·NR + q] = B(pc + p, jr + q) for q < cols, zero right of them; B row-major (bCs = 1). */
    private void copyStripB(int jr, int cols, int pc, int kc, double[] strip) {
        double[] src = b;
        int rs = bRs;
        int s = bOff + pc * rs + jr;
        if (cols == NR) {
            for (int p = 0, d = 0; p < kc; p++, d += NR, s += rs) {
                for (int q = 0; q < NR; q += 4) { // NR is a constant: C2 unrolls this
                    ((DoubleVector) V256.cast(DoubleVector.fromArray(S, src, s + q))).intoArray(strip, d + q);
                }
            }
            return;
        }
        for (int p = 0, d = 0; p < kc; p++, d += NR, s += rs) {
            int q = 0;
            for (; q < cols; q++) {
                strip[d + q] = src[s + q];
            }
            for (; q < NR; q++) {
                strip[d + q] = 0.0;
            }
        }
    }

    /**
     * C(r, q) for r < 8, q < nv·VL at c[ci + r·ldc + q] ← fma chain over p < kc of A(r, p)·B(p, q), with
     * A(r, p) = a[ai + r·aRs + p·aCs] (broadcast) and B(p, q) = b[bi + p·bRs + q] (vector loads): the packed
     * micro-kernel's chains with the operands at any strides (a packed panel is aRs = 1, aCs = MR or bRs = NR).
     * Rows and columns past the owned ones (scratch tile) compute garbage-free zeros-times-operands that are
     * never copied back.
     */
    static void directKernel(int nv, int kc, double[] a, int ai, int aRs, int aCs, double[] b, int bi,
                                     int bRs, double[] c, int ci, int ldc) {
        if (WIDE) {
            if (nv == 3) {
                direct512x3(kc, a, ai, aRs, aCs, b, bi, bRs, c, ci, ldc);
            } else if (nv == 2) {
                direct512x2(kc, a, ai, aRs, aCs, b, bi, bRs, c, ci, ldc);
            } else {
                direct512x1(kc, a, ai, aRs, aCs, b, bi, bRs, c, ci, ldc);
            }
        } else {
            if (nv == 3) {
                direct256x3(kc, a, ai, aRs, aCs, b, bi, bRs, c, ci, ldc);
            } else if (nv == 2) {
                direct256x2(kc, a, ai, aRs, aCs, b, bi, bRs, c, ci, ldc);
            } else {
                direct256x1(kc, a, ai, aRs, aCs, b, bi, bRs, c, ci, ldc);
            }
        }
    }

    private void dispatch(int count, WorkerPool.Task task, boolean parallel) {
        if (parallel) {
            pool.run(count, task);
        } else {
            for (int t = 0; t < count; t++) {
                task.run(t, 0);
            }
        }
    }

    private void ensureWorkspace(long sizeA, long sizeB) {
        if (sizeA > Integer.MAX_VALUE - 16 || sizeB > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("GemmKernel.update: packed panels of " + sizeA + " and " + sizeB
                    + " doubles exceed the array limit");
        }
        if (packA.length < sizeA) {
            packA = new double[(int) sizeA];
        }
        if (packB.length < sizeB) {
            packB = new double[(int) sizeB];
        }
    }

    /** Packs A panels [0, packTasksA·chunk) and then B panels of the current k super-block. */
    private final class PackTask implements WorkerPool.Task {
        @Override
        public void run(int task, int worker) {
            int kl = kLen;
            if (symPack) {
                int r0 = task * SYM_GROUPS_PER_TASK * SYM_GROUP;
                int r1 = r0 + SYM_GROUPS_PER_TASK * SYM_GROUP;
                for (int pc = 0; pc < kl; pc += KC) {
                    int kc = Math.min(KC, kl - pc);
                    for (int ip = r0 / MR, end = Math.min(mPanels, r1 / MR); ip < end; ip++) {
                        packPanelA(ip, pc, kc);
                    }
                    if (sharedPanels) {
                        continue; // the micro-kernel reads B from the A panels
                    }
                    // The A panels of these rows were packed just above (same task): L1/L2-hot.
                    for (int jp = r0 / NR, end = Math.min(nPanels, r1 / NR); jp < end; jp++) {
                        copyPanelBFromA(jp, pc, kc);
                    }
                }
                return;
            }
            if (task < packTasksA) {
                int end = Math.min(mPanels, (task + 1) * PACK_CHUNK);
                for (int pc = 0; pc < kl; pc += KC) {
                    int kc = Math.min(KC, kl - pc);
                    for (int ip = task * PACK_CHUNK; ip < end; ip++) {
                        packPanelA(ip, pc, kc);
                    }
                }
            } else {
                int t = task - packTasksA;
                int jp0 = t * PACK_CHUNK;
                int jp1 = Math.min(nPanels, jp0 + PACK_CHUNK);
                for (int pc = 0; pc < kl; pc += KC) {
                    packPanelsB(jp0, jp1, pc, Math.min(KC, kl - pc));
                }
            }
        }
    }

    /**
     * Symmetric packing: B(p, j) = A(j, p), so B panel jp's column q is lane (jp·NR + q) mod MR of A panel
     * (jp·NR + q) / MR, four columns at a time (NR and MR are multiples of 4). The packed A carries the sign of
     * {@code negate}, B must not: then the copy is multiplied by −1.0 (exact). A panels past the last one are zeros.
     */
    private void copyPanelBFromA(int jp, int pc, int kc) {
        double[] pa = packA;
        double[] pb = packB;
        int aBlock = pc * mPanels * MR;
        int dBase = pc * nPanels * NR + jp * NR * kc;
        boolean neg = negate;
        DoubleVector minusOne = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -1.0));
        for (int q = 0; q < NR; q += 4) {
            int row = jp * NR + q;
            int ip = row / MR;
            int d = dBase + q;
            if (ip >= mPanels) {
                for (int p = 0; p < kc; p++, d += NR) {
                    pb[d] = 0.0;
                    pb[d + 1] = 0.0;
                    pb[d + 2] = 0.0;
                    pb[d + 3] = 0.0;
                }
                continue;
            }
            int src = aBlock + ip * MR * kc + (row - ip * MR);
            if (neg) {
                for (int p = 0; p < kc; p++, d += NR, src += MR) {
                    DoubleVector v = (DoubleVector) V256.cast(DoubleVector.fromArray(S, pa, src));
                    ((DoubleVector) V256.cast(v.mul(minusOne))).intoArray(pb, d);
                }
            } else {
                for (int p = 0; p < kc; p++, d += NR, src += MR) {
                    ((DoubleVector) V256.cast(DoubleVector.fromArray(S, pa, src))).intoArray(pb, d);
                }
            }
        }
    }

    /**
     * Packs k-block [pc, pc + kl) of row panel ip: packA[pc·mPanels·MR + ip·MR·kl + p·MR + r] = ±A(ip·MR + r,
     * k0 + pc + p), zero for rows ≥ m. Each (k-block, panel) slice and each (k-block, tile) slice is contiguous.
     */
    private void packPanelA(int ip, int pc, int kl) {
        double[] src = a;
        double[] dst = packA;
        int rs = aRs;
        int cs = aCs;
        int i0 = ip * MR;
        int rows = Math.min(MR, m - i0);
        int base = pc * mPanels * MR + ip * MR * kl;
        int s0 = aOff + i0 * rs + (k0 + pc) * cs;
        if (rows == MR) {
            // Eight row streams, each sequential in p when A is row-major; the panel is written sequentially.
            int s1 = s0 + rs;
            int s2 = s1 + rs;
            int s3 = s2 + rs;
            int s4 = s3 + rs;
            int s5 = s4 + rs;
            int s6 = s5 + rs;
            int s7 = s6 + rs;
            if (negate) {
                for (int p = 0; p < kl; p++) {
                    int d = base + p * MR;
                    int o = p * cs;
                    dst[d] = -src[s0 + o];
                    dst[d + 1] = -src[s1 + o];
                    dst[d + 2] = -src[s2 + o];
                    dst[d + 3] = -src[s3 + o];
                    dst[d + 4] = -src[s4 + o];
                    dst[d + 5] = -src[s5 + o];
                    dst[d + 6] = -src[s6 + o];
                    dst[d + 7] = -src[s7 + o];
                }
            } else {
                for (int p = 0; p < kl; p++) {
                    int d = base + p * MR;
                    int o = p * cs;
                    dst[d] = src[s0 + o];
                    dst[d + 1] = src[s1 + o];
                    dst[d + 2] = src[s2 + o];
                    dst[d + 3] = src[s3 + o];
                    dst[d + 4] = src[s4 + o];
                    dst[d + 5] = src[s5 + o];
                    dst[d + 6] = src[s6 + o];
                    dst[d + 7] = src[s7 + o];
                }
            }
        } else {
            for (int p = 0, d = base, s = s0; p < kl; p++, d += MR, s += cs) {
                for (int r = 0; r < rows; r++) {
                    double x = src[s + r * rs];
                    dst[d + r] = negate ? -x : x;
                }
                for (int r = rows; r < MR; r++) {
                    dst[d + r] = 0.0;
                }
            }
        }
    }

    /**
     * Packs k-block [pc, pc + kl) of column panels [jp0, jp1): packB[pc·nPanels·NR + jp·NR·kl + p·NR + q] =
     * B(k0 + pc + p, jp·NR + q), zero for columns ≥ n. A row-major B is copied row by row across all panels of
     * the chunk (one long sequential read per p).
     */
    private void packPanelsB(int jp0, int jp1, int pc, int kl) {
        double[] src = b;
        double[] dst = packB;
        int rs = bRs;
        int cs = bCs;
        int blockBase = pc * nPanels * NR;
        int full = Math.min(jp1, n / NR);
        if (cs == 1 && full > jp0) {
            for (int p = 0; p < kl; p++) {
                int s = bOff + (k0 + pc + p) * rs + jp0 * NR;
                int d = blockBase + jp0 * NR * kl + p * NR;
                for (int jp = jp0; jp < full; jp++, s += NR, d += NR * kl) {
                    for (int q = 0; q < NR; q += 4) { // NR is a constant: C2 unrolls this
                        ((DoubleVector) V256.cast(DoubleVector.fromArray(S, src, s + q))).intoArray(dst, d + q);
                    }
                }
            }
            jp0 = full;
        }
        for (int jp = jp0; jp < jp1; jp++) {
            int j0 = jp * NR;
            int cols = Math.min(NR, n - j0);
            int base = blockBase + jp * NR * kl;
            int s0 = bOff + (k0 + pc) * rs + j0 * cs;
            if (cols == NR) {
                // Twelve column streams at a time (sequential in p when B is column-major, e.g. Hᵀ in SYRK).
                for (int q0 = 0; q0 < NR; q0 += 12) {
                    int t0 = s0 + q0 * cs;
                    int t1 = t0 + cs;
                    int t2 = t1 + cs;
                    int t3 = t2 + cs;
                    int t4 = t3 + cs;
                    int t5 = t4 + cs;
                    int t6 = t5 + cs;
                    int t7 = t6 + cs;
                    int t8 = t7 + cs;
                    int t9 = t8 + cs;
                    int t10 = t9 + cs;
                    int t11 = t10 + cs;
                    for (int p = 0; p < kl; p++) {
                        int d = base + p * NR + q0;
                        int o = p * rs;
                        dst[d] = src[t0 + o];
                        dst[d + 1] = src[t1 + o];
                        dst[d + 2] = src[t2 + o];
                        dst[d + 3] = src[t3 + o];
                        dst[d + 4] = src[t4 + o];
                        dst[d + 5] = src[t5 + o];
                        dst[d + 6] = src[t6 + o];
                        dst[d + 7] = src[t7 + o];
                        dst[d + 8] = src[t8 + o];
                        dst[d + 9] = src[t9 + o];
                        dst[d + 10] = src[t10 + o];
                        dst[d + 11] = src[t11 + o];
                    }
                }
            } else {
                for (int p = 0, d = base, s = s0; p < kl; p++, d += NR, s += rs) {
                    for (int q = 0; q < cols; q++) {
                        dst[d + q] = src[s + q * cs];
                    }
                    for (int q = cols; q < NR; q++) {
                        dst[d + q] = 0.0;
                    }
                }
            }
        }
    }

    /** One MC×nc output tile over the current k super-block, k-block by k-block. */
    private final class TileTask implements WorkerPool.Task {
        @Override
        public void run(int task, int worker) {
            boolean lower = lowerOnly;
            int t = lower ? tileOrder[task] : task;
            int ib = t / tilesN;
            int jb = t - ib * tilesN;
            int i0 = ib * MC;
            int i1 = Math.min(m, i0 + MC);
            int j0 = jb * nc;
            int j1 = Math.min(lower ? Math.min(n, m) : n, j0 + nc);
            if (lower && j0 > i1 - 1) {
                return; // wholly above the diagonal
            }
            double[] pa = packA;
            double[] pb = packB;
            double[] cc = c;
            int co = cOff;
            int ld = ldc;
            int kl = kLen;
            double[] tmp = scratch[worker];
            if (sharedPanels) {
                sharedTile(i0, i1, j0, j1, kl, pa, cc, co, ld, tmp);
                return;
            }
            for (int pc = 0; pc < kl; pc += KC) {
                int kc = Math.min(KC, kl - pc);
                // The A micro-panel (8·kc doubles) stays in L1 while the row sweeps B micro-panels from L2.
                for (int ir = i0; ir < i1; ir += MR) {
                    int ai = pc * mPanels * MR + ir * kc; // (ir / MR) * MR * kc
                    int rows = Math.min(MR, i1 - ir);
                    for (int jr = j0; jr < j1; jr += NR) {
                        if (lower && jr > ir + MR - 1) {
                            break; // this and the following micro-tiles lie wholly above the diagonal
                        }
                        int bi = pc * nPanels * NR + jr * kc; // (jr / NR) * NR * kc
                        int cols = Math.min(NR, j1 - jr);
                        if (rows == MR && cols == NR && (!lower || jr + NR - 1 <= ir)) {
                            microKernel(kc, pa, ai, pb, bi, cc, co + ir * ld + jr, ld);
                        } else {
                            edgeTile(kc, pa, ai, pb, bi, cc, co, ld, ir, jr, rows, cols, lower, tmp);
                        }
                    }
                }
            }
        }
    }

    /**
     * A lower tile with {@link #sharedPanels}: as the general loop, but the B vectors of micro-tile column jr come
     * from the packed A panels: column c = jr + v·VL is lane c mod MR of A panel c / MR, i.e. the stream
     * {@code pa[block + (c / MR)·MR·kc + c mod MR + p·MR]}. Streams past the last A panel (columns ≥ m, only on
     * diagonal micro-tiles) point at stream 0 instead: those lanes land in the scratch tile and are dropped.
     */
    private void sharedTile(int i0, int i1, int j0, int j1, int kl, double[] pa, double[] cc, int co, int ld,
                            double[] tmp) {
        int mp = mPanels;
        if (zeroC && k0 == 0) {
            for (int i = i0; i < i1; i++) {
                int row = co + i * ld;
                for (int j = j0, end = Math.min(j1, i + 1); j < end; j++) {
                    cc[row + j] = 0.0;
                }
            }
        }
        for (int pc = 0; pc < kl; pc += KC) {
            int kc = Math.min(KC, kl - pc);
            int block = pc * mp * MR;
            // The A micro-panel (8·kc doubles) stays in L1 while the row sweeps the B streams from L2.
            for (int ir = i0; ir < i1; ir += MR) {
                int ai = block + ir * kc;
                for (int jr = j0; jr < j1; jr += NR) {
                    if (jr > ir + MR - 1) {
                        break; // this and the following micro-tiles lie wholly above the diagonal
                    }
                    sharedMicroTile(ir, jr, i1, j1, ai, block, kc, mp, pa, cc, co, ld, tmp);
                }
            }
        }
        if (mirrorC && k0 + kl == kTotal) {
            mirrorTile(cc, co, ld, i0, i1, j0, j1);
        }
    }

    /** Micro-tile (ir, jr) of a shared-panel tile: straight into C below the diagonal, else through the scratch. */
    private static void sharedMicroTile(int ir, int jr, int i1, int j1, int ai, int block, int kc, int mp,
                                        double[] pa, double[] cc, int co, int ld, double[] tmp) {
        int rows = Math.min(MR, i1 - ir);
        int b0 = sharedStream(jr, block, kc, mp);
        int b1 = sharedStream(jr + VL, block, kc, mp);
        int b2 = sharedStream(jr + 2 * VL, block, kc, mp);
        if (rows == MR && jr + NR - 1 <= ir && jr + NR <= j1) {
            sharedKernel(kc, pa, ai, b0, b1, b2, cc, co + ir * ld + jr, ld);
            return;
        }
        int cols = Math.min(NR, j1 - jr);
        for (int r = 0; r < MR; r++) {
            int jEnd = r >= rows ? 0 : Math.min(cols, ir + r - jr + 1);
            int ci = co + (ir + r) * ld + jr;
            int q = 0;
            for (; q < jEnd; q++) {
                tmp[r * NR + q] = cc[ci + q];
            }
            for (; q < NR; q++) {
                tmp[r * NR + q] = 0.0;
            }
        }
        // Only the column vectors that hold owned elements (the diagonal tiles need 1, 2 or 3 of them).
        int nv = Math.min(NR / VL, (Math.min(cols, ir + rows - jr) - 1) / VL + 1);
        if (nv == 3) {
            sharedKernel(kc, pa, ai, b0, b1, b2, tmp, 0, NR);
        } else if (nv == 2) {
            if (WIDE) {
                sharedKernel512x2(kc, pa, ai, b0, b1, tmp, 0, NR);
            } else {
                sharedKernel256x2(kc, pa, ai, b0, b1, tmp, 0, NR);
            }
        } else if (WIDE) {
            sharedKernel512x1(kc, pa, ai, b0, tmp, 0, NR);
        } else {
            sharedKernel256x1(kc, pa, ai, b0, tmp, 0, NR);
        }
        for (int r = 0; r < rows; r++) {
            int jEnd = Math.min(cols, ir + r - jr + 1);
            int ci = co + (ir + r) * ld + jr;
            for (int q = 0; q < jEnd; q++) {
                cc[ci + q] = tmp[r * NR + q];
            }
        }
    }

    /** The start of column c's B stream inside the packed A block (see {@link #sharedTile}). */
    private static int sharedStream(int c, int block, int kc, int mp) {
        int panel = c / MR;
        return panel >= mp ? block : block + panel * MR * kc + (c - panel * MR);
    }

    /** The shared-panel micro-kernel of the chosen width (WIDE is a constant). */
    static void sharedKernel(int kc, double[] pa, int ai, int b0, int b1, int b2, double[] c, int ci, int ldc) {
        if (WIDE) {
            sharedKernel512(kc, pa, ai, b0, b1, b2, c, ci, ldc);
        } else {
            sharedKernel256(kc, pa, ai, b0, b1, b2, c, ci, ldc);
        }
    }

    /**
     * One block of C updated from already packed panels, run by the CALLER's task (for a caller that schedules its
     * own pool job, as Cholesky does; it never dispatches): for i &lt; rows and j &lt; cols (only j ≤ i when
     * {@code lower}), {@code s = C(i,j); for p < kc: s = fma(pa(i,p), pb(p,j), s); C(i,j) = s}, with C(i,j) =
     * c[co + i·ldc + j], A in MR-row panels (row i at pa[ai + (i/MR)·MR·kc + p·MR + i mod MR]) and B in NR-column
     * panels (column j at pb[bi + (j/NR)·NR·kc + p·NR + j mod NR]). The panels must be padded to whole MR rows
     * and NR columns (the pad values are never written to C). {@code tmp}: an MR·NR scratch tile of the caller's
     * worker. Same micro-kernel, so the same chains, as {@link #update}.
     */
    static void packedBlockUpdate(int rows, int cols, int kc, boolean lower, double[] pa, int ai, double[] pb,
                                  int bi, double[] c, int co, int ldc, double[] tmp) {
        for (int jr = 0; jr < cols; jr += NR) {
            int bj = bi + jr * kc;
            int cw = Math.min(NR, cols - jr);
            // With lower, the micro-rows wholly above this column panel are skipped.
            for (int ir = lower ? jr / MR * MR : 0; ir < rows; ir += MR) {
                int aj = ai + ir * kc;
                int rh = Math.min(MR, rows - ir);
                if (rh == MR && cw == NR && (!lower || jr + NR - 1 <= ir)) {
                    microKernel(kc, pa, aj, pb, bj, c, co + ir * ldc + jr, ldc);
                } else {
                    edgeTile(kc, pa, aj, pb, bj, c, co, ldc, ir, jr, rh, cw, lower, tmp);
                }
            }
        }
    }

    /** A partial or diagonal micro-tile: through the scratch tile, touching only the elements it owns. */
    private static void edgeTile(int kc, double[] pa, int ai, double[] pb, int bi, double[] cc, int co, int ld,
                                 int ir, int jr, int rows, int cols, boolean lower, double[] tmp) {
        for (int r = 0; r < MR; r++) {
            int jEnd = r >= rows ? 0 : lower ? Math.min(cols, ir + r - jr + 1) : cols;
            int ci = co + (ir + r) * ld + jr;
            int q = 0;
            for (; q < jEnd; q++) {
                tmp[r * NR + q] = cc[ci + q];
            }
            for (; q < NR; q++) {
                tmp[r * NR + q] = 0.0;
            }
        }
        microKernel(kc, pa, ai, pb, bi, tmp, 0, NR);
        for (int r = 0; r < rows; r++) {
            int jEnd = lower ? Math.min(cols, ir + r - jr + 1) : cols;
            int ci = co + (ir + r) * ld + jr;
            for (int q = 0; q < jEnd; q++) {
                cc[ci + q] = tmp[r * NR + q];
            }
        }
    }

    /** The micro-kernel of the width chosen at class initialisation (WIDE is a constant: one branch folds away). */
    static void microKernel(int kc, double[] pa, int ai, double[] pb, int bi,
                                    double[] c, int ci, int ldc) {
        if (WIDE) {
            microKernel512(kc, pa, ai, pb, bi, c, ci, ldc);
        } else {
            microKernel256(kc, pa, ai, pb, bi, c, ci, ldc);
        }
    }

    /**
     * C(r, q) for r < 8, q < 12 at c[ci + r·ldc + q] ← fma chain over p < kc of pa[ai + 8p + r]·pb[bi + 12p + q].
     * Each accumulator lane is one scalar chain in increasing p. The casts to the exact vector class: see {@link #V256}.
     */
    private static void microKernel256(int kc, double[] pa, int ai, double[] pb, int bi,
                                       double[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = DoubleVector.fromArray(S, c, r0);
        DoubleVector c01 = DoubleVector.fromArray(S, c, r0 + 4);
        DoubleVector c02 = DoubleVector.fromArray(S, c, r0 + 8);
        DoubleVector c10 = DoubleVector.fromArray(S, c, r1);
        DoubleVector c11 = DoubleVector.fromArray(S, c, r1 + 4);
        DoubleVector c12 = DoubleVector.fromArray(S, c, r1 + 8);
        DoubleVector c20 = DoubleVector.fromArray(S, c, r2);
        DoubleVector c21 = DoubleVector.fromArray(S, c, r2 + 4);
        DoubleVector c22 = DoubleVector.fromArray(S, c, r2 + 8);
        DoubleVector c30 = DoubleVector.fromArray(S, c, r3);
        DoubleVector c31 = DoubleVector.fromArray(S, c, r3 + 4);
        DoubleVector c32 = DoubleVector.fromArray(S, c, r3 + 8);
        DoubleVector c40 = DoubleVector.fromArray(S, c, r4);
        DoubleVector c41 = DoubleVector.fromArray(S, c, r4 + 4);
        DoubleVector c42 = DoubleVector.fromArray(S, c, r4 + 8);
        DoubleVector c50 = DoubleVector.fromArray(S, c, r5);
        DoubleVector c51 = DoubleVector.fromArray(S, c, r5 + 4);
        DoubleVector c52 = DoubleVector.fromArray(S, c, r5 + 8);
        DoubleVector c60 = DoubleVector.fromArray(S, c, r6);
        DoubleVector c61 = DoubleVector.fromArray(S, c, r6 + 4);
        DoubleVector c62 = DoubleVector.fromArray(S, c, r6 + 8);
        DoubleVector c70 = DoubleVector.fromArray(S, c, r7);
        DoubleVector c71 = DoubleVector.fromArray(S, c, r7 + 4);
        DoubleVector c72 = DoubleVector.fromArray(S, c, r7 + 8);
        int pai = ai;
        int pbi = bi;
        for (int p = 0; p < kc; p++, pai += 8, pbi += 12) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, pbi);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, pbi + 4);
            DoubleVector b2 = DoubleVector.fromArray(S, pb, pbi + 8);
            DoubleVector x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[pai]));
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[pai + 1]));
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[pai + 2]));
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[pai + 3]));
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[pai + 4]));
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[pai + 5]));
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[pai + 6]));
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[pai + 7]));
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        ((DoubleVector) V256.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V256.cast(c01)).intoArray(c, r0 + 4);
        ((DoubleVector) V256.cast(c02)).intoArray(c, r0 + 8);
        ((DoubleVector) V256.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V256.cast(c11)).intoArray(c, r1 + 4);
        ((DoubleVector) V256.cast(c12)).intoArray(c, r1 + 8);
        ((DoubleVector) V256.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V256.cast(c21)).intoArray(c, r2 + 4);
        ((DoubleVector) V256.cast(c22)).intoArray(c, r2 + 8);
        ((DoubleVector) V256.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V256.cast(c31)).intoArray(c, r3 + 4);
        ((DoubleVector) V256.cast(c32)).intoArray(c, r3 + 8);
        ((DoubleVector) V256.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V256.cast(c41)).intoArray(c, r4 + 4);
        ((DoubleVector) V256.cast(c42)).intoArray(c, r4 + 8);
        ((DoubleVector) V256.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V256.cast(c51)).intoArray(c, r5 + 4);
        ((DoubleVector) V256.cast(c52)).intoArray(c, r5 + 8);
        ((DoubleVector) V256.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V256.cast(c61)).intoArray(c, r6 + 4);
        ((DoubleVector) V256.cast(c62)).intoArray(c, r6 + 8);
        ((DoubleVector) V256.cast(c70)).intoArray(c, r7);
        ((DoubleVector) V256.cast(c71)).intoArray(c, r7 + 4);
        ((DoubleVector) V256.cast(c72)).intoArray(c, r7 + 8);
    }

    /**
     * As {@link #microKernel256} with 512-bit vectors and 24 columns: C(r, q) for r < 8, q < 24 at
     * c[ci + r·ldc + q] ← fma chain over p < kc of pa[ai + 8p + r]·pb[bi + 24p + q]. Same bits.
     */
    private static void microKernel512(int kc, double[] pa, int ai, double[] pb, int bi,
                                       double[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = DoubleVector.fromArray(S512, c, r0);
        DoubleVector c01 = DoubleVector.fromArray(S512, c, r0 + 8);
        DoubleVector c02 = DoubleVector.fromArray(S512, c, r0 + 16);
        DoubleVector c10 = DoubleVector.fromArray(S512, c, r1);
        DoubleVector c11 = DoubleVector.fromArray(S512, c, r1 + 8);
        DoubleVector c12 = DoubleVector.fromArray(S512, c, r1 + 16);
        DoubleVector c20 = DoubleVector.fromArray(S512, c, r2);
        DoubleVector c21 = DoubleVector.fromArray(S512, c, r2 + 8);
        DoubleVector c22 = DoubleVector.fromArray(S512, c, r2 + 16);
        DoubleVector c30 = DoubleVector.fromArray(S512, c, r3);
        DoubleVector c31 = DoubleVector.fromArray(S512, c, r3 + 8);
        DoubleVector c32 = DoubleVector.fromArray(S512, c, r3 + 16);
        DoubleVector c40 = DoubleVector.fromArray(S512, c, r4);
        DoubleVector c41 = DoubleVector.fromArray(S512, c, r4 + 8);
        DoubleVector c42 = DoubleVector.fromArray(S512, c, r4 + 16);
        DoubleVector c50 = DoubleVector.fromArray(S512, c, r5);
        DoubleVector c51 = DoubleVector.fromArray(S512, c, r5 + 8);
        DoubleVector c52 = DoubleVector.fromArray(S512, c, r5 + 16);
        DoubleVector c60 = DoubleVector.fromArray(S512, c, r6);
        DoubleVector c61 = DoubleVector.fromArray(S512, c, r6 + 8);
        DoubleVector c62 = DoubleVector.fromArray(S512, c, r6 + 16);
        DoubleVector c70 = DoubleVector.fromArray(S512, c, r7);
        DoubleVector c71 = DoubleVector.fromArray(S512, c, r7 + 8);
        DoubleVector c72 = DoubleVector.fromArray(S512, c, r7 + 16);
        int pai = ai;
        int pbi = bi;
        for (int p = 0; p < kc; p++, pai += 8, pbi += 24) {
            DoubleVector b0 = DoubleVector.fromArray(S512, pb, pbi);
            DoubleVector b1 = DoubleVector.fromArray(S512, pb, pbi + 8);
            DoubleVector b2 = DoubleVector.fromArray(S512, pb, pbi + 16);
            DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[pai]));
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[pai + 1]));
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[pai + 2]));
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[pai + 3]));
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[pai + 4]));
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[pai + 5]));
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[pai + 6]));
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[pai + 7]));
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        ((DoubleVector) V512.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V512.cast(c01)).intoArray(c, r0 + 8);
        ((DoubleVector) V512.cast(c02)).intoArray(c, r0 + 16);
        ((DoubleVector) V512.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V512.cast(c11)).intoArray(c, r1 + 8);
        ((DoubleVector) V512.cast(c12)).intoArray(c, r1 + 16);
        ((DoubleVector) V512.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V512.cast(c21)).intoArray(c, r2 + 8);
        ((DoubleVector) V512.cast(c22)).intoArray(c, r2 + 16);
        ((DoubleVector) V512.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V512.cast(c31)).intoArray(c, r3 + 8);
        ((DoubleVector) V512.cast(c32)).intoArray(c, r3 + 16);
        ((DoubleVector) V512.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V512.cast(c41)).intoArray(c, r4 + 8);
        ((DoubleVector) V512.cast(c42)).intoArray(c, r4 + 16);
        ((DoubleVector) V512.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V512.cast(c51)).intoArray(c, r5 + 8);
        ((DoubleVector) V512.cast(c52)).intoArray(c, r5 + 16);
        ((DoubleVector) V512.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V512.cast(c61)).intoArray(c, r6 + 8);
        ((DoubleVector) V512.cast(c62)).intoArray(c, r6 + 16);
        ((DoubleVector) V512.cast(c70)).intoArray(c, r7);
        ((DoubleVector) V512.cast(c71)).intoArray(c, r7 + 8);
        ((DoubleVector) V512.cast(c72)).intoArray(c, r7 + 16);
    }

    /**
     * C(r, q) for r < 8, q < 12 at c[ci + r·ldc + q] ← fma chain over p < kc of pa[ai + 8p + r]·B(p, q), with
     * B(p, v·4 + l) = pa[bv + 8p + l] for the three streams b0, b1, b2 (see {@link #sharedTile}). Same chains
     * as {@link #microKernel256}.
     */
    private static void sharedKernel256(int kc, double[] pa, int ai, int b0, int b1, int b2,
                                        double[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0));
        DoubleVector c01 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0 + 4));
        DoubleVector c02 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0 + 8));
        DoubleVector c10 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1));
        DoubleVector c11 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1 + 4));
        DoubleVector c12 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1 + 8));
        DoubleVector c20 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2));
        DoubleVector c21 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2 + 4));
        DoubleVector c22 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2 + 8));
        DoubleVector c30 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3));
        DoubleVector c31 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3 + 4));
        DoubleVector c32 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3 + 8));
        DoubleVector c40 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r4));
        DoubleVector c41 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r4 + 4));
        DoubleVector c42 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r4 + 8));
        DoubleVector c50 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r5));
        DoubleVector c51 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r5 + 4));
        DoubleVector c52 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r5 + 8));
        DoubleVector c60 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r6));
        DoubleVector c61 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r6 + 4));
        DoubleVector c62 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r6 + 8));
        DoubleVector c70 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r7));
        DoubleVector c71 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r7 + 4));
        DoubleVector c72 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r7 + 8));
        for (int p = 0, o = 0; p < kc; p++, o += 8) {
            DoubleVector v0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, pa, b0 + o));
            DoubleVector v1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, pa, b1 + o));
            DoubleVector v2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, pa, b2 + o));
            int x0 = ai + o;
            DoubleVector x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0]));
            c00 = (DoubleVector) V256.cast(x.fma(v0, c00));
            c01 = (DoubleVector) V256.cast(x.fma(v1, c01));
            c02 = (DoubleVector) V256.cast(x.fma(v2, c02));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 1]));
            c10 = (DoubleVector) V256.cast(x.fma(v0, c10));
            c11 = (DoubleVector) V256.cast(x.fma(v1, c11));
            c12 = (DoubleVector) V256.cast(x.fma(v2, c12));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 2]));
            c20 = (DoubleVector) V256.cast(x.fma(v0, c20));
            c21 = (DoubleVector) V256.cast(x.fma(v1, c21));
            c22 = (DoubleVector) V256.cast(x.fma(v2, c22));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 3]));
            c30 = (DoubleVector) V256.cast(x.fma(v0, c30));
            c31 = (DoubleVector) V256.cast(x.fma(v1, c31));
            c32 = (DoubleVector) V256.cast(x.fma(v2, c32));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 4]));
            c40 = (DoubleVector) V256.cast(x.fma(v0, c40));
            c41 = (DoubleVector) V256.cast(x.fma(v1, c41));
            c42 = (DoubleVector) V256.cast(x.fma(v2, c42));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 5]));
            c50 = (DoubleVector) V256.cast(x.fma(v0, c50));
            c51 = (DoubleVector) V256.cast(x.fma(v1, c51));
            c52 = (DoubleVector) V256.cast(x.fma(v2, c52));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 6]));
            c60 = (DoubleVector) V256.cast(x.fma(v0, c60));
            c61 = (DoubleVector) V256.cast(x.fma(v1, c61));
            c62 = (DoubleVector) V256.cast(x.fma(v2, c62));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 7]));
            c70 = (DoubleVector) V256.cast(x.fma(v0, c70));
            c71 = (DoubleVector) V256.cast(x.fma(v1, c71));
            c72 = (DoubleVector) V256.cast(x.fma(v2, c72));
        }
        ((DoubleVector) V256.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V256.cast(c01)).intoArray(c, r0 + 4);
        ((DoubleVector) V256.cast(c02)).intoArray(c, r0 + 8);
        ((DoubleVector) V256.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V256.cast(c11)).intoArray(c, r1 + 4);
        ((DoubleVector) V256.cast(c12)).intoArray(c, r1 + 8);
        ((DoubleVector) V256.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V256.cast(c21)).intoArray(c, r2 + 4);
        ((DoubleVector) V256.cast(c22)).intoArray(c, r2 + 8);
        ((DoubleVector) V256.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V256.cast(c31)).intoArray(c, r3 + 4);
        ((DoubleVector) V256.cast(c32)).intoArray(c, r3 + 8);
        ((DoubleVector) V256.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V256.cast(c41)).intoArray(c, r4 + 4);
        ((DoubleVector) V256.cast(c42)).intoArray(c, r4 + 8);
        ((DoubleVector) V256.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V256.cast(c51)).intoArray(c, r5 + 4);
        ((DoubleVector) V256.cast(c52)).intoArray(c, r5 + 8);
        ((DoubleVector) V256.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V256.cast(c61)).intoArray(c, r6 + 4);
        ((DoubleVector) V256.cast(c62)).intoArray(c, r6 + 8);
        ((DoubleVector) V256.cast(c70)).intoArray(c, r7);
        ((DoubleVector) V256.cast(c71)).intoArray(c, r7 + 4);
        ((DoubleVector) V256.cast(c72)).intoArray(c, r7 + 8);
    }

    /**
     * C(r, q) for r < 8, q < 24 at c[ci + r·ldc + q] ← fma chain over p < kc of pa[ai + 8p + r]·B(p, q), with
     * B(p, v·8 + l) = pa[bv + 8p + l] for the three streams b0, b1, b2 (see {@link #sharedTile}). Same chains
     * as {@link #microKernel512}.
     */
    private static void sharedKernel512(int kc, double[] pa, int ai, int b0, int b1, int b2,
                                        double[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0));
        DoubleVector c01 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0 + 8));
        DoubleVector c02 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0 + 16));
        DoubleVector c10 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1));
        DoubleVector c11 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1 + 8));
        DoubleVector c12 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1 + 16));
        DoubleVector c20 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2));
        DoubleVector c21 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2 + 8));
        DoubleVector c22 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2 + 16));
        DoubleVector c30 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3));
        DoubleVector c31 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3 + 8));
        DoubleVector c32 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3 + 16));
        DoubleVector c40 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r4));
        DoubleVector c41 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r4 + 8));
        DoubleVector c42 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r4 + 16));
        DoubleVector c50 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r5));
        DoubleVector c51 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r5 + 8));
        DoubleVector c52 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r5 + 16));
        DoubleVector c60 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r6));
        DoubleVector c61 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r6 + 8));
        DoubleVector c62 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r6 + 16));
        DoubleVector c70 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r7));
        DoubleVector c71 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r7 + 8));
        DoubleVector c72 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r7 + 16));
        for (int p = 0, o = 0; p < kc; p++, o += 8) {
            DoubleVector v0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, pa, b0 + o));
            DoubleVector v1 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, pa, b1 + o));
            DoubleVector v2 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, pa, b2 + o));
            int x0 = ai + o;
            DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0]));
            c00 = (DoubleVector) V512.cast(x.fma(v0, c00));
            c01 = (DoubleVector) V512.cast(x.fma(v1, c01));
            c02 = (DoubleVector) V512.cast(x.fma(v2, c02));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 1]));
            c10 = (DoubleVector) V512.cast(x.fma(v0, c10));
            c11 = (DoubleVector) V512.cast(x.fma(v1, c11));
            c12 = (DoubleVector) V512.cast(x.fma(v2, c12));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 2]));
            c20 = (DoubleVector) V512.cast(x.fma(v0, c20));
            c21 = (DoubleVector) V512.cast(x.fma(v1, c21));
            c22 = (DoubleVector) V512.cast(x.fma(v2, c22));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 3]));
            c30 = (DoubleVector) V512.cast(x.fma(v0, c30));
            c31 = (DoubleVector) V512.cast(x.fma(v1, c31));
            c32 = (DoubleVector) V512.cast(x.fma(v2, c32));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 4]));
            c40 = (DoubleVector) V512.cast(x.fma(v0, c40));
            c41 = (DoubleVector) V512.cast(x.fma(v1, c41));
            c42 = (DoubleVector) V512.cast(x.fma(v2, c42));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 5]));
            c50 = (DoubleVector) V512.cast(x.fma(v0, c50));
            c51 = (DoubleVector) V512.cast(x.fma(v1, c51));
            c52 = (DoubleVector) V512.cast(x.fma(v2, c52));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 6]));
            c60 = (DoubleVector) V512.cast(x.fma(v0, c60));
            c61 = (DoubleVector) V512.cast(x.fma(v1, c61));
            c62 = (DoubleVector) V512.cast(x.fma(v2, c62));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 7]));
            c70 = (DoubleVector) V512.cast(x.fma(v0, c70));
            c71 = (DoubleVector) V512.cast(x.fma(v1, c71));
            c72 = (DoubleVector) V512.cast(x.fma(v2, c72));
        }
        ((DoubleVector) V512.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V512.cast(c01)).intoArray(c, r0 + 8);
        ((DoubleVector) V512.cast(c02)).intoArray(c, r0 + 16);
        ((DoubleVector) V512.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V512.cast(c11)).intoArray(c, r1 + 8);
        ((DoubleVector) V512.cast(c12)).intoArray(c, r1 + 16);
        ((DoubleVector) V512.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V512.cast(c21)).intoArray(c, r2 + 8);
        ((DoubleVector) V512.cast(c22)).intoArray(c, r2 + 16);
        ((DoubleVector) V512.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V512.cast(c31)).intoArray(c, r3 + 8);
        ((DoubleVector) V512.cast(c32)).intoArray(c, r3 + 16);
        ((DoubleVector) V512.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V512.cast(c41)).intoArray(c, r4 + 8);
        ((DoubleVector) V512.cast(c42)).intoArray(c, r4 + 16);
        ((DoubleVector) V512.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V512.cast(c51)).intoArray(c, r5 + 8);
        ((DoubleVector) V512.cast(c52)).intoArray(c, r5 + 16);
        ((DoubleVector) V512.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V512.cast(c61)).intoArray(c, r6 + 8);
        ((DoubleVector) V512.cast(c62)).intoArray(c, r6 + 16);
        ((DoubleVector) V512.cast(c70)).intoArray(c, r7);
        ((DoubleVector) V512.cast(c71)).intoArray(c, r7 + 8);
        ((DoubleVector) V512.cast(c72)).intoArray(c, r7 + 16);
    }

    /** As {@link #sharedKernel256} with 1 column vector (4 columns): diagonal micro-tiles. */
    private static void sharedKernel256x1(int kc, double[] pa, int ai, int b0, double[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0));
        DoubleVector c10 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1));
        DoubleVector c20 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2));
        DoubleVector c30 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3));
        DoubleVector c40 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r4));
        DoubleVector c50 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r5));
        DoubleVector c60 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r6));
        DoubleVector c70 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r7));
        for (int p = 0, o = 0; p < kc; p++, o += 8) {
            DoubleVector v0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, pa, b0 + o));
            int x0 = ai + o;
            DoubleVector x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0]));
            c00 = (DoubleVector) V256.cast(x.fma(v0, c00));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 1]));
            c10 = (DoubleVector) V256.cast(x.fma(v0, c10));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 2]));
            c20 = (DoubleVector) V256.cast(x.fma(v0, c20));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 3]));
            c30 = (DoubleVector) V256.cast(x.fma(v0, c30));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 4]));
            c40 = (DoubleVector) V256.cast(x.fma(v0, c40));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 5]));
            c50 = (DoubleVector) V256.cast(x.fma(v0, c50));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 6]));
            c60 = (DoubleVector) V256.cast(x.fma(v0, c60));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 7]));
            c70 = (DoubleVector) V256.cast(x.fma(v0, c70));
        }
        ((DoubleVector) V256.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V256.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V256.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V256.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V256.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V256.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V256.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V256.cast(c70)).intoArray(c, r7);
    }

    /** As {@link #sharedKernel256} with 2 column vectors (8 columns): diagonal micro-tiles. */
    private static void sharedKernel256x2(int kc, double[] pa, int ai, int b0, int b1, double[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0));
        DoubleVector c01 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0 + 4));
        DoubleVector c10 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1));
        DoubleVector c11 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1 + 4));
        DoubleVector c20 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2));
        DoubleVector c21 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2 + 4));
        DoubleVector c30 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3));
        DoubleVector c31 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3 + 4));
        DoubleVector c40 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r4));
        DoubleVector c41 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r4 + 4));
        DoubleVector c50 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r5));
        DoubleVector c51 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r5 + 4));
        DoubleVector c60 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r6));
        DoubleVector c61 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r6 + 4));
        DoubleVector c70 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r7));
        DoubleVector c71 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r7 + 4));
        for (int p = 0, o = 0; p < kc; p++, o += 8) {
            DoubleVector v0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, pa, b0 + o));
            DoubleVector v1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, pa, b1 + o));
            int x0 = ai + o;
            DoubleVector x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0]));
            c00 = (DoubleVector) V256.cast(x.fma(v0, c00));
            c01 = (DoubleVector) V256.cast(x.fma(v1, c01));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 1]));
            c10 = (DoubleVector) V256.cast(x.fma(v0, c10));
            c11 = (DoubleVector) V256.cast(x.fma(v1, c11));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 2]));
            c20 = (DoubleVector) V256.cast(x.fma(v0, c20));
            c21 = (DoubleVector) V256.cast(x.fma(v1, c21));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 3]));
            c30 = (DoubleVector) V256.cast(x.fma(v0, c30));
            c31 = (DoubleVector) V256.cast(x.fma(v1, c31));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 4]));
            c40 = (DoubleVector) V256.cast(x.fma(v0, c40));
            c41 = (DoubleVector) V256.cast(x.fma(v1, c41));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 5]));
            c50 = (DoubleVector) V256.cast(x.fma(v0, c50));
            c51 = (DoubleVector) V256.cast(x.fma(v1, c51));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 6]));
            c60 = (DoubleVector) V256.cast(x.fma(v0, c60));
            c61 = (DoubleVector) V256.cast(x.fma(v1, c61));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, pa[x0 + 7]));
            c70 = (DoubleVector) V256.cast(x.fma(v0, c70));
            c71 = (DoubleVector) V256.cast(x.fma(v1, c71));
        }
        ((DoubleVector) V256.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V256.cast(c01)).intoArray(c, r0 + 4);
        ((DoubleVector) V256.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V256.cast(c11)).intoArray(c, r1 + 4);
        ((DoubleVector) V256.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V256.cast(c21)).intoArray(c, r2 + 4);
        ((DoubleVector) V256.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V256.cast(c31)).intoArray(c, r3 + 4);
        ((DoubleVector) V256.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V256.cast(c41)).intoArray(c, r4 + 4);
        ((DoubleVector) V256.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V256.cast(c51)).intoArray(c, r5 + 4);
        ((DoubleVector) V256.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V256.cast(c61)).intoArray(c, r6 + 4);
        ((DoubleVector) V256.cast(c70)).intoArray(c, r7);
        ((DoubleVector) V256.cast(c71)).intoArray(c, r7 + 4);
    }

    /** As {@link #sharedKernel512} with 1 column vector (8 columns): diagonal micro-tiles. */
    private static void sharedKernel512x1(int kc, double[] pa, int ai, int b0, double[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0));
        DoubleVector c10 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1));
        DoubleVector c20 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2));
        DoubleVector c30 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3));
        DoubleVector c40 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r4));
        DoubleVector c50 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r5));
        DoubleVector c60 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r6));
        DoubleVector c70 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r7));
        for (int p = 0, o = 0; p < kc; p++, o += 8) {
            DoubleVector v0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, pa, b0 + o));
            int x0 = ai + o;
            DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0]));
            c00 = (DoubleVector) V512.cast(x.fma(v0, c00));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 1]));
            c10 = (DoubleVector) V512.cast(x.fma(v0, c10));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 2]));
            c20 = (DoubleVector) V512.cast(x.fma(v0, c20));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 3]));
            c30 = (DoubleVector) V512.cast(x.fma(v0, c30));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 4]));
            c40 = (DoubleVector) V512.cast(x.fma(v0, c40));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 5]));
            c50 = (DoubleVector) V512.cast(x.fma(v0, c50));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 6]));
            c60 = (DoubleVector) V512.cast(x.fma(v0, c60));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 7]));
            c70 = (DoubleVector) V512.cast(x.fma(v0, c70));
        }
        ((DoubleVector) V512.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V512.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V512.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V512.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V512.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V512.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V512.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V512.cast(c70)).intoArray(c, r7);
    }

    /** As {@link #sharedKernel512} with 2 column vectors (16 columns): diagonal micro-tiles. */
    private static void sharedKernel512x2(int kc, double[] pa, int ai, int b0, int b1, double[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0));
        DoubleVector c01 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0 + 8));
        DoubleVector c10 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1));
        DoubleVector c11 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1 + 8));
        DoubleVector c20 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2));
        DoubleVector c21 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2 + 8));
        DoubleVector c30 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3));
        DoubleVector c31 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3 + 8));
        DoubleVector c40 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r4));
        DoubleVector c41 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r4 + 8));
        DoubleVector c50 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r5));
        DoubleVector c51 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r5 + 8));
        DoubleVector c60 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r6));
        DoubleVector c61 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r6 + 8));
        DoubleVector c70 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r7));
        DoubleVector c71 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r7 + 8));
        for (int p = 0, o = 0; p < kc; p++, o += 8) {
            DoubleVector v0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, pa, b0 + o));
            DoubleVector v1 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, pa, b1 + o));
            int x0 = ai + o;
            DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0]));
            c00 = (DoubleVector) V512.cast(x.fma(v0, c00));
            c01 = (DoubleVector) V512.cast(x.fma(v1, c01));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 1]));
            c10 = (DoubleVector) V512.cast(x.fma(v0, c10));
            c11 = (DoubleVector) V512.cast(x.fma(v1, c11));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 2]));
            c20 = (DoubleVector) V512.cast(x.fma(v0, c20));
            c21 = (DoubleVector) V512.cast(x.fma(v1, c21));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 3]));
            c30 = (DoubleVector) V512.cast(x.fma(v0, c30));
            c31 = (DoubleVector) V512.cast(x.fma(v1, c31));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 4]));
            c40 = (DoubleVector) V512.cast(x.fma(v0, c40));
            c41 = (DoubleVector) V512.cast(x.fma(v1, c41));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 5]));
            c50 = (DoubleVector) V512.cast(x.fma(v0, c50));
            c51 = (DoubleVector) V512.cast(x.fma(v1, c51));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 6]));
            c60 = (DoubleVector) V512.cast(x.fma(v0, c60));
            c61 = (DoubleVector) V512.cast(x.fma(v1, c61));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, pa[x0 + 7]));
            c70 = (DoubleVector) V512.cast(x.fma(v0, c70));
            c71 = (DoubleVector) V512.cast(x.fma(v1, c71));
        }
        ((DoubleVector) V512.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V512.cast(c01)).intoArray(c, r0 + 8);
        ((DoubleVector) V512.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V512.cast(c11)).intoArray(c, r1 + 8);
        ((DoubleVector) V512.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V512.cast(c21)).intoArray(c, r2 + 8);
        ((DoubleVector) V512.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V512.cast(c31)).intoArray(c, r3 + 8);
        ((DoubleVector) V512.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V512.cast(c41)).intoArray(c, r4 + 8);
        ((DoubleVector) V512.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V512.cast(c51)).intoArray(c, r5 + 8);
        ((DoubleVector) V512.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V512.cast(c61)).intoArray(c, r6 + 8);
        ((DoubleVector) V512.cast(c70)).intoArray(c, r7);
        ((DoubleVector) V512.cast(c71)).intoArray(c, r7 + 8);
    }

    /** Direct kernel, 256-bit, 8 rows × 4 columns: see {@link #directKernel}. */
    private static void direct256x1(int kc, double[] a, int ai, int aRs, int aCs, double[] b, int bi, int bRs,
                                    double[] c, int ci, int ldc) {
        int a0 = ai;
        int a1 = a0 + aRs;
        int a2 = a1 + aRs;
        int a3 = a2 + aRs;
        int a4 = a3 + aRs;
        int a5 = a4 + aRs;
        int a6 = a5 + aRs;
        int a7 = a6 + aRs;
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0));
        DoubleVector c10 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1));
        DoubleVector c20 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2));
        DoubleVector c30 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3));
        DoubleVector c40 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r4));
        DoubleVector c50 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r5));
        DoubleVector c60 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r6));
        DoubleVector c70 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r7));
        for (int p = 0, o = 0, pbi = bi; p < kc; p++, o += aCs, pbi += bRs) {
            DoubleVector b0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, b, pbi));
            DoubleVector x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a0 + o]));
            c00 = (DoubleVector) V256.cast(x.fma(b0, c00));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a1 + o]));
            c10 = (DoubleVector) V256.cast(x.fma(b0, c10));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a2 + o]));
            c20 = (DoubleVector) V256.cast(x.fma(b0, c20));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a3 + o]));
            c30 = (DoubleVector) V256.cast(x.fma(b0, c30));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a4 + o]));
            c40 = (DoubleVector) V256.cast(x.fma(b0, c40));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a5 + o]));
            c50 = (DoubleVector) V256.cast(x.fma(b0, c50));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a6 + o]));
            c60 = (DoubleVector) V256.cast(x.fma(b0, c60));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a7 + o]));
            c70 = (DoubleVector) V256.cast(x.fma(b0, c70));
        }
        ((DoubleVector) V256.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V256.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V256.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V256.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V256.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V256.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V256.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V256.cast(c70)).intoArray(c, r7);
    }

    /** Direct kernel, 256-bit, 8 rows × 8 columns: see {@link #directKernel}. */
    private static void direct256x2(int kc, double[] a, int ai, int aRs, int aCs, double[] b, int bi, int bRs,
                                    double[] c, int ci, int ldc) {
        int a0 = ai;
        int a1 = a0 + aRs;
        int a2 = a1 + aRs;
        int a3 = a2 + aRs;
        int a4 = a3 + aRs;
        int a5 = a4 + aRs;
        int a6 = a5 + aRs;
        int a7 = a6 + aRs;
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0));
        DoubleVector c01 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0 + 4));
        DoubleVector c10 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1));
        DoubleVector c11 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1 + 4));
        DoubleVector c20 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2));
        DoubleVector c21 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2 + 4));
        DoubleVector c30 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3));
        DoubleVector c31 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3 + 4));
        DoubleVector c40 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r4));
        DoubleVector c41 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r4 + 4));
        DoubleVector c50 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r5));
        DoubleVector c51 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r5 + 4));
        DoubleVector c60 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r6));
        DoubleVector c61 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r6 + 4));
        DoubleVector c70 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r7));
        DoubleVector c71 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r7 + 4));
        for (int p = 0, o = 0, pbi = bi; p < kc; p++, o += aCs, pbi += bRs) {
            DoubleVector b0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, b, pbi));
            DoubleVector b1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, b, pbi + 4));
            DoubleVector x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a0 + o]));
            c00 = (DoubleVector) V256.cast(x.fma(b0, c00));
            c01 = (DoubleVector) V256.cast(x.fma(b1, c01));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a1 + o]));
            c10 = (DoubleVector) V256.cast(x.fma(b0, c10));
            c11 = (DoubleVector) V256.cast(x.fma(b1, c11));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a2 + o]));
            c20 = (DoubleVector) V256.cast(x.fma(b0, c20));
            c21 = (DoubleVector) V256.cast(x.fma(b1, c21));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a3 + o]));
            c30 = (DoubleVector) V256.cast(x.fma(b0, c30));
            c31 = (DoubleVector) V256.cast(x.fma(b1, c31));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a4 + o]));
            c40 = (DoubleVector) V256.cast(x.fma(b0, c40));
            c41 = (DoubleVector) V256.cast(x.fma(b1, c41));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a5 + o]));
            c50 = (DoubleVector) V256.cast(x.fma(b0, c50));
            c51 = (DoubleVector) V256.cast(x.fma(b1, c51));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a6 + o]));
            c60 = (DoubleVector) V256.cast(x.fma(b0, c60));
            c61 = (DoubleVector) V256.cast(x.fma(b1, c61));
            x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a7 + o]));
            c70 = (DoubleVector) V256.cast(x.fma(b0, c70));
            c71 = (DoubleVector) V256.cast(x.fma(b1, c71));
        }
        ((DoubleVector) V256.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V256.cast(c01)).intoArray(c, r0 + 4);
        ((DoubleVector) V256.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V256.cast(c11)).intoArray(c, r1 + 4);
        ((DoubleVector) V256.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V256.cast(c21)).intoArray(c, r2 + 4);
        ((DoubleVector) V256.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V256.cast(c31)).intoArray(c, r3 + 4);
        ((DoubleVector) V256.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V256.cast(c41)).intoArray(c, r4 + 4);
        ((DoubleVector) V256.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V256.cast(c51)).intoArray(c, r5 + 4);
        ((DoubleVector) V256.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V256.cast(c61)).intoArray(c, r6 + 4);
        ((DoubleVector) V256.cast(c70)).intoArray(c, r7);
        ((DoubleVector) V256.cast(c71)).intoArray(c, r7 + 4);
    }

    /**
     * Direct kernel, 256-bit, 8 rows × 12 columns: see {@link #directKernel}. Run as two passes of 4 rows × 3
     * vectors (12 accumulators) rather than one 8-row body: the 8-row body (1.9 KB of bytecode) made C1's tier-3 OSR
     * compile bail out ("out of virtual registers in linear scan"); on JDK 17, when C2's queue was long, the method
     * then stayed in tier-2 C1 code for good, which boxes every vector (docs/decisions/gemm.md, session 3). Each
     * element is still one fma chain in increasing p: same bits.
     */
    private static void direct256x3(int kc, double[] a, int ai, int aRs, int aCs, double[] b, int bi, int bRs,
                                    double[] c, int ci, int ldc) {
        for (int half = 0; half < 2; half++) {
            int a0 = ai + 4 * half * aRs;
            int a1 = a0 + aRs;
            int a2 = a1 + aRs;
            int a3 = a2 + aRs;
            int r0 = ci + 4 * half * ldc;
            int r1 = r0 + ldc;
            int r2 = r1 + ldc;
            int r3 = r2 + ldc;
            DoubleVector c00 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0));
            DoubleVector c01 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0 + 4));
            DoubleVector c02 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r0 + 8));
            DoubleVector c10 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1));
            DoubleVector c11 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1 + 4));
            DoubleVector c12 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r1 + 8));
            DoubleVector c20 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2));
            DoubleVector c21 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2 + 4));
            DoubleVector c22 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r2 + 8));
            DoubleVector c30 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3));
            DoubleVector c31 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3 + 4));
            DoubleVector c32 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, c, r3 + 8));
            for (int p = 0, o = 0, pbi = bi; p < kc; p++, o += aCs, pbi += bRs) {
                DoubleVector b0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, b, pbi));
                DoubleVector b1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, b, pbi + 4));
                DoubleVector b2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, b, pbi + 8));
                DoubleVector x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a0 + o]));
                c00 = (DoubleVector) V256.cast(x.fma(b0, c00));
                c01 = (DoubleVector) V256.cast(x.fma(b1, c01));
                c02 = (DoubleVector) V256.cast(x.fma(b2, c02));
                x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a1 + o]));
                c10 = (DoubleVector) V256.cast(x.fma(b0, c10));
                c11 = (DoubleVector) V256.cast(x.fma(b1, c11));
                c12 = (DoubleVector) V256.cast(x.fma(b2, c12));
                x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a2 + o]));
                c20 = (DoubleVector) V256.cast(x.fma(b0, c20));
                c21 = (DoubleVector) V256.cast(x.fma(b1, c21));
                c22 = (DoubleVector) V256.cast(x.fma(b2, c22));
                x = (DoubleVector) V256.cast(DoubleVector.broadcast(S, a[a3 + o]));
                c30 = (DoubleVector) V256.cast(x.fma(b0, c30));
                c31 = (DoubleVector) V256.cast(x.fma(b1, c31));
                c32 = (DoubleVector) V256.cast(x.fma(b2, c32));
            }
            ((DoubleVector) V256.cast(c00)).intoArray(c, r0);
            ((DoubleVector) V256.cast(c01)).intoArray(c, r0 + 4);
            ((DoubleVector) V256.cast(c02)).intoArray(c, r0 + 8);
            ((DoubleVector) V256.cast(c10)).intoArray(c, r1);
            ((DoubleVector) V256.cast(c11)).intoArray(c, r1 + 4);
            ((DoubleVector) V256.cast(c12)).intoArray(c, r1 + 8);
            ((DoubleVector) V256.cast(c20)).intoArray(c, r2);
            ((DoubleVector) V256.cast(c21)).intoArray(c, r2 + 4);
            ((DoubleVector) V256.cast(c22)).intoArray(c, r2 + 8);
            ((DoubleVector) V256.cast(c30)).intoArray(c, r3);
            ((DoubleVector) V256.cast(c31)).intoArray(c, r3 + 4);
            ((DoubleVector) V256.cast(c32)).intoArray(c, r3 + 8);
        }
    }

    /** Direct kernel, 512-bit, 8 rows × 8 columns: see {@link #directKernel}. */
    private static void direct512x1(int kc, double[] a, int ai, int aRs, int aCs, double[] b, int bi, int bRs,
                                    double[] c, int ci, int ldc) {
        int a0 = ai;
        int a1 = a0 + aRs;
        int a2 = a1 + aRs;
        int a3 = a2 + aRs;
        int a4 = a3 + aRs;
        int a5 = a4 + aRs;
        int a6 = a5 + aRs;
        int a7 = a6 + aRs;
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0));
        DoubleVector c10 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1));
        DoubleVector c20 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2));
        DoubleVector c30 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3));
        DoubleVector c40 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r4));
        DoubleVector c50 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r5));
        DoubleVector c60 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r6));
        DoubleVector c70 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r7));
        for (int p = 0, o = 0, pbi = bi; p < kc; p++, o += aCs, pbi += bRs) {
            DoubleVector b0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, b, pbi));
            DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a0 + o]));
            c00 = (DoubleVector) V512.cast(x.fma(b0, c00));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a1 + o]));
            c10 = (DoubleVector) V512.cast(x.fma(b0, c10));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a2 + o]));
            c20 = (DoubleVector) V512.cast(x.fma(b0, c20));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a3 + o]));
            c30 = (DoubleVector) V512.cast(x.fma(b0, c30));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a4 + o]));
            c40 = (DoubleVector) V512.cast(x.fma(b0, c40));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a5 + o]));
            c50 = (DoubleVector) V512.cast(x.fma(b0, c50));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a6 + o]));
            c60 = (DoubleVector) V512.cast(x.fma(b0, c60));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a7 + o]));
            c70 = (DoubleVector) V512.cast(x.fma(b0, c70));
        }
        ((DoubleVector) V512.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V512.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V512.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V512.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V512.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V512.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V512.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V512.cast(c70)).intoArray(c, r7);
    }

    /** Direct kernel, 512-bit, 8 rows × 16 columns: see {@link #directKernel}. */
    private static void direct512x2(int kc, double[] a, int ai, int aRs, int aCs, double[] b, int bi, int bRs,
                                    double[] c, int ci, int ldc) {
        int a0 = ai;
        int a1 = a0 + aRs;
        int a2 = a1 + aRs;
        int a3 = a2 + aRs;
        int a4 = a3 + aRs;
        int a5 = a4 + aRs;
        int a6 = a5 + aRs;
        int a7 = a6 + aRs;
        int r0 = ci;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0));
        DoubleVector c01 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0 + 8));
        DoubleVector c10 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1));
        DoubleVector c11 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1 + 8));
        DoubleVector c20 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2));
        DoubleVector c21 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2 + 8));
        DoubleVector c30 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3));
        DoubleVector c31 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3 + 8));
        DoubleVector c40 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r4));
        DoubleVector c41 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r4 + 8));
        DoubleVector c50 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r5));
        DoubleVector c51 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r5 + 8));
        DoubleVector c60 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r6));
        DoubleVector c61 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r6 + 8));
        DoubleVector c70 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r7));
        DoubleVector c71 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r7 + 8));
        for (int p = 0, o = 0, pbi = bi; p < kc; p++, o += aCs, pbi += bRs) {
            DoubleVector b0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, b, pbi));
            DoubleVector b1 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, b, pbi + 8));
            DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a0 + o]));
            c00 = (DoubleVector) V512.cast(x.fma(b0, c00));
            c01 = (DoubleVector) V512.cast(x.fma(b1, c01));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a1 + o]));
            c10 = (DoubleVector) V512.cast(x.fma(b0, c10));
            c11 = (DoubleVector) V512.cast(x.fma(b1, c11));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a2 + o]));
            c20 = (DoubleVector) V512.cast(x.fma(b0, c20));
            c21 = (DoubleVector) V512.cast(x.fma(b1, c21));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a3 + o]));
            c30 = (DoubleVector) V512.cast(x.fma(b0, c30));
            c31 = (DoubleVector) V512.cast(x.fma(b1, c31));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a4 + o]));
            c40 = (DoubleVector) V512.cast(x.fma(b0, c40));
            c41 = (DoubleVector) V512.cast(x.fma(b1, c41));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a5 + o]));
            c50 = (DoubleVector) V512.cast(x.fma(b0, c50));
            c51 = (DoubleVector) V512.cast(x.fma(b1, c51));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a6 + o]));
            c60 = (DoubleVector) V512.cast(x.fma(b0, c60));
            c61 = (DoubleVector) V512.cast(x.fma(b1, c61));
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a7 + o]));
            c70 = (DoubleVector) V512.cast(x.fma(b0, c70));
            c71 = (DoubleVector) V512.cast(x.fma(b1, c71));
        }
        ((DoubleVector) V512.cast(c00)).intoArray(c, r0);
        ((DoubleVector) V512.cast(c01)).intoArray(c, r0 + 8);
        ((DoubleVector) V512.cast(c10)).intoArray(c, r1);
        ((DoubleVector) V512.cast(c11)).intoArray(c, r1 + 8);
        ((DoubleVector) V512.cast(c20)).intoArray(c, r2);
        ((DoubleVector) V512.cast(c21)).intoArray(c, r2 + 8);
        ((DoubleVector) V512.cast(c30)).intoArray(c, r3);
        ((DoubleVector) V512.cast(c31)).intoArray(c, r3 + 8);
        ((DoubleVector) V512.cast(c40)).intoArray(c, r4);
        ((DoubleVector) V512.cast(c41)).intoArray(c, r4 + 8);
        ((DoubleVector) V512.cast(c50)).intoArray(c, r5);
        ((DoubleVector) V512.cast(c51)).intoArray(c, r5 + 8);
        ((DoubleVector) V512.cast(c60)).intoArray(c, r6);
        ((DoubleVector) V512.cast(c61)).intoArray(c, r6 + 8);
        ((DoubleVector) V512.cast(c70)).intoArray(c, r7);
        ((DoubleVector) V512.cast(c71)).intoArray(c, r7 + 8);
    }

    /**
     * Direct kernel, 512-bit, 8 rows × 24 columns: see {@link #directKernel}. Run as two passes of 4 rows × 3
     * vectors (12 accumulators) rather than one 8-row body: the 8-row body (1.9 KB of bytecode) made C1's tier-3 OSR
     * compile bail out ("out of virtual registers in linear scan"); on JDK 17, when C2's queue was long, the method
     * then stayed in tier-2 C1 code for good, which boxes every vector (docs/decisions/gemm.md, session 3). Each
     * element is still one fma chain in increasing p: same bits.
     */
    private static void direct512x3(int kc, double[] a, int ai, int aRs, int aCs, double[] b, int bi, int bRs,
                                    double[] c, int ci, int ldc) {
        for (int half = 0; half < 2; half++) {
            int a0 = ai + 4 * half * aRs;
            int a1 = a0 + aRs;
            int a2 = a1 + aRs;
            int a3 = a2 + aRs;
            int r0 = ci + 4 * half * ldc;
            int r1 = r0 + ldc;
            int r2 = r1 + ldc;
            int r3 = r2 + ldc;
            DoubleVector c00 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0));
            DoubleVector c01 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0 + 8));
            DoubleVector c02 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r0 + 16));
            DoubleVector c10 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1));
            DoubleVector c11 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1 + 8));
            DoubleVector c12 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r1 + 16));
            DoubleVector c20 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2));
            DoubleVector c21 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2 + 8));
            DoubleVector c22 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r2 + 16));
            DoubleVector c30 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3));
            DoubleVector c31 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3 + 8));
            DoubleVector c32 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, c, r3 + 16));
            for (int p = 0, o = 0, pbi = bi; p < kc; p++, o += aCs, pbi += bRs) {
                DoubleVector b0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, b, pbi));
                DoubleVector b1 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, b, pbi + 8));
                DoubleVector b2 = (DoubleVector) V512.cast(DoubleVector.fromArray(S512, b, pbi + 16));
                DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a0 + o]));
                c00 = (DoubleVector) V512.cast(x.fma(b0, c00));
                c01 = (DoubleVector) V512.cast(x.fma(b1, c01));
                c02 = (DoubleVector) V512.cast(x.fma(b2, c02));
                x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a1 + o]));
                c10 = (DoubleVector) V512.cast(x.fma(b0, c10));
                c11 = (DoubleVector) V512.cast(x.fma(b1, c11));
                c12 = (DoubleVector) V512.cast(x.fma(b2, c12));
                x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a2 + o]));
                c20 = (DoubleVector) V512.cast(x.fma(b0, c20));
                c21 = (DoubleVector) V512.cast(x.fma(b1, c21));
                c22 = (DoubleVector) V512.cast(x.fma(b2, c22));
                x = (DoubleVector) V512.cast(DoubleVector.broadcast(S512, a[a3 + o]));
                c30 = (DoubleVector) V512.cast(x.fma(b0, c30));
                c31 = (DoubleVector) V512.cast(x.fma(b1, c31));
                c32 = (DoubleVector) V512.cast(x.fma(b2, c32));
            }
            ((DoubleVector) V512.cast(c00)).intoArray(c, r0);
            ((DoubleVector) V512.cast(c01)).intoArray(c, r0 + 8);
            ((DoubleVector) V512.cast(c02)).intoArray(c, r0 + 16);
            ((DoubleVector) V512.cast(c10)).intoArray(c, r1);
            ((DoubleVector) V512.cast(c11)).intoArray(c, r1 + 8);
            ((DoubleVector) V512.cast(c12)).intoArray(c, r1 + 16);
            ((DoubleVector) V512.cast(c20)).intoArray(c, r2);
            ((DoubleVector) V512.cast(c21)).intoArray(c, r2 + 8);
            ((DoubleVector) V512.cast(c22)).intoArray(c, r2 + 16);
            ((DoubleVector) V512.cast(c30)).intoArray(c, r3);
            ((DoubleVector) V512.cast(c31)).intoArray(c, r3 + 8);
            ((DoubleVector) V512.cast(c32)).intoArray(c, r3 + 16);
        }
    }

}
