# Tiny bimodal DBM: Gaussian image pathway v_m - h1m - h2m, RSM text pathway v_t - h1t - h2t, joint h3.
# Checks: (1) log Z by enumerating the odd class {h1m, h3, h1t} with the even layers {v_m, h2m, h2t, v_t}
# summed out in closed form equals brute force; (2) exact p(v_t | v_m); (3) the mean-field bound on
# log p(v_m) with v_t missing is below the exact value and rises monotonically over sweeps.
import itertools, math
import numpy as np
_trapezoid = getattr(np, "trapezoid", None) or np.trapz  # numpy < 2 calls it trapz
rng = np.random.default_rng(1)
nm, n1m, n2m, n3, n2t, n1t, K, D = 1, 2, 2, 2, 2, 2, 3, 2
g = lambda *s: rng.normal(0, 0.8, s)
W1m, W2m, W3m, W3t, W2t, W1t = g(n1m, nm), g(n2m, n1m), g(n3, n2m), g(n3, n2t), g(n2t, n1t), g(n1t, K)
bm, c1m, c2m, c3, c2t, c1t, bt = g(nm), g(n1m), g(n2m), g(n3), g(n2t), g(n1t), g(K)
bits = lambda n: [np.array(x, float) for x in itertools.product([0, 1], repeat=n)]
sp = lambda x: np.logaddexp(0, x)
lse = lambda x: (lambda m: m + math.log(np.exp(np.asarray(x) - m).sum()))(np.max(x))
def odd_term(h1m, h3, h1t, vm=None, vt=None):
    """log of the sum over the even layers given the odd ones; v_m / v_t clamped when given."""
    t = c1m @ h1m + c3 @ h3 + D * (c1t @ h1t)
    u = W1m.T @ h1m
    t += (-(0.5 * (vm - bm) ** 2).sum() + vm @ u) if vm is not None else (bm @ u + 0.5 * u @ u + nm * 0.5 * math.log(2 * math.pi)).sum()
    t += sp(c2m + W2m @ h1m + W3m.T @ h3).sum() + sp(c2t + W2t @ h1t + W3t.T @ h3).sum()
    s = bt + W1t.T @ h1t
    t += (s @ vt) if vt is not None else D * lse(s)   # vt: counts of one ordered sequence
    return t
odd = [(a, b, c) for a in bits(n1m) for b in bits(n3) for c in bits(n1t)]
logZ = lse([odd_term(*o) for o in odd])
# brute force: all binary hidden states and all ordered word sequences, v_m integrated on a grid
grid = np.linspace(-30, 30, 120001)
def negE(vm, h1m, h2m, h3, h2t, h1t, c):
    return (-(0.5 * (vm - bm[0]) ** 2) + (h1m @ W1m[:, 0]) * vm + h2m @ W2m @ h1m + h3 @ W3m @ h2m + h3 @ W3t @ h2t
            + h2t @ W2t @ h1t + h1t @ W1t @ c + bt @ c + D * (c1t @ h1t) + c1m @ h1m + c2m @ h2m + c3 @ h3 + c2t @ h2t)
def counts(V):
    c = np.zeros(K)
    for w in V: c[w] += 1
    return c
seqs = [counts(V) for V in itertools.product(range(K), repeat=D)]
terms = []
for h1m, h2m, h3, h2t, h1t in itertools.product(bits(n1m), bits(n2m), bits(n3), bits(n2t), bits(n1t)):
    for c in seqs:
        f = negE(grid, h1m, h2m, h3, h2t, h1t, c)
        m = f.max(); terms.append(m + math.log(_trapezoid(np.exp(f - m), grid)))
print("log Z  odd-class enumeration %.9f   brute force %.9f" % (logZ, lse(terms)))
# exact conditional p(v_t = sequence | v_m)
vm = np.array([0.7])
log_pm = lse([odd_term(*o, vm=vm) for o in odd]) - logZ
cond = [math.exp(lse([odd_term(*o, vm=vm, vt=c) for o in odd]) - logZ - log_pm) for c in seqs]  # one per ordered sequence
print("sum over the K^D ordered sequences of p(v_t | v_m) = %.12f" % sum(cond))
# mean-field bound on log p(v_m) with v_t missing: q factorizes over every hidden unit and over the D word slots
sig = lambda x: 1 / (1 + np.exp(-x))
H = lambda p: -(p * np.log(np.clip(p, 1e-300, 1)) + (1 - p) * np.log(np.clip(1 - p, 1e-300, 1))).sum()
mu = {k: np.full(n, 0.5) for k, n in dict(h1m=n1m, h2m=n2m, h3=n3, h2t=n2t, h1t=n1t).items()}
pi = np.full(K, 1.0 / K)
def bound():
    e = (-(0.5 * (vm - bm) ** 2).sum() + mu['h1m'] @ W1m @ vm + mu['h2m'] @ W2m @ mu['h1m'] + mu['h3'] @ W3m @ mu['h2m']
         + mu['h3'] @ W3t @ mu['h2t'] + mu['h2t'] @ W2t @ mu['h1t'] + mu['h1t'] @ W1t @ (D * pi) + bt @ (D * pi)
         + D * (c1t @ mu['h1t']) + c1m @ mu['h1m'] + c2m @ mu['h2m'] + c3 @ mu['h3'] + c2t @ mu['h2t'])
    return e + sum(H(m) for m in mu.values()) - D * (pi * np.log(pi)).sum() - logZ
prev = -np.inf
for sweep in range(50):
    mu['h1m'] = sig(W1m @ vm + W2m.T @ mu['h2m'] + c1m)
    mu['h2m'] = sig(W2m @ mu['h1m'] + W3m.T @ mu['h3'] + c2m)
    mu['h3'] = sig(W3m @ mu['h2m'] + W3t @ mu['h2t'] + c3)
    mu['h2t'] = sig(W3t.T @ mu['h3'] + W2t @ mu['h1t'] + c2t)
    mu['h1t'] = sig(W2t.T @ mu['h2t'] + W1t @ (D * pi) + D * c1t)
    s = bt + W1t.T @ mu['h1t']; pi = np.exp(s - s.max()); pi /= pi.sum()
    L = bound(); assert L >= prev - 1e-12, (sweep, L, prev); prev = L
print("log p(v_m) exact %.6f   mean-field bound %.6f  (bound <= exact: %s)" % (log_pm, prev, prev <= log_pm))
