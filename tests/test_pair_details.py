"""Behaviour of single pairs that the generic checks cannot state."""

import re

import numpy as np
import pytest

from algorithms.naive_bayes import framework, scratch
from parity.registry import discover


@pytest.mark.parametrize("X", [np.ones((5, 3)), np.array([[1.0, 2.0]])],
                         ids=["constant features", "one sample"])
def test_naive_bayes_refuses_data_without_variance_on_both_sides(X):
    y = np.zeros(len(X))
    messages = []
    for side in (scratch, framework):
        with pytest.raises(ValueError, match="every feature of X is constant") as info:
            side.GaussianNB().fit(X, y)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_gradient_descent_on_a_parabola_follows_the_closed_form():
    """(x - 3)^2 from x = 10 at lr 0.1: x_t = 3 + 7 * 0.8^t, worked out by hand."""
    from algorithms.optimizers import framework as torch_side
    from algorithms.optimizers import scratch as numpy_side
    from algorithms.optimizers.lesson import descend

    expected = [3 + 7 * 0.8**t for t in range(1, 31)]
    for side in (numpy_side, torch_side):
        np.testing.assert_allclose(descend(side, "SGD", 30, lr=0.1), expected, rtol=1e-12)


def test_batch_norm_running_statistics_match_torch():
    """The running mean and (unbiased) variance after a few batches, as nn.BatchNorm1d has."""
    import torch

    from algorithms.normalization import framework as torch_side
    from algorithms.normalization import scratch as numpy_side

    rng = np.random.default_rng(0)
    mean, var = np.zeros(4), np.ones(4)
    mean_t, var_t = torch.zeros(4, dtype=torch.float64), torch.ones(4, dtype=torch.float64)
    for _ in range(3):
        X = rng.normal(3.0, 2.0, (16, 4))
        mean, var = numpy_side.update_running_stats(mean, var, X)
        mean_t, var_t = torch_side.update_running_stats(mean_t, var_t, torch.from_numpy(X))
    np.testing.assert_allclose(mean, mean_t.numpy(), rtol=1e-12)
    np.testing.assert_allclose(var, var_t.numpy(), rtol=1e-12)
    biased = (1 - 0.1) * 1.0 + 0.1 * X.var(axis=0)              # what a biased update would give
    assert not np.allclose(var, biased, rtol=1e-6)


