package io.tributary.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The load run's chart, one PNG: on the left the sustained end-to-end throughput against the offered rate (with
 * the rate the database took and the line where they are equal), on the right the commit-to-receipt latency
 * p50, p95 and p99 against the offered rate on a log scale.
 */
final class LoadChart {

    private LoadChart() {
    }

    static void write(JsonNode results, Path png) throws IOException {
        List<Double> offered = new ArrayList<>();
        List<Double> committed = new ArrayList<>();
        List<Double> delivered = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p95 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (JsonNode step : results.path("steps")) {
            offered.add(step.path("offeredRate").asDouble());
            committed.add(step.path("commitRate").asDouble());
            delivered.add(step.path("sustainedThroughput").asDouble());
            // a step with rows missing shows the latency of those that arrived (the JSON says how many did not)
            JsonNode latency = step.path("latencyMs").path("commitToReceipt");
            // a log axis cannot show zero
            p50.add(Math.max(0.1, latency.path("p50").asDouble()));
            p95.add(Math.max(0.1, latency.path("p95").asDouble()));
            p99.add(Math.max(0.1, latency.path("p99").asDouble()));
        }
        String label = results.path("label").asText("");
        JsonNode ceiling = results.path("kafkaCeiling");
        String subtitle = ceiling.isMissingNode() ? "" : String.format(" (Kafka ceiling on the same broker: produce %,d/s,"
                + " consume %,d/s)", ceiling.path("produce").path("recordsPerSecond").asLong(),
                ceiling.path("consume").path("recordsPerSecond").asLong());

        XYChart throughput = new XYChartBuilder().width(760).height(520)
                .title("Throughput" + (label.isEmpty() ? "" : ", " + label))
                .xAxisTitle("offered row changes/s").yAxisTitle("row changes/s").build();
        style(throughput);
        double max = offered.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        throughput.addSeries("offered (= line)", new double[] {0, max}, new double[] {0, max})
                .setMarker(SeriesMarkers.NONE).setLineColor(Color.LIGHT_GRAY);
        throughput.addSeries("committed to PostgreSQL", offered, committed).setMarker(SeriesMarkers.DIAMOND);
        throughput.addSeries("delivered, sustained", offered, delivered).setMarker(SeriesMarkers.CIRCLE);

        XYChart latency = new XYChartBuilder().width(760).height(520)
                .title("Commit-to-receipt latency" + (label.isEmpty() ? "" : ", " + label))
                .xAxisTitle("offered row changes/s").yAxisTitle("ms (log scale)").build();
        style(latency);
        latency.getStyler().setYAxisLogarithmic(true);
        latency.addSeries("p50", offered, p50).setMarker(SeriesMarkers.CIRCLE);
        latency.addSeries("p95", offered, p95).setMarker(SeriesMarkers.SQUARE);
        latency.addSeries("p99", offered, p99).setMarker(SeriesMarkers.DIAMOND);
        latency.addSeries("p99 target at 1,000/s: 250 ms", new double[] {0, max}, new double[] {250, 250})
                .setMarker(SeriesMarkers.NONE).setLineColor(Color.LIGHT_GRAY);
        latency.getStyler().setYAxisDecimalPattern("#,##0.#");

        BufferedImage left = BitmapEncoder.getBufferedImage(throughput);
        BufferedImage right = BitmapEncoder.getBufferedImage(latency);
        int header = 34;
        BufferedImage image = new BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()) + header, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        graphics.setColor(Color.BLACK);
        graphics.setFont(graphics.getFont().deriveFont(15f));
        graphics.drawString("Tributary end to end: PostgreSQL commit -> capture -> router -> webhook receiver"
                + subtitle, 12, 22);
        graphics.drawImage(left, 0, header, null);
        graphics.drawImage(right, left.getWidth(), header, null);
        graphics.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setXAxisMin(0.0);
    }
}
