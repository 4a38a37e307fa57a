/**
 * Internal helpers of {@code deepface-api} (tolerant {@code ServiceLoader} lookup, settings from system
 * properties and the environment, SHA-256, closing several resources). <strong>Not part of the supported API:</strong>
 * these classes are public only because Java has no narrower way to share them between this jar's packages,
 * and they may change in any release. No other module of this project imports them (its tests included); backends use
 * {@link io.deepface.spi.BackendSettings} for their settings. The jar's manifest lists this package under
 * {@code DeepFace-Internal-Packages}.
 */
package io.deepface.internal;
