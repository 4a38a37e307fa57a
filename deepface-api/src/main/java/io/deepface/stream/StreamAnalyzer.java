package io.deepface.stream;

import io.deepface.AnalyzeOptions;
import io.deepface.DeepFaceException;
import io.deepface.FaceEngine;
import io.deepface.FaceNotDetectedException;
import io.deepface.FaceOptions;
import io.deepface.align.FaceAligner;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.FaceEmbedder;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdTable;
import io.deepface.verify.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-frame work of stream analysis: detection every {@code detectEvery} analysed frames, association of
 * detections with tracks (box overlap with the predicted boxes first, then embedding distance for the faces left
 * over, to re-attach a track lost for less than {@code lostSeconds}), then per track and not per frame: recognition
 * once stable and again every {@code recheckSeconds}, attributes and anti-spoofing every
 * {@code analyzeEverySeconds}. Confined to one thread.
 */
final class StreamAnalyzer {
  private static final Logger LOG = LoggerFactory.getLogger(FaceStream.class);
  private static final String SPOOF_MODEL = AnalyzeOptions.DEFAULT_MODELS.get(FaceAttribute.SPOOF);

  private final FaceEngine engine;
  private final StreamOptions options;
  private final FaceOptions detectOptions;
  private final FaceOptions embedOptions;
  private final Recognizer recognizer;
  private final FaceEmbedder embedder;
  private final DistanceMetric metric;
  private final double reattachDistance;
  private final Map<AttributeModel, List<FaceAttribute>> attributeModels = new LinkedHashMap<>();
  private final AttributeModel spoofModel;
  private final List<Track> tracks = new ArrayList<>();
  private int nextId = 1;
  private long analysed;
  private long detections;

  StreamAnalyzer(FaceEngine engine, StreamOptions options) {
    this.engine = engine;
    this.options = options;
    this.detectOptions = options.face().toBuilder().enforceDetection(true).build();
    this.recognizer = options.recognizer().orElse(null);
    this.embedOptions = recognizer != null ? recognizer.faceOptions() : options.face();
    // Every component loads (and an unknown name fails) before the first frame.
    engine.detector(detectOptions.detector());
    this.embedder = engine.embedder(embedOptions.model());
    this.metric = embedOptions.metric();
    double threshold;
    try {
      ThresholdTable.Entry entry = engine.calibration(embedOptions);
      threshold = entry.threshold();
    } catch (DeepFaceException e) {
      LOG.warn("No verification threshold for {}: tracks re-attach by box overlap only ({})", embedOptions.model(),
          e.getMessage());
      threshold = -1;
    }
    this.reattachDistance = threshold;
    Optional<AnalyzeOptions> analysis = options.analysis();
    if (analysis.isPresent()) {
      Map<String, List<FaceAttribute>> byModel = new LinkedHashMap<>();
      for (FaceAttribute action : analysis.get().actions()) {
        byModel.computeIfAbsent(analysis.get().modelFor(action), k -> new ArrayList<>()).add(action);
      }
      for (Map.Entry<String, List<FaceAttribute>> e : byModel.entrySet()) {
        AttributeModel m = engine.attributeModel(e.getKey());
        if (!m.attributes().containsAll(e.getValue())) {
          throw new DeepFaceException("attribute model " + e.getKey() + " reports " + m.attributes() + ", not "
              + e.getValue());
        }
        attributeModels.put(m, e.getValue());
      }
    }
    this.spoofModel = options.face().antiSpoofing() ? engine.attributeModel(SPOOF_MODEL) : null;
  }

  long detections() {
    return detections;
  }

  int tracksStarted() {
    return nextId - 1;
  }

  /** Analyses the next frame. */
  FrameResult analyse(VideoFrame frame, long dropped) {
    List<StreamEvent> events = new ArrayList<>();
    boolean detect = analysed % options.detectEvery() == 0;
    analysed++;
    double t = frame.timeSeconds();
    Map<Track, FaceBox> boxes = new LinkedHashMap<>();
    if (detect) {
      detections++;
      associate(frame, detectFaces(frame), events, boxes);
      perTrack(frame, events);
    } else {
      for (Track tr : tracks) {
        if (tr.inView) {
          boxes.put(tr, tr.predict(t));
        }
      }
    }
    for (Track tr : tracks) {
      if (tr.inView) {
        tr.framesInView++;
        tr.run++;
        tr.lastReportedFrame = frame.index();
        tr.lastReportedSeconds = t;
      }
    }
    endLost(t, events);
    List<TrackedFace> faces = new ArrayList<>();
    for (Map.Entry<Track, FaceBox> e : boxes.entrySet()) {
      Track tr = e.getKey();
      faces.add(new TrackedFace(tr.id, e.getValue(), tr.detection.confidence(), detect, tr.identity,
          tr.analysis(e.getValue())));
    }
    faces.sort(Comparator.comparingInt(TrackedFace::track));
    return new FrameResult(frame, faces, events, detect, dropped);
  }

