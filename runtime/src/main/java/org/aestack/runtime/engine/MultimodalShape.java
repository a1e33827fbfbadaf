package org.aestack.runtime.engine;

import java.util.ArrayList;
import java.util.List;
import org.aestack.dsl.UnitType;

/**
 * The graph of a multimodal deep Boltzmann machine (Srivastava and Salakhutdinov 2012): one pathway
 * per modality, each a chain of layers from its own visible units up, and a joint layer coupled to
 * the top layer of every pathway. The graph is a tree, so its layers fall in two classes, each
 * independent of the other given it: the layers an even number of steps from the joint layer and
 * those an odd number of steps away.
 *
 * <p>Layers (nodes) are numbered pathway by pathway, each from its visible layer up, the joint layer
 * last. Weight matrices (edges) likewise: pathway p's edge l joins its layers l and l + 1, then one
 * edge per pathway from its top layer to the joint layer. Edge e's weights are
 * {@code size(upper(e)) × size(lower(e))}, row-major, as in {@link DeepBoltzmann}.
 */
public final class MultimodalShape {
    /**
     * A modality's pathway: its name, the kind of its visible units, the units of its layers (the
     * visible layer first and then at least one hidden layer; hidden units are Bernoulli), and for
     * replicated softmax visible units (word counts) the document length D every row has, which
     * scales the biases of the first hidden layer; 0 for the other kinds.
     */
    public record Pathway(String name, UnitType visible, int[] sizes, int length) {
        /** A pathway of Bernoulli or Gaussian visible units. */
        public Pathway(String name, UnitType visible, int[] sizes) {
            this(name, visible, sizes, 0);
        }

        public Pathway {
            if (sizes.length < 2) {
                throw new IllegalArgumentException("pathway " + name + " needs its visible layer and at least one hidden layer");
            }
            for (int s : sizes) {
                if (s < 1) {
                    throw new IllegalArgumentException("pathway " + name + " has a layer of " + s + " units");
                }
            }
            if ((visible == UnitType.REPLICATED_SOFTMAX) != (length > 0) || length < 0) {
                throw new IllegalArgumentException("pathway " + name + ": a document length D > 0 goes with replicated softmax"
                        + " visible units, and only with them; " + visible + " with " + length);
            }
            sizes = sizes.clone();
        }

        @Override
        public int[] sizes() {
            return sizes.clone();
        }

        /** The units of this pathway's visible layer. */
        public int input() {
            return sizes[0];
        }
    }

    private final List<Pathway> pathways;
    private final int joint;
    private final int[] size;
    private final UnitType[] units;
    private final int[] pathwayOf;
    private final int[] visibleNode;
    private final int[] lower;
    private final int[] upper;
    private final int[] parity;
    private final int[][] below;
    private final int[][] above;

