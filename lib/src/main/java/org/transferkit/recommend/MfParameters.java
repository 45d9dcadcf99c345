package org.transferkit.recommend;

/**
 * The mutable parameters of a biased matrix factorisation while it trains, in dense rows: the global mean
 * {@code mu} (fixed), user biases {@code bu} and factors {@code p}, item biases {@code bi} and factors {@code q}, the
 * anchors {@code bu0}, {@code p0} that the user parameters are pulled towards (zero, or a source model's values), and
 * which users' factors are frozen. {@link MatrixFactorization} trains one and keeps a copy; the tests check its
 * gradient and its step.
 *
 * <p>The objective over the ratings {@code (u, i, r)} is
 * <pre>
 *   L = sum over ratings of  1/2 e^2 + l2/2 ((bu[u] - bu0[u])^2 + bi[i]^2 + |p[u] - p0[u]|^2 + |q[i]|^2),
 *   e = r - (mu + bu[u] + bi[i] + p[u] . q[i]),
 * </pre>
 * the penalty counted once per rating (as in Funk's SGD), so that one SGD step on one rating is a gradient step on
 * that rating's term. Frozen users' factors are constants: their term does not change with the other parameters.
 */
final class MfParameters {

    final double mu;
    final double[] bu;
    final double[] bi;
    final double[][] p;
    final double[][] q;
    final double[] bu0;
    final double[][] p0;
    final boolean[] frozen;

    MfParameters(double mu, double[] bu, double[] bi, double[][] p, double[][] q, double[] bu0, double[][] p0,
                 boolean[] frozen) {
        this.mu = mu;
        this.bu = bu;
        this.bi = bi;
        this.p = p;
        this.q = q;
        this.bu0 = bu0;
        this.p0 = p0;
        this.frozen = frozen;
    }

    /** A deep copy. */
    MfParameters copy() {
        return new MfParameters(mu, bu.clone(), bi.clone(), deep(p), deep(q), bu0.clone(), deep(p0), frozen.clone());
    }

    static double[][] deep(double[][] a) {
        double[][] c = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            c[r] = a[r].clone();
        }
        return c;
    }

    /** The model's estimate for user row {@code u} and item row {@code i} (no clipping). */
    double estimate(int u, int i) {
        double s = mu + bu[u] + bi[i];
        double[] pu = p[u];
        double[] qi = q[i];
        for (int f = 0; f < pu.length; f++) {
            s += pu[f] * qi[f];
        }
        return s;
    }

    /**
     * One SGD step on the rating {@code r} of user row {@code u} for item row {@code i}: every parameter of this
     * rating's term moves against its gradient, all computed from the values before the step. Returns the error
     * {@code e} before the step.
     */
    double step(int u, int i, double r, double lr, double l2) {
        double e = r - estimate(u, i);
        bu[u] += lr * (e - l2 * (bu[u] - bu0[u]));
        bi[i] += lr * (e - l2 * bi[i]);
        double[] pu = p[u];
        double[] qi = q[i];
        double[] pu0 = p0[u];
        boolean learnUser = !frozen[u];
        for (int f = 0; f < pu.length; f++) {
            double pf = pu[f];
            double qf = qi[f];
            if (learnUser) {
                pu[f] += lr * (e * qf - l2 * (pf - pu0[f]));
            }
            qi[f] += lr * (e * pf - l2 * qf);
        }
        return e;
    }

    /** The objective {@code L} (see the class comment) over rows {@code users[n], items[n]} with ratings {@code stars[n]}. */
    double loss(int[] users, int[] items, double[] stars, double l2) {
        double total = 0;
        for (int n = 0; n < users.length; n++) {
            int u = users[n];
            int i = items[n];
            double e = stars[n] - estimate(u, i);
            double penalty = sq(bu[u] - bu0[u]) + sq(bi[i]);
            for (int f = 0; f < p[u].length; f++) {
                penalty += sq(p[u][f] - p0[u][f]) + sq(q[i][f]);
            }
            total += 0.5 * e * e + 0.5 * l2 * penalty;
        }
        return total;
    }

    /**
     * The gradient of {@link #loss} with respect to every bias and factor, in a parameter set of the same shape
     * (its {@code mu}, anchors and frozen flags are this one's). Frozen users' factors get their gradient too (the
     * step does not use it).
     */
    MfParameters gradient(int[] users, int[] items, double[] stars, double l2) {
        int factors = p.length > 0 ? p[0].length : q.length > 0 ? q[0].length : 0;
        MfParameters g = new MfParameters(mu, new double[bu.length], new double[bi.length],
                new double[p.length][factors], new double[q.length][factors], bu0, p0, frozen);
        for (int n = 0; n < users.length; n++) {
            int u = users[n];
            int i = items[n];
            double e = stars[n] - estimate(u, i);
            g.bu[u] += -e + l2 * (bu[u] - bu0[u]);
            g.bi[i] += -e + l2 * bi[i];
            for (int f = 0; f < factors; f++) {
                g.p[u][f] += -e * q[i][f] + l2 * (p[u][f] - p0[u][f]);
                g.q[i][f] += -e * p[u][f] + l2 * q[i][f];
            }
        }
        return g;
    }

    private static double sq(double x) {
        return x * x;
    }
}
