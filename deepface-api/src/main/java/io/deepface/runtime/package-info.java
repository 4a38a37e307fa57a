/**
 * What a backend's runtime must provide, for backend authors: a {@link io.deepface.runtime.TensorRunner} runs one
 * model graph on named float {@link io.deepface.runtime.Tensor}s and nothing else; everything before and after
 * (resizing, normalising, decoding outputs) is done by the standard components in plain Java.
 * {@link io.deepface.runtime.GuardedRunner} is the base to extend: it makes {@code close()} wait for calls in flight
 * and later calls fail cleanly instead of crashing on a freed native handle. {@link io.deepface.runtime.ImageTensors}
 * packs images into input tensors identically for every backend.
 */
package io.deepface.runtime;
