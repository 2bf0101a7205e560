package dev.zeroloss.harness.core;

import dev.zeroloss.harness.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a run needs to continue after being killed: the rows of every table, the golden checkpoints,
 * claims and summary so far, the per-run carried results, which runs are complete, and the state tensors
 * of the run in progress at its last snapshot step. Values keep their exact bits and Java types.
 * Written to a temporary file and renamed, so the file on disk is always the last COMPLETE snapshot.
 */
final class Snapshot {
    static final String FILE = "snapshot.bin";
    private static final int MAGIC = 0x5A4C534E; // "ZLSN"

    String currentRun;
    long currentStep;
    Map<String, double[]> currentState = new LinkedHashMap<>();
    Set<String> completedRuns = new LinkedHashSet<>();
    Map<String, double[]> carries = new LinkedHashMap<>();
    Map<String, List<String>> tableColumns = new LinkedHashMap<>();
    Map<String, List<Object[]>> tableRows = new LinkedHashMap<>();
    List<Checkpoint> checkpoints = new ArrayList<>();
    List<Claim> claims = new ArrayList<>();
    Map<String, Object> summary = new LinkedHashMap<>();

    void write(Path dir) throws IOException {
        Path tmp = Files.createTempFile(dir, ".snapshot", ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeUTF(currentRun == null ? "" : currentRun);
                out.writeLong(currentStep);
                writeTensors(out, currentState);
                out.writeInt(completedRuns.size());
                for (String r : completedRuns) {
                    out.writeUTF(r);
                }
                writeTensors(out, carries);
                out.writeInt(tableColumns.size());
                for (Map.Entry<String, List<String>> t : tableColumns.entrySet()) {
                    out.writeUTF(t.getKey());
                    out.writeInt(t.getValue().size());
                    for (String c : t.getValue()) {
                        out.writeUTF(c);
                    }
                    List<Object[]> rows = tableRows.get(t.getKey());
                    out.writeInt(rows.size());
                    for (Object[] row : rows) {
                        for (Object v : row) {
                            writeValue(out, v);
                        }
                    }
                }
                out.writeInt(checkpoints.size());
                for (Checkpoint c : checkpoints) {
                    out.writeUTF(c.run());
                    out.writeLong(c.step());
                    writeTensors(out, c.tensors());
                    out.writeInt(c.metrics().size());
                    for (Map.Entry<String, Double> m : c.metrics().entrySet()) {
                        out.writeUTF(m.getKey());
                        out.writeLong(Double.doubleToRawLongBits(m.getValue()));
                    }
                }
                out.writeInt(claims.size());
                for (Claim c : claims) {
                    out.writeUTF(c.figure());
                    out.writeUTF(c.claim());
                    out.writeUTF(c.measured());
                    out.writeUTF(c.tolerance());
                    out.writeBoolean(c.pass());
                }
                out.writeInt(summary.size());
                for (Map.Entry<String, Object> s : summary.entrySet()) {
                    out.writeUTF(s.getKey());
                    writeValue(out, s.getValue());
                }
                out.writeInt(MAGIC); // end marker: a truncated file is rejected
            }
            AtomicFiles.move(tmp, dir.resolve(FILE));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Snapshot read(Path file) throws IOException {
        Snapshot s = new Snapshot();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a zeroloss snapshot");
            }
            String run = in.readUTF();
            s.currentRun = run.isEmpty() ? null : run;
            s.currentStep = in.readLong();
            s.currentState = readTensors(in);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                s.completedRuns.add(in.readUTF());
            }
            s.carries = readTensors(in);
            int tables = in.readInt();
            for (int t = 0; t < tables; t++) {
                String name = in.readUTF();
                int nc = in.readInt();
                List<String> cols = new ArrayList<>();
                for (int c = 0; c < nc; c++) {
                    cols.add(in.readUTF());
                }
                int nr = in.readInt();
                List<Object[]> rows = new ArrayList<>();
                for (int r = 0; r < nr; r++) {
                    Object[] row = new Object[nc];
                    for (int c = 0; c < nc; c++) {
                        row[c] = readValue(in);
                    }
                    rows.add(row);
                }
                s.tableColumns.put(name, cols);
                s.tableRows.put(name, rows);
            }
            int ncp = in.readInt();
            for (int i = 0; i < ncp; i++) {
                String r = in.readUTF();
                long step = in.readLong();
                Map<String, double[]> ts = readTensors(in);
                int nm = in.readInt();
                Map<String, Double> met = new LinkedHashMap<>();
                for (int m = 0; m < nm; m++) {
                    met.put(in.readUTF(), Double.longBitsToDouble(in.readLong()));
                }
                s.checkpoints.add(new Checkpoint(r, step, ts, met));
            }
            int ncl = in.readInt();
            for (int i = 0; i < ncl; i++) {
                s.claims.add(new Claim(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean()));
            }
            int ns = in.readInt();
            for (int i = 0; i < ns; i++) {
                s.summary.put(in.readUTF(), readValue(in));
            }
            if (in.readInt() != MAGIC) {
                throw new IOException("snapshot end marker missing");
            }
        }
        return s;
    }

    private static void writeTensors(DataOutputStream out, Map<String, double[]> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, double[]> e : m.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (double v : e.getValue()) {
                out.writeLong(Double.doubleToRawLongBits(v));
            }
        }
    }

    private static Map<String, double[]> readTensors(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String k = in.readUTF();
            double[] v = new double[in.readInt()];
            for (int j = 0; j < v.length; j++) {
                v[j] = Double.longBitsToDouble(in.readLong());
            }
            m.put(k, v);
        }
        return m;
    }

    private static void writeValue(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte('n');
        } else if (v instanceof Double) {
            out.writeByte('d');
            out.writeLong(Double.doubleToRawLongBits((Double) v));
        } else if (v instanceof Integer) {
            out.writeByte('i');
            out.writeInt((Integer) v);
        } else if (v instanceof Long) {
            out.writeByte('l');
            out.writeLong((Long) v);
        } else if (v instanceof Boolean) {
            out.writeByte('b');
            out.writeBoolean((Boolean) v);
        } else if (v instanceof String) {
            out.writeByte('s');
            out.writeUTF((String) v);
        } else {
            out.writeByte('j'); // lists, maps, records: kept as their JSON tree
            byte[] b = dev.zeroloss.harness.io.Json.GSON.toJson(v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case 'n': return null;
            case 'd': return Double.longBitsToDouble(in.readLong());
            case 'i': return in.readInt();
            case 'l': return in.readLong();
            case 'b': return in.readBoolean();
            case 's': return in.readUTF();
            case 'j': {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                return com.google.gson.JsonParser.parseString(new String(b, java.nio.charset.StandardCharsets.UTF_8));
            }
            default: throw new IOException("bad value tag " + tag);
        }
    }
}
