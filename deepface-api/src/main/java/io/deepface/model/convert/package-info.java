/**
 * The built-in {@link io.deepface.model.ModelConverter}s, registered with {@code ServiceLoader}:
 * {@link io.deepface.model.convert.TfjsGraphModelConverter} (TF.js graph models to ONNX) and
 * {@link io.deepface.model.convert.FaceApiModelConverter} (face-api.js weights-only nets to ONNX). Catalog entries
 * name them; applications do not call them directly.
 */
package io.deepface.model.convert;
