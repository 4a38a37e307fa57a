/**
 * The OpenCV backend ({@code deepface-opencv}): {@link io.deepface.opencv.OpenCvBackend}, registered with
 * {@link java.util.ServiceLoader}. Put this jar (with its OpenCV dependencies) on the classpath and the
 * library finds it; nothing else refers to these classes. Everything but the backend class is internal.
 */
package io.deepface.opencv;
