package io.deepface.benchmarks.speed;

import ai.onnxruntime.OnnxTensor;
import io.deepface.FaceEngine;
import io.deepface.spi.BackendRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The model calls of one {@link Scenarios scenario}, captured from a real run and ready to be replayed on
 * bare sessions with prepared input tensors: the time a pipeline could take if everything but
 * {@code session.run} were free.
 */
final class ModelCalls implements AutoCloseable {
  private final FaceEngine engine;
  private final List<CapturingBackend.Call> calls;
  private final List<Map<String, OnnxTensor>> feeds = new ArrayList<>();

  private ModelCalls(FaceEngine engine, List<CapturingBackend.Call> calls) {
    this.engine = engine;
    this.calls = calls;
    for (CapturingBackend.Call c : calls) {
      feeds.add(BareOrt.prepare(c.inputs()));
    }
  }

  /** Runs {@code scenario} twice (the first run loads the models) and keeps the second run's calls. */
  static ModelCalls capture(String scenario) {
    CapturingBackend backend = new CapturingBackend();
    FaceEngine engine = FaceEngine.builder().registry(BackendRegistry.of(List.of(backend))).models(Inputs.models()).build();
    Function<FaceEngine, Object> run = Scenarios.all(new Scenarios.Data()).get(scenario);
    if (run == null) {
      throw new IllegalArgumentException("unknown scenario " + scenario + "; known: "
          + Scenarios.all(new Scenarios.Data()).keySet());
    }
    run.apply(engine);
    backend.startRecording();
    run.apply(engine);
    return new ModelCalls(engine, backend.stopRecording());
  }

  /** {@code scenario:model}: the first call of that model (file name without .onnx) in the scenario, alone. */
  static ModelCalls captureOne(String scenarioAndModel) {
    int colon = scenarioAndModel.lastIndexOf(':');
    String model = scenarioAndModel.substring(colon + 1);
    ModelCalls all = capture(scenarioAndModel.substring(0, colon));
    CapturingBackend.Call first = all.calls.stream().filter(c -> c.label().startsWith(model + " ")).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no call of " + model + " in " + all.labels()));
    return new ModelCalls(all.engine, List.of(first));
  }

  /** The call labels ({@link CapturingBackend.Call#label()}) of each scenario, in call order. */
  static Map<String, List<String>> labels(List<String> scenarios) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (String s : scenarios) {
      try (ModelCalls c = capture(s)) {
        out.put(s, c.labels());
      }
    }
    return out;
  }

  List<CapturingBackend.Call> calls() {
    return calls;
  }

  List<String> labels() {
    return calls.stream().map(CapturingBackend.Call::label).toList();
  }

  /** Replays every call; returns the number of outputs, for the benchmark to consume. */
  int runAll() {
    int n = 0;
    for (int i = 0; i < calls.size(); i++) {
      n += BareOrt.run(calls.get(i).session(), feeds.get(i));
    }
    return n;
  }

  @Override
  public void close() {
    feeds.forEach(BareOrt::close);
    engine.close();
  }
}
