/**
 * Reading TF.js graph models ({@code model.json} and weight shards) and translating their operations to ONNX, for
 * {@link io.deepface.model.convert.TfjsGraphModelConverter}. Implementation of the converter.
 */
package io.deepface.model.convert.tfjs;
