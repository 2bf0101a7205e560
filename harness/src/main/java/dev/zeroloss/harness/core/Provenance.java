package dev.zeroloss.harness.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** How a result was made: code version, JDK, CPU vector width, threads. Recorded in every config.json. */
public final class Provenance {
    private Provenance() {
    }

    /** The code version: set by ./repro from git (-Dzeroloss.version), else the jar's, else "unknown". */
    public static String codeVersion() {
        String v = System.getProperty("zeroloss.version");
        if (v != null && !v.isBlank()) {
            return v;
        }
        Package p = Provenance.class.getPackage();
        if (p != null && p.getImplementationVersion() != null) {
            return p.getImplementationVersion();
        }
        return "unknown";
    }

    public static Map<String, Object> describe(int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code_version", codeVersion());
        m.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("os_arch", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("preferred_vector_bits", jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize());
        m.put("threads", threads);
        m.put("determinism", "results are independent of threads, JDK (17/25) and vector width");
        return m;
    }
}
