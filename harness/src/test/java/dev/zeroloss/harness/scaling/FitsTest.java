package dev.zeroloss.harness.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.engine.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitsTest {

    @Test
    void olsIsExactOnAPowerLaw() {
        double[] x = new double[5];
        double[] y = new double[5];
        for (int i = 0; i < 5; i++) {
            x[i] = Math.log(1e-4 * (1 << i));
            y[i] = 3.0 - 1.26 * x[i];
        }
        Fits.Line l = Fits.ols(x, y);
        assertEquals(-1.26, l.slope(), 1e-12);
        assertEquals(1.0, l.r2(), 1e-12);
    }

    @Test
    void bootstrapRecoversAKnownExponentFromNoisyData() {
        Rng rng = new Rng(42);
        List<Fits.Point> pts = new ArrayList<>();
        for (long seed = 0; seed < 6; seed++) {
            double seedEffect = 0.05 * rng.nextGaussian();
            for (int i = 0; i < 5; i++) {
                double lx = Math.log(0.0625 * (1 << i));
                pts.add(new Fits.Point(seed, lx, 7.0 - 1.1 * lx + seedEffect + 0.05 * rng.nextGaussian()));
            }
        }
        Fits.Fit f = Fits.fit(pts, 500, 1);
        assertEquals(-1.1, f.line().slope(), 0.05);
        assertTrue(f.lo() < -1.1 && -1.1 < f.hi(), f.toString());
        assertTrue(f.hi() - f.lo() < 0.2, f.toString());
        assertTrue(f.line().r2() > 0.98);
        assertEquals(f, Fits.fit(pts, 500, 1)); // deterministic
    }

    @Test
    void analysisRecoversExponentsAndTheFirstPassageLawFromASyntheticTable(@TempDir Path tmp) throws Exception {
        // delay = log(V_mem/V★)/(2κηλ) exactly, κ = 0.2, V★ = 100, V_mem = 400 — a synthetic sweep table
        SweepSpec spec = SweepSpec.parse("""
                {"base": {"p": 7, "width": 8}, "seeds": [0, 1, 2],
                 "grids": [{"vary": {"eta": [5e-4, 1e-3, 2e-3]}}, {"vary": {"lambda": [0.25, 0.5, 1]}},
                           {"set": {"optimizer": "sgd"}}]}
                """, "syn");
        List<Map<String, String>> rows = new ArrayList<>();
        for (SweepSpec.Job j : spec.jobs) {
            RunResult r = new RunResult();
            RunConfig c = j.config();
            double kappa = 0.2;
            if (c.optimizer.equals("adamw")) {
                r.tMem = 100;
                r.tGrok = 100 + (int) Math.round(Math.log(4.0) / (2 * kappa * c.eta * c.lambda));
                r.vAtMem = 400;
                r.decayRate = -2 * kappa * c.eta * c.lambda;
            }
            r.evals.add(new double[] {0, 0, 0, 0, 1, 0});
            rows.add(new LinkedHashMap<>(ResultsTable.row(spec, j, r)));
        }
        Analysis.Result a = Analysis.analyze(rows, spec.base, tmp, null);
        assertEquals(-1.0, a.fits().get("delay_vs_eta").line().slope(), 1e-3);
        assertEquals(-1.0, a.fits().get("delay_vs_lambda").line().slope(), 1e-3);
        assertEquals(0.2, a.kappa(), 1e-12);
        assertEquals(100.0, a.vStar(), 0.2);
        assertTrue(a.mape() < 1e-3, "mape " + a.mape());
        assertTrue(a.report().contains("plain SGD (coupled decay) at equal η, λ: 0 of 3 runs grokked"), a.report());
        assertTrue(Files.isRegularFile(tmp.resolve("delay_vs_eta.png")));
        assertTrue(Files.isRegularFile(tmp.resolve("fits.csv")));
    }
}
