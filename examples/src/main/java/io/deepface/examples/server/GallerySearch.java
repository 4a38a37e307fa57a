package io.deepface.examples.server;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.FacialArea;
import io.deepface.examples.json.ResultJson;
import io.deepface.find.FindMatch;
import io.deepface.find.FindOptions;
import io.deepface.find.Gallery;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * {@code POST /find} over the configured gallery folder: one {@link Gallery} per distinct set of face options
 * (model, detector, metric...), opened on first use and kept (at most {@value #MAX_GALLERIES}); the folder is
 * indexed on first use and then searched as cached (restart the server, or run {@code find}, to pick up new
 * photos). Thread-safe.
 */
final class GallerySearch implements AutoCloseable {
  static final int MAX_GALLERIES = 8;
  private static final int THUMBNAIL = 112;
  private final FaceEngine engine;
  private final Path folder;
  private final String store;
  private final Map<FaceOptions, Gallery> galleries = new ConcurrentHashMap<>();

  GallerySearch(FaceEngine engine, Path folder, String store) {
    this.engine = engine;
    this.folder = folder.toAbsolutePath().normalize();
    this.store = store == null ? FindOptions.AUTO : store;
  }

  /** Opens and indexes the gallery for the default options (the server is ready after it). */
  void warmUp() {
    gallery(FaceOptions.defaults()).sync();
  }

  private Gallery gallery(FaceOptions face) {
    // The query's face cap must not cap the faces indexed per gallery image.
    FaceOptions key = face.toBuilder().maxFaces(Integer.MAX_VALUE).build();
    Gallery g = galleries.get(key);
    if (g != null) {
      return g;
    }
    synchronized (galleries) {
      if (galleries.size() >= MAX_GALLERIES && !galleries.containsKey(key)) {
        throw new ApiException(400, "this server already searches its gallery with " + MAX_GALLERIES
            + " sets of options (model, detector, metric, threshold...); use options sent before");
      }
      return galleries.computeIfAbsent(key, k -> Gallery.open(engine, folder,
          FindOptions.builder().face(k).refresh(false).store(store).build()));
    }
  }

  Map<String, Object> find(ApiRequest req) {
    FaceOptions face = req.faceOptions();
    int top = req.integer("top_k", 0);
    if (top < 0) {
      throw new ApiException(400, "'top_k' must be 0 (all matches) or more, got " + top);
    }
    boolean thumbnails = req.bool("include_thumbnails", false);
    ImageInput query = req.image("img");
    Gallery g = gallery(face);
    List<List<FindMatch>> result = g.find(query);
    List<Object> faces = new ArrayList<>();
    for (List<FindMatch> matches : result) {
      if (faces.size() >= face.maxFaces()) {
        break;
      }
      List<Object> rows = new ArrayList<>();
      for (FindMatch m : matches) {
        if (top > 0 && rows.size() >= top) {
          break;
        }
        Map<String, Object> row = ResultJson.findMatch(m);
        row.put("identity", relative(m.identity()));
        if (thumbnails) {
          row.put("thumbnail", thumbnail(Path.of(m.identity()), m.target()));
        }
        rows.add(row);
      }
      faces.add(rows);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("results", faces);
    out.put("gallery_faces", g.faceCount());
    return out;
  }

  private String relative(String identity) {
    Path p = Path.of(identity).toAbsolutePath().normalize();
    return p.startsWith(folder) ? folder.relativize(p).toString().replace('\\', '/') : p.getFileName().toString();
  }

  /** The matched face, cropped with a margin and scaled to fit 112 px, as a JPEG data URI; null if unreadable. */
  private String thumbnail(Path file, FacialArea a) {
    try {
      RgbImage img = engine.decode(ImageInput.of(file));
      if (a != null) {
        int m = Math.max(a.w(), a.h()) / 4;
        int x = Math.max(0, a.x() - m);
        int y = Math.max(0, a.y() - m);
        int w = Math.min(img.width() - x, a.w() + 2 * m);
        int h = Math.min(img.height() - y, a.h() + 2 * m);
        if (w > 0 && h > 0) {
          img = img.crop(x, y, w, h);
        }
      }
      double s = Math.min(1.0, (double) THUMBNAIL / Math.max(img.width(), img.height()));
      img = ImageOps.resize(img, Math.max(1, (int) Math.round(img.width() * s)),
          Math.max(1, (int) Math.round(img.height() * s)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img.toBufferedImage(), "jpeg", out);
      return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    galleries.values().forEach(Gallery::close);
    galleries.clear();
  }
}
