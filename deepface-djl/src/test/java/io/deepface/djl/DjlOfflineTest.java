package io.deepface.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.testing.TestData;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL never reaches the network, even where nobody configured it: the backend itself sets DJL's offline
 * property and tracking opt-out before any DJL class loads, in {@code checkAvailable} (creating the backend does
 * nothing) (Surefire sets them for the other tests; this one
 * runs a JVM without them).
 */
class DjlOfflineTest {

  @Test
  void theBackendTurnsDjlOfflineBeforeDjlLoads(@TempDir Path cache) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--add-opens=java.base/java.lang=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"),
        DjlOfflineChild.class.getName(), TestData.modelsDir().toString(), cache.toString(),
        TestData.astronaut().toString()).redirectErrorStream(true);
    pb.environment().remove("OPT_OUT_TRACKING");
    pb.environment().remove("DJL_OFFLINE");
    Process child = pb.start();
    String out = new String(child.getInputStream().readAllBytes());
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(out).isZero();
    assertThat(out).contains("BEFORE offline=null tracking=null env=nullnull");
    assertThat(out).contains("CREATED offline=null tracking=null engineClassLoaded=false");
    assertThat(out).contains("AFTER offline=true tracking=true");
    assertThat(out).contains("FACES yunet=1 mediapipe=1 via djl");
    assertThat(out).as(out).contains("REQUESTS []");
  }

  @Test
  void anExplicitSettingIsKept() {
    // Surefire sets ai.djl.offline=true for this JVM; ensure() leaves it alone and keeps tracking off.
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    DjlOffline.ensure();
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
  }
}
