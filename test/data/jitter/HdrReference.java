// Run once (HdrHistogram 2.2.2 from the local Maven repository) to produce java-reference.json:
//   javac -cp HdrHistogram-2.2.2.jar HdrReference.java && java -cp HdrHistogram-2.2.2.jar:. HdrReference > java-reference.json
// Reads values.txt and corrected-values.txt (written by gen-values.mjs). Not part of CI.
// Note on "small": in HdrHistogram 2.2.2 the two-argument recordValue(value, n) is the deprecated
// alias of recordValueWithExpectedInterval(value, n), so "small" is the coordinated-omission
// correction of 5 (interval 3), 1000 (interval 1) and 0 (interval 2): 1002 values in all.
import org.HdrHistogram.Histogram;
import java.nio.ByteBuffer;
import java.nio.file.*;
import java.util.*;

public class HdrReference {
  static final double[] PS = {0, 0.1, 1, 10, 12.5, 25, 33.333333333333336, 50, 66.66666666666667, 75, 90, 99, 99.9, 99.99, 99.999, 100};
  static final long[] RANKS = {0, 1, 61, 1000, 2047, 2048, 100000, 1000000, 123456789, 10000000000L};

  static String dump(String name, Histogram h) {
    StringBuilder sb = new StringBuilder();
    sb.append("\"").append(name).append("\": {");
    sb.append("\"lowest\": ").append(h.getLowestDiscernibleValue()).append(", ");
    sb.append("\"highest\": ").append(h.getHighestTrackableValue()).append(", ");
    sb.append("\"digits\": ").append(h.getNumberOfSignificantValueDigits()).append(", ");
    sb.append("\"count\": ").append(h.getTotalCount()).append(", ");
    sb.append("\"min\": ").append(h.getMinValue()).append(", ");
    sb.append("\"max\": ").append(h.getMaxValue()).append(", ");
    sb.append("\"mean\": ").append(h.getMean()).append(", ");
    sb.append("\"stddev\": ").append(h.getStdDeviation()).append(", ");
    sb.append("\"percentiles\": [");
    for (int i = 0; i < PS.length; i++) sb.append(i > 0 ? ", " : "").append("[").append(PS[i]).append(", ").append(h.getValueAtPercentile(PS[i])).append("]");
    sb.append("], \"ranks\": [");
    for (int i = 0; i < RANKS.length; i++) sb.append(i > 0 ? ", " : "").append("[").append(RANKS[i]).append(", ").append(h.getPercentileAtOrBelowValue(RANKS[i])).append("]");
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    byte[] bytes = Arrays.copyOf(buf.array(), n);
    sb.append("], \"encoded\": \"").append(Base64.getEncoder().encodeToString(bytes)).append("\"}");
    return sb.toString();
  }

  static long[] read(String f) throws Exception {
    return Files.readAllLines(Paths.get(f)).stream().filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
  }

  public static void main(String[] args) throws Exception {
    long[] vs = read("values.txt");
    long[] cs = read("corrected-values.txt");
    Histogram a = new Histogram(1, 3600000000000L, 3);
    Histogram b = new Histogram(1000, 3600000000000L, 2);
    Histogram d = new Histogram(1, 100000000000L, 5);
    for (long v : vs) { a.recordValue(v); b.recordValue(v); d.recordValue(v); }
    Histogram c = new Histogram(1, 3600000000000L, 3);
    for (long v : cs) c.recordValueWithExpectedInterval(v, 1000000L);
    Histogram e = new Histogram(1, 3600000000000L, 3);
    e.recordValue(5, 3); e.recordValue(1000, 1); e.recordValue(0, 2);
    System.out.println("{\"source\": \"org.hdrhistogram:HdrHistogram:2.2.2 (Java " + System.getProperty("java.version") + "), test/data/jitter/HdrReference.java\",");
    System.out.println(dump("digits3", a) + ",");
    System.out.println(dump("digits2lowest1000", b) + ",");
    System.out.println(dump("digits5", d) + ",");
    System.out.println(dump("corrected", c) + ",");
    System.out.println(dump("small", e));
    System.out.println("}");
  }
}