    /**
     * @param pathways at least one: with one, the machine is a chain DBM whose top layer is the
     *     joint layer (a single modality's DBM, its visible units Gaussian or Bernoulli)
     * @param joint the units of the joint layer
     */
    public MultimodalShape(List<Pathway> pathways, int joint) {
        if (pathways.isEmpty()) {
            throw new IllegalArgumentException("a multimodal machine needs at least one pathway");
        }
        if (joint < 1) {
            throw new IllegalArgumentException("the joint layer needs at least one unit, not " + joint);
        }
        this.pathways = List.copyOf(pathways);
        this.joint = joint;
        int nodes = 1;
        int edges = 0;
        for (Pathway p : pathways) {
            nodes += p.sizes.length;
            edges += p.sizes.length;
        }
        size = new int[nodes];
        units = new UnitType[nodes];
        pathwayOf = new int[nodes];
        parity = new int[nodes];
        visibleNode = new int[pathways.size()];
        lower = new int[edges];
        upper = new int[edges];
        int node = 0;
        int edge = 0;
        int jointNode = nodes - 1;
        for (int p = 0; p < pathways.size(); p++) {
            int[] s = pathways.get(p).sizes;
            visibleNode[p] = node;
            for (int l = 0; l < s.length; l++) {
                size[node + l] = s[l];
                units[node + l] = l == 0 ? pathways.get(p).visible() : UnitType.BERNOULLI;
                pathwayOf[node + l] = p;
                parity[node + l] = (s.length - l) % 2;
                if (l + 1 < s.length) {
                    lower[edge] = node + l;
                    upper[edge] = node + l + 1;
                    edge++;
                }
            }
            node += s.length;
        }
        for (int p = 0; p < pathways.size(); p++) {
            lower[edge] = visibleNode[p] + pathways.get(p).sizes.length - 1;
            upper[edge] = jointNode;
            edge++;
        }
        size[jointNode] = joint;
        units[jointNode] = UnitType.BERNOULLI;
        pathwayOf[jointNode] = -1;
        below = new int[nodes][];
        above = new int[nodes][];
        for (int n = 0; n < nodes; n++) {
            List<Integer> b = new ArrayList<>();
            List<Integer> a = new ArrayList<>();
            for (int e = 0; e < edges; e++) {
                if (upper[e] == n) {
                    b.add(e);
                }
                if (lower[e] == n) {
                    a.add(e);
                }
            }
            below[n] = b.stream().mapToInt(Integer::intValue).toArray();
            above[n] = a.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    public List<Pathway> pathways() {
        return pathways;
    }

    /** The units of the joint layer. */
    public int joint() {
        return joint;
    }

    /** The layers of the whole machine, visible ones included. */
    public int nodes() {
        return size.length;
    }

    /** The weight matrices. */
    public int edges() {
        return lower.length;
    }

    /** The joint layer's node. */
    public int jointNode() {
        return size.length - 1;
    }

    /** Pathway p's layer l (0: its visible layer). */
    public int node(int p, int l) {
        if (l < 0 || l >= pathways.get(p).sizes.length) {
            throw new IndexOutOfBoundsException("pathway " + pathways.get(p).name() + " has no layer " + l);
        }
        return visibleNode[p] + l;
    }

    /** Pathway p's visible layer. */
    public int visibleNode(int p) {
        return visibleNode[p];
    }

    /** The edge joining pathway p's top layer to the joint layer. */
    public int jointEdge(int p) {
        return edges() - pathways.size() + p;
    }

    /** The pathway whose name this is. */
    public int pathway(String name) {
        for (int p = 0; p < pathways.size(); p++) {
            if (pathways.get(p).name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no pathway is called " + name);
    }

    public int size(int node) {
        return size[node];
    }

    /** The units of every node, in node order. */
    public int[] sizes() {
        return size.clone();
    }

    public UnitType units(int node) {
        return units[node];
    }

    /** Whether the node is a pathway's visible layer. */
    public boolean isVisible(int node) {
        return node != jointNode() && visibleNode[pathwayOf[node]] == node;
    }

    /** The pathway a node belongs to; −1 for the joint layer. */
    public int pathwayOf(int node) {
        return pathwayOf[node];
    }

    public int lower(int edge) {
        return lower[edge];
    }

    public int upper(int edge) {
        return upper[edge];
    }

    /** The number of weights of an edge. */
    public int weights(int edge) {
        return size[upper[edge]] * size[lower[edge]];
    }

    /** The edges from the nodes below this one into it. */
    public int[] edgesBelow(int node) {
        return below[node].clone();
    }

    /** The edges from this node to the nodes above it. */
    public int[] edgesAbove(int node) {
        return above[node].clone();
    }

    int[] below(int node) {
        return below[node];
    }

    int[] above(int node) {
        return above[node];
    }

    /**
     * What a node's biases are multiplied by in its input: a pathway's document length D for the
     * first hidden layer above word counts, 1 for every other node.
     */
    public float biasScale(int node) {
        if (node == jointNode() || isVisible(node)) {
            return 1f;
        }
        Pathway p = pathways.get(pathwayOf[node]);
        return p.length() > 0 && node == visibleNode[pathwayOf[node]] + 1 ? p.length() : 1f;
    }

    /** The document length of the pathway whose visible layer {@code node} is; 0 when it is not word counts. */
    public int length(int node) {
        return isVisible(node) ? pathways.get(pathwayOf[node]).length() : 0;
    }

    /** 0 for a node an even number of steps from the joint layer, 1 for an odd number. */
    public int parity(int node) {
        return parity[node];
    }

    /**
     * The class of layers with no visible layer in it, which can be enumerated and sampled first;
     * −1 when the pathways' depths differ in parity and both classes hold visible layers.
     */
    public int hiddenClass() {
        boolean[] hasVisible = new boolean[2];
        for (int v : visibleNode) {
            hasVisible[parity[v]] = true;
        }
        return hasVisible[0] && hasVisible[1] ? -1 : hasVisible[0] ? 1 : 0;
    }

    /** The units of a class of layers together. */
    public int classUnits(int parityClass) {
        int n = 0;
        for (int node = 0; node < size.length; node++) {
            if (parity[node] == parityClass) {
                n += size[node];
            }
        }
        return n;
    }
}
