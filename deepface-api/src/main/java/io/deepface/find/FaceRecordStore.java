package io.deepface.find;

import java.util.Collection;
import java.util.List;

/**
 * A {@link VectorStore} that also keeps what {@link FaceDatabase} registers with each vector: the face's
 * {@link FaceRecord} (name, image hash, face index, facial area, metadata). Stores that live outside the process
 * (the {@code postgres} and {@code solr} stores of the examples) implement it, so that every server that opens the
 * same table or collection sees the same identities. A plain {@code VectorStore} (the in-process {@code exact} and
 * {@code hnsw} stores) works with {@link FaceDatabase} too: the database then keeps the records beside it, in memory.
 *
 * <p>Contract, beyond {@link VectorStore}'s:
 * <ul>
 *   <li>{@link #putImage} is atomic per image: after a crash either every face of the image is stored, or the
 *       faces stored for it before the call are; and it is idempotent (ids are {@code <imageHash>#<faceIndex>}).</li>
 *   <li>{@link #tag()} returns the key of the settings the stored embeddings were made with, and {@link #commit}
 *       records it when the store is new; {@link FaceDatabase} refuses to open a store whose key differs.</li>
 *   <li>Every method may throw {@link FindException} when the store's server cannot be reached, with a message that
 *       names the store and its address (never a password).</li>
 * </ul>
 */
public interface FaceRecordStore extends VectorStore {
  /**
   * Stores the faces of one image, replacing whatever the store held for {@code imageHash}, in one transaction. An
   * empty list removes the image.
   */
  void putImage(String imageHash, List<FaceRecord> faces);

  /** The stored faces of the image with SHA-256 {@code imageHash}, by face index; empty when it is not stored. */
  List<FaceRecord> imageFaces(String imageHash);

  /** The records of the ids that are stored (in the order of {@code ids}; missing ids are left out). */
  List<FaceRecord> records(Collection<String> ids);

  /** Removes every face registered under {@code name}; returns how many were removed. */
  int removeName(String name);

  /** Removes the face {@code id}; returns whether it was stored. */
  boolean removeFace(String id);

  /**
   * {@link VectorStore#add} without a record cannot be honoured by a record store: use {@link #putImage}.
   *
   * @throws UnsupportedOperationException always, unless a store says otherwise
   */
  @Override
  default void add(String id, float[] vector) {
    throw new UnsupportedOperationException(name() + " stores faces with their records: use putImage");
  }

  @Override
  default void remove(String id) {
    removeFace(id);
  }
}
