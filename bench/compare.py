#!/usr/bin/env python3
"""Side-by-side timing of Zeroloss (JMH) and numpy/OpenBLAS on the same operations and sizes.

Run through bench/compare (see bench/README.md). The parent process never imports numpy: every numpy
measurement runs in a child process per thread count, because OpenBLAS reads its thread count (and
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE) once, when the library is loaded.
"""

import argparse
import csv
import datetime
import io
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
DEFAULT_JAR = os.path.join(BENCH_DIR, "target", "benchmarks.jar")
PKG = "dev.zeroloss.bench."

# Set on some processors for older OpenBLAS builds; they slow a current numpy. Unset in the numpy child only.
OPENBLAS_PIN_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "GOTO_NUM_THREADS", "MKL_NUM_THREADS")


class CompareError(Exception):
    """A failure with a message meant for the user; exit code 2 (usage) or 1 (run failed)."""

    def __init__(self, message, code=1):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------------------------------
# The table rows. Each group is one JMH benchmark method; each row is one (size, threads) of it.
# flops: the useful floating-point operations counted for BOTH sides (None: no GFLOPS column).
# ---------------------------------------------------------------------------------------------------

def make_rows(threads=(1, 2)):
    rows = []

    def add(group, op, bench, params, size, flops, numpy_op, numpy_args):
        for t in threads:
            p = dict(params)
            p["threads"] = t
            rows.append({
                "key": "%s|%s|%d" % (group, size, t), "group": group, "op": op, "bench": bench,
                "params": p, "size": size, "threads": t, "flops": flops,
                "numpy_op": numpy_op, "numpy_args": numpy_args,
                "numpy_extra": EXTRA_VARIANTS.get(numpy_op, []),
            })

    n = 1024
    add("gemm", "dgemm", "GemmBench.dgemm", {"n": n}, "n=%d" % n, 2.0 * n ** 3, "gemm", {"n": n})
    r, c = 492, 512
    # K = H·Hᵀ: the lower triangle alone is r(r+1)/2 dot products of length c, ≈ r²·c flops.
    add("syrk", "syrk (K=H·Hᵀ)", "GemmBench.syrk", {"rows": r, "cols": c}, "%dx%d" % (r, c),
        float(r) * r * c, "syrk", {"rows": r, "cols": c})
    for n in (492, 1024):
        add("cholesky", "cholesky", "CholeskyBench.cholesky", {"n": n}, "n=%d" % n, n ** 3 / 3.0,
            "cholesky", {"n": n})
    n = 1024
    # potrf n³/3 + potri (trtri n³/3 + lauum n³/3).
    add("inverse", "cholesky+inverse", "CholeskyBench.choleskyInverse", {"n": n}, "n=%d" % n,
        float(n) ** 3, "inverse", {"n": n})
    n, k = 492, 37
    # potrf n³/3 + two triangular solves with k right-hand sides, 2·n²·k.
    add("solve", "spd solve", "CholeskyBench.spdSolve", {"n": n}, "n=%d, %d rhs" % (n, k),
        n ** 3 / 3.0 + 2.0 * n * n * k, "solve", {"n": n, "k": k})
    # Plumbing self-test only (not in the default table): empty pool dispatch vs a 64-element numpy add.
    add("pool", "pool dispatch (plumbing test)", "PoolBench.dispatch", {}, "-", None, "pool", {})
    return rows


# Extra numpy-side rows beside the main one, each (label suffix, worker op); they need scipy.
EXTRA_VARIANTS = {
    # The exact BLAS routine, lower triangle only (H @ H.T also fills the upper triangle).
    "syrk": [(" [scipy dsyrk]", "syrk_scipy")],
    # numpy's own call, on numpy's OpenBLAS build (scipy ships another, possibly older, one).
    "cholesky": [(" [np.linalg.cholesky]", "cholesky_numpy")],
}
DEFAULT_GROUPS = ["gemm", "syrk", "cholesky", "inverse", "solve"]
ALL_GROUPS = DEFAULT_GROUPS + ["pool"]
GROUP_ALIASES = {"all": DEFAULT_GROUPS, "chol": ["cholesky"], "inv": ["inverse"], "spd": ["solve"],
                 "dgemm": ["gemm"]}

