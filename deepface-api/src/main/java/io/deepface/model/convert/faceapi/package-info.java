/**
 * The face-api.js network definitions (layer graphs for its weights-only nets) that
 * {@link io.deepface.model.convert.FaceApiModelConverter} turns into ONNX. Implementation of the converter.
 */
package io.deepface.model.convert.faceapi;
