/**
 * The embedding map: {@link io.deepface.map.EmbeddingMap} places every face of a folder in the plane by the first
 * two principal components of its embedding, and measures how well the plane keeps people apart;
 * {@link io.deepface.draw.EmbeddingMapChart} draws it.
 */
package io.deepface.map;
