/** Stream analysis speed: frames per second over files, latency and dropped frames for a live source. */
package io.deepface.benchmarks.stream;
