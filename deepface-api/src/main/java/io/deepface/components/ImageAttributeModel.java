package io.deepface.components;

import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.ComponentInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An attribute model that is one graph on one face crop: the {@link Spec} says how the face is framed
 * ({@link FaceCrop}), how the crop becomes the input tensor ({@link InputFormat}) and how the outputs become
 * attribute values ({@link OutputDecoder}). Thread-safe.
 */
public final class ImageAttributeModel extends RunnerComponent implements AttributeModel {
  /** Turns a graph's outputs (by name) into attribute values. */
  @FunctionalInterface
  public interface OutputDecoder {
    List<AttributeValue> decode(Map<String, Tensor> outputs);
  }

  /**
   * One model's recipe.
   *
   * @param modelId the catalog id of the graph
   * @param inputName the graph's image input
   * @param crop how the face is framed
   * @param input how the crop becomes the input tensor
   * @param attributes what {@code decoder} reports
   * @param decoder outputs to values (of one face: outputs hold a batch of one)
   * @param flip also run the mirror image of the crop and average the two predictions
   * @param calibration applied to the (averaged) predictions
   */
  public record Spec(String modelId, String inputName, FaceCrop crop, InputFormat input, Set<FaceAttribute> attributes,
      OutputDecoder decoder, boolean flip, AttributeCalibration calibration) {
    /** A recipe without mirror-image averaging or calibration. */
    public Spec(String modelId, String inputName, FaceCrop crop, InputFormat input, Set<FaceAttribute> attributes,
        OutputDecoder decoder) {
      this(modelId, inputName, crop, input, attributes, decoder, false, AttributeCalibration.NONE);
    }

    public Spec {
      Objects.requireNonNull(calibration, "calibration");
      Objects.requireNonNull(modelId, "modelId");
      Objects.requireNonNull(inputName, "inputName");
      Objects.requireNonNull(crop, "crop");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(decoder, "decoder");
      attributes = Set.copyOf(EnumSet.copyOf(attributes));
    }

    /** The same recipe with another crop. */
    public Spec withCrop(FaceCrop other) {
      return new Spec(modelId, inputName, other, input, attributes, decoder, flip, calibration);
    }

    /** The same recipe with mirror-image averaging on or off. */
    public Spec withFlip(boolean on) {
      return new Spec(modelId, inputName, crop, input, attributes, decoder, on, calibration);
    }

    /** The same recipe with another calibration. */
    public Spec withCalibration(AttributeCalibration other) {
      return new Spec(modelId, inputName, crop, input, attributes, decoder, flip, other);
    }
  }

  private final Spec spec;
  private final TensorRunner runner;

  public ImageAttributeModel(ComponentInfo info, Spec spec, TensorRunner runner) {
    super(info, List.of(runner));
    this.spec = Objects.requireNonNull(spec, "spec");
    this.runner = runner;
  }

  public Spec spec() {
    return spec;
  }

  @Override
  public Set<FaceAttribute> attributes() {
    return spec.attributes();
  }

  @Override
  public List<AttributeValue> predict(RgbImage image, DetectedFace face) {
    return spec.calibration().apply(predictUncalibrated(image, face, spec.crop(), spec.flip()));
  }

  /**
   * The model's own values for {@code face} framed by {@code crop}, with its mirror image averaged in when
   * {@code flip}, before any calibration: for measuring recipes (the spec's crop, flip and calibration are what
   * {@link #predict} uses).
   */
  public List<AttributeValue> predictUncalibrated(RgbImage image, DetectedFace face, FaceCrop crop, boolean flip) {
    InputFormat in = spec.input();
    RgbImage cut = crop.cut(image, face, in.width(), in.height());
    // The crop and its mirror image run one at a time: some runtimes mis-shape batches of these converted graphs
    // (OpenCV DNN broadcasts SSR-Net's [N] and [N, 1] into [N, N]), and on CPU a batch of two costs what two runs do.
    List<RgbImage> views = flip ? List.of(cut, cut.mirrored()) : List.of(cut);
    List<List<AttributeValue>> each = new ArrayList<>(views.size());
    for (RgbImage view : views) {
      List<AttributeValue> values = spec.decoder().decode(runner.run(Map.of(spec.inputName(), in.tensor(List.of(view)))));
      for (AttributeValue v : values) {
        if (!spec.attributes().contains(v.attribute())) {
          throw new IllegalStateException(info().name() + " decoded a " + v.attribute() + ", not one of " + spec.attributes());
        }
      }
      each.add(values);
    }
    return flip ? AttributeAverage.of(each, new double[] {1, 1}) : each.get(0);
  }
}