# Options that compare.py sets itself and the user may not pass through --jmh-args.
RESERVED_JMH_OPTS = {"-p", "-rf", "-rff", "-o", "-foe", "-l", "-lp", "-lprof", "-h"}


# ---------------------------------------------------------------------------------------------------
# numpy child process (run as: compare.py --numpy-worker SPEC_JSON)
# ---------------------------------------------------------------------------------------------------

def _openblas_info():
    """Version/corename/threads of every OpenBLAS loaded in this process, via threadpoolctl if installed,
    else by calling the exported openblas_get_* functions through ctypes (what threadpoolctl does)."""
    try:
        import threadpoolctl
        out = []
        for info in threadpoolctl.threadpool_info():
            if info.get("internal_api") == "openblas":
                out.append({"lib": info.get("filepath"), "version": info.get("version"),
                            "corename": info.get("architecture"), "threads": info.get("num_threads"),
                            "config": None, "via": "threadpoolctl"})
        if out:
            return out
    except ImportError:
        pass
    import ctypes
    libs = []
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and "openblas" in parts[-1].lower() and parts[-1] not in libs:
                libs.append(parts[-1])
    out = []
    for path in libs:
        try:
            lib = ctypes.CDLL(path, mode=os.RTLD_NOLOAD | os.RTLD_GLOBAL)
        except OSError:
            continue

        def sym(base):
            for prefix in ("", "scipy_"):
                for suffix in ("", "64_", "_64"):
                    fn = getattr(lib, prefix + base + suffix, None)
                    if fn is not None:
                        return fn
            return None

        info = {"lib": path, "version": None, "corename": None, "threads": None, "config": None,
                "via": "ctypes"}
        for key, base in (("corename", "openblas_get_corename"), ("config", "openblas_get_config")):
            fn = sym(base)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                info[key] = fn().decode(errors="replace").strip()
        fn = sym("openblas_get_num_threads")
        if fn is not None:
            fn.restype = ctypes.c_int
            info["threads"] = fn()
        if info["config"]:
            words = info["config"].split()
            if len(words) >= 2 and words[0] == "OpenBLAS":
                info["version"] = words[1]
        out.append(info)
    return out


