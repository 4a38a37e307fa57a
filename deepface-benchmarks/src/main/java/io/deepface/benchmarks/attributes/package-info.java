/**
 * Benchmarks (not part of the library): Attribute accuracy on the labelled sets (AttributeAccuracy). Run them with
 * {@code deepface-benchmarks/run.sh}.
 */
package io.deepface.benchmarks.attributes;
