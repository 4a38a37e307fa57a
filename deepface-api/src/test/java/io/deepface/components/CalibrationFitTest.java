package io.deepface.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.analysis.Age;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.Gender;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fitting arithmetic of the attribute calibrations (the shipped ones are fitted on real faces). */
class CalibrationFitTest {
  @Test
  void plattScalingRecoversASkewedModelsCut() {
    // A model that says "man" with p = sigmoid(x) but whose labels follow sigmoid(2x - 1.5): its 50 % point is off.
    Random r = new Random(7);
    int n = 20_000;
    double[] p = new double[n];
    boolean[] man = new boolean[n];
    for (int i = 0; i < n; i++) {
      double x = r.nextGaussian() * 2;
      p[i] = 1 / (1 + Math.exp(-x));
      man[i] = r.nextDouble() < 1 / (1 + Math.exp(-(2 * x - 1.5)));
    }
    GenderCalibration c = GenderCalibration.fit(p, man);
    assertThat(c.a()).isCloseTo(2, within(0.1));
    assertThat(c.b()).isCloseTo(-1.5, within(0.1));
    assertThat(c.apply(1 / (1 + Math.exp(-0.75)))).isCloseTo(0.5, within(0.03));
    assertThat(GenderCalibration.NONE.apply(0.3)).isCloseTo(0.3, within(1e-12));
    Gender g = c.apply(new Gender(40, 60));
    assertThat(g.man() + g.woman()).isCloseTo(100, within(1e-9));
    assertThatThrownBy(() -> GenderCalibration.fit(new double[] {0.2, 0.4}, new boolean[] {true, true}))
        .hasMessageContaining("both genders");
    assertThatThrownBy(() -> new GenderCalibration(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isotonicAgeMapIsMonotoneAndUndoesRegressionToTheMean() {
    // Estimates pulled halfway towards 35: the map should stretch them back.
    int n = 400;
    double[] predicted = new double[n];
    double[] actual = new double[n];
    for (int i = 0; i < n; i++) {
      actual[i] = 10 + 70.0 * i / n;
      predicted[i] = 35 + (actual[i] - 35) / 2 + ((i * 37) % 7 - 3);
    }
    AgeCalibration c = AgeCalibration.fit(predicted, actual, 20);
    for (int i = 1; i < c.from().length; i++) {
      assertThat(c.from()[i]).isGreaterThan(c.from()[i - 1]);
      assertThat(c.to()[i]).isGreaterThanOrEqualTo(c.to()[i - 1]);
    }
    assertThat(c.apply(55)).isCloseTo(75, within(4.0));
    assertThat(c.apply(22.5)).isCloseTo(10, within(4.0));
    assertThat(c.apply(-100)).isEqualTo(0);
    assertThat(c.from().length).isLessThanOrEqualTo(n / 20);
    assertThatThrownBy(() -> AgeCalibration.fit(new double[3], new double[3], 20)).hasMessageContaining("at least");
    assertThatThrownBy(() -> new AgeCalibration(new double[] {2, 1}, new double[] {1, 2})).hasMessageContaining("increase");
  }

  @Test
  void calibrationAppliesToTheValuesItKnowsOnly() {
    AttributeCalibration c = new AttributeCalibration(new GenderCalibration(1, 10),
        new AgeCalibration(new double[] {0, 100}, new double[] {10, 110}));
    List<AttributeValue> out = c.apply(List.of(new Age(30), new Gender(50, 50)));
    assertThat(((Age) out.get(0)).years()).isCloseTo(40, within(1e-9));
    assertThat(((Gender) out.get(1)).man()).isGreaterThan(99);
    assertThat(AttributeCalibration.NONE.apply(out)).isSameAs(out);
  }
}