def numpy_worker(spec):
    """Times each requested operation with the thread count fixed by the environment; prints JSON."""
    import numpy as np
    use_scipy = not spec.get("no_scipy", False)
    lapack = blas = None
    if use_scipy:
        try:
            from scipy.linalg import blas, lapack  # noqa: F401  (own OpenBLAS, same env settings)
        except ImportError:
            use_scipy = False
    rng = np.random.default_rng(20240917)

    def spd(n):
        g = rng.standard_normal((n, n))
        a = g @ g.T / n
        a[np.diag_indices(n)] += 1.0
        return np.asfortranarray(a)  # symmetric, so Fortran order is the same matrix without a copy

    def make(op, a):
        """Returns (callable, description of what numpy/OpenBLAS computes)."""
        if op == "gemm":
            n = a["n"]
            x, y, z = rng.standard_normal((n, n)), rng.standard_normal((n, n)), np.empty((n, n))
            return (lambda: np.matmul(x, y, out=z)), "np.matmul(A, B, out=C) → dgemm"
        if op == "syrk":
            h = rng.standard_normal((a["rows"], a["cols"]))
            return (lambda: h @ h.T), ("H @ H.T (numpy detects A·Aᵀ, calls dsyrk and mirrors the "
                                       "triangle: full r×r result)")
        if op == "syrk_scipy":
            h = np.asfortranarray(rng.standard_normal((a["rows"], a["cols"])))
            return (lambda: blas.dsyrk(1.0, h, lower=1)), "scipy dsyrk(lower): lower triangle only"
        if op == "cholesky":
            m = spd(a["n"])
            if use_scipy:
                return ((lambda: lapack.dpotrf(m, lower=1, clean=0, overwrite_a=0)),
                        "scipy lapack dpotrf(lower) on a copy, scipy's OpenBLAS")
            return (lambda: np.linalg.cholesky(m)), "np.linalg.cholesky (potrf on a copy, numpy's OpenBLAS)"
        if op == "cholesky_numpy":
            m = spd(a["n"])
            return (lambda: np.linalg.cholesky(m)), "np.linalg.cholesky (potrf on a copy, numpy's OpenBLAS)"
        if op == "inverse":
            m = spd(a["n"])
            if use_scipy:
                def f():
                    c, info = lapack.dpotrf(m, lower=1, clean=0, overwrite_a=0)
                    return lapack.dpotri(c, lower=1, overwrite_c=1)
                return f, "scipy lapack dpotrf + dpotri (lower triangle of A⁻¹)"
            eye = np.eye(a["n"])

            def g():
                low = np.linalg.cholesky(m)
                li = np.linalg.solve(low, eye)  # LU-based: numpy has no triangular solve
                return li.T @ li
            return g, "np.linalg.cholesky + solve(L, I) (LU) + Linv.T @ Linv (NOT potri: more flops)"
        if op == "solve":
            m = spd(a["n"])
            b = np.asfortranarray(rng.standard_normal((a["n"], a["k"])))
            if use_scipy:
                return ((lambda: lapack.dposv(m, b, lower=1, overwrite_a=0, overwrite_b=0)),
                        "scipy lapack dposv (potrf + potrs)")
            return (lambda: np.linalg.solve(m, b)), "np.linalg.solve (LU, not Cholesky: more flops)"
        if op == "pool":
            x, y, z = np.ones(64), np.ones(64), np.empty(64)
            return (lambda: np.add(x, y, out=z)), "np.add of 64 doubles (plumbing test only)"
        raise ValueError("unknown numpy op " + op)

    min_reps, warm_s, target_s = spec["min_reps"], spec["warmup_seconds"], spec["target_seconds"]
    results = {}
    for job in spec["jobs"]:
        fn, what = make(job["op"], job["args"])
        t0 = time.perf_counter()
        calls = 0
        while calls < 2 or time.perf_counter() - t0 < warm_s:  # warm-up: caches, thread start-up
            fn()
            calls += 1
        est = (time.perf_counter() - t0) / calls
        reps = max(min_reps, min(1000, int(target_s / max(est, 1e-9))))
        times = []
        for _ in range(reps):
            s = time.perf_counter_ns()
            fn()
            times.append((time.perf_counter_ns() - s) / 1e6)
        results[job["id"]] = {"median_ms": statistics.median(times), "min_ms": min(times),
                              "reps": reps, "what": what}
    env_threads = os.environ.get("OPENBLAS_NUM_THREADS")
    print(json.dumps({"numpy": np.__version__, "scipy": _scipy_version() if use_scipy else None,
                      "openblas": _openblas_info(), "env_threads": env_threads,
                      "python": platform.python_version(), "results": results}))


def _scipy_version():
    import scipy
    return scipy.__version__


