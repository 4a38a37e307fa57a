/**
 * The onnx backend ({@code deepface-onnx}): {@link io.deepface.onnx.OnnxBackend} runs every standard component on
 * ONNX Runtime (CPU), rank 10, the default. Put this jar on the classpath and {@link java.util.ServiceLoader} finds
 * it. Settings: {@code -Ddeepface.onnx.spinning} ({@code DEEPFACE_ONNX_SPINNING}) lets ONNX Runtime's threads spin
 * (on by default above four cores). Everything but the backend class is internal.
 */
package io.deepface.onnx;
