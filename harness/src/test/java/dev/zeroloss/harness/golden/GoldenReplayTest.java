package dev.zeroloss.harness.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.experiments.Experiments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays every committed CI-scale golden (../golden/ci) and requires identical bits. */
class GoldenReplayTest {
    static Stream<String> experiments() {
        return Experiments.all().stream().map(Experiment::name);
    }

    @ParameterizedTest
    @MethodSource("experiments")
    void ciGoldenMatchesBitForBit(String name, @TempDir Path tmp) throws Exception {
        Path root = Path.of("..", "golden");
        assertTrue(Files.isDirectory(root.resolve("ci")), "no golden/ci folder next to the harness module");
        Verifier.Result r = new Verifier(root, 2, tmp).verify(Experiments.byName(name), "ci");
        assertTrue(r.ok(), String.join("\n", r.lines()));
    }
}
