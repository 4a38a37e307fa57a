package io.deepface.stream;

import io.deepface.FaceEngine;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faces in a video, tracked, recognised and analysed frame by frame: DeepFace's {@code stream}. Iterate it for one
 * {@link FrameResult} per analysed frame, or {@link #start} it with a listener for live sources.
 *
 * <pre>{@code
 * try (VideoSource video = FfmpegVideoSource.open("door.mp4");
 *     FaceStream faces = FaceStream.open(engine, video, StreamOptions.builder().detectEvery(3).build())) {
 *   for (FrameResult r : faces) {
 *     r.events().forEach(System.out::println);
 *   }
 *   faces.endEvents().forEach(System.out::println);   // tracks still in view at the end
 * }
 * }</pre>
 *
 * <p><b>Files</b> ({@link VideoSource#live()} false) are analysed frame by frame, none dropped (unless
 * {@link StreamOptions#targetFps()} skips some). <b>Live sources</b> are read by a thread of their own into a queue
 * of {@link StreamOptions#queueCapacity()} frames: when analysis falls behind, the oldest waiting frame is dropped and
 * counted ({@link FrameResult#dropped()}, {@link StreamStats#framesDropped()}), so memory and latency stay bounded.
 *
 * <p>A source that fails part way (a truncated file, a lost connection) ends the iteration; the frames before it
 * were analysed, and {@link #stats()} holds the error. Closing the stream closes the source. Iterate from one
 * thread; {@link #stats()} and {@link #close()} may be called from any.
 */
public final class FaceStream implements Iterable<FrameResult>, Iterator<FrameResult>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaceStream.class);
  private static final long POLL_MILLIS = 100;

  private final VideoSource source;
  private final StreamOptions options;
  private final StreamAnalyzer analyzer;
  private final long started = System.nanoTime();
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong analysedCount = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final LiveReader live;
  private volatile boolean closed;
  private volatile Throwable error;
  private VideoFrame next;
  private boolean ended;
  private double lastAnalysed = Double.NEGATIVE_INFINITY;
  private List<StreamEvent> endEvents = List.of();
  private volatile double finishedAt = Double.NaN;

  private FaceStream(FaceEngine engine, VideoSource source, StreamOptions options) {
    this.source = Objects.requireNonNull(source, "source");
    this.options = Objects.requireNonNull(options, "options");
    this.analyzer = new StreamAnalyzer(Objects.requireNonNull(engine, "engine"), options);
    this.live = source.live() ? new LiveReader() : null;
  }

  /**
   * Opens the analysis of {@code source}; every model it needs is loaded first (an unknown detector, embedder or
   * attribute model fails here). The stream owns the source from here on and closes it.
   */
  public static FaceStream open(FaceEngine engine, VideoSource source, StreamOptions options) {
    try {
      FaceStream s = new FaceStream(engine, source, options);
      if (s.live != null) {
        s.live.start();
      }
      return s;
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /**
   * Analyses {@code source} on a thread of its own and hands every frame's result to {@code listener}; returns at
   * once. Stop it with {@link Running#close()}, or wait for the end of the source with {@link Running#await}.
   */
  public static Running start(FaceEngine engine, VideoSource source, StreamOptions options, StreamListener listener) {
    Objects.requireNonNull(listener, "listener");
    FaceStream s = open(engine, source, options);
    Running r = new Running(s, listener);
    r.thread.start();
    return r;
  }

  @Override
  public Iterator<FrameResult> iterator() {
    return this;
  }

  /** The results as a sequential {@link Stream}; closing it closes this analysis. */
  public Stream<FrameResult> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
        false).onClose(this::close);
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    while (true) {
      VideoFrame f = nextFrame();
      if (f == null) {
        finish();
        return false;
      }
      if (options.targetFps() > 0 && f.timeSeconds() - lastAnalysed < 0.95 / options.targetFps()) {
        skipped.incrementAndGet();
        continue;
      }
      lastAnalysed = f.timeSeconds();
      next = f;
      return true;
    }
  }

  @Override
  public FrameResult next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the video has no more frames");
    }
    VideoFrame f = next;
    next = null;
    FrameResult r = analyzer.analyse(f, dropped.get());
    analysedCount.incrementAndGet();
    return r;
  }

  /**
   * The {@link StreamEvent.TrackEnded} events of the tracks still open when the source ended, in track order;
   * empty until {@link #hasNext()} has returned false.
   */
  public List<StreamEvent> endEvents() {
    return endEvents;
  }

  /** The counters so far (read from any thread). */
  public StreamStats stats() {
    double end = Double.isNaN(finishedAt) ? (System.nanoTime() - started) / 1e9 : finishedAt;
    return new StreamStats(read.get(), analysedCount.get(), dropped.get(), skipped.get(), analyzer.detections(),
        analyzer.tracksStarted(), end, error);
  }

  public VideoSource source() {
    return source;
  }

  public StreamOptions options() {
    return options;
  }

  /** Stops the analysis and closes the source; safe to call from any thread, more than once. */
  @Override
  public void close() {
    closed = true;
    if (live != null) {
      live.interrupt();
    }
    source.close();
  }

  private void finish() {
    ended = true;
    endEvents = List.copyOf(analyzer.endAll());
    finishedAt = (System.nanoTime() - started) / 1e9;
  }

  private VideoFrame nextFrame() {
    if (closed) {
      return null;
    }
    if (live != null) {
      return live.take();
    }
    try {
      VideoFrame f = source.read();
      if (f != null) {
        read.incrementAndGet();
      }
      return f;
    } catch (RuntimeException e) {
      fail(e);
      return null;
    }
  }

  private void fail(Throwable e) {
    if (!closed) {
      error = e;
      LOG.warn("Video source {} failed after {} frames: {}", source.name(), read.get(), e.getMessage());
    }
  }

  /** Reads a live source as fast as it delivers into a bounded queue, dropping the oldest frame when full. */
  private final class LiveReader extends Thread {
    private final ArrayBlockingQueue<VideoFrame> queue = new ArrayBlockingQueue<>(options.queueCapacity());
    private volatile boolean done;

    LiveReader() {
      super("deepface-stream-reader");
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (!closed) {
          VideoFrame f = source.read();
          if (f == null) {
            break;
          }
          read.incrementAndGet();
          while (!queue.offer(f)) {
            if (queue.poll() != null) {
              dropped.incrementAndGet();
            }
          }
        }
      } catch (RuntimeException e) {
        fail(e);
      } finally {
        done = true;
      }
    }

    /** The oldest waiting frame, or null once the source is over and the queue empty. */
    VideoFrame take() {
      try {
        while (!closed) {
          VideoFrame f = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (f != null) {
            return f;
          }
          if (done && queue.isEmpty()) {
            return null;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }
  }

  /** A stream analysis running on its own thread (see {@link FaceStream#start}). */
  public static final class Running implements AutoCloseable {
    private final FaceStream stream;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;

    private Running(FaceStream stream, StreamListener listener) {
      this.stream = stream;
      this.thread = new Thread(() -> run(listener), "deepface-stream");
      thread.setDaemon(true);
    }

    private void run(StreamListener listener) {
      try {
        while (stream.hasNext()) {
          listener.onFrame(stream.next());
        }
        if (stream.error != null) {
          listener.onError(stream.error, stream.stats());
        }
      } catch (RuntimeException | Error e) {
        failure = e;
        stream.fail(e);
        listener.onError(e, stream.stats());
      } finally {
        stream.close();
        try {
          listener.onEnd(stream.stats(), stream.endEvents());
        } finally {
          done.countDown();
        }
      }
    }

    /** Waits up to {@code timeout} for the analysis to end; true when it has. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
      return done.await(timeout, unit);
    }

    public StreamStats stats() {
      return stream.stats();
    }

    /** What stopped the analysis thread itself (an analysis error, the listener's exception), or null. */
    public Throwable failure() {
      return failure;
    }

    /** Stops the analysis, closes the source and waits (up to 10 s) for the thread to end. */
    @Override
    public void close() {
      stream.close();
      try {
        if (!done.await(10, TimeUnit.SECONDS)) {
          LOG.warn("Stream analysis of {} did not stop within 10 s", stream.source.name());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
