package io.deepface.components;

import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.internal.Closeables;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.ComponentInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Several attribute models run on the same face and their predictions averaged with fixed weights (mean years,
 * mean percentages): models trained on different data make different mistakes, and their mean is measurably
 * better than the best of them (see the README's attribute table). Reports every attribute any member reports,
 * each averaged over the members that report it. Thread-safe; closing it closes the members.
 */
public final class EnsembleAttributeModel implements AttributeModel {
  private final ComponentInfo info;
  private final List<AttributeModel> members;
  private final double[] weights;
  private final Set<FaceAttribute> attributes;
  private final AttributeCalibration calibration;

  /**
   * @param weights one positive weight per member
   * @param calibration applied to the averaged predictions
   */
  public EnsembleAttributeModel(ComponentInfo info, List<AttributeModel> members, double[] weights,
      AttributeCalibration calibration) {
    if (members.isEmpty() || members.size() != weights.length) {
      throw new IllegalArgumentException("need one weight per member, got " + members.size() + " and " + weights.length);
    }
    for (double w : weights) {
      if (!(w > 0)) {
        throw new IllegalArgumentException("weights must be positive, got " + java.util.Arrays.toString(weights));
      }
    }
    this.info = info;
    this.members = List.copyOf(members);
    this.weights = weights.clone();
    this.calibration = java.util.Objects.requireNonNull(calibration, "calibration");
    Set<FaceAttribute> all = EnumSet.noneOf(FaceAttribute.class);
    members.forEach(m -> all.addAll(m.attributes()));
    this.attributes = Set.copyOf(all);
  }

  @Override
  public ComponentInfo info() {
    return info;
  }

  @Override
  public Set<FaceAttribute> attributes() {
    return attributes;
  }

  @Override
  public List<AttributeValue> predict(RgbImage image, DetectedFace face) {
    List<List<AttributeValue>> each = new ArrayList<>(members.size());
    for (AttributeModel m : members) {
      each.add(m.predict(image, face));
    }
    return calibration.apply(AttributeAverage.of(each, weights));
  }

  @Override
  public void close() {
    Closeables.closeAll(members);
  }
}
