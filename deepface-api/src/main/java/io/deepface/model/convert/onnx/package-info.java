/**
 * A minimal ONNX model writer (protobuf encoding of graphs, initialisers and attributes), used by the model
 * converters. Implementation of the converters, not a general ONNX library.
 */
package io.deepface.model.convert.onnx;
