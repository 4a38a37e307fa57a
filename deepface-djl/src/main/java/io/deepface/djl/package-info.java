/**
 * The djl backend: DeepFace's components run with Deep Java Library. Put {@code deepface-djl} on the classpath
 * and {@link io.deepface.djl.DjlBackend} is found with {@link java.util.ServiceLoader}; nothing else is public
 * API except the TFLite-only components' classes ({@link io.deepface.djl.MtcnnDetector},
 * {@link io.deepface.djl.MobileFaceNet192Embedder}).
 *
 * <p>Settings: {@code -Ddeepface.djl.tflite=interpreter|predictor} ({@code DEEPFACE_DJL_TFLITE}) chooses how
 * fixed-shape TFLite graphs run; {@code -Ddeepface.onnx.spinning} applies to DJL's ONNX Runtime sessions as to
 * the onnx backend's. DJL itself is kept offline (see {@link io.deepface.djl.DjlBackend}).
 */
package io.deepface.djl;
