package io.deepface.spark;

import io.deepface.FaceEngine;
import io.deepface.model.ModelRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FaceEngine}s of this JVM (an executor, or the driver): one per model path and thread count, created
 * lazily by the first task that needs it and shared by every task the executor runs, at once or later. Models load
 * once per executor, not once per task or partition.
 *
 * <p>Thread-safe: {@link #get} may be called by any number of tasks at once; the engine itself is thread-safe.
 * Engines live as long as the JVM (an executor's native model memory is freed when it exits); {@link #closeAll} is
 * for a driver or test that wants the memory back.
 */
public final class ExecutorEngines {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorEngines.class);
  private static final Map<Key, FaceEngine> ENGINES = new ConcurrentHashMap<>();

  private ExecutorEngines() {}

  private record Key(List<String> modelPath, int threads) {}

  /**
   * This JVM's engine for {@code options}: models from their model path (or the environment's), inference threads as
   * they say or, when they leave it to the task, the calling task's CPUs (1 outside a task).
   */
  public static FaceEngine get(SparkFaceOptions options) {
    int threads = options.threads() > 0 ? options.threads() : taskCpus();
    return ENGINES.computeIfAbsent(new Key(options.modelPath(), threads), k -> {
      ModelRepository.Builder models = ModelRepository.builder();
      if (!k.modelPath().isEmpty()) {
        models.modelPath(options.modelFolders());
      }
      LOG.info("Creating this JVM's face engine: {} inference thread(s), models from {}", k.threads(),
          k.modelPath().isEmpty() ? "the environment" : k.modelPath());
      return FaceEngine.builder().models(models.build()).intraOpThreads(k.threads()).build();
    });
  }

  /** CPUs of the running task ({@code spark.task.cpus}); 1 on the driver. */
  static int taskCpus() {
    TaskContext task = TaskContext.get();
    return task == null ? 1 : Math.max(1, task.cpus());
  }

  /** Closes every engine of this JVM; none may be in use. The next {@link #get} creates a new one. */
  public static void closeAll() {
    for (Key k : List.copyOf(ENGINES.keySet())) {
      FaceEngine e = ENGINES.remove(k);
      if (e != null) {
        e.close();
      }
    }
  }
}