def test_torch_dropout_keeps_one_minus_p_and_rescales():
    """F.dropout draws its own mask, so parity shares one instead; this checks that F.dropout
    itself drops a share p and rescales by 1 / (1 - p), as the shared-mask version does."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    Y = F.dropout(torch.ones(200_000, dtype=torch.float64), p=0.3, training=True)
    kept = Y != 0
    assert abs(kept.double().mean().item() - 0.7) < 0.005       # ~8 standard errors
    np.testing.assert_allclose(Y[kept].numpy(), 1 / 0.7)


def test_shift_moves_every_pixel_and_zeros_the_emptied_edge():
    from algorithms.cnn.lesson import shift

    image = np.arange(1.0, 17.0).reshape(1, 16)                   # one 4 x 4 image
    right = shift(image, 1, 0, side=4).reshape(4, 4)
    assert np.array_equal(right[:, 0], np.zeros(4))
    assert np.array_equal(right[:, 1:], image.reshape(4, 4)[:, :3])
    up = shift(image, 0, -1, side=4).reshape(4, 4)
    assert np.array_equal(up[3], np.zeros(4))
    assert np.array_equal(up[:3], image.reshape(4, 4)[1:])


def test_cnn_lesson_trains_both_sides_alike_and_writes_its_plot(tmp_path, capsys):
    from algorithms.cnn.lesson import main

    plot = tmp_path / "loss.png"
    main(["--epochs", "2", "--plot", str(plot)])
    table = capsys.readouterr().out
    assert plot.stat().st_size > 0
    rows = [line for line in table.splitlines() if line.startswith(("MLP", "LeNet"))]
    assert len(rows) == 2
    for row in rows:
        ours, theirs = row.split()[-7], row.split()[-5]            # test accuracy, both sides
        assert ours == theirs
        assert float(ours.rstrip("%")) > 30                        # chance is 10%
        assert float(row.split()[-1]) < 1e-12                     # parameters agree


def test_polynomial_lesson_degree_two_reaches_the_noise_floor():
    from algorithms.polynomial_regression.lesson import main

    rows = main()                                 # (degree, mse, r2, mse_sklearn, r2_sklearn)
    mse = {degree: ours for degree, ours, _, _, _ in rows}
    assert mse[1] > 2 * mse[2]                    # a line misses the curvature
    assert 0.8 < mse[2] < 1.2                     # the noise variance is 1
    for _, ours, r2, theirs, r2_theirs in rows:
        assert ours == pytest.approx(theirs, rel=1e-9)
        assert r2 == pytest.approx(r2_theirs, rel=1e-9)


def test_monomial_powers_follow_scikit_learns_order():
    from sklearn.preprocessing import PolynomialFeatures

    from algorithms.polynomial_regression.scratch import monomial_powers

    for n_features, degree in [(1, 4), (2, 2), (3, 3), (5, 2)]:
        expected = PolynomialFeatures(degree, include_bias=False).fit(
            np.zeros((1, n_features))).powers_
        assert np.array_equal(monomial_powers(n_features, degree), expected)


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_pca_refuses_one_sample_on_both_sides(side):
    from algorithms.pca import framework as pca_framework
    from algorithms.pca import scratch as pca_scratch

    module = pca_scratch if side == "scratch" else pca_framework
    with pytest.raises(ValueError, match="PCA needs at least 2 samples"):
        module.PCA().fit(np.ones((1, 3)))


@pytest.mark.parametrize("model", ["KNeighborsClassifier", "KNeighborsRegressor"])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_knn_agrees_on_duplicated_points_neighbour_for_neighbour(model, weights):
    import data
    from algorithms.knn import framework as knn_framework
    from algorithms.knn import scratch as knn_scratch

    rng = np.random.default_rng(0)
    X, y = data.binary_blobs(rng, n_samples=40, n_features=3)
    X, y = np.vstack([X, X, X]), np.concatenate([y, y, y])         # every point three times
    queries = X[:20] + 0.05 * rng.standard_normal((20, 3))
    ours = getattr(knn_scratch, model)(5, weights=weights).fit(X, y)
    theirs = getattr(knn_framework, model)(5, weights=weights).fit(X, y)
    (d_ours, i_ours), (d_theirs, i_theirs) = ours.kneighbors(queries), theirs.kneighbors(queries)
    np.testing.assert_allclose(d_ours, d_theirs, rtol=1e-12)
    np.testing.assert_array_equal(i_ours, i_theirs)
    np.testing.assert_allclose(ours.predict(queries), theirs.predict(queries), rtol=1e-12)


def test_knn_keeps_the_tied_neighbours_scikit_learn_keeps_on_integer_features():
    """300 data sets of small whole numbers, where many points sit at the k-th distance:
    both sides keep the same neighbours (the scratch side replays scikit-learn's heap), so
    they predict alike. Queries outnumber the training points in some sets and not in
    others (scikit-learn's two ways of splitting the search); k takes both selection paths."""
    from algorithms.knn import framework as knn_framework
    from algorithms.knn import scratch as knn_scratch

    for seed in range(300):
        rng = np.random.default_rng(seed)
        M, N, D = (int(n) for n in rng.integers((20, 1, 1), (300, 300, 5)))
        k = int(rng.integers(1, min(M, 24) + 1))
        X, queries = rng.integers(0, 3, (M, D)).astype(float), rng.integers(0, 3, (N, D))
        y = rng.integers(0, 3, M)
        ours = knn_scratch.KNeighborsClassifier(k).fit(X, y)
        theirs = knn_framework.KNeighborsClassifier(k).fit(X, y)
        np.testing.assert_array_equal(ours.kneighbors(queries)[1], theirs.kneighbors(queries)[1],
                                      err_msg=f"seed {seed}: M={M}, N={N}, k={k}")
        np.testing.assert_array_equal(ours.predict(queries), theirs.predict(queries))


@pytest.mark.parametrize("k", [1, 16, 17, 40])
def test_knn_selection_paths_agree_with_sklearn(k):
    """k <= 16 selects by rounds of argmin, k > 16 by argpartition: both give the k nearest."""
    import data
    from algorithms.knn import framework as knn_framework
    from algorithms.knn import scratch as knn_scratch

    rng = np.random.default_rng(1)
    X, y = data.binary_blobs(rng, n_samples=100, n_features=3)
    queries = rng.standard_normal((30, 3))
    ours = knn_scratch.KNeighborsClassifier(k, weights="distance").fit(X, y)
    theirs = knn_framework.KNeighborsClassifier(k, weights="distance").fit(X, y)
    (d_ours, i_ours), (d_theirs, i_theirs) = ours.kneighbors(queries), theirs.kneighbors(queries)
    np.testing.assert_allclose(d_ours, d_theirs, rtol=1e-12)
    np.testing.assert_array_equal(i_ours, i_theirs)
    np.testing.assert_allclose(ours.predict_proba(queries), theirs.predict_proba(queries),
                               rtol=1e-12)


def test_perceptron_lesson_learns_and_or_but_not_xor():
    from algorithms.perceptron.lesson import main

    rows = main()                               # {table: (numpy, sklearn, mistakes)}
    for table in ("AND", "OR"):
        assert rows[table] == (1.0, 1.0, 0)
    ours, theirs, mistakes = rows["XOR"]
    assert ours == theirs <= 0.75
    assert mistakes > 0


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_perceptron_refuses_a_single_class_on_both_sides(side):
    from algorithms.perceptron import framework as perceptron_framework
    from algorithms.perceptron import scratch as perceptron_scratch

    module = perceptron_scratch if side == "scratch" else perceptron_framework
    with pytest.raises(ValueError, match="y must hold at least 2 classes; got 1"):
        module.Perceptron().fit(np.ones((3, 2)), np.zeros(3))


def test_perceptron_epochs_by_partial_fit_equal_sklearns_fit():
    """The framework side trains one partial_fit epoch at a time to keep the path; that is
    the same model as Perceptron.fit with max_iter epochs."""
    from sklearn.linear_model import Perceptron

    import data
    from algorithms.perceptron import framework as perceptron_framework

    X, y = data.iris()
    ours = perceptron_framework.Perceptron(eta0=0.5, max_iter=7).fit(X, y)
    reference = Perceptron(eta0=0.5, max_iter=7, tol=None, shuffle=False).fit(X, y)
    np.testing.assert_array_equal(ours.coef_, reference.coef_)
    np.testing.assert_array_equal(ours.intercept_, reference.intercept_)
    assert ours.n_iter_ == reference.n_iter_


def test_mlp_mnist_row_trains_both_sides_alike():
    """The --mnist row on MNIST-shaped data: 784 pixels, 10 classes (no MNIST files here)."""
    from algorithms.mlp.lesson import mnist_row

    rng = np.random.default_rng(0)
    prototypes = rng.uniform(0, 1, (10, 784))
    y = rng.integers(0, 10, 600)
    X = np.clip(prototypes[y] + 0.3 * rng.standard_normal((600, 784)), 0, 1)
    name, _, ours, theirs, gap = mnist_row(X[:500], y[:500], X[500:], y[500:])
    assert name.startswith("MNIST")
    assert ours == theirs
    assert ours > 0.9                                             # separable prototypes
    assert gap < 1e-12


def test_dbscan_traces_the_two_moons_where_kmeans_cuts_them():
    """On two moons DBSCAN's clusters are the arcs, while k-means with k = 2 splits the plane
    by a line across them."""
    import data
    from algorithms.dbscan import framework as dbscan_framework
    from algorithms.dbscan import scratch as dbscan_scratch
    from algorithms.kmeans import scratch as kmeans_scratch
    from parity.seeding import make_rng

    X, y = data.moons(make_rng(0), 400, noise=0.08)
    labels = dbscan_scratch.DBSCAN(0.15, 5).fit_predict(X)
    np.testing.assert_array_equal(labels, dbscan_framework.DBSCAN(0.15, 5).fit_predict(X))
    k_labels = kmeans_scratch.KMeans(2).fit(X).labels_

    def agreement(found):
        return max(np.mean(found == y), np.mean(found == 1 - y))

    assert agreement(labels) > 0.98
    assert agreement(k_labels) < 0.8


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_collaborative_filtering_refuses_negative_ratings_and_survives_empty_users(side):
    from algorithms.collaborative_filtering import framework as cf_framework
    from algorithms.collaborative_filtering import scratch as cf_scratch

    module = cf_scratch if side == "scratch" else cf_framework
    with pytest.raises(ValueError, match="ratings must be >= 0"):
        module.UserBasedCF().fit(np.array([[1.0, -2.0], [3.0, 0.0]]))
    R = np.array([[0.0, 0.0, 0.0], [5.0, 0.0, 1.0], [4.0, 2.0, 0.0]])
    model = module.UserBasedCF().fit(R)
    np.testing.assert_array_equal(model.similarity(R[:1]), np.zeros((1, 3)))
    np.testing.assert_array_equal(model.predict(R[:1]), np.zeros((1, 3)))   # no one is similar


def test_the_mlp_rungs_start_where_scratch_starts():
    """Rungs 2 and 3 draw their weights as rung 1 does, so a model built from a seed is the
    same network on the first three rungs (rung 4's nn.Linear layers draw their own)."""
    import algorithms.mlp.rung_2_autograd as rung_2
    import algorithms.mlp.rung_3_loss_optim as rung_3
    from algorithms.mlp import scratch

    for activation in ("relu", "tanh"):
        settings = {"hidden": (8, 4), "n_classes": 3, "activation": activation, "seed": 5}
        start = scratch.MLP(6, **settings).state_dict()
        for rung in (rung_2, rung_3):
            params = rung.MLP(6, **settings).state_dict()
            assert set(params) == set(start)
            for name, value in params.items():
                np.testing.assert_array_equal(value.numpy(), start[name])


@pytest.mark.parametrize("world_size", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("size", [1, 3, 10, 101])
def test_the_ring_all_reduce_gives_every_worker_the_sum(world_size, size):
    from algorithms.data_parallel.scratch import ring_all_reduce

    rng = np.random.default_rng(world_size * 1000 + size)
    buffers = [rng.standard_normal(size) for _ in range(world_size)]
    originals = [b.copy() for b in buffers]
    for summed in ring_all_reduce(buffers):
        np.testing.assert_allclose(summed, np.sum(originals, axis=0), rtol=1e-13, atol=1e-15)
    for buffer, original in zip(buffers, originals, strict=True):
        np.testing.assert_array_equal(buffer, original)           # the inputs are not touched


@pytest.mark.parametrize(("batches", "message"), [
    ([np.arange(10)], "multiple of world_size=4 samples; got 10"),
    ([np.arange(8), np.arange(0)], "multiple of world_size=4 samples; got 0"),
    ([np.arange(4) + 100], "batches must hold indices 0..19"),
])
def test_data_parallel_refuses_uneven_batches_alike_before_any_process_starts(batches, message):
    from algorithms.data_parallel import framework, scratch

    X, y = np.random.default_rng(0).standard_normal((20, 3)), np.arange(20) % 2
    for side in (scratch, framework):
        model = side.DataParallelSGD(3, world_size=4, hidden=(4,))
        with pytest.raises(ValueError, match=re.escape(message)):
            model.fit(X, y, batches)


def test_a_data_parallel_fit_past_its_timeout_leaves_no_process_behind():
    import multiprocessing

    from algorithms.data_parallel import framework

    X, y = np.random.default_rng(0).standard_normal((8, 3)), np.arange(8) % 2
    model = framework.DataParallelSGD(3, world_size=2, hidden=(4,), timeout=0.2)
    with pytest.raises(TimeoutError, match=re.escape("took over 0.2 s")):
        model.fit(X, y, [np.arange(8)] * 50)          # starting two ranks alone takes longer
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(("n", "d", "eps"), [(400, 1, 0.01), (3000, 2, 0.15), (2000, 3, 0.3),
                                             (50, 2, 10.0)])
def test_dbscan_grid_search_finds_the_same_neighbours_as_the_block_search(n, d, eps,
                                                                          monkeypatch):
    from algorithms.dbscan import scratch

    rng = np.random.default_rng(n)
    X = np.vstack([rng.standard_normal((n, d)) * 0.5,
                   np.arange(20)[:, None] * eps * np.ones(d)])       # pairs at exactly eps
    grid = scratch.radius_neighbours_indexed(X, eps)
    monkeypatch.setattr(scratch, "GRID_MAX_FEATURES", 0)              # force the blocks
    blocks = scratch.radius_neighbours_indexed(X, eps)
    assert [np.sort(g).tolist() for g in grid] == [b.tolist() for b in blocks]


def test_attention_parity_spans_more_than_one_block_of_queries():
    """The scratch side computes BLOCK queries at a time: parity must see two blocks meet."""
    from algorithms.attention import scratch

    pair = next(p for p in discover() if p.name == "attention")
    T = pair.spec.size[0]
    assert scratch.BLOCK < T < 2 * scratch.BLOCK
    assert [keys for _, _, keys in scratch._blocks(T, T, causal=True)] == [scratch.BLOCK, T]


@pytest.mark.parametrize("form", ["textbook", "blocked"])
@pytest.mark.parametrize("n_queries", [1, 3, 150])
def test_causal_queries_fewer_than_keys_are_the_last_positions(form, n_queries):
    """Under a KV cache the queries are the newest positions: attention of the last t queries
    over all S keys equals the last t rows of the full causal attention, in both scratch
    forms (the blocked one across two blocks of queries); the torch side builds that mask."""
    import torch

    from algorithms.attention import scratch

    attend = scratch.attention if form == "textbook" else scratch._attention
    rng = np.random.default_rng(n_queries)
    Q, K, V = (rng.standard_normal((2, 2, 200, 8)) for _ in range(3))
    full = attend(Q, K, V, None, True)
    last = attend(Q[..., -n_queries:, :], K, V, None, True)
    np.testing.assert_allclose(last, full[..., -n_queries:, :], rtol=1e-12, atol=1e-12)
    allowed = torch.ones(n_queries, 200, dtype=torch.bool).tril(200 - n_queries)
    theirs = torch.nn.functional.scaled_dot_product_attention(
        *(torch.from_numpy(Z) for Z in (Q[..., -n_queries:, :], K, V)), attn_mask=allowed)
    np.testing.assert_allclose(last, theirs.numpy(), rtol=1e-12, atol=1e-12)


def test_heads_split_and_merge_alike_and_undo_each_other():
    import torch

    from algorithms.attention import framework, scratch

    Z = np.random.default_rng(0).standard_normal((2, 5, 12))
    ours = scratch.split_heads(Z, 3)
    assert ours.shape == (2, 3, 5, 4)
    np.testing.assert_array_equal(ours[:, 1, :, :], Z[:, :, 4:8])      # head 1: features 4..7
    np.testing.assert_array_equal(framework.split_heads(torch.from_numpy(Z), 3).numpy(), ours)
    np.testing.assert_array_equal(scratch.merge_heads(ours), Z)
    np.testing.assert_array_equal(framework.merge_heads(torch.from_numpy(ours)).numpy(), Z)


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_rotary_from_a_start_position_is_the_rows_of_the_whole_rotation(side):
    """rotary(X[t0:], start=t0) turns the rows by the angles of their own positions."""
    import importlib

    import torch

    module = importlib.import_module(f"algorithms.attention.{side}")
    X = np.random.default_rng(0).standard_normal((1, 2, 12, 8))
    native = (lambda Z: Z) if side == "scratch" else torch.from_numpy
    whole = np.asarray(module.rotary(native(X)))
    tail = np.asarray(module.rotary(native(X[..., 5:, :]), start=5))
    np.testing.assert_allclose(tail, whole[..., 5:, :], rtol=1e-13, atol=1e-13)
    assert not np.allclose(tail, np.asarray(module.rotary(native(X[..., 5:, :]))))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_the_gpt_block_is_torchs_pre_norm_encoder_layer(dtype):
    """The framework side writes its block out (nanoGPT's x = x + attention(norm1(x))), so that
    it reads beside the scratch block: with the same weights it computes what
    nn.TransformerEncoderLayer(norm_first=True) computes under a causal mask."""
    import torch
    import torch.nn.functional as F

    from algorithms.transformer.framework import Block

    torch.manual_seed(0)
    torch_dtype = getattr(torch, dtype)
    block = Block(8, 2, dtype=dtype)
    for parameter in block.parameters():                     # away from the trivial init
        torch.nn.init.normal_(parameter, std=0.3)
    layer = torch.nn.TransformerEncoderLayer(
        8, 2, dim_feedforward=32, dropout=0.0, activation=lambda z: F.gelu(z, approximate="tanh"),
        batch_first=True, norm_first=True, dtype=torch_dtype)
    layer.load_state_dict(block.state_dict())
    layer.eval()
    x = torch.randn(3, 5, 8, dtype=torch_dtype)
    masked = torch.ones(5, 5, dtype=torch.bool).triu(1)
    expected = layer(x, src_mask=masked, is_causal=True)
    rtol, atol = (1e-12, 1e-12) if dtype == "float64" else (1e-5, 1e-5)
    torch.testing.assert_close(block(x), expected, rtol=rtol, atol=atol)
    assert not torch.allclose(block(x), layer(x), atol=1e-3)  # the mask matters: it was used


@pytest.mark.parametrize("target", [-1, 3, -100])
@pytest.mark.parametrize("name", ["cross_entropy", "cross_entropy_backward", "hinge",
                                  "hinge_backward"])
def test_a_class_index_outside_the_classes_is_refused_as_torch_refuses_it(name, target):
    """NumPy would read -1 as the last class; torch refuses it. -100 is cross_entropy's
    ignore_index in torch, which the scratch side does not have: it is refused there, and the
    test shows the difference rather than hide it."""
    import torch

    from algorithms.losses import framework as torch_losses
    from algorithms.losses import scratch as numpy_losses

    Z, y = np.zeros((4, 3)), np.array([0, 1, target, 2])
    extra = (1.0,) if name.endswith("_backward") else ()
    with pytest.raises((IndexError, RuntimeError)) as numpy_error:
        getattr(numpy_losses, name)(Z, y, *extra)
    if target == -100 and name.startswith("cross_entropy"):
        assert str(numpy_error.value) == "Target -100 is out of bounds."
        return
    with pytest.raises((IndexError, RuntimeError)) as torch_error:
        getattr(torch_losses, name)(torch.tensor(Z), torch.tensor(y),
                                    *map(torch.tensor, extra))
    assert (numpy_error.type, str(numpy_error.value)) == (torch_error.type,
                                                          str(torch_error.value))


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_boosting_predicts_the_second_class_at_a_decision_of_exactly_zero(side):
    """Balanced classes and features that cannot split: every stage adds 0, the decision is
    exactly 0, and scikit-learn's rule (F >= 0) gives the second class."""
    import importlib

    module = importlib.import_module(f"algorithms.gradient_boosting.{side}")
    X, y = np.zeros((6, 2)), np.array([3, 3, 3, 7, 7, 7])
    model = module.GradientBoostingClassifier(n_estimators=3).fit(X, y)
    assert np.all(model.decision_function(X) == 0)
    np.testing.assert_array_equal(model.predict(X), np.full(6, 7))


@pytest.mark.parametrize(("pair", "build", "message"), [
    ("kmeans", lambda m: m.KMeans(2, init=np.array([[np.nan, 0.0], [1.0, 1.0]]),
                                  n_init=1).fit(np.eye(4, 2)), "init contains NaN"),
    ("mlp", lambda m: m.MLP(3, hidden=8), "hidden must be a tuple of integers >= 1; got 8"),
    ("cnn", lambda m: m.CNN(64, channels=()),
     "channels must be a non-empty tuple of integers >= 1; got ()"),
])
def test_a_bad_argument_is_named_in_its_error_on_both_sides(pair, build, message):
    """Messages that name what is wrong: NaN in k-means' given centres is the init's, not X's;
    a width that is no tuple says so, rather than 'int' object is not iterable."""
    import importlib

    for side in ("scratch", "framework"):
        module = importlib.import_module(f"algorithms.{pair}.{side}")
        with pytest.raises(ValueError, match=re.escape(message)):
            build(module)


def test_hidden_markov_models_take_several_sequences_alike():
    """Parity fits one sequence; with lengths, the passes restart at each sequence's start
    (the first γ of each counts toward π), and both sides refuse lengths that miss X's end."""
    from algorithms.hmm import framework as hmmlearn_side
    from algorithms.hmm import scratch as numpy_side
    from algorithms.hmm.spec import gaussian_sequence, symbol_sequence

    rng = np.random.default_rng(0)
    X, _ = gaussian_sequence(rng, n_samples=120)
    symbols, _ = symbol_sequence(rng, n_samples=120)
    lengths = [30, 50, 40]
    for model, data in (("GaussianHMM", X), ("CategoricalHMM", symbols)):
        fitted = [getattr(side, model)(3, n_iter=8).fit(data, lengths=lengths)
                  for side in (numpy_side, hmmlearn_side)]
        for name in ("startprob_", "transmat_", "log_likelihoods_"):
            np.testing.assert_allclose(getattr(fitted[0], name), getattr(fitted[1], name),
                                       rtol=1e-7, atol=1e-9)
        np.testing.assert_allclose(fitted[0].predict_proba(data, lengths),
                                   fitted[1].predict_proba(data, lengths), rtol=1e-7, atol=1e-9)
        one = numpy_side.__dict__[model](3, n_iter=8).fit(data)
        assert not np.allclose(one.log_likelihoods_, fitted[0].log_likelihoods_)
        for side in (numpy_side, hmmlearn_side):
            with pytest.raises(ValueError, match="summing to the 120 samples of X; got"):
                getattr(side, model)(3).fit(data, lengths=[30, 50])


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_a_refit_that_fails_leaves_no_half_fitted_mixture(side):
    """A Gaussian mixture fitted, then refitted on data whose covariance is singular: the
    refit fails, and the model says it is not fitted rather than answering with the means of
    one fit and the precisions of the other."""
    import importlib

    module = importlib.import_module(f"algorithms.gaussian_mixture.{side}")
    rng = np.random.default_rng(0)
    X = np.vstack([rng.standard_normal((20, 2)), rng.standard_normal((20, 2)) + 5])
    model = module.GaussianMixture(2, reg_covar=0.0).fit(X)
    with pytest.raises(ValueError, match="ill-defined empirical covariance"):
        model.fit(np.repeat([[0.0, 0.0], [1.0, 1.0]], 10, axis=0))
    with pytest.raises(ValueError, match="not fitted yet"):
        model.predict_proba(X)


def test_ledoit_wolf_shrinkage_treats_a_feature_constant_to_rounding_as_constant():
    """A feature of 0.1 in every row has a standard deviation of about 1e-17, not 0:
    scikit-learn's scaler counts it constant (scale 1), and so must the scratch side, or the
    shrunk covariance divides by 1e-17 (coef_ then differs by 0.4)."""
    from algorithms.discriminant_analysis import framework as sklearn_side
    from algorithms.discriminant_analysis import scratch as numpy_side

    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 3))
    X[:, 2] = 0.1
    y = rng.integers(0, 2, 60)
    fitted = [side.LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto").fit(X, y)
              for side in (numpy_side, sklearn_side)]
    for name in ("coef_", "intercept_", "covariance_"):
        np.testing.assert_allclose(getattr(fitted[0], name), getattr(fitted[1], name),
                                   rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize(("covariance_type", "message"), [
    ("diag", "'diag' covars must be positive"),
    ("full", "component 0 of 'full' covars must be symmetric, positive-definite"),
    ("tied", "'tied' covars must be symmetric, positive-definite")])
def test_a_gaussian_hmm_refuses_a_singular_start_in_hmmlearns_words(covariance_type, message):
    """min_covar = 0 and a constant feature: the starting covariance is singular; hmmlearn
    refuses it, and so does the scratch side, with the same words (it used to fit on, with
    log(0) warnings or a silent 1e-7 fallback)."""
    from algorithms.hmm import framework as hmmlearn_side
    from algorithms.hmm import scratch as numpy_side

    X = np.random.default_rng(0).standard_normal((50, 3))
    X[:, 1] = 2.0
    for side in (numpy_side, hmmlearn_side):
        with pytest.raises(ValueError, match=re.escape(message)):
            side.GaussianHMM(2, covariance_type=covariance_type, min_covar=0.0).fit(X)


def test_tsne_refuses_identical_rows_for_its_pca_start_on_both_sides():
    """Every row the same: the PCA start would divide by a standard deviation of 0 (an
    embedding of NaN on one side, scipy's 'must not contain infs or NaNs' on the other)."""
    from algorithms.tsne import framework as sklearn_side
    from algorithms.tsne import scratch as numpy_side

    X = np.ones((20, 4))
    for side in (numpy_side, sklearn_side):
        with pytest.raises(ValueError, match="every row of X is the same"):
            side.TSNE(perplexity=5.0, max_iter=250).fit(X)


def test_svm_sample_weights_scale_each_box_alike_and_weight_zero_leaves_a_sample_out():
    """Parity fits without weights; here the boxes 0 <= a_i <= w_i C differ per sample, some
    weights are 0 (libsvm drops those samples first), and support_ indexes X on both sides
    (scikit-learn's own support_ would count only the kept samples)."""
    from algorithms.svm import framework as sklearn_side
    from algorithms.svm import scratch as numpy_side
    from algorithms.svm.spec import noisy_moons

    rng = np.random.default_rng(3)
    X, y = noisy_moons(rng, n_samples=120)
    y = np.where(X[:, 2] > 0.3, 2, y)                                  # three classes
    weights = rng.uniform(0.2, 3.0, len(X))
    weights[rng.choice(len(X), 15, replace=False)] = 0.0
    fitted = [side.SVC(C=2.0).fit(X, y, sample_weight=weights)
              for side in (numpy_side, sklearn_side)]
    for name in ("support_", "n_support_", "dual_coef_", "intercept_", "n_iter_"):
        np.testing.assert_allclose(getattr(fitted[0], name), getattr(fitted[1], name),
                                   rtol=1e-7, atol=1e-9, err_msg=name)
    assert not set(fitted[0].support_) & set(np.flatnonzero(weights == 0))
    np.testing.assert_array_equal(fitted[0].support_vectors_, X[fitted[0].support_])
    # a larger box is a different problem: the weights did reach the solver
    unweighted = numpy_side.SVC(C=2.0).fit(X, y)
    assert not np.array_equal(unweighted.support_, fitted[0].support_)
    only_zero = np.where(y == 2, 0.0, 1.0)
    for side in (numpy_side, sklearn_side):
        with pytest.raises(ValueError, match="every class needs a sample of positive weight; "
                                             "class 2 has none"):
            side.SVC().fit(X, y, sample_weight=only_zero)


@pytest.mark.parametrize("kernel", ["linear", "rbf", "poly", "sigmoid"])
def test_the_svm_solution_meets_the_dual_constraints_and_kkt_to_tol(kernel):
    """Independent of scikit-learn: the coefficients lie in the box, sum y_i a_i = 0, and no
    pair violates the optimality conditions by tol or more (m - M < tol), recomputed here from
    the dual's gradient G = Q a - 1 in float64."""
    from algorithms.svm import scratch as numpy_side
    from algorithms.svm.spec import noisy_moons

    X, y = noisy_moons(np.random.default_rng(1), n_samples=150)
    C, tol = 3.0, 1e-3
    model = numpy_side.SVC(C=C, kernel=kernel, tol=tol, gamma=0.5).fit(X, y)
    signs = np.where(y == 0, 1.0, -1.0)                                # libsvm's: first class +1
    a = np.zeros(len(X))
    a[model.support_] = -model.dual_coef_[0] * signs[model.support_]   # y_i a_i, sign-flipped
    assert (a >= 0).all()
    assert (a <= C).all()
    assert abs(signs @ a) < 1e-9
    K = numpy_side.kernel_textbook(X, X, kernel, 0.5, 0.0, 3)
    G = (signs[:, None] * signs[None, :] * K) @ a - 1
    up = np.where(signs > 0, a < C, a > 0)
    low = np.where(signs > 0, a > 0, a < C)
    violation = (-signs * G)[up].max() - (-signs * G)[low].min()
    assert violation < tol * 1.01                                       # float32 rows: 1%
    f = model.decision_function(X)
    free = (a > 1e-9) & (a < C - 1e-9)
    if kernel in ("linear", "rbf"):                                    # Mercer: a real margin
        np.testing.assert_allclose(-signs[free] * f[free], 1.0, atol=tol * 2)


def test_an_svm_predicts_from_its_pairs_votes_and_break_ties_needs_ovr():
    """K = 3: predict is the class with most one-vs-one votes (ties: the first), which the
    "ovr" scores' argmax agrees with; break_ties with "ovo" is refused at fit and predict."""
    import data
    from algorithms.svm import framework as sklearn_side
    from algorithms.svm import scratch as numpy_side

    X, y = data.iris()
    for side in (numpy_side, sklearn_side):
        model = side.SVC(C=0.5).fit(X, y)
        scores = model.decision_function(X)                            # (N, 3)
        np.testing.assert_array_equal(model.predict(X), scores.argmax(axis=1))
        with pytest.raises(ValueError, match="break_ties must be False"):
            side.SVC(break_ties=True, decision_function_shape="ovo").fit(X, y)
        model.break_ties, model.decision_function_shape = True, "ovo"   # changed after fit
        with pytest.raises(ValueError, match="break_ties must be False"):
            model.predict(X)


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_rotary_turns_each_pair_by_a_known_angle_and_scores_see_only_offsets(side):
    """Against a rotation written out: with d = 4, the pair (x_0, x_1) at position t turns by
    t radians and (x_2, x_3) by t / 100 (theta_1 = 10000^(-2/4)). Then the property RoPE is
    for: a query at m and a key at n score the same as at m + 5 and n + 5."""
    import importlib

    import torch

    module = importlib.import_module(f"algorithms.attention.{side}")

    def rotary(X):
        if side == "scratch":
            return module.rotary(X)
        return module.rotary(torch.from_numpy(X)).numpy()

    T = 7
    X = np.tile(np.array([1.0, 0.0, 0.0, 2.0]), (1, 1, T, 1))         # (1, 1, T, 4)
    t = np.arange(T)
    expected = np.stack([np.cos(t), np.sin(t), -2 * np.sin(t / 100), 2 * np.cos(t / 100)],
                        axis=-1)[None, None]
    np.testing.assert_allclose(rotary(X), expected, atol=1e-12)
    rng = np.random.default_rng(0)
    q, k = rng.standard_normal(4), rng.standard_normal(4)
    at = np.zeros((1, 1, 12, 4))
    at[0, 0, :] = q
    queries = rotary(at)[0, 0]
    at[0, 0, :] = k
    keys = rotary(at)[0, 0]
    assert queries[2] @ keys[6] == pytest.approx(queries[7] @ keys[11], rel=1e-12)
    assert queries[2] @ keys[6] != pytest.approx(queries[2] @ keys[7], rel=1e-3)


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_grouped_query_attention_is_attention_with_each_key_head_shared(side):
    """Query heads 0 and 1 read key and value head 0, heads 2 and 3 head 1: the same as the
    textbook attention with those heads repeated by hand."""
    import importlib

    import torch

    from algorithms.attention.scratch import attention

    module = importlib.import_module(f"algorithms.attention.{side}")
    rng = np.random.default_rng(1)
    Q = rng.standard_normal((2, 4, 5, 3))
    K, V = rng.standard_normal((2, 2, 5, 3)), rng.standard_normal((2, 2, 5, 3))
    if side == "scratch":
        got = module.grouped_query_attention(Q, K, V, causal=True)
    else:
        got = module.grouped_query_attention(*map(torch.from_numpy, (Q, K, V)),
                                             causal=True).numpy()
    shared = [0, 0, 1, 1]
    expected = attention(Q, K[:, shared], V[:, shared], None, True)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("pair", ["optimizers", "schedules"])
def test_torch_optimizers_take_gradients_that_live_on_their_device(pair):
    """On a GPU the benchmarks hand the optimizer CUDA gradients, which NumPy cannot read: the
    framework side copies a tensor where it lives. Checked on the meta device, which has no
    memory at all, so any trip through NumPy fails here as it would on CUDA."""
    import importlib

    import torch

    framework_side = importlib.import_module(f"algorithms.{pair}.framework")
    spec = importlib.import_module(f"algorithms.{pair}.spec").SPEC
    for class_name, hyperparams in spec.optimizers.values():
        optimizer = getattr(framework_side, class_name)({"W": np.ones((4, 3))}, **hyperparams,
                                                        device="meta")
        optimizer.step({"W": torch.ones(4, 3, dtype=torch.float64, device="meta")})
        assert optimizer.params["W"].device.type == "meta"


INPUT_GRADIENT_PAIRS = [pair for pair in discover() if pair.kind.name == "gradient"
                        and pair.spec.inputs == "numbers"]


@pytest.mark.parametrize("side", ["scratch", "framework"])
@pytest.mark.parametrize("pair", INPUT_GRADIENT_PAIRS, ids=lambda p: p.name)
def test_training_never_builds_the_input_gradient(pair, side):
    """dL/dX is for parity (gradients(X, y, input_grad=True)); fit's steps never ask for it."""
    from algorithms._torch import to_tensor

    model = pair.kind.make(pair, side)
    X, y = pair.kind.small_problem(pair, 12)
    asked, gradients = [], model.gradients

    def spy(*args, **kwargs):
        loss, grads = gradients(*args, **kwargs)
        asked.append(sorted(grads))
        return loss, grads

    model.gradients = spy
    model.fit(X, y)
    assert asked
    assert not any("X" in names for names in asked)
    native = (lambda a: a) if side == "scratch" else (lambda a: to_tensor(a, "cpu"))
    assert "X" in gradients(native(X), native(y), input_grad=True)[1]


@pytest.mark.parametrize(("function", "args", "keywords", "message"), [
    ("kaiming_uniform", ((3, 4),), {"nonlinearity": "softsign"}, "Unsupported nonlinearity"),
    ("kaiming_normal", ((3, 4),), {"mode": "fan_sideways"}, "Mode fan_sideways not supported"),
    ("xavier_uniform", ((5,),), {}, "fewer than 2 dimensions"),
    ("xavier_normal", ((),), {}, "fewer than 2 dimensions"),
    ("orthogonal", ((5,),), {}, "Only tensors with 2 or more dimensions"),
    ("calculate_gain", ("leaky_relu", "0.2"), {}, "negative_slope 0.2 not a valid number"),
    ("calculate_gain", ("leaky_relu", True), {}, "negative_slope True not a valid number"),
    ("fans", ((7,),), {}, "fewer than 2 dimensions"),
    ("kaiming_uniform", ((5,),), {"nonlinearity": "bad"}, "fewer than 2 dimensions"),  # fan 1st
    ("xavier_uniform", ((3, 4),), {"gain": -1.0}, "gain must be a finite number >= 0"),
    ("xavier_normal", ((3, 4),), {"gain": float("nan")}, "gain must be a finite number >= 0"),
    ("orthogonal", ((3, 4),), {"gain": float("inf")}, "gain must be a finite number"),
    ("kaiming_normal", ((3, 4),), {"a": float("nan")}, "a must be a finite number"),
    ("kaiming_uniform", ((3, 4),), {"a": "0.1"}, "a must be a finite number"),
    ("xavier_uniform", ((3, 4),), {"dtype": np.int64}, "dtype must be float32 or float64"),
    ("kaiming_uniform", ((3, 4),), {"dtype": np.float16}, "dtype must be float32 or float64"),
    ("orthogonal", ((3, 4),), {"dtype": "complex128"}, "dtype must be float32 or float64"),
    ("fans", (np.array([3, 4]),), {}, "shape must be a tuple of integers >= 0"),
    ("fans", ((-1, 3),), {}, "shape must be a tuple of integers >= 0"),
    ("xavier_normal", ((3.0, 4),), {}, "shape must be a tuple of integers >= 0"),
    ("kaiming_normal", ((True, 3),), {}, "shape must be a tuple of integers >= 0"),
    ("orthogonal", ("3, 4",), {}, "shape must be a tuple of integers >= 0"),
])
def test_initialization_refuses_bad_arguments_as_torch_does(function, args, keywords, message):
    from algorithms.initialization import framework as torch_side
    from algorithms.initialization import scratch as numpy_side

    for side in (numpy_side, torch_side):
        with pytest.raises(ValueError, match=message):
            getattr(side, function)(*args, **keywords)


def test_initialization_of_an_empty_weight_draws_nothing_on_either_side():
    from algorithms.initialization import framework as torch_side
    from algorithms.initialization import scratch as numpy_side

    for side in (numpy_side, torch_side):
        for function in ("kaiming_uniform", "kaiming_normal"):
            with pytest.warns(UserWarning, match="zero-element tensors is a no-op"):
                assert tuple(getattr(side, function)((0, 4)).shape) == (0, 4)
        assert tuple(side.orthogonal((0, 4)).shape) == (0, 4)


def test_the_initialization_lesson_shows_each_regime_on_both_sides(tmp_path, capsys):
    from algorithms.initialization.lesson import main

    results = main(["--out", str(tmp_path)])
    for spreads in results["relu", "Kaiming (relu)"]:                  # scratch, torch
        assert all(0.3 < spread < 3 for spread in spreads)              # kept, every layer
    for side in (0, 1):
        assert results["relu", "Xavier (gain 1)"][side][-1] < 3e-3      # halved a layer
        assert results["relu", "N(0, 1)"][side][-1] > 1e15              # blown up
        assert results["tanh", "N(0, 1)"][side][-1] > 0.95              # saturated
        assert results["tanh", "N(0, 0.01^2)"][side][-1] < 1e-12        # vanished
        assert 0.5 < results["tanh", "Xavier (gain 5/3)"][side][-1] < 0.8
    assert (tmp_path / "spread.png").stat().st_size > 10_000


@pytest.mark.parametrize(("rank", "world_size", "device", "gpus", "expected"), [
    (1, 2, "cpu", 0, ("gloo", "cpu", None)),
    (1, 2, "cuda", 2, ("nccl", "cuda:1", [1])),            # a GPU per rank
    (3, 4, "cuda", 8, ("nccl", "cuda:3", [3])),
    (1, 2, "cuda", 1, ("gloo", "cuda:0", [0])),            # two ranks share one GPU
    (3, 4, "cuda", 2, ("gloo", "cuda:1", [1])),
])
def test_data_parallel_places_each_rank_on_a_gpu_that_exists(rank, world_size, device, gpus,
                                                              expected):
    """One GPU cannot hold two nccl ranks ("invalid device ordinal" for cuda:1 on a one-GPU
    machine before): ranks beyond the GPUs share them in turn over gloo."""
    from algorithms.data_parallel.framework import placement

    assert placement(rank, world_size, device, gpus) == expected


def test_data_parallel_on_cuda_without_a_gpu_is_refused_before_any_rank_starts(monkeypatch):
    import torch

    from algorithms.data_parallel.framework import DataParallelSGD

    monkeypatch.setattr(torch.cuda, "device_count", lambda: 0)
    model = DataParallelSGD(4, world_size=2, n_classes=2, device="cuda")
    X, y = np.zeros((4, 4)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="none is visible"):
        model.fit(X, y, [np.arange(4)])


def test_the_vae_lesson_trains_both_sides_alike_and_draws_its_figure(tmp_path, capsys):
    from algorithms.vae.lesson import main

    plot = tmp_path / "vae.png"
    main(["--epochs", "5", "--plot", str(plot)])
    table = capsys.readouterr().out
    assert plot.stat().st_size > 0
    rows = [line.split() for line in table.splitlines() if line.startswith(("train", "held"))]
    assert len(rows) == 2
    for *_, ours, theirs in rows:
        assert ours == theirs
        assert float(ours) < 40                     # untrained: 64 log 2 = 44.4 nats per image
    assert float(table.split("max |param gap|")[1].split()[0]) < 1e-12


@pytest.mark.parametrize("likelihood", ["bernoulli", "gaussian"])
def test_a_vae_encodes_decodes_and_samples_alike_after_fresh_noise_training(likelihood):
    import data
    from algorithms.vae import framework as torch_side
    from algorithms.vae import scratch as numpy_side

    X = data.digits()[0][:200]
    lr = 0.01 if likelihood == "bernoulli" else 0.002       # squared errors: larger gradients
    settings = {"hidden": 16, "latent": 3, "likelihood": likelihood, "lr": lr,
                "epochs": 3, "batch_size": 20, "seed": 4}
    ours = numpy_side.VAE(64, **settings)
    theirs = torch_side.VAE(64, **settings)
    theirs.load_state_dict(ours.state_dict())
    ours.fit(X)                                       # eps=None: fresh noise at every step
    theirs.fit(X)
    z = np.random.default_rng(0).standard_normal((5, 3))
    pairs = [(ours.loss_history_, theirs.loss_history_), (ours.encode(X), theirs.encode(X)),
             (ours.decode(z), theirs.decode(z)), (ours.predict(X), theirs.predict(X)),
             (ours.sample(4, seed=2), theirs.sample(4, seed=2))]
    for mine, yours in pairs:
        np.testing.assert_allclose(mine, yours, rtol=1e-10, atol=1e-12)
    assert ours.loss_history_[-1] < ours.loss_history_[0]
    mu, logvar = ours.encode(X)
    assert mu.shape == logvar.shape == (200, 3)
    assert ours.sample(4).shape == (4, 64)


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_a_bernoulli_vae_refuses_pixels_outside_zero_one_and_a_gaussian_takes_them(side):
    from algorithms.vae import framework as torch_side
    from algorithms.vae import scratch as numpy_side

    module = numpy_side if side == "scratch" else torch_side
    X = np.linspace(-1, 2, 12).reshape(4, 3)
    with pytest.raises(ValueError, match=r"X must lie in \[0, 1\] under likelihood='bernoulli'"):
        module.VAE(3, likelihood="bernoulli").fit(X)
    with pytest.raises(ValueError, match="n_samples must be an integer >= 1"):
        module.VAE(3).sample(0)
    assert module.VAE(3, likelihood="gaussian", epochs=1).fit(X).loss_history_


def test_the_gan_lesson_trains_both_sides_alike_and_draws_its_figure(tmp_path, capsys):
    from algorithms.gan.lesson import main

    plot = tmp_path / "gan.png"
    main(["--epochs", "2", "--plot", str(plot)])
    rows = [line.rsplit(maxsplit=3) for line in capsys.readouterr().out.splitlines()
            if line.startswith(("SGD", "Adam"))]
    assert plot.stat().st_size > 0
    assert len(rows) == 4                                 # two optimizers, two sides each
    for numpy_row, torch_row in (rows[:2], rows[2:]):
        assert numpy_row[0].endswith("numpy")
        assert torch_row[0].endswith("torch")
        assert numpy_row[1:] == torch_row[1:]             # the same share, modes and gap
        assert float(numpy_row[3]) < 1e-12


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_gan_samples_and_judges_alike_after_fresh_noise_training(optimizer):
    from algorithms.gan import framework as torch_side
    from algorithms.gan import scratch as numpy_side
    from algorithms.gan.spec import ring

    X = ring(np.random.default_rng(3), 300)
    settings = {"hidden": 16, "latent": 3, "optimizer": optimizer, "epochs": 3,
                "batch_size": 30, "seed": 4, "lr": 0.05 if optimizer == "sgd" else 0.01}
    ours = numpy_side.GAN(2, **settings)
    theirs = torch_side.GAN(2, **settings)
    theirs.load_state_dict(ours.state_dict())
    before = ours.sample(50, seed=2)
    ours.fit(X)                                       # z=None: fresh noise at every step
    theirs.fit(X)
    for mine, yours in [(ours.loss_history_, theirs.loss_history_),
                        (ours.predict(X), theirs.predict(X)),
                        (ours.sample(50, seed=2), theirs.sample(50, seed=2))]:
        np.testing.assert_allclose(mine, yours, rtol=1e-10, atol=1e-12)
    assert np.abs(ours.sample(50, seed=2) - before).max() > 1e-3   # the generator moved
    assert ours.predict(X).shape == (300,)
    assert ((ours.predict(X) > 0) & (ours.predict(X) < 1)).all()


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_each_gan_player_gets_the_gradient_of_its_own_loss_only(side):
    """gradients(players="D") holds D's parameters only, players="G" G's only, and together
    they are gradients() (where torch's L_G.backward() also fills D's .grad)."""
    from parity.registry import discover

    pair = next(pair for pair in discover() if pair.name == "gan")
    model = pair.kind.make(pair, side)
    X, z = pair.kind.small_problem(pair, 12)
    if side == "framework":
        from algorithms._torch import to_tensor

        X, z = to_tensor(X, "cpu"), to_tensor(z, "cpu")
    loss_D, grads_D = model.gradients(X, z, players="D")
    loss_G, grads_G = model.gradients(X, z, players="G")
    loss, grads = model.gradients(X, z)
    assert {name[0] for name in grads_D} == {"D"}
    assert {name[0] for name in grads_G} == {"G"}
    np.testing.assert_allclose(float(loss), float(loss_D) + float(loss_G), rtol=1e-15)
    for name, gradient in {**grads_D, **grads_G}.items():
        np.testing.assert_array_equal(np.asarray(grads[name]), np.asarray(gradient))


def test_the_vae_kl_in_closed_form_is_torch_distributions_kl():
    """The framework writes KL(N(mu, sigma^2) || N(0, I)) from logvar, as PyTorch's VAE example
    does; torch.distributions computes it its own way, from sigma."""
    import torch
    from torch.distributions import Normal, kl_divergence

    from algorithms.vae.framework import kl_to_prior

    generator = torch.Generator().manual_seed(0)
    mu = torch.randn(50, 3, generator=generator, dtype=torch.float64)
    logvar = 3 * torch.randn(50, 3, generator=generator, dtype=torch.float64)
    sigma = torch.exp(logvar / 2)
    by_distributions = kl_divergence(Normal(mu, sigma), Normal(0.0, 1.0)).sum()
    torch.testing.assert_close(kl_to_prior(mu, logvar), by_distributions, rtol=1e-12, atol=0)


@pytest.mark.parametrize("pair_name", ["vae", "gan"])
@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_a_generative_model_refuses_a_bad_state_seed_or_latent_alike(pair_name, side):
    from parity.registry import discover

    pair = next(pair for pair in discover() if pair.name == pair_name)
    model = pair.kind.make(pair, side)
    state = {name: np.asarray(value) for name, value in model.state_dict().items()}
    first_weight = next(name for name in state if "W" in name)
    with pytest.raises(ValueError, match=f"{first_weight} has shape"):
        model.load_state_dict({**state, first_weight: state[first_weight].T})
    with pytest.raises(ValueError, match="the state_dict has no"):
        model.load_state_dict({name: value for name, value in state.items()
                               if name != first_weight})
    for seed in (None, -1, 1.5, True):
        with pytest.raises(ValueError, match="seed must be an integer"):
            model.sample(3, seed=seed)
    latent_points = model.decode if pair_name == "vae" else model.generate
    with pytest.raises(ValueError, match="z has 3 columns, but the model has 2 latent"):
        latent_points(np.zeros((4, 3)))


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_gan_gradients_name_their_players_and_average_each_term_over_its_own_rows(side):
    """L_D averages the real term over X's rows and the fake term over z's: with fewer noise
    rows than data rows, both sides still agree (and 'players' is checked)."""
    from algorithms._torch import to_tensor
    from parity.registry import discover

    pair = next(pair for pair in discover() if pair.name == "gan")
    X, z = pair.kind.small_problem(pair, 10)
    ours, theirs = pair.kind.make(pair, "scratch"), pair.kind.make(pair, "framework")
    loss, grads = ours.gradients(X, z[:5])
    loss_t, grads_t = theirs.gradients(to_tensor(X, "cpu"), to_tensor(z[:5], "cpu"))
    np.testing.assert_allclose(loss, float(loss_t), rtol=1e-12)
    for name, gradient in grads.items():
        np.testing.assert_allclose(gradient, grads_t[name].numpy(), rtol=1e-10, atol=1e-12)
    model = ours if side == "scratch" else theirs
    native = (lambda a: a) if side == "scratch" else (lambda a: to_tensor(a, "cpu"))
    with pytest.raises(ValueError, match="players must be one of 'D', 'G', 'DG'"):
        model.gradients(native(X), native(z), players="x")
    assert "X" not in model.gradients(native(X), native(z), input_grad=True, players="G")[1]


def small_corpus():
    """The opening twenty times over, a few words reordered in each copy: words seen 20 times
    and more, in windows that vary."""
    from data import text

    words = text.words(text.OPENING)
    rng = np.random.default_rng(0)
    return " ".join(" ".join(rng.permutation(words) if copy % 2 else words)
                    for copy in range(20))


def test_the_word2vec_lesson_trains_both_sides_alike(tmp_path, capsys):
    from algorithms.word2vec.lesson import main

    corpus = tmp_path / "corpus.txt"
    corpus.write_text(small_corpus())
    ours, theirs = main(["--text", str(corpus), "--epochs", "3", "--words", "citizen", "speak"])
    table = capsys.readouterr().out
    held_out = next(line.split() for line in table.splitlines() if line.startswith("held out"))
    assert held_out[2:] == [f"{ours:.3f}", f"{theirs:.3f}"]
    assert ours == pytest.approx(theirs, abs=1e-12)
    assert ours < 6 * np.log(2) - 0.3                   # below the untrained 4.159 nats
    assert float(table.split("max |param gap|")[1].split()[0]) < 1e-12
    assert table.count("(the same in torch)") == 2
    assert "NOT the same" not in table


def test_word2vec_fit_draws_the_same_noise_words_on_both_sides_and_learns_the_pairs():
    from algorithms.word2vec import framework as torch_side
    from algorithms.word2vec import scratch as numpy_side
    from data import text

    vocabulary = text.WordVocabulary(text.words(small_corpus()))
    X = text.skipgram_pairs(vocabulary.encode(text.words(small_corpus())), 2)
    settings = {"embedding_dim": 8, "n_negatives": 3, "lr": 2.0, "epochs": 4,
                "batch_size": 64, "seed": 5}
    ours = numpy_side.SkipGram(len(vocabulary), **settings)
    theirs = torch_side.SkipGram(len(vocabulary), **settings)
    theirs.load_state_dict(ours.state_dict())
    ours.fit(X)                                         # negatives=None: drawn at every step
    theirs.fit(X)
    np.testing.assert_allclose(ours.loss_history_, theirs.loss_history_, rtol=1e-10)
    for name, value in ours.state_dict().items():
        np.testing.assert_allclose(value, theirs.state_dict()[name].numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), atol=1e-12)
    for word in range(5):
        mine, yours = ours.most_similar(word, 4), theirs.most_similar(word, 4)
        np.testing.assert_array_equal(mine[0], yours[0])
        np.testing.assert_allclose(mine[1], yours[1], atol=1e-12)
        assert word not in mine[0]
    assert np.mean(ours.loss_history_[-10:]) < ours.loss_history_[0] - 0.5
    noise = np.random.default_rng(1).integers(0, len(vocabulary), (len(X), 1))
    pairs_seen = ours.predict(X).mean()
    assert pairs_seen > ours.predict(np.column_stack([X[:, 0], noise[:, 0]])).mean() + 0.03


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_word2vec_refuses_a_bad_word_or_k_and_a_wrongly_shaped_state(side):
    from algorithms.word2vec import framework as torch_side
    from algorithms.word2vec import scratch as numpy_side

    model = (numpy_side if side == "scratch" else torch_side).SkipGram(10, embedding_dim=4)
    with pytest.raises(ValueError, match=r"word must be an integer >= 0 and <= 9; got 10"):
        model.most_similar(10)
    with pytest.raises(ValueError, match=r"k must be an integer >= 1 and <= 9; got 10"):
        model.most_similar(0, k=10)
    with pytest.raises(ValueError, match=r"W_out has shape \(4, 10\), but the model's is"):
        model.load_state_dict({"W_in": np.zeros((10, 4)), "W_out": np.zeros((4, 10))})


def test_skipgram_pairs_are_every_pair_within_the_window():
    from data import text

    ids = np.array([5, 1, 4, 1, 2, 6])
    for window in (1, 2, 4, 9):
        expected = [(ids[i], ids[j]) for i in range(len(ids)) for j in range(len(ids))
                    if 0 < abs(i - j) <= window]
        assert text.skipgram_pairs(ids, window).tolist() == [list(p) for p in expected]
    with pytest.raises(ValueError, match="window must be at least 1"):
        text.skipgram_pairs(ids, 0)


def test_the_word_vocabulary_orders_by_frequency_then_alphabet_and_drops_rare_words():
    from data import text

    vocabulary = text.WordVocabulary(["b", "a", "c", "a", "b", "a", "d"], min_count=2)
    assert vocabulary.words == ["a", "b"]
    assert vocabulary.counts.tolist() == [3, 2]
    assert vocabulary.encode(["d", "a", "c", "b"]).tolist() == [0, 1]
    assert text.words("First Citizen: You'll SPEAK.") == ["first", "citizen", "you'll", "speak"]
    with pytest.raises(ValueError, match="no word is seen 9 times"):
        text.WordVocabulary(["a"], min_count=9)


def test_subsampling_keeps_rare_words_and_thins_frequent_ones_at_word2vecs_rate():
    from data import text

    counts = np.array([9000, 1000, 10])                 # frequencies 0.8991, 0.0999, 0.000999
    ids = np.repeat(np.arange(3), counts)
    kept = np.bincount(text.subsample(ids, counts, 1e-3, np.random.default_rng(0)),
                       minlength=3) / counts
    f = counts / counts.sum()
    expected = np.minimum(1, np.sqrt(1e-3 / f) + 1e-3 / f)    # word2vec's C code
    np.testing.assert_allclose(kept, expected, atol=0.02)
    assert kept[2] == 1


def test_the_noise_distribution_is_the_context_unigram_to_the_three_quarters():
    from algorithms._text import unigram_noise

    noise = unigram_noise(np.array([0, 0, 0, 0, 1, 3]), 4)
    weights = np.array([4, 1, 0, 1]) ** 0.75
    np.testing.assert_allclose(noise, weights / weights.sum(), rtol=1e-15)


@pytest.mark.parametrize("setting", sorted(
    __import__("algorithms.optimizers.spec", fromlist=["SPEC"]).SPEC.optimizers))
def test_an_update_in_blocks_on_two_threads_is_the_whole_update_bit_for_bit(setting):
    """A parameter of 2.5 blocks, stepped 8 times on one thread and on two (its entries split
    in two blocks, each updated by its own thread): the same parameters and statistics; and a
    parameter in Fortran order updated too (whole: its flat blocks would be copies)."""
    from algorithms.optimizers import scratch as numpy_side
    from algorithms.optimizers.spec import SPEC

    class_name, hyperparams = SPEC.optimizers[setting]
    rng = np.random.default_rng(0)
    start = {"W": rng.standard_normal((5 * numpy_side.BLOCK // 2,)).reshape(-1, 64),
             "F": np.asfortranarray(rng.standard_normal((numpy_side.BLOCK // 64 * 3, 64))),
             "b": rng.standard_normal(3)}                        # F: updated whole, in place
    grads = [{name: rng.standard_normal(value.shape) for name, value in start.items()}
             for _ in range(8)]
    runs = []
    for threads in (1, 2):
        numpy_side.set_num_threads(threads)
        optimizer = getattr(numpy_side, class_name)(start, **hyperparams)
        for step in grads:
            optimizer.step(step)
        runs.append(optimizer)
    numpy_side.set_num_threads(numpy_side.CORES)
    one, two = runs
    for name in start:
        np.testing.assert_array_equal(one.params[name], two.params[name])
        assert not np.array_equal(one.params[name], start[name])
    states = [attribute for attribute, value in vars(one).items()
              if isinstance(value, dict) and attribute != "params"]
    for attribute in states:
        assert getattr(one, attribute).keys() == getattr(two, attribute).keys()
        for name, value in getattr(one, attribute).items():
            np.testing.assert_array_equal(value, getattr(two, attribute)[name])


def test_in_blocks_splits_only_large_parameters_and_refuses_a_bad_thread_count():
    from algorithms.optimizers import scratch as numpy_side

    seen = []
    numpy_side.set_num_threads(2)
    try:
        numpy_side.in_blocks(lambda p: seen.append(p.size), np.zeros(numpy_side.BLOCK))
        numpy_side.in_blocks(lambda p: seen.append(p.size), np.zeros(2 * numpy_side.BLOCK + 1))
    finally:
        numpy_side.set_num_threads(numpy_side.CORES)
    assert sorted(seen) == [numpy_side.BLOCK, numpy_side.BLOCK, numpy_side.BLOCK + 1]
    with pytest.raises(ValueError, match="count must be an integer >= 1"):
        numpy_side.set_num_threads(0)


def test_word2vec_trains_alike_from_a_state_in_fortran_order():
    """A loaded state in another memory order: the scratch side's gradients still reach the
    weights (a flat view of a Fortran-ordered array would be a copy, its updates lost)."""
    from algorithms.word2vec import framework as torch_side
    from algorithms.word2vec import scratch as numpy_side
    from data import text

    X, negatives = text.opening_word_pairs(np.random.default_rng(0))
    V = int(X.max()) + 1
    rng = np.random.default_rng(1)
    state = {name: np.asfortranarray(0.1 * rng.standard_normal((V, 8)))
             for name in ("W_in", "W_out")}
    ours, theirs = (side.SkipGram(V, 8, 5, epochs=3) for side in (numpy_side, torch_side))
    for model in (ours, theirs):
        model.load_state_dict(state)
        model.fit(X, negatives)
    for name, value in ours.state_dict().items():
        np.testing.assert_allclose(value, theirs.state_dict()[name].numpy(), atol=1e-12)
        assert np.abs(value - state[name]).max() > 1e-3


@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_word2vec_refuses_huge_or_ragged_ids_without_a_warning(side):
    import warnings

    from algorithms.word2vec import framework as torch_side
    from algorithms.word2vec import scratch as numpy_side

    model = (numpy_side if side == "scratch" else torch_side).SkipGram(10, 4, n_negatives=2)
    X = np.array([[1, 2], [3, 4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"negatives must hold integer word ids 0..9; got "
                                             r"\[1e\+30\]"):
            model.fit(X, np.array([[1.0, 1e30], [2.0, 3.0]]))
        with pytest.raises(ValueError, match=r"X must hold integer word ids 0..9; got \[12\]"):
            model.fit(np.array([[1.0, 12.0]]), np.array([[1, 2]]))
        with pytest.raises(ValueError, match="negatives must be a rectangular array"):
            model.fit(X, [[1, 2], [3]])
        with pytest.raises(ValueError, match=r"negatives has 3 columns, but the model has 2 "
                                             r"\(n_negatives\)"):
            model.fit(X, np.zeros((2, 3)))


def test_sgd_momentum_switched_on_after_the_first_step_starts_its_buffer_as_torch_does():
    """torch makes the momentum buffer b = g at the first step that has momentum, whenever
    that is (a schedule may raise momentum from 0): the scratch SGD does the same."""
    import torch

    from algorithms.optimizers import framework as torch_side
    from algorithms.optimizers import scratch as numpy_side

    rng = np.random.default_rng(0)
    start, grads = {"W": rng.standard_normal((4, 3))}, rng.standard_normal((4, 4, 3))
    settings = {"lr": 0.1, "dampening": 0.1}                     # not applied to b <- g
    ours, theirs = numpy_side.SGD(start, **settings), torch_side.SGD(start, **settings)
    for step, g in enumerate(grads):
        if step == 2:                                            # momentum from the third step
            ours.momentum = 0.9
            theirs.optimizer.param_groups[0]["momentum"] = 0.9
        ours.step({"W": g})
        theirs.step({"W": torch.from_numpy(g)})
        np.testing.assert_allclose(ours.params["W"], theirs.params["W"].detach().numpy(),
                                   rtol=1e-14)


def test_a_large_parameter_with_a_gradient_of_another_shape_is_refused_as_a_small_one_is():
    """Blocks only for arrays of one shape: a gradient of another shape fails whole, as on a
    small parameter, rather than being cut at the parameter's block boundaries."""
    from algorithms.optimizers import scratch as numpy_side

    numpy_side.set_num_threads(2)
    try:
        for n in (10, 2 * numpy_side.BLOCK):
            optimizer = numpy_side.Adam({"W": np.zeros((2, n // 2))})
            with pytest.raises(ValueError, match="the gradient of W has shape"):
                optimizer.step({"W": np.ones(n)})
            assert not optimizer.params["W"].any()                # nothing half-stepped
    finally:
        numpy_side.set_num_threads(numpy_side.CORES)


@pytest.mark.parametrize("setting", ["sgd_nesterov", "rmsprop_centered_momentum", "adamw",
                                     "adagrad_decay", "adamax_weight_decay"])
def test_a_gradient_is_taken_in_its_parameters_dtype_on_both_sides(setting):
    """A float32 or integer gradient of a float64 parameter: torch casts it to float64 before
    stepping, and so does the scratch side, so that the update runs in float64 (not in the
    gradient's precision, nor refused) and the two agree to float64's rounding."""
    import torch

    from algorithms.optimizers import framework as torch_side
    from algorithms.optimizers import scratch as numpy_side
    from algorithms.optimizers.spec import SPEC

    class_name, hyperparams = SPEC.optimizers[setting]
    rng = np.random.default_rng(0)
    start = {"W": rng.standard_normal((6, 5))}
    ours = getattr(numpy_side, class_name)(start, **hyperparams)
    theirs = getattr(torch_side, class_name)(start, **hyperparams)
    for g in (rng.standard_normal((6, 5)).astype(np.float32), rng.integers(-3, 4, (6, 5))):
        ours.step({"W": g})
        theirs.step({"W": torch.from_numpy(g)})
        assert ours.params["W"].dtype == np.float64
        np.testing.assert_allclose(ours.params["W"], theirs.params["W"].detach().numpy(),
                                   rtol=1e-13, atol=1e-15)


BAD_GRADIENTS = [
    ({"w": np.ones(3), "b": np.ones(3)},
     r"grads must hold one gradient for each parameter, \['w'\]"),
    ({}, r"grads must hold one gradient for each parameter"),
    ([np.ones(3)], r"grads must hold one gradient for each parameter, \['w'\]; got list"),
    ({"w": np.ones(1)}, r"the gradient of w has shape \(1,\), but w has shape \(3,\)"),
    ({"w": np.ones((3, 1))}, r"the gradient of w has shape \(3, 1\)"),
    ({"w": np.array(["a", "b", "c"])}, "the gradient of w must hold real numbers"),
    ({"w": np.ones(3, dtype=complex)}, "the gradient of w must hold real numbers"),
]


@pytest.mark.parametrize(("pair", "class_name", "hyperparams"), [
    ("optimizers", "SGD", {"momentum": 0.9}), ("optimizers", "NAdam", {}),
    ("optimizers", "Adam", {}), ("schedules", "StepLR", {"max_norm": 1.0}),
    ("schedules", "OneCycleLR", {"total_steps": 10, "clip_value": 0.5})])
@pytest.mark.parametrize(("grads", "message"), BAD_GRADIENTS)
def test_gradients_that_do_not_fit_the_parameters_are_refused_alike(pair, class_name,
                                                                    hyperparams, grads, message):
    """A misnamed, extra or missing gradient, one that NumPy would broadcast, or one of strings:
    the same ValueError on both sides, before anything is stepped (torch would refuse some only
    when it sets p.grad, and NumPy would take the rest)."""
    import importlib

    start = {"w": np.arange(3.0)}
    for side in ("scratch", "framework"):
        module = importlib.import_module(f"algorithms.{pair}.{side}")
        optimizer = getattr(module, class_name)(start, **hyperparams)
        with pytest.raises(ValueError, match=message):
            optimizer.step(grads)
        np.testing.assert_array_equal(np.asarray(optimizer.params["w"].detach()
                                                 if side == "framework" else
                                                 optimizer.params["w"]), start["w"])


@pytest.mark.parametrize("clipping", [{"max_norm": 1.0}, {"clip_value": 0.3}])
@pytest.mark.parametrize("gradient", [np.array([100, 100, -7], dtype=np.int8),
                                      np.array([1e20, 1e20, 1.0], dtype=np.float32),
                                      np.array([0.30000001, 0.7, -0.7], dtype=np.float32)])
def test_gradients_are_clipped_in_their_parameters_dtype_as_torch_clips_them(clipping, gradient):
    """torch sets p.grad in p's dtype and clips it there; the scratch side casts before clipping
    too (in the gradient's own dtype int8 squares wrap around, float32's overflow at 1e20, and a
    clip value rounds to float32)."""
    import torch

    from algorithms.schedules import framework as torch_side
    from algorithms.schedules import scratch as numpy_side

    start = {"w": np.zeros(3)}
    ours = numpy_side.StepLR(start, lr=1.0, **clipping)
    theirs = torch_side.StepLR(start, lr=1.0, **clipping)
    ours.step({"w": gradient})
    theirs.step({"w": torch.from_numpy(gradient)})
    np.testing.assert_allclose(ours.params["w"], theirs.params["w"].detach().numpy(),
                               rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(("total_steps", "pct_start", "three_phase", "refused"), [
    (10, 1.0, False, True), (10, 0.1, False, True), (2, 0.5, False, True),
    (10, 0.55, True, True), (1, 1.0, False, True),
    (10, 0.05, False, False), (10, 0.3, False, False), (10, 0.6, True, False)])
def test_a_one_cycle_phase_without_steps_is_refused_alike(total_steps, pct_start, three_phase,
                                                          refused):
    """torch takes these and divides by a phase's length of zero from inside, at the start or
    at the last step; both sides refuse them when built, and run their neighbours to the end."""
    from algorithms._params import InvalidHyperparameterError
    from algorithms.schedules import framework as torch_side
    from algorithms.schedules import scratch as numpy_side

    settings = {"total_steps": total_steps, "pct_start": pct_start, "three_phase": three_phase}
    for side in (numpy_side, torch_side):
        if refused:
            with pytest.raises(InvalidHyperparameterError, match="leaves a phase of the one-cycle"):
                side.OneCycleLR({"w": np.zeros(2)}, **settings)
            continue
        optimizer = side.OneCycleLR({"w": np.zeros(2)}, **settings)
        for _ in range(total_steps):
            optimizer.step({"w": np.ones(2)})


def _gradient_pairs():
    from parity.registry import discover

    return [pair for pair in discover() if pair.kind.name == "gradient"]


@pytest.mark.parametrize("pair", _gradient_pairs(), ids=lambda pair: pair.name)
def test_load_state_dict_refuses_a_missing_transposed_or_non_numeric_weight_alike(pair):
    """Every gradient pair's load_state_dict goes through check_state on both sides: the scratch
    side would reshape a transposed weight into nonsense (or convert strings of digits), torch
    would broadcast it, or fail with an error of its own."""
    from parity.kinds.gradient import GRADIENT

    for side in ("scratch", "framework"):
        model = GRADIENT.make(pair, side)
        state = {name: np.asarray(value.detach().cpu() if hasattr(value, "detach") else value)
                 for name, value in model.state_dict().items()}
        first = next(iter(state))
        flat = next((name for name, value in state.items()
                     if value.ndim == 2 and value.shape[0] != value.shape[1]), None)
        bad = [({**state, first: np.full(state[first].shape, "1")},
                f"{first} must hold real numbers"),
               ({name: value for name, value in state.items() if name != first},
                f"the state_dict has no {first}")]
        if flat is not None:
            bad.append(({**state, flat: state[flat].T}, f"{flat} has shape"))
        for given, message in bad:
            with pytest.raises(ValueError, match=message):
                model.load_state_dict(given)
        model.load_state_dict(state)                                   # and the good one loads


def test_the_seq2seq_lesson_trains_both_sides_alike(capsys):
    """A few steps on short strings: the same losses step by step, and the two sides decode
    every held-out string alike (greedy decoding feeds each side's own argmax back)."""
    from algorithms.seq2seq_transformer.lesson import main

    whole, digits, alike, gap = main(["--steps", "20", "--length", "4", "--task", "sort"])
    table = capsys.readouterr().out
    assert gap < 1e-12
    assert alike == 1000
    assert whole["numpy"] == whole["torch"]
    assert digits["numpy"] == digits["torch"]
    assert f"strings the two sides decode alike: {alike} of 1000" in table


def test_seq2seq_greedy_decoding_feeds_its_own_tokens_back():
    """forward(X)'s step t is decode(BOS + the argmax tokens of steps 0..t-1)'s last logits,
    and its argmax is predict(X): checked against teacher forcing on the decoded tokens."""
    from algorithms.seq2seq_transformer.scratch import Seq2SeqTransformer

    rng = np.random.default_rng(0)
    model = Seq2SeqTransformer(5, d_model=8, n_heads=2, seed=3)
    model.load_state_dict({name: rng.standard_normal(value.shape)
                           for name, value in model.state_dict().items()})
    X = rng.integers(0, 10, (4, 5))
    steps = model.forward(X)
    decoded = model.predict(X)
    np.testing.assert_array_equal(decoded, steps.argmax(axis=-1))
    teacher_forced = model.decode(model.shifted(decoded), model.encode(X))
    np.testing.assert_allclose(teacher_forced, steps, atol=1e-12)


@pytest.mark.parametrize("pair_name", ["transformer", "seq2seq_transformer"])
@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_a_transformer_refuses_a_transposed_or_missing_weight_alike(pair_name, side):
    """A (F, C) weight given as (C, F) is refused, not reshaped into other numbers; a missing
    one is named."""
    from parity.registry import discover

    pair = next(pair for pair in discover() if pair.name == pair_name)
    model = pair.kind.make(pair, side)
    state = {name: np.asarray(value) for name, value in model.state_dict().items()}
    weight = next(name for name in state if name.endswith("linear1.weight"))
    rows, columns = state[weight].shape
    with pytest.raises(ValueError, match=rf"{weight} has shape \({columns}, {rows}\), but the "
                                         rf"model's is \({rows}, {columns}\)"):
        model.load_state_dict({**state, weight: state[weight].T})
    with pytest.raises(ValueError, match=f"the state_dict has no {weight}"):
        model.load_state_dict({name: value for name, value in state.items() if name != weight})


@pytest.mark.parametrize(("name", "gates"), [("gru", 3), ("lstm", 4)])
def test_a_recurrent_fast_form_promotes_mixed_dtypes_as_the_textbook_form_does(name, gates):
    """Its work arrays are made once a pass: they take the dtype NumPy's promotion gives all
    the inputs (float32 inputs or gradient, float64 weights: float64), not the first input's,
    or out= would round every step to float32."""
    import importlib

    pair = importlib.import_module(f"algorithms.{name}.scratch")
    layer, layer_backward = getattr(pair, f"{name}_layer"), getattr(pair, f"{name}_layer_backward")
    fast, fast_backward = (getattr(pair, f"{name}_layer_hoisted"),
                           getattr(pair, f"{name}_layer_hoisted_backward"))
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 4, 2))
    W_x, W_h = rng.standard_normal((2, gates * 5)), rng.standard_normal((5, gates * 5))
    b_x, b_h = rng.standard_normal(gates * 5), rng.standard_normal(gates * 5)
    X32, dh32 = X.astype(np.float32), rng.standard_normal((3, 5)).astype(np.float32)
    h, fast_h = layer(X32, W_x, W_h, b_x, b_h)[1], fast(X32, W_x, W_h, b_x, b_h)[1]
    assert fast_h.dtype == h.dtype == np.float64
    np.testing.assert_allclose(fast_h, h, rtol=1e-12)
    weights32 = [W.astype(np.float32) for W in (W_x, W_h)]            # b_x alone in float64
    h = layer(X32, *weights32, b_x, b_h.astype(np.float32))[1]
    fast_h = fast(X32, *weights32, b_x, b_h.astype(np.float32))[1]
    assert fast_h.dtype == h.dtype == np.float64
    np.testing.assert_allclose(fast_h, h, rtol=1e-6)
    steps, _ = layer(X, W_x, W_h, b_x, b_h)
    for ours, textbook in zip(fast_backward(X, steps, dh32, W_x, W_h),
                              layer_backward(X, steps, dh32, W_x, W_h), strict=True):
        assert ours.dtype == textbook.dtype == np.float64
        np.testing.assert_allclose(ours, textbook, rtol=1e-10, atol=1e-12)
