/** The JSON shapes the CLI and the HTTP API print, named as Python DeepFace names its result keys. */
package io.deepface.examples.json;
