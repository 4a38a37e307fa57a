package io.deepface.store.postgres;

import io.deepface.find.FaceIndex;
import io.deepface.find.FaceRecord;
import io.deepface.find.FaceRecordCodec;
import io.deepface.find.FaceRecordStore;
import io.deepface.find.FindException;
import io.deepface.find.Neighbor;
import io.deepface.find.StoreMismatchException;
import io.deepface.find.VectorStoreConfig;
import io.deepface.verify.DistanceMetric;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postgres} face store: every registered face is a row of a PostgreSQL table (plain JDBC, PostgreSQL 13
 * or later), so that every process that opens the table sees the same faces.
 *
 * <p>Tables (created if missing, under an advisory lock so that servers starting together do not collide):
 * <ul>
 *   <li>{@code <table>}: {@code id} (primary key, {@code <imageHash>#<faceIndex>}), {@code name}, {@code image_hash},
 *       {@code face_index}, {@code facial_area} (text), {@code face_confidence}, {@code metadata} (JSON text),
 *       {@code embedding} ({@code bytea}, little-endian float32: 4 bytes a value), {@code version} (the change
 *       counter's value when the row was written); indexes on image hash, name and version.</li>
 *   <li>{@code <table>_meta}: {@code schema_version}, {@code dimension}, {@code metric}, {@code settings} (the
 *       key of the settings the embeddings were made with) and {@code changes}, the change counter.</li>
 *   <li>{@code <table>_deleted}: the ids removed, with the counter's value, so that readers catch up
 *       incrementally.</li>
 * </ul>
 *
 * <p>Search is exact over an in-memory copy of the ids and embeddings ({@link FaceIndex}, parallel over the
 * cores), never a scan of the table per query: before each search one query reads the change counter, and when
 * another process (or this one) changed the table, only the rows and deletions newer than the copy are read. Every
 * write (one image, one name, one face) is one transaction that first increments the counter, so writers commit in
 * counter order and a reader never misses a change. A crash mid-batch leaves each image either whole or absent.
 *
 * <p>Properties: {@code url} (required; a JDBC URL, {@code jdbc:postgresql://host:5432/db?user=deepface}),
 * {@code table} (default {@code deepface_faces}; letters, digits and underscores), {@code user} (or
 * {@code PGUSER}), {@code credentials} (a properties file with {@code user} and {@code password}),
 * {@code connectTimeout} (seconds, default 5). A password comes only from the environment
 * ({@code DEEPFACE_STORE_PASSWORD} or {@code PGPASSWORD}), the credentials file, or the URL; it is never logged nor
 * put in a message. Thread-safe; connections are pooled (at most 16 idle).
 */
public final class PostgresFaceStore implements FaceRecordStore {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresFaceStore.class);
  static final int SCHEMA_VERSION = 1;
  public static final String DEFAULT_TABLE = "deepface_faces";
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,50}");
  private static final int MAX_IDLE = 16;
  private static final String COLUMNS = "id, name, image_hash, face_index, facial_area, face_confidence, metadata";

  private final String url;
  private final String shownUrl;
  private final Properties connection;
  private final String table;
  private final int dimension;
  private final DistanceMetric metric;
  private final org.postgresql.Driver driver = new org.postgresql.Driver();
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final FaceIndex index;
  private final Object syncLock = new Object();
  private volatile long seen = -1;
  private volatile boolean closed;

  private PostgresFaceStore(String url, Properties connection, String table, int dimension, DistanceMetric metric) {
    this.url = url;
    this.shownUrl = FaceRecordCodec.redact(url);
    this.connection = connection;
    this.table = table;
    this.dimension = dimension;
    this.metric = metric;
    this.index = new FaceIndex(dimension, metric);
  }

  /**
   * Opens (creating if missing) the table {@code config}'s properties name.
   *
   * @throws FindException the server cannot be reached (the message names the store and its address)
   * @throws StoreMismatchException the table holds vectors of another dimension, metric or settings key
   */
  public static PostgresFaceStore open(VectorStoreConfig config) {
    Map<String, String> p = config.properties();
    String url = p.get("url");
    if (url == null || url.isBlank()) {
      throw new FindException("The postgres store needs a JDBC URL (property url, or DEEPFACE_STORE_URL), for "
          + "example jdbc:postgresql://127.0.0.1:5432/faces?user=deepface");
    }
    url = url.strip();
    if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
      url = "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3);
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new FindException("The postgres store's URL must start with jdbc:postgresql:, got "
          + FaceRecordCodec.redact(url));
    }
    String table = p.getOrDefault("table", DEFAULT_TABLE);
    if (!TABLE.matcher(table).matches()) {
      throw new FindException("The postgres store's table name must be letters, digits and underscores (at most 51), "
          + "got '" + table + "'");
    }
    Properties props = new Properties();
    props.setProperty("connectTimeout", p.getOrDefault("connectTimeout", "5"));
    props.setProperty("loginTimeout", p.getOrDefault("connectTimeout", "5"));
    props.setProperty("ApplicationName", "deepface");
    String credentials = p.get("credentials");
    if (credentials != null && !credentials.isBlank()) {
      Properties file = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(credentials))) {
        file.load(r);
      } catch (IOException e) {
        throw new FindException("Cannot read the postgres store's credentials file " + credentials + ": " + e);
      }
      copy(file.getProperty("user"), "user", props);
      copy(file.getProperty("password"), "password", props);
    }
    copy(p.getOrDefault("user", System.getenv("PGUSER")), "user", props);
    copy(System.getenv("PGPASSWORD"), "password", props);
    copy(System.getenv("DEEPFACE_STORE_PASSWORD"), "password", props);
    PostgresFaceStore store = new PostgresFaceStore(url, props, table.toLowerCase(java.util.Locale.ROOT),
        config.dimension(), config.metric());
    try {
      store.createOrCheck(p.get(io.deepface.find.FaceDatabase.KEY_PROPERTY));
      store.sync();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private static void copy(String value, String key, Properties to) {
    if (value != null && !value.isBlank() && !to.containsKey(key)) {
      to.setProperty(key, value);
    }
  }

  /** The table's name. */
  public String table() {
    return table;
  }

  /** The server's URL without credentials. */
  public String address() {
    return shownUrl;
  }

  private String describe() {
    return "The postgres store at " + shownUrl + " (table " + table + ")";
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T withConnection(Work<T> work) {
    if (closed) {
      throw new FindException(describe() + " is closed");
    }
    Connection c = borrow();
    boolean ok = false;
    try {
      T out = work.run(c);
      ok = true;
      return out;
    } catch (SQLException e) {
      try {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
      } catch (SQLException ignored) {
        // The connection is dropped below.
      }
      throw failure(e);
    } finally {
      release(c, ok);
    }
  }

  /** Runs {@code work} in one transaction. */
  private <T> T inTransaction(Work<T> work) {
    return withConnection(c -> {
      c.setAutoCommit(false);
      try {
        T out = work.run(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    });
  }

  private FindException failure(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")) {
      return new FindException("Cannot reach the postgres store at " + shownUrl + ": " + e.getMessage(), e);
    }
    return new FindException(describe() + " failed: " + e.getMessage(), e);
  }

  private Connection borrow() {
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      try {
        if (!c.isClosed()) {
          return c;
        }
      } catch (SQLException e) {
        // Dropped: take another.
      }
    }
    try {
      Connection fresh = driver.connect(url, connection);
      if (fresh == null) {
        throw new FindException("The postgres driver does not accept the URL " + shownUrl);
      }
      return fresh;
    } catch (SQLException e) {
      throw new FindException("Cannot reach the postgres store at " + shownUrl + ": " + e.getMessage(), e);
    }
  }

  private void release(Connection c, boolean ok) {
    if (ok && !closed && idle.size() < MAX_IDLE) {
      idle.offerFirst(c);
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      // Nothing to do.
    }
  }

  private void createOrCheck(String askedKey) {
    inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(hashtext('deepface:" + table + "'))");
        s.execute("CREATE TABLE IF NOT EXISTS " + table + "_meta (key text PRIMARY KEY, value text NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id text PRIMARY KEY, name text NOT NULL, "
            + "image_hash text NOT NULL, face_index integer NOT NULL, facial_area text NOT NULL, "
            + "face_confidence double precision NOT NULL, metadata text NOT NULL, embedding bytea NOT NULL, "
            + "version bigint NOT NULL, registered_at timestamptz NOT NULL DEFAULT now())");
        s.execute("ALTER TABLE " + table + " ALTER COLUMN embedding SET STORAGE EXTERNAL");
        s.execute("CREATE INDEX IF NOT EXISTS " + table + "_image ON " + table + " (image_hash)");
        s.execute("CREATE INDEX IF NOT EXISTS " + table + "_name ON " + table + " (name)");
        s.execute("CREATE INDEX IF NOT EXISTS " + table + "_version ON " + table + " (version)");
        s.execute("CREATE TABLE IF NOT EXISTS " + table + "_deleted (id text NOT NULL, version bigint NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS " + table + "_deleted_version ON " + table + "_deleted (version)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + "_meta (key, value) VALUES (?, ?) "
          + "ON CONFLICT (key) DO NOTHING")) {
        for (String[] kv : new String[][] {{"schema_version", Integer.toString(SCHEMA_VERSION)},
            {"dimension", Integer.toString(dimension)}, {"metric", metric.deepFaceName()}, {"changes", "0"}}) {
          ps.setString(1, kv[0]);
          ps.setString(2, kv[1]);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      Map<String, String> meta = meta(c);
      int schema = Integer.parseInt(meta.get("schema_version"));
      if (schema > SCHEMA_VERSION) {
        throw new FindException(describe() + " has schema version " + schema + "; this library reads up to "
            + SCHEMA_VERSION + ": upgrade the library");
      }
      // The settings key names the model, detector... and the dimension: the most telling message first.
      String settings = meta.get("settings");
      if (askedKey != null && settings != null && !settings.equals(askedKey)) {
        throw new StoreMismatchException(describe(), settings, askedKey);
      }
      String stored = meta.get("dimension") + "-d vectors for metric " + meta.get("metric");
      String asked = dimension + "-d vectors for metric " + metric.deepFaceName();
      if (!stored.equals(asked)) {
        throw new StoreMismatchException(describe(), stored, asked);
      }
      return null;
    });
    LOG.info("Opened the postgres face store at {} (table {})", shownUrl, table);
  }

  private Map<String, String> meta(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key, value FROM " + table + "_meta")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /**
   * Brings the in-memory copy up to date with the table: nothing when the change counter is unchanged, else the rows
   * and deletions newer than the copy (all rows on the first call), read in one snapshot.
   */
  void sync() {
    synchronized (syncLock) {
      withConnection(c -> {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
          long changes;
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT value::bigint FROM " + table
              + "_meta WHERE key = 'changes'")) {
            rs.next();
            changes = rs.getLong(1);
          }
          if (changes == seen) {
            return null;
          }
          long from = seen;
          if (changes < seen) {
            from = -1; // The table was recreated: read it all again.
          }
          if (from < 0) {
            index.clear();
          } else {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + "_deleted WHERE version > ?")) {
              ps.setLong(1, from);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  index.remove(rs.getString(1));
                }
              }
            }
          }
          try (PreparedStatement ps = c.prepareStatement("SELECT id, embedding FROM " + table + " WHERE version > ?")) {
            ps.setFetchSize(2000);
            ps.setLong(1, from);
            List<String> ids = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
                vectors.add(FaceRecordCodec.vector(rs.getBytes(2), dimension));
                if (ids.size() == 2000) {
                  index.addAll(ids, vectors);
                  ids.clear();
                  vectors.clear();
                }
              }
            }
            index.addAll(ids, vectors);
          }
          seen = changes;
          return null;
        } finally {
          c.commit();
          c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
          c.setAutoCommit(true);
        }
      });
    }
  }

  /** Increments the change counter, locking its row until the transaction ends; returns the new value. */
  private long bump(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("UPDATE " + table + "_meta SET value = "
        + "(value::bigint + 1)::text WHERE key = 'changes' RETURNING value::bigint")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public String name() {
    return PostgresStoreProvider.NAME;
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
    return withConnection(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  @Override
  public void putImage(String imageHash, List<FaceRecord> faces) {
    for (FaceRecord f : faces) {
      if (!f.imageHash().equals(imageHash)) {
        throw new IllegalArgumentException("face " + f.id() + " is not of image " + imageHash);
      }
      if (f.embedding() == null || f.embedding().length != dimension) {
        throw new IllegalArgumentException("face " + f.id() + " needs a " + dimension + "-d embedding");
      }
    }
    inTransaction(c -> {
      long v = bump(c);
      tombstone(c, v, "image_hash = ?", imageHash);
      try (PreparedStatement ps = c.prepareStatement(insertSql())) {
        for (FaceRecord f : faces) {
          addInsert(ps, f, v);
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  /** The insert of one face row, with {@link #addInsert}'s nine parameters. */
  private String insertSql() {
    return "INSERT INTO " + table + " (" + COLUMNS + ", embedding, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  /** Binds one face at change counter {@code version} to {@link #insertSql()} and adds it to the batch. */
  private static void addInsert(PreparedStatement ps, FaceRecord f, long version) throws SQLException {
    ps.setString(1, f.id());
    ps.setString(2, f.name());
    ps.setString(3, f.imageHash());
    ps.setInt(4, f.faceIndex());
    ps.setString(5, FaceRecordCodec.area(f.facialArea()));
    ps.setDouble(6, f.faceConfidence());
    ps.setString(7, FaceRecordCodec.metadata(f.metadata()));
    ps.setBytes(8, FaceRecordCodec.vectorBytes(f.embedding()));
    ps.setLong(9, version);
    ps.addBatch();
  }

  /**
   * Stores many faces (of any images, each image's faces all in {@code faces}) in one transaction: bulk loading. Rows
   * with the same id are replaced.
   */
  public void putAll(List<FaceRecord> faces) {
    inTransaction(c -> {
      long v = bump(c);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?");
          PreparedStatement ps = c.prepareStatement(insertSql())) {
        for (FaceRecord f : faces) {
          del.setString(1, f.id());
          del.addBatch();
          addInsert(ps, f, v);
        }
        del.executeBatch();
        ps.executeBatch();
      }
      return null;
    });
  }

  /** Records the rows {@code where} selects as deleted at version {@code v}, then deletes them; returns how many. */
  private int tombstone(Connection c, long v, String where, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + "_deleted (id, version) SELECT id, ? FROM "
        + table + (where == null ? "" : " WHERE " + where))) {
      ps.setLong(1, v);
      if (arg != null) {
        ps.setString(2, arg);
      }
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + (where == null ? "" : " WHERE " + where))) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      return ps.executeUpdate();
    }
  }

  @Override
  public List<FaceRecord> imageFaces(String imageHash) {
    return query("WHERE image_hash = ? ORDER BY face_index", ps -> ps.setString(1, imageHash));
  }

  @Override
  public List<FaceRecord> records(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<FaceRecord> found = withConnection(c -> {
      Array a = c.createArrayOf("text", ids.toArray());
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE id = ANY(?)")) {
        ps.setArray(1, a);
        return read(ps);
      } finally {
        a.free();
      }
    });
    Map<String, FaceRecord> byId = new HashMap<>();
    found.forEach(r -> byId.put(r.id(), r));
    List<FaceRecord> out = new ArrayList<>();
    for (String id : ids) {
      FaceRecord r = byId.get(id);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<FaceRecord> query(String clause, Binder binder) {
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " " + clause)) {
        binder.bind(ps);
        return read(ps);
      }
    });
  }

  private static List<FaceRecord> read(PreparedStatement ps) throws SQLException {
    List<FaceRecord> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new FaceRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
            FaceRecordCodec.area(rs.getString(5)), rs.getDouble(6), FaceRecordCodec.metadata(rs.getString(7)), null));
      }
    }
    return out;
  }

  @Override
  public int removeName(String name) {
    return inTransaction(c -> tombstone(c, bump(c), "name = ?", name));
  }

  @Override
  public boolean removeFace(String id) {
    return inTransaction(c -> tombstone(c, bump(c), "id = ?", id)) > 0;
  }

  @Override
  public void clear() {
    inTransaction(c -> tombstone(c, bump(c), null, null));
  }

  @Override
  public List<Neighbor> search(float[] query, int k, double maxDistance) {
    sync();
    return index.search(query, k, maxDistance);
  }

  /** Records {@code tag} as the settings key when none is stored yet (the first database to open the table). */
  @Override
  public void commit(String tag) {
    inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + "_meta (key, value) VALUES ('settings', ?) "
          + "ON CONFLICT (key) DO NOTHING")) {
        ps.setString(1, tag);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<String> tag() {
    return withConnection(c -> Optional.ofNullable(meta(c).get("settings")));
  }

  /** Closes the pooled connections; the table stays. */
  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // Nothing to do.
      }
    }
  }
}
