/**
 * The {@code postgres} face store: {@link io.deepface.store.postgres.PostgresFaceStore}, found by
 * {@link io.deepface.find.VectorStores} under that name when this jar is on the classpath.
 */
package io.deepface.store.postgres;
