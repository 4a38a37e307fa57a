/**
 * Face search: DeepFace's {@code find} over a folder of photos, and the indexes behind it.
 *
 * <ul>
 *   <li>{@link io.deepface.find.Gallery}: a folder of photos with its representation cache (embeddings of
 *       every image, kept up to date incrementally, written atomically, checked on reading, shared safely
 *       by threads and processes) and a search over it. {@code FaceEngine.find} and {@code DeepFace.find}
 *       are one-call entry points.</li>
 *   <li>{@link io.deepface.find.FaceIndex}: an in-memory gallery of precomputed embeddings with exact,
 *       parallel search; add, remove, search, save, load.</li>
 *   <li>{@link io.deepface.find.VectorStore} and {@link io.deepface.find.VectorStoreProvider}: the
 *       service-provider interface for where embeddings live; built in are {@code exact}
 *       ({@link io.deepface.find.ExactVectorStore}) and {@code hnsw}
 *       ({@link io.deepface.find.HnswVectorStore}, Lucene's approximate HNSW graphs on disk).</li>
 * </ul>
 */
package io.deepface.find;