class JmhLock:
    """Holds JMH's machine-wide lock (/tmp/jmh.lock, a POSIX fcntl lock as Java's FileChannel.tryLock
    takes it) while numpy is timed, so no JMH run of another user overlaps the numpy measurement."""

    def __init__(self, opts, log):
        self.opts, self.log, self.f = opts, log, None

    def __enter__(self):
        import fcntl
        path = os.path.join(tempfile.gettempdir(), "jmh.lock")
        try:
            self.f = open(path, "a")
        except OSError:
            return self  # cannot share the lock: measure anyway
        waited = 0
        while True:
            try:
                fcntl.lockf(self.f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except OSError:
                if waited >= self.opts.lock_wait:
                    self.f.close()
                    raise CompareError("another JMH run held %s for %d s; giving up" % (path, waited))
                if waited == 0:
                    self.log("[numpy] a JMH run holds %s; waiting up to %d s" % (path, self.opts.lock_wait))
                time.sleep(5)
                waited += 5

    def __exit__(self, *exc):
        if self.f is not None:
            self.f.close()  # closing releases the fcntl lock
        return False


def run_numpy(python, rows, threads, opts, log):
    """One child process per thread count: OpenBLAS fixes its thread count when loaded."""
    jobs = []
    for row in rows:
        if row["threads"] != threads:
            continue
        jobs.append({"id": row["key"], "op": row["numpy_op"], "args": row["numpy_args"]})
        if not opts.no_scipy:
            for _, op in row["numpy_extra"]:
                jobs.append({"id": row["key"] + "|" + op, "op": op, "args": row["numpy_args"]})
    if not jobs:
        return None
    spec = {"jobs": jobs, "no_scipy": opts.no_scipy, "min_reps": 5 if opts.quick else 15,
            "warmup_seconds": 0.2 if opts.quick else 1.0, "target_seconds": 0.5 if opts.quick else 2.0}
    env = dict(os.environ)
    for v in OPENBLAS_PIN_VARS:  # only in this child: see the module docstring
        env.pop(v, None)
    for v in THREAD_VARS:
        env[v] = str(threads)
    log("[numpy] %d operation(s) on %d thread(s)" % (len(jobs), threads))
    p = subprocess.run([python, os.path.abspath(__file__), "--numpy-worker", json.dumps(spec)],
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise CompareError("numpy measurement failed (threads=%d, exit %d):\n%s"
                           % (threads, p.returncode, p.stderr.strip()[-3000:]))
    try:
        out = json.loads(p.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise CompareError("numpy worker printed no result (threads=%d):\n%s%s"
                           % (threads, p.stdout[-2000:], p.stderr[-2000:]))
    for lib in out["openblas"]:
        if lib.get("threads") is not None and lib["threads"] != threads:
            raise CompareError("OpenBLAS in %s runs %s threads, asked for %d"
                               % (lib["lib"], lib["threads"], threads))
    return out


# ---------------------------------------------------------------------------------------------------
# JMH side
# ---------------------------------------------------------------------------------------------------

def java_cmd(opts):
    return [opts.java, "--add-modules", "jdk.incubator.vector"]


def build_jar(opts, log):
    if opts.no_build:
        if not os.path.isfile(opts.jar):
            raise CompareError("%s does not exist and --no-build was given" % opts.jar)
        return
    log("[build] ./mvnw -q -pl bench -am package -DskipTests")
    p = subprocess.run(["./mvnw", "-q", "-pl", "bench", "-am", "package", "-DskipTests"], cwd=REPO_DIR,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0 or not os.path.isfile(opts.jar):
        raise CompareError("building the benchmark jar failed (exit %d):\n%s"
                           % (p.returncode, p.stdout[-4000:]))


def list_benchmarks(opts):
    """{short name 'Class.method': set of its @Param names} from `-lp`."""
    p = subprocess.run(java_cmd(opts) + ["-jar", opts.jar, "-lp"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise CompareError("`java -jar %s -lp` failed (exit %d):\n%s" % (opts.jar, p.returncode,
                                                                        p.stderr[-2000:]))
    benches, current = {}, None
    for line in p.stdout.splitlines():
        s = line.strip()
        if s.startswith(PKG):
            current = s[len(PKG):]
            benches[current] = set()
        elif s.startswith("param ") and current:
            benches[current].add(s.split('"')[1])
    return benches


def parse_jmh_args(text):
    args = shlex.split(text or "")
    for a in args:
        if a in RESERVED_JMH_OPTS:
            raise CompareError("--jmh-args may not contain %s: compare.py sets it (sizes come from the "
                               "table rows; run the jar directly for other sizes)" % a, code=2)
    return args


def run_jmh(opts, group_rows, available, workdir, log):
    """One JMH run per benchmark method (params differ between methods); returns {row key: result}."""
    bench = group_rows[0]["bench"]
    if bench not in available:
        raise CompareError("benchmark %s is not in %s (its branch not merged yet?). Present: %s. "
                           "Use --only to pick other rows." % (bench, opts.jar, ", ".join(sorted(available))))
    declared = available[bench]
    params = {}
    for row in group_rows:
        for k, v in row["params"].items():
            if k in declared:
                params.setdefault(k, [])
                if str(v) not in params[k]:
                    params[k].append(str(v))
    defaults = ["-f", "1", "-wi", "2", "-i", "3", "-w", "1s", "-r", "1s"] if opts.quick else []
    user = parse_jmh_args(opts.jmh_args)
    # Drop a default that the user overrides: JMH rejects an option given twice.
    user_opts = {a for a in user if a.startswith("-")}
    filtered = []
    i = 0
    while i < len(defaults):
        if defaults[i] not in user_opts:
            filtered += defaults[i:i + 2]
        i += 2
    json_path = os.path.join(workdir, "jmh-%s.json" % group_rows[0]["group"])
    log_path = os.path.join(workdir, "jmh-%s.log" % group_rows[0]["group"])
    cmd = java_cmd(opts) + ["-jar", opts.jar, "^" + PKG.replace(".", r"\.") + bench.replace(".", r"\.") + "$"]
    for k in sorted(params):
        cmd += ["-p", "%s=%s" % (k, ",".join(params[k]))]
    cmd += filtered + user + ["-foe", "true", "-rf", "json", "-rff", json_path]
    log("[jmh] " + " ".join(shlex.quote(c) for c in cmd[len(java_cmd(opts)):]))
    waited = 0
    while True:
        with open(log_path, "w") as lf:
            lf.write("$ " + " ".join(shlex.quote(c) for c in cmd) + "\n")
            lf.flush()
            rc = subprocess.run(cmd, stdout=lf, stderr=subprocess.STDOUT).returncode
        with open(log_path) as lf:
            locked = "Unable to acquire the JMH lock" in lf.read()
        # JMH serialises runs machine-wide through /tmp/jmh.lock: wait for the other run, do not overlap it.
        if not locked or waited >= opts.lock_wait:
            break
        if waited == 0:
            log("[jmh] another JMH run holds /tmp/jmh.lock; waiting up to %d s" % opts.lock_wait)
        time.sleep(15)
        waited += 15
    if rc != 0 or not os.path.isfile(json_path):
        with open(log_path) as lf:
            tail = lf.read()[-3000:]
        raise CompareError("JMH failed for %s (exit %d); end of its output:\n%s" % (bench, rc, tail))
    with open(json_path) as f:
        data = json.load(f)
    out = {}
    for row in group_rows:
        want = {k: str(v) for k, v in row["params"].items() if k in declared}
        hits = [d for d in data if d["benchmark"] == PKG + bench
                and all(d.get("params", {}).get(k) == v for k, v in want.items())]
        if len(hits) != 1:
            raise CompareError("JMH output %s has %d results for %s %s (expected 1)"
                               % (json_path, len(hits), bench, want))
        out[row["key"]] = jmh_result(hits[0], row)
    return out


_TIME_UNITS = {"s": 1e3, "ms": 1.0, "us": 1e-3, "ns": 1e-6}


def jmh_result(d, row):
    pm = d["primaryMetric"]
    unit = pm["scoreUnit"]
    raw = [x for fork in pm.get("rawData", []) for x in fork] or [pm["score"]]
    if unit.endswith("/op"):  # average time: value is time per op
        scale = _TIME_UNITS[unit[:-3]]
        ms = [x * scale for x in raw]
    elif unit.startswith("ops/"):  # throughput: convert to time per op
        scale = _TIME_UNITS[unit[4:]]
        ms = [scale / x for x in raw]
    else:
        raise CompareError("unexpected JMH unit %r for %s" % (unit, row["bench"]))
    err = pm.get("scoreError")
    try:
        err = float(err)
    except (TypeError, ValueError):
        err = float("nan")
    return {"median_ms": statistics.median(ms), "min_ms": min(ms), "iterations": len(ms),
            "score": pm["score"], "score_error": err, "unit": unit, "params": d.get("params", {}),
            "jdk": d.get("jdkVersion"), "vm": "%s %s" % (d.get("vmName"), d.get("vmVersion")),
            "jvm": d.get("jvm")}


# ---------------------------------------------------------------------------------------------------
# Table
# ---------------------------------------------------------------------------------------------------

def fmt_ms(x):
    if x is None:
        return "-"
    return "%.4g" % x if x < 0.01 else "%.3f" % x if x < 10 else "%.2f" % x if x < 1000 else "%.0f" % x


def gflops(flops, ms):
    return None if flops is None or not ms else flops / (ms * 1e6)


def build_table(rows, jmh, numpy_runs):
    table = []
    for row in rows:
        z = jmh.get(row["key"])
        nrun = numpy_runs.get(row["threads"]) or {}
        variants = [("", nrun.get("results", {}).get(row["key"]))]
        for suffix, op in row["numpy_extra"]:
            alt = nrun.get("results", {}).get(row["key"] + "|" + op)
            if alt:
                variants.append((suffix, alt))
        for suffix, nm in variants:
            zms, nms = (z or {}).get("median_ms"), (nm or {}).get("median_ms")
            table.append({
                "operation": row["op"] + suffix, "size": row["size"], "threads": row["threads"],
                "zeroloss_ms": zms, "zeroloss_gflops": gflops(row["flops"], zms),
                "numpy_ms": nms, "numpy_gflops": gflops(row["flops"], nms),
                "ratio": (nms / zms) if zms and nms else None,
                "numpy_computes": (nm or {}).get("what", "-"),
                "zeroloss_jmh_score": (z or {}).get("score"), "zeroloss_jmh_error": (z or {}).get("score_error"),
                "zeroloss_jmh_unit": (z or {}).get("unit"), "zeroloss_iterations": (z or {}).get("iterations"),
                "numpy_min_ms": (nm or {}).get("min_ms"), "numpy_reps": (nm or {}).get("reps"),
                "useful_flops": row["flops"],
            })
    return table


COLS = [("operation", "operation"), ("size", "size"), ("threads", "thr"),
        ("zeroloss_ms", "Zeroloss ms"), ("zeroloss_gflops", "Zeroloss GFLOPS"),
        ("numpy_ms", "numpy ms"), ("numpy_gflops", "numpy GFLOPS"), ("ratio", "numpy/Zeroloss")]


def cell(rec, key):
    v = rec[key]
    if key in ("zeroloss_ms", "numpy_ms"):
        return fmt_ms(v)
    if key == "ratio":
        return "-" if v is None else "%.2f" % v
    if key in ("zeroloss_gflops", "numpy_gflops"):
        return "-" if v is None else "%.1f" % v
    return str(v)


def header_lines(meta):
    lines = ["Zeroloss vs numpy/OpenBLAS, %s, %s" % (meta["timestamp"], meta["cpu"])]
    if meta.get("load"):
        lines.append("load average at start %s, at end %s%s" % (
            meta["load"], meta.get("load_end", "?"),
            "  (WARNING: other work on the machine; timings, above all 2-thread ones, are contended)"
            if max(float(meta["load"]), float(meta.get("load_end", 0))) > 0.5 else ""))
    if meta.get("jdk"):
        lines.append("Zeroloss: JMH 1.37 on JDK %s (%s); median of measurement iterations, ms/op"
                     % (meta["jdk"], meta["vm"]))
    if meta.get("numpy"):
        lines.append("numpy %s%s, Python %s; median of >= %d timed calls after warm-up"
                     % (meta["numpy"], ", scipy " + meta["scipy"] if meta.get("scipy") else "",
                        meta["python"], meta["numpy_min_reps"]))
        for lib in meta["openblas"]:
            path = lib.get("lib") or "?"
            owner = "numpy's" if "numpy" in path else "scipy's" if "scipy.libs" in path else "loaded"
            lines.append("  %s OpenBLAS %s, corename %s (%s, via %s)"
                         % (owner, lib.get("version") or "?", lib.get("corename") or "?",
                            os.path.basename(path), lib.get("via")))
        lines.append("  numpy ran with %s unset (parent had: %s) and OPENBLAS_NUM_THREADS = thr"
                     % (" and ".join(OPENBLAS_PIN_VARS), meta["pin_vars_in_parent"] or "neither set"))
    lines.append("ratio = numpy time / Zeroloss time (> 1: Zeroloss faster). GFLOPS use the same useful "
                 "flop count for both sides: dgemm 2n³; syrk rows²·cols (lower triangle; numpy's H @ H.T "
                 "returns the full matrix); cholesky n³/3; cholesky+inverse n³; spd solve n³/3 + 2n²·k.")
    return lines


def render_text(table, meta):
    heads = [h for _, h in COLS] + ["numpy/OpenBLAS computes"]
    body = [[cell(r, k) for k, _ in COLS] + [r["numpy_computes"]] for r in table]
    widths = [max(len(heads[i]), *(len(b[i]) for b in body)) if body else len(heads[i])
              for i in range(len(heads))]
    numeric = set(range(2, len(COLS)))

    def line(vals):
        return "  ".join(v.rjust(widths[i]) if i in numeric else v.ljust(widths[i])
                         for i, v in enumerate(vals)).rstrip()
    out = header_lines(meta) + ["", line(heads), "  ".join("-" * w for w in widths)]
    out += [line(b) for b in body]
    return "\n".join(out) + "\n"


def render_md(table, meta):
    heads = [h for _, h in COLS] + ["numpy/OpenBLAS computes"]
    out = ["# Zeroloss vs numpy/OpenBLAS", ""] + ["- " + l.strip() for l in header_lines(meta)] + [""]
    out.append("| " + " | ".join(heads) + " |")
    out.append("|" + "|".join("---:" if 2 <= i < len(COLS) else "---" for i in range(len(heads))) + "|")
    for r in table:
        out.append("| " + " | ".join([cell(r, k) for k, _ in COLS] + [r["numpy_computes"]]) + " |")
    return "\n".join(out) + "\n"


def render_csv(table):
    buf = io.StringIO()
    keys = list(table[0].keys()) if table else [k for k, _ in COLS]
    w = csv.DictWriter(buf, fieldnames=keys, lineterminator="\n")
    w.writeheader()
    for r in table:
        w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    return buf.getvalue()


def write_atomic(path, text):
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return None


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip() + ", %d cpus" % os.cpu_count()
    except OSError:
        pass
    return platform.processor() or "unknown cpu"


# ---------------------------------------------------------------------------------------------------

def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="bench/compare",
        description="Runs the Zeroloss JMH benchmarks and the same operations through numpy/OpenBLAS on "
                    "1 and 2 threads, prints one table and writes it (Markdown, CSV) to bench/results/<time>/.")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: JMH -f 1 -wi 2 -i 3 -w 1s -r 1s, numpy >= 5 calls")
    ap.add_argument("--only", default="all",
                    help="comma-separated row groups: %s, or all (default)" % ", ".join(DEFAULT_GROUPS))
    ap.add_argument("--jmh-args", default="",
                    help='extra JMH options, e.g. "-f 2 -wi 5 -i 10" or "-prof gc" (not -p/-rf/-rff/-foe)')
    ap.add_argument("--threads", default="1,2", help="thread counts (default 1,2)")
    ap.add_argument("--numpy-only", action="store_true", help="skip JMH (Zeroloss columns show -)")
    ap.add_argument("--jmh-only", action="store_true", help="skip numpy")
    ap.add_argument("--no-scipy", action="store_true",
                    help="numpy side without scipy (LU-based stand-ins for potri/potrs, labelled)")
    ap.add_argument("--no-build", action="store_true", help="use the existing jar, do not run Maven")
    ap.add_argument("--lock-wait", type=int, default=1800,
                    help="seconds to wait while another JMH run holds /tmp/jmh.lock (default 1800)")
    ap.add_argument("--jar", default=DEFAULT_JAR, help=argparse.SUPPRESS)
    ap.add_argument("--java", default=None, help="java launcher (default $JAVA_HOME/bin/java, else java)")
    ap.add_argument("--python", default=sys.executable, help=argparse.SUPPRESS)
    ap.add_argument("--out", default=os.path.join(BENCH_DIR, "results"), help="results root directory")
    opts = ap.parse_args(argv)
    if opts.numpy_only and opts.jmh_only:
        raise CompareError("--numpy-only and --jmh-only exclude each other", code=2)
    groups = []
    for g in (x.strip().lower() for x in opts.only.split(",") if x.strip()):
        if g in GROUP_ALIASES:
            groups += GROUP_ALIASES[g]
        elif g in ALL_GROUPS:
            groups.append(g)
        else:
            raise CompareError("unknown --only value %r; known: %s, all" % (g, ", ".join(DEFAULT_GROUPS)),
                               code=2)
    if not groups:
        raise CompareError("--only selects nothing", code=2)
    opts.groups = [g for g in ALL_GROUPS if g in groups]
    try:
        opts.thread_list = sorted({int(t) for t in opts.threads.split(",") if t.strip()})
    except ValueError:
        raise CompareError("--threads wants integers like 1,2", code=2)
    if not opts.thread_list or min(opts.thread_list) < 1:
        raise CompareError("--threads wants positive integers", code=2)
    if opts.java is None:
        jh = os.environ.get("JAVA_HOME")
        opts.java = os.path.join(jh, "bin", "java") if jh and os.path.isfile(os.path.join(jh, "bin", "java")) \
            else "java"
    parse_jmh_args(opts.jmh_args)  # reject reserved options before spending minutes on the run
    return opts


def check_numpy(python):
    p = subprocess.run([python, "-c", "import numpy; print(numpy.__version__)"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise CompareError("numpy is not importable by %s (pip install numpy, or --jmh-only):\n%s"
                           % (python, p.stderr.strip()[-500:]))


def main(argv):
    if argv[:1] == ["--numpy-worker"]:
        numpy_worker(json.loads(argv[1]))
        return 0
    opts = parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    rows = [r for r in make_rows(opts.thread_list) if r["group"] in opts.groups]

    if not opts.jmh_only:
        check_numpy(opts.python)
    if not opts.numpy_only:
        if shutil.which(opts.java) is None and not os.path.isfile(opts.java):
            raise CompareError("java launcher %r not found (set JAVA_HOME or --java)" % opts.java)

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    os.makedirs(opts.out, exist_ok=True)
    workdir = tempfile.mkdtemp(dir=opts.out, prefix=".partial-%s-" % stamp)
    final_dir = None
    try:
        jmh = {}
        meta = {"timestamp": stamp, "cpu": cpu_model(), "load": load_average(), "numpy_min_reps": 5 if opts.quick else 15,
                "pin_vars_in_parent": ", ".join("%s=%s" % (v, os.environ[v]) for v in OPENBLAS_PIN_VARS
                                                 if v in os.environ)}
        if not opts.numpy_only:
            build_jar(opts, log)
            available = list_benchmarks(opts)
            groups = {}
            for r in rows:
                groups.setdefault(r["bench"], []).append(r)
            for bench in sorted(groups, key=lambda b: ALL_GROUPS.index(groups[b][0]["group"])):
                if bench not in available:  # fail before running anything long
                    run_jmh(opts, groups[bench], available, workdir, log)
            for bench in sorted(groups, key=lambda b: ALL_GROUPS.index(groups[b][0]["group"])):
                jmh.update(run_jmh(opts, groups[bench], available, workdir, log))
            any_res = next(iter(jmh.values()), None)
            if any_res:
                meta.update(jdk=any_res["jdk"], vm=any_res["vm"])
        numpy_runs = {}
        if not opts.jmh_only:
            with JmhLock(opts, log):
                for t in opts.thread_list:
                    numpy_runs[t] = run_numpy(opts.python, rows, t, opts, log)
            for t, out in list(numpy_runs.items()):
                if out is None:
                    del numpy_runs[t]
                else:
                    write_atomic(os.path.join(workdir, "numpy-threads%d.json" % t), json.dumps(out, indent=2))
            first = next(iter(numpy_runs.values()), None)
            if first:
                meta.update(numpy=first["numpy"], scipy=first["scipy"], python=first["python"],
                            openblas=first["openblas"])
        meta["load_end"] = load_average()
        table = build_table(rows, jmh, numpy_runs)
        text = render_text(table, meta)
        write_atomic(os.path.join(workdir, "table.md"), render_md(table, meta))
        write_atomic(os.path.join(workdir, "table.csv"), render_csv(table))
        write_atomic(os.path.join(workdir, "table.txt"), text)
        final_dir = os.path.join(opts.out, stamp)
        if os.path.exists(final_dir):
            final_dir += "-%d" % os.getpid()
        os.chmod(workdir, 0o755)
        os.rename(workdir, final_dir)  # the results directory appears complete or not at all
    finally:
        if final_dir is None:
            if os.listdir(workdir):  # keep the logs of a failed run (it holds no table) for diagnosis
                kept = os.path.join(opts.out, ".failed-" + stamp)
                shutil.rmtree(kept, ignore_errors=True)
                os.rename(workdir, kept)
                print("compare: logs of the failed run kept in %s" % kept, file=sys.stderr)
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    sys.stdout.write("\n" + text)
    log("\nwritten: %s/{table.md,table.csv,table.txt} (+ raw JMH/numpy JSON and logs)"
        % os.path.relpath(final_dir, os.getcwd()))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        sys.exit(main(sys.argv[1:]))
    except CompareError as e:
        print("compare: error: %s" % e, file=sys.stderr)
        sys.exit(e.code)
    except KeyboardInterrupt:
        print("compare: interrupted", file=sys.stderr)
        sys.exit(130)
