# Brute-force checks of the replicated-softmax (RSM) formulas used in multimodal.md.
# Convention: a document is D ordered word slots, each a K-way softmax sharing W (Salakhutdinov & Hinton 2009).
import itertools, math
import numpy as np
rng = np.random.default_rng(0)
K, F, D = 3, 2, 3
W = rng.normal(0, 0.7, (F, K)); b = rng.normal(0, 0.5, K); a = rng.normal(0, 0.5, F)
def hs():
    return [np.array(h, float) for h in itertools.product([0, 1], repeat=F)]
def counts(V):  # V: tuple of word ids, length D
    c = np.zeros(K); [c.__setitem__(w, c[w] + 1) for w in V]; return c
def negE(c, h):  # -E(V,h) = b.c + h.W c + D a.h
    return b @ c + h @ W @ c + D * (a @ h)
# 1) Z by enumerating ordered sequences and hidden states
Z_seq = sum(math.exp(negE(counts(V), h)) for V in itertools.product(range(K), repeat=D) for h in hs())
# 2) closed form over hidden states
Z_h = sum(math.exp(D * (a @ h)) * (np.exp(b + W.T @ h).sum()) ** D for h in hs())
# 3) over count vectors with the multinomial coefficient
def count_vectors():
    for c in itertools.product(range(D + 1), repeat=K):
        if sum(c) == D: yield np.array(c, float)
mult = lambda c: math.factorial(D) / np.prod([math.factorial(int(x)) for x in c])
softplus = lambda x: np.logaddexp(0, x)
Z_cnt = sum(mult(c) * math.exp(b @ c + softplus(W @ c + D * a).sum()) for c in count_vectors())
Z_cnt_nocoef = sum(math.exp(b @ c + softplus(W @ c + D * a).sum()) for c in count_vectors())
print("log Z: sequences %.10f  closed-form-over-h %.10f  counts-with-coef %.10f  counts-without-coef %.10f"
      % (math.log(Z_seq), math.log(Z_h), math.log(Z_cnt), math.log(Z_cnt_nocoef)))
# 4) exact gradient of mean log p(V) on a tiny data set vs finite differences
data = [np.array(c) for c in ([2, 1, 0], [0, 0, 3], [1, 1, 1])]
def logp(W_, b_, a_, c):
    F_ = -(b_ @ c) - softplus(W_ @ c + D * a_).sum()
    Z_ = sum(math.exp(D * (a_ @ h)) * (np.exp(b_ + W_.T @ h).sum()) ** D for h in hs())
    return -F_ - math.log(Z_)
def mean_ll(W_, b_, a_):
    return np.mean([logp(W_, b_, a_, c) for c in data])
sig = lambda x: 1 / (1 + np.exp(-x))
# model expectations, exactly, over (h, counts)
Zc = 0; EhV = np.zeros((F, K)); Eh = np.zeros(F); EV = np.zeros(K)
for c in count_vectors():
    for h in hs():
        p = mult(c) * math.exp(negE(c, h)); Zc += p; EhV += p * np.outer(h, c); Eh += p * h; EV += p * c
EhV /= Zc; Eh /= Zc; EV /= Zc
dW = np.mean([np.outer(sig(W @ c + D * a), c) for c in data], 0) - EhV
db = np.mean(data, 0) - EV
da = D * (np.mean([sig(W @ c + D * a) for c in data], 0) - Eh)
eps = 1e-6; num = np.zeros_like(W)
for j in range(F):
    for k in range(K):
        Wp = W.copy(); Wp[j, k] += eps; Wm = W.copy(); Wm[j, k] -= eps
        num[j, k] = (mean_ll(Wp, b, a) - mean_ll(Wm, b, a)) / (2 * eps)
numa = np.array([(mean_ll(W, b, a + eps * np.eye(F)[j]) - mean_ll(W, b, a - eps * np.eye(F)[j])) / (2 * eps) for j in range(F)])
numb = np.array([(mean_ll(W, b + eps * np.eye(K)[k], a) - mean_ll(W, b - eps * np.eye(K)[k], a)) / (2 * eps) for k in range(K)])
print("max |dW - fd| %.2e  |da - fd| %.2e  |db - fd| %.2e" % (abs(dW - num).max(), abs(da - numa).max(), abs(db - numb).max()))
