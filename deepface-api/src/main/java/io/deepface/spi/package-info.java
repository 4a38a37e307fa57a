/**
 * The backend SPI, the guide for a backend author.
 *
 * <p>A backend is a jar with one {@link io.deepface.spi.DeepFaceBackend} implementation listed in
 * {@code META-INF/services/io.deepface.spi.DeepFaceBackend}. It needs a public no-argument constructor that does
 * nothing heavy; {@link io.deepface.spi.DeepFaceBackend#checkAvailable()} loads native libraries (anything it throws
 * makes the {@link io.deepface.spi.BackendRegistry} skip the backend with one warning). It lists the components it
 * offers ({@link io.deepface.spi.ComponentInfo}: kind, name, backend, description, model ids) and creates them on
 * demand with a {@link io.deepface.spi.BackendContext} (the model repository, threads per inference). Components
 * are {@link io.deepface.spi.FaceDetector}s, {@link io.deepface.spi.FaceEmbedder}s and
 * {@link io.deepface.spi.AttributeModel}s: thread-safe, created once per engine and shared by every thread, closed
 * with the engine.
 *
 * <p>When several backends offer a component with one name, the lowest {@link io.deepface.spi.DeepFaceBackend#rank()}
 * wins unless {@code DEEPFACE_BACKEND} / {@code -Ddeepface.backend} names backends. Read your backend's own settings
 * with {@link io.deepface.spi.BackendSettings}.
 *
 * <p>Most backends run graphs only: extend {@link io.deepface.components.RunnerBackend} (package
 * {@code io.deepface.components}) and return a {@link io.deepface.runtime.TensorRunner} per model file; the standard
 * components then work unchanged. The test jar of {@code deepface-api} holds the conformance tests every backend
 * module runs against its own components.
 */
package io.deepface.spi;
