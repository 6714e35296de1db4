"""Model, objective and update step of the article's variational Bayes MNIST classifier (JAX + optax).

Recipe (from /work/shared/seed-blog.txt, written from its text, not from its repository):
- 784-64-64-10 ReLU MLP. Means start at Haiku's default Linear init: weights truncated normal (cut at
  +-2 standard deviations) with stddev 1/sqrt(fan_in), biases 0. Log-variance starts at -7 for every
  parameter ("~0.001 variance"). Mean-field Gaussian posterior, prior N(0, 1).
- One weight sample per batch from the posterior (plain reparameterised weight sampling, not local
  reparameterisation or Flipout).
- log_likelihood = batch mean of -softmax cross entropy; ELBO = log_likelihood - beta * KL, beta = 0.001;
  loss = -ELBO; Adam lr 1e-3; batch 128; one jit-compiled update per step, as the article's loop runs.
- KL, "article" normalisation: per tensor, the closed-form KL(q || prior) summed over all elements and
  divided by the tensor's first dimension (fan_in for a weight matrix, size for a bias vector), then
  summed over tensors. This is the reading of `hsl.gaussian_kl` (sum over the trailing axes, mean over
  the first) that reproduces the article's step-0 KL of 26.404 for its initial variance 0.37.
- Test accuracy from the mean of S = 10 posterior samples' softmax probabilities (the article's predict()).
"""

import jax
import jax.numpy as jnp
import numpy as np
import optax

LAYER_SIZES = (784, 64, 64, 10)


def haiku_init(key, weight_shape, fan_in):
    """Haiku's default initial means of one layer: weights truncated normal (+-2) / sqrt(fan_in), biases 0."""
    unit = jax.random.truncated_normal(key, -2.0, 2.0, weight_shape, jnp.float32)
    return {'w': unit / np.sqrt(fan_in), 'b': jnp.zeros((weight_shape[-1],), jnp.float32)}


def posterior_from_means(mean, init_logvar):
    """The posterior {'mean', 'logvar'} with the same log-variance everywhere."""
    logvar = jax.tree_util.tree_map(lambda leaf: jnp.full_like(leaf, init_logvar), mean)
    return {'mean': mean, 'logvar': logvar}


def init_posterior(key, init_logvar):
    """Returns {'mean', 'logvar'} trees: Haiku-like means, constant log-variance."""
    mean = {}
    for index, (fan_in, fan_out) in enumerate(zip(LAYER_SIZES[:-1], LAYER_SIZES[1:])):
        key, weight_key = jax.random.split(key)
        mean[f'linear_{index}'] = haiku_init(weight_key, (fan_in, fan_out), fan_in)
    return posterior_from_means(mean, init_logvar)


def sample_params(posterior, key):
    """Draws one set of network parameters: mean + exp(logvar / 2) * N(0, 1), independently per leaf."""
    means, treedef = jax.tree_util.tree_flatten(posterior['mean'])
    logvars = treedef.flatten_up_to(posterior['logvar'])
    keys = jax.random.split(key, len(means))
    sampled = [
        m + jnp.exp(0.5 * lv) * jax.random.normal(k, m.shape, m.dtype)
        for m, lv, k in zip(means, logvars, keys)
    ]
    return jax.tree_util.tree_unflatten(treedef, sampled)


def mlp_logits(params, images):
    """ReLU MLP forward pass; layers are applied in the order linear_0, linear_1, ..."""
    names = sorted(params)
    hidden = images
    for name in names[:-1]:
        hidden = jax.nn.relu(hidden @ params[name]['w'] + params[name]['b'])
    return hidden @ params[names[-1]]['w'] + params[names[-1]]['b']


def kl_divergence(posterior, prior_std):
    """Closed-form KL(q || N(0, prior_std^2)), per tensor summed then divided by its first dimension."""

    def per_tensor(mean, logvar):
        prior_var = prior_std**2
        elementwise = 0.5 * ((jnp.exp(logvar) + mean**2) / prior_var - 1.0 - logvar + np.log(prior_var))
        return jnp.sum(elementwise) / mean.shape[0]

    per_leaf = jax.tree_util.tree_map(per_tensor, posterior['mean'], posterior['logvar'])
    return sum(jax.tree_util.tree_leaves(per_leaf))


def elbo(posterior, images, labels, key, beta, prior_std):
    """Returns (elbo, log_likelihood, kl) for one weight sample on one batch."""
    logits = mlp_logits(sample_params(posterior, key), images)
    log_likelihood = -jnp.mean(optax.softmax_cross_entropy_with_integer_labels(logits, labels))
    kl = kl_divergence(posterior, prior_std)
    return log_likelihood - beta * kl, log_likelihood, kl


def make_update(optimizer, batch_size, beta, prior_std):
    """Builds the per-step update: gathers batch `step` from the device-resident data, one Adam step."""

    def loss(posterior, images, labels, key):
        return -elbo(posterior, images, labels, key, beta, prior_std)[0]

    return update_minimising(loss, optimizer, batch_size)


def update_minimising(loss, optimizer, batch_size):
    """The update step of `loss(posterior, images, labels, key)`: batch `step`, key fold_in(base_key, step)."""

    def update(posterior, opt_state, train_images, train_labels, batch_order, base_key, step):
        # The batch order is precomputed on the host; slicing it here avoids a host copy per step.
        indices = jax.lax.dynamic_slice(batch_order, (step * batch_size,), (batch_size,))
        key = jax.random.fold_in(base_key, step)
        grads = jax.grad(loss)(posterior, train_images[indices], train_labels[indices], key)
        updates, opt_state = optimizer.update(grads, opt_state, posterior)
        return optax.apply_updates(posterior, updates), opt_state

    return update


def make_correct_count(num_samples):
    """Builds count of correct test answers from the mean softmax over `num_samples` posterior samples."""

    def correct_count(posterior, images, labels, key):
        probs = []
        for _ in range(num_samples):
            params_key, key = jax.random.split(key)
            probs.append(jax.nn.softmax(mlp_logits(sample_params(posterior, params_key), images)))
        mean_probs = jnp.mean(jnp.stack(probs), axis=0)
        return jnp.sum(jnp.argmax(mean_probs, axis=-1) == labels)

    return correct_count


def batch_order(seed, num_examples, batch_size, steps):
    """Shuffled example indices for `steps` batches: a fresh permutation per epoch, batches cross epochs."""
    rng = np.random.default_rng(seed)
    needed = steps * batch_size
    epochs = -(-needed // num_examples)
    order = np.concatenate([rng.permutation(num_examples) for _ in range(epochs)])
    return order[:needed].astype(np.int32)
