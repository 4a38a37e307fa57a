package io.deepface.store.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A SolrCloud for measurements (not a test): {@code N} nodes of {@code solr-test-framework}'s
 * {@link MiniSolrCloudCluster} on loopback ports, with their ZooKeeper, until standard input closes or the file
 * {@code DIR/stop} appears. Writes the nodes' base URLs, comma-separated, to {@code DIR/urls}. Used by
 * {@code deepface-benchmarks/face-stores.sh}:
 *
 * <pre>
 * mvn -q -pl examples/stores/solr exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.deepface.store.solr.SolrCloudLauncher -Dexec.args="2 /tmp/solr"
 * </pre>
 */
public final class SolrCloudLauncher {
  private SolrCloudLauncher() {}

  public static void main(String[] args) throws Exception {
    int nodes = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("stop"));
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodes, dir.resolve("cluster")).build();
    String urls = cluster.getJettySolrRunners().stream().map(JettySolrRunner::getBaseUrl).map(Object::toString)
        .collect(Collectors.joining(","));
    Files.writeString(dir.resolve("urls"), urls);
    System.out.println("SolrCloud up: " + urls);
    while (!Files.exists(dir.resolve("stop"))) {
      Thread.sleep(500);
    }
    cluster.shutdown();
    System.out.println("SolrCloud stopped");
  }
}
