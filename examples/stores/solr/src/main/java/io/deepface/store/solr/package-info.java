/**
 * The {@code solr} face store: {@link io.deepface.store.solr.SolrFaceStore}, found by
 * {@link io.deepface.find.VectorStores} under that name when this jar is on the classpath.
 */
package io.deepface.store.solr;
