package io.deepface.benchmarks.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeedReportTest {
  private static Timing timing(String name, Map<String, String> params, double min, double median) {
    return new Timing(name, params, 1, 100, median, 1, min, median, median * 1.2, median * 2, "ms/op");
  }

  private static final Map<String, List<String>> CALLS = Map.of(
      "verify", List.of("retina [1, 3, 256, 256]", "feature [1, 3, 112, 112]", "retina [1, 3, 256, 256]",
          "feature [1, 3, 112, 112]"),
      "analyze", List.of("retina [1, 3, 256, 256]", "age [1, 3, 64, 64]"));

  @Test
  void sumsTheBareTimeOfEveryCall() {
    Map<String, Timing> bare = new LinkedHashMap<>();
    bare.put("retina [1, 3, 256, 256]", timing("BareModelBenchmark.run", Map.of(), 3, 4));
    bare.put("feature [1, 3, 112, 112]", timing("BareModelBenchmark.run", Map.of(), 10, 12));
    assertThat(SpeedReport.sumOfBare(CALLS.get("verify"), bare, Timing::median)).isCloseTo(32, within(1e-9));
    assertThat(SpeedReport.sumOfBare(CALLS.get("verify"), bare, Timing::min)).isCloseTo(26, within(1e-9));
    assertThat(SpeedReport.sumOfBare(CALLS.get("analyze"), bare, Timing::median)).isNaN();
  }

  @Test
  void namesTheCallABareBenchmarkMeasures() {
    assertThat(SpeedReport.bareLabel("verify:feature", CALLS)).contains("feature [1, 3, 112, 112]");
    assertThat(SpeedReport.bareLabel("analyze:feature", CALLS)).isEmpty();
    assertThat(SpeedReport.summarise(CALLS.get("verify"))).isEqualTo("2x retina [1, 3, 256, 256], 2x feature [1, 3, 112, 112]");
  }

  @Test
  void reportsTheOverheadRatioOfPipelineToBareModels() {
    List<Timing> timings = List.of(
        timing("PipelineBenchmark.verify", Map.of(), 30, 40),
        timing("PipelineBenchmark.verifyModelsOnly", Map.of(), 25, 32),
        timing("BareModelBenchmark.run", Map.of("call", "verify:retina"), 3, 4),
        timing("BareModelBenchmark.run", Map.of("call", "verify:feature"), 10, 12),
        new Timing("ThroughputBenchmark.represent", Map.of(), 1, 3, 20, 1, 19, 20, 21, 21, "ops/s"),
        new Timing("ThroughputBenchmark.represent", Map.of(), 2, 3, 30, 1, 29, 30, 31, 31, "ops/s"));
    List<OverheadCheck.Result> interleaved = List.of(new OverheadCheck.Result("verify", 10, 30, 40, 27, 33, 1.1));
    String md = SpeedReport.markdown(timings, CALLS, interleaved);
    // 40 / 32 paired, 40 / (2 * 4 + 2 * 12) = 1.25 against the sum.
    assertThat(md).contains("| verify | 2x retina [1, 3, 256, 256], 2x feature [1, 3, 112, 112] | 40.00 (30.00) | 32.00 (25.00) "
        + "| 1.25 (1.20) | 32.00 (26.00) | 1.25 (1.15) |");
    assertThat(md).contains("| verify | 10 | 40.00 (30.00) | 33.00 (27.00) | 1.10 | 1.11 | met |");
    assertThat(md).contains("| 2 | 30.0 ± 1.0 | 29.0 | 31.0 | 1.50x |");
  }

  @Test
  void benchmarkClassesItDoesNotKnowGetTheirOwnSection() {
    String md = SpeedReport.markdown(List.of(timing("SearchBenchmark.find", Map.of("gallery", "1000"), 1, 2)), Map.of(),
        List.of());
    assertThat(md).contains("### SearchBenchmark\n\n| gallery | samples |").contains("| 1000 | 100 | 2.00 ± 1.00 | 1.00 | 2.00 |");
  }

  @Test
  void scenarioOfAPipelineTiming() {
    assertThat(SpeedReport.scenarioOf(timing("DetectBenchmark.detect", Map.of("detector", "retinaface", "size",
        "640x480"), 1, 1))).contains("detect-retinaface-640x480");
    assertThat(SpeedReport.scenarioOf(timing("DetectBenchmark.detect", Map.of("detector", "yunet", "size", "640x480"), 1,
        1))).isEmpty();
    assertThat(SpeedReport.scenarioOf(timing("EmbedBenchmark.embed", Map.of("model", "fusion", "batch", "8"), 1, 1)))
        .contains("embed-fusion-8");
  }
}
