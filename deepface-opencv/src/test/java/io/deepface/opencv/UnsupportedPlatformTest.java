package io.deepface.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where the OpenCV jars have no natives, the backend fails its availability check and the registry skips it
 * with the reason, instead of breaking the application. Simulated in a second JVM by telling JavaCPP that it
 * runs on Windows ({@code org.bytedeco.javacpp.platform}), for which no natives are on this classpath.
 */
class UnsupportedPlatformTest {
  @Test
  void theRegistrySkipsTheBackendWithTheReasonAndForcingItFailsClearly() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        "-Dorg.bytedeco.javacpp.platform=windows-x86_64", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        UnsupportedPlatformChild.class.getName())).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes());
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(out).isZero();
    assertThat(out).contains("BACKENDS [builtin]");
    assertThat(out).contains("SKIPPED {opencv=").contains("windows-x86_64").contains("UnsatisfiedLinkError");
    assertThat(out).contains("FORCED BackendNotFoundException").contains("'opencv'").contains("failed to load");
    // The registry warns once, naming the backend and why.
    assertThat(out).contains("Skipping DeepFace backend io.deepface.opencv.OpenCvBackend");
  }
}
