/**
 * The standard components, for backend authors: detectors, embedders and attribute models whose pre- and
 * post-processing live here, in plain Java, and whose graphs any runtime can run. This is what makes every backend
 * give the same answers.
 *
 * <p>A backend that runs graphs extends {@link io.deepface.components.RunnerBackend} and implements one method,
 * {@code open(ModelInfo, Path, BackendContext)}, returning a {@link io.deepface.runtime.TensorRunner} for a
 * verified model file; it then offers every entry of {@link io.deepface.components.StandardComponents} (or the
 * subset its runtime can run, by overriding {@code definitions()}). Each entry names its component, the catalog
 * ids of the model files it loads, and a factory that builds the component from a
 * {@link io.deepface.components.ModelLoader}. A component holding runners extends
 * {@link io.deepface.components.RunnerComponent}, which closes them.
 *
 * <p>The component classes ({@link io.deepface.components.RetinaFaceDetector},
 * {@link io.deepface.components.AlignedFaceEmbedder}, {@link io.deepface.components.SsrNetModel}...) are public so
 * that a backend can reuse or wrap them (the opencv backend reuses the 68-point landmark model, the djl backend
 * fuses a third embedder); their constructors are the supported way to build one over runners of your own.
 * {@link io.deepface.components.BuiltinBackend} offers the {@code skip} detector, which needs no model.
 */
package io.deepface.components;
