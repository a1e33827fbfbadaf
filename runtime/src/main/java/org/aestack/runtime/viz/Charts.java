package org.aestack.runtime.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.train.EpochRecord;

/** Plots as PNG files: a 2-D scatter coloured by label with a legend, and loss curves per phase. */
public final class Charts {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 560;
    private static final int MARGIN = 56;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private Charts() {}

    /**
     * Writes a scatter plot of the first two columns of {@code points}, each point coloured by its
     * label, with a legend of {@code classNames}.
     */
    public static void scatter(DataSet points, String[] classNames, String title, Path file) throws IOException {
        if (points.cols() < 2 || !points.hasLabels()) {
            throw new IllegalArgumentException("a scatter plot needs labelled points of 2 or more columns, not " + points);
        }
        float[] p = points.toArray();
        int c = points.cols();
        float minX = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, minY = Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (int r = 0; r < points.rows(); r++) {
            minX = Math.min(minX, p[r * c]);
            maxX = Math.max(maxX, p[r * c]);
            minY = Math.min(minY, p[r * c + 1]);
            maxY = Math.max(maxY, p[r * c + 1]);
        }
        BufferedImage image = canvas();
        Graphics2D g = graphics(image);
        int plotRight = WIDTH - 170;
        frame(g, title, plotRight);
        for (int r = 0; r < points.rows(); r++) {
            int x = MARGIN + Math.round((p[r * c] - minX) / Math.max(1e-9f, maxX - minX) * (plotRight - MARGIN));
            int y = HEIGHT - MARGIN - Math.round((p[r * c + 1] - minY) / Math.max(1e-9f, maxY - minY) * (HEIGHT - 2 * MARGIN));
            Color color = PALETTE[points.label(r) % PALETTE.length];
            g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 150));
            g.fillOval(x - 2, y - 2, 4, 4);
        }
        for (int k = 0; k < Math.min(classNames.length, points.classes()); k++) {
            int y = MARGIN + 10 + 22 * k;
            g.setColor(PALETTE[k % PALETTE.length]);
            g.fillOval(plotRight + 20, y - 6, 10, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(classNames[k], plotRight + 38, y + 4);
        }
        write(image, file);
    }

    /** Writes the mean training loss per epoch, one line per phase, with a legend. */
    public static void lossCurves(List<EpochRecord> history, Path file) throws IOException {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("there is no training history to plot");
        }
        Map<String, List<EpochRecord>> phases = new LinkedHashMap<>();
        for (EpochRecord r : history) {
            phases.computeIfAbsent(r.phase(), key -> new ArrayList<>()).add(r);
        }
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        int maxEpoch = 1;
        for (EpochRecord r : history) {
            lo = Math.min(lo, r.meanLoss());
            hi = Math.max(hi, r.meanLoss());
            maxEpoch = Math.max(maxEpoch, r.epoch());
        }
        BufferedImage image = canvas();
        Graphics2D g = graphics(image);
        int plotRight = WIDTH - 220;
        frame(g, "training loss per epoch (mean per sample)", plotRight);
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "%.1f", hi), 4, MARGIN + 4);
        g.drawString(String.format(Locale.ROOT, "%.1f", lo), 4, HEIGHT - MARGIN);
        g.drawString("epoch 1", MARGIN, HEIGHT - MARGIN + 18);
        g.drawString("epoch " + maxEpoch, plotRight - 50, HEIGHT - MARGIN + 18);
        int k = 0;
        g.setStroke(new BasicStroke(2f));
        for (var phase : phases.entrySet()) {
            Color color = PALETTE[k % PALETTE.length];
            g.setColor(color);
            int px = -1;
            int py = -1;
            for (EpochRecord r : phase.getValue()) {
                int x = MARGIN + (maxEpoch == 1 ? 0 : Math.round((r.epoch() - 1f) / (maxEpoch - 1) * (plotRight - MARGIN)));
                int y = HEIGHT - MARGIN - (int) Math.round((r.meanLoss() - lo) / Math.max(1e-9, hi - lo) * (HEIGHT - 2 * MARGIN));
                g.fillOval(x - 3, y - 3, 6, 6);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            int ly = MARGIN + 10 + 22 * k;
            g.fillRect(plotRight + 16, ly - 5, 14, 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(phase.getKey(), plotRight + 36, ly + 1);
            k++;
        }
        write(image, file);
    }

    private static BufferedImage canvas() {
        return new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static void frame(Graphics2D g, String title, int plotRight) {
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(MARGIN, MARGIN, plotRight - MARGIN, HEIGHT - 2 * MARGIN);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, MARGIN, MARGIN - 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        Png.write(image, file);
    }
}
