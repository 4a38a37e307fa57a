package io.deepface.model;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Run in a second JVM by {@link ModelRepositoryTest}: resolves one model into a shared cache folder. */
public final class ModelRepositoryChild {
  private ModelRepositoryChild() {}

  public static void main(String[] args) {
    // args: cacheDir, url, fileName, sha256, size
    ModelInfo model = new ModelInfo("test/" + args[2], args[2], args[3], Long.parseLong(args[4]), "test",
        List.of(new ModelSource.Url(URI.create(args[1]))), null);
    ModelRepository repo = ModelRepository.builder().catalog(ModelCatalog.of(List.of(model)))
        .cacheDir(Path.of(args[0])).modelPath(List.of()).offline(false).readTimeout(Duration.ofSeconds(20)).build();
    System.out.println("RESOLVED " + repo.resolve(model.id()));
  }
}
