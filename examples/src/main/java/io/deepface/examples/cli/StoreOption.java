package io.deepface.examples.cli;

import io.deepface.FaceEngine;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.FindException;
import io.deepface.find.VectorStores;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Which face database store the {@code register} and {@code search} commands use: {@code --store} and
 * {@code --store-url} (or {@code DEEPFACE_STORE} and {@code DEEPFACE_STORE_URL}), plus {@code --store-option}s. The
 * URL is never printed: store errors name it without credentials, and passwords come from the environment
 * ({@code PGPASSWORD}, {@code DEEPFACE_STORE_PASSWORD}) or a credentials file.
 */
final class StoreOption {
  @Option(names = "--store", paramLabel = "NAME", defaultValue = "${env:DEEPFACE_STORE}",
      description = "the face database store: postgres or solr (or DEEPFACE_STORE)")
  String store;

  @Option(names = "--store-url", paramLabel = "URL", defaultValue = "${env:DEEPFACE_STORE_URL}",
      description = "postgres: a JDBC URL (jdbc:postgresql://host:5432/db?user=deepface); solr: a Solr base URL "
          + "(http://host:8983/solr) or a ZooKeeper address (zk:host:2181); or DEEPFACE_STORE_URL. Passwords come from "
          + "PGPASSWORD / DEEPFACE_STORE_PASSWORD, never from the command line")
  String url;

  @Option(names = "--store-option", paramLabel = "KEY=VALUE",
      description = "a store property, repeatable: table=NAME (postgres), collection=NAME (solr), "
          + "search=approximate (solr), credentials=FILE")
  Map<String, String> properties = new LinkedHashMap<>();

  FaceDatabase open(CommandLine cmd, FaceEngine engine, FaceDatabaseOptions options) {
    if (store == null || store.isBlank()) {
      throw new CommandLine.ParameterException(cmd, "--store is required (postgres or solr), or set DEEPFACE_STORE");
    }
    try {
      VectorStores.provider(store.strip());
    } catch (FindException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage(), e);
    }
    boolean inProcess = store.strip().equals(VectorStores.EXACT) || store.strip().equals(VectorStores.HNSW);
    if ((url == null || url.isBlank()) && !inProcess) {
      throw new CommandLine.ParameterException(cmd, "--store-url is required for the " + store.strip()
          + " store, or set DEEPFACE_STORE_URL");
    }
    Map<String, String> props = new LinkedHashMap<>(properties);
    if (url != null && !url.isBlank()) {
      props.put("url", url.strip());
    }
    return FaceDatabase.open(engine, store.strip(), props, options);
  }
}