  /** Ends every track still open (the source is over); their events in track order. */
  List<StreamEvent> endAll() {
    List<StreamEvent> events = new ArrayList<>();
    for (Track tr : tracks) {
      events.add(ended(tr));
    }
    tracks.clear();
    return events;
  }

  private List<DetectedFace> detectFaces(VideoFrame frame) {
    try {
      return engine.detectFaces(ImageInput.of(frame.image(), "frame " + frame.index()), detectOptions);
    } catch (FaceNotDetectedException e) {
      return List.of();
    }
  }

  private void associate(VideoFrame frame, List<DetectedFace> found, List<StreamEvent> events,
      Map<Track, FaceBox> boxes) {
    double t = frame.timeSeconds();
    List<DetectedFace> left = new ArrayList<>(found);
    // 1. Box overlap with the predicted box of each track in view, best pairs first. A lost track is not matched by
    // overlap: another face may have come to where it was predicted to be.
    List<Track> unmatched = new ArrayList<>(tracks.stream().filter(tr -> tr.inView).toList());
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < unmatched.size(); i++) {
      FaceBox predicted = unmatched.get(i).predict(t);
      for (int j = 0; j < left.size(); j++) {
        double iou = predicted.iou(left.get(j).box());
        if (iou >= options.minIou()) {
          pairs.add(new double[] {iou, i, j});
        }
      }
    }
    pairs.sort((a, b) -> Double.compare(b[0], a[0]));
    boolean[] trackUsed = new boolean[unmatched.size()];
    boolean[] faceUsed = new boolean[left.size()];
    for (double[] p : pairs) {
      int i = (int) p[1];
      int j = (int) p[2];
      if (!trackUsed[i] && !faceUsed[j]) {
        trackUsed[i] = true;
        faceUsed[j] = true;
        Track tr = unmatched.get(i);
        tr.update(left.get(j), t);
        boxes.put(tr, tr.detection.box());
      }
    }
    List<Track> lost = new ArrayList<>(tracks.stream().filter(tr -> !tr.inView).toList());
    for (int i = 0; i < unmatched.size(); i++) {
      if (!trackUsed[i]) {
        lost.add(unmatched.get(i));
      }
    }
    List<DetectedFace> fresh = new ArrayList<>();
    for (int j = 0; j < left.size(); j++) {
      if (!faceUsed[j]) {
        fresh.add(left.get(j));
      }
    }
    if (fresh.isEmpty()) {
      lost.forEach(tr -> tr.inView = false);
      return;
    }
    // 2. The faces left over are embedded: one may be a lost track's face coming back.
    float[][] vectors = embed(frame.image(), fresh);
    boolean[] freshUsed = new boolean[fresh.size()];
    if (reattachDistance >= 0) {
      List<double[]> near = new ArrayList<>();
      for (int i = 0; i < lost.size(); i++) {
        if (lost.get(i).embedding == null) {
          continue;
        }
        for (int j = 0; j < fresh.size(); j++) {
          double d = metric.distance(lost.get(i).embedding, vectors[j]);
          if (d <= reattachDistance) {
            near.add(new double[] {d, i, j});
          }
        }
      }
      near.sort(Comparator.comparingDouble(a -> a[0]));
      boolean[] lostUsed = new boolean[lost.size()];
      for (double[] p : near) {
        int i = (int) p[1];
        int j = (int) p[2];
        if (!lostUsed[i] && !freshUsed[j]) {
          lostUsed[i] = true;
          freshUsed[j] = true;
          Track tr = lost.get(i);
          if (!tr.inView) {
            tr.run = 0;
          }
          tr.update(fresh.get(j), t);
          tr.inView = true;
          tr.embedding = vectors[j];
          boxes.put(tr, tr.detection.box());
          LOG.debug("Track {} re-attached at frame {} (distance {})", tr.id, frame.index(), p[0]);
        }
      }
      for (int i = 0; i < lost.size(); i++) {
        if (!lostUsed[i]) {
          lost.get(i).inView = false;
        }
      }
    } else {
      lost.forEach(tr -> tr.inView = false);
    }
    // 3. The rest are new people.
    for (int j = 0; j < fresh.size(); j++) {
      if (!freshUsed[j]) {
        Track tr = new Track(nextId++, frame.index(), t, fresh.get(j));
        tr.embedding = vectors[j];
        tracks.add(tr);
        boxes.put(tr, tr.detection.box());
        events.add(new StreamEvent.TrackStarted(tr.id, frame.index(), t,
            new TrackedFace(tr.id, tr.detection.box(), tr.detection.confidence(), true, null, null)));
      }
    }
  }

  /** Recognition, attributes and anti-spoofing for the stable tracks that are due. */
  private void perTrack(VideoFrame frame, List<StreamEvent> events) {
    double t = frame.timeSeconds();
    // run counts the frames before this one; this frame makes run + 1.
    List<Track> due = new ArrayList<>();
    for (Track tr : tracks) {
      if (tr.inView && tr.run + 1 >= options.frameThreshold()) {
        due.add(tr);
      }
    }
    if (due.isEmpty()) {
      return;
    }
    boolean measured = false;
    for (Track tr : due) {
      boolean analyseNow = (!attributeModels.isEmpty() || spoofModel != null)
          && (Double.isNaN(tr.analysedAt) || t - tr.analysedAt >= options.analyzeEverySeconds());
      if (!analyseNow) {
        continue;
      }
      tr.analysedAt = t;
      Map<FaceAttribute, AttributeValue> values = new EnumMap<>(FaceAttribute.class);
      if (spoofModel != null) {
        for (AttributeValue v : spoofModel.predict(frame.image(), tr.detection)) {
          if (v.attribute() == FaceAttribute.SPOOF) {
            values.put(FaceAttribute.SPOOF, v);
          }
        }
      }
      for (Map.Entry<AttributeModel, List<FaceAttribute>> e : attributeModels.entrySet()) {
        if (values.keySet().containsAll(e.getValue())) {
          continue;
        }
        for (AttributeValue v : e.getKey().predict(frame.image(), tr.detection)) {
          if (e.getValue().contains(v.attribute())) {
            values.put(v.attribute(), v);
          }
        }
      }
      tr.addAttributes(values);
      measured = true;
      events.add(new StreamEvent.AttributesUpdated(tr.id, frame.index(), t, tr.analysis(tr.detection.box()),
          tr.samples()));
    }
    if (recognizer == null) {
      return;
    }
    List<Track> recognise = new ArrayList<>();
    for (Track tr : due) {
      if (!tr.fake() && (Double.isNaN(tr.recognisedAt) || t - tr.recognisedAt >= options.recheckSeconds())) {
        recognise.add(tr);
      }
    }
    if (recognise.isEmpty()) {
      return;
    }
    float[][] vectors = embed(frame.image(), recognise.stream().map(tr -> tr.detection).toList());
    for (int i = 0; i < recognise.size(); i++) {
      Track tr = recognise.get(i);
      tr.recognisedAt = t;
      tr.embedding = vectors[i];
      Optional<Identity> who = recognizer.identify(vectors[i]);
      if (who.isPresent() && (tr.identity == null || !tr.identity.identity().equals(who.get().identity()))) {
        tr.identity = who.get();
        events.add(new StreamEvent.Identified(tr.id, frame.index(), t, who.get()));
      } else if (who.isPresent()) {
        tr.identity = who.get(); // the same person: the latest distance
      }
    }
    if (measured) {
      LOG.trace("Measured tracks at frame {}", frame.index());
    }
  }

  /** Tracks unseen for more than {@code lostSeconds} end. */
  private void endLost(double t, List<StreamEvent> events) {
    for (var it = tracks.iterator(); it.hasNext(); ) {
      Track tr = it.next();
      if (!tr.inView && t - tr.lastReportedSeconds > options.lostSeconds()) {
        events.add(ended(tr));
        it.remove();
      }
    }
  }

  private static StreamEvent ended(Track tr) {
    return new StreamEvent.TrackEnded(tr.id, tr.lastReportedFrame, tr.lastReportedSeconds, tr.firstFrame,
        tr.startSeconds, tr.framesInView, tr.identity);
  }

  /** One embedding per face, computed as {@code represent} does with the recognizer's (or stream's) options. */
  private float[][] embed(RgbImage image, List<DetectedFace> faces) {
    List<RgbImage> crops = new ArrayList<>(faces.size() * 2);
    for (DetectedFace f : faces) {
      crops.add(FaceAligner.crop(image, f, embedder.alignment(), embedOptions.alignment()));
    }
    if (embedOptions.flip()) {
      for (int i = 0; i < faces.size(); i++) {
        crops.add(crops.get(i).mirrored());
      }
    }
    float[][] v = embedder.embed(crops);
    if (!embedOptions.flip()) {
      return v;
    }
    float[][] out = new float[faces.size()][];
    for (int i = 0; i < faces.size(); i++) {
      out[i] = Vectors.flipCombined(v[i], v[faces.size() + i]);
    }
    return out;
  }
}
