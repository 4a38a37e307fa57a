/**
 * Model files: {@link io.deepface.model.ModelCatalog} lists every model the library knows (file name, SHA-256,
 * size, licence, public sources); {@link io.deepface.model.ModelRepository} finds a verified copy in the cache
 * folder or on the model path, or downloads it (see its class comment for the order and the settings). Models
 * made from others ({@link io.deepface.model.ModelConverter}, for example TF.js graphs converted to ONNX) are
 * converted once and cached. A model that cannot be found raises {@link io.deepface.model.ModelNotFoundException},
 * whose message says where it looked and how to get the file.
 */
package io.deepface.model;
