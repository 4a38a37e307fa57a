package io.deepface.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.testing.LogCapture;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendRegistryTest {
  @TempDir
  Path classpathDir;
  private ClassLoader loader;

  /** A class loader whose only extra entry is a services file naming the test backends, as a jar would. */
  @BeforeEach
  void servicesFile() throws IOException {
    Path services = Files.createDirectories(classpathDir.resolve("META-INF/services"));
    Files.writeString(services.resolve(DeepFaceBackend.class.getName()), String.join("\n",
        "# test backends",
        RegistryTestBackends.Beta.class.getName(),
        RegistryTestBackends.NativeMissing.class.getName(),
        RegistryTestBackends.ConstructorFails.class.getName(),
        RegistryTestBackends.Alpha.class.getName()));
    loader = new URLClassLoader(new URL[] {classpathDir.toUri().toURL()}, getClass().getClassLoader());
  }

  private BackendRegistry registry() {
    return load().withPreference(List.of());
  }

  /** The registry of {@link #loader}, asserting the two warnings its broken backends give (kept off the console). */
  private BackendRegistry load() {
    try (LogCapture log = LogCapture.start()) {
      BackendRegistry r = BackendRegistry.load(loader);
      assertThat(log.warnings()).hasSize(2)
          .anySatisfy(w -> assertThat(w).contains("Skipping a DeepFace backend that cannot be instantiated")
              .contains("ConstructorFails"))
          .anySatisfy(w -> assertThat(w).contains("Skipping DeepFace backend").contains("nativeface"));
      return r;
    }
  }

  @Test
  void discoversBackendsAndSkipsBrokenOnesWithoutFailing() {
    BackendRegistry r = registry();
    // builtin (the skip detector) is always there, last by rank.
    assertThat(r.backends()).extracting(DeepFaceBackend::name).containsExactly("alpha", "beta", "builtin");
    assertThat(r.skipped()).containsKey("native");
    assertThat(r.skipped().get("native")).contains("UnsatisfiedLinkError").contains("nativeface");
    assertThat(r.skipped().values()).anyMatch(v -> v.contains("ConstructorFails"));
  }

  @Test
  void lowestRankWins() {
    assertThat(registry().select(ComponentKind.DETECTOR, "shared").name()).isEqualTo("alpha");
    assertThat(registry().select(ComponentKind.ATTRIBUTE, "beta-age").name()).isEqualTo("beta");
  }

  @Test
  void preferenceChoosesTheBackend() {
    BackendRegistry r = registry().withPreference(List.of("beta"));
    assertThat(r.select(ComponentKind.DETECTOR, "shared").name()).isEqualTo("beta");
    assertThatThrownBy(() -> r.select(ComponentKind.DETECTOR, "alpha-only"))
        .isInstanceOf(ComponentNotFoundException.class)
        .hasMessageContaining("detector 'alpha-only' is not offered by the backends [beta]")
        .hasMessageContaining("offered by [alpha]");
    BackendRegistry both = registry().withPreference(List.of("beta", "alpha"));
    assertThat(both.select(ComponentKind.DETECTOR, "shared").name()).isEqualTo("beta");
    assertThat(both.select(ComponentKind.DETECTOR, "alpha-only").name()).isEqualTo("alpha");
  }

  @Test
  void preferenceNamingAnAbsentOrBrokenBackendFailsLoudly() {
    assertThatThrownBy(() -> registry().withPreference(List.of("gamma")).select(ComponentKind.DETECTOR, "shared"))
        .isInstanceOf(BackendNotFoundException.class)
        .hasMessageContaining("'gamma'").hasMessageContaining("[alpha, beta, builtin]");
    assertThatThrownBy(() -> registry().withPreference(List.of("native")).select(ComponentKind.DETECTOR, "shared"))
        .isInstanceOf(BackendNotFoundException.class).hasMessageContaining("failed to load");
  }

  @Test
  void preferenceComesFromTheSystemProperty() {
    System.setProperty("deepface.backend", " beta , alpha ");
    try {
      BackendRegistry r = load();
      assertThat(r.preference()).containsExactly("beta", "alpha");
      assertThat(r.select(ComponentKind.DETECTOR, "shared").name()).isEqualTo("beta");
    } finally {
      System.clearProperty("deepface.backend");
    }
  }

  @Test
  void unknownComponentListsWhatIsAvailable() {
    assertThatThrownBy(() -> registry().select(ComponentKind.DETECTOR, "retinaface"))
        .isInstanceOf(ComponentNotFoundException.class)
        .hasMessageContaining("No detector named 'retinaface'")
        .hasMessageContaining("shared (alpha)").hasMessageContaining("shared (beta)")
        .hasMessageContaining("alpha-only (alpha)")
        .hasMessageContaining("Backends skipped");
  }

  @Test
  void listingShowsShadowedComponentsAndWhichIsSelected() {
    BackendRegistry r = registry();
    List<ComponentInfo> shared = r.components().stream().filter(c -> c.name().equals("shared")).toList();
    assertThat(shared).extracting(ComponentInfo::backend).containsExactly("alpha", "beta");
    assertThat(shared).filteredOn(r::isSelected).extracting(ComponentInfo::backend).containsExactly("alpha");
  }

  @Test
  void emptyClasspathExplainsWhichJarToAdd() {
    BackendRegistry none = BackendRegistry.of(List.of());
    assertThatThrownBy(() -> none.select(ComponentKind.EMBEDDER, "faceplugin-512"))
        .isInstanceOf(ComponentNotFoundException.class).hasMessageContaining("add deepface-onnx");
  }
}
