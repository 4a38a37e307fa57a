package io.deepface.store.solr;

import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceRecord;
import io.deepface.find.FaceRecordCodec;
import io.deepface.find.FaceRecordStore;
import io.deepface.find.FindException;
import io.deepface.find.Neighbor;
import io.deepface.find.StoreMismatchException;
import io.deepface.find.VectorStoreConfig;
import io.deepface.verify.DistanceMetric;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.client.solrj.impl.SolrClientBuilder;
import org.apache.solr.client.solrj.impl.ZkClientClusterStateProvider;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.ConfigSetAdminResponse;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.common.util.URLUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code solr} face store: every registered face is a document of a SolrCloud collection, with the embedding in
 * a dense vector field (Lucene HNSW; dot product on unit vectors for the cosine, euclidean_l2 and angular metrics,
 * euclidean on raw ones), so that every process that opens the collection sees the same faces, sharded and
 * replicated as the collection is.
 *
 * <p>The collection is created if missing, with a config set this store uploads ({@code deepface_faces_<dim>_<sim>}:
 * the schema below, an update log) and {@code shards} x {@code replicas}. Fields: {@code id}
 * ({@code <imageHash>#<faceIndex>}), {@code kind} ({@code face}, or {@code meta} for the two documents that hold the
 * dimension and metric, and the settings key), {@code name}, {@code image_hash}, {@code face_index},
 * {@code facial_area}, {@code face_confidence}, {@code metadata} (JSON text) and {@code vector}.
 *
 * <p>Search: {@code exact} (the default) ranks every face on the server by a {@code vectorSimilarity} function query;
 * {@code approximate} asks the HNSW graphs for {@code overfetch} times k candidates ({@code knn} query, at least 100)
 * and re-ranks them by exact distance. Either way the distances are computed here, exactly, from the stored vectors.
 * Each write (one image: its faces added, then the image's other faces deleted, in one update request; a name; a face)
 * ends with a soft commit, so that the next search on any server sees it; Solr has no transactions across documents,
 * but ids are deterministic, so a rerun repairs an image a crash cut short.
 *
 * <p>Properties: {@code url} (required: one or more Solr base URLs, comma-separated, such as
 * {@code http://solr1:8983/solr,http://solr2:8983/solr}, tried in turn when one does not answer; or a ZooKeeper
 * address {@code zk:host:2181[/chroot]}, whose live nodes are used), {@code collection} (default
 * {@code deepface_faces}), {@code shards} and {@code replicas} (for a new collection; default 1), {@code search}
 * ({@code exact} or {@code approximate}), {@code overfetch} (default 10), {@code user} with the password in
 * {@code DEEPFACE_STORE_PASSWORD} or {@code SOLR_PASSWORD} (basic authentication; never logged), {@code timeout}
 * (seconds, default 30; connecting: 5). HTTP goes through the JDK's client ({@code HttpJdkSolrClient}): no Jetty
 * client on the classpath. Thread-safe.
 */
public final class SolrFaceStore implements FaceRecordStore {
  private static final Logger LOG = LoggerFactory.getLogger(SolrFaceStore.class);
  public static final String DEFAULT_COLLECTION = "deepface_faces";
  static final String META_ID = "__deepface_meta__";
  static final String SETTINGS_ID = "__deepface_settings__";
  private static final String FACE = "kind:face";
  private static final String FIELDS = "id,name,image_hash,face_index,facial_area,face_confidence,metadata";

  private final List<String> urls;
  private final List<SolrClient> clients;
  private final ExecutorService executor;
  private final AtomicInteger preferred = new AtomicInteger();
  private final String collection;
  private final int dimension;
  private final DistanceMetric metric;
  private final boolean approximate;
  private final int overfetch;

  private SolrFaceStore(List<String> urls, List<SolrClient> clients, ExecutorService executor, String collection,
      int dimension, DistanceMetric metric, boolean approximate, int overfetch) {
    this.urls = urls;
    this.clients = clients;
    this.executor = executor;
    this.collection = collection;
    this.dimension = dimension;
    this.metric = metric;
    this.approximate = approximate;
    this.overfetch = overfetch;
  }

  /**
   * Opens (creating if missing) the collection {@code config}'s properties name.
   *
   * @throws FindException no Solr node answers (the message names the store and its addresses)
   * @throws StoreMismatchException the collection holds vectors of another dimension, metric or settings key
   */
  public static SolrFaceStore open(VectorStoreConfig config) {
    Map<String, String> p = config.properties();
    String url = p.get("url");
    if (url == null || url.isBlank()) {
      throw new FindException("The solr store needs the URL of Solr (property url, or DEEPFACE_STORE_URL): base URLs "
          + "such as http://127.0.0.1:8983/solr (comma-separated for several nodes) or zk:127.0.0.1:2181");
    }
    String collection = p.getOrDefault("collection", DEFAULT_COLLECTION);
    if (!collection.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")) {
      throw new FindException("The solr store's collection name must be letters, digits, '.', '-' and '_', got '"
          + collection + "'");
    }
    String search = p.getOrDefault("search", "exact").strip().toLowerCase(Locale.ROOT);
    if (!search.equals("exact") && !search.equals("approximate")) {
      throw new FindException("The solr store's search must be exact or approximate, got '" + search + "'");
    }
    List<String> urls = baseUrls(url.strip());
    int timeout = config.intProperty("timeout", 30);
    String user = p.get("user");
    String password = Optional.ofNullable(System.getenv("DEEPFACE_STORE_PASSWORD")).orElse(System.getenv("SOLR_PASSWORD"));
    List<SolrClient> clients = new ArrayList<>();
    // Threads on demand: HttpJdkSolrClient writes each request body on an executor thread that the JDK client's
    // reading of that body also needs, so a fixed pool deadlocks once as many requests as threads are under way.
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "deepface-solr-store");
      t.setDaemon(true);
      return t;
    });
    for (String u : urls) {
      HttpJdkSolrClient.Builder b = new HttpJdkSolrClient.Builder(u).withExecutor(executor)
          .withConnectionTimeout(5, TimeUnit.SECONDS)
          .withRequestTimeout(timeout, TimeUnit.SECONDS).withDefaultCollection(collection)
          // HTTP/1.1: no HEAD probe before the first POST (which Solr logs as a failed request).
          .useHttp1_1(true);
      if (user != null && !user.isBlank()) {
        b.withBasicAuthCredentials(user, password == null ? "" : password);
      }
      clients.add(b.build());
    }
    SolrFaceStore store = new SolrFaceStore(urls, clients, executor, collection, config.dimension(), config.metric(),
        search.equals("approximate"), Math.max(1, config.intProperty("overfetch", 10)));
    try {
      store.createOrCheck(config.intProperty("shards", 1), config.intProperty("replicas", 1),
          p.get(FaceDatabase.KEY_PROPERTY));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** The base URLs of a {@code url} property: listed, or the live nodes of a ZooKeeper ensemble. */
  static List<String> baseUrls(String url) {
    if (url.startsWith("zk:")) {
      String zk = url.substring(3);
      try (ZkClientClusterStateProvider state = new ZkClientClusterStateProvider(zk)) {
        state.connect();
        List<String> out = state.getLiveNodes().stream().sorted().map(n -> URLUtil.getBaseUrlForNodeName(n, "http"))
            .toList();
        if (out.isEmpty()) {
          throw new FindException("The solr store's ZooKeeper at " + zk + " lists no live Solr node");
        }
        return out;
      } catch (IOException | RuntimeException e) {
        if (e instanceof FindException f) {
          throw f;
        }
        throw new FindException("Cannot reach the solr store's ZooKeeper at " + zk + ": " + e.getMessage(), e);
      }
    }
    List<String> out = new ArrayList<>();
    for (String u : url.split(",")) {
      String s = u.strip();
      if (s.isEmpty()) {
        continue;
      }
      if (!s.startsWith("http://") && !s.startsWith("https://")) {
        throw new FindException("The solr store's URL must be http(s) base URLs or zk:HOST:PORT, got "
            + FaceRecordCodec.redact(s));
      }
      out.add(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }
    return out;
  }

  /** The collection's name. */
  public String collection() {
    return collection;
  }

  /** The Solr base URLs, without credentials. */
  public String address() {
    return String.join(",", urls.stream().map(FaceRecordCodec::redact).toList());
  }

  private String describe() {
    return "The solr store at " + address() + " (collection " + collection + ")";
  }

  @FunctionalInterface
  private interface Call<T> {
    T run(SolrClient c) throws SolrServerException, IOException;
  }

  /**
   * Runs {@code call} on the preferred node, and on each other node in turn when a node cannot be reached (one pass,
   * no retry loop); a node that answered with an error is not asked again.
   */
  private <T> T call(Call<T> call) {
    int start = preferred.get();
    Exception last = null;
    for (int i = 0; i < clients.size(); i++) {
      int n = (start + i) % clients.size();
      try {
        T out = call.run(clients.get(n));
        if (n != start) {
          preferred.set(n);
        }
        return out;
      } catch (SolrServerException | IOException e) {
        if (!unreachable(e)) {
          throw new FindException(describe() + " failed: " + e.getMessage(), e);
        }
        last = e;
      } catch (SolrException e) {
        if (e.code() == 503 || e.code() == 404 && e.getMessage() != null && e.getMessage().contains("Not Found")) {
          last = e; // A node that is shutting down or lost the collection: ask another.
          continue;
        }
        throw new FindException(describe() + " failed: " + e.getMessage(), e);
      }
    }
    throw new FindException("Cannot reach the solr store at " + address() + " (collection " + collection + "): "
        + (last == null ? "no node" : rootMessage(last)), last);
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
          || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof java.net.http.HttpTimeoutException || t instanceof java.io.EOFException) {
        return true;
      }
      if (t instanceof IOException && t.getMessage() != null
          && (t.getMessage().contains("Connection refused") || t.getMessage().contains("connection")
              || t.getMessage().contains("closed"))) {
        return true;
      }
    }
    return e instanceof SolrServerException;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return t == e ? m : m + " (" + t + ")";
  }

  private void createOrCheck(int shards, int replicas, String askedKey) {
    List<String> existing = call(c -> CollectionAdminRequest.listCollections(c));
    if (!existing.contains(collection)) {
      String configSet = "deepface_faces_" + dimension + "_" + similarity();
      ConfigSetAdminResponse.List sets = call(c -> new ConfigSetAdminRequest.List().process(c));
      if (!sets.getConfigSets().contains(configSet)) {
        byte[] zip = configSetZip();
        call(c -> new ConfigSetAdminRequest.Upload().setConfigSetName(configSet)
            .setUploadStream(new ContentStreamBase.ByteArrayStream(zip, configSet + ".zip", "application/zip"))
            .process(c));
      }
      try {
        call(c -> CollectionAdminRequest.createCollection(collection, configSet, shards, replicas).process(c));
        LOG.info("Created the solr collection {} ({} shards x {} replicas) at {}", collection, shards, replicas,
            address());
      } catch (FindException e) {
        if (!call(c -> CollectionAdminRequest.listCollections(c)).contains(collection)) {
          throw e; // Not created by another process meanwhile.
        }
      }
    }
    waitUntilSearchable();
    SolrDocument meta = call(c -> c.getById(META_ID));
    if (meta == null) {
      SolrInputDocument d = new SolrInputDocument();
      d.addField("id", META_ID);
      d.addField("kind", "meta");
      d.addField("dimension", dimension);
      d.addField("metric", metric.deepFaceName());
      addIfAbsent(d);
      meta = call(c -> c.getById(META_ID));
    }
    SolrDocument settings = call(c -> c.getById(SETTINGS_ID));
    if (askedKey != null && settings != null && !askedKey.equals(settings.getFirstValue("settings"))) {
      throw new StoreMismatchException(describe(), String.valueOf(settings.getFirstValue("settings")), askedKey);
    }
    String stored = meta.getFirstValue("dimension") + "-d vectors for metric " + meta.getFirstValue("metric");
    String asked = dimension + "-d vectors for metric " + metric.deepFaceName();
    if (!stored.equals(asked)) {
      throw new StoreMismatchException(describe(), stored, asked);
    }
  }

  private void waitUntilSearchable() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        call(c -> c.query(new SolrQuery("*:*").setRows(0)));
        return;
      } catch (FindException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FindException(describe() + ": interrupted while waiting for the collection", e);
      }
    }
  }

  /** Adds {@code d} unless a document with its id exists (optimistic concurrency), then commits. */
  private void addIfAbsent(SolrInputDocument d) {
    d.addField("_version_", -1L);
    try {
      call(c -> {
        UpdateRequest u = new UpdateRequest();
        u.add(d);
        u.setAction(UpdateRequest.ACTION.COMMIT, false, true, true);
        return u.process(c);
      });
    } catch (FindException e) {
      if (!(e.getCause() instanceof SolrException s && s.code() == 409)) {
        throw e;
      }
    }
  }

  private String similarity() {
    return metric == DistanceMetric.EUCLIDEAN ? "euclidean" : "dot_product";
  }

  /** The config set: a classic schema with this store's fields, an update log, the implicit handlers. */
  private byte[] configSetZip() {
    String schema = """
        <?xml version="1.0" encoding="UTF-8"?>
        <schema name="deepface-faces" version="1.6">
          <uniqueKey>id</uniqueKey>
          <fieldType name="string" class="solr.StrField" sortMissingLast="true" docValues="true"/>
          <fieldType name="text_stored" class="solr.StrField" docValues="false"/>
          <fieldType name="plong" class="solr.LongPointField" docValues="true"/>
          <fieldType name="pint" class="solr.IntPointField" docValues="true"/>
          <fieldType name="pdouble" class="solr.DoublePointField" docValues="true"/>
          <fieldType name="face_vector" class="solr.DenseVectorField" vectorDimension="%d" similarityFunction="%s"
              knnAlgorithm="hnsw" hnswMaxConnections="16" hnswBeamWidth="100"/>
          <field name="id" type="string" indexed="true" stored="true" required="true"/>
          <field name="_version_" type="plong" indexed="false" stored="false"/>
          <field name="kind" type="string" indexed="true" stored="true"/>
          <field name="name" type="string" indexed="true" stored="true"/>
          <field name="image_hash" type="string" indexed="true" stored="true"/>
          <field name="face_index" type="pint" indexed="true" stored="true"/>
          <field name="facial_area" type="text_stored" indexed="false" stored="true"/>
          <field name="face_confidence" type="pdouble" indexed="false" stored="true"/>
          <field name="metadata" type="text_stored" indexed="false" stored="true"/>
          <field name="vector" type="face_vector" indexed="true" stored="true"/>
          <field name="dimension" type="pint" indexed="false" stored="true"/>
          <field name="metric" type="text_stored" indexed="false" stored="true"/>
          <field name="settings" type="text_stored" indexed="false" stored="true"/>
        </schema>
        """.formatted(dimension, similarity());
    String solrconfig = """
        <?xml version="1.0" encoding="UTF-8"?>
        <config>
          <luceneMatchVersion>9.12</luceneMatchVersion>
          <dataDir>${solr.data.dir:}</dataDir>
          <directoryFactory name="DirectoryFactory" class="${solr.directoryFactory:solr.NRTCachingDirectoryFactory}"/>
          <schemaFactory class="ClassicIndexSchemaFactory"/>
          <updateHandler class="solr.DirectUpdateHandler2">
            <updateLog>
              <str name="dir">${solr.ulog.dir:}</str>
            </updateLog>
            <autoCommit>
              <maxTime>15000</maxTime>
              <openSearcher>false</openSearcher>
            </autoCommit>
          </updateHandler>
          <query>
            <maxBooleanClauses>${solr.max.booleanClauses:1024}</maxBooleanClauses>
          </query>
          <requestHandler name="/select" class="solr.SearchHandler">
            <lst name="defaults">
              <str name="echoParams">none</str>
            </lst>
          </requestHandler>
        </config>
        """;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("schema.xml"));
      zip.write(schema.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("solrconfig.xml"));
      zip.write(solrconfig.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public String name() {
    return SolrStoreProvider.NAME;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public DistanceMetric metric() {
    return metric;
  }

  @Override
  public int size() {
    return (int) call(c -> c.query(new SolrQuery(FACE).setRows(0))).getResults().getNumFound();
  }

  @Override
  public void putImage(String imageHash, List<FaceRecord> faces) {
    if (!imageHash.matches("[0-9a-f]{1,128}")) {
      throw new IllegalArgumentException("an image hash is lower-case hex, got '" + imageHash + "'");
    }
    UpdateRequest u = new UpdateRequest();
    StringBuilder keep = new StringBuilder();
    for (FaceRecord f : faces) {
      if (!f.imageHash().equals(imageHash) || f.embedding() == null || f.embedding().length != dimension) {
        throw new IllegalArgumentException("face " + f.id() + " needs image " + imageHash + " and a " + dimension
            + "-d embedding");
      }
      u.add(document(f));
      keep.append(" -id:").append(ClientUtils.escapeQueryChars(f.id()));
    }
    // The image's faces that the new ones did not replace (a face fewer than before).
    u.deleteByQuery("+kind:face +image_hash:" + imageHash + keep);
    write(u);
  }

  private void write(UpdateRequest u) {
    u.setAction(UpdateRequest.ACTION.COMMIT, false, true, true);
    call(c -> u.process(c));
  }

  private static SolrInputDocument document(FaceRecord f) {
    SolrInputDocument d = new SolrInputDocument();
    d.addField("id", f.id());
    d.addField("kind", "face");
    d.addField("name", f.name());
    d.addField("image_hash", f.imageHash());
    d.addField("face_index", f.faceIndex());
    d.addField("facial_area", FaceRecordCodec.area(f.facialArea()));
    d.addField("face_confidence", f.faceConfidence());
    d.addField("metadata", FaceRecordCodec.metadata(f.metadata()));
    List<Float> v = new ArrayList<>(f.embedding().length);
    for (float x : f.embedding()) {
      v.add(x);
    }
    d.addField("vector", v);
    return d;
  }

  /** Stores many faces in one update request with one commit (bulk loading, benchmarks). */
  public void putAll(List<FaceRecord> faces) {
    UpdateRequest u = new UpdateRequest();
    faces.forEach(f -> u.add(document(f)));
    write(u);
  }

  private static FaceRecord record(SolrDocument d) {
    return new FaceRecord((String) d.getFirstValue("id"), (String) d.getFirstValue("name"),
        (String) d.getFirstValue("image_hash"), ((Number) d.getFirstValue("face_index")).intValue(),
        FaceRecordCodec.area((String) d.getFirstValue("facial_area")),
        ((Number) d.getFirstValue("face_confidence")).doubleValue(),
        FaceRecordCodec.metadata((String) d.getFirstValue("metadata")), null);
  }

  @Override
  public List<FaceRecord> imageFaces(String imageHash) {
    if (!imageHash.matches("[0-9a-f]{1,128}")) {
      return List.of();
    }
    SolrQuery q = new SolrQuery("+kind:face +image_hash:" + imageHash).setFields(FIELDS).setRows(10_000)
        .setSort("face_index", SolrQuery.ORDER.asc);
    List<FaceRecord> out = new ArrayList<>();
    call(c -> c.query(q)).getResults().forEach(d -> out.add(record(d)));
    return out;
  }

  @Override
  public List<FaceRecord> records(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    SolrDocumentList docs = call(c -> c.getById(ids));
    Map<String, FaceRecord> byId = new HashMap<>();
    for (SolrDocument d : docs) {
      if ("face".equals(d.getFirstValue("kind"))) {
        FaceRecord r = record(d);
        byId.put(r.id(), r);
      }
    }
    List<FaceRecord> out = new ArrayList<>();
    for (String id : ids) {
      FaceRecord r = byId.get(id);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public int removeName(String name) {
    String q = "+kind:face +name:" + ClientUtils.escapeQueryChars(name);
    int n = (int) call(c -> c.query(new SolrQuery(q).setRows(0))).getResults().getNumFound();
    UpdateRequest u = new UpdateRequest();
    u.deleteByQuery(q);
    write(u);
    return n;
  }

  @Override
  public boolean removeFace(String id) {
    SolrDocument d = call(c -> c.getById(id));
    if (d == null || !"face".equals(d.getFirstValue("kind"))) {
      return false;
    }
    UpdateRequest u = new UpdateRequest();
    u.deleteById(id);
    write(u);
    return true;
  }

  @Override
  public void clear() {
    UpdateRequest u = new UpdateRequest();
    u.deleteByQuery(FACE);
    write(u);
  }

  @Override
  public List<Neighbor> search(float[] query, int k, double maxDistance) {
    if (query.length != dimension) {
      throw new IllegalArgumentException("the query has " + query.length + " values; this store holds " + dimension);
    }
    StringBuilder v = new StringBuilder("[");
    for (int i = 0; i < query.length; i++) {
      if (i > 0) {
        v.append(',');
      }
      v.append(query[i]);
    }
    v.append(']');
    SolrQuery q;
    int rows;
    if (approximate) {
      rows = Math.max(100, k * overfetch);
      q = new SolrQuery("{!knn f=vector topK=" + rows + "}" + v);
    } else {
      rows = k;
      q = new SolrQuery("{!func}vectorSimilarity(FLOAT32," + (metric == DistanceMetric.EUCLIDEAN ? "EUCLIDEAN"
          : "DOT_PRODUCT") + ",vector," + v + ")");
    }
    q.addFilterQuery(FACE).setFields("id,vector").setRows(rows);
    QueryResponse r = call(c -> c.query(q, org.apache.solr.client.solrj.SolrRequest.METHOD.POST));
    List<Neighbor> out = new ArrayList<>();
    for (SolrDocument d : r.getResults()) {
      Collection<Object> values = d.getFieldValues("vector");
      if (values == null || values.size() != dimension) {
        continue;
      }
      float[] stored = new float[dimension];
      int i = 0;
      for (Object o : values) {
        stored[i++] = ((Number) o).floatValue();
      }
      double dist = metric.distance(query, stored);
      if (dist <= maxDistance) {
        out.add(new Neighbor((String) d.getFirstValue("id"), dist));
      }
    }
    out.sort(Comparator.comparingDouble(Neighbor::distance).thenComparing(Neighbor::id));
    return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
  }

  /** Records {@code tag} as the settings key when none is stored yet (the first database to open the collection). */
  @Override
  public void commit(String tag) {
    SolrInputDocument d = new SolrInputDocument();
    d.addField("id", SETTINGS_ID);
    d.addField("kind", "meta");
    d.addField("settings", tag);
    addIfAbsent(d);
  }

  @Override
  public Optional<String> tag() {
    SolrDocument d = call(c -> c.getById(SETTINGS_ID));
    return d == null ? Optional.empty() : Optional.ofNullable((String) d.getFirstValue("settings"));
  }

  @Override
  public void close() {
    for (SolrClient c : clients) {
      try {
        c.close();
      } catch (IOException e) {
        // Nothing to do.
      }
    }
    executor.shutdown();
  }
}
